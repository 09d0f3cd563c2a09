"""answer-sheet.xlsx: sheet 答题卡, row 1 names the exam, row 2 is the header, then one row per paper,
one column per question (per rubric point for 情景)."""

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
from servicebook.exam.assemble import Exam
from servicebook.tables import EXAM_PROPERTY, exam_line

SHEET_NAME = "答题卡"
ID_COLUMNS = ("工号", "姓名", "试卷编号")
FIXED_TIME = "2000-01-01T00:00:00Z"  # workbook properties carry no real time: same inputs, same bytes


def columns(exam: Exam) -> list[tuple[str, str, int]]:
    """(header, question type, number of options) for every answer column, in order.

    Sections keep their place on every paper, so position n has the same type on all papers."""
    first = exam.papers[0].slots
    widest = {}  # a 单选 column offers the letters of the longest 单选 question on any paper
    for slot in (s for p in exam.papers for s in p.slots):
        widest[slot.question.type] = max(widest.get(slot.question.type, 0), len(slot.question.options))
    result = []
    for index, slot in enumerate(first):
        qtype = slot.question.type
        if qtype == "情景":
            points = max(len(p.slots[index].question.rubric) for p in exam.papers)
            result += [(f"第{slot.n}题-要点{k}", qtype, 0) for k in range(1, points + 1)]
        else:
            result.append((f"第{slot.n}题", qtype, widest[qtype]))
    return result


def mark_exam(book: Workbook, sheet, exam: Exam) -> None:
    """Name the exam in row 1 (visible, kept by "save as CSV") and in a document property (hidden)."""
    book.custom_doc_props.append(StringProperty(name=EXAM_PROPERTY, value=exam.exam_id))
    sheet.append([exam_line(exam.exam_id), None, None, f"{exam.title}（第 1、2 行请勿修改）"])
    sheet["A1"].font = Font(bold=True)


def render_answer_sheet(exam: Exam) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    cols = columns(exam)
    mark_exam(book, sheet, exam)
    sheet.append(list(ID_COLUMNS) + [c[0] for c in cols])
    for paper in exam.papers:
        person = paper.person
        sheet.append([person.staff_id if person else None, person.name if person else None, paper.code])
    first, last = 3, len(exam.papers) + 2
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    for cell in sheet[2]:
        cell.font, cell.fill, cell.alignment = bold, fill, Alignment(horizontal="center")
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 10
    validations: dict[str, DataValidation] = {}
    for offset, (header, qtype, options) in enumerate(cols, start=len(ID_COLUMNS) + 1):
        letter = get_column_letter(offset)
        sheet.column_dimensions[letter].width = 13 if "要点" in header else 8
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
    return _reproducible(buffer.getvalue())


def _reproducible(data: bytes) -> bytes:
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
