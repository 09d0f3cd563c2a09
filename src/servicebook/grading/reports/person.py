"""The person report: exam history and the pages to re-study (pages behind missed questions).

Staff read this one: sections are named by page title and heading, questions by their stem."""

from __future__ import annotations

from servicebook.grading.gradebook import Gradebook
from servicebook.grading.reports import Links, ReportError
from servicebook.grading.reports.html import link, page, paragraph, table
from servicebook.tables import Column

HISTORY_HEADERS = ["月份", "考试", "类型", Column("得分"), Column("满分"), "结果"]
STUDY_HEADERS = ["章节", "栏目", Column("答错题数"), Column("答错的题目", width=60)]


def build(book: Gradebook, staff_no: str, links: Links) -> tuple[str, list]:
    found = book.staff_member(staff_no)
    if found is None:
        raise ReportError(f"工号 {staff_no} 不在成绩库中；请核对工号，或先导入该员工参加的考试。")
    name, post, project = found
    history = book.history_of(staff_no)
    missed = book.missed_sections_of(staff_no)
    history_rows = [[month, title, "补考" if kind == "retake" else "月考", total, full,
                     "缺考" if passed is None else "及格" if passed else "不及格"]
                    for month, title, kind, total, full, passed in history]
    study = [(links.where(page_, source), links.page(page_, source.partition("#")[2]), category, count, questions)
             for page_, source, category, count, questions in missed]
    body = "\n".join([
        paragraph(f"工号 {staff_no}　岗位 {post}　项目 {project or '—'}"),
        "<h2>考试记录</h2>", table(HISTORY_HEADERS, history_rows),
        "<h2>建议复习的内容</h2>",
        table(STUDY_HEADERS, [[link(href, where), category, count, questions]
                              for where, href, category, count, questions in study])
        if study else paragraph("所有题目均已答对。"),
    ])
    xlsx = [("考试记录", HISTORY_HEADERS, history_rows),
            ("建议复习", STUDY_HEADERS, [[where, category, count, questions]
                                     for where, _, category, count, questions in study])]
    return page(f"个人学习报告：{name}（{staff_no}）", body), xlsx
