"""Named reads of the gradebook for the reports: each question a report asks, as one method.

`Gradebook` inherits these; they go through `query`/`iterate`, so this module needs no sqlite3.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence


class GradebookReads:
    def query(self, sql: str, params: tuple = ()) -> list[tuple]:  # provided by Gradebook
        raise NotImplementedError

    def iterate(self, sql: str, params: tuple = ()) -> Iterator[tuple]:  # provided by Gradebook
        raise NotImplementedError

    # ---- Exams and scores ----

    def exams_in(self, months: Sequence[str], role: str | None = None) -> list[tuple]:
        """(exam_id, kind, month, role, pass_mark, total_points) of the exams in `months`, regular before retake."""
        marks = ",".join("?" * len(months))
        sql = f"SELECT exam_id, kind, month, role, pass_mark, total_points FROM exams WHERE month IN ({marks})"
        return self.query(sql + (" AND role = ?" if role else "") + " ORDER BY month, kind DESC",
                          tuple(months) + ((role,) if role else ()))

    def scores_of(self, exam_ids: Sequence[str]) -> Iterator[tuple]:
        """(exam_id, staff_no, total, passed) of everyone who sat one of `exam_ids`."""
        marks = ",".join("?" * len(exam_ids))
        return self.iterate(f"SELECT exam_id, staff_no, total, passed FROM scores WHERE exam_id IN ({marks})",
                            tuple(exam_ids))

    def assigned(self, exam_ids: Sequence[str]) -> Iterator[tuple]:
        """(exam_id, staff_no) of everyone given a paper of one of `exam_ids`, or recorded 缺考 in it."""
        marks = ",".join("?" * len(exam_ids))
        # Someone recorded 缺考 on an anonymous paper was assigned that exam too (absences: gradebook migration 3).
        return self.iterate(f"SELECT exam_id, staff_no FROM papers WHERE staff_no IS NOT NULL AND exam_id IN"
                            f" ({marks}) UNION SELECT exam_id, staff_no FROM absences WHERE exam_id IN ({marks})",
                            tuple(exam_ids) * 2)

    def exam_results(self, exam_id: str) -> list[tuple]:
        """(staff_no, name, project, paper_code, total, passed) of everyone who sat `exam_id`."""
        return self.query("SELECT s.staff_no, st.name, st.project, s.paper_code, s.total, s.passed FROM scores s"
                          " JOIN staff st USING (staff_no) WHERE s.exam_id = ? ORDER BY s.staff_no", (exam_id,))

    def exam_absences(self, exam_id: str) -> list[tuple]:
        """(staff_no, name, project, paper_code) of everyone recorded 缺考 in `exam_id`."""
        return self.query("SELECT a.staff_no, st.name, st.project, a.paper_code FROM absences a"
                          " JOIN staff st USING (staff_no) WHERE a.exam_id = ? ORDER BY a.staff_no", (exam_id,))

    def exam_items(self, exam_id: str) -> list[tuple]:
        """(question_id, type, points, source, page, category, stem) of each question of `exam_id`."""
        return self.query("SELECT question_id, type, points, source, page, category, stem FROM items"
                          " WHERE exam_id = ?", (exam_id,))

    def sitting_of(self, exam_id: str, staff_no: str) -> tuple | None:
        """(paper_code, total, passed) of one person's result in `exam_id`; total and passed are None
        for a 缺考; None when not graded yet."""
        found = self.query("SELECT paper_code, total, passed FROM scores WHERE exam_id = ? AND staff_no = ?"
                           " UNION ALL SELECT paper_code, NULL, NULL FROM absences WHERE exam_id = ? AND staff_no = ?",
                           (exam_id, staff_no, exam_id, staff_no))
        return found[0] if found else None

    def answers_of(self, exam_id: str, staff_no: str) -> list[tuple]:
        """(n, answer, points) of one person's graded answers in `exam_id`, by question number."""
        return self.query("SELECT r.n, r.answer, r.points FROM responses r JOIN scores s USING (score_id)"
                          " WHERE s.exam_id = ? AND s.staff_no = ? ORDER BY r.n", (exam_id, staff_no))

    # ---- People ----

    def staff_rows(self) -> Iterator[tuple]:
        """(staff_no, name, post, project) of everyone on the register, by 工号."""
        return self.iterate("SELECT staff_no, name, post, project FROM staff ORDER BY staff_no")

    def staff_member(self, staff_no: str) -> tuple | None:
        """(name, post, project) of one person; None when not on the register."""
        found = self.query("SELECT name, post, project FROM staff WHERE staff_no = ?", (staff_no,))
        return found[0] if found else None

    def history_of(self, staff_no: str) -> list[tuple]:
        """(month, title, kind, total, total_points, passed) of each exam of one person; total and passed
        are None for a 缺考."""
        return self.query(
            "SELECT e.month, e.title, e.kind, s.total, e.total_points, s.passed FROM scores s"
            " JOIN exams e USING (exam_id) WHERE s.staff_no = ?"
            " UNION ALL SELECT e.month, e.title, e.kind, NULL, e.total_points, NULL FROM absences a"
            " JOIN exams e USING (exam_id) WHERE a.staff_no = ? ORDER BY 1, 3 DESC", (staff_no, staff_no))

    def missed_sections_of(self, staff_no: str) -> list[tuple]:
        """(page, source, category, count, stems) of the sections whose questions one person got wrong."""
        return self.query(
            "SELECT i.page, i.source, i.category, count(*),"
            " group_concat(CASE WHEN i.stem <> '' THEN i.stem ELSE i.question_id END, '；') FROM responses r"
            " JOIN scores s USING (score_id) JOIN items i USING (item_id)"
            " WHERE s.staff_no = ? AND r.points < i.points - 1e-9 GROUP BY i.page, i.source"
            " ORDER BY count(*) DESC, i.page, i.source", (staff_no,))
