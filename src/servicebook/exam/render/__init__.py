"""Turn an assembled Exam into files: papers, answer key, answer sheet, manifest, Moodle XML, GIFT, PDF.

Each module is one output format and is pure (Exam in, text or bytes out) except pdf.py, which
calls WeasyPrint. The page references (page id -> file in docs/, category) come from the
knowledge base and are passed in, so nothing here reads docs/.
"""

from __future__ import annotations

from servicebook.exam.contract import PageRef
from servicebook.kb.pages import KnowledgeBase

__all__ = ["PageRef", "page_refs", "page_url"]


def page_refs(kb: KnowledgeBase) -> dict[str, PageRef]:
    return {page_id: PageRef(page.src, page.title, page.meta.category) for page_id, page in sorted(kb.by_id.items())}


def page_url(src: str, anchor: str, base: str) -> str:
    """The built site's URL of a section: complaints/ten-steps.md#x -> <base>complaints/ten-steps/#x.

    A base that is a path (the site opened from disk, e.g. ../../site/) gets index.html
    appended, because a browser shows a folder listing for file:///…/ten-steps/.
    """
    from urllib.parse import quote

    path = src[: -len(".md")] if src.endswith(".md") else src
    if path == "index" or path.endswith("/index"):
        path = path[: -len("index")]
    elif path:
        path += "/"
    if base and not base.endswith("/"):
        base += "/"
    if base and not base.startswith(("http://", "https://")):
        path += "index.html"
    # Anchors stay readable Chinese (valid in HTML5 links); callers escape the whole URL for HTML.
    return f"{base}{quote(path)}" + (f"#{anchor}" if anchor else "")
