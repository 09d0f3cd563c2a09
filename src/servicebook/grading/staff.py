"""The staff register the trainer keeps: `servicebook staff import 名单.xlsx`.

Adds people and updates their 姓名, 岗位 and 项目. Nobody is ever deleted (their scores stay
theirs); a person is marked inactive (离职) only by a 状态 column or by `full=True`, which says the
file is the whole company (everyone in it is then 在职, everyone else 离职). Each import is logged and
can be undone like a sheet import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from servicebook.errors import Problem, ProblemsFound
from servicebook.exam.roster import find_header, header_name, load_roster
from servicebook.grading import oplog
from servicebook.grading.gradebook import Gradebook
from servicebook.grading.importing import restore_staff
from servicebook.paths import display_path
from servicebook.tables import read_table

STATUS_COLUMN = "状态"
STATUS = {"在职": 1, "离职": 0}


@dataclass(frozen=True)
class StaffOutcome:
    added: int
    updated: int
    left: tuple[str, ...]  # "姓名（工号）" newly marked 离职
    returned: tuple[str, ...]  # newly marked 在职 again
    op_id: int | None  # None: the register already said exactly this


def read_statuses(path: Path) -> dict[str, int]:
    """工号 → 1 (在职) / 0 (离职) from an optional 状态 column; empty cells are left out."""
    rows = read_table(path, what="名单").rows
    at, header = find_header(rows)
    if STATUS_COLUMN not in header or "工号" not in header:
        return {}
    no_col, status_col = header.index("工号"), header.index(STATUS_COLUMN)
    found, problems = {}, []
    for number, row in enumerate(rows[at + 1:], start=at + 2):
        value = header_name(row[status_col]) if status_col < len(row) else ""
        if not value or no_col >= len(row) or not row[no_col]:
            continue
        if value not in STATUS:
            problems.append(Problem(display_path(path), number, f"状态“{value}”无法识别。",
                                    "状态填“在职”或“离职”，或留空（不改变此人的状态）。"))
            continue
        found[row[no_col]] = STATUS[value]
    if problems:
        raise ProblemsFound(problems)
    return found


def import_staff(book: Gradebook, path: Path, *, full: bool = False) -> StaffOutcome:
    """Add and update everyone in the roster file; raises ProblemsFound (nothing changed) for a bad file."""
    people = load_roster(path)
    statuses = read_statuses(path)
    known = {no: (name, post, project, active) for no, name, post, project, active in book.staff_register()}
    rows: dict[str, tuple] = {}
    for person in people:
        old = known.get(person.staff_id)
        # A whole-company file says everyone in it works here; otherwise only 状态 changes it.
        active = statuses.get(person.staff_id, 1 if full or not old else old[3])
        rows[person.staff_id] = (person.name or (old[0] if old else ""), person.post or (old[1] if old else ""),
                                 person.project or (old[2] if old else ""), active)
    if full:
        rows.update({no: (*old[:3], 0) for no, old in known.items() if no not in rows and old[3]})
    changed = {no: row for no, row in rows.items() if known.get(no) != row}
    if not changed:
        return StaffOutcome(0, 0, (), (), None)
    label = {no: f"{row[0]}（{no}）" for no, row in changed.items()}
    added = [no for no in changed if no not in known]
    left = tuple(label[no] for no, row in changed.items() if not row[3] and (no not in known or known[no][3]))
    returned = tuple(label[no] for no, row in changed.items() if row[3] and no in known and not known[no][3])
    summary = (f"{display_path(path)}：新增 {len(added)} 人，更新 {len(changed) - len(added)} 人"
               + (f"，标记离职 {len(left)} 人" if left else ""))
    snapshot = {"staff": [[no, list(known[no]) if no in known else None] for no in changed]}
    with book.transaction() as db:
        db.executemany("INSERT INTO staff (staff_no, name, post, project, active) VALUES (?, ?, ?, ?, ?)"
                       " ON CONFLICT (staff_no) DO UPDATE SET name = excluded.name, post = excluded.post,"
                       " project = excluded.project, active = excluded.active",
                       [(no, *row) for no, row in changed.items()])
        op_id = oplog.record(db, "staff", None, summary, {"file": display_path(path), "full": full}, snapshot)
    return StaffOutcome(len(added), len(changed) - len(added), left, returned, op_id)


def undo_staff_import(book: Gradebook, op: oplog.Operation, snapshot: dict, load_context=None) -> str:
    with book.transaction() as db:
        restore_staff(db, snapshot["staff"])
        oplog.finish_undo(db, op, f"撤销第 {op.op_id} 号操作（{op.label}：{op.summary}）")
    return f"员工名单已恢复到导入前：{len(snapshot['staff'])} 人的记录已改回。"
