"""`servicebook bank stats`: question-bank coverage in the terminal and as an offline HTML page."""

from __future__ import annotations

import html
import unicodedata
from pathlib import Path

import click

from servicebook.bank.generate import generated_questions
from servicebook.bank.stats import BankStats, compute_stats, tables
from servicebook.check import Project, check_bank, check_site
from servicebook.cli import project_option
from servicebook.cli.bank import bank
from servicebook.paths import atomic_write_bytes

DEFAULT_HTML = Path("build") / "bank-stats.html"


@bank.command()
@project_option
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML 报告的保存位置（默认：项目根目录下 build/bank-stats.html）。")
def stats(root: Path, html_path: Path | None):
    """统计题库：按岗位、栏目、题型、难度、用途的题量，没有题目的页面，未出题的高亮，待复核的题目。"""
    project = Project(root)
    kb, problems = check_site(project)
    bank_data, bank_problems = check_bank(project, kb)
    errors = [p for p in problems + bank_problems if not p.warning]
    if errors:
        click.echo(f"注意：页面或题库有 {len(errors)} 个错误，统计可能不完整（运行 servicebook check 查看）。", err=True)
    result = compute_stats(kb, bank_data.questions, generated_questions(kb), bank_problems)
    click.echo(render_text(result))
    target = html_path if html_path is not None else root / DEFAULT_HTML
    atomic_write_bytes(target, render_html(result).encode("utf-8"))
    click.echo(f"已写入 {target}")


def width(text: str) -> int:
    """Display width in a terminal: East Asian wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    fill = " " * max(columns - width(text), 0)
    return fill + text if right else text + fill


def text_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(width(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(pad(c, w, right=i > 0) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return [line(headers), "  ".join("─" * w for w in widths), *map(line, rows)]


def render_text(result: BankStats) -> str:
    out: list[str] = []
    for title, headers, rows in tables(result):
        out += [f"【{title}】", *text_table(headers, rows), ""]
    out.append(f"【没有任何题目的页面】{len(result.pages_without_questions)} / {result.content_pages} 个")
    out += [f"  {p.title}（{p.page_id}）  {p.file}" for p in result.pages_without_questions] or ["  无"]
    out.append(f"\n【没有单选题、也没有人工题的高亮】{len(result.uncovered_facts)} 条")
    out += [f"  《{f.page.title}》{f.heading}：{f.text}（{f.reason}）  {f.page.file}:{f.line}"
            for f in result.uncovered_facts] or ["  无"]
    out.append(f"\n【需要复核的题目】{len(result.stale)} 道")
    out += [f"  {s.question_id}：《{s.page.title}》{s.heading}  {s.file}:{s.line}" for s in result.stale] or ["  无"]
    return "\n".join(out)


CSS = """
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:60rem;
padding:0 1rem;color:#222;line-height:1.5}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .75rem}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
li{margin:.2rem 0}.muted{color:#777}
"""


def _html_table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{html.escape(c)}</td>' if i else f"<td>{html.escape(c)}</td>"
                         for i, c in enumerate(row)) + "</tr>"
        for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _html_list(items: list[str]) -> str:
    if not items:
        return '<p class="muted">无</p>'
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def render_html(result: BankStats) -> str:
    e = html.escape
    parts = [f"<h2>{e(title)}</h2>{_html_table(headers, rows)}" for title, headers, rows in tables(result)]
    parts.append(f"<h2>没有任何题目的页面（{len(result.pages_without_questions)} / {result.content_pages}）</h2>")
    parts.append(_html_list([f"{p.title}（{p.page_id}）— {p.file}" for p in result.pages_without_questions]))
    parts.append(f"<h2>没有单选题、也没有人工题的高亮（{len(result.uncovered_facts)}）</h2>")
    parts.append(_html_list([f"《{f.page.title}》{f.heading}：{f.text}（{f.reason}）— {f.page.file}:{f.line}"
                             for f in result.uncovered_facts]))
    parts.append(f"<h2>需要复核的题目（{len(result.stale)}）</h2>")
    parts.append(_html_list([f"{s.question_id}：《{s.page.title}》{s.heading} — {s.file}:{s.line}"
                             for s in result.stale]))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>题库统计</title><style>{CSS}</style></head><body>"
        f"<h1>题库统计</h1>{''.join(parts)}</body></html>\n"
    )
