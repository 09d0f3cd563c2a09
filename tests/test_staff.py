"""Issue 9.6: the staff register (servicebook staff import, grade --roster) lets new hires be graded."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner
from gradingfixture import manifest, row, write_exam, write_sheet

from servicebook.cli import main

EXAM = "exams/2026-12-客服"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SERVICEBOOK_DB", raising=False)
    write_exam(tmp_path, manifest(variants=1))
    write_sheet(tmp_path / "first.csv", [row("", "", "P0001")])
    assert run("grade", EXAM, "first.csv").exit_code == 0  # the gradebook now knows E001–E003
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, list(args))


def staff():
    with sqlite3.connect("data/gradebook.sqlite") as db:
        return db.execute("SELECT staff_no, name, post, project, active FROM staff ORDER BY staff_no").fetchall()


def roster(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def test_an_unknown_staff_number_points_at_the_staff_register(project):
    write_sheet(project / "new.csv", [row("W2", "新人", "V0001")])
    result = run("grade", EXAM, "new.csv")
    assert result.exit_code == 1
    assert result.output.startswith(
        "错误：new.csv:3: 工号 W2 不在员工名单中。\n"
        "    修改方法：核对工号是否抄错；新员工先加入员工名单：servicebook staff import 名单.xlsx，"
        "或阅卷时加 --roster 名单.xlsx。\n")


def test_staff_import_lets_a_new_hire_be_graded_on_an_anonymous_paper(project):
    roster(project / "名单.csv", ["工号,姓名,岗位,项目", "W2,新人,客服,三期"])
    result = run("staff", "import", "名单.csv")
    assert (result.exit_code, result.output) == (0, "员工名单：新增 1 人，更新 0 人。\n")
    write_sheet(project / "new.csv", [row("W2", "新人", "V0001")])
    assert run("grade", EXAM, "new.csv").exit_code == 0
    assert ("W2", "新人", "客服", "三期", 1) in staff()


def test_grade_roster_imports_the_roster_first(project):
    roster(project / "名单.csv", ["工号,姓名,岗位,项目", "W2,新人,客服,三期"])
    write_sheet(project / "new.csv", [row("W2", "新人", "V0001")])
    result = run("grade", EXAM, "new.csv", "--roster", "名单.csv")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("员工名单：新增 1 人，更新 0 人。\n2026-12 客服月度考试：已评分 1 人（新增 1，更新 0）")


def test_staff_import_updates_but_never_deletes_and_marks_leavers_only_when_told(project):
    roster(project / "调岗.csv", ["员工名单（2026 年 12 月）", "", "工  号,姓名,岗位,项目,状态",
                                   "E001,张三,安保,一期,在职", "E002,李四,客服,二期,离职"])
    result = run("staff", "import", "调岗.csv")
    assert result.output == "员工名单：新增 0 人，更新 2 人，标记离职 1 人（李四（E002））。\n"
    assert staff() == [("E001", "张三", "安保", "一期", 1), ("E002", "李四", "客服", "二期", 0),
                       ("E003", "王五", "客服", "二期", 1)]
    assert run("staff", "import", "调岗.csv").output == "员工名单无变化。\n"
    roster(project / "全员.csv", ["工号,姓名,岗位,项目", "E001,张三,安保,一期", "E002,李四,客服,二期"])
    result = run("staff", "import", "全员.csv", "--full")
    assert result.output == "员工名单：新增 0 人，更新 2 人，标记离职 1 人（王五（E003）），重新在职 1 人（李四（E002））。\n"
    assert [s[0] for s in staff()] == ["E001", "E002", "E003"]  # nobody deleted
    assert [s[4] for s in staff()] == [1, 1, 0]


def test_a_bad_status_is_refused_with_its_row_and_changes_nothing(project):
    before = staff()
    roster(project / "名单.csv", ["工号,姓名,岗位,项目,状态", "W2,新人,客服,三期,试用"])
    result = run("staff", "import", "名单.csv")
    assert (result.exit_code, result.output) == (1, "错误：名单.csv:2: 状态“试用”无法识别。\n"
                                                    "    修改方法：状态填“在职”或“离职”，或留空（不改变此人的状态）。\n"
                                                    "共发现 1 个错误。\n")
    assert staff() == before


def test_a_staff_import_can_be_undone(project):
    before = staff()
    roster(project / "名单.csv", ["工号,姓名,岗位,项目,状态", "W2,新人,客服,三期,", "E001,张三,安保,一期,离职"])
    run("staff", "import", "名单.csv")
    result = run("db", "undo")
    assert result.output == ("已撤销第 2 号操作（导入员工名单：名单.csv：新增 1 人，更新 1 人，标记离职 1 人）。"
                             "员工名单已恢复到导入前：2 人的记录已改回。\n")
    assert staff() == before
