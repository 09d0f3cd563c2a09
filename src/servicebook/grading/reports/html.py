"""Self-contained HTML for reports: inline CSS, inline SVG charts, no scripts or network requests.

Names, 项目, 工号, stems and answers come from rosters and answer sheets that anyone may have typed
into, so every piece of text goes through html.escape here; builders never write markup around
data themselves, and markup made here (links) is marked Raw so it is not escaped twice. Plain
html.escape rather than a template engine: the reports are a handful of tables and cards, and
these helpers keep the one rule in one place.
"""

from __future__ import annotations

import itertools
from html import escape

from servicebook.tables import CHANGE, DECIMAL, ONE_DECIMAL, PERCENT, PERCENT_CHANGE

_GENERAL = itertools.repeat("")  # cells beyond the headers

CSS = """
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:1100px;
color:#222;padding:0 1rem}h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:2px solid #3f51b5;padding-bottom:.2rem;
margin-top:2rem}table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}th,td{border:1px solid #ccc;
padding:.3rem .5rem;text-align:left}th{background:#eef}tr.flag td{background:#fff4e5}.num{text-align:right}
.tag{display:inline-block;border-radius:3px;padding:0 .3rem;margin-right:.2rem;background:#f57c00;color:#fff;
font-size:.8rem}.muted{color:#777;font-size:.85rem}.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid
#ccc;border-radius:6px;padding:.6rem 1rem;min-width:8rem}.card b{display:block;font-size:1.4rem}
@media print{body{margin:0}}
"""


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n<h1>{escape(title)}</h1>\n{body}\n"
            '<p class="muted">本报告含员工个人成绩，仅供培训管理使用，请勿上传到知识库网站。</p>\n</body>\n</html>\n')


def table(headers: list[str], rows: list[list], row_classes: list[str] | None = None) -> str:
    """Cells are escaped unless wrapped in Raw (already-built HTML such as links); numbers are shown
    as their column's spreadsheet format says (a Column with PERCENT shows 0.875 as 87.5%)."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    formats = [getattr(h, "number_format", "") for h in headers]
    body = []
    for index, cells in enumerate(rows):
        css = f' class="{row_classes[index]}"' if row_classes and row_classes[index] else ""
        body.append(f"<tr{css}>" + "".join(map(_cell, cells, itertools.chain(formats, _GENERAL))) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def paragraph(text: str, css: str = "") -> str:
    return f'<p class="{css}">{escape(text)}</p>' if css else f"<p>{escape(text)}</p>"


class Raw(str):
    """HTML that must not be escaped again."""


def link(href: str, text: str) -> Raw:
    return Raw(f'<a href="{escape(href, quote=True)}">{escape(text)}</a>')


def cards(items: list[tuple[str, str]]) -> str:
    return '<div class="cards">' + "".join(f'<div class="card">{escape(label)}<b>{escape(value)}</b></div>'
                                           for label, value in items) + "</div>"


def _cell(value, number_format: str = "") -> str:
    kind = type(value)
    if kind is str:  # the common cases first: plain text, then numbers
        return f"<td>{escape(value)}</td>"
    if kind is float or kind is int:
        return f'<td class="num">{number_text(value, number_format)}</td>'
    if isinstance(value, Raw):
        return f"<td>{value}</td>"
    return f"<td>{escape('—' if value is None else str(value))}</td>"


def number_text(value: float, number_format: str = "") -> str:
    """A number as its spreadsheet format shows it: 87.5%, 0.42, 71.3; plain numbers without float noise."""
    if number_format == PERCENT:
        return f"{value * 100:.1f}%"
    if number_format == DECIMAL:
        return f"{value:.2f}"
    if number_format == ONE_DECIMAL:
        return f"{value:.1f}"
    if number_format == CHANGE:
        return f"{value:+.1f}"
    if number_format == PERCENT_CHANGE:
        return f"{value * 100:+.1f}%"
    return f"{value}" if isinstance(value, int) else f"{round(value, 2):g}"


def bar_chart(labels: list[str], values: list[float], *, title: str, unit: str = "", maximum: float | None = None,
              width: int = 720, height: int = 240) -> str:
    """A vertical bar chart as inline SVG (histograms, per-project comparisons)."""
    top = maximum if maximum else max(values or [1]) or 1
    left, bottom, pad = 40, 40, 10
    plot_w, plot_h = width - left - pad, height - bottom - pad
    step = plot_w / max(len(values), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(title, quote=True)}"><title>{escape(title)}</title>',
             f'<line x1="{left}" y1="{pad + plot_h}" x2="{width - pad}" y2="{pad + plot_h}" stroke="#333"/>']
    for index, (label, value) in enumerate(zip(labels, values)):
        h = plot_h * value / top if top else 0
        x = left + index * step + step * 0.1
        y = pad + plot_h - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.8:.1f}" height="{h:.1f}" fill="#3f51b5"/>')
        parts.append(f'<text x="{x + step * 0.4:.1f}" y="{y - 3:.1f}" font-size="11" text-anchor="middle">'
                     f'{escape(_number(value))}{escape(unit)}</text>')
        parts.append(f'<text x="{x + step * 0.4:.1f}" y="{pad + plot_h + 16}" font-size="11" text-anchor="middle">'
                     f"{escape(label)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _number(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"
