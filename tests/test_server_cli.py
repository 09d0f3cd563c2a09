"""exam open / exam close / exam serve on the command line: Chinese messages, nothing half-done."""

from __future__ import annotations

from click.testing import CliRunner

from serverfixture import prepare_exam
from servicebook.cli import main
from servicebook.grading.gradebook import Gradebook
from servicebook.server import store


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_open_then_close_an_exam(tmp_path):
    exam_dir = prepare_exam(tmp_path)
    db = str(tmp_path / "g.sqlite")
    opened = run("exam", "open", str(exam_dir), "--db", db, "--from", "2026-12-20 09:00", "--until", "2099-12-20 11:00")
    assert opened.exit_code == 0, opened.output
    assert "已开放在线考试 2026-12 客服月度考试：2026-12-20 09:00 至 2099-12-20 11:00，每人答题 60 分钟" in opened.output
    assert (tmp_path / "server-secret.key").stat().st_mode & 0o077 == 0  # readable by its owner only
    with Gradebook(tmp_path / "g.sqlite") as gb:
        assert [s.staff_no for s in store.seats(gb, "2026-12-客服")] == ["E001", "E002", "E003"]
        assert all(len(s.code_hash) == 64 for s in store.seats(gb, "2026-12-客服"))
    closed = run("exam", "close", str(exam_dir), "--db", db)
    assert closed.exit_code == 0 and "已关闭在线考试" in closed.output


def test_bad_times_and_folders_are_refused_in_chinese(tmp_path):
    exam_dir = prepare_exam(tmp_path)
    db = str(tmp_path / "g.sqlite")
    typo = run("exam", "open", str(exam_dir), "--db", db, "--from", "20日9点", "--until", "2099-12-20 11:00")
    assert typo.exit_code == 2 and "时间应写成“2026-12-20 09:00”" in typo.output
    backwards = run("exam", "open", str(exam_dir), "--db", db, "--from", "2099-12-20 11:00", "--until", "2099-12-20 09:00")
    assert backwards.exit_code == 1 and "不晚于开始时间" in backwards.output and "Traceback" not in backwards.output
    missing = run("exam", "open", str(tmp_path / "nope"), "--db", db, "--from", "2099-12-20 09:00",
                  "--until", "2099-12-20 11:00")
    assert missing.exit_code == 1 and "找不到试卷清单" in missing.output
    never = run("exam", "close", str(exam_dir), "--db", db)
    assert never.exit_code == 1 and "还没有开放过" in never.output
    with Gradebook(tmp_path / "g.sqlite") as gb:
        assert store.windows(gb) == []


def test_a_sign_in_sheet_that_does_not_match_the_papers_opens_nothing(tmp_path):
    exam_dir = prepare_exam(tmp_path)
    (exam_dir / "signin.xlsx").unlink()
    db = str(tmp_path / "g.sqlite")
    result = run("exam", "open", str(exam_dir), "--db", db, "--from", "2026-12-20 09:00", "--until", "2099-12-20 11:00")
    assert result.exit_code == 1 and "signin.xlsx" in result.output
    with Gradebook(tmp_path / "g.sqlite") as gb:
        assert store.windows(gb) == []


def test_serve_refuses_several_workers_on_sqlite(tmp_path):
    result = run("exam", "serve", "--db", str(tmp_path / "g.sqlite"), "--workers", "2")
    assert result.exit_code == 2 and "PostgreSQL" in result.output
