"""Time on the exam server: one injectable clock, and the one text form times are stored in.

Every deadline, window and save is judged by `Clock.now()` (seconds since the epoch, UTC). The
server uses `SystemClock`; tests pass a `FakeClock` and advance it, so no test ever sleeps.
Times are stored as fixed-width UTC text (`2026-12-20T01:00:00.000Z`): it sorts and compares
as text on SQLite and PostgreSQL alike, where a REAL may be single precision.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

UTC = dt.timezone.utc


class SystemClock:
    def now(self) -> float:
        return time.time()


class FakeClock:
    """A clock that moves only when told (thread-safe: the server reads it from its own thread)."""

    def __init__(self, start: float):
        self._now, self._lock = float(start), threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds

    def set(self, when: float) -> None:
        with self._lock:
            self._now = float(when)


def stamp(seconds: float) -> str:
    """Epoch seconds as stored text (millisecond precision, UTC, fixed width)."""
    moment = dt.datetime.fromtimestamp(seconds, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def unstamp(text: str) -> float:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC).timestamp()


def local_text(seconds: float) -> str:
    """How a time is shown to people: the server's local time, to the minute."""
    return dt.datetime.fromtimestamp(seconds).astimezone().strftime("%Y-%m-%d %H:%M")


def parse_local(text: str) -> float | None:
    """A time as trainers type it (2026-12-20 09:00, 2026-12-20T09:00), in the server's local zone."""
    for layout in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(text.strip(), layout).astimezone().timestamp()
        except ValueError:
            continue
    return None
