"""One paper drawn from the section shares (pure): which questions, in which order, each option
and step shown in which order, and the key as this paper prints it.

Every paper draws with its own random numbers (randomness.PaperRandom: random.Random's, seeded from
the exam seed and the paper code), so a paper does not depend on how many papers come before it.
What every paper draws from is worked out once per exam (Drawing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Sequence

from servicebook.bank.questions import LETTERS, Question
from servicebook.exam.allocation import BlueprintLike, Draw
from servicebook.exam.contract import ExamQuestion, PageRef
from servicebook.exam.fairness import Fairness, PaperFairness, fact_key
from servicebook.exam.randomness import PaperRandom

SHUFFLED_OPTIONS = ("单选", "多选")
_ORDERED = ("单选", "多选", "排序")  # their key depends on the paper's order


@dataclass(frozen=True)
class Drawing:
    """What every paper of one exam draws from, worked out once: the section draws, where each
    question sits in its bucket and in its type's pool, and the fairness checks' words."""

    draws: tuple[Draw, ...]
    places: Mapping[int, Mapping[str, int]]  # id() of a bucket or pool tuple -> question id -> index
    fairness: Fairness
    keyed: dict = field(default_factory=dict)  # (id() of a group, 判断 key) -> its questions keyed otherwise
    fixed: dict = field(default_factory=dict)  # question id -> what place() prints the same on every paper
    shown: dict = field(default_factory=dict)  # (question id, display order) -> its options or steps and key

    @classmethod
    def of(cls, draws: Sequence[Draw]) -> "Drawing":
        groups = [bucket for draw in draws for bucket, _ in draw.buckets] + [draw.pool for draw in draws]
        places = {id(group): {q.id: i for i, q in enumerate(group)} for group in groups}
        questions = [q for draw in draws for q in draw.red + draw.pool]
        return cls(tuple(draws), places, Fairness(questions))

    def without(self, group: tuple[Question, ...], on: set[str]) -> Sequence[Question]:
        """`group` less the questions whose ids are in `on`, in order (not copied)."""
        places = self.places[id(group)]
        common = places.keys() & on
        return _Without(group, sorted(map(places.__getitem__, common))) if common else group

    def keyed_otherwise(self, group: tuple[Question, ...], key: str) -> list[Question]:
        """The questions of `group` that have an answer other than `key`, in order."""
        found = self.keyed.get((id(group), key))
        if found is None:
            found = self.keyed[(id(group), key)] = [q for q in group if q.answer and q.answer[0] != key]
        return found

    def place(self, n: int, q: Question, points: float, order: tuple[int, ...],
              pages: Mapping[str, PageRef]) -> ExamQuestion:
        """Question `q` as number n of a paper, its options (单选/多选) or steps (排序) shown in `order`
        (display position -> index in the bank's order). What every paper prints alike is worked out once."""
        fixed = self.fixed.get(q.id)
        if fixed is None:
            ref = pages.get(q.page_id)
            fixed = self.fixed[q.id] = {
                "id": q.id, "type": q.type, "source": q.source, "page": ref.src if ref else "",
                "category": (ref.category if ref else "") or q.category, "difficulty": q.difficulty,
                "options": q.options, "key": None if q.type in _ORDERED else _key(q, ()), "items": (),
                "rubric": tuple((r.point, r.score) for r in q.rubric), "stem": q.stem, "question": q}
        if q.type in _ORDERED:  # a question shows one of few orders (24 for four options) on many papers
            varies = self.shown.get((q.id, order))
            if varies is None:
                if q.type == "排序":
                    varies = {"items": tuple([q.items[i] for i in order]), "key": _key(q, order)}
                else:
                    varies = {"options": tuple([q.options[i] for i in order]), "key": _key(q, order)}
                self.shown[(q.id, order)] = varies
            return ExamQuestion.of({**fixed, "n": n, "points": points, **varies})
        return ExamQuestion.of({**fixed, "n": n, "points": points})


def draw_paper(drawing: Drawing, blueprint: BlueprintLike, rng: PaperRandom, recent: frozenset[str],
               pages: Mapping[str, PageRef]) -> tuple[tuple[ExamQuestion, ...], set[str]]:
    """One paper: each bucket's share drawn at random, skipping questions that would ask a fact already
    on the paper or print another question's answer (fairness.clashes); when a bucket has too few
    that fit, the rest come from it anyway (the blueprint's shares win). 判断 keys are then mixed.
    Returns the placed questions and the ids drawn although recently used."""
    placed, stale, n = [], set(), 1
    on_paper: list[Question] = [q for draw in drawing.draws for q in draw.red]  # red lines are on every paper
    paper = drawing.fairness.paper(on_paper)
    on = {q.id for q in on_paper}  # the ids of on_paper
    for draw in drawing.draws:
        section = blueprint.sections[draw.section]
        chosen = list(draw.red)
        taken: list[list[Question]] = []
        for bucket, k in draw.buckets:
            free = drawing.without(bucket, on)
            if section.type == "判断" and len(free) <= k:
                free = list(free) + _same_part(bucket, draw, recent, on)
            picked = _pick(free, k, rng, paper, drawing.without(draw.pool, on))
            taken.append(picked)
            on_paper += picked
            on.update([q.id for q in picked])
        if section.type == "判断":
            paper = _mix_true_false(draw, taken, rng, on_paper, paper, drawing)
            on = {q.id for q in on_paper}  # a 判断 may have been swapped
        for picked in taken:
            chosen += picked
            stale |= {q.id for q in picked if q.id in recent}
        rng.shuffle(chosen)
        for question in chosen:
            placed.append(drawing.place(n, question, float(section.points), _display_order(question, rng), pages))
            n += 1
    return tuple(placed), stale


class _Without(Sequence):
    """A tuple less some places (sorted), read without copying."""

    def __init__(self, items: tuple[Question, ...], gone: list[int]) -> None:
        self._items, self._gone = items, gone

    def __len__(self) -> int:
        return len(self._items) - len(self._gone)

    def __getitem__(self, index: int) -> Question:
        if not 0 <= index < len(self):
            raise IndexError(index)
        for place in self._gone:
            if place > index:
                break
            index += 1
        return self._items[index]

    def __iter__(self) -> Iterator[Question]:
        gone = set(self._gone)
        return (q for i, q in enumerate(self._items) if i not in gone)


def _key(q: Question, order: tuple[int, ...]) -> Any:
    """The right answer as written on this paper (see the exam contract); None for 情景, and for a
    question without an answer (only bare test questions: the bank's checks require one)."""
    if not q.answer and q.type != "排序":
        return None
    if q.type == "单选":
        return LETTERS[order.index(LETTERS.index(q.answer[0]))]
    if q.type == "多选":
        return "".join(sorted([LETTERS[order.index(LETTERS.index(a))] for a in q.answer]))
    if q.type == "判断":
        return q.answer[0]
    if q.type == "填空":
        return tuple(tuple(q.accepted(i)) for i in range(len(q.answer)))
    if q.type == "排序":
        return "".join([LETTERS[order.index(k)] for k in range(len(q.items))])
    return None


def _same_part(bucket: tuple[Question, ...], draw: Draw, recent: frozenset[str], on: set[str]) -> list[Question]:
    """When a 判断 bucket leaves no choice (every paper would print the same 判断), its neighbours of the
    other difficulties: same month part, same freshness. Papers then differ; only the difficulty mix bends."""
    first = bucket[0]
    part, stale = first.id in draw.current, first.id in recent
    ids = {q.id for q in bucket}
    return [q for q in draw.pool if q.id not in ids and q.id not in on
            and (q.id in draw.current) == part and (q.id in recent) == stale]


def _pick(free: Sequence[Question], k: int, rng: PaperRandom, paper: PaperFairness, spare: Sequence[Question]):
    """k questions in random order: first those of the bucket (`free`) that clash with nothing on the paper,
    then such questions of the type's other buckets (`spare`), then questions that only print an answer,
    then any (a paper is never short). Each one picked joins `paper`."""
    order = rng.shuffled(free)
    elsewhere = rng.shuffled(spare)
    if k <= 0:
        return []
    picked: list[Question] = []
    ids: set[str] = set()
    for candidates, strict in ((order, True), (elsewhere, True), (order, False), (elsewhere, False),
                               (order, None), (elsewhere, None)):
        for q in candidates:
            if q.id in ids:
                continue
            if strict is None or not (paper.clashes(q) if strict else paper.repeats_fact(q)):
                picked.append(q)
                ids.add(q.id)
                paper.add(q)
                if len(picked) == k:
                    return picked
    return picked


def _mix_true_false(draw: Draw, taken: list[list[Question]], rng: PaperRandom, on_paper: list[Question],
                    paper: PaperFairness, drawing: Drawing) -> PaperFairness:
    """When the paper has 3 or more 判断 all keyed alike, swap one drawn 判断 for one of the other key
    from the same bucket (so the month and difficulty shares stay), else from another bucket of the section.
    Returns the paper's fairness record after the swap (its facts: one fact less, one more)."""
    keys = [q.answer[0] for q in on_paper if q.type == "判断" and q.answer]
    if len(keys) < 3 or len(set(keys)) > 1:
        return paper
    on = {q.id for q in on_paper}
    for index in sorted(range(len(taken)), key=lambda i: 0 if taken[i] else 1):
        rest = None
        for source in [index] + [i for i in range(len(taken)) if i != index] + [len(taken)]:
            if not taken[index]:
                break
            bucket = draw.buckets[source][0] if source < len(draw.buckets) else draw.pool
            others = [q for q in drawing.keyed_otherwise(bucket, keys[0]) if q.id not in on]
            for q in rng.shuffled(others):
                out = taken[index][-1]
                if rest is None:
                    rest = drawing.fairness.paper(p for p in on_paper if p is not out)
                if rest.clashes(q):
                    continue
                taken[index][-1] = q
                on_paper[on_paper.index(out)] = q
                swapped = drawing.fairness.paper(on_paper)
                swapped.facts = paper.facts - {fact_key(out)} | {fact_key(q)}
                return swapped
    return paper


def _display_order(question: Question, rng: PaperRandom) -> tuple[int, ...]:
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
