"""Answers as the phones save them, and which one counts.

A save is keyed by (attempt, device, question n, seq): sending it again (a lost response, a replay
from the phone's queue) changes nothing and gets the same reply. Each save carries `remaining`, the
seconds the phone's countdown showed when the answer changed. The rule:

* server-adjusted time: changed_at = deadline − remaining, bounded by the attempt's start below and
  by the moment the server received it above (a phone cannot claim a change in the future);
* a save is accepted when changed_at ≤ the attempt's end (its deadline, or the moment it was handed
  in) and it arrives at most `grace` seconds after that end; otherwise it is refused (and recorded);
* per question, between changes from one device the higher sequence number wins (the phone numbers
  its changes in the order they were made; its countdown, rounded to 0.1 s and dated no later than
  received, cannot order two changes made within a second); between devices the accepted answer
  with the latest changed_at wins, on a tie the one received last.

So an answer typed offline before the deadline counts when the phone comes back within the grace
period, and a phone that was replaced by a newer sign-in can still deliver its queue: its older
changes lose to the newer phone's later ones, question by question.
"""

from __future__ import annotations

from dataclasses import dataclass

from servicebook.server.clock import stamp, unstamp
from servicebook.server.store import Attempt

DEFAULT_GRACE = 120.0  # seconds after the end in which an answer changed before it is still accepted
MAX_ANSWER = 5000  # characters; a 情景 answer is a few hundred


@dataclass(frozen=True)
class SaveIn:
    n: int
    seq: int
    answer: str
    remaining: float


@dataclass(frozen=True)
class SaveOut:
    n: int
    seq: int
    status: str  # "saved" | "refused"
    message: str = ""
    current: str | None = None  # the answer that now counts for the question (after a saved change)

    def as_json(self) -> dict:
        reply = {"n": self.n, "seq": self.seq, "status": self.status, "message": self.message}
        if self.current is not None:
            reply["current"] = self.current
        return reply


LATE = "已超过交卷时间，这次修改没有保存。"


def changed_at(attempt: Attempt, remaining: float, received: float) -> float:
    return max(attempt.started_at, min(attempt.deadline - remaining, received))


def verdict(attempt: Attempt, when: float, received: float, grace: float) -> str:
    """"" when a change made at server-adjusted time `when` and received at `received` is accepted."""
    if when > attempt.end or received > attempt.end + grace:
        return LATE
    return ""


def save_answers(gb, attempt: Attempt, device: str, items: list[SaveIn], now: float,
                 grace: float = DEFAULT_GRACE, numbers: frozenset[int] = frozenset()) -> list[SaveOut]:
    """Record a batch of saves from one device in one transaction; one reply per save."""
    replies = []
    # Only this attempt's rows are written: on PostgreSQL saves of different people run side by side.
    with gb.transaction(serialize=False) as db:
        for item in items:
            replies.append(_save(db, attempt, device, item, now, grace, numbers))
    return replies


def _save(db, attempt: Attempt, device: str, item: SaveIn, now: float, grace: float,
          numbers: frozenset[int]) -> SaveOut:
    stored = db.execute("SELECT status FROM online_saves WHERE attempt_id = ? AND device = ? AND n = ? AND seq = ?",
                        (attempt.attempt_id, device, item.n, item.seq)).fetchone()
    if stored is not None:  # the same save again: the same reply
        return SaveOut(item.n, item.seq, "saved" if stored[0] == "saved" else "refused",
                       "" if stored[0] == "saved" else stored[0])
    if numbers and item.n not in numbers:
        return SaveOut(item.n, item.seq, "refused", f"试卷上没有第 {item.n} 题。")
    when = changed_at(attempt, item.remaining, now)
    problem = verdict(attempt, when, now, grace)
    db.execute("INSERT INTO online_saves (attempt_id, device, n, seq, answer, remaining, changed_at, received_at,"
               " status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (attempt_id, device, n, seq) DO NOTHING",
               (attempt.attempt_id, device, item.n, item.seq, item.answer, item.remaining, stamp(when), stamp(now),
                problem or "saved"))
    if problem:
        return SaveOut(item.n, item.seq, "refused", problem)
    # The winner is decided inside the upsert (atomic per row on both backends): an older change
    # leaves the stored answer as it is.
    db.execute("INSERT INTO online_answers (attempt_id, n, answer, changed_at, device, seq)"
               " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (attempt_id, n) DO UPDATE SET answer = excluded.answer,"
               " changed_at = excluded.changed_at, device = excluded.device, seq = excluded.seq"
               " WHERE (excluded.device = online_answers.device AND excluded.seq > online_answers.seq)"
               " OR (excluded.device <> online_answers.device AND excluded.changed_at >= online_answers.changed_at)",
               (attempt.attempt_id, item.n, item.answer, stamp(when), device, item.seq))
    current = db.execute("SELECT answer FROM online_answers WHERE attempt_id = ? AND n = ?",
                         (attempt.attempt_id, item.n)).fetchone()
    return SaveOut(item.n, item.seq, "saved", current=current[0])


def answers(gb, attempt_id: int) -> dict[int, str]:
    """{n: answer} that currently count on one attempt."""
    return {int(n): answer for n, answer in gb.query(
        "SELECT n, answer FROM online_answers WHERE attempt_id = ?", (attempt_id,))}


def final_answers(gb, exam_id: str) -> dict[str, dict[int, str]]:
    """{paper_code: {n: answer}} of every started attempt of an exam (papers never started are absent)."""
    found: dict[str, dict[int, str]] = {code: {} for (code,) in gb.query(
        "SELECT paper_code FROM online_attempts WHERE exam_id = ?", (exam_id,))}
    for code, n, answer in gb.query(
            "SELECT a.paper_code, s.n, s.answer FROM online_answers s JOIN online_attempts a"
            " ON a.attempt_id = s.attempt_id WHERE a.exam_id = ?", (exam_id,)):
        found[code][int(n)] = answer
    return found


def save_log(gb, attempt_id: int) -> list[tuple[str, int, int, str, float, float, str]]:
    """Every save received on an attempt: (device, n, seq, answer, changed_at, received_at, status)."""
    return [(d, int(n), int(s), a, unstamp(c), unstamp(r), st) for d, n, s, a, c, r, st in gb.query(
        "SELECT device, n, seq, answer, changed_at, received_at, status FROM online_saves WHERE attempt_id = ?"
        " ORDER BY received_at, device, seq", (attempt_id,))]
