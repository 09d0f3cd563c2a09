"""Assemble a month's exam papers from the bank, a blueprint and the training plan (pure: no file access).

Same questions + blueprint + seed + people gives the same papers: inputs are sorted first, every
paper draws from its own random.Random seeded from the exam seed and the paper code, and nothing
depends on dict or set iteration order.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field
from typing import Any, Protocol, Sequence

from servicebook.bank.questions import LETTERS, Question
from servicebook.errors import Problem, ProblemsFound
from servicebook.exam.blueprint import split
from servicebook.exam.fairness import clashes, fact_key, same_fact_ids
from servicebook.exam.makeup import reserve
from servicebook.exam.roster import Person

SHUFFLED_OPTIONS = ("单选", "多选")


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


# ---- The assembled exam ----

@dataclass(frozen=True)
class Slot:
    """One question as placed on one paper: its number, points and display order."""

    n: int
    question: Question
    points: float
    order: tuple[int, ...] = ()  # display position -> original index (options of 单选/多选, items of 排序)

    @property
    def options(self) -> tuple[str, ...]:
        q = self.question
        if q.type in SHUFFLED_OPTIONS:
            return tuple(q.options[i] for i in self.order)
        return q.options

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(self.question.items[i] for i in self.order) if self.question.type == "排序" else ()

    @property
    def key(self) -> Any:
        """The right answer as written on this paper (see the exam manifest contract)."""
        q = self.question
        if q.type == "单选":
            return LETTERS[self.order.index(LETTERS.index(q.answer[0]))]
        if q.type == "多选":
            return "".join(sorted(LETTERS[self.order.index(LETTERS.index(a))] for a in q.answer))
        if q.type == "判断":
            return q.answer[0]
        if q.type == "填空":
            return [q.accepted(i) for i in range(len(q.answer))]
        if q.type == "排序":
            return "".join(LETTERS[self.order.index(k)] for k in range(len(q.items)))
        return None


@dataclass(frozen=True)
class Paper:
    code: str  # P0001 …
    person: Person | None  # None for a variant paper
    slots: tuple[Slot, ...]

    @property
    def label(self) -> str:
        """The name part of the paper's file name."""
        return self.person.name if self.person else f"变体{int(self.code[1:])}"


@dataclass(frozen=True)
class Exam:
    exam_id: str
    kind: str  # regular | retake
    month: str
    role: str
    title: str
    seed: int
    bank_fingerprint: str
    duration_minutes: int
    pass_mark: float
    total_points: float
    scoring: dict[str, str]
    papers: tuple[Paper, ...]
    reused: tuple[str, ...] = ()  # ids drawn although used in the last months (pool too small)
    section_types: tuple[str, ...] = field(default=())

    def distinct_questions(self) -> list[Question]:
        """Every question used on any paper, by id."""
        found = {slot.question.id: slot.question for paper in self.papers for slot in paper.slots}
        return [found[qid] for qid in sorted(found)]


# ---- Seeds and fingerprints ----

def default_seed(month: str, role: str) -> int:
    return _hash_int(f"servicebook-exam/{month}/{role}")


def _hash_int(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:6], "big")


