"""Grade one answer-sheet file into the gradebook: everything `servicebook grade` does, as one library call.

The CLI (and the exam server) only parse options, call grade_file and show its result.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from servicebook.exam import contract
from servicebook.errors import Problem, ProblemsFound
from servicebook.grading import keyfix, marking, scoring, sheets
from servicebook.grading.gradebook import Gradebook
from servicebook.grading.importing import ImportOutcome, import_attempts
from servicebook.grading.scoring import Attempt, Grading
from servicebook.exam.contract import Manifest, Sheet
from servicebook.paths import display_path

# A sheet this empty is the untouched template (an easy wrong pick from the exam folder), not answers.
BLANK_SHARE = 0.9


class RowsRejected(ProblemsFound):
    """Some rows have problems and the sheet was not imported (or only its good rows, if asked)."""


@dataclass
class GradeResult:
    manifest: Manifest
    sheet: Sheet
    grading: Grading
    outcome: ImportOutcome
    absent: list[Attempt]  # recorded as 缺考: all answers empty

    @property
    def sat(self) -> list[Attempt]:
        """The people who took the exam: averages and pass rates are over these only."""
        absent = {id(a) for a in self.absent}
        return [a for a in self.grading.attempts if id(a) not in absent]

    @property
    def mean(self) -> float:
        sat = self.sat
        return sum(a.total for a in sat) / len(sat) if sat else 0.0

    @property
    def pass_rate(self) -> float:
        sat = self.sat
        return sum(1 for a in sat if a.total >= self.manifest.pass_mark - 1e-9) / len(sat) if sat else 0.0


def blank_share(sheet: Sheet) -> float:
    """The share of answer cells (every column but 工号/姓名/试卷编号) left empty."""
    columns = [i for i, name in enumerate(sheet.headers) if name not in sheets.ID_COLUMNS]
    total = len(columns) * len(sheet.rows)
    if not total:
        return 0.0
    if columns == list(range(columns[0], len(sheet.headers))):  # the usual layout: answers after the ids
        first = columns[0]
        empty = sum(cells[first:].count("") for _, cells in sheet.rows)  # counted in C: 3,000,000 cells in 0.1 s
    else:
        empty = sum(1 for _, cells in sheet.rows for i in columns if not cells[i])
    return empty / total


def grade_file(book: Gradebook, exam_dir: Path, sheet_path: Path, *, skip_bad_rows: bool = False,
               allow_blank: bool = False, blank_is_zero: bool = False, marking_path: Path | None = None,
               track: Callable[[Sheet], Sheet] = lambda sheet: sheet) -> GradeResult:
    """Score a filled sheet against the exam's manifest and set those people's results in the gradebook.

    Raises ProblemsFound (nothing imported) for a bad manifest or sheet, a blank template, or bad rows
    (unless `skip_bad_rows`: then the good rows are imported and `grading.rejected` lists the rest).
    A person whose row has no answer at all is recorded as 缺考, or scored 0 with `blank_is_zero`.
    情景 marks come from the marking sheet (`marking_path`, default scenario-marking.xlsx beside the
    sheet or in the exam folder) unless the sheet still carries them in 要点 columns.
    """
    manifest, _ = contract.read_manifest(exam_dir)
    keyfix.check_manifest(book, manifest, exam_dir)
    sheet = sheets.read_sheet(sheet_path)
    belongs = contract.exam_check(manifest, sheet)  # another exam's sheet is the first thing to say
    if belongs is not None and not belongs.warning:
        raise RowsRejected([belongs])
    share = blank_share(sheet)
    if share >= BLANK_SHARE and not allow_blank:
        raise ProblemsFound([Problem(
            sheet.file, 0, f"答题卡中 {share:.0%} 的答案格是空的，看起来是没有填写的空白答题卡（考试目录里的模板）。",
            "导入收回后填好答案的答题卡；如果确实多数人缺考，加 --allow-blank 导入（整行未作答的人记为缺考）。")])
    marks = marking.marks_for(manifest, sheet, exam_dir, sheet_path, marking_path)
    digest = hashlib.sha256(sheet_path.read_bytes() + (marks.path.read_bytes() if marks else b"")).hexdigest()
    return grade_and_import(book, manifest, exam_dir, sheet, marks, digest, skip_bad_rows=skip_bad_rows,
                            blank_is_zero=blank_is_zero, track=track)


def grade_and_import(book: Gradebook, manifest: Manifest, exam_dir: Path, sheet: Sheet, marks: marking.Marks | None,
                     digest: str, *, skip_bad_rows: bool = False, blank_is_zero: bool = False,
                     track: Callable[[Sheet], Sheet] = lambda sheet: sheet,
                     absent: Callable[[Attempt], bool] = lambda attempt: attempt.blank) -> GradeResult:
    """Score `sheet` (the 情景 answers from `marks`) and import it: the one path of paper and online answers.

    `absent` says which graded rows are 缺考 (default: nothing written at all)."""
    grading = scoring.grade_sheet(manifest, track(sheet), book.staff() or None, marks.answers if marks else None)
    if grading.problems and (not skip_bad_rows or not grading.attempts or any(p.line <= sheet.header_row for p in grading.problems)):
        raise RowsRejected(grading.problems)
    missing = [] if blank_is_zero else [a for a in grading.attempts if absent(a)]
    if marks:  # an absent person's 情景 is not waiting for a mark
        gone = {id(a) for a in missing}
        sat = [a for a in grading.attempts if id(a) not in gone]
        grading.warnings += marks.warnings + marking.unmarked(manifest, sat, marks.file)
    outcome = import_attempts(book, manifest, display_path(exam_dir), sheet.file, digest, len(sheet.rows),
                              grading.attempts, {a.staff_no for a in missing})
    return GradeResult(manifest, sheet, grading, outcome, missing)
