"""The trainer's live view of one online exam: who has signed in, submitted or not started, per 项目,
with 切屏 counts (shown only: nobody is ever submitted for leaving the page); buttons to close the
window and to grade; the attendance sheet (签到表) as .xlsx.

The page reloads itself every 30 seconds (no script needed).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from servicebook.errors import ProblemsFound
from servicebook.grading.workflow import RowsRejected
from servicebook.server import attendance, results, store, windows
from servicebook.server.trainer_pages import require_trainer
from servicebook.server.web import context, form_with_csrf, not_found, render

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
                  hidden_total=sum(s.hidden for s in seats), results_at=store.results_at(ctx.gb, window.exam_id))


async def live(request: Request):
    return live_page(request)


async def grade(request: Request):
    """关闭并评分 / 评分: close the window if it is still open, then grade everything it holds."""
    session = require_trainer(request)
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
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename=\"signin-sheet.xlsx\"; filename*=UTF-8''{name}",
                             "Cache-Control": "no-store"})


routes = [
    Route("/trainer/exams/{exam_id}", live, methods=["GET"]),
    Route("/trainer/exams/{exam_id}/close", close, methods=["POST"]),
    Route("/trainer/exams/{exam_id}/grade", grade, methods=["POST"]),
    Route("/trainer/exams/{exam_id}/results-at", results_at, methods=["POST"]),
    Route("/trainer/exams/{exam_id}/signin-sheet.xlsx", signin_sheet, methods=["GET"]),
]
