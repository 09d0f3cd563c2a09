"""The exam folder's files that show the key (answer-key.html, moodle.xml, gift.txt), rebuilt from a manifest.

A key correction changes manifest.json; these files must follow. They are written by the exam
renderers themselves: the manifest is turned back into the Exam those renderers take. What the
manifest does not carry (explanations, red lines) comes from the question bank when it is at hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from servicebook.bank.questions import LETTERS, Question, RubricItem
from servicebook.exam.assemble import Exam, Paper, Slot
from servicebook.exam.render import PageRef
from servicebook.exam.render.gift import render_gift
from servicebook.exam.render.key_html import DEFAULT_SITE_URL, render_key
from servicebook.exam.render.moodle import render_moodle
from servicebook.exam.roster import Person

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
    """The Exam a manifest was written from, as far as the renderers of the key need it."""
    questions: dict[str, Question] = {}
    papers = []
    for paper in raw["papers"]:
        slots = []
        for q in paper["questions"]:
            question = questions.get(q["id"])
            if question is None:
                question = questions[q["id"]] = _question(q, bank.get(q["id"]), raw["role"])
            slots.append(Slot(int(q["n"]), question, float(q["points"]), _order(q, question)))
        person = paper.get("person")
        papers.append(Paper(str(paper["code"]), Person(str(person.get("工号", "")), str(person.get("姓名", "")),
                                                       str(person.get("岗位", "")), str(person.get("项目", "")))
                            if person else None, tuple(slots)))
    return Exam(exam_id=str(raw["exam_id"]), kind=str(raw.get("kind", "regular")), month=str(raw["month"]),
                role=str(raw["role"]), title=str(raw.get("title", "")), seed=int(raw.get("seed", 0)),
                bank_fingerprint=str(raw.get("bank_fingerprint", "")),
                duration_minutes=int(raw.get("duration_minutes", 0)), pass_mark=float(raw["pass_mark"]),
                total_points=float(raw["total_points"]), scoring=dict(raw.get("scoring") or {}), papers=tuple(papers))


def _question(q: dict, base: Question | None, role: str) -> Question:
    """One question in its own order (options as in the bank when they match), key from this manifest entry."""
    qtype, key = q["type"], q.get("key")
    shown = tuple(q.get("options") or ())
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
        items = tuple(q["items"][LETTERS.index(c)] for c in key)  # the steps in their right order
    return Question(
        id=q["id"], type=qtype, stem=q.get("stem") or (base.stem if base else ""),
        explanation=base.explanation if base else "", source=q.get("source", ""),
        roles=base.roles if base else (role,), difficulty=int(q.get("difficulty", 0)), points=float(q["points"]),
        options=options, answer=answer, items=items,
        rubric=tuple(RubricItem(str(r["point"]), float(r["score"])) for r in q.get("rubric") or ()),
        red_line=base.red_line if base else False, category=q.get("category", ""))


def _order(q: dict, question: Question) -> tuple[int, ...]:
    """Display position → index in the question's own order, as Slot keeps it."""
    if question.type in ("单选", "多选"):
        return tuple(question.options.index(text) for text in q["options"])
    if question.type == "排序":
        return tuple(question.items.index(text) for text in q["items"])
    return ()
