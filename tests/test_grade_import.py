"""Issue 9.1: blank sheets, 缺考, imports keyed on content per person, the operation log and undo."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner
from gradingfixture import PERFECT, manifest, row, write_exam, write_sheet

from servicebook.cli import main

EXAM = "exams/2026-12-客服"
BLANK = [""] * 7
HALF = ["C", "AC", "对", "三声；10分钟", "ABCD", "1", "0"]  # 10 + 10 + 10 + 1 = 31 of 55


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SERVICEBOOK_DB", raising=False)
    write_exam(tmp_path, manifest())
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, list(args))


def scores():
    with sqlite3.connect("data/gradebook.sqlite") as db:
        return db.execute("SELECT staff_no, total FROM scores ORDER BY staff_no").fetchall()


def state():
    """Everything a result depends on, to compare before and after an undo."""
    with sqlite3.connect("data/gradebook.sqlite") as db:
        return {table: db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
                for table in ("staff", "exams", "items", "papers", "scores", "responses", "absences", "key_errata")}


def test_the_untouched_template_is_refused_and_nothing_is_recorded(project):
    write_sheet(project / "answer-sheet.xlsx", [row("E001", "张三", "P0001", BLANK), row("E002", "李四", "P0002", BLANK),
                                                row("E003", "王五", "P0003", BLANK)])
    result = run("grade", EXAM, "answer-sheet.xlsx")
    assert result.exit_code == 1
    assert result.output == (
        "错误：answer-sheet.xlsx: 答题卡中 100% 的答案格是空的，看起来是没有填写的空白答题卡（考试目录里的模板）。\n"
        "    修改方法：导入收回后填好答案的答题卡；如果确实多数人缺考，加 --allow-blank 导入（整行未作答的人记为缺考）。\n"
        "共发现 1 个错误。\n")
    assert scores() == []
    assert run("db", "log").output == "还没有任何操作记录。\n"


def test_an_empty_row_is_absent_named_and_left_out_of_average_and_pass_rate(project):
    write_sheet(project / "s.csv", [row("", "", "P0001"), row("", "", "P0002", HALF), row("", "", "P0003", BLANK)])
    result = run("grade", EXAM, "s.csv")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("2026-12 客服月度考试：已评分 2 人，缺考 1 人（新增 3，更新 0），平均分 43.0（满分 55），"
                        "及格率 50.0%（及格线 33 分）。")
    assert lines[1] == ("缺考（整行未作答，不计入平均分和及格率，列入补考名单）：王五（E003）。"
                        "如应按 0 分计，加 --blank-is-zero 重新导入。")
    assert scores() == [("E001", 55.0), ("E002", 31.0)]
    with sqlite3.connect("data/gradebook.sqlite") as db:
        assert db.execute("SELECT exam_id, staff_no, paper_code FROM absences").fetchall() == [
            ("2026-12-客服", "E003", "P0003")]


def test_blank_is_zero_scores_an_empty_row_as_zero(project):
    write_sheet(project / "s.csv", [row("", "", "P0001"), row("", "", "P0002", HALF), row("", "", "P0003", BLANK)])
    result = run("grade", EXAM, "s.csv", "--blank-is-zero")
    assert result.output.splitlines()[0] == (
        "2026-12 客服月度考试：已评分 3 人（新增 3，更新 0），平均分 28.7（满分 55），及格率 33.3%（及格线 33 分）。")
    assert scores() == [("E001", 55.0), ("E002", 31.0), ("E003", 0.0)]


def test_allow_blank_records_a_mostly_absent_sitting(project):
    data = manifest(people=[{"工号": f"E{i:03d}", "姓名": f"员工{i}", "岗位": "客服", "项目": "一期"}
                            for i in range(1, 12)])
    write_exam(project, data)
    write_sheet(project / "s.csv", [row("", "", "P0001", HALF)] + [row("", "", f"P{i:04d}", BLANK) for i in range(2, 12)])
    assert run("grade", EXAM, "s.csv").exit_code == 1
    result = run("grade", EXAM, "s.csv", "--allow-blank")
    assert result.exit_code == 0, result.output
    assert "已评分 1 人，缺考 10 人" in result.output
    assert scores() == [("E001", 31.0)]


def test_a_quarter_report_lists_the_absent_person_for_a_retake_as_absent(project):
    write_sheet(project / "s.csv", [row("", "", "P0001"), row("", "", "P0002", HALF), row("", "", "P0003", BLANK)])
    run("grade", EXAM, "s.csv")
    result = run("report", "quarter", "2026Q4", "--out", "reports")
    assert result.exit_code == 0, result.output
    from gradingfixture import read_xlsx

    retakes = read_xlsx(project / "reports" / "quarter-2026Q4.xlsx", "补考名单")
    assert ["E003", "王五", "客服", "二期", "2026-12", "缺考"] in retakes


def test_someone_absent_on_an_anonymous_paper_is_on_the_retake_list_whatever_their_post(project):
    write_exam(project, manifest(people=[], variants=1))
    (project / "名单.csv").write_text("工号,姓名,岗位,项目\nW1,甲,客服,一期\nW9,新人,安保,三期\n", encoding="utf-8")
    write_sheet(project / "s.csv", [row("W1", "甲", "V0001"), row("W9", "新人", "V0001", BLANK)])
    assert "缺考 1 人" in run("grade", EXAM, "s.csv", "--roster", "名单.csv").output
    assert run("report", "quarter", "2026Q4", "--out", "reports").exit_code == 0
    from gradingfixture import read_xlsx

    retakes = read_xlsx(project / "reports" / "quarter-2026Q4.xlsx", "补考名单")
    assert ["W9", "新人", "安保", "三期", "2026-12", "缺考"] in retakes


def test_reimporting_an_earlier_sheet_restores_its_scores_and_shows_from_to(project):
    write_sheet(project / "first.csv", [row("", "", "P0001"), row("", "", "P0002", HALF), row("", "", "P0003")])
    write_sheet(project / "second.csv", [row("", "", "P0001", HALF), row("", "", "P0002", HALF),
                                         row("", "", "P0003", BLANK)])
    run("grade", EXAM, "first.csv")
    first = scores()
    second = run("grade", EXAM, "second.csv")
    assert second.exit_code == 0, second.output
    assert ("其中 2 人的成绩已改为本答题卡的内容：张三（E001）55 → 31，王五（E003）55 → 缺考。"
            "撤销本次导入：servicebook db undo。") in second.output
    assert "（新增 0，更新 2）" in second.output
    again = run("grade", EXAM, "first.csv")
    assert "其中 2 人的成绩已改为本答题卡的内容：张三（E001）31 → 55，王五（E003）缺考 → 55。" in again.output
    assert scores() == first


def test_a_sheet_with_some_people_leaves_everyone_else_alone(project):
    write_sheet(project / "all.csv", [row("", "", "P0001"), row("", "", "P0002", HALF), row("", "", "P0003")])
    write_sheet(project / "one.csv", [row("", "", "P0002")])
    run("grade", EXAM, "all.csv")
    result = run("grade", EXAM, "one.csv")
    assert "（新增 0，更新 1）" in result.output
    assert scores() == [("E001", 55.0), ("E002", 55.0), ("E003", 55.0)]


def test_log_lists_operations_and_undo_restores_exactly_the_state_before(project):
    write_sheet(project / "first.csv", [row("", "", "P0001"), row("", "", "P0002", HALF)])
    write_sheet(project / "second.csv", [row("", "", "P0001", HALF), row("", "", "P0003", BLANK)])
    run("grade", EXAM, "first.csv")
    after_first = state()
    run("grade", EXAM, "second.csv")
    run("exam", "fix-key", EXAM, "ten-steps-001", "C", "--root", "nowhere")
    log = run("db", "log").output.splitlines()
    assert [line.split("  ")[0] for line in log] == ["第 3 号", "第 2 号", "第 1 号"]
    assert "更正答案  2026-12-客服  ten-steps-001：B → C" in log[0]
    assert "导入答题卡  2026-12-客服  second.csv：新增 1 人，更新 1 人（其中缺考 1 人）" in log[1]

    undone = run("db", "undo", "--root", "nowhere")
    assert undone.exit_code == 0, undone.output
    assert undone.output.startswith("已撤销第 3 号操作（更正答案：ten-steps-001：B → C）。")
    undone = run("db", "undo")
    assert undone.output.startswith("已撤销第 2 号操作（导入答题卡：second.csv：新增 1 人，更新 1 人（其中缺考 1 人））。")
    assert state() == after_first
    log = run("db", "log").output.splitlines()
    assert log[0].startswith("第 5 号") and "撤销  2026-12-客服  撤销第 2 号操作" in log[0]
    assert log[3].endswith("〔已撤销，见第 5 号〕") and log[2].endswith("〔已撤销，见第 4 号〕")

    run("db", "undo")
    assert state() == {table: [] for table in state()}
    result = run("db", "undo")
    assert (result.exit_code, result.output) == (
        1, "错误：没有可以撤销的操作（操作记录为空，或全部已撤销）。用 servicebook db log 查看记录。\n")


def test_an_import_of_identical_content_is_not_logged(project):
    write_sheet(project / "s.csv", [row("", "", "P0001")])
    write_sheet(project / "copy.xlsx", [row("E001", "张三", "P0001", PERFECT)])
    run("grade", EXAM, "s.csv")
    result = run("grade", EXAM, "copy.xlsx")
    assert "答题卡内容与成绩库中已有的成绩完全相同，未做任何修改。" in result.output
    assert len(run("db", "log").output.splitlines()) == 1
