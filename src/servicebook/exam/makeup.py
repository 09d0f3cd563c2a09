"""Keeping a make-up exam possible (pure: no file access).

Per-person papers draw their questions at random, so twenty papers of a first sitting use nearly
every question of a small pool, and a make-up that may repeat none of them has nothing left. So
the first sitting keeps back, before any paper is drawn, what the make-up paper needs: whole
source sentences (a highlighted sentence gives a 填空 and a 单选; both stay back or neither), never
a red-line question (those are on every first-sitting paper), and never so many that the first
sitting falls short itself.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from typing import Iterable, Protocol, Sequence

from servicebook.bank.generate import source_sentence
from servicebook.bank.questions import Question
from servicebook.exam.blueprint import split


class SectionLike(Protocol):
    type: str
    count: int


def related_ids(used: Iterable[str], questions: Sequence[Question]) -> frozenset[str]:
    """`used` plus every question made from the same source sentence as one of them."""
    used = frozenset(used)
    sentences = {source_sentence(qid) for qid in used}
    return used | frozenset(q.id for q in questions if source_sentence(q.id) in sentences)


def reserve(eligible: Sequence[Question], first: Sequence[SectionLike], makeup: Sequence[SectionLike], *,
            current_pages: set[str], review_share: float, difficulty_mix: dict[int, float],
            red_line_ids: frozenset[str], seed: int) -> frozenset[str]:
    """Ids the first sitting must leave alone so the make-up paper (`makeup` sections) can be drawn.

    Best effort: when the pool cannot serve both sittings, the first sitting keeps what it needs and
    the make-up's shortfall is reported when the make-up is assembled (and by `servicebook check`)."""
    groups: dict[str, list[Question]] = defaultdict(list)
    for q in eligible:
        groups[source_sentence(q.id)].append(q)
    blocked = {source_sentence(qid) for qid in red_line_ids}
    rank = {key: hashlib.sha256(f"{seed}/{key}".encode()).hexdigest() for key in groups if key not in blocked}
    spare = Counter(q.type for q in eligible)
    for section in first:
        spare[section.type] -= section.count  # what the first sitting can give up, per type
    kept: set[str] = set()
    part = lambda q: "current" if q.page_id in current_pages else "review"  # noqa: E731
    for section in makeup:
        review_wanted = round(section.count * review_share)
        want_part = {"review": review_wanted, "current": section.count - review_wanted}
        want_level = split(section.count, difficulty_mix)
        # Candidates by (month part, difficulty), best first: fewest siblings, then the seeded rank.
        buckets: dict[tuple[str, int], list[tuple[str, Question]]] = defaultdict(list)
        got = 0
        for key in sorted(rank, key=lambda k: (len(groups[k]), rank[k])):
            q = next((m for m in groups[key] if m.type == section.type), None)
            if q is None:
                continue
            if key in kept:  # kept back for an earlier section with a sibling of this type
                got += 1
                want_part[part(q)] -= 1
                want_level[q.difficulty] = want_level.get(q.difficulty, 0) - 1
            else:
                buckets[(part(q), q.difficulty)].append((key, q))
        for bucket in buckets.values():
            bucket.reverse()  # pop() takes the best
        while got < section.count:
            for bucket in buckets.values():
                while bucket and any(spare[m.type] <= 0 for m in groups[bucket[-1][0]]):
                    bucket.pop()  # taking it would leave the first sitting short
            open_buckets = [b for b, left in buckets.items() if left]
            if not open_buckets:
                break
            best = max(open_buckets, key=lambda b: (want_part[b[0]] > 0, want_level.get(b[1], 0), -b[1]))
            key, q = buckets[best].pop()
            kept.add(key)
            for m in groups[key]:
                spare[m.type] -= 1
            got += 1
            want_part[part(q)] -= 1
            want_level[q.difficulty] = want_level.get(q.difficulty, 0) - 1
    return frozenset(q.id for key in kept for q in groups[key])
