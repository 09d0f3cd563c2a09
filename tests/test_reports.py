"""Reports: item statistics, exam/quarter/person reports as offline HTML + XLSX, never under docs/ or site/."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from gradingfixture import PEOPLE, manifest, read_xlsx, row, write_exam, write_sheet

from servicebook.cli import main
from servicebook.grading import itemstats


def run(*args):
    return CliRunner().invoke(main, list(args))


# ---- item statistics (pure) ----

def sums_of(pairs):
    """pairs: (earned share of this item, rest of paper)."""
    sums = itemstats.ItemSums()
    for x, rest in pairs:
        sums.add(x, 1.0, x + rest)
    return sums


def test_difficulty_is_the_share_of_points_earned():
    assert itemstats.item_stats("q", sums_of([(1, 0), (0, 0), (1, 0), (1, 0)])).difficulty == 0.75


def test_corrected_point_biserial_excludes_the_item_itself():
    stats = itemstats.item_stats("q", sums_of([(1, 9), (1, 8), (0, 2), (0, 1)]))
    assert stats.discrimination == pytest.approx(0.9899, abs=1e-4)
    assert stats.flags == ()


def test_flags_mark_easy_hard_and_flat_items():
    assert itemstats.flags_for(0.95, 0.5) == ("easy",)
    assert itemstats.flags_for(0.2, 0.1) == ("hard", "flat")
    assert itemstats.item_stats("q", sums_of([(1, 5)] * 3)).discrimination is None


def test_histogram_puts_the_maximum_in_the_top_band():
    assert itemstats.histogram([0, 54, 55, 27.5], 55, bins=2) == [1, 3]


# ---- reports through the CLI ----

@pytest.fixture
def graded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SERVICEBOOK_DB", raising=False)
    write_exam(tmp_path, manifest())
    write_sheet(tmp_path / "s.csv", [row("", "", "P0001"), row("", "", "P0002", ["C", "AB", "错", "", "", "1", ""])])
    assert run("grade", "exams/2026-12-客服", "s.csv").exit_code == 0
    return tmp_path


def test_exam_report_is_offline_html_with_item_analysis(graded):
    result = run("report", "exam", "exams/2026-12-客服")
    assert result.output == "已生成报告：build/reports/exam-2026-12-客服.html、build/reports/exam-2026-12-客服.xlsx\n"
    html = (graded / "build/reports/exam-2026-12-客服.html").read_text(encoding="utf-8")
    assert "<svg" in html and "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing fetched from the network
    assert '<a href="../../site/complaints/ten-steps/index.html#第一步聆听">ten-steps › 第一步聆听</a>' in html
    analysis = read_xlsx(graded / "build/reports/exam-2026-12-客服.xlsx", "题目分析")
    assert analysis[0] == ["题目", "题型", "作答人数", "得分率", "区分度", "错选项（次数）", "提示", "统计依据", "出处", "编号"]
    by_id = {r[-1]: r for r in analysis[1:]}
    assert by_id["ten-steps-001"][:6] == ["ten-steps-001", "单选", 2, 0.5, 1, "先记录（1）"]
    assert by_id["ten-steps-002"][:6] == ["ten-steps-002", "多选", 2, 0.5, 1, "争辩（1）"]


def test_exam_report_without_scores_is_a_chinese_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_exam(tmp_path, manifest(month="2027-01"))
    run("db", "check", "--db", "g.sqlite")
    from servicebook.grading.gradebook import Gradebook
    Gradebook(tmp_path / "g.sqlite").close()
    result = run("report", "exam", "exams/2027-01-客服", "--db", "g.sqlite")
    assert (result.exit_code, result.output) == (
        1, "错误：成绩库中还没有考试 2027-01-客服 的成绩；请先运行 servicebook grade 导入答题卡。\n")


def test_quarter_report_lists_missed_and_failed_people_for_retake(graded):
    result = run("report", "quarter", "2026Q4", "--role", "客服")
    assert result.exit_code == 0, result.output
    people = read_xlsx(graded / "build/reports/quarter-2026Q4-客服.xlsx", "个人成绩")
    assert people[0] == ["工号", "姓名", "岗位", "项目", "2026-10 得分", "2026-11 得分", "2026-12 得分", "平均分", "缺考次数",
                         "补考", "结果"]
    assert people[1:] == [["E001", "张三", "客服", "一期", None, None, 55, 55, 0, None, "合格"],
                          ["E002", "李四", "客服", "二期", None, None, 1, 1, 0, None, "需补考"],
                          ["E003", "王五", "客服", "二期", None, None, "缺考", None, 1, None, "需补考"]]
    assert read_xlsx(graded / "build/reports/quarter-2026Q4-客服.xlsx", "补考名单")[1:] == [
        ["E002", "李四", "客服", "二期", "2026-12", "不及格（1 分，及格线 33 分）"],
        ["E003", "王五", "客服", "二期", "2026-12", "缺考"]]


def test_a_passed_retake_clears_the_retake_list(graded):
    write_exam(graded, manifest(role="客服", kind="retake", people=PEOPLE[1:2]) | {"exam_id": "2026-12-客服-补考"})
    write_sheet(graded / "r.csv", [row("", "", "P0001")], exam="2026-12-客服-补考")
    assert run("grade", "exams/2026-12-客服-补考", "r.csv").exit_code == 0
    run("report", "quarter", "2026Q4", "--project", "二期")
    retakes = read_xlsx(graded / "build/reports/quarter-2026Q4-二期.xlsx", "补考名单")
    assert [r[0] for r in retakes[1:]] == ["E003"]


def test_bad_quarter_is_rejected(graded):
    result = run("report", "quarter", "2026-4")
    assert (result.exit_code, result.output) == (1, "错误：季度应写成 2026Q4 这样的形式（年份+Q+1到4），实际为“2026-4”。\n")


def test_person_report_lists_pages_to_restudy(graded):
    assert run("report", "person", "E002").exit_code == 0
    html = (graded / "build/reports/person-E002.html").read_text(encoding="utf-8")
    assert "个人学习报告：李四（E002）" in html
    study = read_xlsx(graded / "build/reports/person-E002.xlsx", "建议复习")
    assert study[1] == ["phone › 接听", "礼仪与话术", 2, "phone-001；phone-002"]  # no stems in this manifest
    assert len(study) == 1 + 5  # five sections hold the six missed questions


def test_unknown_person_is_a_chinese_error(graded):
    result = run("report", "person", "E404")
    assert result.output == "错误：工号 E404 不在成绩库中；请核对工号，或先导入该员工参加的考试。\n"


@pytest.mark.parametrize("target", ["docs/reports", "site"])
def test_reports_never_go_into_the_published_site(graded, target):
    result = run("report", "person", "E001", "--out", target)
    assert result.exit_code == 1
    assert "报告不能写入" in result.output and "其中的答案、员工姓名或成绩会随网站公开" in result.output
    assert not (graded / target).exists()


def test_quarter_retake_list_reads_as_the_roster_of_exam_retake(graded):
    import dataclasses

    from servicebook.exam.roster import Person, read_roster

    assert run("report", "quarter", "2026Q4", "--role", "客服").exit_code == 0
    roster = read_roster(graded / "build/reports/quarter-2026Q4-客服.xlsx", month="2026-12")
    assert [dataclasses.replace(p, row=0) for p in roster.people] == [
        Person("E002", "李四", "客服", "二期"), Person("E003", "王五", "客服", "二期")]
