"""How many questions each section takes from each bucket (pure: the same for every paper).

A bucket is the section's questions of one (month part, freshness, difficulty): this month's pages
or earlier months', fresh or used in the last months, difficulty 1–3. Red-line questions of this
month's pages are on every paper and fill their section first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from servicebook.bank.questions import Question
from servicebook.exam.blueprint import split


class SectionLike(Protocol):
    type: str
    count: int
    points: float


class BlueprintLike(Protocol):
    """What assembly needs of servicebook.exam.blueprint.Blueprint."""

    role: str
    title: str
    duration_minutes: int
    pass_mark: float
    sections: tuple[SectionLike, ...]
    review_share: float
    difficulty_mix: dict[int, float]
    include_red_lines: bool
    scoring: dict[str, str]


@dataclass(frozen=True)
class Pools:
    """Eligible questions of one type, split by month (current/review) and kept sorted by id."""

    red: tuple[Question, ...]
    current: tuple[Question, ...]
    review: tuple[Question, ...]


@dataclass(frozen=True)
class Draw:
    """How many questions one section takes from each bucket; the same for every paper."""

    section: int
    red: tuple[Question, ...]
    buckets: tuple[tuple[tuple[Question, ...], int], ...]  # (bucket, how many)
    pool: tuple[Question, ...] = ()  # every non-red question of the type: where a paper turns when a bucket cannot be fair
    current: frozenset[str] = frozenset()  # ids of `pool` from this month's pages


def pools_by_type(eligible: list[Question], blueprint: BlueprintLike, current: set[str]) -> dict[str, Pools]:
    pools = {}
    for qtype in sorted({s.type for s in blueprint.sections}):
        of_type = [q for q in eligible if q.type == qtype]
        red = tuple(q for q in of_type if q.red_line and q.page_id in current) if blueprint.include_red_lines else ()
        red_ids = {q.id for q in red}
        pools[qtype] = Pools(
            red=red,
            current=tuple(q for q in of_type if q.page_id in current and q.id not in red_ids),
            review=tuple(q for q in of_type if q.page_id not in current),
        )
    return pools


def allocate(pools: dict[str, Pools], blueprint: BlueprintLike, recent: frozenset[str]) -> list[Draw]:
    """Decide per section how many questions come from each (month, freshness, difficulty) bucket."""
    left = {qtype: {"current": list(p.current), "review": list(p.review)} for qtype, p in pools.items()}
    already: dict[tuple[str, str], dict] = {}
    red_left = {qtype: list(p.red) for qtype, p in pools.items()}
    draws = []
    for index, section in enumerate(blueprint.sections):
        red = red_left[section.type][: section.count]
        del red_left[section.type][: len(red)]
        want = split(section.count, blueprint.difficulty_mix)
        for q in red:
            want[q.difficulty] = want.get(q.difficulty, 0) - 1
        rest = section.count - len(red)
        pool = left[section.type]
        free = {part: len(pool[part]) - sum(already.get((section.type, part), {}).values())
                for part in ("current", "review")}
        n_review = min(round(section.count * blueprint.review_share), rest, free["review"])
        n_current = rest - n_review
        if n_current > free["current"]:  # not enough this month: take more review questions
            n_review += n_current - free["current"]
            n_current = free["current"]
        buckets = []
        for part, n in (("current", n_current), ("review", n_review)):
            buckets += _split(pool[part], n, want, recent, already.setdefault((section.type, part), {}))
        draws.append(Draw(index, tuple(red), tuple(buckets), pools[section.type].current + pools[section.type].review,
                          frozenset(q.id for q in pools[section.type].current)))
    return draws


def _split(pool: list[Question], n: int, want: dict[int, int], recent: frozenset[str],
           already: dict[tuple[bool, int], int]):
    """Take n from pool: fresh before recently used, and within that the difficulty furthest below target.
    `already` counts what earlier sections of the same type took from each bucket (papers keep them apart)."""
    buckets: dict[tuple[bool, int], list[Question]] = {}
    for q in pool:
        buckets.setdefault((q.id in recent, q.difficulty), []).append(q)
    taken: dict[tuple[bool, int], int] = {}
    for _ in range(n):
        options = [k for k in sorted(buckets) if len(buckets[k]) > taken.get(k, 0) + already.get(k, 0)]
        stale = min(k[0] for k in options)
        best = max((k for k in options if k[0] == stale), key=lambda k: (want.get(k[1], 0), -k[1]))
        taken[best] = taken.get(best, 0) + 1
        want[best[1]] = want.get(best[1], 0) - 1
    for key, k in taken.items():
        already[key] = already.get(key, 0) + k
    return [(tuple(buckets[key]), taken[key]) for key in sorted(taken)]
