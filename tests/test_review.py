"""The review loop: signals out, 通过/修改/停用 back in, retired questions nowhere."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from gradingfixture import manifest, row, write_exam, write_sheet

from servicebook.bank import review
from servicebook.bank.questions import Question
from servicebook.check import Project, check_bank, check_site
from servicebook.cli import main
from servicebook.grading.gradebook import Gradebook
from servicebook.grading.pooled import pooled_stats
from servicebook.site import practice

ROOT = Path(__file__).resolve().parents[1]


def q(qid, qtype="单选", **extra):
    stem = extra.pop("stem", "维修关闭后多久内回访业主？")
    fields = {"options": ("甲", "乙", "丙", "丁"), "answer": ("A",), **extra}
    return Question(id=qid, type=qtype, stem=stem, explanation="见页面。",
                    source="p#a", roles=("客服",), difficulty=1, points=2, use="both", **fields)


def test_review_yml_problems_name_their_line(tmp_path):
    (tmp_path / review.FILE).write_text("- {id: a-001, mark: 停用}\n- {id: a-002, mark: 删除}\n- {mark: 通过}\n"
                                        "- {id: a-001, mark: 通过}\n", encoding="utf-8")
    marks, problems = review.load(tmp_path, "quizzes/review.yml")
    assert [(p.line, "删除" in p.message or "缺少" in p.message or "重复" in p.message) for p in problems] == \
        [(2, True), (3, True), (4, True)]
    assert review.retired(marks) == {"a-001"}


def test_marks_read_back_from_the_workbook_and_round_trip(tmp_path):
    rows = [review.HEADERS, ["a-001", *[""] * 16, "停用", "答案有歧义"], ["a-002", *[""] * 16, "", ""],
            ["a-003", *[""] * 16, "通过", ""]]
    marks, problems = review.read_marks(rows, "审题表.xlsx")
    assert not problems and set(marks) == {"a-001", "a-003"} and marks["a-001"].note == "答案有歧义"
    (tmp_path / review.FILE).write_text(review.dump(marks), encoding="utf-8")
    again, problems = review.load(tmp_path)
    assert not problems and {k: (m.mark, m.note) for k, m in again.items()} == \
        {"a-001": ("停用", "答案有歧义"), "a-003": ("通过", "")}
    bad, problems = review.read_marks([review.HEADERS, ["a-004", *[""] * 16, "不要", ""]], "审题表.xlsx")
    assert problems and problems[0].line == 2


def test_signals_flag_short_stems_long_blanks_all_but_one_and_duplicates():
    questions = [q("m-1", "多选", options=("甲", "乙", "丙", "丁"), answer=("A", "B", "C"), stem="下列哪些是回访时要做的事情？"),
                 q("t-1", "填空", options=(), answer=("服务大使、信息员、投诉处理员及联络员",), stem="身兼___。"),
                 q("s-1"), q("s-2")]
    rows = {r[0]: r for r in review.rows(questions, {}, {})}
    problems = review.HEADERS.index("问题")
    assert "只有一项不选" in rows["m-1"][problems] and "恰是最后一项" in rows["m-1"][problems]
    assert "题干过短" in rows["t-1"][problems] and "填空答案过长" in rows["t-1"][problems]
    assert "s-2" in rows["s-1"][problems]


def test_retired_questions_leave_practice_and_assembly(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", ".git", "site", "exams", "data", ".vendor",
                                                                 "node_modules", "__pycache__"))
    (project / "quizzes" / review.FILE).write_text("- {id: courtesy-001, mark: 停用, note: 测试}\n", encoding="utf-8")
    kb, _ = check_site(Project(project))
    bank, problems = check_bank(Project(project), kb)
    assert not [p for p in problems if not p.warning]
    assert bank.retired == {"courtesy-001"}
    assert "courtesy-001" in {x.id for x in bank.questions}
    assert "courtesy-001" not in {x.id for x in practice.eligible(bank.questions, bank.retired)}
    assert "courtesy-001" in {x.id for x in practice.eligible(bank.questions)}


@pytest.fixture
def graded(tmp_path, monkeypatch, gradebook_url):
    """One graded exam, in a SQLite gradebook and in a PostgreSQL one."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SERVICEBOOK_DB", raising=False)
    exam_dir = write_exam(tmp_path, manifest(variants=0))
    sheet = write_sheet(tmp_path / "sheet.xlsx", [
        row("E001", "张三", "P0001"),
        row("E002", "李四", "P0002", ["A", "AC", "错", "三声；10分钟", "BADC", "3", "2"]),
        row("E003", "王五", "P0003", ["A", "AB", "对", "四声；10分钟", "ABCD", "1", "0"])])
    result = CliRunner().invoke(main, ["grade", str(exam_dir), str(sheet), "--db", str(gradebook_url)])
    assert result.exit_code == 0, result.output
    return gradebook_url


def test_pooled_statistics_name_the_most_chosen_wrong_option(graded):
    with Gradebook(graded, create=False) as book:
        stats = pooled_stats(book, {"ten-steps-001": "ten-steps-001x"})
    assert stats["ten-steps-001x"]["n"] == 3
    assert stats["ten-steps-001x"]["facility"] == pytest.approx(1 / 3, abs=0.01)
    assert stats["ten-steps-001x"]["wrong"] == "先解释（2）"


def test_cli_writes_the_workbook_and_imports_marks(tmp_path, monkeypatch):
    project = tmp_path / "p"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", ".git", "site", "exams", "data", ".vendor",
                                                                 "node_modules", "__pycache__"))
    (project / "quizzes" / review.FILE).unlink(missing_ok=True)
    monkeypatch.delenv("SERVICEBOOK_DB", raising=False)
    out = tmp_path / "审题表.xlsx"
    result = CliRunner().invoke(main, ["bank", "review", "--root", str(project), "--out", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    sheet = book[review.SHEET]
    header = [c.value for c in sheet[1]]
    ids = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert any(i.startswith("gen-") for i in ids) and "courtesy-001" in ids
    target = ids.index("courtesy-001") + 2
    sheet.cell(row=target, column=header.index(review.MARK_HEADER) + 1, value="停用")
    sheet.cell(row=target, column=header.index(review.NOTE_HEADER) + 1, value="题干给出答案")
    book.save(out)
    result = CliRunner().invoke(main, ["bank", "review", "--root", str(project), "--import", str(out)])
    assert result.exit_code == 0, result.output
    marks, problems = review.load(project / "quizzes")
    assert not problems and marks["courtesy-001"].mark == "停用"


def test_an_exam_only_copy_of_a_generated_practice_question_is_reported():
    generated = Question(id="gen-p-aaaaaaaaaa-t", type="填空", stem="【页 · 节】维修关闭后___内回访。", explanation="见页面。",
                         source="p#a", roles=("客服",), difficulty=2, points=2, answer=("24小时",), use="both",
                         generated=True)
    copy = q("p-001", "填空", options=(), answer=("24小时",), stem="维修关闭后___内回访。")
    copy = Question(**{**copy.__dict__, "use": "exam", "file": "quizzes/bank/p.yml", "line": 3})
    reworded = Question(**{**copy.__dict__, "id": "p-002", "stem": "维修完成并关闭后，前台须在___内回访业主。"})
    problems = review.exam_copies_of_practice([copy, reworded], [generated])
    assert [(p.line, "p-001" in p.message, p.warning) for p in problems] == [(3, True, True)]
