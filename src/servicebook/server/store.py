"""The exam server's tables (gradebook migration 4): windows, papers with keyed codes, attempts,
sessions, events and failed sign-ins. Answers and saves are in `saves.py`.

Every function takes the open Gradebook and plain values; writes run in `Gradebook.transaction()`
(`BEGIN IMMEDIATE` on SQLite). SQL stays in the portable subset (`?` placeholders, TEXT/INTEGER/REAL,
`ON CONFLICT … DO`, `RETURNING`), so the same code runs on the PostgreSQL backend. Times are
`clock.stamp` text; the dataclasses carry them as epoch seconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from servicebook.server.clock import stamp, unstamp
from servicebook.server.secret import new_token, token_hash


def _time(text: str | None) -> float | None:
    return None if text is None else unstamp(text)


# ---- Windows and papers ----

@dataclass(frozen=True)
class Window:
    exam_id: str
    exam_dir: str
    title: str
    duration_seconds: int
    opens_at: float
    closes_at: float
    closed_at: float | None

    def is_open(self, now: float) -> bool:
        return self.closed_at is None and self.opens_at <= now < self.closes_at

    @property
    def ended_at(self) -> float:
        """When the window stopped taking sign-ins: closed by a trainer, or its end time."""
        return self.closed_at if self.closed_at is not None else self.closes_at


@dataclass(frozen=True)
class Seat:
    """One paper as a person signs in to it: a named person's paper, or an anonymous variant (staff_no None)."""

    exam_id: str
    paper_code: str
    staff_no: str | None
    name: str
    project: str
    code_hash: str


_WINDOW = "exam_id, exam_dir, title, duration_seconds, opens_at, closes_at, closed_at"
_SEAT = "exam_id, paper_code, staff_no, name, project, code_hash"


def _window(row) -> Window:
    exam_id, exam_dir, title, duration, opens, closes, closed = row
    return Window(exam_id, exam_dir, title, int(duration), unstamp(opens), unstamp(closes), _time(closed))


def put_window(gb, window: Window, seats: Iterable[Seat], now: float) -> None:
    """Open (or reopen with new times) an exam: its window and every paper's code hash.

    Reopening replaces the codes (a new sign-in sheet) and keeps attempts and answers."""
    with gb.transaction() as db:
        db.execute(
            f"INSERT INTO online_windows ({_WINDOW}, opened_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)"
            " ON CONFLICT (exam_id) DO UPDATE SET exam_dir = excluded.exam_dir, title = excluded.title,"
            " duration_seconds = excluded.duration_seconds, opens_at = excluded.opens_at,"
            " closes_at = excluded.closes_at, opened_at = excluded.opened_at, closed_at = NULL",
            (window.exam_id, window.exam_dir, window.title, window.duration_seconds, stamp(window.opens_at),
             stamp(window.closes_at), stamp(now)))
        db.execute("DELETE FROM online_papers WHERE exam_id = ?", (window.exam_id,))
        db.executemany(f"INSERT INTO online_papers ({_SEAT}) VALUES (?, ?, ?, ?, ?, ?)",
                       [(s.exam_id, s.paper_code, s.staff_no, s.name, s.project, s.code_hash) for s in seats])
        _event(db, window.exam_id, None, "open", f"{stamp(window.opens_at)} – {stamp(window.closes_at)}", now)


def close_window(gb, exam_id: str, now: float) -> None:
    with gb.transaction() as db:
        db.execute("UPDATE online_windows SET closed_at = ? WHERE exam_id = ? AND closed_at IS NULL",
                   (stamp(now), exam_id))
        _event(db, exam_id, None, "close", "", now)


def windows(gb) -> list[Window]:
    return [_window(row) for row in gb.query(f"SELECT {_WINDOW} FROM online_windows ORDER BY opens_at DESC")]


RESULTS_AT = ("close", "submit")  # a person sees their result when the window ends, or once handed in


def results_at(gb, exam_id: str) -> str:
    rows = gb.query("SELECT results_at FROM online_windows WHERE exam_id = ?", (exam_id,))
    return rows[0][0] if rows else "close"


def set_results_at(gb, exam_id: str, when: str) -> None:
    assert when in RESULTS_AT
    with gb.transaction() as db:
        db.execute("UPDATE online_windows SET results_at = ? WHERE exam_id = ?", (when, exam_id))


