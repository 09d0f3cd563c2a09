"""Opening and closing an exam's window: the library under `exam open`/`exam close` and the trainer page.

Opening reads the exam's manifest (exam/contract.py) and its sign-in sheet (exam/signin.py), stores
each paper's code as a keyed hash with the person's 工号, 姓名 and 项目, and records the window.
"""

from __future__ import annotations

from pathlib import Path

from servicebook.errors import Problem, ProblemsFound
from servicebook.exam import contract
from servicebook.paths import display_path
from servicebook.server import store
from servicebook.server.clock import local_text
from servicebook.server.secret import code_hash


def _problem(exam_dir: Path, message: str, hint: str) -> ProblemsFound:
    return ProblemsFound([Problem(display_path(exam_dir), 0, message, hint)])


def open_exam(gb, exam_dir: Path, opens: float, closes: float, secret: bytes, now: float,
              entries=None) -> store.Window:
    """Open `exam_dir` for sign-in from `opens` to `closes` (epoch seconds); reopening changes the times
    and reloads the codes, keeping attempts and answers. `entries` defaults to the folder's sign-in sheet."""
    manifest, _ = contract.read_manifest(exam_dir)
    if closes <= opens:
        raise _problem(exam_dir, f"结束时间 {local_text(closes)} 不晚于开始时间 {local_text(opens)}。",
                       "--until 要晚于 --from，如 --from \"2026-12-20 09:00\" --until \"2026-12-20 11:00\"。")
    if closes <= now:
        raise _problem(exam_dir, f"结束时间 {local_text(closes)} 已经过去。", "请给一个将来的结束时间。")
    if entries is None:
        from servicebook.exam.signin import read_signin

        entries = read_signin(exam_dir)
    seats, problems = [], []
    for entry in entries:
        paper = manifest.papers.get(entry.paper_code)
        if paper is None:
            problems.append(f"签到表中的试卷编号 {entry.paper_code} 不在这次考试的试卷清单中")
            continue
        person = paper.person or {}
        if entry.staff_no and person and person.get("工号") != entry.staff_no:
            problems.append(f"签到表中试卷 {entry.paper_code} 属于 {entry.staff_no}，试卷清单中却属于 {person.get('工号')}")
            continue
        seats.append(store.Seat(manifest.exam_id, entry.paper_code, entry.staff_no or None,
                                entry.name or person.get("姓名", ""), entry.project or person.get("项目", ""),
                                code_hash(secret, entry.code)))
    missing = sorted(set(manifest.papers) - {seat.paper_code for seat in seats})
    if missing:
        problems.append(f"{len(missing)} 份试卷在签到表中没有登录码（{'、'.join(missing[:5])}{'…' if len(missing) > 5 else ''}）")
    if problems:
        raise _problem(exam_dir, "签到表与试卷清单不一致：" + "；".join(problems) + "。",
                       "签到表应与试卷一起由 servicebook exam new 生成；不要手工修改，或重新出卷。")
    duration = manifest.duration_minutes * 60 or int(closes - opens)
    window = store.Window(manifest.exam_id, str(exam_dir.resolve()), manifest.title or manifest.exam_id,
                          duration, opens, closes, None)
    store.put_window(gb, window, seats, now)
    return store.window(gb, manifest.exam_id)


def close_exam(gb, exam_dir: Path, now: float) -> store.Window:
    """Stop sign-ins and answering now; attempts still running end at this moment."""
    manifest, _ = contract.read_manifest(exam_dir)
    return close_by_id(gb, manifest.exam_id, now, exam_dir)


def close_by_id(gb, exam_id: str, now: float, shown: Path | None = None) -> store.Window:
    window = store.window(gb, exam_id)
    if window is None:
        raise _problem(shown or Path(exam_id), f"考试 {exam_id} 还没有开放过，无需关闭。",
                       "先用 servicebook exam open 开放考试。")
    if window.closed_at is None:
        store.close_window(gb, exam_id, now)
        for running in store.attempts(gb, exam_id):
            if running.submitted_at is None and running.deadline > now:
                store.submit(gb, running, now, "考试关闭时交卷", now)
    return store.window(gb, exam_id)
