"""Read the tables trainers hand us (rosters, answer sheets, marking sheets): XLSX or CSV saved by Excel/WPS.

Every cell comes back as the text Excel/WPS displayed when the trainer typed it: 86% stays "86%"
(not 0.86), 3 stays "3" (not 3.0), 0.3 has no float noise, dates read 2026-12-01 and a 工号 in a
"000000" column keeps its leading zeros. Anything that compares cells with typed keys or ids
relies on this, so every reader of a trainer's spreadsheet goes through here.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from servicebook.errors import Problem, ProblemsFound
from servicebook.paths import display_path

# Excel/WPS save CSV as UTF-8 (with or without BOM) or as the Windows Chinese code page.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Table:
    """The rows of one sheet, every cell as displayed text (row i of the list is spreadsheet row i + 1)."""

    file: str  # path shown in messages
    rows: list[list[str]]
    properties: dict[str, str] = field(default_factory=dict)  # custom document properties (XLSX only)


def read_table(path: Path, *, sheet: str | None = None, what: str = "文件") -> Table:
    """Read `path` (.xlsx or .csv). `sheet` names the worksheet to read (a workbook with a single
    sheet is read whatever its name); without it the first sheet is read. `what` names the file
    in messages ("答题卡", "名单")."""
    file = display_path(path)
    if not path.is_file():
        raise ProblemsFound([Problem(file, 0, f"找不到{what}文件。", "检查文件名和路径是否写对。")])
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, file, sheet, what)
    if suffix == ".csv":
        return Table(file, _read_csv(path, file))
    raise ProblemsFound([Problem(file, 0, f"不支持的文件类型 {path.suffix or '（无扩展名）'}。",
                                 "请使用 Excel 表格（.xlsx）或从 Excel/WPS 另存的 CSV 文件（.csv）。")])


def _read_csv(path: Path, file: str) -> list[list[str]]:
    data = path.read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost any byte string
        raise ProblemsFound([Problem(file, 0, "无法识别 CSV 文件的编码（既不是 UTF-8 也不是 GBK）。",
                                     "用 Excel 或 WPS 打开后另存为“CSV UTF-8”格式。")])
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as error:
        raise ProblemsFound([Problem(file, 0, f"CSV 格式错误：{error}。", "在 Excel/WPS 中重新另存为 CSV。")]) from error


def _read_xlsx(path: Path, file: str, name: str | None, what: str) -> Table:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds (zip, XML, key, value errors) for damaged files
        raise ProblemsFound([Problem(file, 0, f"{what}不是有效的 Excel 文件（.xlsx）。",
                                     "用 Excel 或 WPS 打开后另存为 .xlsx 再试。")]) from error
    try:
        if name is None or name in book.sheetnames or len(book.sheetnames) == 1:
            worksheet = book[name] if name in book.sheetnames else book.worksheets[0]
        else:
            raise ProblemsFound([Problem(file, 0, f"{what}中没有名为“{name}”的工作表。",
                                         f"把要读取的工作表改名为“{name}”。")])
        rows = [[_cell(c) for c in row] for row in worksheet.iter_rows()]
        properties = {p.name: str(p.value) for p in book.custom_doc_props if p.value is not None}
        return Table(file, rows, properties)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ProblemsFound([Problem(file, 0, f"{what}不是有效的 Excel 文件（.xlsx）。",
                                     "用 Excel 或 WPS 打开后另存为 .xlsx 再试。")]) from error
    finally:
        book.close()


def _cell(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if type(value) is str:  # the common case: text typed into the cell
        return value.strip()
    return cell_text(value, getattr(cell, "number_format", None) or "General")


# ---- One cell as displayed ----

def cell_text(value: Any, number_format: str = "General") -> str:
    """What Excel/WPS showed for `value` in a cell formatted with `number_format`, as the trainer typed it.

    Percent cells read "86%"; a number in a zero-padded column ("000000") keeps its leading zeros;
    other numbers read in the shortest form without float noise (3.0 → "3", 0.1 + 0.2 → "0.3"),
    even under a fixed-decimals format (the trainer typed 3, the cell showed 3.00). Dates read
    2026-12-01 (with the time when there is one)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, (int, float)):
        kind, width = _format_kind(number_format)
        if kind == "percent":
            return number_text(value * 100) + "%"
        if kind == "padded" and float(value).is_integer() and value >= 0:
            return str(int(value)).zfill(width)
        return number_text(value)
    return str(value).strip()


def number_text(value: int | float) -> str:
    """A number in its shortest decimal form, at Excel's 15 significant digits (no float noise, no 1e-07)."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return str(value)
    text = f"{value:.15g}"
    if "e" in text:
        text = format(Decimal(text), "f")
    return "0" if text == "-0" else text


_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|[_*].')


@lru_cache(maxsize=256)
def _format_kind(number_format: str) -> tuple[str, int]:
    """("percent" | "padded" | "number", width) from the positive section of a number format."""
    section = _QUOTED.sub("", number_format.split(";", 1)[0])
    if "%" in section:
        return "percent", 0
    if len(section) > 1 and set(section) == {"0"}:
        return "padded", len(section)
    return "number", 0


# ---- Which exam a sheet belongs to ----

# Paper codes restart at P0001 in every exam, so sheets carry their exam id twice: as a custom
# document property (hidden, survives editing) and as a visible first line that also survives
# "save as CSV" (the CSV form of the marker: `# 考试: 2026-12-客服` or `考试：2026-12-客服`).
EXAM_PROPERTY = "servicebook-exam"
_EXAM_LINE = re.compile(r"^#?\s*考试\s*[:：]\s*([^\s（(]+)")  # text after the id (a note) is allowed


def exam_line(exam_id: str) -> str:
    """The text of the visible marker cell (A1) of a sheet written for `exam_id`."""
    return f"考试：{exam_id}"


def marked_exam(first_row: list[str]) -> str:
    """The exam id in a sheet's first row (its first cell), or "" when the row is not a marker."""
    match = _EXAM_LINE.match(first_row[0]) if first_row else None
    return match.group(1) if match else ""