def window(gb, exam_id: str) -> Window | None:
    rows = gb.query(f"SELECT {_WINDOW} FROM online_windows WHERE exam_id = ?", (exam_id,))
    return _window(rows[0]) if rows else None


def seats_for(gb, staff_no: str, code_hash: str) -> list[Seat]:
    """The papers a 工号 with this code may open: that person's own, or an anonymous variant's code."""
    rows = gb.query(f"SELECT {_SEAT} FROM online_papers WHERE code_hash = ? AND (staff_no = ? OR staff_no IS NULL)",
                    (code_hash, staff_no))
    return [Seat(*row) for row in rows]


def seats(gb, exam_id: str) -> list[Seat]:
    return [Seat(*row) for row in gb.query(
        f"SELECT {_SEAT} FROM online_papers WHERE exam_id = ? ORDER BY paper_code", (exam_id,))]


# ---- Attempts ----

@dataclass(frozen=True)
class Attempt:
    attempt_id: int
    exam_id: str
    paper_code: str
    staff_no: str
    started_at: float
    deadline: float
    submitted_at: float | None
    submitted_how: str | None

    def finished(self, now: float) -> bool:
        return self.submitted_at is not None or now >= self.deadline

    @property
    def end(self) -> float:
        """The moment answering stopped: the submission, or the deadline."""
        return min(self.deadline, self.submitted_at) if self.submitted_at is not None else self.deadline


_ATTEMPT = "attempt_id, exam_id, paper_code, staff_no, started_at, deadline, submitted_at, submitted_how"


def _attempt(row) -> Attempt:
    attempt_id, exam_id, code, staff_no, started, deadline, submitted, how = row
    return Attempt(int(attempt_id), exam_id, code, staff_no, unstamp(started), unstamp(deadline), _time(submitted), how)


def attempt(gb, attempt_id: int) -> Attempt | None:
    rows = gb.query(f"SELECT {_ATTEMPT} FROM online_attempts WHERE attempt_id = ?", (attempt_id,))
    return _attempt(rows[0]) if rows else None


def attempt_for_paper(gb, exam_id: str, paper_code: str) -> Attempt | None:
    rows = gb.query(f"SELECT {_ATTEMPT} FROM online_attempts WHERE exam_id = ? AND paper_code = ?",
                    (exam_id, paper_code))
    return _attempt(rows[0]) if rows else None


def attempts(gb, exam_id: str) -> list[Attempt]:
    return [_attempt(row) for row in gb.query(
        f"SELECT {_ATTEMPT} FROM online_attempts WHERE exam_id = ? ORDER BY paper_code", (exam_id,))]


def start_attempt(gb, seat: Seat, staff_no: str, window: Window, now: float) -> Attempt:
    """The attempt on this paper: started now (deadline = start + duration, at most the window's end),
    or the one already started (resumed, whoever's phone it is)."""
    deadline = min(now + window.duration_seconds, window.closes_at)
    with gb.transaction() as db:
        db.execute("INSERT INTO online_attempts (exam_id, paper_code, staff_no, started_at, deadline)"
                   " VALUES (?, ?, ?, ?, ?)"
                   " ON CONFLICT (exam_id, paper_code) DO NOTHING",
                   (seat.exam_id, seat.paper_code, staff_no, stamp(now), stamp(deadline)))
    return attempt_for_paper(gb, seat.exam_id, seat.paper_code)


def settle(gb, found: Attempt, now: float) -> Attempt:
    """An attempt past its deadline is submitted automatically, at its deadline."""
    if found.submitted_at is None and now >= found.deadline:
        submit(gb, found, found.deadline, "到时自动交卷", now)
        return attempt(gb, found.attempt_id)
    return found


def submit(gb, found: Attempt, when: float, how: str, now: float) -> None:
    with gb.transaction() as db:
        changed = db.execute("UPDATE online_attempts SET submitted_at = ?, submitted_how = ?"
                             " WHERE attempt_id = ? AND submitted_at IS NULL",
                             (stamp(when), how, found.attempt_id)).rowcount
        if changed:
            _event(db, found.exam_id, found.attempt_id, "submit", how, now)


# ---- Sessions ----

@dataclass(frozen=True)
class Session:
    token_hash: str
    role: str  # "examinee" | "trainer"
    attempt_id: int | None
    csrf: str


