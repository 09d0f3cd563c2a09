"""Questions generated from every ==highlighted== fact in docs/ (pure; never written to the bank).

What a fact becomes (issue 12):

- a 填空 only when the answer is worth typing: a number with its unit (10分钟, 3声, 85%), a count, a
  time limit, or a short term (≤ 8 characters). Long phrases and lists are never typed blanks;
- a 单选 when three wrong options of the same kind exist (bank/distractors.py); a long phrase
  becomes a 单选 or nothing;
- nothing when the sentence gives its own answer away (the answer printed elsewhere in the stem or
  the lead-in) or says too little to be asked on its own.

Every stem starts with its context in one fixed form, 【页名 · 节名】 (LEAD_IN matches it).
Questions of a page marked `questions: practice` (background material) are practice-only.
Ids follow the clause's words and the fact's place in it, never its value (bank/facts.py), and
every question names the fact it tests (`fact`).
"""

from __future__ import annotations

import hashlib
import re

from servicebook import numerals
from servicebook.bank import distractors
from servicebook.bank.facts import MARKER, MASK, Fact, extract_facts
from servicebook.bank.questions import LETTERS, Question
from servicebook.kb.pages import KnowledgeBase

__all__ = ["LEAD_IN", "Fact", "extract_facts", "generated_questions", "source_sentence", "strip_lead_in"]

BLANK = "___"
CHOICE_GAP = "（　　）"
OPTION_COUNT = 4
MIN_OWN_TEXT = 6  # characters of the clause besides the fact: fewer cannot be asked alone
LEAD_IN = re.compile(r"^【[^】\n]*】")
_GENERATED_ID = re.compile(r"^(gen-.+-[0-9a-f]{10,12})-[tc]$")  # 12 hex: ids before issue 12


def source_sentence(question_id: str) -> str:
    """What a question was made from: the highlighted fact for a generated question (its 填空
    and 单选 share it), the question itself for an authored one. (Question.fact is the finer key:
    it also joins the highlights of one sentence.)"""
    match = _GENERATED_ID.match(question_id)
    return match.group(1) if match else question_id


def strip_lead_in(stem: str) -> str:
    """The question itself, without its 【页名 · 节名】 lead-in."""
    return LEAD_IN.sub("", stem, count=1)


def generated_questions(kb: KnowledgeBase) -> list[Question]:
    """The questions worth asking about each highlighted fact (see the module docstring)."""
    facts = extract_facts(kb)
    questions: list[Question] = []
    for fact in facts:
        if not askable(fact):
            continue
        if blankable(fact):
            questions.append(_blank_question(fact))
        wrong, kind = distractors.pick(fact, facts, OPTION_COUNT - 1)
        if len(wrong) == OPTION_COUNT - 1:
            questions.append(_choice_question(fact, wrong, kind))
    return questions


def askable(fact: Fact) -> bool:
    """The clause says enough on its own and does not print the answer elsewhere."""
    own = fact.masked.replace(MARKER, "").replace(MASK, "")
    if len(re.sub(r"\W", "", own)) < MIN_OWN_TEXT:
        return False
    answer = numerals.normalize_answer(fact.text)
    others = numerals.normalize_answer(fact.stem.replace(MARKER, "|") + "|" + fact.lead_in)
    return len(answer) < 2 and fact.unit is not None or answer not in others


def blankable(fact: Fact) -> bool:
    """Worth typing: numbers with units, counts, time limits, short terms."""
    return distractors.kind_of(fact) in ("number", "term")


def _common(fact: Fact) -> dict:
    page = fact.page
    use = "practice" if page.meta.questions == "practice" else "both"
    return dict(
        explanation=f"出自《{page.meta.title}》：{fact.sentence}。",
        source=f"{page.meta.id}#{fact.anchor}", roles=page.meta.roles, points=2, use=use,
        red_line=False, file=page.file, line=fact.line, generated=True, category=page.meta.category,
        fact=fact.fact_id,
    )


def _blank_question(fact: Fact) -> Question:
    stem = fact.lead_in + _sentence(fact.stem.replace(MARKER, BLANK))
    answer = "|".join(numerals.variants(fact.text))
    return Question(id=fact.base_id + "-t", type="填空", stem=stem, difficulty=2, answer=(answer,), **_common(fact))


def _choice_question(fact: Fact, wrong: list[str], kind: str) -> Question:
    qid = fact.base_id + "-c"
    options = sorted([fact.text, *wrong], key=lambda o: hashlib.sha256((qid + o).encode("utf-8")).hexdigest())
    stem = fact.lead_in + _sentence(fact.stem.replace(MARKER, CHOICE_GAP))
    return Question(id=qid, type="单选", stem=stem, difficulty=1, options=tuple(options),
                    answer=(LETTERS[options.index(fact.text)],), distractor_kind=kind, **_common(fact))


def _sentence(text: str) -> str:
    return text if text[-1:] in "。！？?" else text + "。"
