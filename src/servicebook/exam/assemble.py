"""Assemble a month's exam papers from the bank, a blueprint and the training plan (pure: no file access).

Same questions + blueprint + seed + people gives the same papers: inputs are sorted first, every
paper draws from its own random.Random seeded from the exam seed and the paper code, and nothing
depends on dict or set iteration order. The steps: which questions may be drawn (here), how many
each section takes from each bucket (allocation.py), each paper's draw (drawing.py); the result is
the exam contract's Exam (contract.py), the model every renderer and grading read.
"""

from __future__ import annotations

import hashlib
import json
from typing import Mapping, Sequence

from servicebook.bank.questions import Question
from servicebook.errors import Problem, ProblemsFound
from servicebook.exam.acyclic import no_cycles
from servicebook.exam.allocation import BlueprintLike, pools_by_type, section_draws
from servicebook.exam.contract import Exam, PageRef, Paper
from servicebook.exam.drawing import Drawing, draw_paper
from servicebook.exam.fairness import same_fact_ids
from servicebook.exam.makeup import reserve
from servicebook.exam.randomness import PaperRandom
from servicebook.exam.roster import Person


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

def assemble(
    questions: Sequence[Question], blueprint: BlueprintLike, *, month: str, current_pages: Sequence[str],
    review_pages: Sequence[str], seed: int, people: Sequence[Person] = (), variants: int = 0,
    recent: frozenset[str] = frozenset(), forbidden: frozenset[str] = frozenset(), kind: str = "regular",
    exam_id: str | None = None, blueprint_file: str = "quizzes/blueprints", makeup: BlueprintLike | None = None,
    fingerprint: str | None = None, pages: Mapping[str, PageRef] | None = None,
) -> Exam:
    """Build one paper per person (or `variants` anonymous papers). Raises ProblemsFound when the
    bank cannot satisfy the blueprint, naming exactly what is missing.

    `makeup` is the make-up exam's blueprint: the questions it needs are kept off these papers.
    `fingerprint` is bank_fingerprint(questions) when the caller has it (it costs a pass over the bank).
    `pages` (page id -> PageRef) names each question's page file and category in the manifest."""
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
    pools = pools_by_type(eligible, blueprint, current)
    problems = _check(pools, eligible, blueprint, month, current_pages, len(forbidden), blueprint_file)
    if problems:
        raise ProblemsFound(problems)

    drawing = Drawing.of(section_draws(pools, blueprint, recent))
    holders: list[Person | None] = list(people) if people else [None] * variants
    papers, reused, words = {}, set(), 0
    with no_cycles():  # 2,000 papers make 120,000 placed questions, none in a reference cycle
        for index, person in enumerate(holders, start=1):
            code = f"P{index:04d}"
            rng = PaperRandom(_hash_int(f"{seed}/{code}"), reserve=words)  # random.Random's numbers, read ahead
            placed, stale = draw_paper(drawing, blueprint, rng, recent, pages or {})
            words = max(words, rng.used + rng.used // 16)  # the next paper reads about as many
            reused |= stale
            papers[code] = Paper(code, person.as_manifest() if person else None, placed)
    return Exam(
        exam_id=exam_id or f"{month}-{role}", kind=kind, month=month, role=role, title=blueprint.title,
        seed=seed, bank_fingerprint=fingerprint or bank_fingerprint(questions), duration_minutes=blueprint.duration_minutes,
        pass_mark=float(blueprint.pass_mark), total_points=float(sum(s.count * s.points for s in blueprint.sections)),
        scoring=dict(sorted(blueprint.scoring.items())), papers=papers, reused=tuple(sorted(reused)),
    )


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
