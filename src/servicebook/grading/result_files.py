"""The files `servicebook grade` writes beside the answer sheet: results.xlsx (every person's score and
each question's score rate) and, when rows were skipped, <sheet>-待修正.xlsx/.csv (those rows and why)."""

from __future__ import annotations

from pathlib import Path

from servicebook.grading import scoring, sheets
from servicebook.grading.workflow import GradeResult
from servicebook.tables import PERCENT, Column, write_workbook

RESULTS_FILE = "results.xlsx"


def results_path(sheet_path: Path) -> Path:
    return sheet_path.with_name(RESULTS_FILE)


def rejects_path(sheet_path: Path) -> Path:
    """Rejected rows go back in the sheet's own format, to be corrected and imported again."""
    suffix = ".csv" if sheet_path.suffix.lower() == ".csv" else ".xlsx"
    return sheet_path.with_name(f"{sheet_path.stem}-待修正{suffix}")


def write_rejects(path: Path, result: GradeResult) -> None:
    sheet = result.sheet
    sheets.write_table(path, "答题卡", sheet.headers + ["问题"],
                       ([*cells, problem] for _, cells, problem in result.grading.rejected), exam_id=sheet.exam_id)


def write_results(path: Path, result: GradeResult) -> None:
    manifest, absent = result.manifest, {a.staff_no for a in result.absent}
    headers = ["工号", "姓名", "岗位", "项目", "试卷编号", Column("得分"), Column("满分"), "是否及格"]
    rows = ([a.staff_no, a.name, a.post, a.project, a.paper, None if a.staff_no in absent else a.total,
             manifest.papers[a.paper].total_points,
             "缺考" if a.staff_no in absent else "及格" if a.total >= manifest.pass_mark - 1e-9 else "不及格"]
            for a in result.grading.attempts)
    lowest = scoring.lowest_questions(manifest, result.sat, count=10**6)
    questions = {q.id: q for paper in manifest.papers.values() for q in paper.questions}
    write_workbook(path, [("成绩", headers, rows),
                          ("题目得分率", ["题目", "题型", Column("得分率", PERCENT), Column("编号", width=12)],
                           ([questions[q].stem or q, questions[q].type, round(s, 4), q] for q, s in lowest))])
