"""Issue 13: answers given on phones are graded by the same scoring code and stored by the same
logged, undoable import as a filled answer sheet; typed 情景 answers reach the marker and marks come back.
On both gradebook backends (the paper sheet of the comparison is graded on SQLite)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from gradingfixture import manifest, write_exam

from servicebook import api
from servicebook.errors import ProblemsFound
from servicebook.exam.render.answer_sheet import render_answer_sheet
from servicebook.exam.render.marking_sheet import render_marking_sheet
from servicebook.grading import oplog
from servicebook.grading.gradebook import Gradebook
from servicebook.grading.keyfiles import exam_from_manifest

# 张三 all right; 李四 some wrong (多选 typed in another order, 排序 wrong, one blank of 填空 wrong); 王五 never started.
ANSWERS = {
    "P0001": {1: "B", 2: "AC", 3: "对", 4: "三声；10分钟", 5: "BADC", 6: "先请业主坐下，倒一杯水，再记录诉求并承诺两小时内回复。"},
    "P0002": {1: "C", 2: "CA", 3: "对", 4: "3声；15分钟", 5: "ABCD", 6: "解释公司规定。"},
}
MARKS = {"P0001": (3, 2), "P0002": (1, 0)}


def rows_of(book: Gradebook) -> dict[str, list]:
    """Every stored result row, keyed so that two gradebooks compare (no ids, no times)."""
    return {
        "scores": book.query("SELECT staff_no, paper_code, total, passed FROM scores ORDER BY staff_no"),
        "responses": book.query(
            "SELECT s.staff_no, r.n, i.question_id, r.answer, r.points FROM responses r JOIN scores s USING (score_id)"
            " JOIN items i USING (item_id) ORDER BY s.staff_no, r.n"),
        "absences": book.query("SELECT staff_no, paper_code FROM absences ORDER BY staff_no"),
        "staff": book.query("SELECT staff_no, name, post, project FROM staff ORDER BY staff_no"),
        "items": book.query("SELECT question_id, type, points FROM items ORDER BY question_id"),
    }


def fill_marks(path, marks: dict[str, tuple]) -> None:
    """Type marks into a marking sheet as the trainer does, by its header (评分1, 评分2)."""
    book = openpyxl.load_workbook(path)
    sheet = book["情景评分"]
    header = [c.value for c in sheet[2]]
    for cells in sheet.iter_rows(min_row=3):
        code = cells[header.index("试卷编号")].value
        for k, mark in enumerate(marks.get(code, ()), start=1):
            cells[header.index(f"评分{k}")].value = mark
    book.save(path)


def test_online_answers_and_a_filled_answer_sheet_give_identical_scores_and_rows(tmp_path, gradebook_url):
    raw = manifest()
    exam = exam_from_manifest(raw, {})
    # On paper: answer-sheet.xlsx and scenario-marking.xlsx as exam new writes them, filled in.
    paper_dir = write_exam(tmp_path / "paper", raw)
    sheet_path = paper_dir / "answer-sheet.xlsx"
    sheet_path.write_bytes(render_answer_sheet(exam))
    book = openpyxl.load_workbook(sheet_path)
    sheet = book["答题卡"]
    header = [c.value for c in sheet[2]]
    for cells in sheet.iter_rows(min_row=3):
        for n, answer in ANSWERS.get(cells[2].value, {}).items():
            if f"第{n}题" in header:
                cells[header.index(f"第{n}题")].value = answer
    book.save(sheet_path)
    (paper_dir / "scenario-marking.xlsx").write_bytes(render_marking_sheet(exam))
    fill_marks(paper_dir / "scenario-marking.xlsx", MARKS)
    with Gradebook(tmp_path / "paper.sqlite") as on_paper:
        from_sheet = api.grade_file(on_paper, paper_dir, sheet_path)
        paper_rows = rows_of(on_paper)

    # On phones: graded at close (情景 not yet marked), marked on the sheet it writes, graded again.
    online_dir = write_exam(tmp_path / "online", raw)
    (online_dir / "scenario-marking.xlsx").write_bytes(render_marking_sheet(exam))  # the blank one exam new wrote
    with Gradebook(gradebook_url) as online:
        first = api.grade_online(online, online_dir, ANSWERS)
        assert [a.total for a in first.sat] == [50, 25]  # 情景 unmarked: 0 for now
        assert "情景评分表中没有这些情景题的评分，按 0 分计：P0001 第6题、P0002 第6题。" in first.grading.warnings[-1].message
        written = openpyxl.load_workbook(online_dir / "scenario-marking.xlsx")["情景评分"]
        typed = {r[2]: r[5] for r in written.iter_rows(min_row=3, values_only=True)}
        assert written["F2"].value == "作答"
        assert typed == {"P0001": ANSWERS["P0001"][6], "P0002": ANSWERS["P0002"][6], "P0003": None}
        fill_marks(online_dir / "scenario-marking.xlsx", MARKS)
        marked = api.grade_online(online, online_dir, ANSWERS)
        assert (marked.outcome.added, marked.outcome.replaced, marked.outcome.unchanged) == (0, 2, 1)
        online_rows = rows_of(online)

    assert [(a.staff_no, a.total) for a in marked.sat] == [(a.staff_no, a.total) for a in from_sheet.sat] \
        == [("E001", 55), ("E002", 26)]
    assert [a.staff_no for a in marked.absent] == [a.staff_no for a in from_sheet.absent] == ["E003"]
    assert online_rows == paper_rows
    assert online_rows["absences"] == [("E003", "P0003")]


@pytest.fixture
def exam_dir(tmp_path):
    raw = manifest()
    exam_dir = write_exam(tmp_path, raw)
    (exam_dir / "scenario-marking.xlsx").write_bytes(render_marking_sheet(exam_from_manifest(raw, {})))
    return exam_dir


def test_everyone_who_never_started_is_absent(exam_dir, tmp_path, gradebook_url):
    with Gradebook(gradebook_url) as book:
        result = api.grade_online(book, exam_dir, {"P0001": {1: "B"}, "P0002": {}})
        assert [a.staff_no for a in result.absent] == ["E002", "E003"]
        assert book.query("SELECT staff_no FROM absences ORDER BY staff_no") == [("E002",), ("E003",)]
        assert book.query("SELECT staff_no, total FROM scores") == [("E001", 10.0)]


def test_a_typed_scenario_answer_alone_is_a_sitting_not_an_absence(exam_dir, tmp_path, gradebook_url):
    with Gradebook(gradebook_url) as book:
        result = api.grade_online(book, exam_dir, {"P0001": {6: "先安抚业主。"}})
        assert [(a.staff_no, a.total) for a in result.sat] == [("E001", 0)]
        assert [a.staff_no for a in result.absent] == ["E002", "E003"]


def test_grading_again_records_only_changes_and_undo_restores_each_earlier_state(exam_dir, tmp_path, gradebook_url):
    with Gradebook(gradebook_url) as book:
        first = api.grade_online(book, exam_dir, {"P0001": {1: "B", 2: "AC"}})
        after_first = rows_of(book)
        again = api.grade_online(book, exam_dir, {"P0001": {1: "B", 2: "AC"}})
        assert again.outcome.op_id is None  # nothing new: nothing written, nothing logged
        more = api.grade_online(book, exam_dir, {"P0001": {1: "B", 2: "AC"}, "P0002": {1: "B", 3: "错"}})
        assert (more.outcome.added, more.outcome.replaced, more.outcome.unchanged) == (0, 1, 2)
        assert [(c.staff_no, c.before, c.after) for c in more.outcome.changes] == [("E002", "缺考", "10")]
        assert [op.op_id for op in oplog.operations(book)] == [more.outcome.op_id, first.outcome.op_id]
        assert oplog.operations(book)[0].summary.startswith("在线作答：新增 0 人，更新 1 人")
        oplog.undo(book)
        assert rows_of(book) == after_first
        oplog.undo(book)
        assert rows_of(book)["scores"] == rows_of(book)["absences"] == []


def test_over_the_maximum_and_negative_marks_are_refused_with_row_and_column(exam_dir, tmp_path, gradebook_url):
    with Gradebook(gradebook_url) as book:
        api.grade_online(book, exam_dir, ANSWERS)
        before = rows_of(book)
        fill_marks(exam_dir / "scenario-marking.xlsx", {"P0001": (4, 2), "P0002": (-1, 0)})
        with pytest.raises(ProblemsFound) as refused:
            api.grade_online(book, exam_dir, ANSWERS)
        assert [(p.line, p.message) for p in refused.value.problems] == [
            (3, "I 列（评分1）：评分 4 超出范围（该要点满分 3 分）。"),
            (4, "I 列（评分1）：评分 -1 超出范围（该要点满分 3 分）。")]
        assert rows_of(book) == before


def test_marks_are_kept_when_the_marking_sheet_is_written_again_with_later_answers(exam_dir, tmp_path, gradebook_url):
    with Gradebook(gradebook_url) as book:
        api.grade_online(book, exam_dir, {"P0001": {6: "先安抚。"}})
        fill_marks(exam_dir / "scenario-marking.xlsx", {"P0001": (2.5, 1)})
        result = api.grade_online(book, exam_dir, {"P0001": {6: "先安抚。"}, "P0002": {6: "记录。"}})
        assert [(a.staff_no, a.total) for a in result.sat] == [("E001", 3.5), ("E002", 0)]
    rows = list(openpyxl.load_workbook(exam_dir / "scenario-marking.xlsx")["情景评分"].iter_rows(min_row=3, values_only=True))
    assert [(r[2], r[5], r[8], r[11]) for r in rows] == [("P0001", "先安抚。", 2.5, 1), ("P0002", "记录。", None, None),
                                                         ("P0003", None, None, None)]


def test_an_answer_that_is_no_option_is_refused_naming_the_paper_and_nothing_is_imported(exam_dir, tmp_path, gradebook_url):
    with Gradebook(gradebook_url) as book:
        with pytest.raises(ProblemsFound) as refused:
            api.grade_online(book, exam_dir, {"P0002": {1: "Z"}})
        assert [str(p).splitlines()[0] for p in refused.value.problems] == [
            "在线作答: 试卷 P0002：第1题：答案“Z”不是选项 A、B、C、D 之一。"]
        assert rows_of(book)["scores"] == rows_of(book)["absences"] == []


def test_an_anonymous_paper_is_graded_for_the_person_who_took_it(tmp_path, gradebook_url):
    exam_dir = write_exam(tmp_path, manifest(people=[], variants=2))
    with Gradebook(gradebook_url) as book:
        result = api.grade_online(book, exam_dir, {"V0001": {1: "B"}}, people={"V0001": ("E009", "赵六")})
        assert [(a.staff_no, a.name, a.total) for a in result.sat] == [("E009", "赵六", 10)]
        assert result.absent == []  # V0002: nobody took it, so nobody is absent on it


def test_after_a_key_fix_grading_again_agrees_with_the_rescored_gradebook(exam_dir, tmp_path, gradebook_url):
    answers = {"P0001": {1: "C"}, "P0002": {1: "B"}}
    with Gradebook(gradebook_url) as book:
        api.grade_online(book, exam_dir, answers)
        fixed = api.fix_key(book, tmp_path, exam_dir, "ten-steps-001", "C", paper="P0001")
        assert fixed.changed == 2
        assert book.query("SELECT staff_no, total FROM scores ORDER BY staff_no") == [("E001", 10.0), ("E002", 0.0)]
        again = api.grade_online(book, exam_dir, answers)
        assert again.outcome.op_id is None  # the key fix already rescored exactly these answers
