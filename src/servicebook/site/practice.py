"""Training on the site (issue 6): practice blocks, 错题本, 本月学习 and 每日一练 (pure: no file access).

Only questions marked `use: practice` or `use: both` (and generated ones, which are `both`) ever
reach the site: every payload is built from `eligible()`, so an exam-only question cannot leak.
The browser code (assets/, bundled by bundle.py) renders the blocks from the JSON built here;
每日一练's cards are built in daily.py.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Callable, Iterable

from typing import TYPE_CHECKING

from servicebook.bank.questions import Question
from servicebook.kb.pages import KnowledgeBase
from servicebook.kb.schema import ROLE_SLUGS
from servicebook.site.rolebooks import front_matter

if TYPE_CHECKING:
    from servicebook.exam.plan import Plan

PRACTICE_TYPES = ("单选", "多选", "判断", "填空", "排序")  # 情景 needs a marker, not a browser
PRACTICE_DIR = "practice"
INDEX_PAGE = f"{PRACTICE_DIR}/index.md"
WRONG_PAGE = f"{PRACTICE_DIR}/wrong.md"
DAILY_PAGE = f"{PRACTICE_DIR}/daily.md"
MONTH_PAGE = f"{PRACTICE_DIR}/month.md"


def generated_paths() -> set[str]:
    """Every page this module generates (for the link and nav checks)."""
    return {INDEX_PAGE, WRONG_PAGE, DAILY_PAGE, MONTH_PAGE}


# ---- Selecting questions ----

def eligible(questions: Iterable[Question], retired: frozenset[str] = frozenset()) -> list[Question]:
    """Questions a reader may see on the site: practice/both, of a type the browser can check, not
    retired by the trainers' review (停用 in quizzes/review.yml)."""
    return [q for q in questions if q.for_practice and q.type in PRACTICE_TYPES and q.id not in retired]


def by_page(questions: Iterable[Question]) -> dict[str, list[Question]]:
    """Practice questions grouped by the page id of their source, bank questions first.

    A highlighted fact yields a 填空 and a 单选 with the same sentence; side by side the first
    gives the second away, so a page keeps one per fact (the 单选 when there is one; 每日一练
    drills the 填空 form)."""
    pool = eligible(questions)
    with_choice = {q.id.removesuffix("-c") for q in pool if q.generated and q.id.endswith("-c")}
    grouped: dict[str, list[Question]] = {}
    for question in sorted(pool, key=lambda q: (q.generated, q.id)):
        if question.generated and question.id.endswith("-t") and question.id.removesuffix("-t") in with_choice:
            continue
        grouped.setdefault(question.page_id, []).append(question)
    return grouped


# ---- Payloads (JSON the browser reads) ----

def question_payload(question: Question) -> dict:
    """What the browser needs to show and check one question."""
    data = {"id": question.id, "type": question.type, "stem": question.stem,
            "explanation": question.explanation, "anchor": question.anchor}
    if question.type in ("单选", "多选", "判断"):
        data["options"] = list(question.options)
        data["answer"] = list(question.answer)
    elif question.type == "填空":
        data["answer"] = [question.accepted(i) for i in range(len(question.answer))]
    elif question.type == "排序":
        data["answer"] = list(question.items)
        # Shown in a fixed shuffled order (never the right one), the same on every build.
        data["items"] = _shuffled(question.id, list(question.items))
    return data


def _shuffled(key: str, items: list[str]) -> list[str]:
    order = sorted(items, key=lambda item: hashlib.sha256((key + item).encode("utf-8")).hexdigest())
    return order if order != items else order[1:] + order[:1]


def page_payload(page_id: str, title: str, questions: list[Question]) -> dict:
    return {"page": page_id, "title": title, "questions": [question_payload(q) for q in questions]}


def renamed_hashes(renamed: dict[str, str]) -> dict[str, str]:
    """The old → new id map (bank/idmap.py) as the browser migrates saved 错题本/每日一练 state:
    an old generated id gen-<page>-<old hash>-<t|c> becomes gen-<page>-<new hash>-<t|c>, so only
    the hashes are shipped (old hash → new hash)."""
    hashes = {}
    for old, new in renamed.items():
        old_hash, new_hash = old.rsplit("-", 2)[1], new.rsplit("-", 2)[1]
        hashes[old_hash] = new_hash
    return dict(sorted(hashes.items()))


