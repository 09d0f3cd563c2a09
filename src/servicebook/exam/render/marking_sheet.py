"""scenario-marking.xlsx: the 情景 marking sheet, one row per (paper, 情景 question).

Each paper may draw a different 情景 with its own rubric, so one set of answer-sheet columns
cannot fit them all: here each row shows its question, that rubric's points with their maximum,
and one mark cell per point (cells past the rubric are greyed out and refused when graded).
Excel/WPS check each mark against its row's maximum as it is typed; grading checks again.
Row 1 names the exam, as on the answer sheet.
"""

from __future__ import annotations

import io
import unicodedata

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from servicebook.exam.contract import Exam
from servicebook.exam.render.answer_sheet import MARKING_FILE, mark_exam, reproducible_xlsx

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
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    mark_exam(book, sheet, exam)
    rows = [(paper, q) for paper in exam.papers.values() for q in paper.questions if q.type == "情景"]
    width = max((len(q.rubric) for _, q in rows), default=0)
    fixed = list(ID_COLUMNS) + ([RESPONSE_COLUMN] if responses is not None else [])
    sheet.append(fixed + point_columns(width))
    grey = PatternFill("solid", fgColor="EEEEEE")
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, (paper, q) in enumerate(rows, start=3):
        person = paper.person
        rubric = q.rubric
        points = []
        given = (marks or {}).get((paper.code, q.n), "").split("；")
        for k in range(width):
            mark = _number(given[k]) if k < len(given) else None
            points += [*rubric[k], mark] if k < len(rubric) else ["—", None, None]
        typed = [responses.get((paper.code, q.n), "")] if responses is not None else []
        sheet.append([person.get("工号") if person else None, person.get("姓名") if person else None, paper.code, q.n,
                      q.stem, *typed, *points])
        for k in range(len(rubric), width):  # no such point on this question: nothing to mark
            sheet.cell(row=number, column=len(fixed) + 3 * k + 3).fill = grey
        for column in list(range(5, len(fixed) + 1)) + [len(fixed) + 3 * k + 1 for k in range(width)]:
            sheet.cell(row=number, column=column).alignment = wrap
    last = len(rows) + 2
    for k in range(width):
        # One rule per mark column, relative to its row's maximum (the cell two to the left).
        mark, maximum = get_column_letter(len(fixed) + 3 * k + 3), get_column_letter(len(fixed) + 3 * k + 2)
        rule = DataValidation(type="decimal", operator="between", formula1="0", formula2=f"{maximum}3",
                              allow_blank=True, showErrorMessage=True, errorTitle="评分无效",
                              error=f"请填写 0 到该要点满分（{maximum} 列）之间的分数；没有这个要点时留空。")
        rule.add(f"{mark}3:{mark}{max(last, 3)}")
        sheet.add_data_validation(rule)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    for cell in sheet[2]:
        cell.font, cell.fill, cell.alignment = bold, fill, Alignment(horizontal="center")
    for column, size in zip("ABCDEF", (12, 10, 10, 6, 40, 40)):
        sheet.column_dimensions[column].width = size
    for k in range(width):
        for offset, size in enumerate((24, 6, 6), start=1):
            sheet.column_dimensions[get_column_letter(len(fixed) + 3 * k + offset)].width = size
    sheet.freeze_panes = f"{get_column_letter(len(fixed) + 1)}3"
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible_xlsx(buffer.getvalue())


def _number(text: str) -> float | int | None:
    """A mark as read back ("3", "2.5", "") → the number to write (blank stays blank)."""
    if not text.strip():
        return None
    value = float(unicodedata.normalize("NFKC", text).strip())
    return int(value) if value.is_integer() else value
