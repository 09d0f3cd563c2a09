"""The site search index (issue 11): sections of each page, segmented at build time.

Pure: pages come in as Markdown with their URL, the word segmenter (jieba) is passed in, and the
result is a dict that `search-engine.js` reads in the browser. Each section is one document and
one possible result (its heading anchor is the link): fields are the page title, the heading, the
常见问法 lines that link to it, its ==facts==, and its text as readable blocks (paragraphs, list
items, table rows); code and Mermaid fences never reach the index. Tokens are separated by TOKEN_SEP (`)
and blocks by a newline, so the browser recovers the text by joining tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from servicebook.kb import markdown_scan

# Between the words of a segmented text: a character JSON writes as one byte (a tab is written
# \t, two bytes, 38,000 times: 4 KB gzip a page load). Page text never holds it: seg() turns it,
# and the full-width form the browser's normalize() would turn into it, into a space first.
TOKEN_SEP = "`"
_NOT_IN_TEXT = str.maketrans({TOKEN_SEP: " ", "\uff40": " "})
BLOCK_SEP = "\n"
FORMAT = "servicebook-search-2"  # 2: words separated by TOKEN_SEP, not a tab
# When search says 知识库中没有找到 (search-engine.js SearchIndex.answers): the best section matches
# under 20 % of the typed words (by weight); or its page scores under 6; or it names none of the
# question in its heading, 常见问法 lines or ==facts== and scores under 10; or a 资料没有规定 box
# names a typed word the best section leaves out and the rest of the site hardly holds (in at most
# `gapDf` sections), and the section names none of the question where it states its topic; or such
# a box names at least 30 % of the question and within 10 points as much of it as the section
# matches; or the question asks for a time, a count or a price (几点, 多久, 多少钱) and the best
# section states none. Calibrated with tests/js/search-calibrate.js on tests/search_eval/ less the
# held-out batch 2026-12-01-blind (largest not-found share with wrongly shown under 2 %).
WEAK_MATCH = {"coord": 0.2, "score": 6, "rare": 0, "topic": 0, "bodyScore": 10,
              "gapTopic": 0, "gapDf": 2, "gapCover": 0.3, "gapMargin": 0.1, "quantity": 1}

# Chinese punctuation separates tokens by itself (search-text.js nextSep): no TOKEN_SEP around it, which
# saves about 1.7 KB gzip a page load.
PUNCTUATION = "，。、；：！？（）“”‘’《》【】…—·"
_GLUED = re.compile(f"{re.escape(TOKEN_SEP)}?([{PUNCTUATION}]){re.escape(TOKEN_SEP)}?")

_FENCE = re.compile(r"^\s*(```+|~~~+)")
_ADMONITION = re.compile(r'^[!?]{3}\+?\s+[\w-]+(?:\s+[\w-]+)*(?:\s+"([^"]*)")?\s*$')
_LIST = re.compile(r"^(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]]+\]:\s*")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
_ABBR_DEF = re.compile(r"^\*\[[^\]]+\]:")
_ATTR_LIST = re.compile(r"\{:?\s*[.#][^}]*\}")


@dataclass(frozen=True)
class SourcePage:
    src: str          # docs/-relative path, e.g. complaints/ten-steps.md
    location: str     # the page's URL relative to the site root, e.g. complaints/ten-steps/
    title: str
    markdown: str     # the body (front matter removed), as MkDocs renders it


def text_blocks(lines: Iterable[str]) -> list[str]:
    """A section's readable text: one block per paragraph, list item, table row or box title."""
    blocks: list[str] = []
    paragraph: list[str] = []
    fence = None

    def flush():
        if paragraph:
            text = markdown_scan.plain_text(" ".join(paragraph))
            if text:
                blocks.append(_tidy(text))
            paragraph.clear()

    for line in lines:
        fence_match = _FENCE.match(line)
        if fence:
            if fence_match and fence_match.group(1)[0] == fence[0]:
                fence = None
            continue
        if fence_match:
            flush()
            fence = fence_match.group(1)
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("<!--") or _ABBR_DEF.match(stripped):
            flush()
            continue
        if admonition := _ADMONITION.match(stripped):
            flush()
            if admonition.group(1):
                blocks.append(admonition.group(1))
            continue
        if stripped.startswith("|"):
            flush()
            if not _TABLE_RULE.match(stripped):
                cells = [_tidy(markdown_scan.plain_text(c)) for c in stripped.strip("|").split("|")]
                cells = [c for c in cells if c]
                if cells:
                    blocks.append(("：" if len(cells) == 2 else "；").join(cells))
            continue
        if _LIST.match(stripped) or _FOOTNOTE_DEF.match(stripped):
            flush()
            stripped = _FOOTNOTE_DEF.sub("", _LIST.sub("", stripped))
        paragraph.append(stripped)
    flush()
    return blocks


