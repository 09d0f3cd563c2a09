"""The JSON API the paper's script (and scripts/bench/exam_server.py) uses; see the package docstring."""

from __future__ import annotations

import functools
import json

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from servicebook.server import saves, store
from servicebook.server.web import check_csrf, context, examinee

MAX_BATCH = 200
EVENT_KINDS = {"hidden": "切屏（页面被隐藏）", "visible": "回到考试页面"}


def _reply(body: dict, status: int = 200) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


def _refuse(status: int, message: str, code: str) -> JSONResponse:
    return _reply({"error": message, "code": code}, status)


class _Refused(Exception):
    """A request the API answers with a JSON refusal (status, Chinese message, code for the script)."""

    def __init__(self, status: int, message: str, code: str):
        super().__init__(message)
        self.reply = _refuse(status, message, code)


def _endpoint(handler):
    """An API handler that may raise _Refused anywhere: the refusal is its reply."""
    @functools.wraps(handler)
    async def wrapper(request: Request):
        try:
            return await handler(request)
        except _Refused as refused:
            return refused.reply
    return wrapper


async def _body(request: Request, message: str = "请求格式不对。") -> dict:
    """The posted JSON object; refused with `message` when it is not one."""
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise _Refused(400, message, "bad-request")
    return body


def _attempt(request: Request, body: dict) -> store.Attempt:
    """The body's attempt, when it is the signed-in phone's (CSRF checked), settled to now; else refused."""
    session = examinee(request)
    if session is None:
        raise _Refused(401, "本机的登录已结束（可能已在另一台设备登录）。重新登录后，本机未保存的修改会自动提交。",
                       "signed-out")
    check_csrf(session.csrf, request.headers.get("x-csrf-token"))
    ctx = context(request)
    found = store.attempt(ctx.gb, session.attempt_id) if body.get("attempt") == session.attempt_id else None
    if found is None:
        raise _Refused(404, "没有这份答卷。", "not-found")
    return store.settle(ctx.gb, found, ctx.now())


def _state(attempt: store.Attempt, now: float) -> dict:
    return {"remaining": round(max(0.0, attempt.deadline - now), 1), "submitted": attempt.finished(now)}


def _items(raw) -> list[saves.SaveIn] | None:
    if not isinstance(raw, list) or not 0 < len(raw) <= MAX_BATCH:
        return None
    items = []
    for entry in raw:
        try:
            n, seq, answer, remaining = entry["n"], entry["seq"], entry["answer"], entry["remaining"]
        except (TypeError, KeyError):
            return None
        if not (isinstance(n, int) and isinstance(seq, int) and isinstance(answer, str)
                and isinstance(remaining, (int, float)) and len(answer) <= saves.MAX_ANSWER and seq >= 0):
            return None
        items.append(saves.SaveIn(n, seq, answer, float(remaining)))
    return items


@_endpoint
async def save(request: Request):
    body = await _body(request, "保存请求格式不对。")
    attempt = _attempt(request, body)
    device, items = body.get("device"), _items(body.get("saves"))
    if not isinstance(device, str) or not 0 < len(device) <= 64 or items is None:
        return _refuse(400, "保存请求格式不对。", "bad-request")
    ctx = context(request)
    now = ctx.now()
    numbers = ctx.paper(attempt.exam_id, attempt.paper_code).numbers
    replies = saves.save_answers(ctx.gb, attempt, device, items, now, ctx.config.grace, numbers)
    return _reply({"results": [r.as_json() for r in replies], **_state(attempt, now)})


@_endpoint
async def state(request: Request):
    return _reply(_state(_attempt(request, await _body(request)), context(request).now()))


@_endpoint
async def event(request: Request):
    body = await _body(request)
    if body.get("kind") not in EVENT_KINDS:
        return _refuse(400, "请求格式不对。", "bad-request")
    attempt = _attempt(request, body)
    ctx = context(request)
    now = ctx.now()
    # The page hidden after answering stopped (handing in leaves the page, so a phone may report it
    # on the way out) is not a 切屏: only what happens while answering is counted.
    if not attempt.finished(now):
        store.log_event(ctx.gb, attempt.exam_id, attempt.attempt_id, body["kind"], EVENT_KINDS[body["kind"]], now)
    return _reply(_state(attempt, now))


routes = [
    Route("/api/save", save, methods=["POST"]),
    Route("/api/state", state, methods=["POST"]),
    Route("/api/event", event, methods=["POST"]),
]
