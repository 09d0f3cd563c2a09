"""Reading staff rosters from XLSX and from CSV files saved by Excel/WPS."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from servicebook.errors import ProblemsFound
from servicebook.exam.roster import Person, load_roster, read_roster, split_by_post

HEADER = ["工号", "姓名", "岗位", "项目"]


def xlsx(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def problems_of(path):
    with pytest.raises(ProblemsFound) as caught:
        load_roster(path)
    return str(caught.value)


def test_xlsx_roster_is_read_in_file_order_with_numeric_ids_as_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = xlsx(tmp_path / "r.xlsx", [HEADER, [1002, "李四", "客服", "二期"], ["1001", "张三", "客服", None]])
    assert load_roster(path) == [Person("1002", "李四", "客服", "二期", 2), Person("1001", "张三", "客服", "", 3)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_from_excel_or_wps_is_read_in_any_of_their_encodings(tmp_path, encoding):
    path = tmp_path / "r.csv"
    path.write_bytes("工号,姓名,岗位,项目\r\n1001,张三,客服,一期\r\n".encode(encoding))
    assert load_roster(path) == [Person("1001", "张三", "客服", "一期", 2)]


def test_columns_may_come_in_any_order_and_blank_rows_are_skipped(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("姓名,项目,工号,岗位,备注\n张三,一期,1001,客服,x\n,,,,\n李四,二期,1002,安保,\n", encoding="utf-8")
    assert [p.staff_id for p in load_roster(path)] == ["1001", "1002"]


def test_missing_columns_are_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.csv").write_text("工号,名字,岗位\n1001,张三,客服\n", encoding="utf-8")
    assert problems_of(tmp_path / "r.csv") == (
        "r.csv:1: 表头缺少列：姓名、项目。\n    修改方法：第 1 行（表头）应包含 工号、姓名、岗位、项目 四列；列名中的空格、全角字母不影响识别。\n"
        "共发现 1 个错误。")


def test_missing_staff_id_names_the_row(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    xlsx(tmp_path / "r.xlsx", [HEADER, ["1001", "张三", "客服", "一期"], [None, "李四", "客服", "一期"]])
    assert problems_of(tmp_path / "r.xlsx") == (
        "r.xlsx:3: 第 3 行缺少工号。\n    修改方法：填写此人的工号，或删除这一行。\n共发现 1 个错误。")


def test_duplicate_staff_id_names_both_rows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.csv").write_text("工号,姓名,岗位,项目\n1001,张三,客服,一期\n1002,王五,客服,一期\n1001,李四,客服,一期\n",
                                    encoding="utf-8")
    hint = "\n    修改方法：每人一行，工号不能重复；核对后删除或改正其中一行。"
    assert problems_of(tmp_path / "r.csv") == (
        f"r.csv:2: 工号 1001 重复：第 2 行和第 4 行。{hint}\nr.csv:4: 工号 1001 重复：第 2 行和第 4 行。{hint}\n"
        "共发现 2 个错误。")


def test_all_row_problems_are_reported_together(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.csv").write_text("工号,姓名,岗位,项目\n,张三,客服,一期\n1002,,客服,一期\n", encoding="utf-8")
    text = problems_of(tmp_path / "r.csv")
    assert "r.csv:2: 第 2 行缺少工号。" in text and "r.csv:3: 第 3 行（工号 1002）缺少姓名。" in text
    assert text.endswith("共发现 2 个错误。")


def test_unsupported_file_type_says_what_to_use(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.xls").write_bytes(b"x")
    assert problems_of(tmp_path / "r.xls").startswith(
        "r.xls: 不支持的文件类型 .xls。\n    修改方法：请使用 Excel 表格（.xlsx）或从 Excel/WPS 另存的 CSV 文件（.csv）。")


def test_empty_roster_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.csv").write_text("工号,姓名,岗位,项目\n", encoding="utf-8")
    assert problems_of(tmp_path / "r.csv").startswith("r.csv: 名单中没有人员。")


def test_title_row_above_the_header_is_skipped_and_rows_keep_their_numbers(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年12月客服岗位考试名单"])
    sheet.merge_cells("A1:D1")  # the title spans the table, as trainers make it
    sheet.append([])
    sheet.append(HEADER)
    sheet.append(["1001", "张三", "客服", "一期"])
    sheet.append(["1001", "李四", "客服", "一期"])
    book.save(tmp_path / "r.xlsx")
    assert problems_of(tmp_path / "r.xlsx").startswith("r.xlsx:4: 工号 1001 重复：第 4 行和第 5 行。")
    sheet.delete_rows(5)
    book.save(tmp_path / "r.xlsx")
    assert load_roster(tmp_path / "r.xlsx") == [Person("1001", "张三", "客服", "一期", 4)]


def test_header_names_with_spaces_or_full_width_letters_are_recognised(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("序号,工 号,姓　　名,岗  位,项目\u3000\n1,1001,张三,客服,一期\n", encoding="utf-8")
    assert load_roster(path) == [Person("1001", "张三", "客服", "一期", 2)]


def test_header_not_in_the_first_rows_names_the_row_that_comes_closest(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.csv").write_text("考试名单\n工号,姓名,部门\n1001,张三,客服部\n", encoding="utf-8")
    assert problems_of(tmp_path / "r.csv").startswith("r.csv:2: 表头缺少列：岗位、项目。")


def test_quarter_retake_list_reads_from_its_sheet_keeping_only_the_exams_month(tmp_path):
    book = Workbook()
    book.active.title = "个人成绩"
    book.active.append(HEADER + ["结果"])
    book.active.append(["1009", "赵六", "客服", "一期", "合格"])
    retakes = book.create_sheet("补考名单")
    for row in (HEADER + ["月份", "原因"], ["1001", "张三", "客服", "一期", "2026-10", "缺考"],
                ["1001", "张三", "客服", "一期", "2026-12", "不及格"], ["1002", "李四", "客服", "二期", "2026-12", "缺考"]):
        retakes.append(row)
    book.save(tmp_path / "q.xlsx")
    roster = read_roster(tmp_path / "q.xlsx", month="2026-12")
    assert [p.staff_id for p in roster.people] == ["1001", "1002"] and roster.other_months == ("1001",)


def test_people_of_another_post_are_split_off():
    people = [Person("1", "甲", "客服", ""), Person("2", "乙", "安保", ""), Person("3", "丙", "", "")]
    assert split_by_post(people, "客服") == ([people[0], people[2]], [people[1]])
