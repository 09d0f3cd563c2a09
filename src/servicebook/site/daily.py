"""每日一练 data (issue 6, 14): the cards of each role, one script per role so a reader downloads
only their own deck (pure: no file access).

A card is the generated 填空 question of one highlighted fact. 新员工 drills the pages of the
新员工入职路径 by week; every other role drills the pages for that role and for 全员.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterable

from servicebook.bank.questions import Question
from servicebook.kb.pages import KnowledgeBase
from servicebook.site.practice import script_json
from servicebook.kb.schema import ROLE_SLUGS

SIZE = 10
NEW_HIRE = "新员工"
SCRIPT_DIR = "assets/servicebook/daily"
WEEK = re.compile(r"^##\s*第\s*(\d+)\s*周")
TASK_LINK = re.compile(r"^\s*[-*]\s+\[[ xX]\]\s+\[[^\]]*\]\(([^)#\s]+)")


def script_path(role: str) -> str:
    return f"{SCRIPT_DIR}/{ROLE_SLUGS[role]}.js"


def cards(questions: Iterable[Question]) -> list[Question]:
    """Every card of the site: generated 填空 questions among those a reader may see (the caller
    passes practice.eligible(), which already leaves out questions trainers retired)."""
    return [q for q in questions if q.generated and q.type == "填空"]


def onboarding_weeks(kb: KnowledgeBase, src: str) -> list[list[str]]:
    """Page ids of each week of the onboarding path (the task-list links under "## 第N周")."""
    page = kb.pages.get(src)
    if page is None:
        return []
    weeks: dict[int, list[str]] = {}
    week = None
    for line in page.body.splitlines():
        if line.startswith("## "):
            match = WEEK.match(line)
            week = int(match.group(1)) if match else None
            continue
        link = TASK_LINK.match(line)
        if week is None or not link:
            continue
        target = kb.pages.get(posixpath.normpath(posixpath.join(posixpath.dirname(src), link.group(1))))
        if target is not None and target.meta is not None:
            weeks.setdefault(week, []).append(target.meta.id)
    return [weeks[w] for w in sorted(weeks)]


def payload(role: str, questions: Iterable[Question], kb: KnowledgeBase, link: Callable[[str], str],
            weeks: list[list[str]] | None = None) -> dict:
    """One role's deck. Cards name their page by index into `pages`; the browser rebuilds the
    explanation (page title and the sentence with the blank filled in). For 新员工, `weeks`
    lists each onboarding week's pages, again as indexes, and only those pages are drilled."""
    pages: list[dict] = []
    index: dict[str, int] = {}

    def ref(page) -> int:
        if page.src not in index:
            index[page.src] = len(pages)
            pages.append({"title": page.title, "url": link(page.src)})
        return index[page.src]

    on_path = {page_id for week in weeks or [] for page_id in week}
    data: dict = {"role": role, "size": SIZE, "pages": pages, "cards": []}
    if weeks is not None:
        data["weeks"] = [[ref(kb.by_id[page_id]) for page_id in week] for week in weeks]
    for question in questions:
        page = kb.by_id.get(question.page_id)
        if page is None:
            continue
        mine = question.page_id in on_path if weeks is not None else (role in question.roles or "全员" in question.roles)
        if mine:
            data["cards"].append({"id": question.id, "stem": question.stem, "anchor": question.anchor,
                                  "answer": [question.accepted(i) for i in range(len(question.answer))],
                                  "page": ref(page)})
    return data


def role_script(data: dict) -> str:
    """A classic script handing one role's deck to the daily page (works opened from disk)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"window.servicebook.daily.receive({text});\n"


def block(scripts: dict[str, str]) -> str:
    """The 每日一练 block: the roles and where each role's deck is (URLs relative to the page)."""
    config = {"roles": list(ROLE_SLUGS), "scripts": scripts}
    return (f'<div class="sb-daily" data-search-exclude>{script_json(config, "sb-daily-data")}'
            f'<noscript>每日一练需要启用浏览器的 JavaScript。</noscript></div>')
