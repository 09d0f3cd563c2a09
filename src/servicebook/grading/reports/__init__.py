"""Training reports (exam, quarter, person) as offline HTML plus XLSX; they read the gradebook only.

Reports carry staff names and scores, so they are never written under docs/ or site/.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from servicebook.exam.render import page_url
from servicebook.errors import ProblemsFound
from servicebook.paths import atomic_write_bytes, refuse_published
from servicebook.tables import write_workbook

DEFAULT_DIR = Path("build") / "reports"
_UNSAFE_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


class ReportError(Exception):
    """A report cannot be made; the message is user-facing Chinese."""


@dataclass(frozen=True)
class Links:
    """Where report links point (the built site, the question bank files) and how pages are named."""

    site: str  # "../../site/" (files, index.html appended) or "https://…/" (served)
    bank_files: dict[str, tuple[str, int]]  # question id → (bank file path relative to the report, line)
    pages: dict[str, PageNames] = field(default_factory=dict)  # page path in docs/ → its names

    def page(self, page: str, anchor: str = "") -> str:
        return page_url(page if page.endswith(".md") else page + ".md", anchor, self.site)

    def bank(self, question_id: str) -> tuple[str, str] | None:
        found = self.bank_files.get(question_id)
        return (found[0], f"{found[0].rsplit('/', 1)[-1]}:{found[1]}") if found else None

    def title(self, page: str) -> str:
        """A page as people know it: its title; without the knowledge base, the last part of its path."""
        names = self.pages.get(page)
        return names.title if names else page.rsplit("/", 1)[-1].removesuffix(".md")

    def where(self, page: str, source: str) -> str:
        """页面标题 › 章节标题, for the section a question was asked from."""
        anchor = source.partition("#")[2]
        names = self.pages.get(page)
        heading = names.headings.get(anchor, anchor) if names else anchor
        return f"{self.title(page)} › {heading}" if heading else self.title(page)


@dataclass(frozen=True)
class PageNames:
    title: str
    headings: dict[str, str]  # anchor → heading text


def page_names(kb) -> dict[str, PageNames]:
    """Titles and heading texts of every page of a loaded knowledge base, by path in docs/."""
    return {page.src: PageNames(page.title, {h.anchor: h.text for h in page.scan.headings})
            for page in kb.pages.values()}


def make_links(root: Path, out_dir: Path, site_url: str | None, bank: dict[str, tuple[str, int]],
               pages: dict[str, PageNames] | None = None) -> Links:
    """Links relative to out_dir, so the report opens from disk next to a built site."""
    if site_url:
        return Links(site_url.rstrip("/") + "/", {k: (v[0], v[1]) for k, v in bank.items()}, pages or {})
    rel = lambda p: Path(os.path.relpath(p, out_dir)).as_posix()  # noqa: E731
    return Links(rel(root / "site") + "/", {qid: (rel(root / file), line) for qid, (file, line) in bank.items()},
                 pages or {})


def check_out_dir(root: Path, out_dir: Path) -> None:
    try:
        refuse_published(out_dir, "报告", root)
    except ProblemsFound as error:
        raise ReportError(f"{error.problems[0].message}{error.problems[0].hint}") from None


def write_report(out_dir: Path, stem: str, html: str, tables: list) -> tuple[Path, Path]:
    """Write <stem>.html and <stem>.xlsx atomically; returns both paths."""
    stem = _UNSAFE_IN_FILE_NAMES.sub("_", stem)  # a 工号 or 项目 may hold characters Windows refuses
    html_path, xlsx_path = out_dir / f"{stem}.html", out_dir / f"{stem}.xlsx"
    out_dir.mkdir(parents=True, exist_ok=True)
    write_workbook(xlsx_path, tables)
    atomic_write_bytes(html_path, html.encode("utf-8"))
    return html_path, xlsx_path


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
