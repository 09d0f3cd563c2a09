"""Making a month's exam and its make-up: the library calls behind `exam new`, `exam retake`,
`servicebook check` and the exam server (pure: loaded data in, an Exam out, no file access)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from servicebook.bank.questions import Question
from servicebook.errors import Problem, ProblemsFound
from servicebook.exam.assemble import assemble, default_seed
from servicebook.exam.blueprint import Blueprint
from servicebook.exam.contract import Exam, PageRef
from servicebook.exam.makeup import related_ids
from servicebook.exam.plan import Plan
from servicebook.exam.roster import Person

RETAKE_SUFFIX = "-补考"


@dataclass(frozen=True)
class FirstSitting:
    """What a make-up needs to know of the exam it makes up for."""

    exam_id: str
    month: str
    role: str
    question_ids: frozenset[str]

    @classmethod
    def of_exam(cls, exam: Exam) -> FirstSitting:
        ids = frozenset(q.id for paper in exam.papers.values() for q in paper.questions)
        return cls(exam.exam_id, exam.month, exam.role, ids)

    @classmethod
    def of_manifest(cls, data: dict[str, Any]) -> FirstSitting:
        ids = frozenset(q["id"] for paper in data.get("papers", []) for q in paper.get("questions", []))
        return cls(data["exam_id"], data["month"], data["role"], ids)


def new_exam(questions: Sequence[Question], plan: Plan, blueprint: Blueprint, *, month: str,
             people: Sequence[Person] = (), variants: int = 0, seed: int | None = None,
             recent: frozenset[str] = frozenset(), fingerprint: str | None = None,
             pages: Mapping[str, PageRef] | None = None) -> Exam:
    """The first sitting of (month, role): it leaves alone what the make-up paper will need."""
    role = blueprint.role
    current, review = plan.pages_for(month, role)
    return assemble(questions, blueprint, month=month, current_pages=current, review_pages=review,
                    seed=default_seed(month, role) if seed is None else seed, people=people, variants=variants,
                    recent=recent, exam_id=f"{month}-{role}", blueprint_file=blueprint.file,
                    makeup=blueprint.for_retake(), fingerprint=fingerprint, pages=pages)


def retake(questions: Sequence[Question], plan: Plan, blueprint: Blueprint, first: FirstSitting, *,
           people: Sequence[Person] = (), variants: int = 0, seed: int | None = None,
           recent: frozenset[str] = frozenset(), fingerprint: str | None = None,
           pages: Mapping[str, PageRef] | None = None) -> Exam:
    """The make-up: the blueprint's `retake:` paper if it declares one, with no question of the first
    sitting and none made from the same source sentence as one of them."""
    month, role = first.month, first.role
    current, review = plan.pages_for(month, role)
    forbidden = related_ids(first.question_ids, questions)
    makeup = blueprint.for_retake()
    exam = assemble(questions, makeup, month=month, current_pages=current, review_pages=review,
                    seed=default_seed(month, f"{role}{RETAKE_SUFFIX}") if seed is None else seed, people=people,
                    variants=variants, recent=recent, forbidden=forbidden, kind="retake",
                    exam_id=f"{first.exam_id}{RETAKE_SUFFIX}", blueprint_file=blueprint.file,
                    fingerprint=fingerprint, pages=pages)
    return dataclasses.replace(exam, title=f"{exam.title}（补考）")


def makeup_problems(questions: Sequence[Question], plan: Plan, blueprint: Blueprint, first: Exam, *,
                    papers: int = 1, fingerprint: str | None = None) -> list[Problem]:
    """What keeps a make-up of `first` from being assembled (empty when it can be): the real
    assembler is run, so `exam new`, `servicebook check` and `exam retake` never disagree."""
    try:
        retake(questions, plan, blueprint, FirstSitting.of_exam(first), variants=papers, fingerprint=fingerprint)
    except ProblemsFound as error:
        return error.problems
    return []
