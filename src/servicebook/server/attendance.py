"""Who is taking an online exam (pure): signed in, submitted or not started, per 项目, with 切屏 counts;
and the attendance sheet (签到表) the trainer downloads.

Rows come from the gradebook's online tables (reads.online_attendance); 切屏 (the page hidden) is
only counted and shown: it never submits anyone's paper.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from servicebook.tables import Column, exam_line, write_workbook

SUBMITTED, STARTED, NOT_STARTED = "已交卷", "作答中", "未开始"
STATUSES = (STARTED, SUBMITTED, NOT_STARTED)
NO_PROJECT = "（未填项目）"
HEADERS = ["工号", "姓名", "项目", "试卷编号", "登录时间", "交卷时间", "状态", Column("切屏次数")]


@dataclass(frozen=True)
class Seat:
    paper: str
    staff_no: str
    name: str
    project: str
    signed_in: str  # as shown (local time), "" when never signed in
    submitted: str
    hidden: int  # times the page was hidden (切屏)

    @property
    def status(self) -> str:
        return SUBMITTED if self.submitted else STARTED if self.signed_in else NOT_STARTED


@dataclass(frozen=True)
class Group:
    project: str
    seats: tuple[Seat, ...]

    def count(self, status: str) -> int:
        return sum(1 for seat in self.seats if seat.status == status)


def seats(rows: Iterable[tuple], show_time=lambda stamp: stamp) -> list[Seat]:
    """Rows of (paper, 工号, 姓名, 项目, signed-in stamp, submitted stamp, 切屏 count) → seats;
    `show_time` turns a stored time into what the trainer reads."""
    return [Seat(paper, staff_no or "", name or "", project or NO_PROJECT, show_time(started) if started else "",
                 show_time(submitted) if submitted else "", int(hidden or 0))
            for paper, staff_no, name, project, started, submitted, hidden in rows]


def by_project(all_seats: list[Seat]) -> list[Group]:
    """The seats grouped by 项目 (projects in name order, people by 工号)."""
    groups: dict[str, list[Seat]] = {}
    for seat in sorted(all_seats, key=lambda s: (s.project, s.staff_no, s.paper)):
        groups.setdefault(seat.project, []).append(seat)
    return [Group(project, tuple(members)) for project, members in groups.items()]


def sheet_rows(all_seats: list[Seat]) -> list[list]:
    return [[s.staff_no, s.name, s.project, s.paper, s.signed_in, s.submitted, s.status, s.hidden]
            for group in by_project(all_seats) for s in group.seats]


def attendance_xlsx(all_seats: list[Seat], exam_id: str) -> bytes:
    """The 签到表 as .xlsx bytes (the project's workbook writer; row 1 names the exam)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "signin-sheet.xlsx"
        write_workbook(path, [("签到表", HEADERS, sheet_rows(all_seats))], above=exam_line(exam_id))
        return path.read_bytes()
