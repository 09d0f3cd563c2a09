"""Read a staff roster (工号, 姓名, 岗位, 项目) from XLSX or from a CSV saved by Excel/WPS."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from servicebook.errors import Problem, ProblemsFound
from servicebook.kb.pages import display_path

COLUMNS = ("工号", "姓名", "岗位", "项目")
# Excel/WPS save CSV as UTF-8 (with or without BOM) or as the Windows Chinese code page.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class Person:
    staff_id: str  # 工号
    name: str  # 姓名
    post: str  # 岗位
    project: str  # 项目
    row: int = 0  # row in the roster file (header is row 1)

    def as_manifest(self) -> dict[str, str]:
        return {"工号": self.staff_id, "姓名": self.name, "岗位": self.post, "项目": self.project}


def read_table(path: Path) -> list[list[str]]:
    """The rows of the first sheet of an XLSX file or of a CSV file, every cell as stripped text."""
    file = display_path(path)
    if not path.is_file():
        raise ProblemsFound([Problem(file, 0, "文件不存在。", "检查文件路径是否写对。")])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, file)
    if path.suffix.lower() == ".csv":
        return _read_csv(path, file)
    raise ProblemsFound([Problem(file, 0, f"不支持的文件类型 {path.suffix or '（无扩展名）'}。",
                                 "请使用 Excel 表格（.xlsx）或从 Excel/WPS 另存的 CSV 文件（.csv）。")])


def cell_text(value) -> str:
    """Cell value as text; 1001.0 typed into a number cell reads as 1001."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(path: Path, file: str) -> list[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for damaged files
        raise ProblemsFound([Problem(file, 0, f"无法读取 Excel 文件（{type(error).__name__}）。",
                                     "用 Excel 或 WPS 打开后另存为 .xlsx 再试。")]) from error
    try:
        sheet = book.worksheets[0]
        return [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _read_csv(path: Path, file: str) -> list[list[str]]:
    data = path.read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ProblemsFound([Problem(file, 0, "无法识别 CSV 文件的编码（既不是 UTF-8 也不是 GBK）。",
                                     "用 Excel 或 WPS 打开后另存为“CSV UTF-8”格式。")])
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


def load_roster(path: Path) -> list[Person]:
    """Every person in the roster, in file order; all problems reported at once with their rows."""
    file = display_path(path)
    rows = read_table(path)
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise ProblemsFound([Problem(file, 0, "名单是空的。", f"第 1 行写表头 {'、'.join(COLUMNS)}，从第 2 行起每行一人。")])
    header = rows[0]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ProblemsFound([Problem(file, 1, f"表头缺少列：{'、'.join(missing)}。",
                                     f"第 1 行应包含 {'、'.join(COLUMNS)} 四列（列名一字不差）。")])
    index = {c: header.index(c) for c in COLUMNS}
    people: list[Person] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        values = {c: row[i] if i < len(row) else "" for c, i in index.items()}
        if not values["工号"]:
            problems.append(Problem(file, number, f"第 {number} 行缺少工号。", "填写此人的工号，或删除这一行。"))
            continue
        if not values["姓名"]:
            problems.append(Problem(file, number, f"第 {number} 行（工号 {values['工号']}）缺少姓名。", "填写此人的姓名。"))
        first = seen.setdefault(values["工号"], number)
        if first != number:
            message = f"工号 {values['工号']} 重复：第 {first} 行和第 {number} 行。"
            hint = "每人一行，工号不能重复；核对后删除或改正其中一行。"
            problems.append(Problem(file, first, message, hint))
            problems.append(Problem(file, number, message, hint))
            continue
        people.append(Person(values["工号"], values["姓名"], values["岗位"], values["项目"], number))
    if problems:
        raise ProblemsFound(sorted(set(problems)))  # a row repeated 3 times names the first row once
    if not people:
        raise ProblemsFound([Problem(file, 0, "名单中没有人员。", "从第 2 行起每行填写一人。")])
    return people
