"""Item statistics of each question pooled over every graded exam (for the bank review workbook).

Reads the gradebook through its named reads. Old generated ids are read as their current ids
(bank/idmap.py), so statistics gathered before issue 12 stay with their question. The most
chosen wrong option is named by its text, read from the exam's manifest (letters differ per paper).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from servicebook.errors import ProblemsFound
from servicebook.grading import itemstats
from servicebook.grading.gradebook import Gradebook
from servicebook.grading.scoring import LETTERS, letters_of
from servicebook.exam.contract import read_manifest

EPS = 1e-9


def pooled_stats(book: Gradebook, renamed: Mapping[str, str] | None = None) -> dict[str, dict]:
    """question id → {n, facility, discrimination, wrong: "option text（n）"}."""
    renamed = renamed or {}
    sums: dict[str, itemstats.ItemSums] = defaultdict(itemstats.ItemSums)
    papers = _papers(book)
    for exam_id, paper, total, qid, qtype, maximum, n, answer, points in book.all_answered():
        item = sums[renamed.get(qid, qid)]
        item.add(points, maximum, total)
        if qtype not in ("单选", "多选") or not answer or points >= maximum - EPS:
            continue
        shown = papers.get(exam_id, {}).get(paper)
        question = shown[n - 1] if shown and 0 < n <= len(shown) else None
        if question is None:
            continue
        for letter in set(letters_of(answer)) - set(question.key or ""):
            if letter in LETTERS[: len(question.options)]:
                text = question.options[LETTERS.index(letter)]
                item.wrong_choices[text] = item.wrong_choices.get(text, 0) + 1
    result = {}
    for qid, item in sums.items():
        stats = itemstats.item_stats(qid, item)
        wrong = max(item.wrong_choices.items(), key=lambda kv: (kv[1], kv[0]), default=None)
        result[qid] = {"n": item.n, "facility": round(stats.difficulty, 3),
                       "discrimination": None if stats.discrimination is None else round(stats.discrimination, 3),
                       "wrong": f"{wrong[0]}（{wrong[1]}）" if wrong else ""}
    return result


def _papers(book: Gradebook) -> dict[str, dict]:
    """exam id → paper code → questions as printed, for exams whose folder is still there."""
    found = {}
    for exam_id, exam_dir in book.exam_dirs():
        if not exam_dir:
            continue
        try:
            manifest, _ = read_manifest(Path(exam_dir))
        except ProblemsFound:
            continue
        found[exam_id] = {code: paper.questions for code, paper in manifest.papers.items()}
    return found
