"""The whole gradebook on either backend: SQLite files and a real PostgreSQL server (tests/pgcluster.py).

Each test that takes `gradebook_url` runs twice, once per backend, through the same commands.
"""

from __future__ import annotations

import threading

import pytest
from click.testing import CliRunner
from gradingfixture import PEOPLE, manifest, read_xlsx, row, write_exam, write_sheet

from servicebook.cli import main
from servicebook.grading import gradebook
from servicebook.grading.backends import open_backend
from servicebook.grading.gradebook import Gradebook, GradebookError

EXAM = "exams/2026-12-客服"
WRONG = ["A", "AB", "错", "五声；1小时", "ABCD", "1", "0"]
ALL_MIGRATIONS = [number for number, _, _ in gradebook.MIGRATIONS]
# Columns that hold the time of writing: equal only within one run of a command.
STAMPS = {"exams": 10, "import_log": 4, "key_errata": 5, "score_changes": 11, "operations": 6, "_migrations": 2}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def ok(*args) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.output


def state(location, *, skip=("operations",), stamps: bool = True) -> dict[str, list]:
    """Every row of every table (sorted), for comparing whole gradebooks; read without migrating anything."""
    db = open_backend(location).connect(create=False)
    found = {}
    for table in ["_migrations", *gradebook.migration_tables()]:
        if table in skip:
            continue
        rows = [list(r) for r in db.execute(f"SELECT * FROM {table}").fetchall()]
        if not stamps and table in STAMPS:
            for r in rows:
                r[STAMPS[table]] = None
        found[table] = sorted(rows, key=repr)
    db.close()
    return found


@pytest.fixture
def workspace(tmp_path, monkeypatch, gradebook_url):
    return prepare(tmp_path, monkeypatch, gradebook_url)


