"""The highlighted facts of the knowledge base (pure): each ==highlight== with the clause it stands in.

A fact knows its page, section, the clause around it and where it sits among its siblings (the
other highlights of the same list, table or paragraph), which is what the question generator and
the facts record (quizzes/facts.lock) need. Identities never include the fact's value: `key`
hashes the clause with every highlight masked, so editing 10分钟 to 15分钟 keeps the same
questions, 错题本 entries and exposure history.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

from servicebook import numerals
from servicebook.kb.markdown_scan import _HIGHLIGHT, plain_text
from servicebook.kb.pages import KnowledgeBase, Page

CLAUSE_END = "。！？；\n"
MARKER = "\x00"  # where the fact stands in `stem`
MASK = "\x01"  # where other highlights stand in `masked`
_LINE_PREFIX = re.compile(r"^\s*(?:>\s*)*(?:(?:[-*+]|\d+[.)])\s+)?(?:\[[ xX]\]\s+)?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# What may follow a number for it to be a quantity: an optional 个 and a measure word.
_MEASURE = re.compile(r"个?(工作日|小时|分钟|月|天|日|年|次|声|项|类|%|°|层|台|人|张|步|家|种|句|遍|度|厘米|米|"
                      r"分|岁|名|周|秒|元|户|栋|套|条|倍|级|星|方面)?(?:以上|以下|以内|之内|内|左右|以后|后|之前|前)?")
_HEADING_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s+|第[0-9一二三四五六七八九十]+[章节条]\s*|[一二三四五六七八九十]+、)")


def loose(text: str) -> str:
    """Text for give-away comparisons: normalised, without 的/之, punctuation and spaces."""
    return re.sub(r"[\W_的之]+", "", numerals.normalize_answer(text))


def _hash(text: str, size: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:size]


@dataclass(frozen=True)
class Fact:
    """One highlight, with the clause it stands in."""

    page: Page
    text: str  # the fact, plain text
    sentence: str  # the clause, plain text, fact included
    stem: str  # the clause with the fact replaced by MARKER (other highlights as text)
    masked: str  # the clause with the fact as MARKER and every other highlight as MASK
    line: int
    anchor: str
    heading: str = ""  # the section's heading text
    block: int = 0  # index of the paragraph, list or table within the section (siblings share it)
    ordinal: int = 0  # 0 unless another fact of the page has the same masked clause and anchor
    listed: bool = False  # stands in a list item or a table row (its block's other facts are siblings)

    # ---- identities ----

    @property
    def key(self) -> str:
        """Follows the clause's words and the fact's place in it, never its value."""
        extra = f"/{self.ordinal}" if self.ordinal else ""
        return _hash(f"{self.anchor}|{self.masked}{extra}", 10)

    @property
    def base_id(self) -> str:
        return f"gen-{self.page.meta.id}-{self.key}"

    @property
    def legacy_base_id(self) -> str:
        """The id scheme before issue 12 (hash of sentence + value), for the old→new id map."""
        return f"gen-{self.page.meta.id}-{_hash(self.sentence + self.text, 12)}"

    @property
    def fact_id(self) -> str:
        """The sentence a question tests: page#anchor@hash of the clause with all highlights masked.
        Two highlights of one sentence share it (a paper should ask the sentence once)."""
        return f"{self.page.meta.id}#{self.anchor}@{_hash(self.masked.replace(MARKER, MASK), 8)}"

    @property
    def context(self) -> str:
        """The words around the fact, as people read them: the clause with the fact as ＿＿."""
        return self.masked.replace(MARKER, "＿＿").replace(MASK, "…")

    # ---- what kind of answer it is ----

    @functools.cached_property
    def number(self) -> re.Match | None:
        """The one number of a quantity (10分钟, 三声, 85%以上, 第3天) in the normalised text; None for
        words that merely contain a numeral (一视同仁, 第一时间, 同一间公司, 第三方) or several numbers."""
        normal = numerals.normalize_answer(self.text)
        found = list(_NUMBER.finditer(normal))
        if len(found) != 1:
            return None
        arabic = bool(re.search(r"\d", numerals.to_halfwidth(self.text)))
        after = normal[found[0].end():]
        measure = _MEASURE.match(after).group(0).strip("以上下内之左右后前")
        before = normal[: found[0].start()]
        if after and not measure or not arabic and not measure or not measure and before.strip("约至少不超过第前每月年天"):
            return None  # 04版…, ISO9000, 一视同仁: a numeral inside a word or a name
        if not arabic and found[0].group(0) == "1" and after.startswith("个") \
                and not re.match(r"个(工作日|小时|月|星期|周|季度)", after):
            return None  # 一个企业, 每一个细节, 一个家: an article, not a count (一个月 is one)
        return found[0]

    @property
    def bare_quantity(self) -> bool:
        """Only a quantity: a number, its measure and qualifiers (至少1次, 2个工作日内, 不超过8项,
        20人或以上), no other words (100%电话回访, 每月汇总2个案例)."""
        if self.number is None:
            return False
        text = self.number.string
        before, after = text[: self.number.start()], text[self.number.end():]
        tail = after[_MEASURE.match(after).end():]
        return not before.strip("+-约至少不超过低于高于第前每月年天") and not tail.strip("或以上下")

    @functools.cached_property
    def unit(self) -> str | None:
        """The quantity's measure, qualifiers dropped: 小时 for 24小时 / 两个小时 / 2小时内; None if not
        a quantity. Numbers are only ever compared with numbers of the same unit."""
        if self.number is None:
            return None
        after = self.number.string[self.number.end():]
        unit = _MEASURE.match(after).group(1)
        return unit or ("个" if after.startswith("个") else "")

    @functools.cached_property
    def value(self) -> float:
        return float(self.number.group(0))

    def with_value(self, value: float) -> str:
        """This fact's own words with another number (the form a same-kind distractor takes)."""
        normal = self.number.string
        text = f"{value:g}" if "." not in self.number.group(0) else f"{value:.{len(self.number.group(0).split('.')[1])}f}"
        if not re.search(r"\d", numerals.to_halfwidth(self.text)) and float(value).is_integer() and value < 1000:
            before = normal[: self.number.start()]
            text = "两" if value == 2 and not before.endswith("第") else numerals.int_to_chinese(int(value))
        return normal[: self.number.start()] + text + normal[self.number.end():]

    @property
    def is_list(self) -> bool:
        """A run of several items (服务大使、信息员、投诉处理员及联络员): never a typed blank."""
        return bool(re.search(r"[、，,；/]|及|和|与|或", self.text)) and len(self.text) > 4

    @property
    def lead_in(self) -> str:
        """【页名 · 节名】: who/what/when the sentence is about, in one fixed form."""
        title = self.page.meta.title
        section = _HEADING_NUMBER.sub("", self.heading).strip()
        if not section or section == title or loose(self.text) in loose(section):
            # A heading that names the answer (称呼顾客用姓氏) would give it away: the page only.
            return f"【{title}】"
        return f"【{title} · {section}】"


