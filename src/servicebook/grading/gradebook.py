"""The gradebook: staff, exams, papers, responses and scores, in a SQLite file or a PostgreSQL database.

One API whatever the backend: `Gradebook(location)` takes a file path (SQLite, the default
data/gradebook.sqlite) or a postgresql://user:password@host:port/dbname URL (`--db` or
SERVICEBOOK_DB). What differs between the two lives in `grading/backends/` (the only sqlite3 and
psycopg importers). Schema changes are numbered migrations recorded in `_migrations`, applied in one
write transaction (on PostgreSQL under the same advisory lock as imports, so several server workers
may open the gradebook at once); a gradebook made by a newer version is refused untouched. Every
import and re-score is one transaction, so a crash leaves the gradebook unchanged.

Portable SQL — every migration and query keeps to what both backends run unchanged (after the
backend's small translation):
- parameters as `?`; never `%` formatting of values into SQL;
- column types TEXT, INTEGER, REAL only (PostgreSQL gets DOUBLE PRECISION for REAL); an id column
  that numbers itself is `INTEGER PRIMARY KEY` (identity on PostgreSQL); no AUTOINCREMENT, no
  rowid, no BLOB/JSON/date types (dates are ISO text from `now()`); `WITHOUT ROWID` is allowed
  (dropped on PostgreSQL);
- new ids are read with `INSERT … RETURNING id`, never `lastrowid`;
- upserts as `INSERT … ON CONFLICT (cols) DO UPDATE SET x = excluded.x`; no `INSERT OR REPLACE`;
- every selected column not in GROUP BY is inside an aggregate; `group_concat(x, sep)` is the one
  string aggregate (string_agg on PostgreSQL); no SQLite date/time or PostgreSQL-only functions;
- `ALTER TABLE … ADD COLUMN` with a constant default; no PRAGMA in migrations or queries (backend only).

Readers use the named reads of `GradebookReads` (grading/reads.py); writers run their SQL inside
`with book.transaction() as db:` (`db.execute`/`db.executemany`).

A server process opens one Gradebook (migrations run once) and, per request or per thread,
`with book.session() as request_book:` — a Gradebook on a connection of its own: a pooled
psycopg connection on PostgreSQL (psycopg_pool, `pool_size` per process), a fresh connection to the
file on SQLite (cheap; SQLite connections must not cross threads). `transaction(serialize=False)`
lets PostgreSQL writers that touch only their own rows (one person's answers) run side by side;
the default serialises writers of the whole gradebook, as SQLite always does.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from servicebook.grading.backends import (  # noqa: F401 - the errors are part of this module's API
    GradebookDamaged, GradebookError, describe, is_url, open_backend, parse_location)
from servicebook.grading.backends.sqlite import (  # noqa: F401 - SQLite damage handling, used by the CLI
    BACKUP_DIR, backup_dir, damage_message, is_damage, newest_backup)
from servicebook.grading.reads import GradebookReads


DEFAULT_PATH = Path("data") / "gradebook.sqlite"
ENV_VAR = "SERVICEBOOK_DB"


# ---- Migrations: (number, name, SQL); append only, never edit a released one ----

MIGRATIONS = [
    (1, "初始表结构", """
        CREATE TABLE staff (
            staff_no TEXT PRIMARY KEY, name TEXT NOT NULL, post TEXT NOT NULL DEFAULT '',
            project TEXT NOT NULL DEFAULT '');
        CREATE TABLE exams (
            exam_id TEXT PRIMARY KEY, kind TEXT NOT NULL, month TEXT NOT NULL, role TEXT NOT NULL,
            title TEXT NOT NULL, seed INTEGER, bank_fingerprint TEXT, pass_mark REAL NOT NULL,
            total_points REAL NOT NULL, exam_dir TEXT, created_at TEXT NOT NULL);
        CREATE TABLE items (
            item_id INTEGER PRIMARY KEY, exam_id TEXT NOT NULL REFERENCES exams(exam_id),
            question_id TEXT NOT NULL, type TEXT NOT NULL, points REAL NOT NULL, source TEXT, page TEXT,
            category TEXT, difficulty INTEGER, UNIQUE (exam_id, question_id));
        CREATE TABLE papers (
            exam_id TEXT NOT NULL REFERENCES exams(exam_id), code TEXT NOT NULL,
            staff_no TEXT REFERENCES staff(staff_no), PRIMARY KEY (exam_id, code));
        CREATE TABLE import_log (
            import_id INTEGER PRIMARY KEY, exam_id TEXT NOT NULL REFERENCES exams(exam_id), file TEXT NOT NULL,
            sha256 TEXT NOT NULL, imported_at TEXT NOT NULL, rows INTEGER NOT NULL, added INTEGER NOT NULL,
            replaced INTEGER NOT NULL);
        CREATE INDEX import_log_sha ON import_log (exam_id, sha256);
        CREATE TABLE scores (
            score_id INTEGER PRIMARY KEY, exam_id TEXT NOT NULL REFERENCES exams(exam_id),
            staff_no TEXT NOT NULL REFERENCES staff(staff_no), paper_code TEXT NOT NULL, total REAL NOT NULL,
            passed INTEGER NOT NULL, import_id INTEGER NOT NULL REFERENCES import_log(import_id),
            UNIQUE (exam_id, staff_no));
        CREATE INDEX scores_staff ON scores (staff_no);
        CREATE TABLE responses (
            score_id INTEGER NOT NULL REFERENCES scores(score_id) ON DELETE CASCADE, n INTEGER NOT NULL,
            item_id INTEGER NOT NULL REFERENCES items(item_id), answer TEXT NOT NULL, points REAL NOT NULL,
            PRIMARY KEY (score_id, n)) WITHOUT ROWID;
        CREATE TABLE key_errata (
            erratum_id INTEGER PRIMARY KEY, exam_id TEXT NOT NULL REFERENCES exams(exam_id),
            question_id TEXT NOT NULL, old_key TEXT NOT NULL, new_key TEXT NOT NULL, changed_at TEXT NOT NULL);
        CREATE TABLE score_changes (
            change_id INTEGER PRIMARY KEY, exam_id TEXT NOT NULL, staff_no TEXT NOT NULL, question_id TEXT,
            old_points REAL, new_points REAL, old_total REAL NOT NULL, new_total REAL NOT NULL,
            reason TEXT NOT NULL, import_id INTEGER REFERENCES import_log(import_id),
            erratum_id INTEGER REFERENCES key_errata(erratum_id), changed_at TEXT NOT NULL);
    """),
    # Reports name questions by their stem, which manifests carry since this version.
    (2, "题目题干", """
        ALTER TABLE items ADD COLUMN stem TEXT NOT NULL DEFAULT '';
    """),
    # Absent people (an all-empty row) are kept apart from scores, so every average and pass rate
    # over `scores` leaves them out by construction; `operations` is the undoable log of every
    # import, key correction and staff import; `key_state` is what the manifest's key must say.
    (3, "缺考、操作记录、在职状态", """
        CREATE TABLE absences (
            exam_id TEXT NOT NULL REFERENCES exams(exam_id), staff_no TEXT NOT NULL REFERENCES staff(staff_no),
            paper_code TEXT NOT NULL, op_id INTEGER, PRIMARY KEY (exam_id, staff_no));
        CREATE TABLE operations (
            op_id INTEGER PRIMARY KEY, kind TEXT NOT NULL, exam_id TEXT, summary TEXT NOT NULL,
            details TEXT NOT NULL, snapshot TEXT NOT NULL, created_at TEXT NOT NULL,
            undone_by INTEGER REFERENCES operations(op_id), undoes INTEGER REFERENCES operations(op_id));
        CREATE TABLE key_state (
            exam_id TEXT NOT NULL, question_id TEXT NOT NULL, keys TEXT NOT NULL, op_id INTEGER NOT NULL,
            PRIMARY KEY (exam_id, question_id));
        ALTER TABLE staff ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
    """),
    # The exam server (server/): open windows, each paper's keyed sign-in code, attempts, sessions,
    # every save as received (idempotent on attempt, device, question, sequence), the answer that
    # currently wins per question, page events (切屏) and failed sign-ins. Times are UTC text
    # (server/clock.py); codes and session tokens are stored only as keyed or plain hashes.
    (4, "在线考试", """
        CREATE TABLE online_windows (
            exam_id TEXT PRIMARY KEY, exam_dir TEXT NOT NULL, title TEXT NOT NULL,
            duration_seconds INTEGER NOT NULL, opens_at TEXT NOT NULL, closes_at TEXT NOT NULL,
            opened_at TEXT NOT NULL, closed_at TEXT);
        CREATE TABLE online_papers (
            exam_id TEXT NOT NULL REFERENCES online_windows(exam_id), paper_code TEXT NOT NULL,
            staff_no TEXT, name TEXT NOT NULL, project TEXT NOT NULL, code_hash TEXT NOT NULL,
            PRIMARY KEY (exam_id, paper_code));
        CREATE INDEX online_papers_staff ON online_papers (staff_no);
        CREATE INDEX online_papers_code ON online_papers (code_hash);
        CREATE TABLE online_attempts (
            attempt_id INTEGER PRIMARY KEY, exam_id TEXT NOT NULL, paper_code TEXT NOT NULL,
            staff_no TEXT NOT NULL, started_at TEXT NOT NULL, deadline TEXT NOT NULL, submitted_at TEXT,
            submitted_how TEXT, UNIQUE (exam_id, paper_code));
        CREATE TABLE online_sessions (
            token_hash TEXT PRIMARY KEY, role TEXT NOT NULL, attempt_id INTEGER, csrf TEXT NOT NULL,
            address TEXT NOT NULL, created_at TEXT NOT NULL, ended_at TEXT, ended_reason TEXT);
        CREATE INDEX online_sessions_attempt ON online_sessions (attempt_id);
        CREATE TABLE online_saves (
            attempt_id INTEGER NOT NULL, device TEXT NOT NULL, n INTEGER NOT NULL, seq INTEGER NOT NULL,
            answer TEXT NOT NULL, remaining REAL NOT NULL, changed_at TEXT NOT NULL, received_at TEXT NOT NULL,
            status TEXT NOT NULL, PRIMARY KEY (attempt_id, device, n, seq));
        CREATE TABLE online_answers (
            attempt_id INTEGER NOT NULL, n INTEGER NOT NULL, answer TEXT NOT NULL, changed_at TEXT NOT NULL,
            device TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (attempt_id, n));
        CREATE TABLE online_events (
            event_id INTEGER PRIMARY KEY, exam_id TEXT NOT NULL, attempt_id INTEGER, kind TEXT NOT NULL,
            detail TEXT NOT NULL, at TEXT NOT NULL);
        CREATE INDEX online_events_attempt ON online_events (attempt_id, kind);
        CREATE TABLE online_failures (
            failure_id INTEGER PRIMARY KEY, kind TEXT NOT NULL, subject TEXT NOT NULL, at TEXT NOT NULL);
        CREATE INDEX online_failures_subject ON online_failures (kind, subject, at)
    """),
    # When a person may see their own result and 错题解析: 'close' (the window ended) or 'submit'
    # (as soon as they have handed in; the trainer's choice per window, server/results_pages.py).
    (5, "成绩公布时间", """
        ALTER TABLE online_windows ADD COLUMN results_at TEXT NOT NULL DEFAULT 'close'
    """),
]


def location(given: Path | str | None = None) -> Path | str:
    """The gradebook a command uses: `given` (--db: a file path or a postgresql:// URL), else
    SERVICEBOOK_DB, else data/gradebook.sqlite. Raises GradebookError saying what is malformed."""
    if given is not None:
        return parse_location(given)
    try:
        return default_location()
    except GradebookError as error:
        raise GradebookError(f"环境变量 {ENV_VAR}：{error}") from None


def default_location(cwd: Path | None = None) -> Path | str:
    """SERVICEBOOK_DB (a path or a postgresql:// URL) or data/gradebook.sqlite."""
    env = os.environ.get(ENV_VAR)
    return parse_location(env) if env else (cwd or Path.cwd()) / DEFAULT_PATH


def default_path(cwd: Path | None = None) -> Path:
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else (cwd or Path.cwd()) / DEFAULT_PATH


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def migration_tables() -> list[str]:
    """The tables the migrations create, in order."""
    return [name for _, _, sql in MIGRATIONS for name in re.findall(r"CREATE TABLE (\w+)", sql)]


class Gradebook(GradebookReads):
    _lent = False  # True for the Gradebook that session() yields: its connection goes back, not closed

    def __init__(self, location: Path | str, *, create: bool = True, pool_size: int | None = None):
        """Open (and if needed create and migrate) the gradebook at a file path or a postgresql:// URL.

        `pool_size`: on PostgreSQL, the most connections `session()` keeps open in this process."""
        self.location = parse_location(location)
        self.backend = open_backend(self.location)
        if pool_size is not None and hasattr(self.backend, "pool_size"):
            self.backend.pool_size = pool_size
        self.path = self.backend.path  # the SQLite file; None on PostgreSQL
        self.db = self.backend.connect(create=create)
        with self.backend.opening(self.db):
            self._migrate(create)

    @classmethod
    def _on(cls, other: Gradebook, db) -> Gradebook:
        view = cls.__new__(cls)
        view.location, view.backend, view.path, view.db = other.location, other.backend, other.path, db
        view._lent = True
        return view

    @property
    def where(self) -> str:
        """The gradebook as messages name it: a path, or a URL without the password."""
        return self.backend.describe()

    def close(self) -> None:
        if self._lent:  # session() gives the connection back when its block ends
            return
        self.db.close()
        self.backend.close()

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def session(self) -> Iterator[Gradebook]:
        """This gradebook on a connection of its own, for one request or thread (see the module docstring)."""
        with self.backend.lease() as db:
            yield Gradebook._on(self, db)

    @contextmanager
    def transaction(self, *, serialize: bool = True) -> Iterator:
        self.backend.begin(self.db, serialize)
        try:
            yield self.db
        except BaseException:
            self.backend.rollback(self.db)
            raise
        self.db.execute("COMMIT")

    def _applied(self) -> set[int]:
        if not self.backend.has_table(self.db, "_migrations"):
            return set()
        return {row[0] for row in self.db.execute("SELECT id FROM _migrations")}

    def _refuse_newer(self, done: set[int]) -> None:
        if done and max(done) > MIGRATIONS[-1][0]:
            raise GradebookError(f"成绩库 {self.where} 由更新版本的 servicebook 创建，请升级后再使用。")

    def _migrate(self, create: bool = True) -> None:
        done = self._applied()
        self._refuse_newer(done)
        if all(number in done for number, _, _ in MIGRATIONS):
            return
        if not done and not create and self.path is None:
            raise GradebookError(f"成绩库 {self.where} 是空的（还没有导入过成绩）。"
                                 "先用 servicebook grade 或 servicebook staff import 导入，或检查地址中的数据库名。")
        with self.transaction() as db:  # one writer migrates; the others wait, then find nothing to do
            db.execute("CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                       " applied_at TEXT NOT NULL)")
            done = self._applied()
            self._refuse_newer(done)
            for number, name, sql in MIGRATIONS:
                if number in done:
                    continue
                for statement in filter(str.strip, sql.split(";")):
                    db.execute(self.backend.ddl(statement))
                db.execute("INSERT INTO _migrations VALUES (?, ?, ?)", (number, name, now()))

    # ---- Reading ----

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Raw read-only SQL for tests and diagnostics; grading code uses the named reads."""
        return self.db.execute(sql, params).fetchall()

    def iterate(self, sql: str, params: tuple = ()) -> Iterator[tuple]:
        return iter(self.db.execute(sql, params))

    # ---- Maintenance ----

    def backup(self, target: Path | None = None) -> Path:
        """A consistent copy while others write: SQLite's backup API, or pg_dump on PostgreSQL.

        Without a target the copy goes to backups/ beside the gradebook (data/backups/ on PostgreSQL),
        named with the date and time."""
        return self.backend.backup(self.db, target)

    def check(self) -> list[str]:
        """Problems in Chinese (the backend's own checks, then the migrations' state); empty when sound."""
        problems = self.backend.check(self.db)
        done = sorted(self._applied())
        expected = [number for number, _, _ in MIGRATIONS]
        if done != expected:
            problems.append(f"表结构版本记录（_migrations）为 {done}，应为 {expected}。")
        problems += [f"缺少表 {table}。" for table in migration_tables() if not self.backend.has_table(self.db, table)]
        return problems

    def counts(self) -> dict[str, int]:
        tables = ("staff", "exams", "papers", "scores", "responses", "import_log", "absences")
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def restore(location: Path | str, backup: Path, *, replace: bool = False) -> Path | None:
    """Put a backup in place of the gradebook; returns where the content it replaced was kept (None: nothing).

    SQLite: the old file (and its WAL) is renamed and kept. PostgreSQL: see backends.postgres.restore."""
    location = parse_location(location)
    if is_url(location):
        from servicebook.grading.backends.postgres import restore as restore_postgres

        return restore_postgres(str(location), backup, replace=replace)
    from servicebook.grading.backends.sqlite import restore as restore_sqlite

    return restore_sqlite(Path(location), backup)
