"""A person's own result after an exam (pure): score, and each answer that lost points with the right
answer as printed on their paper, the explanation and a link to the exact section of the knowledge base.

Built only from the graded answers in the gradebook, so what a person sees is what was recorded.
Callers show it only once the key may be shown (the exam window closed, or the trainer chose
"at submission" and the person has submitted).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from servicebook.bank.questions import LETTERS
from servicebook.exam.contract import ExamQuestion, Manifest
from servicebook.exam.render import page_url
from servicebook.grading.keyfiles import KeyContext
from servicebook.grading.scoring import EPSILON, letters_of


@dataclass(frozen=True)
class Missed:
    """One question that lost points."""

    n: int
    type: str
    stem: str
    given: str  # the person's answer as it reads on their paper ("未作答" when blank)
    right: str  # the right answer on their paper (情景: the rubric points)
    points: float
    full: float
    explanation: str
    section: str  # the section's title as a reader finds it: "处理投诉十步法 › 第一步聆听"
    url: str  # that section on the site ("" when the question names no page)


@dataclass(frozen=True)
class Result:
    exam_title: str
    paper: str
    total: float | None  # None: 缺考
    total_points: float
    pass_mark: float
    passed: bool
    missed: tuple[Missed, ...]
    pending: bool = False  # scored at hand-in, before grading: 情景 still waits for the trainer's marks

    @property
    def absent(self) -> bool:
        return self.total is None


def result(manifest: Manifest, paper_code: str, total: float | None, passed: bool,
           answers: Sequence[tuple[int, str, float]], context: KeyContext, pending: bool = False) -> Result:
    """`answers` are the graded (question number, answer, points) of the gradebook for this paper, or,
    `pending`, as scored at hand-in (情景 not yet marked: left out of the missed answers)."""
    paper = manifest.papers[paper_code]
    graded = {n: (answer, points) for n, answer, points in answers}
    missed = []
    for q in paper.questions:
        answer, points = graded.get(q.n, ("", 0.0))
        if pending and q.type == "情景":
            continue
        if total is not None and points < q.points - EPSILON:
            missed.append(_missed(q, answer, points, context))
    return Result(manifest.title, paper_code, total, paper.total_points, manifest.pass_mark, bool(passed),
                  tuple(missed), pending)


def _missed(q: ExamQuestion, answer: str, points: float, context: KeyContext) -> Missed:
    page_id, _, anchor = q.source.partition("#")
    ref = context.pages.get(page_id)
    bank = context.questions.get(q.id)
    section = " › ".join(filter(None, [ref.title if ref else page_id, anchor]))
    url = page_url(ref.src if ref else q.page, anchor, context.site_url) if (ref or q.page) else ""
    return Missed(q.n, q.type, q.stem or (bank.stem if bank else q.id), _given(q, answer), right_answer(q),
                  points, q.points, bank.explanation if bank else "", section, url)


def right_answer(q: ExamQuestion) -> str:
    """The key as it reads on this paper: letters with their option text, steps in order."""
    if q.type in ("单选", "多选"):
        return "；".join(_option(q.options, letter) for letter in q.key)
    if q.type == "排序":
        return " → ".join(_option(q.items, letter) for letter in q.key)
    if q.type == "填空":
        return "；".join("／".join(blank) for blank in q.key)
    if q.type == "情景":
        return "；".join(f"{point}（{score:g} 分）" for point, score in q.rubric)
    return str(q.key)


def _given(q: ExamQuestion, answer: str) -> str:
    if q.type == "情景" and not answer.strip("； "):  # the gradebook holds marks: none yet
        return "尚未评分（培训师按评分要点评分后更新）"
    if not answer.strip("； "):
        return "未作答"
    if q.type in ("单选", "多选", "排序"):
        pool = q.items if q.type == "排序" else q.options
        letters = letters_of(answer)
        if all(c in LETTERS[: len(pool)] for c in letters):
            return (" → " if q.type == "排序" else "；").join(_option(pool, c) for c in letters)
    if q.type == "情景":
        return "得分：" + "；".join(f"{point} {mark or 0} 分" for (point, _), mark in zip(q.rubric, answer.split("；")))
    return answer


def _option(pool: tuple[str, ...], letter: str) -> str:
    return f"{letter}. {pool[LETTERS.index(letter)]}"
