"""answer-sheet.xlsx: sheet 答题卡, row 1 names the exam, row 2 is the header, then one row per paper,
one column per question. 情景 questions are marked on their own sheet (marking_sheet.py)."""

from __future__ import annotations

from servicebook.bank.questions import LETTERS
from servicebook.exam.contract import Exam
from servicebook.exam.render.xlsx import PLAIN, TEXT, Validation, column_letter, sheet_workbook

SHEET_NAME = "答题卡"
ID_COLUMNS = ("工号", "姓名", "试卷编号")
MARKING_FILE = "scenario-marking.xlsx"  # the 情景 marking sheet beside it (marking_sheet.py)


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


def render_answer_sheet(exam: Exam) -> bytes:
    cols = columns(exam)
    scenarios = any(q.type == "情景" for q in _first(exam).questions)
    styles = (TEXT, PLAIN, PLAIN)  # a 工号 typed on a variant paper keeps its leading zeros
    rows = [((person.get("工号"), person.get("姓名"), paper.code) if (person := paper.person) else (None, None, paper.code),
             styles) for paper in exam.papers.values()]
    first, last = 3, len(exam.papers) + 2
    widths = {1: 12, 2: 10, 3: 10}
    ranges: dict[str, list[str]] = {}
    for offset, (header, qtype, options) in enumerate(cols, start=len(ID_COLUMNS) + 1):
        letter = column_letter(offset)
        widths[offset] = 8
        if qtype == "单选":
            allowed = ",".join(LETTERS[:options])
        elif qtype == "判断":
            allowed = "对,错"
        else:
            continue
        ranges.setdefault(allowed, []).append(f"{letter}{first}:{letter}{last}")
    validations = [Validation(" ".join(ranges[allowed]), "list", f'"{allowed}"', "答案无效",
                              f"请填写 {allowed.replace(',', '、')} 之一。") for allowed in sorted(ranges)]
    return sheet_workbook(sheet=SHEET_NAME, exam_id=exam.exam_id,
                          title=exam.title, note=f"；情景题在 {MARKING_FILE} 中评分" if scenarios else "",
                          header=list(ID_COLUMNS) + [c[0] for c in cols], rows=rows, widths=widths, freeze="D3",
                          validations=validations)

