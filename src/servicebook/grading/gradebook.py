"""The gradebook: one SQLite file of staff, exams, papers, responses and scores.

This is the only module that imports sqlite3. Schema changes are numbered migrations recorded in
_migrations; every import and re-score is one transaction, so a crash leaves the file unchanged.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from servicebook.grading.reads import GradebookReads
from servicebook.paths import atomic_path, refuse_published


DEFAULT_PATH = Path("data") / "gradebook.sqlite"
ENV_VAR = "SERVICEBOOK_DB"


class GradebookError(Exception):
    """The gradebook file cannot be used (not a database, newer schema…); message is user-facing."""


class GradebookDamaged(GradebookError):
    """SQLite reported the file as damaged; nothing more is written to it."""


BACKUP_DIR = "backups"  # beside the gradebook: data/backups/ for the default data/gradebook.sqlite
# SQLite's result codes for a damaged file: SQLITE_CORRUPT (disk image malformed), SQLITE_NOTADB.
DAMAGE_CODES = (11, 26)


def is_damage(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in DAMAGE_CODES
    return "malformed" in str(error) or "not a database" in str(error)


def backup_dir(path: Path) -> Path:
    return path.parent / BACKUP_DIR


def newest_backup(path: Path) -> Path | None:
    found = [p for p in backup_dir(path).glob("*.sqlite") if p.is_file()]
    return max(found, key=lambda p: (p.stat().st_mtime, p.name)) if found else None


def damage_message(path: Path, error: Exception) -> str:
    from servicebook.paths import display_path

    shown = display_path(path)
    backup = newest_backup(path)
    if backup is None:
        restore = (f"没有找到备份（{display_path(backup_dir(path))}/ 中没有 .sqlite 文件）；"
                   "请把该文件交给系统维护人员尝试修复，不要再向其中导入成绩。")
    else:
        restore = (f"最近的备份是 {display_path(backup)}；用它恢复："
                   f"servicebook db restore {display_path(backup)}"
                   f"{'' if path == default_path() else f' --db {shown}'}"
                   "（损坏的文件会改名保留）。备份之后导入的答题卡和更正的答案需要重新做一遍，"
                   "可对照各考试目录中的答题卡。")
    what = "已损坏或不是成绩库文件（请先检查 --db 或 SERVICEBOOK_DB 是否指错了文件）" if "not a database" in str(error) \
        else "已损坏"
    return f"成绩库 {shown} {what}（SQLite：{error}），本次没有写入任何内容。{restore}"


class _Cursor:
    """A cursor whose reads turn damage errors into GradebookDamaged."""

    __slots__ = ("_cursor", "_guard")

    def __init__(self, cursor: sqlite3.Cursor, guard: _Guarded):
        self._cursor, self._guard = cursor, guard

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def fetchone(self):
        with self._guard.watch():
            return self._cursor.fetchone()

    def fetchall(self) -> list:
        with self._guard.watch():
            return self._cursor.fetchall()

    def __iter__(self):
        with self._guard.watch():
            yield from self._cursor


class _Guarded:
    """The connection as the rest of the code sees it: the first damage error stops all further use.

    Damage is detected when SQLite reports it (no integrity scan before each write: seconds on a big file).
    """

    def __init__(self, connection: sqlite3.Connection, path: Path):
        self.raw, self.path, self.damage = connection, path, None

    @contextmanager
    def watch(self) -> Iterator[None]:
        if self.damage is not None:
            raise GradebookDamaged(damage_message(self.path, self.damage))
        try:
            yield
        except sqlite3.DatabaseError as error:
            if not is_damage(error):
                raise
            self.damage = error
            raise GradebookDamaged(damage_message(self.path, error)) from error

    def execute(self, sql: str, params=()) -> _Cursor:
        with self.watch():
            return _Cursor(self.raw.execute(sql, params), self)

    def executemany(self, sql: str, rows) -> _Cursor:
        with self.watch():
            return _Cursor(self.raw.executemany(sql, rows), self)

    def backup(self, target: sqlite3.Connection) -> None:
        with self.watch():
            self.raw.backup(target)

    def close(self) -> None:
        self.raw.close()


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
]


def default_path(cwd: Path | None = None) -> Path:
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else (cwd or Path.cwd()) / DEFAULT_PATH


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


class Gradebook(GradebookReads):
    def __init__(self, path: Path, *, create: bool = True):
        self.path = path
        if not path.exists() and not create:
            raise GradebookError(f"成绩库 {path} 不存在。")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = _Guarded(sqlite3.connect(path, isolation_level=None, timeout=30), path)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except GradebookDamaged:
            self.db.close()
            raise
        except sqlite3.DatabaseError as error:
            self.db.close()
            raise GradebookError(f"{path} 不是有效的成绩库（{error}）。"
                                 "请检查 --db 或 SERVICEBOOK_DB 指向的文件，或用备份恢复。") from error

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[_Guarded]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            try:
                self.db.raw.execute("ROLLBACK")
            except sqlite3.Error:  # nothing to roll back, or the file is damaged: either way nothing was written
                pass
            raise
        self.db.execute("COMMIT")

    def _migrate(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                        " applied_at TEXT NOT NULL)")
        done = {row[0] for row in self.db.execute("SELECT id FROM _migrations")}
        if done and max(done) > MIGRATIONS[-1][0]:
            raise GradebookError(f"成绩库 {self.path} 由更新版本的 servicebook 创建，请升级后再使用。")
        for number, name, sql in MIGRATIONS:
            if number in done:
                continue
            with self.transaction() as db:
                for statement in filter(str.strip, sql.split(";")):
                    db.execute(statement)
                db.execute("INSERT INTO _migrations VALUES (?, ?, ?)", (number, name, now()))

    # ---- Reading ----

    def staff(self) -> dict[str, dict[str, str]]:
        return {no: {"姓名": name, "岗位": post, "项目": project}
                for no, name, post, project in self.db.execute("SELECT staff_no, name, post, project FROM staff")}

    def absentees(self, exam_id: str) -> list[tuple[str, str, str]]:
        """(工号, 姓名, 试卷编号) of everyone recorded as 缺考 in one exam; they have no row in scores."""
        return self.query("SELECT a.staff_no, st.name, a.paper_code FROM absences a JOIN staff st USING (staff_no)"
                          " WHERE a.exam_id = ? ORDER BY a.staff_no", (exam_id,))

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Read-only helper for the report builders (they never import sqlite3)."""
        return self.db.execute(sql, params).fetchall()

    def iterate(self, sql: str, params: tuple = ()) -> Iterator[tuple]:
        return self.db.execute(sql, params)

    # ---- Maintenance ----

    def backup(self, target: Path | None = None) -> Path:
        """Copy the gradebook with SQLite's online backup API (consistent while others write).

        Without a target the copy goes to backups/ beside the gradebook, named with the date and time."""
        if target is None:
            target = backup_dir(self.path) / f"{self.path.stem}-{dt.datetime.now():%Y-%m-%d-%H%M%S}.sqlite"
        refuse_published(target, "成绩库备份")
        with atomic_path(target) as tmp:
            copy = sqlite3.connect(tmp)
            with copy:
                self.db.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            copy.close()
        return target

    def check(self) -> list[str]:
        """Integrity and foreign-key problems, in Chinese; empty when the file is sound."""
        problems = [f"完整性检查：{row[0]}" for row in self.db.execute("PRAGMA integrity_check") if row[0] != "ok"]
        for table, rowid, parent, _ in self.db.execute("PRAGMA foreign_key_check"):
            problems.append(f"表 {table} 第 {rowid} 行引用的 {parent} 记录不存在。")
        return problems

    def counts(self) -> dict[str, int]:
        tables = ("staff", "exams", "papers", "scores", "responses", "import_log", "absences")
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def restore(path: Path, backup: Path) -> Path:
    """Put `backup` in place of the gradebook at `path`; the old file (and its WAL) is kept renamed.

    Returns where the old file went. The backup is checked first, so a bad backup changes nothing."""
    from servicebook.paths import display_path

    try:
        with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as copy:
            verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        verdict = str(error)
    if not backup.is_file() or verdict != "ok":
        raise GradebookError(f"备份 {display_path(backup)} 无法使用（{verdict if backup.is_file() else '文件不存在'}），"
                             f"成绩库未做改动；请换一个备份（在 {display_path(backup_dir(path))}/ 中）。")
    kept = path.with_name(f"{path.stem}-损坏-{dt.datetime.now():%Y-%m-%d-%H%M%S}{path.suffix}")
    for suffix in ("", "-wal", "-shm"):
        old = Path(f"{path}{suffix}")
        if old.exists():
            os.replace(old, Path(f"{kept}{suffix}"))
    with atomic_path(path) as tmp:
        shutil.copyfile(backup, tmp)
    return kept
