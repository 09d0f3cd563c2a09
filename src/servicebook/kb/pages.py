"""Load the knowledge base from docs/: every page's front matter (with line numbers) and structure."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from servicebook import yamlfile
from servicebook.errors import Problem
from servicebook.paths import display_path
from servicebook.kb import markdown_scan, schema

HIGHLIGHT_MAX = 40  # characters; longer marks are sentences, not facts (issue 3)


@dataclass
class Page:
    """One Markdown page of the knowledge base."""

    src: str  # path inside docs/, with forward slashes
    file: str  # path shown in messages
    meta: schema.PageMeta | None
    raw_meta: dict[str, Any]
    body: str
    scan: markdown_scan.PageScan

    @property
    def is_home(self) -> bool:
        return self.src == "index.md"

    @property
    def title(self) -> str:
        return self.meta.title if self.meta else str(self.raw_meta.get("title", self.src))


@dataclass
class KnowledgeBase:
    docs_dir: Path
    pages: dict[str, Page] = field(default_factory=dict)  # by src
    problems: list[Problem] = field(default_factory=list)

    @property
    def by_id(self) -> dict[str, Page]:
        return {p.meta.id: p for p in self.pages.values() if p.meta}

    def content_pages(self) -> list[Page]:
        """Pages with validated front matter, in path order."""
        return [p for p in self.pages.values() if p.meta]


def pages_for_role(kb: KnowledgeBase, role: str) -> list[Page]:
    """The pages a role studies. Pages kept out of search (a maintainers' list such as
    appendix/uncovered-topics.md) are not study material: no role book, no training plan."""
    return [
        p for p in kb.content_pages()
        if not p.src.endswith("index.md") and (role in p.meta.roles or "全员" in p.meta.roles)
        and not excluded_from_search(p)
    ]


def excluded_from_search(page: Page) -> bool:
    search = page.raw_meta.get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def load_sources(path: Path) -> list[dict[str, str]]:
    """The registry of source documents (includes/sources.yml)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [item for item in data if isinstance(item, dict) and item.get("title")]


def load_knowledge_base(docs_dir: Path, sources_file: Path | None = None) -> KnowledgeBase:
    """Read and validate every Markdown page under docs_dir, collecting all problems."""
    known = None
    if sources_file is not None and sources_file.is_file():
        known = frozenset(item["title"] for item in load_sources(sources_file))
    kb = KnowledgeBase(docs_dir)
    for path in sorted(docs_dir.rglob("*.md")):
        src = path.relative_to(docs_dir).as_posix()
        page, problems = load_page(path, src, known)
        kb.pages[src] = page
        kb.problems.extend(problems)
    kb.problems.extend(_duplicate_ids(kb))
    return kb


def load_page(path: Path, src: str, known_sources: frozenset[str] | None) -> tuple[Page, list[Problem]]:
    file = display_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problem = Problem(file, 0, "文件不是 UTF-8 编码。", "用编辑器另存为 UTF-8 编码。")
        return Page(src, file, None, {}, "", markdown_scan.scan("")), [problem]
    raw_meta, lines, body, body_line, problems = _split_front_matter(text, file)
    scan = markdown_scan.scan(body, body_line)
    meta = None
    if not problems:
        if src == "index.md":
            # The home page is a landing page, not a standard: it needs only a title.
            if not raw_meta.get("title"):
                problems.append(Problem(file, 1, "首页缺少 title。", "在页面头部写 title: 首页标题"))
        else:
            meta, problems = schema.validate_meta(raw_meta, lines, file, known_sources)
    if meta is not None:
        # A section's index.md is a table of contents: it needs no 常见问法 of its own.
        problems.extend(_content_rules(meta, scan, file, is_section_index=src.endswith("index.md")))
    return Page(src, file, meta, raw_meta, body, scan), problems


