"""Read the structure of a page's Markdown: headings and their anchors, highlights, links.

Pure text processing, shared by validation, link checking and the quiz generator. Anchors are
computed with the same slugify function mkdocs.yml configures for the toc extension, so what
this module reports is what the built page has.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from pymdownx.slugs import slugify

SLUGIFY = slugify(case="lower")
FAQ_HEADING = "常见问法"

# Where the sources leave a gap staff will ask about, a page says so once, in one sentence
# (the pages and phrases are listed in docs/appendix/uncovered-topics.md; tests hold them equal).
GAP_NOTICE = '!!! note "资料没有规定"'


_GAP_HEAD, _GAP_JOIN, _GAP_TAIL = "资料中没有", "的规定，也没有", "的规定，遇到时请报告上级。"


def gap_sentence(phrases: list[str]) -> str:
    """The one sentence a 资料没有规定 box says: what the sources don't rule on, and no procedure."""
    return _GAP_HEAD + _GAP_JOIN.join(phrases) + _GAP_TAIL


def _gap_boxes(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line spans of the 资料没有规定 boxes: the notice line and its indented or blank lines."""
    spans, i = [], 0
    while i < len(lines):
        if lines[i].strip() != GAP_NOTICE:
            i += 1
            continue
        end = i + 1
        while end < len(lines) and (not lines[end].strip() or lines[end].startswith("    ")):
            end += 1
        spans.append((i, end))
        i = end
    return spans


def without_gap_notices(lines: list[str]) -> list[str]:
    """The lines without 资料没有规定 boxes: they state no fact, so adding one does not ask for the
    section's questions to be reviewed again."""
    kept, at = [], 0
    for first, end in _gap_boxes(lines):
        kept += lines[at:first]
        at = end
    return kept + lines[at:]


def gap_notices(lines: list[str]) -> list[tuple[str, list[str]]]:
    """The 资料没有规定 boxes among the lines: (the sentence, the phrases gap_sentence was given)."""
    found = []
    for first, end in _gap_boxes(lines):
        sentence = "".join(line.strip() for line in lines[first + 1:end])
        if sentence.startswith(_GAP_HEAD) and sentence.endswith(_GAP_TAIL):
            found.append((sentence, sentence[len(_GAP_HEAD):-len(_GAP_TAIL)].split(_GAP_JOIN)))
    return found


_FENCE = re.compile(r"^\s*(```+|~~~+)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ATTR_ID = re.compile(r"\s*\{[^}]*#([\w-]+)[^}]*\}\s*$")
_ATTRS = re.compile(r"\s*\{[^}]*\}\s*$")
HIGHLIGHT_PATTERN = r"==(?![\s=])([^=\n]+?)(?<!\s)=="
_HIGHLIGHT = re.compile(HIGHLIGHT_PATTERN)
_LINK = re.compile(r"(?<!!)\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+(.*\S)")
# A 常见问法 line that is one link and nothing else: [question](target)
_WHOLE_LINK = re.compile(r"^\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?\s*\)$")
_INLINE_MARKUP = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"(\*\*|__|==|~~|\^\^|\*|_)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"<[^>]+>"), ""),
]


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str
    line: int  # 1-based line in the file


@dataclass(frozen=True)
class Highlight:
    text: str
    line: int
    anchor: str  # anchor of the section it stands in ("" before the first heading)
    context: str  # the source line, markup kept, for sentence extraction


@dataclass(frozen=True)
class Link:
    text: str
    target: str
    line: int


@dataclass(frozen=True)
class FaqItem:
    text: str  # the question as the reader sees it
    line: int
    target: str | None  # the link to the answering section, None when the line is not a link


@dataclass
class Section:
    heading: Heading | None
    lines: list[str] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        """Hash of the section's text, whitespace-insensitive: changes when the wording changes."""
        text = re.sub(r"\s+", "", "\n".join(without_gap_notices(self.lines)))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass
class PageScan:
    headings: list[Heading]
    sections: list[Section]
    highlights: list[Highlight]
    links: list[Link]

    @property
    def anchors(self) -> set[str]:
        return {h.anchor for h in self.headings}

    def section(self, anchor: str) -> Section | None:
        """The section under a heading, including its sub-sections."""
        for index, section in enumerate(self.sections):
            if section.heading and section.heading.anchor == anchor:
                merged = Section(section.heading, list(section.lines))
                for later in self.sections[index + 1:]:
                    if later.heading and later.heading.level <= section.heading.level:
                        break
                    merged.lines.extend([later.heading.text] if later.heading else [])
                    merged.lines.extend(later.lines)
                return merged
        return None

    def faq(self) -> list[str]:
        """The items of the page's 常见问法 list, as the reader sees them (link markup removed)."""
        return [item.text for item in self.faq_items()]

    def faq_items(self) -> list[FaqItem]:
        """The items of the page's 常见问法 list with their line and answering link, if any."""
        faq_anchor = anchor_for(FAQ_HEADING)
        items = []
        inside_level = 0
        for section in self.sections:
            heading = section.heading
            if heading is None:
                continue
            if inside_level and heading.level <= inside_level:
                break
            if not inside_level:
                if heading.anchor != faq_anchor:
                    continue
                inside_level = heading.level
            for offset, line in enumerate(section.lines, start=1):
                match = _LIST_ITEM.match(line)
                if not match:
                    continue
                raw = match.group(1)
                link = _WHOLE_LINK.match(raw)
                items.append(FaqItem(plain_text(raw), heading.line + offset, link.group(2) if link else None))
        return items


def plain_text(markdown: str) -> str:
    """Strip inline Markdown markup, leaving the words a reader sees."""
    text = markdown
    for pattern, replacement in _INLINE_MARKUP:
        text = pattern.sub(replacement, text)
    return text.strip()


def anchor_for(heading_text: str) -> str:
    return SLUGIFY(plain_text(heading_text), "-")


def scan(body: str, first_line: int = 1) -> PageScan:
    """Scan a page body; `first_line` is the file line number of the body's first line."""
    headings: list[Heading] = []
    sections = [Section(None)]
    highlights: list[Highlight] = []
    links: list[Link] = []
    seen: dict[str, int] = {}
    fence: str | None = None
    for offset, line in enumerate(body.splitlines()):
        number = first_line + offset
        fence_match = _FENCE.match(line)
        if fence:
            if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence):
                fence = None
            sections[-1].lines.append(line)
            continue
        if fence_match:
            fence = fence_match.group(1)
            sections[-1].lines.append(line)
            continue
        heading_match = _HEADING.match(line)
        if heading_match:
            raw = heading_match.group(2)
            explicit = _ATTR_ID.search(raw)
            text = plain_text(_ATTRS.sub("", raw))
            anchor = explicit.group(1) if explicit else _unique(SLUGIFY(text, "-"), seen)
            heading = Heading(len(heading_match.group(1)), text, anchor, number)
            headings.append(heading)
            sections.append(Section(heading))
            continue
        sections[-1].lines.append(line)
        current = sections[-1].heading.anchor if sections[-1].heading else ""
        for match in _HIGHLIGHT.finditer(line):
            highlights.append(Highlight(match.group(1).strip(), number, current, line))
        for match in _LINK.finditer(line):
            links.append(Link(match.group(1), match.group(2), number))
        for match in _IMAGE.finditer(line):
            links.append(Link(match.group(1), match.group(2), number))
    return PageScan(headings, sections, highlights, links)


def _unique(anchor: str, seen: dict[str, int]) -> str:
    # Same de-duplication as Python-Markdown's toc extension: foo, foo_1, foo_2 …
    if anchor not in seen:
        seen[anchor] = 0
        return anchor
    while True:
        seen[anchor] += 1
        candidate = f"{anchor}_{seen[anchor]}"
        if candidate not in seen:
            seen[candidate] = 0
            return candidate
