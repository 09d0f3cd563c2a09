"""Can the bank serve every monthly exam of the plan? (pure: takes loaded data, returns Problems)

For each (month, role) the paper needs, from the pages of this month and earlier months of the
training year, `count` exam questions of each section's type and (besides the review share)
enough questions from this month's pages; those are errors. The difficulty mix is a target that
assembly follows as closely as the pool allows, so missing it is a warning.
`allocate` finds how many questions of each (type, difficulty) to draw so both the sections and
the difficulty mix hold; exam assembly draws by the same allocation (allocation.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from servicebook.bank.questions import Question
from servicebook.errors import Problem, ProblemsFound
from servicebook.exam.allocation import Cell, difficulty_allocation
from servicebook.exam.blueprint import Blueprint
from servicebook.exam.plan import Plan, cycle_start

NO_REPEAT_MONTHS = 3
CHECK_PAPERS = 20  # a first sitting of this many per-person papers uses nearly every question it may
MAKEUP_PAPERS = 3


@dataclass(frozen=True)
class Need:
    """What one month's paper needs and what the bank offers for it."""

    month: str
    role: str
    current: Counter  # (type, difficulty) → exam questions on this month's pages
    review: Counter  # the same for earlier months' pages
    review_count: int


def exam_pool(questions: list[Question], role: str, page_ids: list[str]) -> Counter:
    pages = set(page_ids)
    return Counter((q.type, q.difficulty) for q in questions
                   if q.for_exam and q.serves(role) and q.page_id in pages)


def allocate(blueprint: Blueprint, available: Counter) -> dict[Cell, int] | None:
    """Questions to draw per (type, difficulty) meeting every section count and difficulty target
    (the max-flow allocation assembly draws by); None when no allocation exists."""
    return difficulty_allocation({s.type: s.count for s in blueprint.sections}, blueprint.difficulty_targets(),
                                 available)


def month_problems(need: Need, blueprint: Blueprint, plan_file: str) -> list[Problem]:
    """Every way this month's paper cannot be assembled, in words a trainer can act on."""
    problems: list[Problem] = []
    head = f"{need.month} {need.role}："
    hint = (f"为这些页面补充考试题（use: exam 或 both），或调整 {plan_file} 中这个月的页面、"
            f"{blueprint.file} 中的 sections / difficulty_mix / review_share。")

    def short(message: str, warning: bool = False) -> None:
        problems.append(Problem(plan_file, 0, head + message, hint, warning=warning))

    pool = need.current + need.review
    for section in blueprint.sections:
        have = sum(n for (t, _), n in pool.items() if t == section.type)
        if have < section.count:
            short(f"需要 {section.count} 道{section.type}题，题库只有 {have} 道。")
    counts = {s.type: s.count for s in blueprint.sections}
    for level, wanted in blueprint.difficulty_targets().items():
        have = sum(min(n, counts[t]) for (t, d), n in pool.items() if d == level and t in counts)
        if have < wanted:
            # The mix is a target: assembly follows it as closely as the pool allows.
            short(f"难度比例要求 {wanted} 道 {level} 级难度题，题库只有 {have} 道，试卷难度会偏离比例。", warning=True)
    own = blueprint.question_count - need.review_count
    have = sum(min(sum(n for (t, _), n in need.current.items() if t == qtype), c) for qtype, c in counts.items())
    if have < own:
        short(f"本月页面需要 {own} 道题，题库只有 {have} 道。")
    if not problems and allocate(blueprint, pool) is None:
        short("题型和难度比例无法同时满足，试卷难度会偏离比例：" + "、".join(
            f"{level} 级 {n} 道" for level, n in blueprint.difficulty_targets().items() if n) + "。", warning=True)
    return problems


