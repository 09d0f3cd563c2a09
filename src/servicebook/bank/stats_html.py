"""`servicebook bank stats` as an offline HTML page (pure: the page as a string)."""

from __future__ import annotations

import html

from servicebook.bank.stats import BankStats, tables

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
