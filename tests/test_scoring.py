"""Scoring rules: each question type, named policies, and per-row problems with row numbers."""

from __future__ import annotations

import pytest
from gradingfixture import PERFECT, manifest, row

from servicebook.grading import scoring
from servicebook.exam.contract import Sheet, parse_manifest

HEADERS = ["工号", "姓名", "试卷编号", "第1题", "第2题", "第3题", "第4题", "第5题", "第6题-要点1", "第6题-要点2"]


def exam(**kwargs):
    return parse_manifest(manifest(**kwargs), "exams/2026-12-客服/manifest.json")


def question(n: int, **kwargs):
    return exam(**kwargs).papers["P0001"].questions[n - 1]


def grade(rows, **kwargs):
    staff = kwargs.pop("staff", None)
    sheet = Sheet("答题卡.csv", HEADERS, [(i, r) for i, r in enumerate(rows, start=2)])
    return scoring.grade_sheet(exam(**kwargs), sheet, staff)


@pytest.mark.parametrize("typed", ["B", "b", "Ｂ", "ｂ", " B "])
def test_single_choice_accepts_either_case_and_width(typed):
    assert scoring.score_answer(question(1), typed).points == 10


def test_single_choice_wrong_letter_scores_zero():
    assert scoring.score_answer(question(1), "C") == scoring.Marked(0.0)


def test_letter_outside_the_options_is_a_problem():
    assert scoring.score_answer(question(1), "E").problem == "第1题：答案“E”不是选项 A、B、C、D 之一。"


@pytest.mark.parametrize("typed", ["AC", "CA", "a,c", "A、C", "Ａ Ｃ"])
def test_multiple_choice_ignores_order_and_separators(typed):
    assert scoring.score_answer(question(2), typed).points == 10


def test_multiple_choice_all_or_nothing_is_the_default():
    assert scoring.score_answer(question(2), "A").points == 0


def test_multiple_choice_partial_pays_each_right_choice_and_nothing_for_a_wrong_one():
    policy = scoring.POLICIES["partial"]
    assert scoring.score_answer(question(2), "A", policy).points == 5
    assert scoring.score_answer(question(2), "AB", policy).points == 0


@pytest.mark.parametrize("typed, points", [("对", 10), ("√", 10), ("T", 10), ("错", 0), ("×", 0)])
def test_true_false_accepts_common_marks(typed, points):
    assert scoring.score_answer(question(3), typed).points == points


def test_true_false_other_text_is_a_problem():
    assert scoring.score_answer(question(3), "可能").problem == "第3题：判断题应填“对”或“错”，答题卡上是“可能”。"


@pytest.mark.parametrize("typed, points", [
    ("三声；10分钟", 10), ("3声;十分钟", 10), ("３ 声；１０分钟", 10), ("3声", 5), ("两声；10分钟", 5), ("", 0),
])
def test_blanks_match_normalised_alternatives_per_blank(typed, points):
    assert scoring.score_answer(question(4), typed).points == points


@pytest.mark.parametrize("text, expected", [("三十五分钟", "35分钟"), ("一百二十", "120"), ("十", "10"),
                                            ("２４ 小时", "24小时"), ("一二〇", "120"), ("两万", "20000")])
def test_normalize_answer_folds_numerals_width_and_spaces(text, expected):
    assert scoring.normalize_answer(text) == expected


def test_ordering_all_or_nothing_and_partial_by_position():
    assert scoring.score_answer(question(5), "badc").points == 10
    assert scoring.score_answer(question(5), "BACD").points == 0
    assert scoring.score_answer(question(5), "BACD", scoring.POLICIES["partial"]).points == 5


def test_ordering_with_a_repeated_letter_is_a_problem():
    assert scoring.score_answer(question(5), "BBDC").problem == "第5题：排序答案“BBDC”应由 A、B、C、D 各一次组成。"


def test_scenario_adds_rubric_marks_and_checks_each_maximum():
    assert scoring.score_answer(question(6), "2.5；2").points == 4.5
    assert scoring.score_answer(question(6), "4；0").problem == "第6题要点1：评分 4 超出范围（该要点满分 3 分）。"
    assert scoring.score_answer(question(6), "1；好").problem == "第6题要点2：评分“好”不是数字。"


def test_policy_comes_from_the_manifest():
    graded = grade([row("", "", "P0001", ["B", "A", "对", "三声；10分钟", "BADC", "3", "2"])],
                   scoring={"多选": "partial", "排序": "all-or-nothing"})
    assert graded.attempts[0].points == [10, 5, 10, 10, 10, 5]


