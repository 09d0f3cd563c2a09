"""How many questions each section takes from each bucket (pure: the same for every paper).

A bucket is the section's questions of one (month part, freshness, difficulty): this month's pages
or earlier months', fresh or used in the last months, difficulty 1–3. Red-line questions of this
month's pages are on every paper and fill their section first. How many of each difficulty a
section takes is the max-flow allocation `servicebook check` proves each month with (feasibility.py),
so the two never disagree about whether a paper can meet the difficulty mix.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass
from typing import Mapping, Protocol

from servicebook.bank.questions import Question
from servicebook.exam.blueprint import DIFFICULTIES, split

Cell = tuple[str, int]  # (type, difficulty)


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


def section_draws(pools: dict[str, Pools], blueprint: BlueprintLike, recent: frozenset[str]) -> list[Draw]:
    """Decide per section how many questions come from each (month, freshness, difficulty) bucket."""
    parts = {s.type: _part_counts(s, pools[s.type], blueprint.review_share) for s in blueprint.sections}
    wants = difficulty_wants(pools, blueprint, parts)
    draws = []
    for index, section in enumerate(blueprint.sections):
        pool = pools[section.type]
        (n_current, n_review), (want_current, want_review) = parts[section.type], wants[section.type]
        buckets = _split(pool.current, n_current, want_current, recent) + \
            _split(pool.review, n_review, want_review, recent)
        draws.append(Draw(index, pool.red[: section.count], tuple(buckets), pool.current + pool.review,
                          frozenset(q.id for q in pool.current)))
    return draws


def _part_counts(section: SectionLike, pool: Pools, review_share: float) -> tuple[int, int]:
    """How many of the section's questions besides its red lines come from this month's pages and
    how many from earlier months' (the review share, more when this month has too few)."""
    rest = section.count - len(pool.red[: section.count])
    n_review = min(round(section.count * review_share), rest, len(pool.review))
    n_current = rest - n_review
    if n_current > len(pool.current):  # not enough this month: take more review questions
        n_review += n_current - len(pool.current)
        n_current = len(pool.current)
    return n_current, n_review


def difficulty_wants(pools: dict[str, Pools], blueprint: BlueprintLike,
                     parts: dict[str, tuple[int, int]]) -> dict[str, tuple[dict[int, int], dict[int, int]]]:
    """Per section type, how many questions of each difficulty to draw from this month's pages and
    from earlier months' (besides its red lines).

    The paper-wide difficulty targets, met exactly by a max-flow allocation (`servicebook check`
    proves each month with the same allocation over types, feasibility.allocate), grown from each
    section's own share of the mix so nothing moves that need not: first with the month split as
    well, else over types alone (both month parts then aim at the type's levels); when no allocation
    exists, each section's own share, as closely as its pool allows."""
    types = [s.type for s in blueprint.sections]
    own = {s.type: split(s.count, blueprint.difficulty_mix) for s in blueprint.sections}
    red = {s.type: Counter(q.difficulty for q in pools[s.type].red[: s.count]) for s in blueprint.sections}
    targets = split(sum(s.count for s in blueprint.sections), blueprint.difficulty_mix)
    left = {level: n - sum(red[t][level] for t in types) for level, n in targets.items()}
    preferred = {t: {level: max(own[t][level] - red[t][level], 0) for level in DIFFICULTIES} for t in types}
    if all(n >= 0 for n in left.values()):
        by_part = Counter(((t, part), q.difficulty) for t in types
                          for part, questions in (("current", pools[t].current), ("review", pools[t].review))
                          for q in questions)
        start = {}
        for t in types:
            for level in DIFFICULTIES:
                here = min(preferred[t][level], by_part[((t, "current"), level)])
                start[((t, "current"), level)] = here
                start[((t, "review"), level)] = preferred[t][level] - here
        demands = {(t, part): n for t in types for part, n in zip(("current", "review"), parts[t])}
        flow = difficulty_allocation(demands, left, by_part, start)
        if flow is not None:
            return {t: tuple({level: flow.get(((t, part), level), 0) for level in DIFFICULTIES}
                             for part in ("current", "review")) for t in types}
        available = Counter((t, level) for ((t, _), level), n in by_part.items() for _ in range(n))
        flow = difficulty_allocation({t: sum(parts[t]) for t in types}, left, available,
                                     {(t, level): n for t in types for level, n in preferred[t].items()})
        if flow is not None:
            shared = {t: {level: flow.get((t, level), 0) for level in DIFFICULTIES} for t in types}
            return {t: (shared[t], shared[t]) for t in types}
    fallback = {t: {level: own[t].get(level, 0) - red[t][level] for level in DIFFICULTIES} for t in types}
    return {t: (fallback[t], fallback[t]) for t in types}


