"""Quarter roll-ups (pure): each month's and the quarter's results by 项目 and by 岗位, and the trend.

Averages are on a 100-point scale (score ÷ full mark × 100) so exams with different full marks can
be combined; people recorded as 缺考 are counted apart and left out of averages and pass rates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from servicebook.spreadsheet import CHANGE, ONE_DECIMAL, PERCENT, PERCENT_CHANGE, Column


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
    """Tallies by (group kind, group, month); month None is the whole quarter."""

    def __init__(self, months: list[str]):
        self.months = months
        self.tallies: dict[tuple[str, str, str | None], Tally] = defaultdict(Tally)
        self.people: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.retake_people: dict[tuple[str, str], set[str]] = defaultdict(set)

    def add(self, staff_no: str, groups: dict[str, str], month: str, score: float | None, full: float,
            passed: bool) -> None:
        for kind, group in (*groups.items(), ("全部", "全部")):
            self.people[(kind, group)].add(staff_no)
            self.tallies[(kind, group, month)].add(score, full, passed)
            self.tallies[(kind, group, None)].add(score, full, passed)

    def needs_retake(self, staff_no: str, groups: dict[str, str]) -> None:
        for kind, group in (*groups.items(), ("全部", "全部")):
            self.retake_people[(kind, group)].add(staff_no)

    def headers(self, kind: str) -> list[str]:
        per_month = [h for m in self.months for h in (Column(f"{m} 平均分", ONE_DECIMAL), Column(f"{m} 及格率", PERCENT))]
        return [kind, Column("人数"), *per_month, Column("季度平均分", ONE_DECIMAL), Column("季度及格率", PERCENT),
                Column("缺考人次"), Column("需补考人数")]

    def rows(self, kind: str) -> list[list]:
        groups = sorted(group for k, group in self.people if k == kind)
        rows = []
        for group in groups:
            cells = []
            for month in self.months:
                tally = self.tallies.get((kind, group, month))
                cells += [tally.average, tally.pass_rate] if tally else [None, None]
            quarter = self.tallies[(kind, group, None)]
            rows.append([group, len(self.people[(kind, group)]), *cells, quarter.average, quarter.pass_rate,
                         quarter.absent, len(self.retake_people.get((kind, group), ()))])
        return rows

    TREND_HEADERS = ["月份", Column("参加人数"), Column("缺考人数"), Column("平均分", ONE_DECIMAL),
                     Column("及格率", PERCENT), Column("平均分较上月", CHANGE), Column("及格率较上月", PERCENT_CHANGE)]

    def trend(self) -> list[list]:
        """One row per month for everyone in the report, with the change from the month before."""
        rows, before = [], None
        for month in self.months:
            tally = self.tallies.get(("全部", "全部", month))
            if tally is None:
                rows.append([month, 0, 0, None, None, None, None])
                continue
            change = [None, None]
            if before is not None and before.sat and tally.sat:
                change = [tally.average - before.average, tally.pass_rate - before.pass_rate]
            rows.append([month, tally.sat, tally.absent, tally.average, tally.pass_rate, *change])
            before = tally if tally.sat else before
        return rows