def new_session(gb, role: str, attempt_id: int | None, address: str, now: float,
                exam_id: str | None = None) -> tuple[str, Session]:
    """A new session; every other session of the same role on the attempt ends (one phone at a time).

    Returns the token for the cookie (only its hash is stored) and the session."""
    token, csrf = new_token(), new_token()
    hashed = token_hash(token)
    with gb.transaction() as db:
        if attempt_id is not None:
            ended = db.execute("UPDATE online_sessions SET ended_at = ?, ended_reason = ?"
                               " WHERE attempt_id = ? AND role = ? AND ended_at IS NULL",
                               (stamp(now), "在另一台设备登录", attempt_id, role)).rowcount
            if ended:
                _event(db, exam_id or "", attempt_id, "session-replaced", f"新登录地址 {address}", now)
        db.execute("INSERT INTO online_sessions (token_hash, role, attempt_id, csrf, address, created_at)"
                   " VALUES (?, ?, ?, ?, ?, ?)", (hashed, role, attempt_id, csrf, address, stamp(now)))
    return token, Session(hashed, role, attempt_id, csrf)


def session(gb, token: str | None) -> Session | None:
    """The active session of a cookie token, or None (unknown, or ended by a newer sign-in)."""
    if not token:
        return None
    rows = gb.query("SELECT token_hash, role, attempt_id, csrf FROM online_sessions"
                    " WHERE token_hash = ? AND ended_at IS NULL", (token_hash(token),))
    return Session(*rows[0]) if rows else None


def session_ended(gb, token: str | None) -> str | None:
    """Why a cookie's session ended (shown to the old phone), or None."""
    if not token:
        return None
    rows = gb.query("SELECT ended_reason FROM online_sessions WHERE token_hash = ? AND ended_at IS NOT NULL",
                    (token_hash(token),))
    return rows[0][0] if rows else None


def end_session(gb, hashed: str, reason: str, now: float) -> None:
    with gb.transaction() as db:
        db.execute("UPDATE online_sessions SET ended_at = ?, ended_reason = ? WHERE token_hash = ?"
                   " AND ended_at IS NULL", (stamp(now), reason, hashed))


# ---- Events (切屏 and the log) ----

def _event(db, exam_id: str, attempt_id: int | None, kind: str, detail: str, now: float) -> None:
    db.execute("INSERT INTO online_events (exam_id, attempt_id, kind, detail, at) VALUES (?, ?, ?, ?, ?)",
               (exam_id, attempt_id, kind, detail, stamp(now)))


def log_event(gb, exam_id: str, attempt_id: int | None, kind: str, detail: str, now: float) -> None:
    with gb.transaction() as db:
        _event(db, exam_id, attempt_id, kind, detail, now)


def event_counts(gb, exam_id: str, kind: str) -> dict[str, int]:
    """{paper_code: count} of one kind of event (e.g. "hidden" for 切屏) in an exam."""
    rows = gb.query("SELECT a.paper_code, count(*) FROM online_events e JOIN online_attempts a"
                    " ON a.attempt_id = e.attempt_id WHERE e.exam_id = ? AND e.kind = ? GROUP BY a.paper_code",
                    (exam_id, kind))
    return {code: int(count) for code, count in rows}


def events(gb, exam_id: str) -> list[tuple[int | None, str, str, float]]:
    """(attempt_id, kind, detail, at) of an exam, oldest first."""
    return [(a, k, d, unstamp(at)) for a, k, d, at in gb.query(
        "SELECT attempt_id, kind, detail, at FROM online_events WHERE exam_id = ? ORDER BY event_id", (exam_id,))]


# ---- Failed sign-ins (rate limiting) ----

def record_failure(gb, keys: Iterable[tuple[str, str]], now: float) -> None:
    with gb.transaction() as db:
        db.executemany("INSERT INTO online_failures (kind, subject, at) VALUES (?, ?, ?)",
                       [(kind, subject, stamp(now)) for kind, subject in keys])


def failures_since(gb, kind: str, subject: str, since: float) -> list[float]:
    """Times of the failed sign-ins of one 工号 or address since `since`, oldest first."""
    return [unstamp(at) for (at,) in gb.query(
        "SELECT at FROM online_failures WHERE kind = ? AND subject = ? AND at >= ? ORDER BY at",
        (kind, subject, stamp(since)))]


def clear_failures(gb, kind: str, subject: str) -> None:
    with gb.transaction() as db:
        db.execute("DELETE FROM online_failures WHERE kind = ? AND subject = ?", (kind, subject))
