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
from servicebook.bank.facts import MARKER, MASK, Fact, extract_facts, loose
from servicebook.bank.questions import LETTERS, Question
from servicebook.kb.pages import KnowledgeBase

__all__ = ["LEAD_IN", "Fact", "extract_facts", "generated_questions", "source_sentence", "strip_lead_in"]

BLANK = "___"
CHOICE_GAP = "（　　）"
OPTION_COUNT = 4
MIN_OWN_TEXT = 6  # characters of the clause besides the fact: fewer cannot be asked alone
LEAD_IN = re.compile(r"^【[^】\n]*】")
# A clause that leans on the one before it cannot be asked alone.
_ELSEWHERE = re.compile(r"上一条|上述|上文|同上|前述|下列|如下|这一条|该条")
_OPEN = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"'}
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
    if len(re.sub(r"\W", "", own)) < MIN_OWN_TEXT or _ELSEWHERE.search(own):
        return False
    answer = loose(fact.text)
    others = "|".join(loose(part) for part in fact.stem.split(MARKER)) + "|" + loose(fact.lead_in)
    if fact.number is not None:  # 不超过8项（即≤8项）: the same quantity printed beside it
        quantity = fact.number.group(0) + (fact.unit or "")
        return not (fact.unit and quantity in others)
    if answer in others:
        return False
    if fact.number is None and len(answer) >= 3 and _covered(answer, loose(fact.heading)):
        return False  # 自报名字 under 自报姓名, 主动式服务 under 由被动服务转为主动服务
    # Most of the answer printed elsewhere (首问负责制 in the lead-in of 首问负责制原则) gives it away.
    size = max(3, len(answer) - 2)
    return not any(answer[i:i + size] in others for i in range(len(answer) - size + 1)) if len(answer) > 3 else True


def blankable(fact: Fact) -> bool:
    """Worth typing, and typed one way only: a number with its unit, a quoted script (请慢走), or a
    short name of a thing — a term whose head word names a document, role, channel, measure or
    kind of service (装修合同复印件, 预接待置业顾问, 职员名字, 施工单位满意度). Read against the pages,
    blanked verbs and adjectives (整洁, 安排隔离, 其他需要) had several right answers; a member of a
    list (…、家政服务收费标准、…) only tests recall of the list."""
    kind = distractors.kind_of(fact)
    if kind == "number":
        # The quantity and its qualifiers (至少1次, 2个工作日内), not a phrase around a number.
        return fact.bare_quantity
    if kind != "term" or _in_list(fact):
        return False
    _, words, closing = _unquoted(fact.text)
    return bool(closing) or _quoted(fact) or distractors.names_a_thing(words)


def _covered(answer: str, heading: str) -> bool:
    """Most of the answer's characters stand in the heading (the lead-in shows it)."""
    return bool(heading) and sum(ch in heading for ch in answer) >= 0.75 * len(answer)


def _in_list(fact: Fact) -> bool:
    before, _, after = fact.stem.partition(MARKER)
    if "依次" in fact.stem:
        return False  # an ordered sequence: the place in it is the question
    return before.endswith("、") or after.startswith("、") or before.endswith(("和", "及", "与")) and "、" in before


def _quoted(fact: Fact) -> bool:
    before, _, after = fact.stem.partition(MARKER)
    return before.endswith(("“", "「", '"')) and after.startswith(("”", "」", '"'))


def _common(fact: Fact) -> dict:
    page = fact.page
    use = "practice" if page.meta.questions == "practice" else "both"
    return dict(
        explanation=f"出自《{page.meta.title}》：{fact.sentence}。",
        source=f"{page.meta.id}#{fact.anchor}", roles=page.meta.roles, points=2, use=use,
        red_line=False, file=page.file, line=fact.line, generated=True, category=page.meta.category,
        fact=fact.fact_id,
    )


def _unquoted(text: str) -> tuple[str, str, str]:
    """(opening quote, words, closing quote): a quoted script is typed without its quotes."""
    if len(text) > 2 and text[0] in _OPEN and text[-1] == _OPEN[text[0]]:
        return text[0], text[1:-1], text[-1]
    return "", text, ""


def _stem(fact: Fact, gap: str) -> str:
    clause = fact.stem.replace(MARKER, gap).lstrip("”」』’")  # a clause cut after a quotation
    return fact.lead_in + _sentence(clause)


# Qualifiers of a quantity stay printed beside the blank (至少___, ___以内): staff type the number and
# its unit, and "12小时" is not marked wrong for leaving out the 内 the sentence already holds.
_BEFORE_QUANTITY = re.compile(r"^(不少于|不超过|不低于|不高于|至少|至多|低于|高于|超过|约)")
_AFTER_QUANTITY = re.compile(r"(或以上|以上|以下|以内|之内|内|左右)$")


def _qualified(words: str) -> tuple[str, str, str]:
    """(qualifier before, the quantity, qualifier after) of a quantity's words."""
    before = _BEFORE_QUANTITY.match(words)
    head = before.group(0) if before else ""
    after = _AFTER_QUANTITY.search(words[len(head):])
    tail = after.group(0) if after else ""
    core = words[len(head): len(words) - len(tail)]
    return (head, core, tail) if re.search(r"\d|[一二两三四五六七八九十]", core) else ("", words, "")


def _blank_question(fact: Fact) -> Question:
    opening, words, closing = _unquoted(fact.text)
    head = tail = ""
    if fact.unit is not None:
        head, words, tail = _qualified(words)
    stem = _stem(fact, opening + head + BLANK + tail + closing)
    spellings = numerals.variants(words) if fact.unit is not None else [words]
    if fact.unit == "小时":  # 两个小时 and 2小时 are the same answer
        spellings += [re.sub(r"个?小时", "小时" if "个小时" in form else "个小时", form) for form in spellings]
    if words[:1] in "+＋":  # +2%: the sign is optional
        spellings += numerals.variants(words[1:])
    if re.search(r"[·・•]", words):  # 新时代·美好生活: the dot is optional
        spellings.append(re.sub(r"[·・•]", "", words))
    answer = "|".join(dict.fromkeys(spellings))
    return Question(id=fact.base_id + "-t", type="填空", stem=stem, difficulty=2, answer=(answer,), **_common(fact))


def _choice_question(fact: Fact, wrong: list[str], kind: str) -> Question:
    qid = fact.base_id + "-c"
    options = sorted([fact.text, *wrong], key=lambda o: hashlib.sha256((qid + o).encode("utf-8")).hexdigest())
    stem = _stem(fact, CHOICE_GAP)
    return Question(id=qid, type="单选", stem=stem, difficulty=1, options=tuple(options),
                    answer=(LETTERS[options.index(fact.text)],), distractor_kind=kind, **_common(fact))


def _sentence(text: str) -> str:
    return text if text[-1:] in "。！？?" else text + "。"