def bank_fingerprint(questions: Sequence[Question]) -> str:
    """Changes when any question's content changes; independent of file order."""
    rows = sorted(
        [q.id, q.type, q.stem, list(q.options), list(q.answer), list(q.items),
         [[r.point, r.score] for r in q.rubric], q.points, q.difficulty, q.source, list(q.roles), q.use]
        for q in questions
    )
    data = json.dumps(rows, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


# ---- Assembly ----

@dataclass(frozen=True)
class _Pools:
    """Eligible questions of one type, split by month (current/review) and kept sorted by id."""

    red: tuple[Question, ...]
    current: tuple[Question, ...]
    review: tuple[Question, ...]


def assemble(
    questions: Sequence[Question], blueprint: BlueprintLike, *, month: str, current_pages: Sequence[str],
    review_pages: Sequence[str], seed: int, people: Sequence[Person] = (), variants: int = 0,
    recent: frozenset[str] = frozenset(), forbidden: frozenset[str] = frozenset(), kind: str = "regular",
    exam_id: str | None = None, blueprint_file: str = "quizzes/blueprints", makeup: BlueprintLike | None = None,
    fingerprint: str | None = None,
) -> Exam:
    """Build one paper per person (or `variants` anonymous papers). Raises ProblemsFound when the
    bank cannot satisfy the blueprint, naming exactly what is missing.

    `makeup` is the make-up exam's blueprint: the questions it needs are kept off these papers.
    `fingerprint` is bank_fingerprint(questions) when the caller has it (it costs a pass over the bank)."""
    role = blueprint.role
    if forbidden:  # a make-up avoids every fact of the first sitting, not only its questions
        forbidden = same_fact_ids(forbidden, questions)
    current, review = set(current_pages), set(review_pages) - set(current_pages)
    eligible = sorted((q for q in questions if q.for_exam and q.serves(role) and q.id not in forbidden
                       and q.page_id in current | review), key=lambda q: q.id)
    if makeup is not None:
        red = frozenset(q.id for q in eligible if q.red_line and q.page_id in current) \
            if blueprint.include_red_lines else frozenset()
        kept = reserve(eligible, blueprint.sections, makeup.sections, current_pages=current,
                       review_share=makeup.review_share, difficulty_mix=makeup.difficulty_mix,
                       red_line_ids=red, seed=seed)
        kept = same_fact_ids(kept, eligible)  # the make-up will avoid the first sitting's facts
        eligible = [q for q in eligible if q.id not in kept]
    pools = _pools(eligible, blueprint, current)
    problems = _check(pools, eligible, blueprint, month, current_pages, len(forbidden), blueprint_file)
    if problems:
        raise ProblemsFound(problems)

    plan = _allocate(pools, blueprint, recent)
    holders: list[Person | None] = list(people) if people else [None] * variants
    papers, reused = [], set()
    for index, person in enumerate(holders, start=1):
        code = f"P{index:04d}"
        rng = random.Random(_hash_int(f"{seed}/{code}"))
        slots, stale = _paper_slots(plan, blueprint, rng, recent)
        reused |= stale
        papers.append(Paper(code, person, slots))
    return Exam(
        exam_id=exam_id or f"{month}-{role}", kind=kind, month=month, role=role, title=blueprint.title,
        seed=seed, bank_fingerprint=fingerprint or bank_fingerprint(questions), duration_minutes=blueprint.duration_minutes,
        pass_mark=float(blueprint.pass_mark), total_points=float(sum(s.count * s.points for s in blueprint.sections)),
        scoring=dict(sorted(blueprint.scoring.items())), papers=tuple(papers), reused=tuple(sorted(reused)),
        section_types=tuple(s.type for s in blueprint.sections),
    )


def _pools(eligible: list[Question], blueprint: BlueprintLike, current: set[str]) -> dict[str, _Pools]:
    pools = {}
    for qtype in sorted({s.type for s in blueprint.sections}):
        of_type = [q for q in eligible if q.type == qtype]
        red = tuple(q for q in of_type if q.red_line and q.page_id in current) if blueprint.include_red_lines else ()
        red_ids = {q.id for q in red}
        pools[qtype] = _Pools(
            red=red,
            current=tuple(q for q in of_type if q.page_id in current and q.id not in red_ids),
            review=tuple(q for q in of_type if q.page_id not in current),
        )
    return pools


def _check(pools, eligible, blueprint, month, current_pages, excluded, blueprint_file) -> list[Problem]:
    role, problems = blueprint.role, []
    need: dict[str, int] = {}
    for section in blueprint.sections:
        need[section.type] = need.get(section.type, 0) + section.count
    for qtype, count in need.items():
        pool = pools[qtype]
        have = len(pool.red) + len(pool.current) + len(pool.review)
        if have < count:
            note = f"（已排除第一次考试用过的题及同一句话出的题，共 {excluded} 道）" if excluded else ""
            problems.append(Problem(
                blueprint_file, 0,
                f"{qtype}题需要 {count} 道，题库中可用于 {month} {role}{'补考' if excluded else '考试'}的只有 {have} 道"
                f"（本月页面 {len(pool.red) + len(pool.current)} 道，往月复习页面 {len(pool.review)} 道），"
                f"还缺 {count - have} 道{note}。",
                f"为本月页面（{'、'.join(current_pages) or '无'}）补充 use 为 exam 或 both 的{qtype}题，"
                f"或{_fewer(qtype, have, bool(excluded))}。"))
        elif len(pool.red) > count:
            problems.append(Problem(
                blueprint_file, 0,
                f"本月页面有 {len(pool.red)} 道{qtype}红线题（必考），超过蓝图中{qtype}题的 {count} 道。",
                f"把蓝图中{qtype}题的 count 增加到至少 {len(pool.red)}，或减少题库中的红线题。"))
    if blueprint.include_red_lines:
        current = set(current_pages)
        stray = [q for q in eligible if q.red_line and q.page_id in current and q.type not in need]
        for qtype in sorted({q.type for q in stray}):
            ids = "、".join(q.id for q in stray if q.type == qtype)
            problems.append(Problem(
                blueprint_file, 0, f"本月页面的红线题 {ids} 是{qtype}题，但蓝图中没有{qtype}题。",
                f"在蓝图 sections 中加入{qtype}题，或把 include_red_lines 设为 false。"))
    return problems


def _fewer(qtype: str, have: int, makeup: bool) -> str:
    """The blueprint edit that asks for no more than the bank has."""
    where = "蓝图的 retake（补考卷，没有就新加一节）" if makeup else "蓝图"
    if have == 0:
        return f"从{where} sections 中去掉{qtype}题"
    return f"把{where}中{qtype}题的 count 减少到 {have}"


@dataclass(frozen=True)
class _Draw:
    """How many questions one section takes from each bucket; the same for every paper."""

    section: int
    red: tuple[Question, ...]
    buckets: tuple[tuple[tuple[Question, ...], int], ...]  # (bucket, how many)
    pool: tuple[Question, ...] = ()  # every non-red question of the type: where a paper turns when a bucket cannot be fair
    current: frozenset[str] = frozenset()  # ids of `pool` from this month's pages


def _allocate(pools: dict[str, _Pools], blueprint: BlueprintLike, recent: frozenset[str]) -> list[_Draw]:
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
        draws.append(_Draw(index, tuple(red), tuple(buckets), pools[section.type].current + pools[section.type].review,
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


def _paper_slots(draws: list[_Draw], blueprint: BlueprintLike, rng: random.Random, recent: frozenset[str]):
    """One paper: each bucket's share drawn at random, skipping questions that would ask a fact already
    on the paper or print another question's answer (fairness.clashes); when a bucket has too few
    that fit, the rest come from it anyway (the blueprint's shares win). 判断 keys are then mixed."""
    slots, stale, n = [], set(), 1
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
            slots.append(Slot(n, question, float(section.points), _display_order(question, rng)))
            n += 1
    return tuple(slots), stale


def _same_part(bucket: tuple[Question, ...], draw: _Draw, recent: frozenset[str], on: set[str]) -> list[Question]:
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


def _mix_true_false(draw: _Draw, taken: list[list[Question]], rng: random.Random, on_paper: list[Question],
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
