"""One fact, one value everywhere (issue 12, point 7).

A highlighted quantity (==10分钟==, ==2个工作日==) is often restated elsewhere without a highlight: in
another page's prose, in a 情景 rubric, in a question's explanation. `restatements` finds the places
where the words just before the value are the same but the value differs (前台接到报修后 10 分钟内 on one
page, 前台接到报修后 30 分钟内 on another). Only what the bank asserts counts: a 判断 keyed 错 and the
wrong options of 单选/多选 state wrong values on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from servicebook import numerals
from servicebook.bank.facts import MARKER, MASK, Fact
from servicebook.bank.questions import LETTERS, Question
from servicebook.errors import Problem
from servicebook.kb.pages import KnowledgeBase

WINDOW = 8  # characters before the value that must be the same for two statements to be one fact
AFTER = 1  # and the words right after it (qualifiers such as 内、以上 skipped)
_SPACES = re.compile(r"[ \t\u3000]+")
_QUANTITY = re.compile(r"(\d+(?:\.\d+)?)个?")
_QUALIFIER = re.compile(r"^(?:或以上|以上|以下|以内|之内|内|左右|以后|之后|后|之前|前)")
_WORDS = re.compile(rf"^\w{{0,{AFTER}}}")


def restatements(facts: Iterable[Fact], questions: Iterable[Question], kb: KnowledgeBase) -> list[Problem]:
    """Warnings for every page line and authored question stating a highlighted quantity with another value."""
    places = list(_page_lines(kb)) + [place for q in questions if not q.generated for place in _asserted(q)]
    problems, seen = [], set()
    for fact in facts:
        before, after = _before(fact), _after(fact)
        if not before or after is None:
            continue
        for where, text in places:
            start = text.find(before)
            while start != -1:
                other = _value_after(text[start + len(before):], fact.unit, after)
                if other is not None and other != fact.value and (fact.base_id, where) not in seen:
                    seen.add((fact.base_id, where))
                    problems.append(_problem(fact, where, text[start:start + len(before) + 12]))
                start = text.find(before, start + 1)
    return problems


def _before(fact: Fact) -> str:
    """The last WINDOW characters before the value in its clause ('' when the fact is no quantity or
    too little of the clause precedes it to tell it from other facts)."""
    if not fact.unit:
        return ""
    head = _SPACES.sub("", fact.masked.split(MARKER)[0])
    if MASK in head[-WINDOW:]:
        return ""
    head = head[-WINDOW:]
    return head if len(re.findall(r"[\u4e00-\u9fff]", head)) >= 3 else ""


def _after(fact: Fact) -> str | None:
    """The words right after the value in its clause ('' at the clause's end; None when another
    highlight stands there)."""
    tail = _QUALIFIER.sub("", _SPACES.sub("", fact.masked.split(MARKER, 1)[1]))
    return None if MASK in tail[:AFTER] else _WORDS.match(tail).group(0)


def _value_after(text: str, unit: str, after: str) -> float | None:
    """The number at the start of `text` when the same unit and the same words follow it."""
    normal = numerals.normalize_answer(text[:16])
    found = _QUANTITY.match(normal)
    if not found or not normal[found.end():].startswith(unit):
        return None
    tail = _QUALIFIER.sub("", normal[found.end() + len(unit):])
    if _WORDS.match(tail).group(0) != after:
        return None
    return float(found.group(1))


def _page_lines(kb: KnowledgeBase):
    for page in kb.content_pages():
        lines = page.body.splitlines()
        for number, line in enumerate(lines, start=_first_line(page, lines)):
            yield (page.file, number), _SPACES.sub("", line.replace("==", ""))


def _first_line(page, lines: list[str]) -> int:
    """The file line number of the body's first line (the page keeps it only on its headings)."""
    if page.scan.headings:
        first = page.scan.headings[0]
        for index, line in enumerate(lines):
            if line.lstrip().startswith("#") and first.text in line:
                return first.line - index
    return 1


def _asserted(question: Question):
    """The texts in which the bank asserts something: explanation, rubric, the keyed options, a true 判断."""
    texts = [question.explanation, *(item.point for item in question.rubric)]
    if question.type == "判断" and question.answer[:1] == ("对",):
        texts.append(question.stem)
    if question.type in ("单选", "多选"):
        texts += [option for letter, option in zip(LETTERS, question.options) if letter in question.answer]
    if question.type == "排序":
        texts += list(question.items)
    for text in texts:
        yield (question.file, question.line, question.id), _SPACES.sub("", text)


def _problem(fact: Fact, where: tuple, excerpt: str) -> Problem:
    if len(where) == 3:
        file, line, qid = where
        place = f"题目 {qid}"
    else:
        (file, line), place = where, "本行"
    return Problem(file, line,
                   f"{place}写的“{excerpt}…”与应知应会“{fact.context}”（{fact.page.file}:{fact.line}，{fact.text}）数值不一致。",
                   "核对资料，统一为正确的数值；资料之间确有差异时在页面中用“来源差异”提示框写明各自的出处。",
                   warning=True)
