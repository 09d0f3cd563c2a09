"""The gradebook: migrations, atomic idempotent imports, re-import audit, re-scoring, backup and check."""

from __future__ import annotations

import sqlite3

import pytest
from gradingfixture import manifest, row

from servicebook.grading import gradebook, scoring
from servicebook.grading.importing import Change, ImportOutcome, import_attempts
from servicebook.grading.gradebook import Gradebook, GradebookError
from servicebook.exam.contract import Sheet, parse_manifest

HEADERS = ["工号", "姓名", "试卷编号", "第1题", "第2题", "第3题", "第4题", "第5题", "第6题-要点1", "第6题-要点2"]


def graded(rows, **kwargs):
    exam = parse_manifest(manifest(**kwargs), "m.json")
    sheet = Sheet("s.csv", HEADERS, [(i, r) for i, r in enumerate(rows, start=2)])
    return exam, scoring.grade_sheet(exam, sheet).attempts


@pytest.fixture
def book(tmp_path):
    with Gradebook(tmp_path / "data" / "gradebook.sqlite") as opened:
        yield opened


def test_migrations_are_numbered_and_applied_once(tmp_path):
    path = tmp_path / "g.sqlite"
    Gradebook(path).close()
    Gradebook(path).close()
    rows = sqlite3.connect(path).execute("SELECT id, name FROM _migrations").fetchall()
    assert rows == [(1, "初始表结构"), (2, "题目题干"), (3, "缺考、操作记录、在职状态")]
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_older_gradebook_is_upgraded_in_place_keeping_its_data(tmp_path, monkeypatch):
    path = tmp_path / "g.sqlite"
    monkeypatch.setattr(gradebook, "MIGRATIONS", gradebook.MIGRATIONS[:1])
    with Gradebook(path) as old:
        old.db.execute("INSERT INTO staff VALUES ('E001', '张三', '客服', '一期')")
    monkeypatch.undo()
    with Gradebook(path) as upgraded:
        columns = [row[1] for row in upgraded.db.execute("PRAGMA table_info(items)")]
        assert "stem" in columns
        assert upgraded.db.execute("SELECT name FROM staff").fetchall() == [("张三",)]


def test_default_path_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv(gradebook.ENV_VAR, raising=False)
    assert gradebook.default_path(tmp_path) == tmp_path / "data" / "gradebook.sqlite"
    monkeypatch.setenv(gradebook.ENV_VAR, str(tmp_path / "x.sqlite"))
    assert gradebook.default_path(tmp_path) == tmp_path / "x.sqlite"


def test_import_stores_staff_scores_and_responses(book):
    exam, attempts = graded([row("", "", "P0001"), row("", "", "P0002", ["C"] + [""] * 6)])
    outcome = import_attempts(book, exam, "exams/x", "s.csv", "sha1", 2, attempts)
    assert (outcome.added, outcome.replaced, outcome.unchanged, outcome.changes) == (2, 0, 0, ())
    assert book.query("SELECT staff_no, total, passed FROM scores ORDER BY staff_no") == [("E001", 55.0, 1),
                                                                                           ("E002", 0.0, 0)]
    assert book.counts() == {"staff": 3, "exams": 1, "papers": 3, "scores": 2, "responses": 12, "import_log": 1,
                             "absences": 0}


def test_the_same_content_twice_changes_nothing_even_from_another_file(book):
    exam, attempts = graded([row("", "", "P0001")])
    import_attempts(book, exam, "exams/x", "s.csv", "sha1", 1, attempts)
    before = book.counts()
    again = import_attempts(book, exam, "exams/x", "other.xlsx", "sha2", 1, attempts)
    assert (again.op_id, again.added, again.replaced, again.unchanged) == (None, 0, 0, 1)
    assert book.counts() == before
    assert book.query("SELECT count(*) FROM operations")[0][0] == 1


def test_a_corrected_sheet_replaces_results_and_records_the_change(book):
    exam, first = graded([row("", "", "P0001", ["C"] + [""] * 6)])
    import_attempts(book, exam, "exams/x", "s.csv", "sha1", 1, first)
    _, second = graded([row("", "", "P0001")])
    outcome = import_attempts(book, exam, "exams/x", "s.csv", "sha2", 1, second)
    assert (outcome.added, outcome.replaced, outcome.changes) == (0, 1, (Change("E001", "张三", "0", "55"),))
    assert book.query("SELECT staff_no, total FROM scores") == [("E001", 55.0)]
    assert book.query("SELECT staff_no, old_total, new_total, reason FROM score_changes") == [
        ("E001", 0.0, 55.0, "重新导入答题卡")]
    assert book.counts()["responses"] == 6


def test_a_failed_import_leaves_no_trace(book):
    exam, attempts = graded([row("", "", "P0001")])
    attempts[0].paper = "P9999"  # not in the manifest: the response rows blow up mid-transaction
    with pytest.raises(KeyError):
        import_attempts(book, exam, "exams/x", "s.csv", "sha1", 1, attempts)
    assert book.counts() == {"staff": 0, "exams": 0, "papers": 0, "scores": 0, "responses": 0, "import_log": 0,
                             "absences": 0}
    assert book.query("SELECT count(*) FROM operations")[0][0] == 0


def test_backup_is_a_sound_copy(book, tmp_path):
    exam, attempts = graded([row("", "", "P0001")])
    import_attempts(book, exam, "exams/x", "s.csv", "sha1", 1, attempts)
    book.backup(tmp_path / "b" / "copy.sqlite")
    with Gradebook(tmp_path / "b" / "copy.sqlite", create=False) as copy:
        assert copy.check() == [] and copy.counts() == book.counts()


def test_check_reports_broken_foreign_keys_in_chinese(book):
    book.db.execute("PRAGMA foreign_keys=OFF")
    book.db.execute("INSERT INTO papers VALUES ('no-such-exam', 'P1', NULL)")
    assert book.check() == ["表 papers 第 1 行引用的 exams 记录不存在。"]


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    (tmp_path / "g.sqlite").write_bytes(b"hello, not sqlite" * 100)
    with pytest.raises(GradebookError, match="已损坏或不是成绩库文件"):
        Gradebook(tmp_path / "g.sqlite")
