"""Cells read as the trainer typed them: what Excel/WPS displayed, not the float openpyxl stores."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from gradingfixture import HEADERS, manifest, row, write_exam

from servicebook.exam import contract
from servicebook.exam.roster import Person, load_roster
from servicebook.grading import scoring, sheets
from servicebook.tables import cell_text, read_table


def formatted_xlsx(path, cells, title="Sheet"):
    """One row of cells, each (value, number_format or None)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for column, (value, number_format) in enumerate(cells, start=1):
        cell = sheet.cell(row=1, column=column, value=value)
        if number_format:
            cell.number_format = number_format
    book.save(path)
    return path


CASES = [
    ((0.86, "0%"), "86%"),
    ((0.865, "0.00%"), "86.5%"),
    ((0.07, "0%"), "7%"),
    ((3.0, None), "3"),
    ((3, "General"), "3"),
    ((0.1 + 0.2, None), "0.3"),
    ((1.5, "0.00"), "1.5"),
    ((1234, "000000"), "001234"),
    ((1234, "@"), "1234"),
    (("0086", "@"), "0086"),
    (("86%", None), "86%"),
    ((datetime.datetime(2026, 12, 1), "yyyy/m/d"), "2026-12-01"),
    ((datetime.datetime(2026, 12, 1, 8, 30), "yyyy-mm-dd hh:mm"), "2026-12-01 08:30"),
    ((1e-7, None), "0.0000001"),
    ((True, None), "TRUE"),
]


def test_xlsx_cells_read_as_excel_displayed_them(tmp_path):
    path = formatted_xlsx(tmp_path / "a.xlsx", [cell for cell, _ in CASES])
    assert read_table(path).rows == [[text for _, text in CASES]]


@pytest.mark.parametrize("value, number_format, text", [
    (0.86, '0%;[Red]-0%', "86%"), (5, '"第"0"题"', "5"), (7, "00", "07"), (-0.0, "General", "0")])
def test_cell_text_reads_the_positive_section_of_a_number_format(value, number_format, text):
    assert cell_text(value, number_format) == text


def test_percent_typed_in_excel_scores_against_a_percent_key(tmp_path):
    data = manifest()
    data["papers"][0]["questions"][3]["key"] = [["86%"]]  # 第4题, one blank
    exam, _ = contract.read_manifest(write_exam(tmp_path, data))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "答题卡"
    sheet.append(HEADERS)
    sheet.append(row("E001", "张三", "P0001"))
    sheet["G2"] = 0.86  # what Excel stores when 86% is typed into a cell
    sheet["G2"].number_format = "0%"
    book.save(tmp_path / "filled.xlsx")
    graded = scoring.grade_sheet(exam, sheets.read_sheet(tmp_path / "filled.xlsx"))
    assert graded.attempts[0].answers[3] == "86%"
    assert graded.attempts[0].points[3] == 10


def test_roster_staff_ids_keep_leading_zeros_and_plain_numbers_lose_the_point_zero(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["工号", "姓名", "岗位", "项目"])
    sheet.append([1234, "张三", "客服", 1.0])
    sheet.append(["000789", "李四", "客服", 2])
    sheet["A2"].number_format = "000000"
    sheet["A3"].number_format = "@"
    book.save(tmp_path / "r.xlsx")
    assert load_roster(tmp_path / "r.xlsx") == [Person("001234", "张三", "客服", "1", 2),
                                                 Person("000789", "李四", "客服", "2", 3)]


def test_staff_register_reads_its_status_column_through_the_shared_reader(tmp_path):
    from servicebook.grading.staff import read_statuses

    book = openpyxl.Workbook()
    book.active.append(["工号", "姓名", "岗位", "项目", "状态"])
    book.active.append([1001, "张三", "客服", "一期", "离职"])
    book.active.append(["1002", "李四", "客服", "一期", "在职"])
    book.save(tmp_path / "staff.xlsx")
    assert read_statuses(tmp_path / "staff.xlsx") == {"1001": 0, "1002": 1}
