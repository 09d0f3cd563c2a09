"""Named reads of the gradebook: each question grading, reports and the operation log ask, as one method.

`Gradebook` inherits these; they go through its `query`/`iterate` in the portable SQL that
gradebook.py describes, so they run unchanged on SQLite and PostgreSQL. Callers outside the
gradebook modules never write a SELECT.
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

    def exam_scores(self, exam_id: str) -> Iterator[tuple]:
        """(staff_no, score_id, paper_code, total, passed, import_id) of everyone who sat `exam_id`."""
        return self.iterate("SELECT staff_no, score_id, paper_code, total, passed, import_id FROM scores"
                            " WHERE exam_id = ?", (exam_id,))

    def absence_papers(self, exam_id: str) -> list[tuple]:
        """(staff_no, paper_code, op_id of the import that recorded it) of everyone 缺考 in `exam_id`."""
        return self.query("SELECT staff_no, paper_code, op_id FROM absences WHERE exam_id = ?", (exam_id,))

    def absentees(self, exam_id: str) -> list[tuple[str, str, str]]:
        """(工号, 姓名, 试卷编号) of everyone recorded as 缺考 in one exam; they have no row in scores."""
        return self.query("SELECT a.staff_no, st.name, a.paper_code FROM absences a JOIN staff st USING (staff_no)"
                          " WHERE a.exam_id = ? ORDER BY a.staff_no", (exam_id,))

    def exam_responses(self, exam_id: str) -> Iterator[tuple]:
        """(score_id, n, item_id, answer, points) of every stored answer in `exam_id`, by score and number."""
        return self.iterate("SELECT r.score_id, r.n, r.item_id, r.answer, r.points FROM responses r"
                            " JOIN scores s USING (score_id) WHERE s.exam_id = ? ORDER BY r.score_id, r.n", (exam_id,))

    def answered(self, exam_id: str) -> Iterator[tuple]:
        """(paper_code, total, question_id, n, answer, points) of every stored answer in `exam_id`."""
        return self.iterate("SELECT s.paper_code, s.total, i.question_id, r.n, r.answer, r.points FROM responses r"
                            " JOIN scores s USING (score_id) JOIN items i USING (item_id) WHERE s.exam_id = ?",
                            (exam_id,))

    def all_answered(self) -> Iterator[tuple]:
        """(exam_id, paper_code, total, question_id, type, item points, n, answer, points) of every stored answer."""
        return self.iterate("SELECT s.exam_id, s.paper_code, s.total, i.question_id, i.type, i.points, r.n, r.answer,"
                            " r.points FROM responses r JOIN scores s USING (score_id) JOIN items i USING (item_id)")

    def paper_totals(self, exam_id: str) -> Iterator[tuple]:
        """(paper_code, total) of everyone who sat `exam_id`."""
        return self.iterate("SELECT paper_code, total FROM scores WHERE exam_id = ?", (exam_id,))

    def items_elsewhere(self, question_ids: Sequence[str], exam_id: str) -> list[tuple]:
        """(item_id, question_id, exam_id, points, exam total_points) of these questions in exams other than `exam_id`."""
        marks = ",".join("?" * len(question_ids))
        return self.query(f"SELECT i.item_id, i.question_id, i.exam_id, i.points, e.total_points FROM items i"
                          f" JOIN exams e USING (exam_id) WHERE i.question_id IN ({marks}) AND i.exam_id <> ?",
                          (*question_ids, exam_id))

    def item_answers(self, exam_ids: Sequence[str], item_ids: Sequence[int]) -> Iterator[tuple]:
        """(item_id, total, points) of the stored answers to `item_ids` in `exam_ids`."""
        exams, items = ",".join("?" * len(exam_ids)), ",".join("?" * len(item_ids))
        return self.iterate(f"SELECT r.item_id, s.total, r.points FROM scores s JOIN responses r USING (score_id)"
                            f" WHERE s.exam_id IN ({exams}) AND r.item_id IN ({items})", (*exam_ids, *item_ids))

    def exam_dirs(self) -> list[tuple]:
        """(exam_id, exam_dir) of every graded exam."""
        return self.query("SELECT exam_id, exam_dir FROM exams")

    # ---- Key corrections ----

    def key_state(self, exam_id: str, question_id: str) -> str | None:
        """The recorded keys (JSON) of one corrected question; None when never corrected."""
        found = self.query("SELECT keys FROM key_state WHERE exam_id = ? AND question_id = ?", (exam_id, question_id))
        return found[0][0] if found else None

    def key_states(self, exam_id: str) -> list[tuple]:
        """(question_id, keys JSON, op_id) of every corrected question of `exam_id`."""
        return self.query("SELECT question_id, keys, op_id FROM key_state WHERE exam_id = ?", (exam_id,))

    # ---- The operation log ----

    OPERATION_COLUMNS = "op_id, kind, exam_id, summary, details, created_at, undone_by, undoes"

    def operation_rows(self, exam_id: str | None = None, kinds: Sequence[str] = ()) -> list[tuple]:
        """(op_id, kind, exam_id, summary, details, created_at, undone_by, undoes), newest first."""
        where, params = [], []
        if exam_id is not None:
            where.append("exam_id = ?")
            params.append(exam_id)
        if kinds:
            where.append(f"kind IN ({','.join('?' * len(kinds))})")
            params.extend(kinds)
        sql = f"SELECT {self.OPERATION_COLUMNS} FROM operations" + (f" WHERE {' AND '.join(where)}" if where else "")
        return self.query(sql + " ORDER BY op_id DESC", tuple(params))

    def newest_undoable_row(self) -> tuple | None:
        """The newest operation (as operation_rows) that is not an undo and not undone yet."""
        found = self.query(f"SELECT {self.OPERATION_COLUMNS} FROM operations WHERE kind <> 'undo'"
                           " AND undone_by IS NULL ORDER BY op_id DESC LIMIT 1")
        return found[0] if found else None

    def operation_snapshot(self, op_id: int) -> str:
        """The JSON snapshot of what operation `op_id` replaced."""
        return self.query("SELECT snapshot FROM operations WHERE op_id = ?", (op_id,))[0][0]

    # ---- People ----

    def staff(self) -> dict[str, dict[str, str]]:
        return {no: {"姓名": name, "岗位": post, "项目": project}
                for no, name, post, project in self.iterate("SELECT staff_no, name, post, project FROM staff")}

    def staff_register(self) -> Iterator[tuple]:
        """(staff_no, name, post, project, active) of everyone on the register."""
        return self.iterate("SELECT staff_no, name, post, project, active FROM staff")

    def staff_rows(self) -> Iterator[tuple]:
        """(staff_no, name, post, project, active) of everyone on the register, by 工号."""
        return self.iterate("SELECT staff_no, name, post, project, active FROM staff ORDER BY staff_no")

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
            "SELECT i.page, i.source, max(i.category), count(*),"
            " group_concat(CASE WHEN i.stem <> '' THEN i.stem ELSE i.question_id END, '；') FROM responses r"
            " JOIN scores s USING (score_id) JOIN items i USING (item_id)"
            " WHERE s.staff_no = ? AND r.points < i.points - 1e-9 GROUP BY i.page, i.source"
            " ORDER BY count(*) DESC, i.page, i.source", (staff_no,))
