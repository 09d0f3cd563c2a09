"""Months as "YYYY-MM" text: the pattern, arithmetic, the training year and quarters (pure)."""

from __future__ import annotations

import re

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
WINDOW_MONTHS = 3  # a question on a paper in the last three months counts as recently used


def _parts(month: str) -> tuple[int, int]:
    return int(month[:4]), int(month[5:7])


def shift(month: str, by: int) -> str:
    """The month `by` months after `month` (before it when negative)."""
    year, number = _parts(month)
    index = year * 12 + number - 1 + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def following(first: str, count: int) -> list[str]:
    """`count` consecutive months starting with `first`."""
    return [shift(first, n) for n in range(count)]


def before(month: str, count: int = WINDOW_MONTHS) -> tuple[str, ...]:
    """The `count` months before `month`, most recent first."""
    return tuple(shift(month, -n) for n in range(1, count + 1))


def slot_index(month: str) -> int:
    """0 for December, 1 for January … 11 for November."""
    return _parts(month)[1] % 12


def cycle_start(month: str) -> str:
    """The December that opens the training year `month` belongs to."""
    year, number = _parts(month)
    return f"{year if number == 12 else year - 1:04d}-12"


def quarter_months(year: int, number: int) -> list[str]:
    """The three months of quarter `number` (1–4) of `year`."""
    return following(f"{year:04d}-{number * 3 - 2:02d}", 3)
