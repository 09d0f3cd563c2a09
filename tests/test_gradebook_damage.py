"""Issue 9.8: a damaged gradebook gives a Chinese message naming the newest backup, exit 1, and no writes."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from gradingfixture import manifest, row, write_exam, write_sheet

from servicebook.cli import main
from servicebook.grading.gradebook import Gradebook, GradebookDamaged

EXAM = "exams/2026-12-客服"
PAGE = 4096


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def damaged(tmp_path, monkeypatch):
    """A real gradebook of 1,500 graded people, backed up, then with pages in its middle overwritten."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SERVICEBOOK_DB", raising=False)
    write_exam(tmp_path, manifest(people=[], variants=2))
    write_sheet(tmp_path / "s.csv", [row(f"W{i:05d}", f"员工{i}", "V0001") for i in range(1500)])
    assert run("grade", EXAM, "s.csv").exit_code == 0
    older = run("db", "backup", "data/backups/gradebook-2026-11-30-080000.sqlite")
    newest = run("db", "backup")
    assert older.exit_code == newest.exit_code == 0
    os.utime("data/backups/gradebook-2026-11-30-080000.sqlite", (1, 1))  # made long ago
    backup = newest.output.removeprefix("已备份成绩库到 ").removesuffix("。\n")
    path = tmp_path / "data" / "gradebook.sqlite"
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    pages = path.stat().st_size // PAGE
    with path.open("r+b") as handle:
        for page in range(pages // 3, pages * 2 // 3, 2):
            handle.seek(page * PAGE)
            handle.write(hashlib.sha512(str(page).encode()).digest() * (PAGE // 64))
    write_sheet(tmp_path / "t.csv", [row("W00001", "员工1", "V0002")])
    return path, backup


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("command", [
    ["grade", EXAM, "t.csv"],
    ["db", "check"],
    ["report", "quarter", "2026Q4", "--out", "reports"],
    ["report", "exam", EXAM, "--out", "reports"],
    ["report", "person", "W00001", "--out", "reports"],
    ["exam", "fix-key", EXAM, "ten-steps-001", "C", "--root", "nowhere"],
    ["db", "undo"],
])
def test_every_gradebook_command_names_the_damage_and_the_newest_backup(damaged, command):
    path, backup = damaged
    before = digest(path)
    result = run(*command)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "程序内部错误" not in result.output
    assert "成绩库 data/gradebook.sqlite 已损坏" in result.output
    assert f"最近的备份是 {backup}；用它恢复：servicebook db restore {backup}" in result.output
    assert digest(path) == before  # nothing was written


def test_restore_puts_the_backup_in_place_and_keeps_the_damaged_file(damaged):
    path, backup = damaged
    result = run("db", "restore", backup)
    assert result.exit_code == 0, result.output
    kept = sorted(path.parent.glob("gradebook-损坏-*.sqlite"))
    assert len(kept) == 1 and f"原文件保留为 data/{kept[0].name}" in result.output
    assert run("db", "check").output == "成绩库检查通过：完整性和外键均无问题。\n"
    assert run("grade", EXAM, "t.csv").exit_code == 0


def test_after_the_first_damage_error_nothing_more_reaches_the_file(tmp_path):
    with Gradebook(tmp_path / "g.sqlite") as book:
        book.db.damage = sqlite3.DatabaseError("database disk image is malformed")
        with pytest.raises(GradebookDamaged, match="已损坏"):
            book.db.execute("INSERT INTO staff (staff_no, name) VALUES ('E1', '甲')")
        book.db.raw.execute("SELECT 1")  # the connection itself still works: the guard refused
    with sqlite3.connect(tmp_path / "g.sqlite") as db:
        assert db.execute("SELECT count(*) FROM staff").fetchone() == (0,)
