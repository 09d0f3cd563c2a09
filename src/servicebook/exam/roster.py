"""Read a staff roster (工号, 姓名, 岗位, 项目) from XLSX or from a CSV saved by Excel/WPS."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from servicebook.errors import Problem, ProblemsFound
from servicebook.kb.pages import display_path
from servicebook.tables import read_table

COLUMNS = ("工号", "姓名", "岗位", "项目")


@dataclass(frozen=True)
class Person:
    staff_id: str  # 工号
    name: str  # 姓名
    post: str  # 岗位
    project: str  # 项目
    row: int = 0  # row in the roster file (header is row 1)

    def as_manifest(self) -> dict[str, str]:
        return {"工号": self.staff_id, "姓名": self.name, "岗位": self.post, "项目": self.project}


def load_roster(path: Path) -> list[Person]:
    """Every person in the roster, in file order; all problems reported at once with their rows."""
    file = display_path(path)
    rows = read_table(path, what="名单").rows
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
