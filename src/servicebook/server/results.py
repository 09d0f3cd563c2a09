"""Results of an online exam: the library under `servicebook exam grade-online` and the trainer's 评分
button, and what a person may see of their own result.

Grading reads the final answers the server kept (saves.final_answers) and hands them to
api.grade_online: the same scoring and the same logged, undoable import as a paper answer sheet.
"""

from __future__ import annotations

from pathlib import Path

from servicebook import api
from servicebook.errors import Problem, ProblemsFound
from servicebook.grading.marking import FILE_NAME as MARKING_FILE
from servicebook.grading.workflow import GradeResult
from servicebook.paths import display_path
from servicebook.server import attendance, saves, store
from servicebook.server.clock import local_text
from servicebook.server.saves_api import EVENT_KINDS

PAGE_HIDDEN = "hidden"
assert PAGE_HIDDEN in EVENT_KINDS  # the 切屏 event the paper's script sends


def ended(window: store.Window | None, now: float) -> bool:
    """The window no longer takes answers: closed by the trainer, or past its end (and its grace)."""
    return window is not None and (window.closed_at is not None or now >= window.closes_at)


def grade(gb, exam_id: str, now: float) -> tuple[store.Window, GradeResult]:
    """Grade everything the server holds for `exam_id` into the gradebook (again: only changes recorded).

    Refused while the window still takes answers (close it first). A change made offline before the end
    may still arrive in the grace period after it: grading again then adds just that change."""
    window = store.window(gb, exam_id)
    if window is None:
        raise ProblemsFound([Problem(exam_id, 0, f"考试 {exam_id} 没有在线开放过，没有在线作答可评分。",
                                     "纸质考试用 servicebook grade 考试目录 答题卡.xlsx 评分。")])
    if not ended(window, now):
        raise ProblemsFound([Problem(display_path(Path(window.exam_dir)), 0,
                                     f"考试“{window.title}”还在进行（到 {local_text(window.closes_at)} 结束），现在评分会漏掉之后的答案。",
                                     "先关闭考试（servicebook exam close 考试目录，或培训师页面上的“关闭考试”），再评分。")])
    staff = gb.staff()
    people = {a.paper_code: (a.staff_no, staff.get(a.staff_no, {}).get("姓名", ""))
              for a in store.attempts(gb, exam_id)}  # who took each paper (anonymous papers need it)
    result = api.grade_online(gb, Path(window.exam_dir), saves.final_answers(gb, exam_id), people=people)
    return window, result


def summary(result: GradeResult, exam_dir: Path) -> str:
    """One paragraph for the trainer: how many graded and absent, what changed, where 情景 is marked."""
    outcome, manifest = result.outcome, result.manifest
    text = (f"{manifest.title}：已评分 {len(result.sat)} 人，缺考 {len(result.absent)} 人，"
            f"平均分 {result.mean:.1f}（满分 {manifest.total_points:g}），及格率 {result.pass_rate * 100:.1f}%。")
    if outcome.op_id is None:
        text += "成绩库中的成绩已与在线作答一致，未做任何修改。"
    else:
        text += (f"新增 {outcome.added} 人，更新 {outcome.replaced} 人（操作记录第 {outcome.op_id} 号，"
                 "可用 servicebook db undo 撤销）。")
    if any(q.type == "情景" for paper in manifest.papers.values() for q in paper.questions):
        text += (f"\n情景题的作答已写入 {display_path(exam_dir / MARKING_FILE)}（“作答”列）：在“评分”列打分后再评分一次，"
                 "只更新有变化的人。")
    return text


def seats(gb, exam_id: str) -> list[attendance.Seat]:
    """Everyone given a paper in the exam, with sign-in, submission and 切屏 count."""
    started = {a.paper_code: a for a in store.attempts(gb, exam_id)}
    hidden = store.event_counts(gb, exam_id, PAGE_HIDDEN)
    staff = gb.staff()
    rows = []
    for seat in store.seats(gb, exam_id):
        attempt = started.get(seat.paper_code)
        staff_no = seat.staff_no or (attempt.staff_no if attempt else "")
        known = staff.get(staff_no, {})
        rows.append((seat.paper_code, staff_no, seat.name or known.get("姓名", ""),
                     seat.project or known.get("项目", ""), attempt.started_at if attempt else None,
                     attempt.submitted_at if attempt else None, hidden.get(seat.paper_code, 0)))
    return attendance.seats(rows, local_text)
