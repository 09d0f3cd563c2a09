"""Make-up exams: the first sitting keeps back what the make-up needs, the make-up repeats no question
and no source sentence of the first sitting, blueprints may declare a smaller retake paper, and
`servicebook check` runs both sittings for every planned month."""

from __future__ import annotations

import dataclasses

import pytest

from servicebook.bank.questions import Question
from servicebook.errors import ProblemsFound
from servicebook.exam.blueprint import Blueprint, RetakeSpec, SectionSpec, build_blueprint
from servicebook.exam.feasibility import check_feasibility
from servicebook.exam.make import FirstSitting, new_exam, retake
from servicebook.exam.plan import SLOT_NAMES, Plan

PLAN = Plan("quizzes/plan.yml", cycles={"客服": tuple(("now",) for _ in SLOT_NAMES)})


def q(qid, qtype="判断", page="now", red=False):
    extra = {"answer": ("对",)} if qtype == "判断" else {"answer": ("三分钟|3分钟",)}
    stem = "到场时限___。" if qtype == "填空" else f"题干{qid}"
    return Question(id=qid, type=qtype, stem=stem, explanation="解析", source=f"{page}#a", roles=("客服",),
                    difficulty=1, points=2, red_line=red, **extra)


def blueprint(count=3, retake_count=None) -> Blueprint:
    bp = Blueprint(role="客服", title="客服月考", duration_minutes=60, pass_mark=2,
                   sections=(SectionSpec("判断", count, 2),), review_share=0.0,
                   difficulty_mix={1: 1.0, 2: 0.0, 3: 0.0}, include_red_lines=True,
                   scoring={"多选": "all-or-nothing", "排序": "partial"}, file="quizzes/blueprints/kefu.yml")
    if retake_count is not None:
        bp = dataclasses.replace(bp, retake=RetakeSpec((SectionSpec("判断", retake_count, 2 * count / retake_count),),
                                                       45, 2))
    return bp


def ids(exam):
    return {slot.question.id for paper in exam.papers.values() for slot in paper.questions}


def test_twenty_first_sitting_papers_leave_a_full_make_up():
    pool = [q(f"tf-{i:02d}") for i in range(6)]  # exactly 3 for each sitting
    first = new_exam(pool, PLAN, blueprint(), month="2027-01", variants=20)
    assert len(ids(first)) == 3  # without keeping questions back, 20 random papers use all 6
    makeup = retake(pool, PLAN, blueprint(), FirstSitting.of_exam(first), variants=2)
    assert len(ids(makeup)) == 3 and not ids(makeup) & ids(first)
    assert makeup.kind == "retake" and makeup.exam_id == "2027-01-客服-补考" and makeup.title.endswith("（补考）")


def test_red_line_questions_stay_on_the_first_sitting():
    pool = [q("tf-red", red=True)] + [q(f"tf-{i:02d}") for i in range(5)]
    first = new_exam(pool, PLAN, blueprint(), month="2027-01", variants=20)
    assert all("tf-red" in {s.question.id for s in paper.questions} for paper in first.papers.values())
    assert "tf-red" not in ids(retake(pool, PLAN, blueprint(), FirstSitting.of_exam(first), variants=1))


def test_make_up_avoids_questions_made_from_the_same_sentence():
    # A highlighted sentence gives a 填空 (-t) and a 单选 (-c); asking it again in the make-up repeats it.
    sentence = "gen-time-limits-0123456789ab"
    pool = [q(sentence + "-t", "填空"), q("gen-time-limits-ffffffffffff-t", "填空"),
            dataclasses.replace(q(sentence + "-c", "判断"), id=sentence + "-c")] + [q(f"tf-{i:02d}") for i in range(5)]
    first = FirstSitting("2027-01-客服", "2027-01", "客服", frozenset({sentence + "-t", "tf-00", "tf-01"}))
    makeup = retake(pool, PLAN, blueprint(), first, variants=5)
    assert sentence + "-c" not in ids(makeup)
    assert ids(makeup) == {"tf-02", "tf-03", "tf-04"}


