"""Classical item analysis (pure): difficulty, corrected point-biserial, distractors, reliability, flags.

Statistics are built from running sums, so a report can stream millions of responses once.
Flags need MIN_RESPONSES answers (the report pools the same question across exams to get there):
with 12 people one lucky answer moves a difficulty by 8 points. Reliability (Cronbach's α, which is
KR-20 for right/wrong items) is computed per form — the same set of questions — never across
different papers as one figure, and only for a form MIN_RESPONSES people took.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

TOO_EASY = 0.9  # difficulty (proportion correct) above this: too easy
TOO_HARD = 0.3  # below this: too hard
LOW_DISCRIMINATION = 0.2  # corrected point-biserial below this: does not separate strong from weak
MIN_RESPONSES = 20  # answers a flag needs; people a form needs for its reliability
FLAG_TEXT = {"easy": "太容易", "hard": "太难", "flat": "区分度低"}


@dataclass
class ItemSums:
    """Running sums for one question: x = share of its points earned (0..1), y = the rest of the paper."""

    n: int = 0
    sx: float = 0.0
    sxx: float = 0.0
    sy: float = 0.0
    syy: float = 0.0
    sxy: float = 0.0
    correct: int = 0
    wrong_choices: dict[str, int] = field(default_factory=dict)  # option text → times chosen wrongly

    def merge(self, other: ItemSums) -> ItemSums:
        """The sums of both (the same question in two exams); wrong choices are not merged."""
        return ItemSums(self.n + other.n, self.sx + other.sx, self.sxx + other.sxx, self.sy + other.sy,
                        self.syy + other.syy, self.sxy + other.sxy, self.correct + other.correct)

    def add(self, earned: float, maximum: float, total: float) -> None:
        x = earned / maximum if maximum else 0.0
        y = total - earned
        self.n += 1
        self.sx += x
        self.sxx += x * x
        self.sy += y
        self.syy += y * y
        self.sxy += x * y
        if earned >= maximum - 1e-9:
            self.correct += 1


@dataclass(frozen=True)
class ItemStats:
    question_id: str
    n: int
    difficulty: float  # proportion of full marks
    discrimination: float | None  # corrected point-biserial; None when undefined (no spread)
    flags: tuple[str, ...]


def pearson(n: int, sx: float, sxx: float, sy: float, syy: float, sxy: float) -> float | None:
    if n < 2:
        return None
    vx = n * sxx - sx * sx
    vy = n * syy - sy * sy
    if vx <= 1e-12 or vy <= 1e-12:
        return None
    return (n * sxy - sx * sy) / math.sqrt(vx * vy)


def item_stats(question_id: str, sums: ItemSums) -> ItemStats:
    """Difficulty and discrimination; flags only with at least MIN_RESPONSES answers."""
    difficulty = sums.sx / sums.n if sums.n else 0.0
    r = pearson(sums.n, sums.sx, sums.sxx, sums.sy, sums.syy, sums.sxy)
    return ItemStats(question_id, sums.n, difficulty, r,
                     flags_for(difficulty, r) if sums.n >= MIN_RESPONSES else ())


def flags_for(difficulty: float, discrimination: float | None) -> tuple[str, ...]:
    flags = []
    if difficulty > TOO_EASY:
        flags.append("easy")
    if difficulty < TOO_HARD:
        flags.append("hard")
    if discrimination is not None and discrimination < LOW_DISCRIMINATION:
        flags.append("flat")
    return tuple(flags)


@dataclass
class FormSums:
    """Sums for one form (one set of questions): each item's scores and each person's total."""

    items: dict[str, list[float]] = field(default_factory=dict)  # question id → [n, Σx, Σx²]
    totals: list[float] = field(default_factory=list)  # each person's total on the form

    def add_item(self, question_id: str, n: int, sx: float, sxx: float) -> None:
        sums = self.items.setdefault(question_id, [0, 0.0, 0.0])
        sums[0] += n
        sums[1] += sx
        sums[2] += sxx

    def alpha(self) -> float | None:
        """Cronbach's α (KR-20 when every item is right or wrong); None below MIN_RESPONSES people."""
        n, k = len(self.totals), len(self.items)
        if n < MIN_RESPONSES or k < 2:
            return None
        item_variance = sum(sxx / c - (sx / c) ** 2 for c, sx, sxx in self.items.values() if c)
        mean = sum(self.totals) / n
        variance = sum((t - mean) ** 2 for t in self.totals) / n
        if variance <= 1e-12:
            return None
        return k / (k - 1) * (1 - item_variance / variance)


def histogram(values: list[float], maximum: float, bins: int = 10) -> list[int]:
    """Counts of values in `bins` equal bands from 0 to maximum (the top band includes maximum)."""
    counts = [0] * bins
    for value in values:
        index = int(value / maximum * bins) if maximum else 0
        counts[min(max(index, 0), bins - 1)] += 1
    return counts
