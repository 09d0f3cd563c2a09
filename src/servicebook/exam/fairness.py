"""What keeps one paper fair (issue 12, points 2 and 3; pure).

- One fact per paper: two questions with the same `fact` (a question without one is its own fact)
  never share a paper, and a make-up avoids every fact of the first sitting.
- No question's stem prints another question's answer on the same paper. 填空, 单选 and the right
  options of 多选 count; a key of 3 or more characters without digits counts anywhere, a shorter key or one with
  digits ("2小时", "3声") only between questions of the same page section (elsewhere the same
  words are usually a different fact), and keys under 2 characters never.
"""

from __future__ import annotations

import functools
import re
from typing import Iterable, Sequence

from servicebook.bank.questions import LETTERS, Question

_LEAD_IN = re.compile(r"^【[^】]*】")
_PUNCT = re.compile(r"[\s，。、；：？！,.;:?!“”\"'（）()【】·_　]+")


def fact_key(question: Question) -> str:
    """The fact a question tests; a question that names none is its own fact."""
    return question.fact or f"id:{question.id}"


@functools.lru_cache(maxsize=65536)  # every paper compares the same stems and options again
def _bare(text: str) -> str:
    return _PUNCT.sub("", _LEAD_IN.sub("", text))


def answer_texts(question: Question) -> tuple[str, ...]:
    """The 填空/单选/多选 answer words as they would be printed or typed (every accepted form of a blank)."""
    if question.type == "单选" and question.answer and question.answer[0] in LETTERS:
        index = LETTERS.index(question.answer[0])
        return (_bare(question.options[index]),) if index < len(question.options) else ()
    if question.type == "多选":  # each right option printed elsewhere gives part of the answer away
        return tuple(_bare(question.options[LETTERS.index(a)]) for a in question.answer
                     if a in LETTERS and LETTERS.index(a) < len(question.options))
    if question.type == "填空":
        return tuple(_bare(form) for i in range(len(question.answer)) for form in question.accepted(i))
    return ()


def gives_away(a: Question, b: Question) -> bool:
    """b's stem prints a's answer."""
    stem = _bare(b.stem)
    for text in answer_texts(a):
        if len(text) < 2 or text not in stem:
            continue
        if re.search(r"\d", text) or len(text) < 3:
            if a.source == b.source:
                return True
        else:
            return True
    return False


def clashes(question: Question, chosen: Iterable[Question], facts: set[str]) -> bool:
    """`question` cannot join a paper holding `chosen` (whose facts are `facts`)."""
    if fact_key(question) in facts:
        return True
    return any(gives_away(question, other) or gives_away(other, question) for other in chosen)


def same_fact_ids(ids: Iterable[str], questions: Sequence[Question]) -> frozenset[str]:
    """`ids` plus every question testing the same fact as one of them."""
    ids = frozenset(ids)
    facts = {fact_key(q) for q in questions if q.id in ids}
    return ids | frozenset(q.id for q in questions if fact_key(q) in facts)
