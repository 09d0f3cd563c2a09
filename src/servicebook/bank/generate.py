"""Questions generated from every ==highlighted== fact in docs/ (pure; never written to the bank).

For each highlight: a 填空 question (the sentence with the fact blanked) and, when at least three
plausible distractors exist, a 单选 question. Ids hash the sentence and the fact, so they stay the
same while the sentence is unchanged; editing the sentence retires the old questions.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from dataclasses import dataclass

from servicebook import numerals
from servicebook.bank.questions import LETTERS, Question
from servicebook.kb.markdown_scan import _HIGHLIGHT, plain_text
from servicebook.kb.pages import KnowledgeBase, Page

CLAUSE_END = "。！？；\n"
BLANK = "___"
CHOICE_GAP = "（　　）"
OPTION_COUNT = 4
_MARKER = "\x00"
_LINE_PREFIX = re.compile(r"^\s*(?:>\s*)*(?:(?:[-*+]|\d+[.)])\s+)?(?:\[[ xX]\]\s+)?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_GENERATED_ID = re.compile(r"^(gen-.+-[0-9a-f]{12})-[tc]$")


@dataclass(frozen=True)
class Fact:
    """One highlight, with the clause it stands in."""

    page: Page
    text: str  # the fact, plain text
    sentence: str  # the clause, plain text, fact included
    stem: str  # the clause with the fact replaced by _MARKER
    line: int
    anchor: str

    @property
    def key(self) -> str:
        return hashlib.sha256((self.sentence + self.text).encode("utf-8")).hexdigest()[:12]

    @property
    def base_id(self) -> str:
        return f"gen-{self.page.meta.id}-{self.key}"

    @functools.cached_property
    def unit(self) -> str | None:
        """'#分钟' for 10分钟 / 十分钟; None for a phrase without exactly one number."""
        normal = numerals.normalize_answer(self.text)
        if len(_NUMBER.findall(normal)) != 1:
            return None
        return _NUMBER.sub("#", normal)

    @functools.cached_property
    def value(self) -> float:
        return float(_NUMBER.search(numerals.normalize_answer(self.text)).group(0))


def source_sentence(question_id: str) -> str:
    """What a question was made from: the highlighted sentence for a generated question (its 填空
    and 单选 share it), the question itself for an authored one."""
    match = _GENERATED_ID.match(question_id)
    return match.group(1) if match else question_id


def extract_facts(kb: KnowledgeBase) -> list[Fact]:
    """Every highlight of every content page, in page and line order, without duplicates."""
    facts: list[Fact] = []
    seen: set[str] = set()
    for page in kb.content_pages():
        by_line: dict[int, int] = {}
        for mark in page.scan.highlights:
            index = by_line.get(mark.line, 0)
            by_line[mark.line] = index + 1
            before, after = _paragraph(page, mark.line, mark.context)
            fact = _fact(page, mark.context, index, mark.line, mark.anchor, before, after)
            if fact is not None and fact.base_id not in seen:
                seen.add(fact.base_id)
                facts.append(fact)
    return facts


def _paragraph(page: Page, line: int, context: str) -> tuple[str, str]:
    """The hard-wrapped lines of the same paragraph before and after the highlight's line."""
    for section in page.scan.sections:
        if section.heading is None or not 0 <= line - section.heading.line - 1 < len(section.lines):
            continue
        lines = section.lines
        at = line - section.heading.line - 1
        if lines[at] != context or _starts_block(context.strip()) and context.strip().startswith("|"):
            return "", ""
        start = at
        while start > 0 and not _starts_block(lines[start].strip()) and _continues(lines[start - 1]):
            start -= 1
        end = at
        while end + 1 < len(lines) and _continues(lines[end + 1]) and not _starts_block(lines[end + 1].strip()):
            end += 1
        join = lambda part: "".join(x.strip() for x in part)  # noqa: E731
        return join(lines[start:at]), join(lines[at + 1:end + 1])
    return "", ""


def _starts_block(text: str) -> bool:
    return bool(re.match(r"^(?:[-*+]\s|\d+[.)]\s|\||!!!|\?\?\?|#|>|```|~~~)", text))


