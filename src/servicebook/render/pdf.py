"""papers.pdf: all papers in one WeasyPrint call (a page costs about a second; one call shares the work)."""

from __future__ import annotations

import shutil
import subprocess
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
    """Render one HTML document (all papers) to path."""
    from weasyprint import HTML

    HTML(string=html, base_url=str(path.parent)).write_pdf(str(path))