def extract_facts(kb: KnowledgeBase) -> list[Fact]:
    """Every highlight of every content page, in page and line order, without duplicates."""
    facts: list[Fact] = []
    for page in kb.content_pages():
        seen: set[tuple[str, str, str]] = set()
        places: dict[tuple[str, str], int] = {}
        by_line: dict[int, int] = {}
        for mark in page.scan.highlights:
            index = by_line.get(mark.line, 0)
            by_line[mark.line] = index + 1
            heading, block, before, after = _paragraph(page, mark.line, mark.context)
            fact = _fact(page, mark.context, index, mark.line, mark.anchor, before, after)
            if fact is None or (fact.anchor, fact.masked, fact.text) in seen:
                continue  # the same highlight again in the same words
            seen.add((fact.anchor, fact.masked, fact.text))
            ordinal = places.get((fact.anchor, fact.masked), -1) + 1
            places[(fact.anchor, fact.masked)] = ordinal
            listed = bool(re.match(r"^\s*(?:[-*+]\s|\d+[.)]\s|\|)", mark.context))
            facts.append(Fact(page, fact.text, fact.sentence, fact.stem, fact.masked, fact.line, fact.anchor,
                              heading, block, ordinal, listed))
    return facts


def _paragraph(page: Page, line: int, context: str) -> tuple[str, int, str, str]:
    """(heading, block index, hard-wrapped lines of the same paragraph before and after the line)."""
    for section in page.scan.sections:
        if section.heading is None or not 0 <= line - section.heading.line - 1 < len(section.lines):
            continue
        lines = section.lines
        at = line - section.heading.line - 1
        block = sum(1 for i in range(at) if not lines[i].strip() and (i == 0 or lines[i - 1].strip()))
        heading = section.heading.text
        if lines[at] != context or _starts_block(context.strip()) and context.strip().startswith("|"):
            return heading, block, "", ""
        start = at
        while start > 0 and not _starts_block(lines[start].strip()) and _continues(lines[start - 1]):
            start -= 1
        end = at
        while end + 1 < len(lines) and _continues(lines[end + 1]) and not _starts_block(lines[end + 1].strip()):
            end += 1
        join = lambda part: "".join(x.strip() for x in part)  # noqa: E731
        return heading, block, join(lines[start:at]), join(lines[at + 1:end + 1])
    return "", 0, "", ""


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
    head, tail = context[: target.start()], context[target.end():].rstrip()
    raw = (before + head.lstrip() if before else head) + MARKER + tail + after
    clause = _clause(raw)
    masked = _clause(_HIGHLIGHT.sub(MASK, raw))
    if not text or not clause or clause == MARKER or MARKER not in masked:
        return None
    return Fact(page, text, clause.replace(MARKER, text), clause, masked, line, anchor)


def _clause(raw: str) -> str:
    """The clause holding MARKER, as plain text: list markers dropped, a table row joined by ，."""
    body = raw.strip()
    if body.startswith("|"):
        cells = [c.strip() for c in body.strip("|").split("|")]
        body = "，".join(c for c in cells if c)
    else:
        body = _LINE_PREFIX.sub("", body)
    body = plain_text(body)
    clauses = re.split(f"[{CLAUSE_END}]", body)
    return next((c for c in clauses if MARKER in c), "").strip(" ，,：:")
