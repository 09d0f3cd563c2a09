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
from typing import Iterable, NamedTuple, Sequence

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


def _anywhere(text: str) -> bool:
    """An answer this long and without digits gives itself away in any stem, not only its section's."""
    return len(text) >= 3 and not re.search(r"\d", text)


def gives_away(a: Question, b: Question) -> bool:
    """b's stem prints a's answer."""
    stem = _bare(b.stem)
    for text in answer_texts(a):
        if len(text) < 2 or text not in stem:
            continue
        if not _anywhere(text):
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


class _Words(NamedTuple):
    """One question's words as the checks compare them: (source, text) pairs for short or numeric ones."""

    fact: str
    answers: frozenset  # answer texts that count anywhere
    answers_here: frozenset  # (source, text): answer texts that count within the question's section
    printed: frozenset  # the exam's answer texts its stem prints
    printed_here: frozenset  # (source, text) of those
    any: bool  # the question has answer texts or prints one


class Fairness:
    """clashes() for the papers of one exam, each question's words worked out once: a paper is kept as
    sets of facts and words, so a candidate is checked with a few set operations instead of against every
    question on the paper. `questions` must hold every question a paper may draw (their answers are
    what stems are searched for)."""

    def __init__(self, questions: Iterable[Question]) -> None:
        self._texts: set[str] = set()
        for q in questions:
            self._texts.update(text for text in answer_texts(q) if len(text) >= 2)
        self._lengths = sorted({len(text) for text in self._texts})
        self._words: dict[str, _Words] = {}

    def words(self, q: Question) -> _Words:
        found = self._words.get(q.id)
        if found is None:
            texts = [text for text in answer_texts(q) if len(text) >= 2]
            stem = _bare(q.stem)
            if len(self._texts) <= len(stem) * len(self._lengths):
                printed = frozenset(text for text in self._texts if text in stem)
            else:
                printed = frozenset(stem[i:i + n] for n in self._lengths for i in range(len(stem) - n + 1)
                                    if stem[i:i + n] in self._texts)
            found = self._words[q.id] = _Words(
                fact_key(q), frozenset(t for t in texts if _anywhere(t)),
                frozenset((q.source, t) for t in texts if not _anywhere(t)), printed,
                frozenset((q.source, t) for t in printed), bool(texts or printed))
        return found

    def paper(self, questions: Iterable[Question] = ()) -> "PaperFairness":
        paper = PaperFairness(self)
        for q in questions:
            paper.add(q)
        return paper


class PaperFairness:
    """What one paper holds, as Fairness compares it."""

    def __init__(self, fairness: Fairness) -> None:
        self._fairness = fairness
        self._words = fairness._words  # each question's words, once worked out
        self.facts: set[str] = set()
        self._answers: set[str] = set()
        self._answers_here: set[tuple[str, str]] = set()
        self._printed: set[str] = set()
        self._printed_here: set[tuple[str, str]] = set()

    def add(self, q: Question) -> None:
        w = self._words.get(q.id) or self._fairness.words(q)
        self.facts.add(w.fact)
        self._answers |= w.answers
        self._answers_here |= w.answers_here
        self._printed |= w.printed
        self._printed_here |= w.printed_here

    def repeats_fact(self, q: Question) -> bool:
        return fact_key(q) in self.facts

    def clashes(self, q: Question) -> bool:
        """clashes(q, the paper's questions, its facts)."""
        w = self._words.get(q.id) or self._fairness.words(q)  # the method call only the first time
        if w.fact in self.facts:
            return True
        return w.any and (not w.answers.isdisjoint(self._printed)
                or not w.answers_here.isdisjoint(self._printed_here) or not w.printed.isdisjoint(self._answers)
                or not w.printed_here.isdisjoint(self._answers_here))


def same_fact_ids(ids: Iterable[str], questions: Sequence[Question]) -> frozenset[str]:
    """`ids` plus every question testing the same fact as one of them."""
    ids = frozenset(ids)
    facts = {fact_key(q) for q in questions if q.id in ids}
    return ids | frozenset(q.id for q in questions if fact_key(q) in facts)
