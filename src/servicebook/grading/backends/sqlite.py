"""SQLite, the default backend: one file, WAL, one writer at a time (`BEGIN IMMEDIATE`), damage detection.

The portable SQL of gradebook.py is SQLite's own dialect, so nothing is translated here.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from servicebook.grading.backends import GradebookDamaged, GradebookError
from servicebook.paths import atomic_path, display_path, refuse_published

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
    from servicebook.grading.gradebook import default_path

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


class SqliteBackend:
    name = "SQLite"

    def __init__(self, path: Path):
        self.path = path

    def describe(self) -> str:
        return display_path(self.path)

    def connect(self, *, create: bool = True) -> _Guarded:
        if not self.path.exists() and not create:
            raise GradebookError(f"成绩库 {self.path} 不存在。")
        if not self.path.exists():
            refuse_published(self.path, "成绩库")  # staff names and scores
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = _Guarded(sqlite3.connect(self.path, isolation_level=None, timeout=30),
                      self.path)
        with self.opening(db):
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
        return db

    @contextmanager
    def opening(self, db: _Guarded) -> Iterator[None]:
        """Errors while opening (damage, not a gradebook) close the connection and say so in Chinese."""
        try:
            yield
        except GradebookDamaged:
            db.close()
            raise
        except sqlite3.DatabaseError as error:
            db.close()
            raise GradebookError(f"{self.path} 不是有效的成绩库（{error}）。"
                                 "请检查 --db 或 SERVICEBOOK_DB 指向的文件，或用备份恢复。") from error
        except BaseException:
            db.close()
            raise

    @contextmanager
    def lease(self) -> Iterator[_Guarded]:
        """A connection of its own (for one request or thread): cheap for a file, closed afterwards."""
        db = self.connect(create=False)
        try:
            yield db
        finally:
            db.close()

    def close(self) -> None:
        pass

    # ---- Dialect ----

    @staticmethod
    def ddl(statement: str) -> str:
        return statement

    @staticmethod
    def begin(db: _Guarded, serialize: bool = True) -> None:
        db.execute("BEGIN IMMEDIATE")  # SQLite has one writer at a time whatever `serialize` says

    @staticmethod
    def rollback(db: _Guarded) -> None:
        try:
            db.raw.execute("ROLLBACK")
        except sqlite3.Error:  # nothing to roll back, or the file is damaged: either way nothing was written
            pass

    @staticmethod
    def has_table(db: _Guarded, name: str) -> bool:
        return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() \
            is not None

    # ---- Maintenance ----

    def check(self, db: _Guarded) -> list[str]:
        """Integrity and foreign-key problems, in Chinese; empty when the file is sound."""
        problems = [f"完整性检查：{row[0]}" for row in db.execute("PRAGMA integrity_check") if row[0] != "ok"]
        for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check"):
            problems.append(f"表 {table} 第 {rowid} 行引用的 {parent} 记录不存在。")
        return problems

    def backup(self, db: _Guarded, target: Path | None = None) -> Path:
        """Copy the gradebook with SQLite's online backup API (consistent while others write).

        Without a target the copy goes to backups/ beside the gradebook, named with the date and time."""
        if target is None:
            target = backup_dir(self.path) / f"{self.path.stem}-{dt.datetime.now():%Y-%m-%d-%H%M%S}.sqlite"
        refuse_published(target, "成绩库备份")
        with atomic_path(target) as tmp:
            copy = sqlite3.connect(tmp)
            with copy:
                db.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            copy.close()
        return target


def restore(path: Path, backup: Path) -> Path:
    """Put `backup` in place of the gradebook at `path`; the old file (and its WAL) is kept renamed.

    Returns where the old file went. The backup is checked first, so a bad backup changes nothing."""
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