def difficulty_allocation(demands: Mapping[str, int], targets: Mapping[int, int], available: Mapping[Cell, int],
                          start: Mapping[Cell, int] | None = None) -> dict[Cell, int] | None:
    """Questions to draw per (type, difficulty) so that each type gets its count (`demands`) and each
    difficulty its target, within `available`; None when no allocation exists.

    A max-flow over types → (type, difficulty) → levels: grown from `start` (what can be kept of a
    preferred allocation) by shortest augmenting paths. One swap deep is not enough in general, so
    the residual graph is searched breadth-first."""
    flow: Counter = Counter()
    left_type, left_level = dict(demands), dict(targets)
    for (qtype, level), n in sorted((start or {}).items()):
        n = min(n, available.get((qtype, level), 0), left_type.get(qtype, 0), left_level.get(level, 0))
        if n > 0:
            flow[(qtype, level)] += n
            left_type[qtype] -= n
            left_level[level] -= n
    types = list(demands)
    while True:
        path = _augmenting_path(types, left_type, left_level, available, flow)
        if path is None:
            break
        for cell, step in path:
            flow[cell] += step
        left_type[path[0][0][0]] -= 1
        left_level[path[-1][0][1]] -= 1
    if any(left_type.values()):
        return None
    return {cell: n for cell, n in sorted(flow.items()) if n}


def _augmenting_path(types, left_type, left_level, available, flow):
    """A shortest path type → level → type → … → level with spare capacity, as ((type, d), ±1) steps."""
    starts = [t for t in types if left_type[t] > 0]
    queue = deque((t, []) for t in starts)
    seen_types, seen_levels = set(starts), set()
    while queue:
        qtype, path = queue.popleft()
        for level in DIFFICULTIES:
            if level in seen_levels or flow[(qtype, level)] >= available.get((qtype, level), 0):
                continue
            step = path + [((qtype, level), 1)]
            if left_level.get(level, 0) > 0:
                return step
            seen_levels.add(level)
            for other in types:
                if other not in seen_types and flow[(other, level)] > 0:
                    seen_types.add(other)
                    queue.append((other, step + [((other, level), -1)]))
    return None


def _split(pool: tuple[Question, ...], n: int, want: dict[int, int], recent: frozenset[str]):
    """Take n from pool: fresh before recently used, and within that the difficulty furthest below target."""
    buckets: dict[tuple[bool, int], list[Question]] = {}
    for q in pool:
        buckets.setdefault((q.id in recent, q.difficulty), []).append(q)
    taken: dict[tuple[bool, int], int] = {}
    for _ in range(n):
        options = [k for k in sorted(buckets) if len(buckets[k]) > taken.get(k, 0)]
        stale = min(k[0] for k in options)
        best = max((k for k in options if k[0] == stale), key=lambda k: (want.get(k[1], 0), -k[1]))
        taken[best] = taken.get(best, 0) + 1
        want[best[1]] = want.get(best[1], 0) - 1
    return [(tuple(buckets[key]), taken[key]) for key in sorted(taken)]