def test_empty_answers_score_zero_without_problems():
    graded = grade([row("E001", "张三", "P0001", [""] * 7)])
    assert graded.problems == [] and graded.attempts[0].total == 0


def test_person_papers_fill_in_staff_from_the_manifest():
    attempt = grade([row("", "", "P0002")]).attempts[0]
    assert (attempt.staff_no, attempt.name, attempt.post, attempt.project, attempt.total) == ("E002", "李四", "客服",
                                                                                               "二期", 55)


def test_bad_rows_are_reported_with_row_numbers():
    graded = grade([row("E001", "张三", "P0001"), row("", "", "P0099"), row("E001", "张三", "P0001"),
                    row("E002", "李四", "P0002", ["E", "", "", "", "", "", ""]), row("E009", "某", "P0003")],
                   variants=1)
    assert [str(p).splitlines()[0] for p in graded.problems] == [
        "答题卡.csv:3: 试卷编号 P0099 不在本次考试（2026-12-客服）中。",
        "答题卡.csv:4: 工号 E001 在第 2 行已出现过，同一人只能有一行答案。",
        "答题卡.csv:5: 第1题：答案“E”不是选项 A、B、C、D 之一。",
        "答题卡.csv:6: 试卷 P0003 属于工号 E003（王五），答题卡上填的是 E009。",
    ]
    assert [a.row for a in graded.attempts] == [2]


def test_variant_papers_need_a_known_staff_number():
    staff = {"E001": {"姓名": "张三", "岗位": "客服", "项目": "一期"}}
    sheet = Sheet("s.csv", HEADERS, [(2, row("", "", "V0001")), (3, row("X1", "某", "V0001")),
                                     (4, row("E001", "", "V0001"))])
    graded = scoring.grade_sheet(exam(variants=1, people=[]), sheet, staff)
    assert [p.message for p in graded.problems] == ["变体试卷 V0001 需要填写工号和姓名。", "工号 X1 不在员工名单中。"]
    assert (graded.attempts[0].name, graded.attempts[0].project) == ("张三", "一期")


def test_missing_question_columns_stop_before_any_row():
    sheet = Sheet("s.csv", HEADERS[:7] + HEADERS[8:], [(2, row("", "", "P0001")[:7] + row("", "", "P0001")[8:])])
    graded = scoring.grade_sheet(exam(), sheet)
    assert [p.message for p in graded.problems] == ["表头缺少 第5题 1 列。"]


def test_fix_key_maps_letters_through_option_texts_on_every_paper():
    raw = manifest(people=[{"工号": "E1", "姓名": "甲", "岗位": "客服", "项目": "一期"},
                                                    {"工号": "E2", "姓名": "乙", "岗位": "客服", "项目": "一期"}])
    raw["papers"][1]["questions"][0]["options"] = ["先聆听", "先记录", "先解释", "先离开"]
    raw["papers"][1]["questions"][0]["key"] = "A"
    new, old, key = scoring.corrected_manifest(raw, "ten-steps-001", "c")
    assert (old, key) == ("B", "C")
    assert [p["questions"][0]["key"] for p in new["papers"]] == ["C", "B"]
    assert raw["papers"][0]["questions"][0]["key"] == "B"  # the input is not modified


def test_fix_key_rejects_a_letter_outside_the_options():
    with pytest.raises(scoring.KeyFixError, match="^单选题的答案“Z”无效；可用的字母为 A、B、C、D。$"):
        scoring.corrected_manifest(manifest(), "ten-steps-001", "Z")


def test_a_person_paper_used_twice_is_a_problem():
    graded = grade([row("", "", "P0001"), row("", "", "P0001")])
    assert [str(p).splitlines()[0] for p in graded.problems] == [
        "答题卡.csv:3: 工号 E001 在第 2 行已出现过，同一人只能有一行答案。"]


def test_retake_rule_missed_or_failed_unless_the_retake_was_passed():
    assert scoring.needs_retake(None, None)
    assert scoring.needs_retake((50.0, False), None)
    assert scoring.needs_retake((50.0, False), (55.0, False))
    assert not scoring.needs_retake((50.0, False), (70.0, True))
    assert not scoring.needs_retake(None, (70.0, True))
    assert not scoring.needs_retake((80.0, True), None)
