"""The shared glossary: terms from includes/abbreviations.md shown as hover tooltips site-wide.

Python-Markdown's abbr extension only matches terms between word boundaries, and Chinese text
has none (首问负责制 inside 实行首问负责制的 is never matched). This extension reuses abbr's
tree processor with boundaries that only apply to Latin letters and digits.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree as etree

from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor

_LINE = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.*\S)\s*$")
_SKIP_TAGS = {"a", "abbr", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style"}


def load_glossary(path: Path) -> dict[str, str]:
    """Read `*[术语]: 解释` lines; other lines (comments, blanks) are ignored."""
    terms: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _LINE.match(line.strip())
        if match:
            terms[match.group("term").strip()] = match.group("definition")
    return terms


def glossary_table(terms: dict[str, str]) -> str:
    """The glossary as a Markdown table, sorted by term, for the 术语表 page."""
    rows = ["| 术语 | 解释 |", "|---|---|"]
    for term in sorted(terms):
        rows.append(f"| {term} | {terms[term].replace('|', '｜')} |")
    return "\n".join(rows)


class CjkAbbrTreeprocessor(AbbrTreeprocessor):
    """abbr's tree processor, with word boundaries only around Latin letters and digits."""

    def iter_element(self, el: etree.Element, parent: etree.Element | None = None) -> None:
        if el.tag in _SKIP_TAGS:
            if parent is not None and el.tail:
                # The element itself is skipped, but its tail is ordinary text.
                holder = etree.Element("span")
                holder.text = el.tail
                super().iter_element(holder)
                if len(holder):
                    el.tail = holder.text
                    index = list(parent).index(el) + 1
                    for offset, child in enumerate(list(holder)):
                        parent.insert(index + offset, child)
            return
        super().iter_element(el, parent)

    def run(self, root: etree.Element) -> etree.Element | None:
        if not self.abbrs:
            return None
        terms = sorted(self.abbrs, key=len, reverse=True)
        self.RE = re.compile("|".join(_bounded(term) for term in terms))
        self.iter_element(root)
        return None


def _bounded(term: str) -> str:
    pattern = re.escape(term)
    if re.match(r"[A-Za-z0-9]", term):
        pattern = r"(?<![A-Za-z0-9])" + pattern
    if re.search(r"[A-Za-z0-9]$", term):
        pattern += r"(?![A-Za-z0-9])"
    return pattern


class GlossaryExtension(AbbrExtension):
    """Markdown extension: `servicebook.site.glossary` with option `file` (path to the glossary)."""

    def __init__(self, **kwargs):
        file = kwargs.pop("file", "includes/abbreviations.md")
        super().__init__(**kwargs)
        path = Path(file)
        if path.is_file():
            self.load_glossary(load_glossary(path))

    def extendMarkdown(self, md):
        super().extendMarkdown(md)
        md.treeprocessors.register(CjkAbbrTreeprocessor(md, self.abbrs), "abbr", 7)


def makeExtension(**kwargs):  # noqa: N802 - Python-Markdown's entry point name
    return GlossaryExtension(**kwargs)
