"""Quarter roll-ups (pure): each month's and the quarter's results by 项目 and by 岗位, and the trend.

Averages are on a 100-point scale (score ÷ full mark × 100) so exams with different full marks can
be combined; people recorded as 缺考 are counted apart and left out of averages and pass rates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from servicebook.tables import CHANGE, ONE_DECIMAL, PERCENT, PERCENT_CHANGE, Column


@dataclass
class Tally:
    sat: int = 0
    absent: int = 0
    points: float = 0.0  # on the 100-point scale
    passed: int = 0

    def add(self, score: float | None, full: float, passed: bool) -> None:
        if score is None:
            self.absent += 1
            return
        self.sat += 1
        self.points += score / full * 100 if full else 0.0
        self.passed += passed

    @property
    def average(self) -> float | None:
        return self.points / self.sat if self.sat else None

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.sat if self.sat else None


class Rollup:
    """Tallies by (项目, 岗位, month), rolled up by 项目, by 岗位 or for everyone when asked.

    Everyone sits in one (项目, 岗位) cell, so counting there once per person-month is enough; the
    report streams 100,000 people × 3 months through `add`."""

    KINDS = {"项目": 0, "岗位": 1}

    def __init__(self, months: list[str]):
        self.months = months
        self.cells: dict[tuple[str, str, str], Tally] = {}
        self.people: dict[tuple[str, str], int] = defaultdict(int)
        self.retake_people: dict[tuple[str, str], int] = defaultdict(int)

    def person(self, project: str, post: str, needs_retake: bool) -> None:
        self.people[(project, post)] += 1
        if needs_retake:
            self.retake_people[(project, post)] += 1

    def add(self, project: str, post: str, month: str, score: float | None, full: float, passed: bool) -> None:
        key = (project, post, month)
        tally = self.cells.get(key)
        if tally is None:
            tally = self.cells[key] = Tally()
        tally.add(score, full, passed)

    def tally(self, kind: str | None, group: str | None, month: str | None) -> Tally | None:
        """The sum of the cells of one group (kind None: everyone) in one month (None: the quarter)."""
        index = self.KINDS.get(kind)
        found = [t for (project, post, m), t in self.cells.items()
                 if (month is None or m == month) and (index is None or (project, post)[index] == group)]
        if not found:
            return None
        total = Tally()
        for t in found:
            total.sat, total.absent, total.points, total.passed = (
                total.sat + t.sat, total.absent + t.absent, total.points + t.points, total.passed + t.passed)
        return total

    def headers(self, kind: str) -> list[str]:
        per_month = [h for m in self.months for h in (Column(f"{m} 平均分", ONE_DECIMAL), Column(f"{m} 及格率", PERCENT))]
        return [kind, Column("人数"), *per_month, Column("季度平均分", ONE_DECIMAL), Column("季度及格率", PERCENT),
                Column("缺考人次"), Column("需补考人数")]

    def rows(self, kind: str) -> list[list]:
        index = self.KINDS[kind]
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for key, count in self.people.items():
            counts[key[index]][0] += count
            counts[key[index]][1] += self.retake_people.get(key, 0)
        rows = []
        for group, (people, retakes) in sorted(counts.items()):
            cells = []
            for month in self.months:
                tally = self.tally(kind, group, month)
                cells += [tally.average, tally.pass_rate] if tally else [None, None]
            quarter = self.tally(kind, group, None) or Tally()
            rows.append([group, people, *cells, quarter.average, quarter.pass_rate, quarter.absent, retakes])
        return rows

    TREND_HEADERS = ["月份", Column("参加人数"), Column("缺考人数"), Column("平均分", ONE_DECIMAL),
                     Column("及格率", PERCENT), Column("平均分较上月", CHANGE), Column("及格率较上月", PERCENT_CHANGE)]

    def trend(self) -> list[list]:
        """One row per month for everyone in the report, with the change from the month before."""
        rows, before = [], None
        for month in self.months:
            tally = self.tally(None, None, month)
            if tally is None:
                rows.append([month, 0, 0, None, None, None, None])
                continue
            change = [None, None]
            if before is not None and before.sat and tally.sat:
                change = [tally.average - before.average, tally.pass_rate - before.pass_rate]
            rows.append([month, tally.sat, tally.absent, tally.average, tally.pass_rate, *change])
            before = tally if tally.sat else before
        return rows
