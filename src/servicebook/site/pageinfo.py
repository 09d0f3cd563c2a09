"""The small header every page shows: version, dates, roles, sources, and an overdue notice."""

from __future__ import annotations

import datetime as dt
from html import escape

from servicebook.kb.schema import PageMeta


def page_header(meta: PageMeta, today: dt.date) -> str:
    roles = "、".join(meta.roles)
    sources = "；".join(meta.sources)
    parts = [
        '<div class="sb-pageinfo" data-search-exclude>',
        f'<span>版本 {escape(meta.version)}</span>',
        f'<span>生效 {meta.effective.isoformat()}</span>',
        f'<span>复审 {meta.review_by.isoformat()}</span>',
        f'<span>适用岗位：{escape(roles)}</span>',
        f'<span class="sb-sources">资料来源：{escape(sources)}</span>',
        "</div>",
    ]
    html = "".join(parts)
    if today > meta.review_by:
        html += (
            '<div class="admonition warning sb-overdue" data-search-exclude>'
            '<p class="admonition-title">本页已超过复审日期</p>'
            f"<p>本页应于 {meta.review_by.isoformat()} 前复审，内容可能已经过时。"
            "执行前请向培训负责人或品质部门核实。</p></div>"
        )
    return html
