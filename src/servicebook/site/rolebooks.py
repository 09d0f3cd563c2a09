"""Generated pages: one reading list per role (岗位手册) and the list of source documents."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from servicebook.kb.pages import KnowledgeBase, Page, excluded_from_search, pages_for_role
from servicebook.kb.schema import CATEGORIES, ROLE_SLUGS, ROLES

ROLES_DIR = "roles"
SOURCES_PAGE = "appendix/sources.md"


def front_matter(title: str) -> list[str]:
    """Front matter of a generated page. Generated pages repeat the titles of many pages, which
    would crowd the pages themselves out of search results, so they stay out of the index."""
    return ["---", f"title: {title}", "search:", "  exclude: true", "---"]


@dataclass(frozen=True)
class GeneratedPage:
    src: str
    markdown: str


def role_pages(kb: KnowledgeBase) -> list[GeneratedPage]:
    """roles/index.md plus one page per role listing every page for that role (全员 included)."""
    pages = [GeneratedPage(f"{ROLES_DIR}/index.md", _roles_index(kb))]
    for role, slug in ROLE_SLUGS.items():
        pages.append(GeneratedPage(f"{ROLES_DIR}/{slug}.md", _role_page(kb, role, f"{ROLES_DIR}/{slug}.md")))
    return pages


def _link(page: Page, from_src: str) -> str:
    return posixpath.relpath(page.src, posixpath.dirname(from_src))


def _roles_index(kb: KnowledgeBase) -> str:
    lines = [*front_matter("岗位手册"), "", "# 岗位手册", "",
             "按岗位列出需要阅读的全部页面（含适用于全员的页面）。", "", "| 岗位 | 页面数 |", "|---|---|"]
    for role, slug in ROLE_SLUGS.items():
        lines.append(f"| [{role}岗位手册]({slug}.md) | {len(pages_for_role(kb, role))} |")
    return "\n".join(lines) + "\n"


def _role_page(kb: KnowledgeBase, role: str, src: str) -> str:
    pages = pages_for_role(kb, role)
    lines = [*front_matter(f"{role}岗位手册"), "", f"# {role}岗位手册", "",
             f"适用于{role}岗位的页面共 {len(pages)} 个（含适用于全员的页面），按栏目分组。", ""]
    for category in CATEGORIES:
        in_category = [p for p in pages if p.meta.category == category]
        if not in_category:
            continue
        lines += [f"## {category}", ""]
        for page in in_category:
            roles = "、".join(r for r in ROLES if r in page.meta.roles)
            lines.append(f"- [{page.meta.title}]({_link(page, src)})　<small>适用：{roles}</small>")
        lines.append("")
    return "\n".join(lines)


def sources_page(kb: KnowledgeBase, sources: list[dict[str, str]]) -> GeneratedPage:
    """appendix/sources.md: every source document and the pages written from it."""
    lines = [*front_matter("资料来源"), "", "# 资料来源", "",
             "本知识库的全部内容均整理自以下资料。每个页面顶部注明了它依据的资料。", ""]
    for item in sources:
        citing = [p for p in kb.content_pages() if item["title"] in p.meta.sources]
        lines += [f"## {item['title']}", "", item.get("note", ""), ""]
        if citing:
            lines += [f"- [{p.meta.title}]({_link(p, SOURCES_PAGE)})" for p in citing]
        else:
            lines.append("（暂无页面引用）")
        lines.append("")
    return GeneratedPage(SOURCES_PAGE, "\n".join(lines))