def script_json(data: dict, css_class: str) -> str:
    """A <script type="application/json"> element; '</' is escaped so text cannot close it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" class="{css_class}">{text}</script>'


def practice_block(payload: dict) -> str:
    """The 自测 block appended to a page: a heading, the data, and a place for practice.js to fill."""
    count = len(payload["questions"])
    return (f'<div class="sb-practice" data-search-exclude data-page="{html.escape(payload["page"])}">'
            f'<h2 class="sb-practice__title">自测</h2>'
            f'<p class="sb-practice__intro">本页共 {count} 道练习题，作答后立即显示对错和解析；'
            f'答题记录只保存在本机浏览器中。</p>'
            f'<noscript>自测需要启用浏览器的 JavaScript。</noscript>'
            f'{script_json(payload, "sb-practice-data")}<div class="sb-practice__list"></div></div>')


# ---- Generated pages ----

def index_page() -> str:
    lines = [*front_matter("学习与自测"), "", "# 学习与自测", "",
             "- [每日一练](daily.md)：按遗忘规律安排的每日 10 题，练的是各页面中标出的应知应会。",
             "- [错题本](wrong.md)：所有答错的题目，答对后自动移出。", "",
             "- [本月学习](month.md)：按培训计划列出你所在岗位本月和下月要学的页面。", "",
             "各知识页面末尾的“自测”部分可以随读随练，记录只保存在本机浏览器中，换电脑或清除浏览器数据后会丢失。", ""]
    return "\n".join(lines)


def wrong_page() -> str:
    return "\n".join([*front_matter("错题本"), "", "# 错题本", "",
                      "这里列出你在各页面“自测”和每日一练中答错的题目，最近答错的在前。点“去重做”重新作答，答对后自动移出错题本。", "",
                      '<div class="sb-wrong" data-search-exclude markdown="0">'
                      '<noscript>错题本需要启用浏览器的 JavaScript。</noscript></div>', ""])


def daily_page() -> str:
    return "\n".join([*front_matter("每日一练"), "", "# 每日一练", "",
                      "每次 10 题，题目来自你所在岗位各页面标出的应知应会。系统按遗忘规律安排复习：答错的题很快再练，"
                      "答对的题间隔逐渐拉长。记录只保存在本机浏览器中。", ""])


def plan_payload(plan: Plan | None, kb: KnowledgeBase, link: Callable[[str], str], version: str) -> dict:
    """The training plan for 本月学习, worked out in the browser from the reader's clock.

    Cycles and overrides name pages by index into `pages` (title and URL relative to the month
    page); `version` says which plan the page shows. A plan page id that no page has is left out
    (`servicebook check` reports it).
    """
    pages: list[dict] = []
    index: dict[str, int] = {}

    def refs(ids) -> list[int]:
        out = []
        for page_id in ids:
            page = kb.by_id.get(page_id)
            if page is None:
                continue
            if page_id not in index:
                index[page_id] = len(pages)
                pages.append({"title": page.title, "url": link(page.src)})
            out.append(index[page_id])
        return out

    data = {"roles": list(ROLE_SLUGS), "version": version, "start": "9999-12", "cycles": {}, "overrides": {},
            "pages": pages}
    if plan is not None:
        data["start"] = plan.start
        data["cycles"] = {role: [refs(slot) for slot in slots] for role, slots in plan.cycles.items()}
        data["overrides"] = {month: {role: refs(ids) for role, ids in roles.items()}
                             for month, roles in plan.overrides.items()}
    return data


def plan_version(plan: Plan | None, built: str) -> str:
    """How the page names the plan it shows, e.g. "2026 年 12 月起的培训计划（网站更新于 2026-11-30）"."""
    if plan is None:
        return f"网站更新于 {built}，培训计划尚未制定"
    return f"{int(plan.start[:4])} 年 {int(plan.start[5:7])} 月起的培训计划（网站更新于 {built}）"


def month_page() -> str:
    return "\n".join([*front_matter("本月学习"), "", "# 本月学习", "",
                       "按培训计划列出你所在岗位本月和下月要学习的页面，月底考试就考这些内容。读完每页后，做页末的“自测”。", ""])


def month_block(payload: dict) -> str:
    return (f'<div class="sb-month" data-search-exclude>{script_json(payload, "sb-month-data")}'
            f'<noscript>本月学习需要启用浏览器的 JavaScript。</noscript></div>')


def wrong_block(ids: Iterable[str], daily_url: str, renamed: dict[str, str] | None = None) -> str:
    """What the 错题本 needs: the ids the site has (entries of other ids are dropped), where
    每日一练 is, and the renamed generated ids (old hash → new hash) to migrate stored entries."""
    data = {"ids": sorted(set(ids)), "daily": daily_url, "renamed": renamed_hashes(renamed or {})}
    return script_json(data, "sb-wrong-data")
