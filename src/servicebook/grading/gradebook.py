"""The gradebook: one SQLite file of staff, exams, papers, responses and scores.

This is the only module that imports sqlite3. Schema changes are numbered migrations recorded in
_migrations; every import and re-score is one transaction, so a crash leaves the file unchanged.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from servicebook.grading.scoring import Attempt
from servicebook.grading.sheets import Manifest

DEFAULT_PATH = Path("data") / "gradebook.sqlite"
ENV_VAR = "SERVICEBOOK_DB"


class GradebookError(Exception):
    """The gradebook file cannot be used (not a database, newer schema…); message is user-facing."""


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
]


def default_path(cwd: Path | None = None) -> Path:
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else (cwd or Path.cwd()) / DEFAULT_PATH


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class ImportOutcome:
    already_imported: bool
    added: int = 0
    replaced: int = 0
    changed: int = 0  # replaced people whose total changed


class Gradebook:
    def __init__(self, path: Path, *, create: bool = True):
        self.path = path
        if not path.exists() and not create:
            raise GradebookError(f"成绩库 {path} 不存在。")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None, timeout=30)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
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
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
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

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Read-only helper for the report builders (they never import sqlite3)."""
        return self.db.execute(sql, params).fetchall()

    def iterate(self, sql: str, params: tuple = ()) -> Iterator[tuple]:
        return self.db.execute(sql, params)

    # ---- Importing a graded sheet ----

    def import_attempts(self, manifest: Manifest, exam_dir: str, sheet_file: str, sha256: str,
                        rows: int, attempts: list[Attempt]) -> ImportOutcome:
        """Store one graded sheet in one transaction; the same file twice changes nothing."""
        stamp = now()
        with self.transaction() as db:
            seen = db.execute("SELECT 1 FROM import_log WHERE exam_id = ? AND sha256 = ?",
                              (manifest.exam_id, sha256)).fetchone()
            if seen:
                return ImportOutcome(already_imported=True)
            items = self._store_exam(db, manifest, exam_dir, stamp)
            known = self.staff()
            db.executemany("INSERT INTO staff VALUES (?, ?, ?, ?) ON CONFLICT (staff_no) DO UPDATE SET"
                           " name = excluded.name, post = excluded.post, project = excluded.project",
                           _staff_rows(manifest, attempts, known))
            db.executemany("INSERT OR IGNORE INTO papers VALUES (?, ?, ?)",
                           ((manifest.exam_id, p.code, p.person.get("工号") if p.person else None)
                            for p in manifest.papers.values()))
            import_id = db.execute(
                "INSERT INTO import_log (exam_id, file, sha256, imported_at, rows, added, replaced)"
                " VALUES (?, ?, ?, ?, ?, 0, 0)", (manifest.exam_id, sheet_file, sha256, stamp, rows)).lastrowid
            previous = {no: (sid, total) for sid, no, total in db.execute(
                "SELECT score_id, staff_no, total FROM scores WHERE exam_id = ?", (manifest.exam_id,))}
            replaced = [a for a in attempts if a.staff_no in previous]
            changed = [a for a in replaced if abs(previous[a.staff_no][1] - a.total) > 1e-9]
            db.executemany(
                "INSERT INTO score_changes (exam_id, staff_no, old_total, new_total, reason, import_id, changed_at)"
                " VALUES (?, ?, ?, ?, '重新导入答题卡', ?, ?)",
                [(manifest.exam_id, a.staff_no, previous[a.staff_no][1], a.total, import_id, stamp) for a in changed])
            db.executemany("DELETE FROM scores WHERE score_id = ?", [(previous[a.staff_no][0],) for a in replaced])
            first = (db.execute("SELECT coalesce(max(score_id), 0) FROM scores").fetchone()[0]) + 1
            db.executemany("INSERT INTO scores VALUES (?, ?, ?, ?, ?, ?, ?)", (
                (first + i, manifest.exam_id, a.staff_no, a.paper, a.total, int(a.total >= manifest.pass_mark - 1e-9),
                 import_id) for i, a in enumerate(attempts)))
            db.executemany("INSERT INTO responses VALUES (?, ?, ?, ?, ?)", _response_rows(manifest, attempts, first,
                                                                                         items))
            db.execute("UPDATE import_log SET added = ?, replaced = ? WHERE import_id = ?",
                       (len(attempts) - len(replaced), len(replaced), import_id))
        return ImportOutcome(False, len(attempts) - len(replaced), len(replaced), len(changed))

    def _store_exam(self, db: sqlite3.Connection, manifest: Manifest, exam_dir: str, stamp: str) -> dict[str, int]:
        db.execute(
            "INSERT INTO exams VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (exam_id) DO UPDATE SET"
            " pass_mark = excluded.pass_mark, total_points = excluded.total_points, exam_dir = excluded.exam_dir",
            (manifest.exam_id, manifest.kind, manifest.month, manifest.role, manifest.title, manifest.seed,
             manifest.bank_fingerprint, manifest.pass_mark, manifest.total_points, exam_dir, stamp))
        questions = {q.id: q for paper in manifest.papers.values() for q in paper.questions}
        db.executemany("INSERT INTO items (exam_id, question_id, type, points, source, page, category,"
                       " difficulty, stem) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT (exam_id, question_id) DO UPDATE SET stem = excluded.stem WHERE excluded.stem <> ''",
                       [(manifest.exam_id, q.id, q.type, q.points, q.source, q.page, q.category, q.difficulty,
                         q.stem) for q in questions.values()])
        return dict(db.execute("SELECT question_id, item_id FROM items WHERE exam_id = ?", (manifest.exam_id,)))

    # ---- Correcting a key ----

    def rescore(self, exam_id: str, question_id: str, old_key: str, new_key: str,
                new_points: Callable[[str, str], float], pass_mark: float) -> tuple[int, int]:
        """Re-score every stored answer to one question; returns (answers re-scored, people whose total changed).

        `new_points(paper_code, answer)` scores one stored answer under the corrected key.
        """
        stamp = now()
        with self.transaction() as db:
            erratum = db.execute("INSERT INTO key_errata (exam_id, question_id, old_key, new_key, changed_at)"
                                 " VALUES (?, ?, ?, ?, ?)", (exam_id, question_id, old_key, new_key, stamp)).lastrowid
            rows = db.execute(
                "SELECT r.score_id, r.n, r.answer, r.points, s.paper_code, s.staff_no, s.total FROM responses r"
                " JOIN scores s USING (score_id) JOIN items i USING (item_id)"
                " WHERE i.exam_id = ? AND i.question_id = ?", (exam_id, question_id)).fetchall()
            updates, totals, changes = [], [], []
            for score_id, n, answer, old, paper, staff_no, total in rows:
                new = new_points(paper, answer)
                if abs(new - old) <= 1e-9:
                    continue
                new_total = round(total - old + new, 6)
                updates.append((new, score_id, n))
                totals.append((new_total, int(new_total >= pass_mark - 1e-9), score_id))
                changes.append((exam_id, staff_no, question_id, old, new, total, new_total, erratum, stamp))
            db.executemany("UPDATE responses SET points = ? WHERE score_id = ? AND n = ?", updates)
            db.executemany("UPDATE scores SET total = ?, passed = ? WHERE score_id = ?", totals)
            db.executemany(
                "INSERT INTO score_changes (exam_id, staff_no, question_id, old_points, new_points, old_total,"
                " new_total, reason, erratum_id, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, '更正答案', ?, ?)", changes)
        return len(rows), len(changes)

    # ---- Maintenance ----

    def backup(self, target: Path) -> None:
        """Copy the gradebook with SQLite's online backup API (consistent while others write)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
        try:
            copy = sqlite3.connect(tmp)
            with copy:
                self.db.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            copy.close()
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def check(self) -> list[str]:
        """Integrity and foreign-key problems, in Chinese; empty when the file is sound."""
        problems = [f"完整性检查：{row[0]}" for row in self.db.execute("PRAGMA integrity_check") if row[0] != "ok"]
        for table, rowid, parent, _ in self.db.execute("PRAGMA foreign_key_check"):
            problems.append(f"表 {table} 第 {rowid} 行引用的 {parent} 记录不存在。")
        return problems

    def counts(self) -> dict[str, int]:
        tables = ("staff", "exams", "papers", "scores", "responses", "import_log")
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def _staff_rows(manifest: Manifest, attempts: list[Attempt], known: dict[str, dict[str, str]]):
    rows = {}
    for paper in manifest.papers.values():
        if paper.person and paper.person.get("工号"):
            p = paper.person
            rows[p["工号"]] = (p["工号"], p.get("姓名", ""), p.get("岗位", ""), p.get("项目", ""))
    for a in attempts:
        if a.staff_no not in rows:
            old = known.get(a.staff_no)
            rows[a.staff_no] = (a.staff_no, a.name or (old or {}).get("姓名", ""), (old or {}).get("岗位") or a.post,
                                (old or {}).get("项目") or a.project)
    return [row for no, row in rows.items() if known.get(no) != {"姓名": row[1], "岗位": row[2], "项目": row[3]}]


def _response_rows(manifest: Manifest, attempts: list[Attempt], first: int, items: dict[str, int]):
    for offset, attempt in enumerate(attempts):
        score_id = first + offset
        for question, answer, points in zip(manifest.papers[attempt.paper].questions, attempt.answers,
                                            attempt.points):
            yield score_id, question.n, items[question.id], answer, points
