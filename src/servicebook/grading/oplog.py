"""The operation log: every sheet import, key correction and staff import, each with the rows it replaced.

An operation stores a snapshot of the state it overwrote (JSON), so `undo` restores exactly that
state. Undo goes newest first, one operation at a time, and is itself logged (it is not undoable:
import the sheet again, or correct the key again, to redo).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from servicebook.grading.gradebook import Gradebook, now

KINDS = {"import": "导入答题卡", "fix-key": "更正答案", "staff": "导入员工名单", "undo": "撤销"}


class NothingToUndo(Exception):
    """The log holds no operation that can still be undone; message is user-facing."""


@dataclass(frozen=True)
class Operation:
    op_id: int
    kind: str
    exam_id: str | None
    summary: str
    details: dict[str, Any]
    created_at: str
    undone_by: int | None
    undoes: int | None

    @property
    def label(self) -> str:
        return KINDS.get(self.kind, self.kind)


def _operation(row: tuple) -> Operation:
    op_id, kind, exam_id, summary, details, created_at, undone_by, undoes = row
    return Operation(op_id, kind, exam_id, summary, json.loads(details), created_at, undone_by, undoes)


def dumps(snapshot: dict) -> str:
    return json.dumps(snapshot, ensure_ascii=False, separators=(",", ":"))


def record(db, kind: str, exam_id: str | None, summary: str, details: dict, snapshot: dict,
           undoes: int | None = None) -> int:
    """Log one operation inside the caller's transaction; returns its number."""
    return db.execute(
        "INSERT INTO operations (kind, exam_id, summary, details, snapshot, created_at, undoes)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING op_id",
        (kind, exam_id, summary, json.dumps(details, ensure_ascii=False),
         dumps(snapshot), now(), undoes)).fetchone()[0]


def operations(book: Gradebook, exam_id: str | None = None, kinds: tuple[str, ...] = ()) -> list[Operation]:
    """The log, newest first; optionally for one exam and some kinds."""
    return [_operation(row) for row in book.operation_rows(exam_id, kinds)]


def snapshot_of(book: Gradebook, op_id: int) -> dict:
    return json.loads(book.operation_snapshot(op_id))


def newest_undoable(book: Gradebook) -> Operation | None:
    row = book.newest_undoable_row()
    return _operation(row) if row else None


def finish_undo(db, op: Operation, summary: str) -> int:
    """Inside the undo's transaction: log the undo and mark `op` as undone."""
    undo_id = record(db, "undo", op.exam_id, summary, {"undoes": op.op_id}, {}, undoes=op.op_id)
    db.execute("UPDATE operations SET undone_by = ? WHERE op_id = ?", (undo_id, op.op_id))
    return undo_id


# An undo handler restores the state before `op` (in one transaction that calls finish_undo)
# and returns a sentence saying what was restored. The last argument loads what rebuilding an
# exam's key files needs (the knowledge base), called only by the handler that rewrites them.
Handler = Callable[[Gradebook, Operation, dict, Callable[[], Any]], str]


def _handlers() -> dict[str, Handler]:
    from servicebook.grading import importing, keyfix, staff

    return {"import": importing.undo_import, "fix-key": keyfix.undo_fix_key, "staff": staff.undo_staff_import}


def undo(book: Gradebook, load_context: Callable[[], Any] = lambda: None) -> tuple[Operation, str]:
    """Undo the newest operation not yet undone; returns it and what was restored."""
    op = newest_undoable(book)
    if op is None:
        raise NothingToUndo("没有可以撤销的操作（操作记录为空，或全部已撤销）。用 servicebook db log 查看记录。")
    return op, _handlers()[op.kind](book, op, snapshot_of(book, op.op_id), load_context)


KEY_HISTORY_HEADERS = ["编号", "时间", "更正", "状态"]


def key_history(book: Gradebook, exam_id: str) -> list[list[str]]:
    """The exam's key corrections, oldest first, for its report: what changed, when, and whether undone."""
    return [[op.op_id, op.created_at[:16].replace("T", " "), op.summary,
             f"已撤销（第 {op.undone_by} 号）" if op.undone_by else "有效"]
            for op in reversed(operations(book, exam_id, ("fix-key",)))]
