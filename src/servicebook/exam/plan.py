"""The yearly training plan (quizzes/plan.yml): which pages each role studies in which month.

Each role has a 12-slot cycle, slot 1 being December (the training year starts 2026-12), and the
file may override single dated months. Loading checks the file's shape; `check_plan_pages`
checks it against the knowledge base. Both report every problem with its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from servicebook import months, yamlfile
from servicebook.errors import Problem, ProblemsFound
from servicebook.kb.pages import KnowledgeBase, pages_for_role
from servicebook.kb.schema import ROLE_SLUGS
from servicebook.paths import display_path

START = "2026-12"
MONTH = months.MONTH
# Slot names in the order of the training year.
SLOT_NAMES = tuple(f"{m}月" for m in (12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11))
PLAN_ROLES = tuple(ROLE_SLUGS)
TOP_KEYS = ("start", "roles", "overrides")


@dataclass(frozen=True)
class PlanEntry:
    """One page id written in the plan, with where it was written."""

    key: str  # "3月" (cycle slot) or "2027-03" (override)
    role: str
    page_id: str
    line: int


@dataclass
class Plan:
    file: str
    start: str = START
    cycles: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # role → 12 slots
    overrides: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # month → role → ids
    entries: tuple[PlanEntry, ...] = ()

    def months(self, first: str | None = None, count: int = 12) -> list[str]:
        """`count` consecutive months from `first` (default: the plan's start)."""
        return months.following(first or self.start, count)

    def month_pages(self, month: str, role: str) -> tuple[str, ...]:
        """The pages planned for one month: its override if any, else the cycle slot."""
        override = self.overrides.get(month, {})
        if role in override:
            return override[role]
        slots = self.cycles.get(role)
        return slots[slot_index(month)] if slots else ()

    def pages_for(self, month: str, role: str) -> tuple[list[str], list[str]]:
        """(this month's pages, earlier months' pages in the same training year, most recent first)."""
        hint = f"培训计划从 {self.start} 开始；检查月份是否写错，或在 {self.file} 中补上这个月的页面。"
        if not MONTH.match(month):
            raise ProblemsFound([Problem(self.file, 0, f"{month} {role}：月份应写成 YYYY-MM，如 2027-03。",
                                         "月份用四位年份和两位月份，中间用 - 连接。")])
        if role not in self.cycles and not any(role in o for o in self.overrides.values()):
            raise ProblemsFound([Problem(self.file, 0, f"{month} {role}：培训计划中没有这个岗位。",
                                         f"岗位应为 {'、'.join(PLAN_ROLES)} 之一。")])
        current = list(self.month_pages(month, role)) if month >= self.start else []
        if not current:
            raise ProblemsFound([Problem(self.file, 0, f"{month} {role}：培训计划中没有这个月份。", hint)])
        earlier: list[str] = []
        first = cycle_start(month)
        for previous in reversed(self.months(first, slot_index(month))):
            if previous < self.start:
                continue
            for page_id in self.month_pages(previous, role):
                if page_id not in current and page_id not in earlier:
                    earlier.append(page_id)
        return current, earlier


slot_index = months.slot_index
cycle_start = months.cycle_start


# ---- Loading ----

def load_plan(path: Path) -> Plan:
    """Read quizzes/plan.yml; raise ProblemsFound listing every problem with its line."""
    plan, problems = read_plan(path)
    if any(not p.warning for p in problems):
        raise ProblemsFound(problems)
    return plan


def read_plan(path: Path) -> tuple[Plan, list[Problem]]:
    file = display_path(path)
    plan = Plan(file)
    root, problems = yamlfile.compose(path, file, ("找不到培训计划文件。", "新建 quizzes/plan.yml，格式见文件开头的说明。"))
    if problems:
        return plan, problems
    top = yamlfile.mapping(root)
    if top is None or "roles" not in top:
        return plan, [Problem(file, 1, "培训计划应包含 roles: 各岗位 12 个月的页面列表。",
                              "格式见 quizzes/plan.yml 开头的说明。")]
    problems: list[Problem] = []
    entries: list[PlanEntry] = []

    def bad(node, message: str, hint: str) -> None:
        problems.append(Problem(file, node.start_mark.line + 1, message, hint))

    for key, (key_node, _) in top.items():
        if key not in TOP_KEYS:
            bad(key_node, f"未知字段 {key}。", f"允许的字段：{'、'.join(TOP_KEYS)}。")
    if "start" in top:
        start = str(yamlfile.construct(top["start"][1]))
        if not MONTH.match(start) or not start.endswith("-12"):
            bad(top["start"][1], f"start 应为培训年度开始的 12 月，如 {START}，实际为 {start!r}。",
                f"写成 start: {START}")
        else:
            plan.start = start

    def page_list(node, key: str, role: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            bad(node, f"{role} {key}：应为页面 id 列表。", "写成 [ten-steps, first-responsibility]")
            return ()
        ids = []
        for item in node.value:
            value = yamlfile.construct(item)
            if not isinstance(value, str) or not value.strip():
                bad(item, f"{role} {key}：{value!r} 不是页面 id。", "写页面头部 id 字段的值，如 ten-steps")
                continue
            ids.append(value.strip())
            entries.append(PlanEntry(key, role, value.strip(), item.start_mark.line + 1))
        return tuple(ids)

    roles = yamlfile.mapping(top["roles"][1])
    if roles is None:
        bad(top["roles"][1], "roles 应为“岗位: 12 个月计划”的列表。", "格式见 quizzes/plan.yml 开头的说明。")
        roles = {}
    for role, (role_node, slots_node) in roles.items():
        if role not in PLAN_ROLES:
            bad(role_node, f"{role!r} 不是有计划的岗位；应为 {'、'.join(PLAN_ROLES)} 之一。",
                "全员 的页面会自动计入每个岗位，不单独写计划。")
            continue
        slots = yamlfile.mapping(slots_node)
        if slots is None:
            bad(slots_node, f"{role}：应为 12月、1月 … 11月 各月的页面列表。", "每个月写成 3月: [页面id, …]")
            continue
        cycle: list[tuple[str, ...]] = [()] * 12
        for name, (name_node, list_node) in slots.items():
            if name not in SLOT_NAMES:
                bad(name_node, f"{role}：{name!r} 不是月份；应为 {'、'.join(SLOT_NAMES)} 之一。",
                    "月份写成 12月、1月 这样的形式。")
                continue
            cycle[SLOT_NAMES.index(name)] = page_list(list_node, name, role)
        missing = [n for n in SLOT_NAMES if n not in slots]
        if missing:
            bad(role_node, f"{role}：缺少 {'、'.join(missing)} 的计划。", "12 个月都要写，每月至少一个页面。")
        plan.cycles[role] = tuple(cycle)

    if "overrides" in top:
        months = yamlfile.mapping(top["overrides"][1])
        if months is None:
            bad(top["overrides"][1], "overrides 应为“月份: {岗位: 页面列表}”。", '写成 "2027-03": {客服: [ten-steps]}')
            months = {}
        for month, (month_node, by_role_node) in months.items():
            if not MONTH.match(month):
                bad(month_node, f"overrides 中的月份 {month!r} 应写成 YYYY-MM。", '写成 "2027-03"（加引号）。')
                continue
            if month < plan.start:
                bad(month_node, f"overrides 中的月份 {month} 早于培训计划开始的 {plan.start}。", "删除这个月份或改正年份。")
            by_role = yamlfile.mapping(by_role_node)
            if by_role is None:
                bad(by_role_node, f"{month}：应为“岗位: 页面列表”。", "写成 客服: [ten-steps]")
                continue
            for role, (role_node, list_node) in by_role.items():
                if role not in PLAN_ROLES:
                    bad(role_node, f"{month}：{role!r} 不是有计划的岗位；应为 {'、'.join(PLAN_ROLES)} 之一。",
                        "改成上述岗位名称之一。")
                    continue
                plan.overrides.setdefault(month, {})[role] = page_list(list_node, month, role)
    plan.entries = tuple(entries)
    return plan, problems


# ---- Checking against the knowledge base ----

def check_plan_pages(plan: Plan, kb: KnowledgeBase) -> list[Problem]:
    """Unknown page ids are errors; pages missing from a role's year, or not for that role, are warnings."""
    problems = []
    pages = kb.by_id
    for entry in plan.entries:
        page = pages.get(entry.page_id)
        if page is None:
            problems.append(Problem(plan.file, entry.line, f"{entry.role} {entry.key}：页面 {entry.page_id} 不存在。",
                                    "写页面头部 id 字段的值（与文件名相同，不含 .md）。"))
        elif entry.role not in page.meta.roles and "全员" not in page.meta.roles:
            problems.append(Problem(plan.file, entry.line,
                                    f"{entry.role} {entry.key}：页面 {entry.page_id} 不适用于{entry.role}岗位。",
                                    f"从计划中删除，或在页面头部 roles 中加上 {entry.role}。", warning=True))
    for role, slots in plan.cycles.items():
        planned = {page_id for slot in slots for page_id in slot}
        for page in pages_for_role(kb, role):
            if page.meta.id not in planned:
                problems.append(Problem(plan.file, 0, f"{role}：页面 {page.meta.id}（{page.meta.title}）不在 12 个月的培训计划中。",
                                        f"把 {page.meta.id} 加到 roles → {role} 的某个月。", warning=True))
    return problems
