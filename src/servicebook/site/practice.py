"""Training on the site (issue 6): practice blocks, 错题本, 本月学习 and 每日一练 (pure: no file access).

Only questions marked `use: practice` or `use: both` (and generated ones, which are `both`) ever
reach the site: every payload is built from `eligible()`, so an exam-only question cannot leak.
The browser code (assets/practice.js, assets/daily.js) renders the blocks from the JSON built here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import posixpath
from collections.abc import Callable, Iterable

from servicebook.bank.questions import Question
from servicebook.kb.pages import KnowledgeBase
from servicebook.site.rolebooks import ROLE_SLUGS, front_matter

PRACTICE_TYPES = ("单选", "多选", "判断", "填空", "排序")  # 情景 needs a marker, not a browser
PRACTICE_DIR = "practice"
INDEX_PAGE = f"{PRACTICE_DIR}/index.md"
WRONG_PAGE = f"{PRACTICE_DIR}/wrong.md"
DAILY_PAGE = f"{PRACTICE_DIR}/daily.md"
DAILY_ROLES = tuple(ROLE_SLUGS)  # 新员工 included
DAILY_SIZE = 10


def month_page(slug: str) -> str:
    return f"{PRACTICE_DIR}/this-month-{slug}.md"


def generated_paths() -> set[str]:
    """Every page this module generates (for the link and nav checks)."""
    return {INDEX_PAGE, WRONG_PAGE, DAILY_PAGE} | {month_page(slug) for slug in ROLE_SLUGS.values()}


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


def daily_payload(questions: Iterable[Question], kb: KnowledgeBase, link: Callable[[str], str],
                  renamed: dict[str, str] | None = None) -> dict:
    """Cards for 每日一练: the generated 填空 question of every highlighted fact, with its roles.

    Kept lean because the page carries every card: a card names its page by index into `pages`,
    and the browser rebuilds the explanation (the page title and the sentence with the blank
    filled in), which is all a generated explanation says. `link(src)` returns the URL of a
    docs/ page relative to the daily page.
    """
    by_id = kb.by_id
    pages: list[dict] = []
    index: dict[str, int] = {}
    cards = []
    for question in eligible(questions):
        page = by_id.get(question.page_id)
        if not question.generated or question.type != "填空" or page is None:
            continue
        if page.src not in index:
            index[page.src] = len(pages)
            pages.append({"title": page.title, "url": link(page.src)})
        cards.append({"id": question.id, "stem": question.stem, "anchor": question.anchor,
                      "answer": [question.accepted(i) for i in range(len(question.answer))],
                      "roles": list(question.roles), "page": index[page.src]})
    data = {"roles": list(DAILY_ROLES), "size": DAILY_SIZE, "pages": pages, "cards": cards}
    if renamed:
        data["renamed"] = renamed_hashes(renamed)
    return data


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


def daily_block(payload: dict) -> str:
    return (f'<div class="sb-daily" data-search-exclude>{script_json(payload, "sb-daily-data")}'
            f'<noscript>每日一练需要启用浏览器的 JavaScript。</noscript></div>')


# ---- Generated pages ----

def index_page() -> str:
    lines = [*front_matter("学习与自测"), "", "# 学习与自测", "",
             "- [每日一练](daily.md)：按遗忘规律安排的每日 10 题，练的是各页面中标出的应知应会。",
             "- [错题本](wrong.md)：所有答错的题目，答对后自动移出。", "",
             "## 本月学习", "", "按岗位列出本月和下月培训计划中要学习的页面。", ""]
    lines += [f"- [{role}本月学习](this-month-{slug}.md)" for role, slug in ROLE_SLUGS.items()]
    lines += ["", "各知识页面末尾的“自测”部分可以随读随练，记录只保存在本机浏览器中，换电脑或清除浏览器数据后会丢失。", ""]
    return "\n".join(lines)


def wrong_page() -> str:
    return "\n".join([*front_matter("错题本"), "", "# 错题本", "",
                      "这里列出你在各页面“自测”中答错的题目，最近答错的在前。点击题目回到原页面重做，答对后自动移出错题本。", "",
                      '<div class="sb-wrong" data-search-exclude markdown="0">'
                      '<noscript>错题本需要启用浏览器的 JavaScript。</noscript></div>', ""])


def daily_page() -> str:
    return "\n".join([*front_matter("每日一练"), "", "# 每日一练", "",
                      "每次 10 题，题目来自你所在岗位各页面标出的应知应会。系统按遗忘规律安排复习：答错的题很快再练，"
                      "答对的题间隔逐渐拉长。记录只保存在本机浏览器中。", ""])


def month_name(month: str) -> str:
    return f"{int(month[:4])} 年 {int(month[5:7])} 月"


def next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + 1:04d}-01" if number == 12 else f"{year:04d}-{number + 1:02d}"


def this_month_page(kb: KnowledgeBase, role: str, today: dt.date,
                    pages_for: Callable[[str, str], list[str]] | None) -> str:
    """本月学习 for one role: this month's and next month's pages of the plan (taken at build time).

    `pages_for(month, role)` returns the page ids planned for that month ([] when none);
    None means there is no usable plan.
    """
    src = month_page(ROLE_SLUGS[role])
    month = today.strftime("%Y-%m")
    lines = [*front_matter(f"{role}本月学习"), "", f"# {role}本月学习", "",
             f"根据培训计划列出{role}岗位本月和下月要学习的页面（本页生成于 {today.isoformat()}）。"
             "读完每页后，做页末的“自测”。", ""]
    if pages_for is None:
        return "\n".join(lines + ["培训计划尚未制定（quizzes/plan.yml），暂无安排。", ""])
    by_id = kb.by_id
    for heading, when in (("本月", month), ("下月", next_month(month))):
        lines += [f"## {heading}（{month_name(when)}）", ""]
        ids = pages_for(when, role)
        if not ids:
            lines += ["这个月没有安排学习页面。", ""]
            continue
        for page_id in ids:
            page = by_id.get(page_id)
            if page is None:
                lines.append(f"- {page_id}（页面不存在）")
            else:
                link = posixpath.relpath(page.src, posixpath.dirname(src))
                lines.append(f"- [{page.title}]({link})")
        lines.append("")
    return "\n".join(lines)
