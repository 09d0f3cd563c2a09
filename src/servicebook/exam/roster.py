"""Read a staff roster (工号, 姓名, 岗位, 项目) from XLSX or from a CSV saved by Excel/WPS."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from servicebook.errors import Problem, ProblemsFound
from servicebook.paths import display_path
from servicebook.tables import XLSX_SUFFIXES, read_table

COLUMNS = ("工号", "姓名", "岗位", "项目")
MONTH_COLUMN = "月份"
RETAKE_SHEET = "补考名单"  # the sheet of the quarter report (grading/reports/quarter.py) listing make-ups
HEADER_SEARCH_ROWS = 10  # a title, a date line or a blank row may sit above the header


@dataclass(frozen=True)
class Person:
    staff_id: str  # 工号
    name: str  # 姓名
    post: str  # 岗位
    project: str  # 项目
    row: int = 0  # row in the roster file (header is row 1)

    def as_manifest(self) -> dict[str, str]:
        return {"工号": self.staff_id, "姓名": self.name, "岗位": self.post, "项目": self.project}


@dataclass(frozen=True)
class Roster:
    people: list[Person]
    other_months: tuple[str, ...] = ()  # 工号 of rows left out for carrying another 月份


def load_roster(path: Path) -> list[Person]:
    """Every person in the roster, in file order; all problems reported at once with their rows."""
    return read_roster(path).people


def read_roster(path: Path, *, month: str | None = None) -> Roster:
    """The roster as trainers keep it: a title row (often merged) may sit above the header, header
    names may carry spaces or full-width letters, and a workbook with a 补考名单 sheet (the quarter
    report) is read from that sheet. With `month`, rows whose 月份 column names another month are
    left out (the quarter's 补考名单 lists all three months)."""
    file = display_path(path)
    rows = _rows(path)
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise ProblemsFound([Problem(file, 0, "名单是空的。", f"第 1 行写表头 {'、'.join(COLUMNS)}，从第 2 行起每行一人。")])
    at, header = find_header(rows)
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ProblemsFound([Problem(
            file, at + 1, f"表头缺少列：{'、'.join(missing)}。",
            f"第 {at + 1} 行（表头）应包含 {'、'.join(COLUMNS)} 四列；列名中的空格、全角字母不影响识别。")])
    index = {c: header.index(c) for c in COLUMNS}
    people: list[Person] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    month_column = header.index(MONTH_COLUMN) if MONTH_COLUMN in header else None
    other_months: list[str] = []
    for number, row in enumerate(rows[at + 1:], start=at + 2):
        if not any(row):
            continue
        values = {c: row[i] if i < len(row) else "" for c, i in index.items()}
        row_month = row[month_column] if month_column is not None and month_column < len(row) else ""
        if month and row_month and row_month != month:
            other_months.append(values["工号"])
            continue
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
        if other_months:
            raise ProblemsFound([Problem(file, 0, f"名单中没有 {month} 的人员（{len(other_months)} 人是其他月份的）。",
                                         "核对名单的“月份”列，或换用这个月的名单。")])
        raise ProblemsFound([Problem(file, 0, "名单中没有人员。", "在表头下面每行填写一人。")])
    return Roster(people, tuple(other_months))


def header_name(text: str) -> str:
    """A column name as meant: "姓  名", "Ｎａｍｅ", "工号\n" read as 姓名, Name, 工号 (NFKC folds
    full-width letters and the ideographic space; all white space goes)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def find_header(rows: list[list[str]]) -> tuple[int, list[str]]:
    """(index, normalised names) of the header: the first of the first rows naming every column,
    else the one naming most of them (its missing columns are then reported on its line)."""
    best, best_found = 0, -1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = [header_name(cell) for cell in row]
        found = sum(c in names for c in COLUMNS)
        if found == len(COLUMNS):
            return index, names
        if found > best_found:
            best, best_found = index, found
    return best, [header_name(cell) for cell in rows[best]]


def _rows(path: Path) -> list[list[str]]:
    if path.suffix.lower() in XLSX_SUFFIXES:
        try:
            return read_table(path, sheet=RETAKE_SHEET, what="名单").rows
        except ProblemsFound:
            pass  # no such sheet (or not a workbook: reading the first sheet says so)
    return read_table(path, what="名单").rows


def split_by_post(people: list[Person], role: str) -> tuple[list[Person], list[Person]]:
    """(people whose 岗位 is `role` or empty, people of another 岗位)."""
    mine = [p for p in people if not p.post or p.post == role]
    return mine, [p for p in people if p.post and p.post != role]
