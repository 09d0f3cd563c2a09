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
def book(gradebook_url):
    """A new gradebook, once on SQLite and once on PostgreSQL."""
    with Gradebook(gradebook_url) as opened:
        yield opened


@pytest.fixture
def sqlite_book(tmp_path):
    with Gradebook(tmp_path / "data" / "gradebook.sqlite") as opened:
        yield opened


def test_migrations_are_numbered_and_applied_once(tmp_path):
    path = tmp_path / "g.sqlite"
    Gradebook(path).close()
    Gradebook(path).close()
    rows = sqlite3.connect(path).execute("SELECT id, name FROM _migrations").fetchall()
    assert rows == [(1, "初始表结构"), (2, "题目题干"), (3, "缺考、操作记录、在职状态"), (4, "在线考试"),
                    (5, "成绩公布时间")]
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


def test_backup_is_a_sound_copy(sqlite_book, tmp_path):
    book = sqlite_book
    exam, attempts = graded([row("", "", "P0001")])
    import_attempts(book, exam, "exams/x", "s.csv", "sha1", 1, attempts)
    book.backup(tmp_path / "b" / "copy.sqlite")
    with Gradebook(tmp_path / "b" / "copy.sqlite", create=False) as copy:
        assert copy.check() == [] and copy.counts() == book.counts()


def test_check_reports_broken_foreign_keys_in_chinese(sqlite_book):
    book = sqlite_book
    book.db.execute("PRAGMA foreign_keys=OFF")
    book.db.execute("INSERT INTO papers VALUES ('no-such-exam', 'P1', NULL)")
    assert book.check() == ["表 papers 第 1 行引用的 exams 记录不存在。"]


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    (tmp_path / "g.sqlite").write_bytes(b"hello, not sqlite" * 100)
    with pytest.raises(GradebookError, match="已损坏或不是成绩库文件"):
        Gradebook(tmp_path / "g.sqlite")


def version_1_gradebook(path):
    """A gradebook as the first release left it after grading one exam: two people, a key erratum."""
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE _migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    connection.executescript(gradebook.MIGRATIONS[0][2])
    connection.executescript("""
        INSERT INTO _migrations VALUES (1, '初始表结构', '2026-11-30T09:00:00+08:00');
        INSERT INTO staff VALUES ('E001', '张三', '客服', '一期'), ('E002', '李四', '客服', '二期');
        INSERT INTO exams VALUES ('2026-11-客服', 'regular', '2026-11', '客服', '2026年11月客服考试', 7, 'abc',
                                  6, 10, 'exams/2026-11-客服', '2026-11-30T10:00:00+08:00');
        INSERT INTO items VALUES (1, '2026-11-客服', 'q-1', '单选', 4, 'a.md#x', 'a.md', '服务', 1),
                                 (2, '2026-11-客服', 'q-2', '填空', 6, 'b.md#y', 'b.md', '服务', 2);
        INSERT INTO papers VALUES ('2026-11-客服', 'P0001', 'E001'), ('2026-11-客服', 'P0002', 'E002');
        INSERT INTO import_log VALUES (1, '2026-11-客服', '答题卡.xlsx', 'f00d', '2026-11-30T11:00:00+08:00', 2, 2, 0);
        INSERT INTO scores VALUES (1, '2026-11-客服', 'E001', 'P0001', 10, 1, 1),
                                  (2, '2026-11-客服', 'E002', 'P0002', 4, 0, 1);
        INSERT INTO responses VALUES (1, 1, 1, 'B', 4), (1, 2, 2, '三声', 6), (2, 1, 1, 'B', 4), (2, 2, 2, '', 0);
        INSERT INTO key_errata VALUES (1, '2026-11-客服', 'q-1', 'C', 'B', '2026-11-30T12:00:00+08:00');
        INSERT INTO score_changes VALUES (1, '2026-11-客服', 'E001', 'q-1', 0, 4, 6, 10, '更正答案', NULL, 1,
                                          '2026-11-30T12:00:00+08:00');
    """)
    connection.commit()
    connection.close()


def test_a_version_1_gradebook_with_grades_is_upgraded_and_reads_as_before(tmp_path):
    path = tmp_path / "g.sqlite"
    version_1_gradebook(path)
    before = {t: sqlite3.connect(path).execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
              for t in ("scores", "responses", "import_log", "key_errata", "score_changes", "papers")}
    with Gradebook(path) as upgraded:
        for table, rows in before.items():
            assert upgraded.query(f"SELECT * FROM {table} ORDER BY 1") == rows, table
        assert upgraded.check() == []
        assert [r[0] for r in upgraded.query("SELECT id FROM _migrations ORDER BY id")] == [1, 2, 3, 4, 5]
        assert upgraded.query("SELECT staff_no, active FROM staff") == [("E001", 1), ("E002", 1)]
        assert upgraded.exam_results("2026-11-客服") == [("E001", "张三", "一期", "P0001", 10.0, 1),
                                                        ("E002", "李四", "二期", "P0002", 4.0, 0)]
        assert [row[1] for row in upgraded.exam_items("2026-11-客服")] == ["单选", "填空"]
        assert upgraded.history_of("E002") == [("2026-11", "2026年11月客服考试", "regular", 4.0, 10.0, 0)]
        assert upgraded.exam_absences("2026-11-客服") == []


def test_a_gradebook_of_a_newer_version_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "g.sqlite"
    Gradebook(path).close()
    connection = sqlite3.connect(path)
    connection.execute("INSERT INTO _migrations VALUES (99, '将来的表结构', '2027-06-01T09:00:00+08:00')")
    connection.commit()
    connection.close()
    dump = list(sqlite3.connect(path).iterdump())
    with pytest.raises(GradebookError, match="由更新版本的 servicebook 创建，请升级后再使用"):
        Gradebook(path)
    assert list(sqlite3.connect(path).iterdump()) == dump
