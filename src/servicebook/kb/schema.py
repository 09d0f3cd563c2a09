"""The front-matter schema every knowledge-base page must follow (pure: no file access)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from servicebook.errors import Problem

ROLES = ("全员", "客服", "安保", "工程", "环境", "案场", "管理", "新员工")
# ASCII slugs of the roles that have a role page, a plan and a blueprint (file names are ASCII; titles stay Chinese).
ROLE_SLUGS = {
    "客服": "kefu", "安保": "anbao", "工程": "gongcheng", "环境": "huanjing",
    "案场": "anchang", "管理": "guanli", "新员工": "xinyuangong",
}
CATEGORIES = ("理念与体系", "服务标准", "礼仪与话术", "投诉处理", "维修与工程", "前台事务", "培训与考核", "附录")
REQUIRED_KEYS = ("title", "id", "category", "roles", "sources", "version", "effective", "review_by")
# Optional keys of ours: `questions: practice` marks a background page (company profile, projects,
# case narratives) whose highlights make practice questions only, never exam questions.
OPTIONAL_KEYS = ("questions",)
QUESTION_USES = ("practice", "both")
# Keys Material for MkDocs itself understands; allowed beside ours.
THEME_KEYS = ("description", "hide", "icon", "search", "status", "subtitle", "tags", "template")
ALLOWED_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS + THEME_KEYS
# Categories whose pages must end with a 常见问法 list (issue 3).
FAQ_CATEGORIES = ("服务标准", "礼仪与话术", "投诉处理", "维修与工程")
PAGE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_NAMES = {
    "title": "标题", "id": "页面编号", "category": "栏目", "roles": "适用岗位", "sources": "资料来源",
    "version": "版本", "effective": "生效日期", "review_by": "复审日期", "questions": "出题用途",
}


@dataclass(frozen=True)
class PageMeta:
    """Validated front matter of one page."""

    title: str
    id: str
    category: str
    roles: tuple[str, ...]
    sources: tuple[str, ...]
    version: str
    effective: dt.date
    review_by: dt.date
    questions: str = "both"  # "practice": highlights make practice questions only (background page)


def validate_meta(
    meta: dict[str, Any],
    lines: dict[str, int],
    path: str,
    known_sources: frozenset[str] | None = None,
) -> tuple[PageMeta | None, list[Problem]]:
    """Check one page's front matter; return the typed meta (None if invalid) and every problem."""
    problems: list[Problem] = []
    head = lines.get("", 1)

    def bad(key: str, message: str, hint: str) -> None:
        problems.append(Problem(path, lines.get(key, head), message, hint))

    for key in meta:
        if key not in ALLOWED_KEYS:
            bad(key, f"未知字段 {key}；允许的字段为 {'、'.join(ALLOWED_KEYS)}。",
                f"删除 {key}，或检查是否拼错（如 review_by 写成了 reviewby）。")
    for key in REQUIRED_KEYS:
        if key not in meta or meta[key] in (None, "", []):
            problems.append(Problem(path, head, f"缺少必填字段 {key}（{KEY_NAMES[key]}）。",
                                    f"在页面头部加上 {key}: …，写法见 CONTRIBUTING.md 第二节。"))

    title = meta.get("title")
    if title is not None and not (isinstance(title, str) and title.strip()):
        bad("title", f"title 应为中文标题文字，实际为 {title!r}。", "写成 title: 处理投诉十步法")

    page_id = meta.get("id")
    if page_id is not None and not (isinstance(page_id, str) and PAGE_ID.match(page_id)):
        bad("id", f"id 应为小写英文、数字和连字符组成的编号，实际为 {page_id!r}。",
            "一般与文件名相同，如 id: ten-steps")

    category = meta.get("category")
    if category is not None and category not in CATEGORIES:
        bad("category", f"category 应为 {'、'.join(CATEGORIES)} 之一，实际为 {category!r}。",
            "按页面所在目录填写对应栏目，见 CONTRIBUTING.md 第一节。")

    roles = _string_list(meta.get("roles"))
    if meta.get("roles") is not None:
        if roles is None:
            bad("roles", f"roles 应为岗位列表，实际为 {meta.get('roles')!r}。", "写成 roles: [客服, 管理]")
        else:
            for role in roles:
                if role not in ROLES:
                    bad("roles", f"roles 中的 {role!r} 不是有效岗位；应为 {'、'.join(ROLES)} 之一。",
                        "改成上述岗位名称之一（维修岗位写 工程，保安写 安保）。")

    sources = _string_list(meta.get("sources"))
    if meta.get("sources") is not None:
        if sources is None:
            bad("sources", f"sources 应为资料标题列表，实际为 {meta.get('sources')!r}。",
                "写成 sources: [哈密波尔多小镇物业管理培训报告]")
        elif known_sources is not None:
            for source in sources:
                if source not in known_sources:
                    bad("sources", f"sources 中的 {source!r} 不在资料清单 includes/sources.yml 中。",
                        "按 includes/sources.yml 中的标题原样填写；新资料先加入该清单。")

    version = meta.get("version")
    if version is not None and not isinstance(version, (str, int, float)):
        bad("version", f"version 应为版本号，实际为 {version!r}。", '写成 version: "1.0"')

    uses = meta.get("questions", "both")
    if uses not in QUESTION_USES:
        bad("questions", f"questions（出题用途）应为 practice 或 both，实际为 {uses!r}。",
            "背景资料页（公司简介、项目资料、案例叙述）写 questions: practice，只出网站自测题、不出考试题；"
            "其他页面不写此字段。")

    dates = {}
    for key in ("effective", "review_by"):
        value = meta.get(key)
        if value is None:
            continue
        parsed = _as_date(value)
        if parsed is None:
            bad(key, f"{key}（{KEY_NAMES[key]}）应为日期 YYYY-MM-DD，实际为 {value!r}。",
                f"写成 {key}: 2026-12-01")
        dates[key] = parsed
    if dates.get("effective") and dates.get("review_by") and dates["review_by"] < dates["effective"]:
        bad("review_by", f"复审日期 {dates['review_by']} 早于生效日期 {dates['effective']}。",
            "把 review_by 改为生效日期之后的日期。")

    if problems:
        return None, problems
    return PageMeta(
        title=title.strip(), id=page_id, category=category, roles=tuple(roles), sources=tuple(sources),
        version=str(version), effective=dates["effective"], review_by=dates["review_by"], questions=uses,
    ), []


def _string_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    return None


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
