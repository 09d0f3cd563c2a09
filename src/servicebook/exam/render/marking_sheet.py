"""scenario-marking.xlsx: the 情景 marking sheet, one row per (paper, 情景 question).

Each paper may draw a different 情景 with its own rubric, so one set of answer-sheet columns
cannot fit them all: here each row shows its question, that rubric's points with their maximum,
and one mark cell per point (cells past the rubric are greyed out and refused when graded).
Excel/WPS check each mark against its row's maximum as it is typed; grading checks again.
Row 1 names the exam, as on the answer sheet.
"""

from __future__ import annotations

import unicodedata

from servicebook.exam.contract import Exam
from servicebook.exam.render.answer_sheet import MARKING_FILE
from servicebook.exam.render.xlsx import GREY, PLAIN, WRAP, Validation, column_letter, sheet_workbook

FILE_NAME = MARKING_FILE
SHEET_NAME = "情景评分"
ID_COLUMNS = ("工号", "姓名", "试卷编号", "题号", "题目")
RESPONSE_COLUMN = "作答"  # typed 情景 answers, for exams answered on screen


def has_scenarios(exam: Exam) -> bool:
    return any(q.type == "情景" for paper in exam.papers.values() for q in paper.questions)


def point_columns(width: int) -> list[str]:
    """For k = 1..width: 要点k (the point, to read), 满分k (its maximum) and 评分k (the mark, to type)."""
    return [name for k in range(1, width + 1) for name in (f"要点{k}", f"满分{k}", f"评分{k}")]


def render_marking_sheet(exam: Exam, responses: dict[tuple[str, int], str] | None = None,
                         marks: dict[tuple[str, int], str] | None = None) -> bytes:
    """The marking sheet; `responses` (paper code, question number) → typed answer adds a 作答 column
    for exams answered on screen; `marks` (same keys → "3；2", as the sheet is read) are kept in the
    评分 cells when the sheet is written again with newer answers."""
    rows = [(paper, q) for paper in exam.papers.values() for q in paper.questions if q.type == "情景"]
    width = max((len(q.rubric) for _, q in rows), default=0)
    fixed = list(ID_COLUMNS) + ([RESPONSE_COLUMN] if responses is not None else [])
    shown: dict[int, tuple[int, ...]] = {}  # rubric length -> the row's cell styles

    def styles(length: int) -> tuple[int, ...]:
        """Question and answer text wrapped, each point wrapped; a mark cell past the rubric greyed out
        (no such point on this question: nothing to mark)."""
        if length not in shown:
            shown[length] = (PLAIN,) * 4 + (WRAP,) * (len(fixed) - 4) + tuple(
                style for k in range(width) for style in (WRAP, PLAIN, PLAIN if k < length else GREY))
        return shown[length]

    def lines():
        for paper, q in rows:
            person = paper.person
            rubric = q.rubric
            points = []
            given = (marks or {}).get((paper.code, q.n), "").split("；")
            for k in range(width):
                mark = _number(given[k]) if k < len(given) else None
                points += [*rubric[k], mark] if k < len(rubric) else ["—", None, None]
            typed = [responses.get((paper.code, q.n), "")] if responses is not None else []
            yield ([person.get("工号") if person else None, person.get("姓名") if person else None, paper.code, q.n,
                    q.stem, *typed, *points], styles(len(rubric)))

    last = len(rows) + 2
    validations = []
    for k in range(width):
        # One rule per mark column, relative to its row's maximum (the cell two to the left).
        mark, maximum = column_letter(len(fixed) + 3 * k + 3), column_letter(len(fixed) + 3 * k + 2)
        validations.append(Validation(
            f"{mark}3:{mark}{max(last, 3)}", "decimal", "0", "评分无效",
            f"请填写 0 到该要点满分（{maximum} 列）之间的分数；没有这个要点时留空。", formula2=f"{maximum}3",
            operator="between"))
    widths = dict(zip(range(1, 7), (12, 10, 10, 6, 40, 40)))
    for k in range(width):
        for offset, size in enumerate((24, 6, 6), start=1):
            widths[len(fixed) + 3 * k + offset] = size
    return sheet_workbook(sheet=SHEET_NAME, exam_id=exam.exam_id, title=exam.title,
                          header=fixed + point_columns(width), rows=lines(), widths=widths,
                          freeze=f"{column_letter(len(fixed) + 1)}3", validations=validations)


def _number(text: str) -> float | int | None:
    """A mark as read back ("3", "2.5", "") → the number to write (blank stays blank)."""
    if not text.strip():
        return None
    value = float(unicodedata.normalize("NFKC", text).strip())
    return int(value) if value.is_integer() else value
