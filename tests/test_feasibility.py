"""Whether the bank can serve each month's exam, said in exact words."""

from __future__ import annotations

from collections import Counter

from servicebook.bank.questions import Question
from servicebook.exam.blueprint import Blueprint, SectionSpec
from servicebook.exam.feasibility import Need, allocate, check_feasibility, month_problems, repeat_warnings
from servicebook.exam.plan import SLOT_NAMES, Plan


def blueprint(sections, mix=None, review=0.0) -> Blueprint:
    return Blueprint(role="工程", title="工程月考", duration_minutes=60, pass_mark=6,
                     sections=tuple(SectionSpec(t, c, 2) for t, c in sections), review_share=review,
                     difficulty_mix=mix or {1: 0.0, 2: 0.0, 3: 1.0}, include_red_lines=True,
                     scoring={"多选": "all-or-nothing", "排序": "partial"}, file="quizzes/blueprints/gongcheng.yml")


def question(n: int, qtype: str, difficulty: int, page: str = "pumps", roles=("工程",)) -> Question:
    return Question(id=f"q-{n}", type=qtype, stem="题", explanation="", source=f"{page}#a", roles=roles,
                    difficulty=difficulty, points=2, use="exam")


def test_missing_questions_are_named_with_month_role_type_and_difficulty():
    plan = Plan("quizzes/plan.yml", cycles={"工程": tuple(("pumps",) for _ in SLOT_NAMES)})
    bank = [question(1, "多选", 3), question(2, "多选", 3), question(3, "多选", 2, roles=("客服",))]
    problems = check_feasibility(plan, {"工程": blueprint([("多选", 5)])}, bank, "2027-03", months=1)
    assert [str(p).splitlines()[0] for p in problems if not p.warning] == [
        "quizzes/plan.yml: 2027-03 工程：需要 5 道多选题，题库只有 2 道。",
        "quizzes/plan.yml: 2027-03 工程：本月页面需要 5 道题，题库只有 2 道。",
    ]
    # The difficulty mix is a target, not a wall: a shortfall is a warning naming the level.
    assert "quizzes/plan.yml: 2027-03 工程：难度比例要求 5 道 3 级难度题，题库只有 2 道，试卷难度会偏离比例。" in [
        str(p).splitlines()[0] for p in problems if p.warning]
    assert "quizzes/blueprints/gongcheng.yml" in problems[0].hint


def test_full_bank_passes():
    plan = Plan("quizzes/plan.yml", cycles={"工程": tuple(("pumps",) for _ in SLOT_NAMES)})
    bank = [question(n, "单选", 3, roles=("全员",)) for n in range(6)]
    assert check_feasibility(plan, {"工程": blueprint([("单选", 2)])}, bank, "2026-12") == []


def test_review_questions_come_from_earlier_pages():
    need = Need("2027-01", "工程", Counter({("单选", 1): 1}), Counter({("单选", 1): 5}), review_count=3)
    bp = blueprint([("单选", 4)], mix={1: 1.0, 2: 0.0, 3: 0.0}, review=0.75)
    assert month_problems(need, bp, "quizzes/plan.yml") == []
    short = Need("2027-01", "工程", Counter(), Counter({("单选", 1): 5}), review_count=3)
    assert [p.message for p in month_problems(short, bp, "quizzes/plan.yml")] == ["2027-01 工程：本月页面需要 1 道题，题库只有 0 道。"]


def test_allocation_meets_sections_and_difficulty_or_is_none():
    bp = blueprint([("单选", 2), ("多选", 2)], mix={1: 0.5, 2: 0.5, 3: 0.0})
    # 多选 exists only at level 1, so both level-1 places go to it and 单选 must be level 2.
    assert allocate(bp, Counter({("单选", 1): 1, ("单选", 2): 5, ("多选", 1): 5})) == {("单选", 2): 2, ("多选", 1): 2}
    chosen = allocate(bp, Counter({("单选", 2): 5, ("多选", 1): 5, ("多选", 2): 1}))
    assert chosen == {("单选", 2): 2, ("多选", 1): 2}
    assert allocate(bp, Counter({("单选", 2): 5, ("多选", 2): 5})) is None


def test_small_bank_warns_about_reuse_within_three_months():
    plan = Plan("quizzes/plan.yml", cycles={"工程": tuple(("pumps",) for _ in SLOT_NAMES)})
    bank = [question(n, "判断", 1) for n in range(7)]
    [warning] = repeat_warnings(plan, blueprint([("判断", 3)]), bank)
    assert warning.warning
    assert warning.message == "工程：每月考试需要 3 道判断题，3 个月内不重复需要 9 道，题库只有 7 道。"


def test_scenario_points_must_match_the_blueprint():
    from servicebook.bank.questions import RubricItem
    from servicebook.exam.feasibility import scenario_points

    scenario = Question(id="s-1", type="情景", stem="业主在前台大吵", explanation="", source="pumps#a",
                        roles=("工程",), difficulty=2, points=12, use="exam", file="quizzes/bank/x.yml", line=3,
                        rubric=(RubricItem("先安抚", 6), RubricItem("再记录", 6)))
    bp = blueprint([("情景", 1)])
    [problem] = scenario_points({"工程": bp}, [scenario])
    assert str(problem).splitlines()[0] == (
        "quizzes/bank/x.yml:3: 题目 s-1：情景题 12 分（评分要点合计），但 quizzes/blueprints/gongcheng.yml 中情景题每题 2 分。")
    assert scenario_points({"工程": bp}, [scenario.__class__(**{**scenario.__dict__, "points": 2})]) == []
