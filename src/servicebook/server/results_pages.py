"""A person's result and 错题解析 after an online exam: score, each answer that lost points with the
right answer, the explanation and a link to the exact section of the knowledge base.

Nothing of the key is sent before the exam window has ended (closed by the trainer or past its end),
or, when the trainer chose results at submission (store.results_at), before that person has handed in:
until then the page only says when results come out. Before grading, a handed-in paper is scored as
at hand-in (api.provisional_result, 情景 pending). After the window, people sign in again with the
same 工号 and 登录码 on /results (the exam's sign-in page no longer lets anyone answer).
"""

from __future__ import annotations

from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from servicebook import api
from servicebook.exam import contract
from servicebook.exam.render.key_html import DEFAULT_SITE_URL
from servicebook.grading import keyfiles
from servicebook.server import auth, saves, store
from servicebook.server.clock import local_text
from servicebook.server.results import ended
from servicebook.server.web import (
    LOGIN_CSRF_COOKIE, address, context, examinee, form_with_csrf, not_found, render, set_cookie, signin_page,
)

RESULTS_COOKIE = "sb_results"
ROLE = "results"  # a session that may only read its own result


def _signin_page(request: Request, **values):
    return signin_page(request, "results_signin.html", **values)


async def signin_form(request: Request):
    return _signin_page(request, staff=auth.normal_staff(request.query_params.get("staff", ""))[:40])


async def signin(request: Request):
    form = await form_with_csrf(request, request.cookies.get(LOGIN_CSRF_COOKIE))
    ctx = context(request)
    now, where = ctx.now(), address(request)
    staff, code = str(form.get("staff", ""))[:40], str(form.get("code", ""))[:40]
    try:  # the exam sign-in's checks: both fields given, the rate limits, the code (a failure is recorded)
        staff_no, matched = auth.check_code(ctx.gb, ctx.config.secret, staff, code, where, now)
    except auth.SignInRefused as refused:
        return _signin_page(request, staff=auth.normal_staff(staff), message=str(refused), status=400)
    store.clear_failures(ctx.gb, "staff", staff_no)
    seat = matched[0]
    attempt = store.attempt_for_paper(ctx.gb, seat.exam_id, seat.paper_code)
    window = store.window(ctx.gb, seat.exam_id)
    title = window.title if window else seat.exam_id
    if attempt is None or attempt.staff_no != staff_no:
        message = ("您没有参加这场考试（没有登录答题），记为缺考。" if ended(window, now)
                   else "您还没有开始这场考试：请在考试登录页用工号和登录码登录答题。")
        return render(request, "result.html", title=title, message=message, result=None, link=False)
    waiting = _waiting(ctx.gb, window, store.settle(ctx.gb, attempt, now), now)
    if waiting:  # no session that could end the phone's exam session before results are out
        return render(request, "result.html", title=title, message=waiting, result=None, link=False)
    token, _ = store.new_session(ctx.gb, ROLE, attempt.attempt_id, where, now, exam_id=seat.exam_id)
    response = RedirectResponse(f"/results/{attempt.attempt_id}", status_code=303)
    set_cookie(request, response, RESULTS_COOKIE, token)
    return response


def _own_attempt(request: Request) -> store.Attempt:
    """The attempt in the URL when the phone's session (exam or results sign-in) is that attempt's; else 404."""
    ctx = context(request)
    try:
        wanted = int(request.path_params["attempt_id"])
    except (KeyError, ValueError):
        raise not_found() from None
    mine = examinee(request)
    if mine is None or mine.attempt_id != wanted:
        mine = store.session(ctx.gb, request.cookies.get(RESULTS_COOKIE))
        if mine is None or mine.role != ROLE or mine.attempt_id != wanted:
            raise not_found()
    found = store.attempt(ctx.gb, wanted)
    if found is None:
        raise not_found()
    return found


async def key_context(request: Request, exam_dir: Path) -> keyfiles.KeyContext:
    """Explanations and section titles from the knowledge base (loaded once, off the event loop)."""
    ctx = context(request)
    root = ctx.config.project_root or exam_dir.parent.parent
    cache = request.app.state.__dict__.setdefault("key_contexts", {})
    if root not in cache:
        cache[root] = await run_in_threadpool(keyfiles.load_context, root, ctx.config.site_url or DEFAULT_SITE_URL)
    return cache[root]


def _manifest(request: Request, exam_dir: Path) -> contract.Manifest:
    """The exam's manifest, read again when `exam fix-key` has rewritten it (the key shown is the corrected one)."""
    path = exam_dir / contract.MANIFEST
    changed = path.stat().st_mtime_ns
    cache = request.app.state.__dict__.setdefault("result_manifests", {})
    held = cache.get(path)
    if held is None or held[0] != changed:
        held = cache[path] = (changed, contract.read_manifest(exam_dir)[0])
    return held[1]


def _waiting(gb, window: store.Window | None, attempt: store.Attempt, now: float) -> str:
    """Why the result is not shown yet ("" when it may be): nothing of the key before then."""
    if ended(window, now):
        return ""
    if window is not None and store.results_at(gb, window.exam_id) == "submit":
        return "" if attempt.finished(now) else "交卷后即可查看成绩和错题解析。"
    when = f"（{local_text(window.closes_at)} 以后）" if window else ""
    return f"成绩和错题解析在考试结束后公布{when}，请到时再打开本页。"


async def result_page(request: Request):
    ctx = context(request)
    now = ctx.now()
    attempt = store.settle(ctx.gb, _own_attempt(request), now)
    window = store.window(ctx.gb, attempt.exam_id)
    title = window.title if window else attempt.exam_id
    waiting = _waiting(ctx.gb, window, attempt, now)
    if waiting:
        return render(request, "result.html", title=title, result=None, link=False, message=waiting)
    manifest = _manifest(request, Path(window.exam_dir))
    keys = await key_context(request, Path(window.exam_dir))
    found = api.person_result(ctx.gb, manifest, attempt.staff_no, keys)
    if found is None and not ended(window, now):  # results at submission, before grading: as scored at hand-in
        found = api.provisional_result(manifest, attempt.paper_code, attempt.staff_no,
                                       saves.answers(ctx.gb, attempt.attempt_id), keys)
    if found is None:
        return render(request, "result.html", title=title, result=None, link=False,
                      message="培训师还没有评分，请稍后再打开本页查看。")
    return render(request, "result.html", title=title, result=found, message="",
                  link=(ctx.config.site_url or "").startswith(("http://", "https://")))


routes = [
    Route("/results", signin_form, methods=["GET"]),
    Route("/results", signin, methods=["POST"]),
    Route("/results/{attempt_id}", result_page, methods=["GET"]),
]
