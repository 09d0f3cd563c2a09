"""Issue 9.4: a key correction reaches every file that shows the key, in the question's own terms, safely."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from gradingfixture import manifest as fixture_manifest
from gradingfixture import row, write_exam, write_sheet
from test_exam_cli import manifest, new, project  # noqa: F401 - the tiny project fixture

from servicebook.cli import main
from servicebook.grading import keyfix
from servicebook.grading.gradebook import Gradebook

KEY_FILES = ("answer-key.html", "moodle.xml", "gift.txt")


def run(*args):
    return CliRunner().invoke(main, list(args))


def operations(db="data/gradebook.sqlite"):
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT op_id, kind, undone_by FROM operations ORDER BY op_id").fetchall()


def first_choice(data):
    """The first 单选 question on the first paper: (id, option texts as printed there, key letter)."""
    q = next(q for q in data["papers"][0]["questions"] if q["type"] == "单选")
    return q["id"], q["options"], q["key"]


def test_fix_key_rewrites_every_key_file_as_exam_new_would_with_the_corrected_bank(project):  # noqa: F811
    assert new("--seed", "5", "--out", "one").exit_code == 0
    qid, _, _ = first_choice(manifest(project / "one"))
    result = run("exam", "fix-key", "one", qid, "--option", "丙")
    assert result.exit_code == 0, result.output
    # The same exam made from a bank whose answer says 丙 (C in the bank's own order).
    bank = next((project / "quizzes" / "bank").rglob(f"{qid.rsplit('-', 1)[0]}.yml"))
    bank.write_text(re.sub(rf"(id: {qid}, .*?answer: )B", r"\1C", bank.read_text(encoding="utf-8")), encoding="utf-8")
    assert new("--seed", "5", "--out", "two").exit_code == 0
    one, two = project / "one", project / "two"
    fingerprint = re.compile(r"题库指纹 \w+")
    for name in KEY_FILES:
        assert fingerprint.sub("", (one / name).read_text(encoding="utf-8")) == \
            fingerprint.sub("", (two / name).read_text(encoding="utf-8")), name
    keys = {p["code"]: [q["key"] for q in p["questions"]] for p in manifest(one)["papers"]}
    assert keys == {p["code"]: [q["key"] for q in p["questions"]] for p in manifest(two)["papers"]}


def test_fix_key_prints_the_key_on_each_paper_and_repeating_it_changes_nothing(project):  # noqa: F811
    assert new("--seed", "5", "--out", "one").exit_code == 0
    data = manifest(project / "one")
    qid, options, _ = first_choice(data)
    letter = "ABCD"[options.index("丙")]
    result = run("exam", "fix-key", "one", qid, letter, "--paper", "P0001")
    assert result.exit_code == 0, result.output
    shown = {p["code"]: next(q for q in p["questions"] if q["id"] == qid) for p in manifest(project / "one")["papers"]}
    expected = "；".join(f"{q['key']}（丙）：{code}" for code, q in sorted(shown.items()))
    if len({q["key"] for q in shown.values()}) == 1:
        expected = f"{shown['P0001']['key']}（丙）：P0001、P0002"
    assert result.output.splitlines()[-1] == f"各试卷上的答案：{expected}。"
    assert result.output.startswith(f"已把题目 {qid} 的答案由 {data['papers'][0]['questions'][0]['key']}")
    before = {name: (project / "one" / name).read_bytes() for name in (*KEY_FILES, "manifest.json")}
    again = run("exam", "fix-key", "one", qid, "--option", "丙")
    assert again.output.startswith(f"题目 {qid} 的答案已经是 {letter}，未做任何修改。")
    assert {name: (project / "one" / name).read_bytes() for name in before} == before
    assert operations() == [(1, "fix-key", None)]


def test_an_option_that_is_not_there_is_refused_listing_the_options(project):  # noqa: F811
    assert new("--seed", "5", "--out", "one").exit_code == 0
    qid, options, _ = first_choice(manifest(project / "one"))
    result = run("exam", "fix-key", "one", qid, "--option", "戊")
    assert (result.exit_code, result.output) == (1, f"错误：题目 {qid} 没有选项“戊”；选项为：{'、'.join(options)}。\n")


# ---- Write order: a failure between the manifest and the gradebook never leaves them disagreeing ----

@pytest.fixture
def graded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SERVICEBOOK_DB", raising=False)
    exam_dir = write_exam(tmp_path, fixture_manifest())
    write_sheet(tmp_path / "s.csv", [row("", "", "P0001"), row("", "", "P0002", ["C"] + [""] * 6)])
    assert run("grade", "exams/2026-12-客服", "s.csv").exit_code == 0
    return exam_dir


def scores():
    with sqlite3.connect("data/gradebook.sqlite") as db:
        return db.execute("SELECT staff_no, total FROM scores ORDER BY staff_no").fetchall()


def test_a_failure_before_the_gradebook_commits_changes_nothing(graded, monkeypatch):
    before = (graded / "manifest.json").read_bytes()

    def broken(*args):
        raise OSError("disk full")
    monkeypatch.setattr(keyfix, "_rescore", broken)
    with Gradebook(Path("data/gradebook.sqlite")) as book, pytest.raises(OSError):
        keyfix.fix_key(book, graded, "ten-steps-001", "C")
    assert (graded / "manifest.json").read_bytes() == before
    assert sorted(p.name for p in graded.iterdir()) == ["manifest.json"]  # no temporary file left
    assert scores() == [("E001", 55.0), ("E002", 0.0)] and operations() == [(1, "import", None)]


def test_a_failure_after_the_commit_is_caught_by_grade_and_mended_by_repeating_the_fix(graded, monkeypatch):
    def broken(*args):
        raise OSError("disk full")
    with monkeypatch.context() as patch, Gradebook(Path("data/gradebook.sqlite")) as book, pytest.raises(OSError):
        patch.setattr(keyfix, "_swap", broken)
        keyfix.fix_key(book, graded, "ten-steps-001", "C")
    assert {p["questions"][0]["key"] for p in json.loads((graded / "manifest.json").read_text())["papers"]} == {"B"}
    assert scores() == [("E001", 45.0), ("E002", 10.0)]  # the gradebook has the correction

    refused = run("grade", "exams/2026-12-客服", "s.csv")
    assert refused.exit_code == 1
    assert refused.output == (
        "错误：exams/2026-12-客服/manifest.json: 题目 ten-steps-001 的答案与成绩库记录的更正（第 2 号操作）不一致："
        "试卷清单还没有写入那次更正，不能用它阅卷。\n"
        "    修改方法：重新运行同一条更正，补写试卷清单和答案文件（成绩不会重复计算）："
        "servicebook exam fix-key exams/2026-12-客服 ten-steps-001 \"C\" --paper P0001\n共发现 1 个错误。\n")

    mended = run("exam", "fix-key", "exams/2026-12-客服", "ten-steps-001", "C", "--paper", "P0001", "--root", "x")
    assert mended.output.startswith("成绩库中已有这次更正；已补写试卷清单和答案文件：题目 ten-steps-001 的答案为 C。")
    assert scores() == [("E001", 45.0), ("E002", 10.0)]  # not re-scored twice
    assert [op[1] for op in operations()] == ["import", "fix-key"]
    assert "完全相同，未做任何修改" in run("grade", "exams/2026-12-客服", "s.csv").output


def test_undoing_a_correction_puts_the_old_key_back_in_the_manifest_and_the_scores(graded):
    before = (graded / "manifest.json").read_text(encoding="utf-8")
    run("exam", "fix-key", "exams/2026-12-客服", "ten-steps-001", "C", "--root", "x")
    result = run("db", "undo", "--root", "x")
    assert result.output == ("已撤销第 2 号操作（更正答案：ten-steps-001：B → C）。题目 ten-steps-001 的答案已改回 B，"
                             "2 人的成绩已恢复；试卷清单和答案文件已同步。\n")
    assert json.loads((graded / "manifest.json").read_text(encoding="utf-8")) == json.loads(before)
    assert scores() == [("E001", 55.0), ("E002", 0.0)]
    assert "完全相同，未做任何修改" in run("grade", "exams/2026-12-客服", "s.csv").output


def test_the_exam_report_shows_the_correction_history(graded):
    run("exam", "fix-key", "exams/2026-12-客服", "ten-steps-001", "C", "--root", "x")
    run("exam", "fix-key", "exams/2026-12-客服", "ten-steps-001", "D", "--root", "x")
    run("db", "undo", "--root", "x")
    result = run("report", "exam", "exams/2026-12-客服", "--out", "reports")
    assert result.exit_code == 0, result.output
    html = (Path("reports") / "exam-2026-12-客服.html").read_text(encoding="utf-8")
    section = html[html.index("<h2>答案更正记录</h2>"):]
    assert section.index("<td>B → C</td>") < section.index("<td>C → D</td>")
    assert "<td>有效</td>" in section and "<td>已撤销（第 4 号）</td>" in section
    from gradingfixture import read_xlsx

    rows = read_xlsx(Path("reports") / "exam-2026-12-客服.xlsx", "答案更正")
    # the fixture's manifest has no stems: the question is named by its id
    assert [r[2:] for r in rows] == [["题目", "更正", "状态", "编号"], ["ten-steps-001", "B → C", "有效", "ten-steps-001"],
                                     ["ten-steps-001", "C → D", "已撤销（第 4 号）", "ten-steps-001"]]


# ---- 多选 and 填空, graded and not yet graded ----

def manifest_key(exam_dir, question_id):
    data = json.loads((Path(exam_dir) / "manifest.json").read_text(encoding="utf-8"))
    return next(q["key"] for q in data["papers"][0]["questions"] if q["id"] == question_id)


def test_fix_key_on_an_exam_not_yet_graded_rewrites_the_manifest_and_rescores_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SERVICEBOOK_DB", raising=False)
    exam_dir = write_exam(tmp_path, fixture_manifest())
    multiple = run("exam", "fix-key", "exams/2026-12-客服", "ten-steps-002", "--option", "致歉", "--option", "推诿")
    assert multiple.exit_code == 0, multiple.output
    assert multiple.output.startswith("已把题目 ten-steps-002 的答案由 AC 改为 AD；重新评分 0 份作答，0 人的成绩有变化")
    assert manifest_key(exam_dir, "ten-steps-002") == "AD"
    blank = run("exam", "fix-key", "exams/2026-12-客服", "phone-002", "3声|三声|三次；10分钟")
    assert blank.exit_code == 0, blank.output
    assert manifest_key(exam_dir, "phone-002") == [["3声", "三声", "三次"], ["10分钟"]]
    assert scores() == []


def test_fix_key_for_multiple_choice_and_blanks_rescores_the_graded_answers(graded):
    before = dict(scores())
    multiple = run("exam", "fix-key", "exams/2026-12-客服", "ten-steps-002", "AD")
    assert multiple.exit_code == 0, multiple.output
    assert manifest_key(graded, "ten-steps-002") == "AD"
    assert dict(scores())["E001"] == before["E001"] - 10  # answered AC: all-or-nothing
    blank = run("exam", "fix-key", "exams/2026-12-客服", "phone-002", "3声|三声；15分钟")
    assert blank.exit_code == 0, blank.output
    assert manifest_key(graded, "phone-002") == [["3声", "三声"], ["15分钟"]]
    assert dict(scores())["E001"] == before["E001"] - 15  # 10分钟 no longer right: half of the 填空's 10 points