def _split_front_matter(text: str, file: str):
    """Return (meta, key lines, body, first body line, problems)."""
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        problem = Problem(file, 1, "页面缺少 YAML 头部（以 --- 开始和结束）。",
                          "在文件开头加上 ---、必填字段、---，写法见 CONTRIBUTING.md 第二节。")
        return {}, {}, text, 1, [problem]
    try:
        fm_text, body = handler.split(text)
    except ValueError:
        problem = Problem(file, 1, "YAML 头部没有结束标记 ---。", "在头部最后一个字段后另起一行写 ---")
        return {}, {}, text, 1, [problem]
    body_line = text[: len(text) - len(body)].count("\n") + 1
    try:
        node = yaml.compose(fm_text, Loader=yamlfile.FAST_LOADER)
    except yaml.MarkedYAMLError as error:
        problem = yamlfile.syntax_problem(file, error)
        problem = Problem(problem.path, problem.line or 1, problem.message.replace("YAML 格式错误", "YAML 头部格式错误"),
                          problem.hint)
        return {}, {}, body, body_line, [problem]
    if node is None or not isinstance(node, yaml.MappingNode):
        problem = Problem(file, 1, "YAML 头部应为“字段: 值”的列表。", "写法见 CONTRIBUTING.md 第二节。")
        return {}, {}, body, body_line, [problem]
    meta: dict[str, Any] = {}
    lines: dict[str, int] = {"": 1}
    problems: list[Problem] = []
    for key_node, value_node in node.value:
        key = str(key_node.value)
        lines[key] = key_node.start_mark.line + 1
        # 2026-13-01 looks like a date but is not one: it stays text and the schema reports it.
        meta[key] = yamlfile.construct(value_node)
    return meta, lines, body, body_line, problems


def _content_rules(meta: schema.PageMeta, scan: markdown_scan.PageScan, file: str,
                   is_section_index: bool = False) -> list[Problem]:
    problems = []
    for mark in scan.highlights:
        if len(mark.text) > HIGHLIGHT_MAX:
            problems.append(Problem(
                file, mark.line,
                f"高亮 =={mark.text[:12]}…== 有 {len(mark.text)} 个字，超过 {HIGHLIGHT_MAX} 字。",
                "只高亮事实本身（带单位的数字、短语），不要高亮整句。"))
    if meta.category in schema.FAQ_CATEGORIES and not is_section_index and not scan.faq():
        problems.append(Problem(
            file, 0, f"“{meta.category}”栏目的页面必须以 ## {markdown_scan.FAQ_HEADING} 一节结尾。",
            "在页面末尾加上 ## 常见问法，列出员工实际会怎么问，每行一条。"))
    problems.extend(_faq_links(scan, file))
    return problems


def _faq_links(scan: markdown_scan.PageScan, file: str) -> list[Problem]:
    """Every 常见问法 line links to the section that answers it (search leads there, issue 11).
    Whether the page and anchor exist is checked with all other links (kb/links.py)."""
    problems = []
    faq_anchor = markdown_scan.anchor_for(markdown_scan.FAQ_HEADING)
    for item in scan.faq_items():
        if item.target is None:
            problems.append(Problem(
                file, item.line, f"常见问法“{item.text}”没有链接到回答它的章节。",
                f"写成 - [{item.text}](#回答它的那一节标题的锚点)；回答在其他页面时写 "
                f"- [{item.text}](../complaints/ten-steps.md#锚点)。"))
            continue
        _, hash_mark, anchor = item.target.partition("#")
        if not hash_mark or not anchor:
            problems.append(Problem(
                file, item.line, f"常见问法“{item.text}”的链接 {item.target} 缺少 #锚点。",
                "链接到回答这个问题的那一节标题（如 #第一步-用心聆听），不要只链接到页面。"))
        elif anchor == faq_anchor:
            problems.append(Problem(
                file, item.line, f"常见问法“{item.text}”链接到了常见问法本身。",
                "链接到真正回答这个问题的那一节标题。"))
    return problems


def _duplicate_ids(kb: KnowledgeBase) -> list[Problem]:
    seen: dict[str, Page] = {}
    problems = []
    for page in kb.pages.values():
        if not page.meta:
            continue
        first = seen.setdefault(page.meta.id, page)
        if first is not page:
            problems.append(Problem(page.file, 0, f"页面编号 id: {page.meta.id} 与 {first.file} 重复。",
                                    "每个页面的 id 必须唯一，一般与文件名相同。"))
    return problems
