"""Check every internal link of the knowledge base: target page exists, anchor exists."""

from __future__ import annotations

import difflib
import posixpath
import re
from urllib.parse import unquote

from servicebook.errors import Problem
from servicebook.kb.pages import KnowledgeBase

_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


def check_links(kb: KnowledgeBase, generated: frozenset[str] = frozenset()) -> list[Problem]:
    """Problems for links to missing pages, files or anchors. `generated`: pages made at build time."""
    problems = []
    for page in kb.pages.values():
        for link in page.scan.links:
            if _EXTERNAL.match(link.target):
                continue
            path_part, _, anchor = link.target.partition("#")
            path_part, anchor = unquote(path_part), unquote(anchor)
            dest = page.src if not path_part else posixpath.normpath(
                posixpath.join(posixpath.dirname(page.src), path_part))
            if dest.startswith("../") or dest == "..":
                problems.append(Problem(page.file, link.line, f"链接 {link.target} 指向 docs/ 目录之外。",
                                        "只链接 docs/ 内的页面和文件。"))
                continue
            if dest in generated:
                continue
            if not dest.endswith(".md"):
                if not (kb.docs_dir / dest).exists():
                    problems.append(Problem(page.file, link.line, f"链接 {link.target} 指向的文件不存在。",
                                            "检查路径拼写；链接页面时请写到 .md 文件。"))
                continue
            target = kb.pages.get(dest)
            if target is None:
                problems.append(Problem(page.file, link.line, f"链接 {link.target} 指向的页面 {dest} 不存在。",
                                        _suggest_page(dest, kb)))
                continue
            if anchor and anchor not in target.scan.anchors:
                problems.append(Problem(
                    page.file, link.line, f"链接 {link.target} 中的锚点 #{anchor} 在 {target.file} 中不存在。",
                    _suggest_anchor(anchor, target.scan.anchors)))
    return problems


def _suggest_page(dest: str, kb: KnowledgeBase) -> str:
    close = difflib.get_close_matches(dest, list(kb.pages), n=1)
    if close:
        return f"是否应为 {close[0]}？路径相对于当前页面所在目录。"
    return "检查文件名和相对路径（../ 表示上一级目录）。"


def _suggest_anchor(anchor: str, anchors: set[str]) -> str:
    close = difflib.get_close_matches(anchor, sorted(anchors), n=1, cutoff=0.3)
    if close:
        return f"是否应为 #{close[0]}？锚点由标题生成，标题改动后链接也要改。"
    return "锚点由目标页面的标题生成（小写，空格变为 -），请对照目标页面的标题修改。"
