"""`==事实==` highlights that also work between Chinese characters and punctuation.

pymdownx.mark follows CommonMark's flanking rules, which were made for languages with spaces:
`==40%==的` or `==“家会所+”==的` stay literal text. Must-know facts are written exactly like
that, so this extension marks any `==…==` (no spaces just inside the marks) before
pymdownx.mark sees it. The pattern is the one markdown_scan uses to find facts for quizzes.
"""

from __future__ import annotations

from xml.etree import ElementTree as etree

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from servicebook.kb.markdown_scan import HIGHLIGHT_PATTERN


class CjkMarkProcessor(InlineProcessor):
    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's API
        element = etree.Element("mark")
        element.text = m.group(1)
        return element, m.start(0), m.end(0)


class CjkMarkExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's API
        # Above pymdownx.mark's delimiter processor (60), below code spans and links.
        md.inlinePatterns.register(CjkMarkProcessor(HIGHLIGHT_PATTERN, md), "servicebook_mark", 65)


def makeExtension(**kwargs):  # noqa: N802 - Python-Markdown's entry point name
    return CjkMarkExtension(**kwargs)