def _tidy(text: str) -> str:
    text = _ATTR_LIST.sub("", _FOOTNOTE_REF.sub("", text))
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class _Section:
    page: int
    anchor: str
    heading: str
    blocks: list[str]
    facts: list[str]
    faq: list[str]


def build_index(pages: list[SourcePage], segment: Callable[[str], Iterable[str]], *,
                synonyms: list[tuple[str, list[str]]] = (), fallback: str | None = None,
                config: dict | None = None) -> dict:
    """The index for search-engine.js; `fallback` = 'page.md#anchor' of what always applies."""
    sections: list[_Section] = []
    gaps: list[tuple[int, str, list[str]]] = []  # (section, sentence, topics) of 资料没有规定 boxes
    where: dict[tuple[str, str], _Section] = {}
    pending_faq: list[tuple[str, str, str | None]] = []
    faq_anchor = markdown_scan.anchor_for(markdown_scan.FAQ_HEADING)
    for number, page in enumerate(pages):
        scan = markdown_scan.scan(page.markdown)
        for section in scan.sections:
            anchor = section.heading.anchor if section.heading else ""
            if anchor == faq_anchor:
                continue
            facts = [h.text for h in scan.highlights if h.anchor == anchor]
            gaps += [(len(sections), sentence, topics) for sentence, topics in markdown_scan.gap_notices(section.lines)]
            entry = _Section(number, anchor, section.heading.text if section.heading else "",
                             text_blocks(markdown_scan.without_gap_notices(section.lines)), facts, [])
            if not entry.blocks and not entry.facts and entry.anchor == "":
                entry.blocks = []  # a page top with no text still carries the title
            sections.append(entry)
            where[(page.src, anchor)] = entry
        pending_faq += [(page.src, item.text, item.target) for item in scan.faq_items()]
    for src, question, target in pending_faq:
        entry = where.get(_resolve(src, target)) or where.get((src, ""))
        if entry is not None:
            entry.faq.append(question)

    done: dict[str, str] = {}  # headings are segmented twice, ==facts== and 常见问法 lines repeat

    def seg(text: str) -> str:
        if (tokens := done.get(text)) is None:
            tokens = done[text] = _GLUED.sub(r"\1", TOKEN_SEP.join(token for token in segment(text.translate(_NOT_IN_TEXT)) if token))
        return tokens

    def seg_blocks(blocks: list[str]) -> str:
        return BLOCK_SEP.join(seg(block) for block in blocks)

    fallback_index = -1
    if fallback:
        target = _resolve("", fallback)
        fallback_index = next((i for i, s in enumerate(sections) if (pages[s.page].src, s.anchor) == target), -1)
    return {
        "config": config or {},
        "docs": {
            "format": FORMAT,
            "pages": [[page.location, seg(page.title)] for page in pages],
            "sections": [[s.page, _stored_anchor(s.anchor, seg(s.heading)), seg(s.heading), seg_blocks(s.blocks), seg_blocks(s.facts),
                          seg_blocks(s.faq)] for s in sections],
            "synonyms": [[seg(formal), list(words)] for formal, words in synonyms],
            # What the pages say the sources have no rule on: the sentence as the page says it, then
            # its topics segmented like the sections (search-engine.js compares them with a question).
            "gaps": [[section, sentence] + [seg(topic) for topic in topics] for section, sentence, topics in gaps],
            "fallback": fallback_index,
            "weak": WEAK_MATCH,
        },
    }


def derived_anchor(heading: str) -> str:
    """The anchor search-engine.js derives from a stored heading (anchorOf there): letters, digits,
    _ and - kept, spaces to -, lower case; for the site's headings it is the anchor MkDocs gives."""
    kept = "".join(c for c in heading.replace(TOKEN_SEP, "")
                   if unicodedata.category(c)[0] in "LN" or c in "_-" or c.isspace())
    return re.sub(r"\s+", "-", kept.strip().lower())


def _stored_anchor(anchor: str, heading: str) -> str | int:
    """0 when the browser derives the same anchor from the heading (saves about 5 KB gzip a page
    load), else the anchor itself ("" for a page's opening lines)."""
    return 0 if anchor and derived_anchor(heading) == anchor else anchor


def _resolve(src: str, target: str | None) -> tuple[str, str]:
    """(page src, anchor) a link in page `src` points at; '' anchor for the page top."""
    if not target:
        return src, ""
    path, _, anchor = target.partition("#")
    if path:
        base = src.rsplit("/", 1)[0] + "/" if "/" in src else ""
        parts: list[str] = []
        for part in (base + path).split("/"):
            if part == "..":
                parts = parts[:-1]
            elif part and part != ".":
                parts.append(part)
        src = "/".join(parts)
    return src, anchor
