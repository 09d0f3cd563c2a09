"""What every route module shares: the server's context, the one Jinja2 environment, sessions from
cookies, the CSRF check and the Chinese error pages.

A route module (exam_pages.py, saves_api.py, trainer_pages.py, …) exposes `routes`, a list of
Starlette routes; app.py composes them. Handlers get the context with `context(request)`, render
with `render(request, "x.html", …)` (templates extend base.html) and check a state-changing request
with `await form_with_csrf(request, session)` or `check_csrf(request, session, token)`.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from servicebook.exam import contract
from servicebook.server import store
from servicebook.server.clock import local_text
from servicebook.server.config import ServerConfig
from servicebook.server.paper_view import PaperView, public_paper
from servicebook.server.secret import new_token

EXAMINEE_COOKIE = "sb_session"
TRAINER_COOKIE = "sb_trainer"
LOGIN_CSRF_COOKIE = "sb_login"  # double-submit token for the sign-in forms (no session yet)

TEMPLATES = Environment(loader=PackageLoader("servicebook.server", "templates"),
                        autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
TEMPLATES.filters["local_time"] = local_text


@dataclass
class Context:
    config: ServerConfig
    gb: object  # the open Gradebook (one connection, used from the event loop only)
    manifests: dict = field(default_factory=dict)  # exam_id → Manifest, read once per window

    def now(self) -> float:
        return self.config.clock.now()

    def manifest(self, exam_id: str):
        """The manifest of an opened exam (from the folder recorded when it was opened)."""
        if exam_id not in self.manifests:
            window = store.window(self.gb, exam_id)
            if window is None:
                raise HTTPException(404)
            self.manifests[exam_id] = contract.read_manifest(Path(window.exam_dir))[0]
        return self.manifests[exam_id]

    def paper(self, exam_id: str, paper_code: str) -> PaperView:
        paper = self.manifest(exam_id).papers.get(paper_code)
        if paper is None:
            raise HTTPException(404)
        return public_paper(paper)


class CsrfFailed(Exception):
    """A state-changing request without the session's CSRF token."""


def context(request: Request) -> Context:
    return request.app.state.context


def address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def render(request: Request, name: str, status: int = 200, **values) -> HTMLResponse:
    html = TEMPLATES.get_template(name).render(request=request, **values)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def signin_page(request: Request, template: str, *, staff: str = "", message: str = "",
                status: int = 200) -> HTMLResponse:
    """A sign-in form (`template`: the exam's or the results'), with the double-submit CSRF token it
    posts back also set as a cookie (there is no session yet to hold it)."""
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or new_token()
    response = render(request, template, status=status, staff=staff, message=message, csrf=token)
    set_cookie(request, response, LOGIN_CSRF_COOKIE, token)
    return response


# ---- Sessions and CSRF ----

def examinee(request: Request) -> store.Session | None:
    found = store.session(context(request).gb, request.cookies.get(EXAMINEE_COOKIE))
    return found if found is not None and found.role == "examinee" else None


def trainer(request: Request) -> store.Session | None:
    found = store.session(context(request).gb, request.cookies.get(TRAINER_COOKIE))
    return found if found is not None and found.role == "trainer" else None


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, httponly=True, samesite="lax", path="/",
                        secure=context(request).config.secure_cookies)


def check_csrf(expected: str | None, given: str | None) -> None:
    if not expected or not given or not hmac.compare_digest(expected.encode(), given.encode()):
        raise CsrfFailed()


async def form_with_csrf(request: Request, expected: str | None):
    """The posted form, after checking its `csrf` field against the session's (or sign-in cookie's) token."""
    form = await request.form()
    check_csrf(expected, form.get("csrf"))
    return form


# ---- Errors: our own Chinese pages (JSON for /api/) ----

MESSAGES = {
    400: ("请求有误", "提交的内容不完整或格式不对。请返回上一页重新操作。"),
    401: ("需要登录", "请先登录。"),
    403: ("页面已过期", "这个页面已过期或不是从本系统打开的，操作没有执行。请返回重新打开页面后再试。"),
    404: ("页面不存在", "没有这个页面，或者您无权查看。请从登录页重新进入。"),
    405: ("不支持的操作", "这个地址不支持这种操作。请从页面上的按钮操作。"),
    500: ("服务器出错了", "服务器处理时出错（不是您的操作有误），已记录。请稍后再试；已保存的答案不会丢失。"),
}


def error_response(request: Request, status: int, detail: str = "") -> Response:
    title, text = MESSAGES.get(status, MESSAGES[400] if status < 500 else MESSAGES[500])
    message = detail or text
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status, headers={"Cache-Control": "no-store"})
    return render(request, "error.html", status=status, title=title, message=message)


async def http_error(request: Request, error: HTTPException) -> Response:
    detail = error.detail if isinstance(error.detail, str) and not error.detail.isascii() else ""
    return error_response(request, error.status_code, detail)


async def csrf_error(request: Request, error: CsrfFailed) -> Response:
    return error_response(request, 403)


async def server_error(request: Request, error: Exception) -> Response:
    return error_response(request, 500)


def not_found() -> HTTPException:
    return HTTPException(404)
