"""The streaming XLSX writer: files open in Excel/WPS ready to use (read back here with openpyxl)."""

from __future__ import annotations

import openpyxl
import pytest

from servicebook.tables import PERCENT, Column, sheet_names, write_workbook


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "out.xlsx"
    long_stem = "接到业主电话投诉后，客服人员应当在多长时间内完成首次回访并记录在案？" * 2
    write_workbook(path, [
        ("成绩", ["工号", "姓名", Column("得分"), Column("及格率", PERCENT)],
         iter([["E001", "张三", 55, 0.875], ["E002", "李四", 27.5, 0.0]])),
        ("题目分析", ["题目", Column("作答人数")], [[long_stem, 2]]),
        ("成绩", ["工号"], []),
    ])
    loaded = openpyxl.load_workbook(path)
    yield loaded
    loaded.close()


def test_header_is_bold_and_frozen_with_a_filter(book):
    sheet = book["成绩"]
    assert [c.value for c in sheet[1]] == ["工号", "姓名", "得分", "及格率"]
    assert all(c.font.b for c in sheet[1]) and not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"


def test_scores_are_numbers_and_pass_rates_percent_cells(book):
    sheet = book["成绩"]
    assert [sheet["C2"].value, sheet["C3"].value] == [55, 27.5]
    assert sheet["D2"].value == 0.875 and sheet["D2"].number_format == "0.0%"
    assert sheet["C2"].number_format == "General"


def test_columns_are_as_wide_as_their_contents_within_a_limit(book):
    widths = book["成绩"].column_dimensions
    assert 6 <= widths["A"].width < widths["B"].width + 3 < 20
    assert book["题目分析"].column_dimensions["A"].width == 60


def test_sheet_names_are_distinct_and_acceptable_to_excel(book):
    assert book.sheetnames == ["成绩", "题目分析", "成绩（2）"]
    assert sheet_names(["a/b:c", "A/B:C", "x" * 40]) == ["a_b_c", "A_B_C（2）", "x" * 31]


def test_every_streamed_row_is_written(tmp_path):
    path = tmp_path / "many.xlsx"
    write_workbook(path, [("成绩", ["工号", Column("得分")], ([f"S{i:05d}", i / 4] for i in range(4321)))])
    rows = list(openpyxl.load_workbook(path, read_only=True)["成绩"].iter_rows(values_only=True))
    assert len(rows) == 4322 and rows[-1] == ("S04320", 1080.0)


def test_a_line_above_the_header_keeps_the_header_bold_and_frozen(tmp_path):
    """The rejected-rows file names its exam in row 1, like the answer sheet, so it can be imported again."""
    from servicebook.grading.sheets import write_table

    path = tmp_path / "待修正.xlsx"
    write_table(path, "答题卡", ["工号", "姓名", "问题"], [["E001", "张三", "第2题：答案不是选项"]], exam_id="2026-12-客服")
    sheet = openpyxl.load_workbook(path)["答题卡"]
    assert [[c.value for c in r] for r in sheet.iter_rows()] == [
        ["考试：2026-12-客服", None, None], ["工号", "姓名", "问题"], ["E001", "张三", "第2题：答案不是选项"]]
    assert sheet.freeze_panes == "A3" and sheet["A2"].font.b and not sheet["A3"].font.b
    assert sheet.auto_filter.ref == "A2:C3"
