"""Read a filled answer sheet (XLSX or CSV) for grading; the manifest is read by exam/contract.py.

Also writes the small spreadsheets grading produces (rejected rows, results), always atomically.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Iterable

from servicebook.errors import Problem, ProblemsFound
from servicebook.paths import display_path
from servicebook.paths import atomic_write_bytes  # noqa: F401 - also used by reports
from servicebook.exam.contract import Sheet
from servicebook.tables import EXAM_PROPERTY, exam_line, marked_exam, read_table, write_workbook

SHEET_NAME = "答题卡"
ID_COLUMNS = ("工号", "姓名", "试卷编号")


# ---- Answer sheets ----

def read_sheet(path: Path, *, sheet_name: str = SHEET_NAME, what: str = "答题卡") -> Sheet:
    """Read a filled sheet: XLSX (sheet `sheet_name`) or the same columns as CSV (UTF-8, BOM or GBK).

    Row 1 may name the exam (`考试：2026-12-客服`), the header then is row 2; an XLSX sheet also
    carries the exam id as a document property. Both must agree when both are there."""
    table = read_table(path, sheet=sheet_name, what=what)
    file = table.file
    visible = marked_exam(table.rows[0]) if table.rows else ""
    hidden = table.properties.get(EXAM_PROPERTY, "")
    if visible and hidden and visible != hidden:
        message = f"{what}第 1 行写的考试是 {visible}，文件属性记录的考试是 {hidden}，两者不一致。"
        raise ProblemsFound([Problem(file, 1, message, f"使用考试目录中原始的{what}重新填写，不要把其他考试的{what}改来用。")])
    header_row = 2 if visible else 1
    rows = iter(table.rows[header_row - 1:])
    header = next(rows, None)
    if header is None:
        raise ProblemsFound([Problem(file, header_row, f"{what}是空的，没有表头。", "使用考试目录中生成的原始文件填写。")])
    headers = list(header)
    while headers and not headers[-1]:
        headers.pop()
    missing = [name for name in ID_COLUMNS if name not in headers]
    if missing:
        hint = "工号、姓名、试卷编号、第1题、第2题……" if what == "答题卡" else "工号、姓名、试卷编号……"
        raise ProblemsFound([Problem(file, header_row, f"表头缺少 {'、'.join(missing)} 列。",
                                     f"第 {header_row} 行应为：{hint}；请勿改动表头。")])
    width = len(headers)
    body = []
    for number, cells in enumerate(rows, start=header_row + 1):
        del cells[width:]
        if not any(cells):
            continue
        cells.extend([""] * (width - len(cells)))
        body.append((number, cells))
    return Sheet(file, headers, body, hidden or visible, header_row)


# ---- Writing spreadsheets ----

def write_table(path: Path, sheet_title: str, headers: list[str], rows: Iterable[list[Any]], *,
                exam_id: str = "") -> None:
    """Write one table as .xlsx (or .csv, UTF-8 with BOM so Excel opens it) atomically.

    With `exam_id` the first line names the exam, as on the answer sheet, so the file can be
    corrected and imported again like one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        if exam_id:
            writer.writerow([exam_line(exam_id)])
        writer.writerow(headers)
        writer.writerows(rows)
        atomic_write_bytes(path, buffer.getvalue().encode("utf-8-sig"))
        return
    write_workbook(path, [(sheet_title, headers, rows)], above=exam_line(exam_id) if exam_id else "")
