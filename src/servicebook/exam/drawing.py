"""One paper drawn from the section shares (pure): which questions, in which order, each option
and step shown in which order, and the key as this paper prints it.

Every paper draws with its own random.Random (seeded from the exam seed and the paper code), so a
paper does not depend on how many papers come before it.
"""

from __future__ import annotations

import random
from typing import Any, Mapping

from servicebook.bank.questions import LETTERS, Question
from servicebook.exam.allocation import BlueprintLike, Draw
from servicebook.exam.contract import ExamQuestion, PageRef
from servicebook.exam.fairness import clashes, fact_key

SHUFFLED_OPTIONS = ("单选", "多选")


def draw_paper(draws: list[Draw], blueprint: BlueprintLike, rng: random.Random, recent: frozenset[str],
               pages: Mapping[str, PageRef]) -> tuple[tuple[ExamQuestion, ...], set[str]]:
    """One paper: each bucket's share drawn at random, skipping questions that would ask a fact already
    on the paper or print another question's answer (fairness.clashes); when a bucket has too few
    that fit, the rest come from it anyway (the blueprint's shares win). 判断 keys are then mixed.
    Returns the placed questions and the ids drawn although recently used."""
    placed, stale, n = [], set(), 1
    on_paper: list[Question] = [q for draw in draws for q in draw.red]  # red lines are on every paper
    facts = {fact_key(q) for q in on_paper}
    for draw in draws:
        section = blueprint.sections[draw.section]
        chosen = list(draw.red)
        taken: list[list[Question]] = []
        for bucket, k in draw.buckets:
            on = {q.id for q in on_paper}
            free = [q for q in bucket if q.id not in on]
            if section.type == "判断" and len(free) <= k:
                free += _same_part(bucket, draw, recent, on)
            picked = _pick(free, k, rng, on_paper, facts,
                           [q for q in draw.pool if q.id not in on])
            taken.append(picked)
            on_paper += picked
            facts |= {fact_key(q) for q in picked}
        if section.type == "判断":
            _mix_true_false(draw, taken, rng, on_paper, facts)
        for picked in taken:
            chosen += picked
            stale |= {q.id for q in picked if q.id in recent}
        rng.shuffle(chosen)
        for question in chosen:
            placed.append(place(n, question, float(section.points), _display_order(question, rng), pages))
            n += 1
    return tuple(placed), stale


def place(n: int, q: Question, points: float, order: tuple[int, ...], pages: Mapping[str, PageRef]) -> ExamQuestion:
    """Question `q` as number n of a paper, its options (单选/多选) or steps (排序) shown in `order`
    (display position -> index in the bank's order)."""
    ref = pages.get(q.page_id)
    shuffled = q.type in SHUFFLED_OPTIONS
    return ExamQuestion(
        n=n, id=q.id, type=q.type, points=points, source=q.source, page=ref.src if ref else "",
        category=(ref.category if ref else "") or q.category, difficulty=q.difficulty,
        options=tuple(q.options[i] for i in order) if shuffled else q.options, key=_key(q, order),
        items=tuple(q.items[i] for i in order) if q.type == "排序" else (),
        rubric=tuple((r.point, r.score) for r in q.rubric), stem=q.stem, question=q)


def _key(q: Question, order: tuple[int, ...]) -> Any:
    """The right answer as written on this paper (see the exam contract); None for 情景, and for a
    question without an answer (only bare test questions: the bank's checks require one)."""
    if not q.answer and q.type != "排序":
        return None
    if q.type == "单选":
        return LETTERS[order.index(LETTERS.index(q.answer[0]))]
    if q.type == "多选":
        return "".join(sorted(LETTERS[order.index(LETTERS.index(a))] for a in q.answer))
    if q.type == "判断":
        return q.answer[0]
    if q.type == "填空":
        return tuple(tuple(q.accepted(i)) for i in range(len(q.answer)))
    if q.type == "排序":
        return "".join(LETTERS[order.index(k)] for k in range(len(q.items)))
    return None


def _same_part(bucket: tuple[Question, ...], draw: Draw, recent: frozenset[str], on: set[str]) -> list[Question]:
    """When a 判断 bucket leaves no choice (every paper would print the same 判断), its neighbours of the
    other difficulties: same month part, same freshness. Papers then differ; only the difficulty mix bends."""
    first = bucket[0]
    part, stale = first.id in draw.current, first.id in recent
    ids = {q.id for q in bucket}
    return [q for q in draw.pool if q.id not in ids and q.id not in on
            and (q.id in draw.current) == part and (q.id in recent) == stale]


def _pick(free: list[Question], k: int, rng: random.Random, on_paper: list[Question], facts: set[str],
          spare: list[Question]):
    """k questions in random order: first those of the bucket (`free`) that clash with nothing on the paper,
    then such questions of the type's other buckets (`spare`), then questions that only print an answer,
    then any (a paper is never short)."""
    order = rng.sample(free, len(free))
    elsewhere = rng.sample(spare, len(spare))
    picked: list[Question] = []
    for candidates, strict in ((order, True), (elsewhere, True), (order, False), (elsewhere, False),
                               (order, None), (elsewhere, None)):
        for q in candidates:
            if len(picked) == k:
                return picked
            if q in picked:
                continue
            taken = facts | {fact_key(p) for p in picked}
            if strict is None or not (clashes(q, on_paper + picked, taken) if strict else fact_key(q) in taken):
                picked.append(q)
    return picked


def _mix_true_false(draw: Draw, taken: list[list[Question]], rng: random.Random, on_paper: list[Question],
                    facts: set[str]) -> None:
    """When the paper has 3 or more 判断 all keyed alike, swap one drawn 判断 for one of the other key
    from the same bucket (so the month and difficulty shares stay), else from another bucket of the section."""
    keys = [q.answer[0] for q in on_paper if q.type == "判断" and q.answer]
    if len(keys) < 3 or len(set(keys)) > 1:
        return
    on = {q.id for q in on_paper}
    for index in sorted(range(len(taken)), key=lambda i: 0 if taken[i] else 1):
        for source in [index] + [i for i in range(len(taken)) if i != index] + [len(taken)]:
            if not taken[index]:
                break
            bucket = draw.buckets[source][0] if source < len(draw.buckets) else draw.pool
            others = [q for q in bucket if q.id not in on and q.answer and q.answer[0] != keys[0]]
            for q in rng.sample(others, len(others)):
                out = taken[index][-1]
                rest = [p for p in on_paper if p is not out]
                if clashes(q, rest, {fact_key(p) for p in rest}):
                    continue
                taken[index][-1] = q
                on_paper[on_paper.index(out)] = q
                facts.discard(fact_key(out))
                facts.add(fact_key(q))
                return


def _display_order(question: Question, rng: random.Random) -> tuple[int, ...]:
    if question.type in SHUFFLED_OPTIONS:
        order = list(range(len(question.options)))
        rng.shuffle(order)
        return tuple(order)
    if question.type == "排序":
        order = list(range(len(question.items)))
        for _ in range(20):  # a paper must not print the steps already in their right order
            rng.shuffle(order)
            if order != sorted(order):
                break
        return tuple(order)
    return ()
