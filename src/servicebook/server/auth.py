"""Signing in: an examinee with 工号 and 登录码, a trainer with the token `exam serve` printed.

Rate limits: after LIMIT_STAFF failed sign-ins of one 工号, or LIMIT_ADDRESS from one address,
within LOCK_SECONDS, that 工号 or address is refused until the oldest of those failures is
LOCK_SECONDS old. A successful sign-in clears its 工号's failures.
"""

from __future__ import annotations

import hmac
import math
import unicodedata
from dataclasses import dataclass

from servicebook.server import store
from servicebook.server.clock import local_text
from servicebook.server.secret import code_hash, token_hash

LOCK_SECONDS = 15 * 60
LIMIT_STAFF = 5
LIMIT_ADDRESS = 30


class SignInRefused(Exception):
    """A sign-in that did not succeed; the message is shown on the sign-in page."""


@dataclass(frozen=True)
class SignedIn:
    token: str
    session: store.Session
    attempt: store.Attempt


def normal_staff(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def _lock_message(gb, kind: str, subject: str, limit: int, now: float) -> str:
    failures = store.failures_since(gb, kind, subject, now - LOCK_SECONDS)
    if len(failures) < limit:
        return ""
    minutes = max(1, math.ceil((failures[-limit] + LOCK_SECONDS - now) / 60))
    who = "这个工号" if kind == "staff" else "这台设备所在的网络地址"
    return f"{who}登录失败次数过多，已暂时锁定，请 {minutes} 分钟后再试；忘记登录码请找培训师。"


def lock_message(gb, staff_no: str, address: str, now: float) -> str:
    """Why a sign-in from this 工号 or address is locked now ("" when it isn't); every sign-in form shares it."""
    for kind, subject, limit in (("address", address, LIMIT_ADDRESS), ("staff", staff_no, LIMIT_STAFF)):
        locked = _lock_message(gb, kind, subject, limit, now)
        if locked:
            return locked
    return ""


def check_code(gb, secret: bytes, staff_no: str, code: str, address: str, now: float) -> tuple[str, list[store.Seat]]:
    """The papers 工号 + 登录码 open (any window), after the rate limits; a failure is recorded.

    Returns the normalised 工号 and the matching papers; raises SignInRefused with the reason."""
    staff_no = normal_staff(staff_no)
    if not staff_no or not code.strip():
        raise SignInRefused("请填写工号和登录码（见签到表或培训师发的纸条）。")
    locked = lock_message(gb, staff_no, address, now)
    if locked:
        raise SignInRefused(locked)
    matched = store.seats_for(gb, staff_no, code_hash(secret, code))
    if not matched:
        store.record_failure(gb, [("staff", staff_no), ("address", address)], now)
        raise SignInRefused("工号或登录码不正确，请核对后重新输入（登录码不区分大小写）。")
    return staff_no, matched


def sign_in(gb, secret: bytes, staff_no: str, code: str, address: str, now: float) -> SignedIn:
    """Check 工号 + 登录码 against the open exams and start (or resume) that paper's attempt."""
    staff_no, matched = check_code(gb, secret, staff_no, code, address, now)
    windows = {seat.exam_id: store.window(gb, seat.exam_id) for seat in matched}
    usable = [seat for seat in matched if windows[seat.exam_id] and windows[seat.exam_id].is_open(now)]
    if not usable:
        window = windows[matched[0].exam_id]
        if window is not None and window.closed_at is None and now < window.opens_at:
            raise SignInRefused(f"考试“{window.title}”还没有开始，开始时间：{local_text(window.opens_at)}。")
        raise SignInRefused("这场考试已经结束，不能再登录答题。")
    seat = usable[0]
    window = windows[seat.exam_id]
    started = store.attempt_for_paper(gb, seat.exam_id, seat.paper_code)
    if started is not None and started.staff_no != staff_no:  # an anonymous paper already taken by someone else
        store.record_failure(gb, [("staff", staff_no), ("address", address)], now)
        raise SignInRefused("这个登录码已经被别人用来登录，请向培训师领取新的登录码。")
    attempt = store.settle(gb, store.start_attempt(gb, seat, staff_no, window, now), now)
    token, session = store.new_session(gb, "examinee", attempt.attempt_id, address, now, exam_id=seat.exam_id)
    store.clear_failures(gb, "staff", staff_no)
    return SignedIn(token, session, attempt)


def trainer_sign_in(gb, expected_hash: str, given: str, address: str, now: float) -> tuple[str, store.Session]:
    """The trainer's token (compared by its hash, in constant time) gives a trainer session."""
    locked = _lock_message(gb, "trainer", address, LIMIT_STAFF, now)
    if locked:
        raise SignInRefused(locked)
    if not given.strip() or not hmac.compare_digest(token_hash(given.strip()), expected_hash):
        store.record_failure(gb, [("trainer", address)], now)
        raise SignInRefused("培训师口令不正确。口令在运行 servicebook exam serve 的窗口中显示。")
    return store.new_session(gb, "trainer", None, address, now)
