"""`servicebook grade`, `exam fix-key` and `db backup|check` through the real CLI."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from gradingfixture import HEADERS, manifest, read_xlsx, row, write_exam, write_sheet

from servicebook.cli import main


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SERVICEBOOK_DB", raising=False)
    write_exam(tmp_path, manifest(variants=1))
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, list(args))


def scores(db="data/gradebook.sqlite"):
    import sqlite3

    return sqlite3.connect(db).execute("SELECT staff_no, total FROM scores ORDER BY staff_no").fetchall()


def test_grade_prints_a_summary_and_writes_results(project):
    write_sheet(project / "answer-sheet.xlsx", [row("", "", "P0001"), row("", "", "P0002", ["C"] + [""] * 6)])
    result = run("grade", "exams/2026-12-客服", "answer-sheet.xlsx")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "2026-12 客服月度考试：已评分 2 人（新增 2，更新 0），平均分 27.5（满分 55），及格率 50.0%（及格线 33 分）。\n"
        "得分率最低的题目：case-001（50%），phone-001（50%），phone-002（50%）。\n"
        "成绩明细：results.xlsx\n")
    assert read_xlsx(project / "results.xlsx")[1] == ["E001", "张三", "客服", "一期", "P0001", 55, 55, "及格"]
    assert scores() == [("E001", 55.0), ("E002", 0.0)]


def test_grading_the_same_sheet_again_says_so(project):
    write_sheet(project / "s.csv", [row("", "", "P0001")])
    run("grade", "exams/2026-12-客服", "s.csv")
    result = run("grade", "exams/2026-12-客服", "s.csv")
    assert result.exit_code == 0
    assert result.output.splitlines()[:2] == [
        "2026-12 客服月度考试：已评分 1 人（新增 0，更新 0），平均分 55.0（满分 55），及格率 100.0%（及格线 33 分）。",
        "答题卡内容与成绩库中已有的成绩完全相同，未做任何修改。"]


def test_a_bad_row_stops_the_whole_import(project):
    write_sheet(project / "s.csv", [row("", "", "P0001"), row("", "", "P0002", ["F"] + [""] * 6)])
    result = run("grade", "exams/2026-12-客服", "s.csv")
    assert result.exit_code == 1
    assert result.output == (
        "错误：s.csv:4: 第1题：答案“F”不是选项 A、B、C、D 之一。\n"
        "    修改方法：按试卷上的选项填写（单选如 B，多选如 AC，判断填 对/错，排序如 CADB），未作答请留空。\n"
        "共发现 1 个错误。\n未导入任何成绩。改正后重新导入，或加 --skip-bad-rows 先导入无误的行。\n")
    assert scores() == []
    assert not (project / "results.xlsx").exists()


def test_skip_bad_rows_imports_the_rest_and_writes_the_rows_to_fix(project):
    write_sheet(project / "s.xlsx", [row("", "", "P0001"), row("", "", "P0002", ["F"] + [""] * 6)])
    result = run("grade", "exams/2026-12-客服", "s.xlsx", "--skip-bad-rows")
    assert result.exit_code == 0, result.output
    assert "已跳过 1 行有问题的答卷，已写入 s-待修正.xlsx。" in result.output
    rejected = read_xlsx(project / "s-待修正.xlsx")
    assert rejected[0][0] == "考试：2026-12-客服"  # corrected, it imports like the answer sheet it came from
    assert rejected[1][-1] == "问题" and rejected[2][2:4] == ["P0002", "F"]
    assert rejected[2][-1] == "第1题：答案“F”不是选项 A、B、C、D 之一。"
    assert scores() == [("E001", 55.0)]


def test_unknown_exam_dir_is_a_chinese_error(project):
    write_sheet(project / "s.csv", [row("", "", "P0001")])
    result = run("grade", "exams/nope", "s.csv")
    assert result.exit_code == 1
    assert result.output.startswith("错误：exams/nope/manifest.json: 找不到试卷清单 manifest.json。")


def test_db_option_and_environment_choose_the_gradebook(project, monkeypatch):
    write_sheet(project / "s.csv", [row("", "", "P0001")])
    assert run("grade", "exams/2026-12-客服", "s.csv", "--db", "other.sqlite").exit_code == 0
    assert scores("other.sqlite") == [("E001", 55.0)]
    monkeypatch.setenv("SERVICEBOOK_DB", str(project / "env.sqlite"))
    write_sheet(project / "t.csv", [row("", "", "P0002")])
    assert run("grade", "exams/2026-12-客服", "t.csv").exit_code == 0
    assert scores("env.sqlite") == [("E002", 55.0)]


def test_fix_key_rewrites_the_manifest_and_rescores(project):
    write_sheet(project / "s.csv", [row("", "", "P0001"), row("", "", "P0002", ["C"] + [""] * 6)])
    run("grade", "exams/2026-12-客服", "s.csv")
    result = run("exam", "fix-key", "exams/2026-12-客服", "ten-steps-001", "C")
    assert result.output == ("已把题目 ten-steps-001 的答案由 B 改为 C；重新评分 2 份作答，2 人的成绩有变化"
                             "（操作记录第 2 号，可用 servicebook db undo 撤销）。\n"
                             "各试卷上的答案：C（先记录）：P0001、P0002、P0003、V0001。\n")
    data = json.loads((project / "exams/2026-12-客服/manifest.json").read_text(encoding="utf-8"))
    assert {p["questions"][0]["key"] for p in data["papers"]} == {"C"}
    assert scores() == [("E001", 45.0), ("E002", 10.0)]


def test_fix_key_for_an_unknown_question_changes_nothing(project):
    before = (project / "exams/2026-12-客服/manifest.json").read_bytes()
    result = run("exam", "fix-key", "exams/2026-12-客服", "nope-001", "C")
    assert (result.exit_code, result.output) == (1, "错误：题目 nope-001 不在本次考试（2026-12-客服）中。\n")
    assert (project / "exams/2026-12-客服/manifest.json").read_bytes() == before


def test_db_backup_and_check(project):
    write_sheet(project / "s.csv", [row("", "", "P0001")])
    run("grade", "exams/2026-12-客服", "s.csv")
    assert run("db", "backup", "backups/g.sqlite").output == "已备份成绩库到 backups/g.sqlite。\n"
    dated = run("db", "backup")
    assert re.fullmatch(r"已备份成绩库到 data/backups/gradebook-\d{4}-\d\d-\d\d-\d{6}\.sqlite。\n", dated.output)
    assert scores("backups/g.sqlite") == [("E001", 55.0)]
    assert run("db", "check").output == "成绩库检查通过：完整性和外键均无问题。\n"


def test_db_check_without_a_gradebook_is_an_error(project):
    result = run("db", "check", "--db", "missing.sqlite")
    assert (result.exit_code, result.output) == (1, "错误：成绩库 missing.sqlite 不存在。\n")


def test_a_badly_broken_sheet_lists_the_first_fifty_problems_and_the_count(project):
    write_sheet(project / "s.csv", [row(f"X{i}", "某", "P9999") for i in range(60)])
    result = run("grade", "exams/2026-12-客服", "s.csv")
    assert result.exit_code == 1
    assert result.output.count("不在本次考试") == 50
    assert result.output.endswith("……其余 10 个问题未列出。\n共发现 60 个错误。\n"
                                  "未导入任何成绩。改正后重新导入，或加 --skip-bad-rows 先导入无误的行。\n")


def test_many_people_may_share_a_variant_paper(project):
    write_sheet(project / "s.csv", [row("W1", "甲", "V0001"), row("W2", "乙", "V0001")])
    assert run("grade", "exams/2026-12-客服", "s.csv").exit_code == 0
    assert scores() == [("W1", 55.0), ("W2", 55.0)]


def test_summary_names_weak_questions_by_their_stem(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SERVICEBOOK_DB", raising=False)
    data = manifest(variants=1)
    for paper in data["papers"]:
        for question in paper["questions"]:
            question["stem"] = f"{question['id']} 的题干：业主在前台大声投诉时，第一步应当怎样做才符合十步法"
    write_exam(tmp_path, data)
    write_sheet(tmp_path / "s.csv", [row("", "", "P0001")])
    result = run("grade", "exams/2026-12-客服", "s.csv")
    assert result.exit_code == 0, result.output
    weakest = result.output.splitlines()[1]
    assert weakest.startswith("得分率最低的题目：")
    assert "“" in weakest and "…”" in weakest  # stems shortened to fit a line
    assert read_xlsx(tmp_path / "results.xlsx", "题目得分率")[0] == ["题目", "题型", "得分率", "编号"]


def test_a_sheet_of_another_exam_is_refused_naming_both_exams(project):
    write_exam(project, manifest(month="2027-01"))
    write_sheet(project / "january.xlsx", [row("", "", "P0001")], exam="2027-01-客服")
    result = run("grade", "exams/2026-12-客服", "january.xlsx")
    assert (result.exit_code, result.output) == (1, (
        "错误：january.xlsx:1: 这张答题卡属于考试 2027-01-客服，不是要导入的考试 2026-12-客服。\n"
        "    修改方法：导入到 2027-01-客服 的考试目录（exams/2027-01-客服/），或换成考试 2026-12-客服 的答题卡。\n"
        "共发现 1 个错误。\n未导入任何成绩。改正后重新导入，或加 --skip-bad-rows 先导入无误的行。\n"))
    assert run("grade", "exams/2026-12-客服", "january.xlsx", "--skip-bad-rows").exit_code == 1
    assert scores() == []


def test_a_csv_saved_from_another_exams_sheet_is_refused_by_its_first_line(project):
    write_exam(project, manifest(month="2027-01"))
    (project / "january.csv").write_text("# 考试: 2027-01-客服\n" + ",".join(HEADERS) + "\n,,P0001\n",
                                         encoding="utf-8")
    result = run("grade", "exams/2026-12-客服", "january.csv")
    assert result.exit_code == 1 and "这张答题卡属于考试 2027-01-客服，不是要导入的考试 2026-12-客服。" in result.output
    assert scores() == []


def test_a_sheet_made_before_sheets_carried_their_exam_is_graded_with_a_warning(project):
    write_sheet(project / "old.xlsx", [row("", "", "P0001")], exam=None)
    result = run("grade", "exams/2026-12-客服", "old.xlsx")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "警告：old.xlsx: 答题卡上没有考试编号（旧版答题卡），无法核对它是否属于考试 2026-12-客服。\n")
    assert scores() == [("E001", 55.0)]
