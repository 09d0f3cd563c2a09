"""answer-sheet.xlsx: sheet 答题卡, row 1 names the exam, row 2 is the header, then one row per paper,
one column per question. 情景 questions are marked on their own sheet (marking_sheet.py)."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from servicebook.bank.questions import LETTERS
from servicebook.exam.contract import Exam
from servicebook.tables import EXAM_PROPERTY, exam_line

SHEET_NAME = "答题卡"
ID_COLUMNS = ("工号", "姓名", "试卷编号")
MARKING_FILE = "scenario-marking.xlsx"  # the 情景 marking sheet beside it (marking_sheet.py)
FIXED_TIME = "2000-01-01T00:00:00Z"  # workbook properties carry no real time: same inputs, same bytes


def columns(exam: Exam) -> list[tuple[str, str, int]]:
    """(header, question type, number of options) for every answer column, in order.

    Sections keep their place on every paper, so position n has the same type on all papers.
    情景 questions have no column: each paper's rubric differs, they go on the marking sheet."""
    widest = {}  # a 单选 column offers the letters of the longest 单选 question on any paper
    for q in (q for p in exam.papers.values() for q in p.questions):
        widest[q.type] = max(widest.get(q.type, 0), len(q.options))
    return [(f"第{q.n}题", q.type, widest[q.type]) for q in _first(exam).questions if q.type != "情景"]


def _first(exam: Exam):
    return next(iter(exam.papers.values()))


def mark_exam(book: Workbook, sheet, exam: Exam, note: str = "") -> None:
    """Name the exam in row 1 (visible, kept by "save as CSV") and in a document property (hidden)."""
    book.custom_doc_props.append(StringProperty(name=EXAM_PROPERTY, value=exam.exam_id))
    sheet.append([exam_line(exam.exam_id), None, None, f"{exam.title}（第 1、2 行请勿修改）{note}"])
    sheet["A1"].font = Font(bold=True)


def render_answer_sheet(exam: Exam) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    cols = columns(exam)
    scenarios = any(q.type == "情景" for q in _first(exam).questions)
    mark_exam(book, sheet, exam, f"；情景题在 {MARKING_FILE} 中评分" if scenarios else "")
    sheet.append(list(ID_COLUMNS) + [c[0] for c in cols])
    for paper in exam.papers.values():
        person = paper.person
        sheet.append([person.get("工号") if person else None, person.get("姓名") if person else None, paper.code])
    first, last = 3, len(exam.papers) + 2
    for row in range(first, last + 1):  # a 工号 typed on a variant paper keeps its leading zeros
        sheet.cell(row=row, column=1).number_format = "@"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    for cell in sheet[2]:
        cell.font, cell.fill, cell.alignment = bold, fill, Alignment(horizontal="center")
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 10
    validations: dict[str, DataValidation] = {}
    for offset, (header, qtype, options) in enumerate(cols, start=len(ID_COLUMNS) + 1):
        letter = get_column_letter(offset)
        sheet.column_dimensions[letter].width = 8
        if qtype == "单选":
            allowed = ",".join(LETTERS[:options])
        elif qtype == "判断":
            allowed = "对,错"
        else:
            continue
        if allowed not in validations:
            validations[allowed] = DataValidation(
                type="list", formula1=f'"{allowed}"', allow_blank=True, showErrorMessage=True,
                errorTitle="答案无效", error=f"请填写 {allowed.replace(',', '、')} 之一。")
        validations[allowed].add(f"{letter}{first}:{letter}{last}")
    for allowed in sorted(validations):
        sheet.add_data_validation(validations[allowed])
    sheet.freeze_panes = "D3"
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible_xlsx(buffer.getvalue())


def reproducible_xlsx(data: bytes) -> bytes:
    """Rewrite the zip with fixed entry times and fixed document times."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>" + FIXED_TIME.encode(), content)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0)), content,
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
