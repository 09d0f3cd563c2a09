"""The 情景 marking sheet: written per (paper, 情景 question) with that rubric's points, read back with checks."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from click.testing import CliRunner
from gradingfixture import HEADERS, PEOPLE, manifest, row, write_exam, write_sheet

from servicebook.bank.questions import Question, RubricItem
from servicebook.cli import main
from servicebook.exam.assemble import assemble
from servicebook.exam.blueprint import Blueprint, SectionSpec
from servicebook.exam.render.marking_sheet import render_marking_sheet
from servicebook.exam.roster import Person
from servicebook.grading import marking
from servicebook.exam.render import PageRef
from servicebook.exam.render.answer_sheet import render_answer_sheet
from servicebook.exam.render.manifest import render_manifest
from servicebook.exam.contract import Sheet, parse_manifest
from servicebook.grading.sheets import read_sheet

ANSWERS = ["B", "AC", "对", "三声；10分钟", "BADC"]  # questions 1–5; 第6题 (情景) is on the marking sheet
NEW_HEADERS = HEADERS[:-2]
MARK_HEADERS = ["工号", "姓名", "试卷编号", "题号", "题目", "要点1", "满分1", "评分1", "要点2", "满分2", "评分2",
                "要点3", "满分3", "评分3"]


# ---- Writing ----

def scenario(qid, *points):
    return Question(id=qid, type="情景", stem=f"{qid}：业主在前台大声吵闹，你怎么处理？", explanation="", roles=("客服",),
                    source="ten-steps#第一步聆听", difficulty=2, points=sum(p for _, p in points),
                    rubric=tuple(RubricItem(text, score) for text, score in points))


@pytest.fixture(scope="module")
def exam():
    questions = [scenario("c1", ("先安抚", 3), ("再记录", 2)),
                 scenario("c2", ("致歉", 2), ("记录", 2), ("回访", 1))]
    bp = Blueprint(role="客服", title="客服月考", duration_minutes=60, pass_mark=6, sections=(SectionSpec("情景", 2, 5),),
                   review_share=0, difficulty_mix={2: 1.0}, include_red_lines=True, scoring={})
    people = [Person("1001", "张三", "客服", "一期"), Person("1002", "李四", "客服", "二期")]
    return assemble(questions, bp, month="2026-12", current_pages=["ten-steps"], review_pages=[], seed=3,
                    people=people)


def test_marking_sheet_has_a_row_per_paper_and_scenario_with_that_rubrics_points_and_maximums(exam):
    book = openpyxl.load_workbook(io.BytesIO(render_marking_sheet(exam)))
    sheet = book["情景评分"]
    assert sheet["A1"].value == "考试：2026-12-客服"
    assert {p.name: p.value for p in book.custom_doc_props} == {"servicebook-exam": "2026-12-客服"}
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert rows[0] == MARK_HEADERS
    by_question = {(r[2], r[4][:2]): r for r in rows[1:]}
    assert sorted(by_question) == [("P0001", "c1"), ("P0001", "c2"), ("P0002", "c1"), ("P0002", "c2")]
    assert by_question[("P0001", "c1")][:3] == ["1001", "张三", "P0001"]
    assert by_question[("P0001", "c1")][5:] == ["先安抚", 3, None, "再记录", 2, None, "—", None, None]
    assert by_question[("P0002", "c2")][5:] == ["致歉", 2, None, "记录", 2, None, "回访", 1, None]
    rules = sorted((str(dv.sqref), dv.type, dv.formula1, dv.formula2) for dv in sheet.data_validations.dataValidation)
    assert rules == [("H3:H6", "decimal", "0", "G3"), ("K3:K6", "decimal", "0", "J3"), ("N3:N6", "decimal", "0", "M3")]
    c1_row = next(i for i, r in enumerate(rows, start=2) if r[2] == "P0001" and r[4].startswith("c1"))
    assert sheet[f"N{c1_row}"].fill.fgColor.rgb.endswith("EEEEEE")  # no third point: greyed, not to be marked
    assert not sheet[f"H{c1_row}"].fill.fgColor.rgb.endswith("EEEEEE")


# ---- Reading (pure, over rows) ----

def marks_sheet(*rows):
    return Sheet("exams/2026-12-客服/scenario-marking.xlsx", MARK_HEADERS,
                 [(number, list(cells) + [""] * (len(MARK_HEADERS) - len(cells))) for number, cells in rows],
                 "2026-12-客服", 2)


def mark_row(code, *marks, n="6"):
    cells = ["", "", code, n, "案例"]
    for mark in marks:
        cells += ["要点", 3, mark]
    return cells


def test_marks_become_the_scenario_answer_of_each_paper():
    exam = parse_manifest(manifest(), "m.json")
    parsed = marking.parse_marks(exam, marks_sheet((3, mark_row("P0001", "3", "1.5")), (4, mark_row("P0002", "", "2"))))
    assert parsed.problems == []
    assert parsed.answers == {("P0001", 6): "3；1.5", ("P0002", 6): "；2"}


def test_bad_marks_are_refused_with_row_and_column():
    exam = parse_manifest(manifest(), "m.json")
    parsed = marking.parse_marks(exam, marks_sheet(
        (3, mark_row("P0001", "4", "1")),            # over the maximum of 要点1 (3)
        (4, mark_row("P0002", "-1", "1")),           # negative
        (5, mark_row("P0003", "3", "2", "1")),       # a third point the rubric does not have
        (6, mark_row("P0001", "1", n="5")),          # question 5 is not a 情景
    ))
    assert [(p.line, p.message) for p in parsed.problems] == [
        (3, "H 列（评分1）：评分 4 超出范围（该要点满分 3 分）。"),
        (4, "H 列（评分1）：评分 -1 超出范围（该要点满分 3 分）。"),
        (5, "N 列（评分3）：第 6 题只有 2 个评分要点，这一格应留空，却填了“1”。"),
        (6, "试卷 P0001 没有第 5 题情景题。"),
    ]
    assert parsed.problems[0].hint == "填 0 到 3 之间的数字（要点“先安抚情绪”）。"
    assert parsed.answers == {}


def test_a_marking_sheet_without_its_mark_columns_is_refused_at_the_header():
    exam = parse_manifest(manifest(), "m.json")
    sheet = Sheet("m.xlsx", ["工号", "姓名", "试卷编号", "题目"], [(3, ["", "", "P0001", "案例"])], "2026-12-客服", 2)
    assert [(p.line, p.message) for p in marking.parse_marks(exam, sheet).problems] == [
        (2, "表头缺少 试卷编号、题号 或 评分1、评分2…… 列。")]


# ---- Grading with the marking sheet ----

@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SERVICEBOOK_DB", raising=False)
    write_exam(tmp_path, manifest())
    return tmp_path


def write_marks(path, rows, exam="2026-12-客服"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "情景评分"
    sheet.append([f"考试：{exam}"])
    sheet.append(MARK_HEADERS)
    for cells in rows:
        sheet.append(cells)
    book.save(path)
    return path


def run(*args):
    return CliRunner().invoke(main, list(args))


def totals(db="data/gradebook.sqlite"):
    import sqlite3

    return sqlite3.connect(db).execute("SELECT staff_no, total FROM scores ORDER BY staff_no").fetchall()


def test_grade_reads_the_marking_sheet_beside_the_answer_sheet(project):
    write_sheet(project / "filled" / "s.xlsx", [row("", "", "P0001", ANSWERS), row("", "", "P0002", ANSWERS)],
                headers=NEW_HEADERS)
    write_marks(project / "filled" / "scenario-marking.xlsx", [mark_row("P0001", 3, 1.5), mark_row("P0002", 1, 0)])
    result = run("grade", "exams/2026-12-客服", "filled/s.xlsx")
    assert result.exit_code == 0, result.output
    assert totals() == [("E001", 54.5), ("E002", 51.0)]


def test_marking_option_names_another_file_and_unmarked_scenarios_are_warned_about(project):
    write_sheet(project / "s.csv", [row("", "", "P0001", ANSWERS), row("", "", "P0002", ANSWERS)], headers=NEW_HEADERS)
    write_marks(project / "评分.xlsx", [mark_row("P0001", 2, 2), mark_row("P0002")])
    result = run("grade", "exams/2026-12-客服", "s.csv", "--marking", "评分.xlsx")
    assert result.exit_code == 0, result.output
    assert "警告：评分.xlsx: 情景评分表中没有这些情景题的评分，按 0 分计：P0002 第6题。" in result.output
    assert totals() == [("E001", 54.0), ("E002", 50.0)]


def test_a_mark_over_the_maximum_stops_the_import_naming_row_and_column(project):
    write_sheet(project / "s.csv", [row("", "", "P0001", ANSWERS)], headers=NEW_HEADERS)
    write_marks(project / "scenario-marking.xlsx", [mark_row("P0001", 3, 5)])
    result = run("grade", "exams/2026-12-客服", "s.csv", "--skip-bad-rows")
    assert (result.exit_code, result.output) == (1, (
        "错误：scenario-marking.xlsx:3: K 列（评分2）：评分 5 超出范围（该要点满分 2 分）。\n"
        "    修改方法：填 0 到 2 之间的数字（要点“记录并承诺时限”）。\n共发现 1 个错误。\n"))
    assert not (project / "data" / "gradebook.sqlite").exists() or totals() == []


def test_without_a_marking_sheet_the_trainer_is_told_where_it_was_looked_for(project):
    write_sheet(project / "filled" / "s.csv", [row("", "", "P0001", ANSWERS)], headers=NEW_HEADERS)
    result = run("grade", "exams/2026-12-客服", "filled/s.csv")
    assert result.exit_code == 1
    assert result.output.startswith(
        "错误：filled/s.csv: 本次考试有情景题，但没有找到情景评分表（找过 filled/scenario-marking.xlsx、"
        "exams/2026-12-客服/scenario-marking.xlsx）。")


def test_a_marking_sheet_of_another_exam_is_refused(project):
    write_sheet(project / "s.csv", [row("", "", "P0001", ANSWERS)], headers=NEW_HEADERS)
    write_marks(project / "scenario-marking.xlsx", [mark_row("P0001", 3, 2)], exam="2027-01-客服")
    result = run("grade", "exams/2026-12-客服", "s.csv")
    assert result.exit_code == 1
    assert "这张情景评分表属于考试 2027-01-客服，不是要导入的考试 2026-12-客服。" in result.output


def test_sheets_made_before_the_marking_sheet_still_carry_their_marks(project):
    write_sheet(project / "s.csv", [row("", "", "P0001")])  # with 第6题-要点1/2
    result = run("grade", "exams/2026-12-客服", "s.csv")
    assert result.exit_code == 0, result.output
    assert totals() == [("E001", 55.0)]


def test_exam_new_marking_sheet_grades_end_to_end(project):
    """The sheet `exam new` writes, filled in, is what grade reads (same columns, same exam)."""
    exam = assemble([scenario("c1", ("先安抚", 3), ("再记录", 2))],
                    Blueprint(role="客服", title="客服月考", duration_minutes=60, pass_mark=3,
                              sections=(SectionSpec("情景", 1, 5),), review_share=0, difficulty_mix={2: 1.0},
                              include_red_lines=True, scoring={}),
                    month="2026-11", current_pages=["ten-steps"], review_pages=[], seed=1,
                    people=[Person(p["工号"], p["姓名"], p["岗位"], p["项目"]) for p in PEOPLE[:1]], exam_id="2026-11-客服",
                    pages={"ten-steps": PageRef("a.md", "页", "投诉处理")})
    folder = project / "exams" / "2026-11-客服"
    folder.mkdir()
    (folder / "manifest.json").write_text(render_manifest(exam), encoding="utf-8")
    (folder / "answer-sheet.xlsx").write_bytes(render_answer_sheet(exam))
    (folder / "scenario-marking.xlsx").write_bytes(render_marking_sheet(exam))
    book = openpyxl.load_workbook(folder / "scenario-marking.xlsx")
    book["情景评分"]["H3"], book["情景评分"]["K3"] = 2, 1.5
    book.save(folder / "scenario-marking.xlsx")
    result = run("grade", "exams/2026-11-客服", "exams/2026-11-客服/answer-sheet.xlsx")
    assert result.exit_code == 0, result.output
    assert totals() == [("E001", 3.5)]


def test_typed_answers_travel_in_a_response_column_for_exams_answered_on_screen(exam, tmp_path):
    """The exam server writes the typed 情景 answers beside the marks; the same reader returns both."""
    code, n = next(iter(exam.papers.values())).code, next(iter(exam.papers.values())).questions[0].n
    data = render_marking_sheet(exam, responses={(code, n): "先请业主到接待室坐下，倒一杯水"})
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["情景评分"]
    assert [c.value for c in sheet[2]][:9] == ["工号", "姓名", "试卷编号", "题号", "题目", "作答", "要点1", "满分1", "评分1"]
    sheet["I3"] = 2
    book.save(tmp_path / "m.xlsx")
    manifest_of_exam = parse_manifest(json.loads(render_manifest(exam)), "m.json")
    parsed = marking.parse_marks(manifest_of_exam, read_sheet(tmp_path / "m.xlsx", sheet_name="情景评分", what="情景评分表"))
    assert parsed.problems == []
    assert parsed.responses == {(code, n): "先请业主到接待室坐下，倒一杯水"}
    assert parsed.answers[(code, n)].startswith("2；")
