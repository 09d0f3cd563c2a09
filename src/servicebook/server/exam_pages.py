"""The examinee's pages: sign-in (工号 + 登录码), the paper, handing it in, signing out.

The paper is one scrolling page (a sticky bar with the countdown, the save status and a question
map): it is a plain form that works without JavaScript (保存 / 交卷 post every answer at once);
static/exam.js saves each change as it happens and replays what could not be sent.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from servicebook.server import auth, saves, store
from servicebook.server.paper_view import split_blanks
from servicebook.server.web import (
    EXAMINEE_COOKIE, LOGIN_CSRF_COOKIE, check_csrf, context, address, examinee, form_with_csrf, not_found,
    render, set_cookie, signin_page,
)

FORM_DEVICE = "form"  # answers posted by the plain form (no JavaScript)


def _signin_page(request: Request, **values):
    return signin_page(request, "signin.html", **values)


async def signin_form(request: Request):
    session = examinee(request)
    staff = request.query_params.get("staff", "")
    if session is not None and not staff:
        return RedirectResponse(f"/exam/{session.attempt_id}", status_code=303)
    return _signin_page(request, staff=auth.normal_staff(staff)[:40])


async def signin(request: Request):
    form = await form_with_csrf(request, request.cookies.get(LOGIN_CSRF_COOKIE))
    ctx = context(request)
    staff, code = str(form.get("staff", ""))[:40], str(form.get("code", ""))[:40]
    try:
        signed = auth.sign_in(ctx.gb, ctx.config.secret, staff, code, address(request), ctx.now())
    except auth.SignInRefused as refused:
        return _signin_page(request, staff=auth.normal_staff(staff), message=str(refused), status=400)
    response = RedirectResponse(f"/exam/{signed.attempt.attempt_id}", status_code=303)
    set_cookie(request, response, EXAMINEE_COOKIE, signed.token)
    return response


def owned_attempt(request: Request) -> tuple[store.Session, store.Attempt]:
    """The attempt in the URL, if it is the signed-in person's; otherwise 404 (whether it exists or not)."""
    session = examinee(request)
    try:
        wanted = int(request.path_params["attempt_id"])
    except (KeyError, ValueError):
        raise not_found() from None
    if session is None or session.attempt_id != wanted:
        raise not_found()
    ctx = context(request)
    found = store.attempt(ctx.gb, wanted)
    if found is None:
        raise not_found()
    return session, store.settle(ctx.gb, found, ctx.now())


async def paper(request: Request):
    session = examinee(request)
    if session is None:  # signed out, or replaced by a newer sign-in on another phone
        reason = store.session_ended(context(request).gb, request.cookies.get(EXAMINEE_COOKIE))
        message = f"您已{reason}，本机的这次登录已结束。需要在本机继续答题请重新登录。" if reason else "请先登录。"
        return _signin_page(request, message=message, status=401)
    session, attempt = owned_attempt(request)
    ctx = context(request)
    window = store.window(ctx.gb, attempt.exam_id)
    now = ctx.now()
    if attempt.finished(now):
        return render(request, "done.html", attempt=attempt, window=window, csrf=session.csrf, grace=ctx.config.grace)
    view = ctx.paper(attempt.exam_id, attempt.paper_code)
    given = saves.answers(ctx.gb, attempt.attempt_id)
    return render(request, "paper.html", attempt=attempt, window=window, paper=view, answers=given,
                  split_blanks=split_blanks, remaining=round(attempt.deadline - now, 1),
                  grace=ctx.config.grace, csrf=session.csrf, staff_no=attempt.staff_no)


def answers_from_form(form, view) -> dict[int, str]:
    """The plain form's fields as answer texts: q3 (one value; 多选 several), q4-1, q4-2 … for
    填空 boxes (joined by "；") and 排序 positions (letters in order)."""
    found = {}
    for q in view.questions:
        if q.type in ("填空", "排序"):
            keys = sorted((k for k in form if k.startswith(f"q{q.n}-") and k.rsplit("-", 1)[1].isdigit()),
                          key=lambda k: int(k.rsplit("-", 1)[1]))
            if keys:
                parts = [str(form[k]).strip() for k in keys]
                found[q.n] = ("；" if q.type == "填空" else "").join(parts)
                if not any(parts):
                    found[q.n] = ""
        elif f"q{q.n}" in form:
            found[q.n] = "".join(sorted(str(v) for v in form.getlist(f"q{q.n}")))
    return found


async def post_paper(request: Request):
    """保存 or 交卷 from the plain form: every answer on it is saved (as one device), then, for 交卷, handed in."""
    session, attempt = owned_attempt(request)
    form = await form_with_csrf(request, session.csrf)
    ctx = context(request)
    now = ctx.now()
    view = ctx.paper(attempt.exam_id, attempt.paper_code)
    current = saves.answers(ctx.gb, attempt.attempt_id)
    posted = {n: a for n, a in answers_from_form(form, view).items() if a != current.get(n, "")}
    seq = int(now * 1000)
    items = [saves.SaveIn(n, seq, answer, attempt.deadline - now) for n, answer in posted.items()]
    saves.save_answers(ctx.gb, attempt, FORM_DEVICE, items, now, ctx.config.grace, view.numbers)
    if form.get("action") == "submit":
        store.submit(ctx.gb, attempt, now, "本人交卷", now)
    return RedirectResponse(f"/exam/{attempt.attempt_id}", status_code=303)


async def signout(request: Request):
    session = examinee(request)
    if session is not None:
        form = await request.form()
        check_csrf(session.csrf, form.get("csrf"))
        store.end_session(context(request).gb, session.token_hash, "退出登录", context(request).now())
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(EXAMINEE_COOKIE, path="/")
    return response


routes = [
    Route("/", signin_form, methods=["GET"]),
    Route("/signin", signin_form, methods=["GET"]),  # the sign-in sheet's QR codes open /signin?staff=<工号>
    Route("/signin", signin, methods=["POST"]),
    Route("/exam/{attempt_id}", paper, methods=["GET"]),
    Route("/exam/{attempt_id}", post_paper, methods=["POST"]),
    Route("/signout", signout, methods=["POST"]),
]