def _continues(line: str) -> bool:
    text = line.strip()
    return bool(text) and not text.startswith(("|", "```", "~~~", "!!!", "#"))


def _fact(page: Page, context: str, index: int, line: int, anchor: str,
          before: str = "", after: str = "") -> Fact | None:
    matches = list(_HIGHLIGHT.finditer(context))
    if index >= len(matches):
        return None
    target = matches[index]
    text = plain_text(target.group(1).strip())
    head = context[: target.start()]
    marked = (before + head.lstrip() if before else head) + _MARKER + context[target.end():].rstrip() + after
    body = marked.strip()
    if body.startswith("|"):
        # A table row: its cells, joined like a sentence.
        cells = [c.strip() for c in body.strip("|").split("|")]
        body = "，".join(c for c in cells if c)
    else:
        body = _LINE_PREFIX.sub("", body)
    body = plain_text(body)
    clauses = re.split(f"[{CLAUSE_END}]", body)
    clause = next((c for c in clauses if _MARKER in c), "").strip(" ，,：:")
    if not text or not clause or clause == _MARKER:
        return None
    return Fact(page, text, clause.replace(_MARKER, text), clause, line, anchor)


def generated_questions(kb: KnowledgeBase) -> list[Question]:
    """A 填空 and (when it has 3 distractors) a 单选 question per highlighted fact."""
    facts = extract_facts(kb)
    questions: list[Question] = []
    for fact in facts:
        questions.append(_blank_question(fact))
        distractors = pick_distractors(fact, facts)
        if len(distractors) >= OPTION_COUNT - 1:
            questions.append(_choice_question(fact, distractors[: OPTION_COUNT - 1]))
    return questions


def _common(fact: Fact) -> dict:
    page = fact.page
    return dict(
        explanation=f"出自《{page.meta.title}》：{fact.sentence}。",
        source=f"{page.meta.id}#{fact.anchor}", roles=page.meta.roles, points=2, use="both",
        red_line=False, file=page.file, line=fact.line, generated=True, category=page.meta.category,
    )


def _blank_question(fact: Fact) -> Question:
    stem = _sentence(fact.stem.replace(_MARKER, BLANK))
    answer = "|".join(numerals.variants(fact.text))
    return Question(id=fact.base_id + "-t", type="填空", stem=stem, difficulty=2, answer=(answer,), **_common(fact))


def _choice_question(fact: Fact, distractors: list[str]) -> Question:
    qid = fact.base_id + "-c"
    options = sorted([fact.text, *distractors], key=lambda o: hashlib.sha256((qid + o).encode("utf-8")).hexdigest())
    stem = _sentence(fact.stem.replace(_MARKER, CHOICE_GAP))
    return Question(id=qid, type="单选", stem=stem, difficulty=1, options=tuple(options),
                    answer=(LETTERS[options.index(fact.text)],), **_common(fact))


def _sentence(text: str) -> str:
    return text if text[-1:] in "。！？?" else text + "。"


def pick_distractors(fact: Fact, facts: list[Fact]) -> list[str]:
    """Plausible wrong answers, nearest first: same page, then same category, then the rest.

    Numbers with a unit get other values with the same unit; phrases get other phrases.
    Candidates equal to the answer (after normalising) or already in the sentence are skipped.
    """
    unit = fact.unit
    answer = numerals.normalize_answer(fact.text)
    ranked: list[tuple[tuple, str]] = []
    for other in facts:
        if other.unit != unit or unit is None and other.unit is not None:
            continue
        normal = numerals.normalize_answer(other.text)
        if normal == answer or other.text in fact.stem:
            continue
        tier = 0 if other.page is fact.page else 1 if other.page.meta.category == fact.page.meta.category else 2
        if unit is None and tier == 2:
            continue  # phrases from unrelated categories are not plausible
        if unit is not None:
            closeness = abs(math.log((other.value + 1) / (fact.value + 1)))
        else:
            closeness = abs(len(other.text) - len(fact.text))
        ranked.append(((tier, closeness, normal), other.text))
    chosen: list[str] = []
    taken: set[str] = set()
    for _, text in sorted(ranked):
        normal = numerals.normalize_answer(text)
        if normal not in taken:
            taken.add(normal)
            chosen.append(text)
    return chosen
