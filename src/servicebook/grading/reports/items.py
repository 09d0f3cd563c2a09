"""Item analysis for the exam report: one pass over the exam's responses, pooling across exams where
a question has too few answers, and reliability per form (never across different papers)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from servicebook.grading import itemstats
from servicebook.grading.gradebook import Gradebook
from servicebook.grading.scoring import LETTERS, letters_of
from servicebook.exam.contract import Manifest

EPS = 1e-9


@dataclass
class Analysis:
    """What one pass over an exam's responses gathers."""

    sums: dict[str, itemstats.ItemSums] = field(default_factory=lambda: defaultdict(itemstats.ItemSums))
    pooled: dict[str, tuple[itemstats.ItemSums, int]] = field(default_factory=dict)  # + other exams, their count
    topics: dict[str, list[float]] = field(default_factory=lambda: defaultdict(lambda: [0.0, 0.0]))  # page → got, max
    forms: dict[frozenset, itemstats.FormSums] = field(default_factory=lambda: defaultdict(itemstats.FormSums))
    form_papers: dict[frozenset, list[str]] = field(default_factory=lambda: defaultdict(list))

    def flags_basis(self, question_id: str) -> tuple[itemstats.ItemStats, str]:
        """The statistics flags are based on, and a sentence saying on how many answers."""
        own = self.sums[question_id]
        if own.n >= itemstats.MIN_RESPONSES:
            return itemstats.item_stats(question_id, own), f"本次 {own.n} 人"
        pooled, exams = self.pooled.get(question_id, (own, 0))
        stats = itemstats.item_stats(question_id, pooled)
        if not exams:
            return stats, f"本次 {own.n} 人，不足 {itemstats.MIN_RESPONSES} 人，不作提示"
        detail = f"本次与其他 {exams} 次考试共 {pooled.n} 人"
        if pooled.n < itemstats.MIN_RESPONSES:
            return stats, f"{detail}，不足 {itemstats.MIN_RESPONSES} 人，不作提示"
        discrimination = "—" if stats.discrimination is None else f"{stats.discrimination:.2f}"
        return stats, f"{detail}：得分率 {stats.difficulty * 100:.0f}%，区分度 {discrimination}"


def analyse(book: Gradebook, manifest: Manifest, items: dict[str, tuple]) -> Analysis:
    """`items`: question id → (type, points, source, page, category, stem) of this exam."""
    result = Analysis()
    by_paper: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0, 0.0])  # n, Σx, Σx² in points
    options = {}
    sums = result.sums
    for paper, total, qid, n, answer, points in book.answered(manifest.exam_id):
        qtype, maximum, _, page_, _, _ = items[qid]
        item = sums[qid]
        item.add(points, maximum, total)
        topic = result.topics[page_]
        topic[0] += points
        topic[1] += maximum
        acc = by_paper[(paper, qid)]
        acc[0] += 1
        acc[1] += points
        acc[2] += points * points
        if qtype in ("单选", "多选") and answer and points < maximum - EPS:
            shown = options.get((paper, n))
            if shown is None and paper in manifest.papers:
                shown = options[(paper, n)] = manifest.papers[paper].questions[n - 1]
            if shown is not None:
                for letter in set(letters_of(answer)) - set(shown.key or ""):
                    if letter in LETTERS[: len(shown.options)]:
                        text = shown.options[LETTERS.index(letter)]
                        item.wrong_choices[text] = item.wrong_choices.get(text, 0) + 1
    _forms(book, manifest, by_paper, result)
    _pool(book, manifest, result)
    return result


def _forms(book: Gradebook, manifest: Manifest, by_paper: dict, result: Analysis) -> None:
    """Papers with the same set of questions are one form; α is computed per form."""
    form_of = {code: frozenset(q.id for q in paper.questions) for code, paper in manifest.papers.items()}
    for code, form in form_of.items():
        result.form_papers[form].append(code)
    for (paper, qid), (n, sx, sxx) in by_paper.items():
        if paper in form_of:
            result.forms[form_of[paper]].add_item(qid, n, sx, sxx)
    for paper, total in book.paper_totals(manifest.exam_id):
        if paper in form_of:
            result.forms[form_of[paper]].totals.append(total)


def _pool(book: Gradebook, manifest: Manifest, result: Analysis) -> None:
    """Add the same question's answers in other exams for questions this exam alone has too few of;
    scores of exams with another full mark are scaled to this exam's."""
    exam_id = manifest.exam_id
    few = [qid for qid, sums in result.sums.items() if sums.n < itemstats.MIN_RESPONSES]
    if not few:
        return
    others = book.items_elsewhere(few, exam_id)
    if not others:
        return
    item_info = {item_id: (qid, points, manifest.total_points / full if full else 1.0)
                 for item_id, qid, _, points, full in others}
    exams_of: dict[str, set[str]] = defaultdict(set)
    for _, qid, other_exam, _, _ in others:
        exams_of[qid].add(other_exam)
    extra: dict[str, itemstats.ItemSums] = defaultdict(itemstats.ItemSums)
    exam_ids = sorted({row[2] for row in others})
    item_ids = sorted(item_info)
    for item_id, total, points in book.item_answers(exam_ids, item_ids):
        qid, maximum, scale = item_info[item_id]
        extra[qid].add(points * scale, maximum * scale, total * scale)
    for qid, sums in extra.items():
        result.pooled[qid] = (result.sums[qid].merge(sums), len(exams_of[qid]))


def reliability_rows(result: Analysis) -> list[list]:
    """One row per form MIN_RESPONSES people took: its papers, people, questions and α."""
    rows = []
    for form, sums in result.forms.items():
        alpha = sums.alpha()
        if alpha is None:
            continue
        codes = sorted(result.form_papers[form])
        label = "、".join(codes) if len(codes) <= 3 else f"{codes[0]} 等 {len(codes)} 份（题目相同）"
        rows.append([label, len(sums.totals), len(form), round(alpha, 4)])
    return sorted(rows, key=lambda r: r[0])


def largest_form(result: Analysis) -> int:
    return max((len(sums.totals) for sums in result.forms.values()), default=0)
