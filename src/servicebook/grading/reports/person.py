"""The person report: exam history and the pages to re-study (pages behind missed questions)."""

from __future__ import annotations

from servicebook.grading.gradebook import Gradebook
from servicebook.grading.reports import Links, ReportError
from servicebook.grading.reports.html import link, page, paragraph, table


def build(book: Gradebook, staff_no: str, links: Links) -> tuple[str, list]:
    found = book.query("SELECT name, post, project FROM staff WHERE staff_no = ?", (staff_no,))
    if not found:
        raise ReportError(f"工号 {staff_no} 不在成绩库中；请核对工号，或先导入该员工参加的考试。")
    name, post, project = found[0]
    history = book.query(
        "SELECT e.month, e.exam_id, e.title, e.kind, s.total, e.total_points, e.pass_mark, s.passed FROM scores s"
        " JOIN exams e USING (exam_id) WHERE s.staff_no = ? ORDER BY e.month, e.kind DESC", (staff_no,))
    missed = book.query(
        "SELECT i.page, i.source, i.category, count(*), group_concat(i.question_id, '、') FROM responses r"
        " JOIN scores s USING (score_id) JOIN items i USING (item_id)"
        " WHERE s.staff_no = ? AND r.points < i.points - 1e-9 GROUP BY i.page, i.source ORDER BY count(*) DESC, i.page,"
        " i.source", (staff_no,))
    history_rows = [[month, title, "补考" if kind == "retake" else "月考", total, full, "及格" if passed else "不及格"]
                    for month, _, title, kind, total, full, _, passed in history]
    study_rows = [[link(links.page(page_, source.partition("#")[2]), source), category, count, questions]
                  for page_, source, category, count, questions in missed]
    body = "\n".join([
        paragraph(f"工号 {staff_no}　岗位 {post}　项目 {project or '—'}"),
        "<h2>考试记录</h2>", table(["月份", "考试", "类型", "得分", "满分", "结果"], history_rows),
        "<h2>建议复习的内容</h2>",
        table(["章节", "栏目", "答错题数", "题目"], study_rows) if study_rows else "<p>所有题目均已答对。</p>",
    ])
    xlsx = [("考试记录", ["月份", "考试", "类型", "得分", "满分", "结果"], history_rows),
            ("建议复习", ["章节", "栏目", "答错题数", "题目"], [[m[1], m[2], m[3], m[4]] for m in missed])]
    return page(f"个人学习报告：{name}（{staff_no}）", body), xlsx