def test_make_up_shortfall_names_type_need_and_what_is_left():
    pool = [q(f"tf-{i:02d}") for i in range(4)]
    first = FirstSitting("2027-01-客服", "2027-01", "客服", frozenset({"tf-00", "tf-01", "tf-02"}))
    with pytest.raises(ProblemsFound) as error:
        retake(pool, PLAN, blueprint(), first, variants=1)
    assert error.value.problems[0].message == (
        "判断题需要 3 道，题库中可用于 2027-01 客服补考的只有 1 道（本月页面 1 道，往月复习页面 0 道），"
        "还缺 2 道（已排除第一次考试用过的题及同一句话出的题，共 3 道）。")
    assert "retake" in error.value.problems[0].hint


def test_declared_retake_paper_is_used_for_the_make_up():
    pool = [q(f"tf-{i:02d}") for i in range(4)]
    bp = blueprint(count=3, retake_count=1)
    first = new_exam(pool, PLAN, bp, month="2027-01", variants=20)
    makeup = retake(pool, PLAN, bp, FirstSitting.of_exam(first), variants=3)
    assert [len(p.questions) for p in makeup.papers.values()] == [1, 1, 1]
    assert makeup.total_points == first.total_points == 6 and makeup.duration_minutes == 45


def test_check_runs_both_sittings_for_every_month_and_says_which_failed():
    pool = [q(f"tf-{i:02d}") for i in range(4)]  # enough for one sitting, not for two
    problems = check_feasibility(PLAN, {"客服": blueprint()}, pool, "2027-01", months=2)
    assert [p.message.split("：")[0] for p in problems if not p.warning] == [
        "2027-01 客服 补考（首次考试按 20 人出卷之后）", "2027-02 客服 补考（首次考试按 20 人出卷之后）"]
    assert "还缺 2 道" in problems[0].message
    assert not [p for p in check_feasibility(PLAN, {"客服": blueprint()}, pool + [q("tf-04"), q("tf-05")],
                                             "2027-01", months=2) if not p.warning]
    # A smaller retake paper is enough for this pool.
    assert not [p for p in check_feasibility(PLAN, {"客服": blueprint(retake_count=1)}, pool, "2027-01", months=2)
                if not p.warning]


BLUEPRINT = {"role": "客服", "title": "客服月考", "duration_minutes": 60, "pass_mark": 60,
             "sections": [{"type": "单选", "count": 20, "points": 2}, {"type": "情景", "count": 6, "points": 10}]}


def test_retake_variant_is_validated_with_file_and_line():
    lines = {"retake": 9, "retake.sections.0": 10}
    good = {**BLUEPRINT, "retake": {"sections": [{"type": "单选", "count": 10, "points": 6},
                                                 {"type": "情景", "count": 4, "points": 10}], "duration_minutes": 45}}
    bp, problems = build_blueprint(good, lines, "kefu.yml")
    assert problems == [] and bp.for_retake().question_count == 14 and bp.for_retake().pass_mark == 60
    bad = {**BLUEPRINT, "retake": {"sections": [{"type": "单选", "count": 10, "points": 2},
                                                {"type": "情景", "count": 4, "points": 15}], "minutes": 3}}
    _, problems = build_blueprint(bad, lines, "kefu.yml")
    assert [str(p).splitlines()[0] for p in problems] == [
        "kefu.yml:9: retake 中的未知字段 minutes。",
        "kefu.yml:9: 补考卷总分 80 与正式考试总分 100 不同。",
        "kefu.yml:9: 补考卷情景题每题 15 分，正式考试为 10 分。",
    ]
    _, problems = build_blueprint({**BLUEPRINT, "retake": {"sections": [{"type": "单选", "count": 0, "points": 2}]}},
                                  lines, "kefu.yml")
    assert str(problems[0]).splitlines()[0] == "kefu.yml:10: 单选 的题数 count 应为正整数，实际为 0。"
