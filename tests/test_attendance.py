"""Issue 13: the trainer's view of an online exam, per 项目, and the 签到表 export."""

from __future__ import annotations

import io

import openpyxl

from servicebook.server import attendance

ROWS = [
    ("P0003", "E003", "王五", "二期", None, None, 0),
    ("P0001", "E001", "张三", "一期", "2026-12-20 09:01", "2026-12-20 09:40", 2),
    ("P0002", "E002", "李四", "二期", "2026-12-20 09:02", None, 5),
    ("V0001", None, "", "", None, None, None),
]


def test_seats_are_grouped_by_project_with_status_and_page_hidden_counts():
    groups = attendance.by_project(attendance.seats(ROWS))
    assert [g.project for g in groups] == ["一期", "二期", "（未填项目）"]
    assert [(s.name, s.status, s.hidden) for s in groups[1].seats] == [("李四", "作答中", 5), ("王五", "未开始", 0)]
    assert [(g.count("已交卷"), g.count("作答中"), g.count("未开始")) for g in groups] == [(1, 0, 0), (0, 1, 1),
                                                                                       (0, 0, 1)]


def test_the_attendance_sheet_lists_everyone_with_sign_in_and_submission_times():
    data = attendance.attendance_xlsx(attendance.seats(ROWS), "2026-12-客服")
    rows = list(openpyxl.load_workbook(io.BytesIO(data))["签到表"].iter_rows(values_only=True))
    assert rows[0][0] == "考试：2026-12-客服"
    assert list(rows[1]) == ["工号", "姓名", "项目", "试卷编号", "登录时间", "交卷时间", "状态", "切屏次数"]
    assert [list(r) for r in rows[2:4]] == [
        ["E001", "张三", "一期", "P0001", "2026-12-20 09:01", "2026-12-20 09:40", "已交卷", 2],
        ["E002", "李四", "二期", "P0002", "2026-12-20 09:02", None, "作答中", 5]]
    assert rows[4][6] == "未开始"
