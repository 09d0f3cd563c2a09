"""A paper as a phone may see it before the window closes: no key, no rubric, no explanation.

`public_paper` copies from the manifest only what the printed paper shows (stem, options, the
items to order, how many blanks); everything else stays on the server. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from servicebook.bank.questions import BLANK, LETTERS
from servicebook.exam.contract import Paper
from servicebook.grading.scoring import BLANK_SEPARATOR

CHOICE_TYPES = ("单选", "多选", "判断")


@dataclass(frozen=True)
class Choice:
    letter: str  # the value saved ("B"; 判断: "对"/"错")
    text: str


@dataclass(frozen=True)
class QuestionView:
    n: int
    type: str
    points: float
    stem_parts: tuple[str, ...]  # 填空: the text between the blanks; otherwise the stem alone
    choices: tuple[Choice, ...]  # 单选/多选/判断 options; 排序: the items to put in order

    @property
    def blanks(self) -> int:
        return len(self.stem_parts) - 1 if self.type == "填空" else 0

    @property
    def stem(self) -> str:
        return "____".join(self.stem_parts)


@dataclass(frozen=True)
class PaperView:
    code: str
    questions: tuple[QuestionView, ...]

    @property
    def numbers(self) -> frozenset[int]:
        return frozenset(q.n for q in self.questions)


def public_paper(paper: Paper) -> PaperView:
    return PaperView(paper.code, tuple(_question(q) for q in paper.questions))


def _question(q) -> QuestionView:
    if q.type == "判断":
        choices = (Choice("对", "对"), Choice("错", "错"))
    elif q.type in ("单选", "多选"):
        choices = tuple(Choice(LETTERS[i], text) for i, text in enumerate(q.options))
    elif q.type == "排序":
        choices = tuple(Choice(LETTERS[i], text) for i, text in enumerate(q.items))
    else:
        choices = ()
    parts = tuple(BLANK.split(q.stem)) if q.type == "填空" else (q.stem,)
    if q.type == "填空" and len(parts) == 1:  # a stem without a drawn blank: one answer box after it
        parts = (q.stem, "")
    return QuestionView(q.n, q.type, q.points, parts, choices)


def split_blanks(answer: str, count: int) -> list[str]:
    """A saved 填空 answer ("三声；10分钟") back into its boxes."""
    given = BLANK_SEPARATOR.split(answer) if answer else []
    return (given + [""] * count)[:count]
