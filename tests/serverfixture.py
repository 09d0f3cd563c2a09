"""An exam opened on the exam server, with a fake clock, for the server tests."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from gradingfixture import manifest, write_exam
from servicebook.exam.render.signin import render_signin_sheet
from servicebook.exam.signin import SHEET_FILE, SigninEntry, read_signin
from servicebook.grading.gradebook import Gradebook
from servicebook.server import windows
from servicebook.server.clock import FakeClock
from servicebook.server.config import ServerConfig
from servicebook.server.secret import token_hash

START = 1_797_800_000.0  # 2026-12-20, a fixed moment for every test
SECRET = b"test-secret-0123456789abcdef"
TRAINER_TOKEN = "trainer-token-for-tests"


def write_signin(exam_dir: Path, data: dict) -> None:
    """signin.xlsx as `exam new` writes it, with a random 8-digit code per paper."""
    entries = [SigninEntry((p["person"] or {}).get("工号"), (p["person"] or {}).get("姓名", ""),
                           (p["person"] or {}).get("项目", ""), p["code"], str(10_000_000 + secrets.randbelow(89_999_999)))
               for p in data["papers"]]
    exam = SimpleNamespace(exam_id=data["exam_id"], title=data["title"])
    (exam_dir / SHEET_FILE).write_bytes(render_signin_sheet(exam, entries, None))


@dataclass
class OpenExam:
    exam_dir: Path
    db: Path | str
    clock: FakeClock
    codes: dict[str, str]  # paper code → sign-in code
    staff: dict[str, str]  # 工号 → paper code
    config: ServerConfig

    def code_of(self, staff_no: str) -> str:
        return self.codes[self.staff[staff_no]]


def open_exam(tmp_path: Path, *, variants: int = 0, duration_minutes: int = 60, window_minutes: int = 120,
              grace: float = 120.0, db: Path | str | None = None) -> OpenExam:
    data = manifest(variants=variants)
    data["duration_minutes"] = duration_minutes
    exam_dir = write_exam(tmp_path, data)
    write_signin(exam_dir, data)
    entries = read_signin(exam_dir)
    clock = FakeClock(START)
    db = db or tmp_path / "data" / "gradebook.sqlite"
    with Gradebook(db) as gb:
        windows.open_exam(gb, exam_dir, START - 60, START + window_minutes * 60, SECRET, clock.now())
    config = ServerConfig(db=db, exams_dir=tmp_path / "exams", secret=SECRET,
                          trainer_token_hash=token_hash(TRAINER_TOKEN), clock=clock, grace=grace)
    return OpenExam(exam_dir, db, clock, {e.paper_code: e.code for e in entries},
                    {e.staff_no: e.paper_code for e in entries if e.staff_no}, config)
