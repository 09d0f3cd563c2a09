"""The quarter report rolls up by 项目 and by 岗位 with the monthly trend; its workbook opens ready to use."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner
from gradingfixture import PEOPLE, PERFECT, manifest, read_xlsx, row, write_exam, write_sheet

from servicebook.cli import main

WRONG = ["A", "AB", "错", "五声；1小时", "ABCD", "0", "0"]
GUARD = [{"工号": "S001", "姓名": "赵六", "岗位": "安保", "项目": "一期"}]


def run(*args):
    return CliRunner().invoke(main, list(args))


def grade(root, data: dict, rows: list[list]) -> None:
    write_exam(root, data)
    write_sheet(root / f"{data['exam_id']}.csv", rows, exam=data["exam_id"])
    result = run("grade", f"exams/{data['exam_id']}", f"{data['exam_id']}.csv")
    assert result.exit_code == 0, result.output


@pytest.fixture
def quarter(tmp_path, monkeypatch):
    """October: 张三 (一期) full marks, 李四 (二期) zero, 王五 (二期) 缺考; November: all full marks;
    December: no exam. 安保 in October: 赵六 (一期) full marks. Every exam is out of 55."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SERVICEBOOK_DB", raising=False)
    grade(tmp_path, manifest(month="2026-10"),
          [row("", "", "P0001"), row("", "", "P0002", WRONG), row("", "", "P0003", [""] * 7)])
    grade(tmp_path, manifest(month="2026-11"), [row("", "", f"P000{i}") for i in (1, 2, 3)])
    grade(tmp_path, manifest(month="2026-10", role="安保", people=GUARD), [row("", "", "P0001")])
    result = run("report", "quarter", "2026Q4")
    assert result.exit_code == 0, result.output
    return tmp_path / "build" / "reports" / "quarter-2026Q4.xlsx"


def test_projects_roll_up_by_month_leaving_absent_people_out_of_averages(quarter):
    projects = read_xlsx(quarter, "各项目")
    assert projects[0] == ["项目", "人数", "2026-10 平均分", "2026-10 及格率", "2026-11 平均分", "2026-11 及格率",
                           "2026-12 平均分", "2026-12 及格率", "季度平均分", "季度及格率", "缺考人次", "需补考人数"]
    assert projects[1] == ["一期", 2, 100, 1, 100, 1, None, None, 100, 1, 0, 0]
    assert projects[2][:8] == ["二期", 2, 0, 0, 100, 1, None, None]
    assert projects[2][8:] == [pytest.approx(200 / 3), pytest.approx(2 / 3), 1, 2]


def test_roles_roll_up_the_same_way(quarter):
    roles = read_xlsx(quarter, "各岗位")
    assert [r[:6] for r in roles[1:]] == [["安保", 1, 100, 1, None, None],
                                          ["客服", 3, 50, 0.5, 100, 1]]


def test_the_trend_compares_each_month_with_the_one_before(quarter):
    trend = read_xlsx(quarter, "月度趋势")
    assert trend[0] == ["月份", "参加人数", "缺考人数", "平均分", "及格率", "平均分较上月", "及格率较上月"]
    assert trend[1][:5] == ["2026-10", 3, 1, pytest.approx(200 / 3), pytest.approx(2 / 3)]
    assert trend[1][5:] == [None, None]
    assert trend[2] == ["2026-11", 3, 0, 100, 1, pytest.approx(100 / 3), pytest.approx(1 / 3)]
    assert trend[3] == ["2026-12", 0, 0, None, None, None, None]


def test_the_quarter_workbook_opens_ready_to_use(quarter):
    book = openpyxl.load_workbook(quarter)
    assert book.sheetnames == ["个人成绩", "补考名单", "月度趋势", "各项目", "各岗位"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and all(cell.font.b for cell in sheet[1]), sheet.title
        assert all(sheet.column_dimensions[c.column_letter].width >= 6 for c in sheet[1]), sheet.title
    projects = book["各项目"]
    assert projects["D2"].value == 1 and projects["D2"].number_format == "0.0%"
    assert projects["C2"].number_format == "0.0"
    trend = book["月度趋势"]
    assert trend["G3"].number_format == "+0.0%;-0.0%;0.0%"
    people = book["个人成绩"]
    assert [c.value for c in people["E"][1:4]] == [55, 0, "缺考"]  # scores are numbers
    assert read_xlsx(quarter, "补考名单")[1:] == [["E002", "李四", "客服", "二期", "2026-10", "不及格（0 分，及格线 33 分）"],
                                              ["E003", "王五", "客服", "二期", "2026-10", "缺考"]]


def test_the_html_shows_the_rollups_and_the_trend(quarter):
    html = quarter.with_suffix(".html").read_text(encoding="utf-8")
    for heading in ("<h2>月度趋势</h2>", "<h2>各项目</h2>", "<h2>各岗位</h2>"):
        assert heading in html
    assert '<td class="num">+33.3</td><td class="num">+33.3%</td>' in html
    assert "缺考人次<b>1</b>" in html
    assert PEOPLE[0]["姓名"] in html


def test_people_who_left_keep_the_exams_they_sat_but_are_not_sent_to_a_retake(quarter, tmp_path):
    """王五 missed October and left; 赵九 left before the quarter and never sat: neither is on the
    retake list, 王五's November score still counts, and 赵九 is not in the report at all."""
    (tmp_path / "名单.csv").write_text("工号,姓名,岗位,项目,状态\nE003,王五,客服,二期,离职\nE009,赵九,客服,二期,离职\n",
                                     encoding="utf-8")
    assert run("staff", "import", "名单.csv").exit_code == 0
    result = run("report", "quarter", "2026Q4", "--role", "客服")
    assert result.exit_code == 0, result.output
    workbook = tmp_path / "build" / "reports" / "quarter-2026Q4-客服.xlsx"
    people = {r[0]: r for r in read_xlsx(workbook, "个人成绩")[1:]}
    assert set(people) == {"E001", "E002", "E003"}
    assert people["E003"][4:6] == ["离职", 55] and people["E003"][-1] == "已离职"
    assert [r[0] for r in read_xlsx(workbook, "补考名单")[1:]] == ["E002"]
    html = workbook.with_suffix(".html").read_text(encoding="utf-8")
    assert "缺考人次<b>0</b>" in html and "已离职 1 人" in html
