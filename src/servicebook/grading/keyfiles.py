"""The exam folder's files that show the key (answer-key.html, moodle.xml, gift.txt), rebuilt from a manifest.

A key correction changes manifest.json; these files must follow. They are written by the exam
renderers themselves, from the manifest's Exam with each question's bank question attached. What the
manifest does not carry (explanations, red lines) comes from the question bank when it is at hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from servicebook.bank.questions import LETTERS, Question, RubricItem
from servicebook.exam import contract
from servicebook.exam.contract import Exam, ExamQuestion, PageRef
from servicebook.exam.render.gift import render_gift
from servicebook.exam.render.key_html import DEFAULT_SITE_URL, render_key
from servicebook.exam.render.moodle import render_moodle

KEY_FILES = ("answer-key.html", "moodle.xml", "gift.txt")


@dataclass(frozen=True)
class KeyContext:
    """What the renderers need beyond the manifest: site pages for links, bank questions for explanations."""

    pages: dict[str, PageRef] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    site_url: str = DEFAULT_SITE_URL


def load_context(root: Path, site_url: str = DEFAULT_SITE_URL) -> KeyContext:
    """The knowledge base and bank of the project at `root`; empty when `root` is not a project."""
    from servicebook.bank.generate import generated_questions
    from servicebook.bank.loader import load_bank
    from servicebook.check import Project, check_site
    from servicebook.exam.render import page_refs

    project = Project(root)
    if not (root / "docs").is_dir():
        return KeyContext(site_url=site_url)
    kb, _ = check_site(project)
    bank = load_bank(project.bank_dir) if project.bank_dir.is_dir() else None
    questions = (bank.questions if bank else []) + generated_questions(kb)
    return KeyContext(page_refs(kb), {q.id: q for q in questions}, site_url)


def render_key_files(raw: dict, context: KeyContext) -> dict[str, bytes]:
    exam = exam_from_manifest(raw, context.questions)
    texts = {"answer-key.html": render_key(exam, context.pages, context.site_url),
             "moodle.xml": render_moodle(exam), "gift.txt": render_gift(exam)}
    return {name: text.encode("utf-8") for name, text in texts.items()}


def exam_from_manifest(raw: dict, bank: dict[str, Question]) -> Exam:
    """The manifest's exam with each question's bank question attached, as the key renderers need it."""
    exam = contract.parse_manifest(raw, contract.MANIFEST)
    rebuilt: dict[str, Question] = {}
    papers = {}
    for code, paper in exam.papers.items():
        placed = []
        for q in paper.questions:
            if q.id not in rebuilt:
                rebuilt[q.id] = _question(q, bank.get(q.id), exam.role)
            placed.append(replace(q, question=rebuilt[q.id]))
        papers[code] = replace(paper, questions=tuple(placed))
    return replace(exam, papers=papers)


def _question(q: ExamQuestion, base: Question | None, role: str) -> Question:
    """One question in its own order (options as in the bank when they match), key from this manifest entry."""
    qtype, key, shown = q.type, q.key, q.options
    options, items, answer = shown, (), ()
    if qtype in ("单选", "多选"):
        if base is not None and sorted(base.options) == sorted(shown):
            options = base.options
        answer = tuple(sorted(LETTERS[options.index(shown[LETTERS.index(c)])] for c in key))
    elif qtype == "判断":
        answer = (key,)
    elif qtype == "填空":
        answer = tuple("|".join(alternatives) for alternatives in key)
    elif qtype == "排序":
        items = tuple(q.items[LETTERS.index(c)] for c in key)  # the steps in their right order
    return Question(
        id=q.id, type=qtype, stem=q.stem or (base.stem if base else ""),
        explanation=base.explanation if base else "", source=q.source,
        roles=base.roles if base else (role,), difficulty=q.difficulty, points=q.points,
        options=options, answer=answer, items=items,
        rubric=tuple(RubricItem(point, score) for point, score in q.rubric),
        red_line=base.red_line if base else False, category=q.category)
