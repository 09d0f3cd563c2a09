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
    found = book.query("SELECT name, post, project FROM staff WHERE staff_no = ?", (staff_no,))
    if not found:
        raise ReportError(f"工号 {staff_no} 不在成绩库中；请核对工号，或先导入该员工参加的考试。")
    name, post, project = found[0]
    history = book.query(
        "SELECT e.month, e.title, e.kind, s.total, e.total_points, s.passed FROM scores s"
        " JOIN exams e USING (exam_id) WHERE s.staff_no = ?"
        " UNION ALL SELECT e.month, e.title, e.kind, NULL, e.total_points, NULL FROM absences a"
        " JOIN exams e USING (exam_id) WHERE a.staff_no = ? ORDER BY 1, 3 DESC", (staff_no, staff_no))
    missed = book.query(
        "SELECT i.page, i.source, i.category, count(*),"
        " group_concat(CASE WHEN i.stem <> '' THEN i.stem ELSE i.question_id END, '；') FROM responses r"
        " JOIN scores s USING (score_id) JOIN items i USING (item_id)"
        " WHERE s.staff_no = ? AND r.points < i.points - 1e-9 GROUP BY i.page, i.source ORDER BY count(*) DESC, i.page,"
        " i.source", (staff_no,))
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
