"""Reliability: a killed import leaves the gradebook unchanged, and malformed sheets never crash or write."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner
from gradingfixture import HEADERS, PERFECT, manifest, row, write_exam, write_sheet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicebook.cli import main


def snapshot(db: Path) -> list[str]:
    connection = sqlite3.connect(db)
    try:
        return [line for line in connection.iterdump() if "_migrations" not in line]
    finally:
        connection.close()


def integrity(db: Path) -> list[tuple]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute("PRAGMA integrity_check").fetchall() + connection.execute(
            "PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()


def big_sheet(path: Path, people: int, exam: str) -> Path:
    rows = [row(f"W{i:06d}", f"员工{i}", f"V{i % 3 + 1:04d}", PERFECT if i % 2 else ["C", "A", "错", "", "ABCD", "1", "1"])
            for i in range(people)]
    return write_sheet(path, rows, exam=exam)


# Runs `servicebook grade` in a child process that kills itself (SIGKILL, no clean-up) when the import
# transaction has written KILL_AT response rows: the same point every run, however fast grading is.
KILLED_GRADE = """
import os, signal, sys
from servicebook.cli import main
from servicebook.grading import importing

kill_at, rows = int(sys.argv[1]), importing._response_rows

def rows_then_die(*args, **kwargs):
    for index, response in enumerate(rows(*args, **kwargs)):
        if index == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        yield response

importing._response_rows = rows_then_die
main(sys.argv[2:])
"""


def test_killing_a_large_import_leaves_the_gradebook_unchanged_and_sound(tmp_path):
    people = 6_000
    db = tmp_path / "g.sqlite"
    for month in ("2026-11", "2026-12"):
        write_exam(tmp_path, manifest(month=month, people=[], variants=3))
    big_sheet(tmp_path / "november.csv", people, "2026-11-客服")
    first = CliRunner().invoke(main, ["grade", str(tmp_path / "exams/2026-11-客服"), str(tmp_path / "november.csv"),
                                      "--db", str(db)])
    assert first.exit_code == 0, first.output
    before = snapshot(db)
    big_sheet(tmp_path / "december.csv", people, "2026-12-客服")
    killed = subprocess.run([sys.executable, "-c", KILLED_GRADE, str(people * 3), "grade",
                             str(tmp_path / "exams/2026-12-客服"), str(tmp_path / "december.csv"), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr  # killed mid-transaction, not finished
    assert snapshot(db) == before
    assert integrity(db) == [("ok",)]


# ---- malformed sheets ----

CELLS = st.sampled_from(["", "B", "b", "Ｂ", "AC", "Z", "对", "错", "?", "三声；10分钟", "BADC", "AAAA", "3", "99",
                         "-1", "nan", "1e9", "P0001", "P0002", "P9999", "V0001", "E001", "E002", "X", "；;", "=1+1",
                         "\u3000", "😀", "0x10", "1,5"])
HEADER_SETS = st.sampled_from([HEADERS, HEADERS[:-1], HEADERS[1:], ["工号", "姓名", "试卷编号"], ["a", "b"], []])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(headers=HEADER_SETS, rows=st.lists(st.lists(CELLS, min_size=0, max_size=12), max_size=6),
       xlsx=st.booleans(), seeded=st.booleans())
def test_malformed_sheets_never_crash_and_never_change_the_gradebook_when_rejected(headers, rows, xlsx, seeded):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        exam_dir = write_exam(root, manifest(variants=1))
        db = root / "g.sqlite"
        runner = CliRunner()
        if seeded:
            write_sheet(root / "seed" / "seed.csv", [row("", "", "P0003")])
            assert runner.invoke(main, ["grade", str(exam_dir), str(root / "seed" / "seed.csv"), "--db", str(db)]).exit_code == 0
        before = snapshot(db) if db.exists() else None
        sheet = write_sheet(root / ("s.xlsx" if xlsx else "s.csv"), rows, headers=headers)
        result = runner.invoke(main, ["grade", str(exam_dir), str(sheet), "--db", str(db)])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.output
        if result.exit_code == 1:
            assert result.output.startswith("错误：")
            assert (snapshot(db) if db.exists() else None) in (before, snapshot_of_empty(db, before))
            assert not (root / "results.xlsx").exists()


def snapshot_of_empty(db: Path, before):
    """A rejected sheet may leave a freshly created, empty gradebook (schema only) but no data."""
    if before is not None:
        return before
    return [line for line in snapshot(db) if not line.startswith("INSERT")] if db.exists() else None
