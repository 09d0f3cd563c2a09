"""Answers given on phones, as grading knows them: the rows a filled answer sheet would give.

The exam server keeps each person's final answer per question; `answer_sheet` turns them into the
`Sheet` that `servicebook grade` reads from answer-sheet.xlsx (same columns, one row per paper), so
the same scoring code grades them and the same logged, undoable import stores them. Typed 情景
answers go to the trainer on the marking sheet (its 作答 column); the marks typed there come back
through the marking reader, as for paper exams.

An answer is the text the answer sheet's cell would hold: 单选 "B", 多选 "AC", 判断 "对"/"错",
填空 the blanks joined by "；", 排序 "CADB", 情景 the typed text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from pathlib import Path

from servicebook.errors import Problem
from servicebook.exam.contract import Manifest, Sheet
from servicebook.grading import marking
from servicebook.grading.scoring import Attempt, column_name
from servicebook.grading.sheets import ID_COLUMNS
from servicebook.paths import atomic_write_bytes, display_path

SOURCE = "在线作答"  # what the import log and messages call the answers (there is no file)
FIRST_ROW = 3  # rows are numbered as on answer-sheet.xlsx: row 1 names the exam, row 2 is the header

# paper code → question number → answer text
Answers = Mapping[str, Mapping[int, str]]


@dataclass(frozen=True)
class OnlineSheet:
    """The answers as a sheet, which paper each row is, and the typed 情景 answers."""

    sheet: Sheet
    papers: dict[int, str]  # row number → paper code
    responses: dict[tuple[str, int], str]  # (paper code, 情景 question number) → typed text

    def answered(self, attempt: Attempt) -> bool:
        """Whether the person wrote anything at all, typed 情景 answers included."""
        return not attempt.blank or any(text.strip() for (code, _), text in self.responses.items()
                                        if code == attempt.paper)

    def where(self, problem: Problem) -> Problem:
        """A grading problem named by paper instead of a row of a sheet nobody has seen."""
        code = self.papers.get(problem.line)
        if code is None:
            return problem
        return Problem(SOURCE, 0, f"试卷 {code}：{problem.message}", problem.hint, warning=problem.warning)


def answer_sheet(manifest: Manifest, answers: Answers, people: Mapping[str, tuple[str, str]] | None = None,
                 only: str | None = None) -> OnlineSheet:
    """One row per paper, as answer-sheet.xlsx has them, filled with the final answers.

    Named papers always get a row (never started: an empty row, which grading records as 缺考);
    an anonymous variant paper gets one only when `people` says who took it (工号, 姓名).
    `only` keeps one paper's row (a person's result at hand-in)."""
    numbers = sorted({q.n for paper in manifest.papers.values() for q in paper.questions if q.type != "情景"})
    headers = list(ID_COLUMNS) + [column_name(n) for n in numbers]
    rows, papers, responses = [], {}, {}
    for code, paper in manifest.papers.items():
        if only is not None and code != only:
            continue
        given = {int(n): text for n, text in (answers.get(code) or {}).items()}
        for q in paper.questions:
            if q.type == "情景" and str(given.get(q.n) or "").strip():
                responses[(code, q.n)] = str(given[q.n])
        if paper.person:
            staff_no, name = paper.person.get("工号", ""), paper.person.get("姓名", "")
        elif people and code in people:
            staff_no, name = people[code]
        else:
            continue
        number = FIRST_ROW + len(rows)
        papers[number] = code
        rows.append((number, [staff_no, name, code] + [_cell(given.get(n)) for n in numbers]))
    return OnlineSheet(Sheet(SOURCE, headers, rows, manifest.exam_id, FIRST_ROW - 1), papers, responses)


def _cell(answer) -> str:
    return "" if answer is None else str(answer).strip()


def digest(answers: Answers, marking: bytes = b"") -> str:
    """A fingerprint of what was graded (the answers and the marking sheet), for the import log."""
    canonical = json.dumps({code: {str(n): str(text) for n, text in sorted(given.items())}
                            for code, given in sorted(answers.items())}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8") + marking).hexdigest()


# ---- The 情景 marking sheet (the file at the edge) ----

def has_scenarios(manifest: Manifest) -> bool:
    return any(q.type == "情景" for paper in manifest.papers.values() for q in paper.questions)


def read_marks(manifest: Manifest, path: Path) -> marking.Marks:
    """The marks already typed on the marking sheet at `path` (none yet: no file, or the blank one
    `exam new` wrote). Bad marks raise ProblemsFound naming row and column, as for paper exams."""
    if not path.is_file():  # read as a blank sheet reads: every rubric point unmarked
        return marking.Marks(display_path(path), {(code, q.n): "；".join("" for _ in q.rubric)
                                                  for code, paper in manifest.papers.items()
                                                  for q in paper.questions if q.type == "情景"})
    return marking.load_marks(manifest, path.parent, path, path)


def write_marking(path: Path, raw: dict, responses: dict[tuple[str, int], str], marks: marking.Marks) -> None:
    """Write the marking sheet again with every typed 情景 answer in its 作答 column, keeping the marks."""
    from servicebook.exam.render.marking_sheet import render_marking_sheet
    from servicebook.grading.keyfiles import exam_from_manifest

    exam = exam_from_manifest(raw, {})
    atomic_write_bytes(path, render_marking_sheet(exam, responses, marks.answers))
