"""The trainer's live view of one online exam: who has signed in, submitted or not started, per 项目,
with 切屏 counts (shown only: nobody is ever submitted for leaving the page); buttons to close the
window and to grade; the attendance sheet (签到表) as .xlsx.

The page reloads itself every 30 seconds (no script needed).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from servicebook.errors import ProblemsFound
from servicebook.exam import contract
from servicebook.grading import online
from servicebook.grading.marking import FILE_NAME as MARKING_FILE
from servicebook.grading.workflow import RowsRejected
from servicebook.server import attendance, results, store, windows
from servicebook.server.trainer_pages import require_trainer
from servicebook.paths import atomic_write_bytes
from servicebook.server.web import context, form_with_csrf, not_found, render

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFRESH_SECONDS = 30
MANY_HIDDEN = 3  # 切屏 counts from here on are shown in red


def _window(request: Request) -> store.Window:
    found = store.window(context(request).gb, request.path_params["exam_id"])
    if found is None:
        raise not_found()
    return found


def live_page(request: Request, message: str = "", ok: bool = False, status: int = 200, refresh: bool = True):
    session = require_trainer(request)
    window = _window(request)
    ctx = context(request)
    seats = results.seats(ctx.gb, window.exam_id)
    groups = attendance.by_project(seats)
    totals = {status_: sum(g.count(status_) for g in groups) for status_ in attendance.STATUSES}
    return render(request, "trainer_exam.html", status=status, csrf=session.csrf, window=window, groups=groups,
                  totals=totals, statuses=attendance.STATUSES, message=message, ok=ok, now=ctx.now(),
                  ended=results.ended(window, ctx.now()), refresh=REFRESH_SECONDS if refresh else 0, many=MANY_HIDDEN,
                  hidden_total=sum(s.hidden for s in seats), results_at=store.results_at(ctx.gb, window.exam_id),
                  has_scenarios=online.has_scenarios(ctx.manifest(window.exam_id)))


async def live(request: Request):
    return live_page(request)


async def grade(request: Request, checked: bool = False):
    """关闭并评分 / 评分: close the window if it is still open, then grade everything it holds."""
    session = require_trainer(request)
    if not checked:
        await form_with_csrf(request, session.csrf)
    window = _window(request)
    ctx = context(request)
    try:
        if not results.ended(window, ctx.now()):
            windows.close_by_id(ctx.gb, window.exam_id, ctx.now())
        _, result = results.grade(ctx.gb, window.exam_id, ctx.now())
    except (RowsRejected, ProblemsFound) as error:
        return live_page(request, str(error), status=400, refresh=False)
    return live_page(request, results.summary(result, Path(window.exam_dir)), ok=True, refresh=False)  # a POST's page: no reload


async def close(request: Request):
    session = require_trainer(request)
    await form_with_csrf(request, session.csrf)
    window = _window(request)
    windows.close_by_id(context(request).gb, window.exam_id, context(request).now())
    return RedirectResponse(f"/trainer/exams/{quote(window.exam_id)}", status_code=303)


async def results_at(request: Request):
    """When people see their own result: when the window ends (default) or as soon as they hand in."""
    session = require_trainer(request)
    form = await form_with_csrf(request, session.csrf)
    window = _window(request)
    when = str(form.get("results_at", ""))
    if when not in store.RESULTS_AT:
        return live_page(request, "请选择成绩公布的时间。", status=400, refresh=False)
    store.set_results_at(context(request).gb, window.exam_id, when)
    return RedirectResponse(f"/trainer/exams/{quote(window.exam_id)}", status_code=303)


async def signin_sheet(request: Request):
    require_trainer(request)
    window = _window(request)
    data = attendance.attendance_xlsx(results.seats(context(request).gb, window.exam_id), window.exam_id)
    name = quote(f"签到表-{window.exam_id}.xlsx")
    return Response(data, media_type=XLSX,
                    headers={"Content-Disposition": f"attachment; filename=\"signin-sheet.xlsx\"; filename*=UTF-8''{name}",
                             "Cache-Control": "no-store"})


async def marking_sheet(request: Request):
    """The exam folder's scenario-marking.xlsx (each typed 情景 answer in its 作答 column) to mark."""
    require_trainer(request)
    window = _window(request)
    path = Path(window.exam_dir) / MARKING_FILE
    if not path.is_file():
        return live_page(request, "还没有情景评分表：先点“评分”，每人的情景题作答会写入评分表。", status=404, refresh=False)
    return Response(path.read_bytes(), media_type=XLSX,
                    headers={"Content-Disposition": f"attachment; filename=\"{MARKING_FILE}\"", "Cache-Control": "no-store"})


async def upload_marks(request: Request):
    """The marked sheet back: checked by the marking reader (bad marks named by row and column, nothing
    replaced), then put in the exam folder and graded again (only the changed people are updated)."""
    session = require_trainer(request)
    form = await form_with_csrf(request, session.csrf)
    window = _window(request)
    upload = form.get("sheet")
    data = await upload.read() if hasattr(upload, "read") else b""
    if not data:
        return live_page(request, "请选择填好评分的 scenario-marking.xlsx 再上传。", status=400, refresh=False)
    exam_dir = Path(window.exam_dir)
    manifest, _ = contract.read_manifest(exam_dir)
    with tempfile.TemporaryDirectory() as folder:
        received = Path(folder) / MARKING_FILE
        received.write_bytes(data)
        try:
            online.read_marks(manifest, received)
        except ProblemsFound as error:
            lines = "\n".join(f"第 {p.line} 行：{p.message}{' ' + p.hint if p.hint else ''}" if p.line else p.message
                              for p in error.problems)
            return live_page(request, f"上传的情景评分表有问题，未导入：\n{lines}", status=400, refresh=False)
    atomic_write_bytes(exam_dir / MARKING_FILE, data)
    return await grade(request, checked=True)


routes = [
    Route("/trainer/exams/{exam_id}", live, methods=["GET"]),
    Route("/trainer/exams/{exam_id}/close", close, methods=["POST"]),
    Route("/trainer/exams/{exam_id}/grade", grade, methods=["POST"]),
    Route("/trainer/exams/{exam_id}/results-at", results_at, methods=["POST"]),
    Route("/trainer/exams/{exam_id}/signin-sheet.xlsx", signin_sheet, methods=["GET"]),
    Route("/trainer/exams/{exam_id}/scenario-marking.xlsx", marking_sheet, methods=["GET"]),
    Route("/trainer/exams/{exam_id}/marks", upload_marks, methods=["POST"]),
]