def check_feasibility(plan: Plan, blueprints: dict[str, Blueprint], questions: list[Question],
                      first_month: str, months: int = 12) -> list[Problem]:
    """Errors for every (month, role) of the next `months` months the bank cannot serve."""
    problems: list[Problem] = []
    for role in plan.cycles:
        blueprint = blueprints.get(role)
        if blueprint is None:
            continue  # reported by check_blueprints_cover
        mine = [q for q in questions if q.for_exam and q.serves(role)]  # assembly filters the same way
        for month in plan.months(max(first_month, plan.start), months):
            try:
                current, earlier = plan.pages_for(month, role)
            except ProblemsFound as error:
                problems += error.problems
                continue
            first_of_year = month == cycle_start(month) or not earlier
            need = Need(month, role, exam_pool(questions, role, current), exam_pool(questions, role, earlier),
                        blueprint.review_count(first_of_year))
            found = month_problems(need, blueprint, plan.file)
            problems += found
            if not any(not p.warning for p in found):
                problems += sitting_problems(plan, blueprint, mine, month)
        problems += repeat_warnings(plan, blueprint, questions)
    return problems


def sitting_problems(plan: Plan, blueprint: Blueprint, questions: list[Question], month: str,
                     papers: int = CHECK_PAPERS) -> list[Problem]:
    """Make the month's exam as `exam new` would (a full set of per-person papers), then its make-up
    as `exam retake` would; each failure says what is missing, for which sitting."""
    from servicebook.exam.make import makeup_problems, new_exam

    head = f"{month} {blueprint.role}"
    try:
        first = new_exam(questions, plan, blueprint, month=month, variants=papers, fingerprint="check")
    except ProblemsFound as error:
        return [replace(p, message=f"{head} 首次考试：{p.message}") for p in error.problems]
    return [replace(p, message=f"{head} 补考（首次考试按 {papers} 人出卷之后）：{p.message}")
            for p in makeup_problems(questions, plan, blueprint, first, papers=MAKEUP_PAPERS, fingerprint="check")]


def repeat_warnings(plan: Plan, blueprint: Blueprint, questions: list[Question]) -> list[Problem]:
    """Warn when a role's bank is too small to avoid reusing a question within three months."""
    role = blueprint.role
    pages = {p for slots in plan.cycles.get(role, ()) for p in slots}
    pool = Counter(q.type for q in questions if q.for_exam and q.serves(role) and q.page_id in pages)
    problems = []
    for section in blueprint.sections:
        wanted = section.count * NO_REPEAT_MONTHS
        if pool[section.type] < wanted:
            problems.append(Problem(
                blueprint.file, 0,
                f"{role}：每月考试需要 {section.count} 道{section.type}题，{NO_REPEAT_MONTHS} 个月内不重复需要 "
                f"{wanted} 道，题库只有 {pool[section.type]} 道。",
                f"为{role}岗位的页面补充{section.type}题，或减少 {blueprint.file} 中{section.type}的题数。", warning=True))
    return problems


def check_blueprints_cover(plan: Plan, blueprints: dict[str, Blueprint], blueprint_dir: str) -> list[Problem]:
    """Every role with a plan needs a blueprint."""
    from servicebook.kb.schema import ROLE_SLUGS

    return [Problem(plan.file, 0, f"{role}：培训计划中有这个岗位，但没有考试蓝图 {blueprint_dir}/{ROLE_SLUGS[role]}.yml。",
                    f"复制 {blueprint_dir}/kefu.yml 为 {ROLE_SLUGS[role]}.yml，把 role 改成 {role}。")
            for role in plan.cycles if role not in blueprints]


def scenario_points(blueprints: dict[str, Blueprint], questions: list[Question]) -> list[Problem]:
    """A 情景 question is marked against its rubric, so its points must be what the paper gives it."""
    problems = []
    for role, blueprint in sorted(blueprints.items()):
        section = next((s for s in blueprint.sections if s.type == "情景"), None)
        if section is None:
            continue
        for q in questions:
            if q.type == "情景" and q.for_exam and q.serves(role) and q.points != section.points:
                problems.append(Problem(
                    q.file, q.line,
                    f"题目 {q.id}：情景题 {q.points:g} 分（评分要点合计），但 {blueprint.file} 中情景题每题 "
                    f"{section.points:g} 分。",
                    "评分要点按题目分值给分：把两处分值改成一致（一般为 10 分）。"))
    return problems
