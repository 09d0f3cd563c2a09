"""Reading answer sheets (XLSX, CSV in UTF-8/BOM/GBK) and exam manifests, with file and row numbers."""

from __future__ import annotations

import json

import openpyxl
import pytest
from gradingfixture import HEADERS, manifest, row, write_exam, write_sheet

from servicebook.exam import contract
from servicebook.errors import ProblemsFound
from servicebook.grading import sheets


@pytest.mark.parametrize("name, encoding", [("a.xlsx", None), ("a.csv", "utf-8"), ("a.csv", "utf-8-sig"),
                                            ("a.csv", "gbk")])
def test_sheet_formats_read_the_same_rows(tmp_path, name, encoding):
    path = write_sheet(tmp_path / name, [row("E001", "张三", "P0001")], encoding=encoding or "utf-8")
    sheet = sheets.read_sheet(path)
    assert (sheet.exam_id, sheet.header_row, sheet.headers) == ("2026-12-客服", 2, HEADERS)
    assert sheet.rows == [(3, ["E001", "张三", "P0001", "B", "AC", "对", "三声；10分钟", "BADC", "3", "2"])]


def test_blank_rows_are_skipped_but_row_numbers_stay_true(tmp_path):
    path = write_sheet(tmp_path / "a.csv", [row("E001", "张三", "P0001"), [""] * 10, row("E002", "李四", "P0002")])
    assert [number for number, _ in sheets.read_sheet(path).rows] == [3, 5]


def test_numbers_typed_into_excel_cells_read_as_text(tmp_path):
    path = write_sheet(tmp_path / "a.xlsx", [[1001, "张三", "P0001", "B", "AC", "对", 3, "BADC", 3.0, 1.5]])
    assert sheets.read_sheet(path).rows[0][1][:9] == ["1001", "张三", "P0001", "B", "AC", "对", "3", "BADC", "3"]


def test_missing_identity_columns_name_the_file_and_header_row(tmp_path):
    path = write_sheet(tmp_path / "a.csv", [], headers=["姓名", "第1题"], exam=None)
    with pytest.raises(ProblemsFound) as error:
        sheets.read_sheet(path)
    assert str(error.value.problems[0]).endswith("a.csv:1: 表头缺少 工号、试卷编号 列。\n"
                                                 "    修改方法：第 1 行应为：工号、姓名、试卷编号、第1题、第2题……；请勿改动表头。")


def test_a_sheet_made_before_sheets_carried_their_exam_reads_from_row_one(tmp_path):
    sheet = sheets.read_sheet(write_sheet(tmp_path / "a.xlsx", [row("E001", "张三", "P0001")], exam=None))
    assert (sheet.exam_id, sheet.header_row, sheet.rows[0][0]) == ("", 1, 2)


def test_the_exam_id_survives_saving_as_csv_without_the_document_property(tmp_path):
    (tmp_path / "a.csv").write_text("考试：2027-01-客服,,,2027-01 客服月度考试\n" + ",".join(HEADERS) + "\n",
                                    encoding="utf-8")
    assert sheets.read_sheet(tmp_path / "a.csv").exam_id == "2027-01-客服"


def test_a_note_after_the_exam_id_on_the_first_line_is_allowed(tmp_path):
    (tmp_path / "a.csv").write_text("考试：2027-01-客服（请勿修改）\n" + ",".join(HEADERS) + "\n", encoding="utf-8")
    assert sheets.read_sheet(tmp_path / "a.csv").exam_id == "2027-01-客服"


def test_a_first_line_that_disagrees_with_the_document_property_is_refused(tmp_path):
    path = write_sheet(tmp_path / "a.xlsx", [row("E001", "张三", "P0001")], exam="2026-12-客服")
    book = openpyxl.load_workbook(path)
    book.active["A1"] = "考试：2027-01-客服"
    book.save(path)
    with pytest.raises(ProblemsFound, match="答题卡第 1 行写的考试是 2027-01-客服，文件属性记录的考试是 2026-12-客服，两者不一致。"):
        sheets.read_sheet(path)


def test_workbook_without_the_answer_sheet_tab_is_rejected(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.create_sheet("其他")
    book.save(tmp_path / "a.xlsx")
    with pytest.raises(ProblemsFound, match="答题卡中没有名为“答题卡”的工作表。"):
        sheets.read_sheet(tmp_path / "a.xlsx")


def test_a_file_that_is_not_xlsx_is_rejected_in_chinese(tmp_path):
    (tmp_path / "a.xlsx").write_text("not a workbook")
    with pytest.raises(ProblemsFound, match="答题卡不是有效的 Excel 文件（.xlsx）。"):
        sheets.read_sheet(tmp_path / "a.xlsx")


def test_manifest_round_trips_and_is_typed(tmp_path):
    exam_dir = write_exam(tmp_path, manifest(variants=1))
    exam, raw = contract.read_manifest(exam_dir)
    assert (exam.exam_id, exam.pass_mark, sorted(exam.papers)) == ("2026-12-客服", 33.0, ["P0001", "P0002", "P0003",
                                                                                         "V0001"])
    assert exam.papers["P0001"].questions[3].key == (("3声", "三声"), ("10分钟",))
    contract.write_manifest(exam_dir, raw)
    assert json.loads((exam_dir / "manifest.json").read_text(encoding="utf-8")) == raw


def test_manifest_of_another_format_is_rejected(tmp_path):
    exam_dir = tmp_path / "e"
    exam_dir.mkdir()
    (exam_dir / "manifest.json").write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(ProblemsFound, match="试卷清单格式应为 servicebook-exam/1。"):
        contract.read_manifest(exam_dir)
