"""`servicebook bank stats`: question-bank coverage in the terminal (the figures and the HTML page: api.bank_stats)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import click

from servicebook import api
from servicebook.bank.stats import BankStats, tables
from servicebook.cli import project_option
from servicebook.cli.bank import bank, user_errors


@bank.command()
@project_option
@user_errors
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML 报告的保存位置（默认：项目根目录下 build/bank-stats.html）。")
def stats(root: Path, html_path: Path | None):
    """统计题库：按岗位、栏目、题型、难度、用途的题量，没有题目的页面，未出题的高亮，待复核的题目。"""
    target = html_path if html_path is not None else root / api.STATS_HTML
    result = api.bank_stats(root, html=target)
    if result.errors:
        click.echo(f"注意：页面或题库有 {result.errors} 个错误，统计可能不完整（运行 servicebook check 查看）。", err=True)
    click.echo(render_text(result))
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
