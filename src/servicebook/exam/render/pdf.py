"""papers.pdf: all papers in one file, rendered by WeasyPrint in parallel parts and joined with pypdf."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

FONT_FAMILY = "Noto Sans CJK SC"
NO_FONT = ("没有找到中文字体，无法生成 PDF 试卷（打印出来会是方框）。"
           "请安装中文字体后重试：Debian/Ubuntu 运行 sudo apt-get install fonts-noto-cjk；"
           "或加上 --no-pdf 只生成 HTML 试卷。")


class FontMissing(Exception):
    pass


def cjk_font_available() -> bool:
    """Ask fontconfig for Noto Sans CJK SC, else for any font covering Chinese."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    for pattern in (f"{FONT_FAMILY}", ":lang=zh"):
        try:
            result = subprocess.run([fc_list, pattern, "family"], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            return False
        if result.returncode == 0 and result.stdout.strip():
            return True
    return False


def require_cjk_font() -> None:
    if not cjk_font_available():
        raise FontMissing(NO_FONT)


def write_pdf(html: str, path: Path) -> None:
    """Render one HTML document to path."""
    from weasyprint import HTML

    HTML(string=html, base_url=str(path.parent)).write_pdf(str(path))


def write_pdf_parts(documents: list[str], path: Path, workers: int | None = None) -> None:
    """Render several HTML documents (each a run of whole papers) in parallel, then join them.

    WeasyPrint lays out one process's pages at a time and a single 800-page document is slower
    than its parts, so each core renders a share and pypdf concatenates the results in order.
    """
    from pypdf import PdfWriter

    workers = max(1, min(len(documents), workers or os.cpu_count() or 1))
    parts = [path.with_name(f".{path.name}.part{index:03d}") for index in range(len(documents))]
    try:
        if workers == 1:
            for html, part in zip(documents, parts):
                write_pdf(html, part)
        else:
            with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                list(pool.map(write_pdf, documents, parts))
        writer = PdfWriter()
        for part in parts:
            writer.append(str(part))
        with path.open("wb") as out:
            writer.write(out)
    finally:
        for part in parts:
            part.unlink(missing_ok=True)
