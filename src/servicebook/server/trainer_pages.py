"""The trainer's pages: sign-in with the token `exam serve` printed, the list of exams with
opening and closing (the same functions as `exam open`/`exam close`).

Other trainer pages (live view, results) are route modules of their own; they check the trainer
with `require_trainer(request)`.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from servicebook.errors import ProblemsFound
from servicebook.exam import contract
from servicebook.server import auth, store, windows
from servicebook.server.clock import parse_local
from servicebook.server.secret import new_token
from servicebook.server.web import (
    LOGIN_CSRF_COOKIE, TRAINER_COOKIE, address, context, form_with_csrf, render, set_cookie, trainer,
)


class TrainerRequired(Exception):
    """Raised by require_trainer; app.py answers with the trainer sign-in page."""


def require_trainer(request: Request) -> store.Session:
    session = trainer(request)
    if session is None:
        raise TrainerRequired()
    return session


def login_page(request: Request, message: str = "", status: int = 200):
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or new_token()
    response = render(request, "trainer_login.html", status=status, message=message, csrf=token)
    set_cookie(request, response, LOGIN_CSRF_COOKIE, token)
    return response


async def trainer_required(request: Request, error: TrainerRequired):
    return login_page(request, "请先用培训师口令登录。", status=401)


async def login_form(request: Request):
    return login_page(request)


async def login(request: Request):
    form = await form_with_csrf(request, request.cookies.get(LOGIN_CSRF_COOKIE))
    ctx = context(request)
    try:
        token, _ = auth.trainer_sign_in(ctx.gb, ctx.config.trainer_token_hash, str(form.get("token", ""))[:200],
                                        address(request), ctx.now())
    except auth.SignInRefused as refused:
        return login_page(request, str(refused), status=400)
    response = RedirectResponse("/trainer", status_code=303)
    set_cookie(request, response, TRAINER_COOKIE, token)
    return response


def exam_folders(exams_dir: Path) -> list[Path]:
    """Exam folders made by `exam new` (they hold a manifest.json), newest name first."""
    if not exams_dir.is_dir():
        return []
    return sorted((p for p in exams_dir.iterdir() if (p / contract.MANIFEST).is_file()), reverse=True)


def dashboard(request: Request, message: str = "", status: int = 200):
    session = require_trainer(request)
    ctx = context(request)
    return render(request, "trainer.html", status=status, csrf=session.csrf, message=message,
                  windows=store.windows(ctx.gb), folders=exam_folders(ctx.config.exams_dir), now=ctx.now())


async def home(request: Request):
    return dashboard(request)


async def open_exam(request: Request):
    session = require_trainer(request)
    form = await form_with_csrf(request, session.csrf)
    ctx = context(request)
    folders = {p.name: p for p in exam_folders(ctx.config.exams_dir)}
    folder = folders.get(str(form.get("exam", "")))
    opens, closes = parse_local(str(form.get("from", ""))), parse_local(str(form.get("until", "")))
    if folder is None or opens is None or closes is None:
        return dashboard(request, "请选择考试，并按 2026-12-20 09:00 的格式填写开始和结束时间。", status=400)
    try:
        windows.open_exam(ctx.gb, folder, opens, closes, ctx.config.secret, ctx.now())
    except ProblemsFound as error:
        return dashboard(request, str(error), status=400)
    ctx.manifests.clear()
    return RedirectResponse("/trainer", status_code=303)


async def close_exam(request: Request):
    session = require_trainer(request)
    form = await form_with_csrf(request, session.csrf)
    ctx = context(request)
    try:
        windows.close_by_id(ctx.gb, str(form.get("exam_id", "")), ctx.now())
    except ProblemsFound as error:
        return dashboard(request, str(error), status=400)
    return RedirectResponse("/trainer", status_code=303)


routes = [
    Route("/trainer/login", login_form, methods=["GET"]),
    Route("/trainer/login", login, methods=["POST"]),
    Route("/trainer", home, methods=["GET"]),
    Route("/trainer/open", open_exam, methods=["POST"]),
    Route("/trainer/close", close_exam, methods=["POST"]),
]