def prepare(tmp_path, monkeypatch, gradebook_url):
    """An exam folder and two filled sheets; SERVICEBOOK_DB names this test's gradebook."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SERVICEBOOK_DB", str(gradebook_url))
    write_exam(tmp_path, manifest(variants=1))
    write_sheet(tmp_path / "first.csv", [row("", "", "P0001"), row("", "", "P0002", WRONG), row("", "", "P0003")])
    write_sheet(tmp_path / "second.csv", [row("", "", "P0001", WRONG), row("", "", "P0002"),
                                          row("", "", "P0003", [""] * 7)])
    Gradebook(gradebook_url).close()
    return gradebook_url


# ---- Migrations ----

def test_a_fresh_gradebook_gets_every_migration_once_and_checks_clean(gradebook_url):
    Gradebook(gradebook_url).close()
    with Gradebook(gradebook_url) as book:
        assert book.query("SELECT id, name FROM _migrations ORDER BY id") == [
            (number, name) for number, name, _ in gradebook.MIGRATIONS]
        assert book.query("SELECT id, name FROM _migrations ORDER BY id")[:3] == [
            (1, "初始表结构"), (2, "题目题干"), (3, "缺考、操作记录、在职状态")]
        assert book.check() == []
        assert book.counts() == dict.fromkeys(("staff", "exams", "papers", "scores", "responses", "import_log",
                                              "absences"), 0)


def test_a_gradebook_of_a_newer_version_is_refused_and_left_alone(gradebook_url):
    with Gradebook(gradebook_url) as book:
        book.db.execute("INSERT INTO _migrations VALUES (?, ?, ?)", (99, "将来的表结构", "2027-06-01T09:00:00+08:00"))
    before = state(gradebook_url, skip=())
    with pytest.raises(GradebookError, match="由更新版本的 servicebook 创建，请升级后再使用"):
        Gradebook(gradebook_url)
    assert state(gradebook_url, skip=()) == before


VERSION_1 = [
    "INSERT INTO staff VALUES ('E001', '张三', '客服', '一期'), ('E002', '李四', '客服', '二期')",
    "INSERT INTO exams VALUES ('2026-11-客服', 'regular', '2026-11', '客服', '2026年11月客服考试', 7, 'abc', 6, 10,"
    " 'exams/2026-11-客服', '2026-11-30T10:00:00+08:00')",
    "INSERT INTO items (exam_id, question_id, type, points, source, page, category, difficulty) VALUES"
    " ('2026-11-客服', 'q-1', '单选', 4, 'a.md#x', 'a.md', '服务', 1),"
    " ('2026-11-客服', 'q-2', '填空', 6, 'b.md#y', 'b.md', '服务', 2)",
    "INSERT INTO papers VALUES ('2026-11-客服', 'P0001', 'E001'), ('2026-11-客服', 'P0002', 'E002')",
    "INSERT INTO import_log (exam_id, file, sha256, imported_at, rows, added, replaced)"
    " VALUES ('2026-11-客服', '答题卡.xlsx', 'f00d', '2026-11-30T11:00:00+08:00', 2, 2, 0)",
    "INSERT INTO scores VALUES (1, '2026-11-客服', 'E001', 'P0001', 10, 1, 1), (2, '2026-11-客服', 'E002', 'P0002', 4, 0, 1)",
    "INSERT INTO responses VALUES (1, 1, 1, 'B', 4), (1, 2, 2, '三声', 6), (2, 1, 1, 'B', 4), (2, 2, 2, '', 0)",
    "INSERT INTO key_errata (exam_id, question_id, old_key, new_key, changed_at)"
    " VALUES ('2026-11-客服', 'q-1', 'C', 'B', '2026-11-30T12:00:00+08:00')",
    "INSERT INTO score_changes (exam_id, staff_no, question_id, old_points, new_points, old_total, new_total, reason,"
    " erratum_id, changed_at) VALUES ('2026-11-客服', 'E001', 'q-1', 0, 4, 6, 10, '更正答案', 1,"
    " '2026-11-30T12:00:00+08:00')",
]


def test_a_version_1_gradebook_with_grades_is_upgraded_and_reads_and_grades_as_before(gradebook_url, tmp_path,
                                                                                      monkeypatch):
    monkeypatch.setattr(gradebook, "MIGRATIONS", gradebook.MIGRATIONS[:1])
    with Gradebook(gradebook_url) as old:
        with old.transaction() as db:
            for statement in VERSION_1:
                db.execute(statement)
    before = state(gradebook_url, skip=("_migrations", "absences", "operations", "key_state"))
    monkeypatch.undo()
    with Gradebook(gradebook_url) as upgraded:
        assert upgraded.check() == []
        assert [r[0] for r in upgraded.query("SELECT id FROM _migrations ORDER BY id")] == ALL_MIGRATIONS
        assert upgraded.exam_results("2026-11-客服") == [("E001", "张三", "一期", "P0001", 10.0, 1),
                                                        ("E002", "李四", "二期", "P0002", 4.0, 0)]
        assert upgraded.history_of("E002") == [("2026-11", "2026年11月客服考试", "regular", 4.0, 10.0, 0)]
        assert sorted(upgraded.query("SELECT staff_no, active FROM staff")) == [("E001", 1), ("E002", 1)]
    after = state(gradebook_url, skip=("_migrations", "absences", "operations", "key_state"))
    assert {t: [r[:9] if t == "items" else r[:4] if t == "staff" else r for r in rows]
            for t, rows in after.items() if t in before} == before
    # The upgraded gradebook keeps numbering its rows after the old ones.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SERVICEBOOK_DB", str(gradebook_url))
    write_exam(tmp_path, manifest())
    write_sheet(tmp_path / "s.csv", [row("", "", "P0001")])
    ok("grade", EXAM, "s.csv")
    with Gradebook(gradebook_url) as book:
        assert book.query("SELECT import_id, exam_id FROM import_log ORDER BY import_id") == [
            (1, "2026-11-客服"), (2, "2026-12-客服")]
        assert book.counts()["responses"] == 10


# ---- Imports, undo, key corrections, staff, reports: the same on both ----

def test_import_reimport_and_undo_leave_exactly_the_earlier_state(workspace):
    empty = state(workspace)
    ok("grade", EXAM, "first.csv")
    first = state(workspace)
    with Gradebook(workspace) as book:
        results = book.exam_results("2026-12-客服")
    assert "其中 3 人的成绩已改为本答题卡的内容" in ok("grade", EXAM, "second.csv")
    second = state(workspace)
    assert second["absences"] == [["2026-12-客服", "E003", "P0003", 2]]
    assert "未做任何修改" in ok("grade", EXAM, "second.csv")
    assert state(workspace) == second
    ok("grade", EXAM, "first.csv")  # the earlier sheet again brings its scores back
    with Gradebook(workspace) as book:
        assert [r[:2] + r[3:] for r in book.exam_results("2026-12-客服")] == [r[:2] + r[3:] for r in results]
    ok("db", "undo")
    assert state(workspace) == second
    ok("db", "undo")
    assert state(workspace) == first
    ok("db", "undo")
    assert state(workspace) == empty
    log = ok("db", "log")
    assert log.count("已撤销") == 3 and log.startswith("第 6 号")


def test_an_exam_made_with_its_default_48_bit_seed_is_graded_on_either_backend(tmp_path, monkeypatch, gradebook_url):
    from servicebook.exam.assemble import default_seed

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SERVICEBOOK_DB", str(gradebook_url))
    data = manifest(variants=1)
    data["seed"] = default_seed("2026-12", "客服")  # what `exam new` writes without --seed
    write_exam(tmp_path, data)
    write_sheet(tmp_path / "first.csv", [row("", "", "P0001")])
    ok("grade", EXAM, "first.csv")
    assert state(gradebook_url)["exams"][0][5] == data["seed"] > 2 ** 31


def test_fix_key_rescores_stored_answers_and_undo_restores_them(workspace):
    ok("grade", EXAM, "first.csv")
    before = state(workspace)
    out = ok("exam", "fix-key", EXAM, "ten-steps-001", "A", "--paper", "P0001", "--root", "nowhere")
    assert "3 份作答，3 人的成绩有变化" in out
    with Gradebook(workspace) as book:
        assert [(r[0], r[4], r[5]) for r in book.exam_results("2026-12-客服")] == [
            ("E001", 45.0, 1), ("E002", 11.0, 0), ("E003", 45.0, 1)]
        assert book.query("SELECT count(*) FROM score_changes WHERE erratum_id IS NOT NULL")[0][0] == 3
    ok("db", "undo", "--root", "nowhere")
    assert state(workspace) == {**before, "key_state": state(workspace)["key_state"]}
    with Gradebook(workspace) as book:
        assert [r[0] for r in book.key_states("2026-12-客服")] == ["ten-steps-001"]


def test_staff_import_adds_updates_and_marks_leavers_and_undo_puts_them_back(workspace, tmp_path):
    ok("grade", EXAM, "first.csv")
    before = state(workspace)
    (tmp_path / "roster.csv").write_text("工号,姓名,岗位,项目,状态\nE001,张三,客服主管,一期,\nE002,李四,客服,二期,离职\n"
                                         "W9,新人,客服,三期,\n", encoding="utf-8-sig")
    assert ok("staff", "import", "roster.csv") == "员工名单：新增 1 人，更新 2 人，标记离职 1 人（李四（E002））。\n"
    with Gradebook(workspace) as book:
        assert sorted(book.query("SELECT staff_no, post, project, active FROM staff")) == [
            ("E001", "客服主管", "一期", 1), ("E002", "客服", "二期", 0), ("E003", "客服", "二期", 1),
            ("W9", "客服", "三期", 1)]
    ok("db", "undo")
    assert state(workspace) == before


def test_the_quarter_report_and_db_check_work_on_either_backend(workspace, tmp_path):
    ok("grade", EXAM, "second.csv")
    ok("report", "quarter", "2026Q4", "--out", "reports")
    rows = read_xlsx(tmp_path / "reports" / "quarter-2026Q4.xlsx", "补考名单")
    assert [r[:2] for r in rows[1:]] == [["E001", "张三"], ["E003", "王五"]]
    out = ok("db", "check")
    assert out.startswith("成绩库") and "检查通过" in out


def test_both_backends_store_identical_grades_and_write_identical_reports(tmp_path, monkeypatch, postgresql_url):
    """The same commands on SQLite and on PostgreSQL: every stored value and every report cell equal."""
    write_exam(tmp_path, manifest(variants=1))
    write_exam(tmp_path, manifest(month="2026-11"))
    write_sheet(tmp_path / "dec.csv", [row("", "", "P0001", ["B", "A", "对", "三声；1小时", "BADC", "2.5", "1.5"]),
                                       row("", "", "P0002", WRONG), row("", "", "P0003")])
    write_sheet(tmp_path / "nov.csv", [row("", "", "P0001"), row("", "", "P0002", [""] * 7),
                                       row("", "", "P0003", ["C", "AC", "错", "3声；10分钟", "ABCD", "0.5", "0"])],
                exam="2026-11-客服")
    monkeypatch.chdir(tmp_path)
    results = {}
    for name, location in (("sqlite", tmp_path / "g.sqlite"), ("postgresql", postgresql_url)):
        monkeypatch.setenv("SERVICEBOOK_DB", str(location))
        ok("grade", "exams/2026-11-客服", "nov.csv")
        ok("grade", EXAM, "dec.csv")
        ok("exam", "fix-key", EXAM, "ten-steps-002", "AB", "--paper", "P0001", "--root", "nowhere")
        ok("exam", "fix-key", EXAM, "ten-steps-002", "AC", "--paper", "P0001", "--root", "nowhere")
        ok("report", "quarter", "2026Q4", "--out", f"r-{name}")
        ok("report", "exam", EXAM, "--out", f"r-{name}")
        ok("report", "person", "E001", "--out", f"r-{name}")
        reports = {f: read_xlsx(tmp_path / f"r-{name}" / f) for f in
                   ("quarter-2026Q4.xlsx", "exam-2026-12-客服.xlsx", "person-E001.xlsx")}
        results[name] = (state(location, skip=("operations",), stamps=False), reports)
    assert results["sqlite"] == results["postgresql"]


# ---- Backup and restore ----

def test_backup_then_restore_brings_back_the_backed_up_gradebook(workspace, tmp_path):
    ok("grade", EXAM, "first.csv")
    backed_up = state(workspace, skip=())
    written = ok("db", "backup").removeprefix("已备份成绩库到 ").removesuffix("。\n")
    assert written.startswith("data/backups/")
    assert written.endswith(".dump" if isinstance(workspace, str) else ".sqlite")
    ok("grade", EXAM, "second.csv")
    if isinstance(workspace, str):
        refused = run("db", "restore", written)
        assert refused.exit_code == 1 and "已有" in refused.output and "--replace" in refused.output
        assert "WARNING" not in refused.output and "Traceback" not in refused.output
        with Gradebook(workspace) as book:  # as a later version's migration would leave it
            book.db.execute("CREATE TABLE later_table (x INTEGER)")
        out = ok("db", "restore", written, "--replace")
        assert "原有内容已备份到 data/backups/" in out
        with Gradebook(workspace) as book:
            assert not book.backend.has_table(book.db, "later_table")
    else:
        assert "原文件保留为" in ok("db", "restore", written)
    assert state(workspace, skip=()) == backed_up
    assert ok("db", "check").count("检查通过") == 1


def test_a_postgresql_backup_restores_into_a_new_empty_database(pg_cluster, postgresql_url, tmp_path, monkeypatch):
    workspace = prepare(tmp_path, monkeypatch, postgresql_url)
    ok("grade", EXAM, "first.csv")
    ok("db", "backup", "copy.dump")
    fresh = pg_cluster.create_database()
    out = ok("db", "restore", "copy.dump", "--db", fresh)
    assert out.startswith("已用 copy.dump 恢复 PostgreSQL 成绩库 postgresql://")
    assert state(fresh, skip=()) == state(workspace, skip=())
    wrong = run("db", "restore", "first.csv", "--db", pg_cluster.create_database())
    assert wrong.exit_code == 1 and "不是 PostgreSQL 成绩库的备份" in wrong.output


# ---- PostgreSQL: connections ----

@pytest.mark.parametrize("problem", ["refused", "password", "database"])
def test_an_unusable_server_gives_a_chinese_message_without_the_password(problem, pg_cluster, tmp_path, monkeypatch):
    from pgcluster import PASSWORD_ROLE

    monkeypatch.chdir(tmp_path)
    port = pg_cluster.port
    if problem == "refused":
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]  # nothing listens there once closed
    if problem == "password":
        import psycopg

        with psycopg.connect(pg_cluster.url(), autocommit=True) as connection:
            connection.execute(f"DROP ROLE IF EXISTS {PASSWORD_ROLE}")
            connection.execute(f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD 'right-one'")
    database = "no_such_db" if problem == "database" else "postgres"
    user = "postgres" if problem == "database" else PASSWORD_ROLE  # trusted: the database is what is wrong
    url = f"postgresql://{user}:s3cret-wrong@127.0.0.1:{port}/{database}"
    result = run("report", "person", "E001", "--db", url)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output.startswith(f"错误：无法连接 PostgreSQL 成绩库 postgresql://{user}@127.0.0.1:{port}/"
                                    f"{database}：")
    assert "s3cret" not in result.output and "Traceback" not in result.output
    fix = {"refused": "连不上服务器", "password": "用户名或密码不对", "database": "数据库不存在"}[problem]
    assert fix in result.output


def test_an_unknown_url_scheme_is_refused_as_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("db", "check", "--db", "mysql://u:pw@host/db")
    assert result.exit_code == 2 and "不支持的成绩库地址 mysql://u@host/db" in result.output


def test_reports_on_an_empty_postgresql_database_say_it_is_empty(postgresql_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("report", "person", "E001", "--db", postgresql_url)
    assert result.exit_code == 1 and "是空的（还没有导入过成绩）" in result.output


def test_workers_opening_a_new_postgresql_gradebook_at_once_migrate_it_once(postgresql_url):
    errors, barrier = [], threading.Barrier(6)

    def open_it():
        try:
            barrier.wait()
            Gradebook(postgresql_url).close()
        except Exception as error:  # noqa: BLE001 - collected for the assert
            errors.append(error)

    workers = [threading.Thread(target=open_it) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    with Gradebook(postgresql_url) as book:
        assert [r[0] for r in book.query("SELECT id FROM _migrations ORDER BY id")] == ALL_MIGRATIONS


def test_sessions_give_each_thread_its_own_connection_to_the_same_gradebook(gradebook_url):
    with Gradebook(gradebook_url) as book:
        with book.transaction() as db:
            db.executemany("INSERT INTO staff (staff_no, name) VALUES (?, ?)", [(p["工号"], p["姓名"]) for p in PEOPLE])
        seen, errors = [], []

        def request(staff_no):
            try:
                with book.session() as own:
                    seen.append(own.staff_member(staff_no))
                    with pytest.raises(ZeroDivisionError), own.transaction(serialize=False) as db:
                        db.execute("UPDATE staff SET name = ? WHERE staff_no = ?", ("改名", staff_no))
                        1 / 0  # noqa: B018 - a failing request rolls back its own transaction only
            except Exception as error:  # noqa: BLE001
                errors.append(error)

        workers = [threading.Thread(target=request, args=(p["工号"],)) for p in PEOPLE]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert errors == []
        assert sorted(seen) == sorted((p["姓名"], "", "") for p in PEOPLE)
        assert sorted(book.staff()) == [p["工号"] for p in PEOPLE]
        assert {v["姓名"] for v in book.staff().values()} == {p["姓名"] for p in PEOPLE}


def test_db_check_names_a_missing_table_and_an_unvalidated_constraint(workspace):
    ok("grade", EXAM, "first.csv")
    with Gradebook(workspace) as book:
        book.db.execute("DROP TABLE key_state")
        if isinstance(workspace, str):
            book.db.execute("ALTER TABLE papers ADD CONSTRAINT papers_exam_again FOREIGN KEY (exam_id)"
                            " REFERENCES exams (exam_id) NOT VALID")
    result = run("db", "check")
    assert result.exit_code == 1 and "缺少表 key_state。" in result.output
    if isinstance(workspace, str):
        assert "表 papers 的外键约束 papers_exam_again 未经验证" in result.output
        assert result.output.startswith("错误：成绩库 postgresql://postgres@127.0.0.1:")
