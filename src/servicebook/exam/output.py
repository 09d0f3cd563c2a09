"""Write an exam directory all at once: everything goes into a temp dir beside it, renamed at the end.

On any error the temp dir is removed and no (partial) exam directory is left behind.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from servicebook.errors import Problem, ProblemsFound
from servicebook.exam import signin
from servicebook.exam.acyclic import no_cycles
from servicebook.exam.contract import Exam, PageRef, Paper
from servicebook.exam.render.answer_sheet import render_answer_sheet
from servicebook.exam.render.gift import render_gift
from servicebook.exam.render.key_html import DEFAULT_SITE_URL, render_key
from servicebook.exam.render.manifest import render_manifest
from servicebook.exam.render.marking_sheet import FILE_NAME as MARKING_FILE
from servicebook.exam.render.marking_sheet import has_scenarios, render_marking_sheet
from servicebook.exam.render.moodle import render_moodle
from servicebook.exam.render.paper_html import paper_documents, render_paper
from servicebook.exam.render.signin import render_signin_page, render_signin_sheet
from servicebook.paths import display_path
from servicebook.paths import refuse_published

UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def paper_file(paper: Paper) -> str:
    return f"papers/{paper.code}-{UNSAFE.sub('_', paper.label) or '未命名'}.html"


def check_target(out: Path, force: bool) -> None:
    """Refuse a folder the site would publish, and to overwrite an existing exam unless asked to
    (papers may already be printed)."""
    refuse_published(out, "考试目录")
    if out.exists() and not force:
        raise ProblemsFound([Problem(display_path(out), 0, "输出目录已存在，试卷可能已经发出。",
                                     "换一个 --out 目录；确认要重新出卷时加 --force 覆盖。")])


def write_exam(out: Path, exam: Exam, pages: dict[str, PageRef], *, site_url: str = DEFAULT_SITE_URL,
               pdf: bool = True, force: bool = False, tick: Callable[[int], None] | None = None,
               server_url: str | None = None) -> list[str]:
    """Write every output file of `exam` to `out`; returns the relative file names written.
    `tick(n)` is called as papers are written (n papers at a time) to drive a progress bar.
    Fresh sign-in codes are issued on every call; `server_url` puts QR codes on the slips."""
    check_target(out, force)
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        written = _write_all(temp, exam, pages, site_url, pdf, tick or (lambda n: None), server_url)
        _swap(temp, out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return written


def _write_all(temp: Path, exam: Exam, pages, site_url, pdf, tick, server_url) -> list[str]:
    written = []

    def put(name: str, data: str | bytes) -> None:
        path = temp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8", newline="\n")
        else:
            path.write_bytes(data)
        written.append(name)

    with no_cycles():  # the files' text: strings and lists, no reference cycles (the PDF is rendered after)
        for paper in exam.papers.values():
            put(paper_file(paper), render_paper(exam, paper))
            tick(1)
        put("answer-key.html", render_key(exam, pages, site_url))
        put("answer-sheet.xlsx", render_answer_sheet(exam))
        if has_scenarios(exam):
            put(MARKING_FILE, render_marking_sheet(exam))
        put("manifest.json", render_manifest(exam))
        put("moodle.xml", render_moodle(exam))
        put("gift.txt", render_gift(exam))
        entries = signin.issue(exam)
        put(signin.SHEET_FILE, render_signin_sheet(exam, entries, server_url))
        put(signin.PAGE_FILE, render_signin_page(exam, entries, server_url))
    if pdf:
        from servicebook.exam.render.pdf import write_papers_pdf

        write_papers_pdf(paper_documents(exam), temp / "papers.pdf")
        written.append("papers.pdf")
    return sorted(written)


def _swap(temp: Path, out: Path) -> None:
    os.chmod(temp, 0o755)  # mkdtemp makes it private; an exam dir is shared with trainers
    if not out.exists():
        temp.rename(out)
        return
    backup = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    backup.rmdir()
    out.rename(backup)
    temp.rename(out)
    shutil.rmtree(backup, ignore_errors=True)
