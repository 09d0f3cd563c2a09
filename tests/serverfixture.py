"""An exam opened on the exam server, with a fake clock, for the server tests."""

from __future__ import annotations

import contextlib
import secrets
import socket
import threading
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


STEMS = {1: "接到投诉时，第一步应当（　　）。", 2: "处理投诉时应当做到哪些？", 3: "电话应在铃响三声内接听。",
         4: "电话铃响____内接听，承诺回电的在____内回电。", 5: "把报修处理的步骤排成正确的顺序。",
         6: "业主在前台大声投诉漏水无人处理，你会怎么做？"}


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


def prepare_exam(tmp_path: Path, *, variants: int = 0, duration_minutes: int = 60) -> Path:
    """An exam folder as `exam new` leaves it for the server: manifest.json and signin.xlsx."""
    data = manifest(variants=variants)
    data["duration_minutes"] = duration_minutes
    for paper in data["papers"]:
        for question in paper["questions"]:
            question["stem"] = STEMS[question["n"]]
    exam_dir = write_exam(tmp_path, data)
    write_signin(exam_dir, data)
    return exam_dir


def open_exam(tmp_path: Path, *, variants: int = 0, duration_minutes: int = 60, window_minutes: int = 120,
              grace: float = 120.0, db: Path | str | None = None) -> OpenExam:
    exam_dir = prepare_exam(tmp_path, variants=variants, duration_minutes=duration_minutes)
    entries = read_signin(exam_dir)
    clock = FakeClock(START)
    db = db or tmp_path / "data" / "gradebook.sqlite"
    with Gradebook(db) as gb:
        windows.open_exam(gb, exam_dir, START - 60, START + window_minutes * 60, SECRET, clock.now())
    config = ServerConfig(db=db, exams_dir=tmp_path / "exams", secret=SECRET,
                          trainer_token_hash=token_hash(TRAINER_TOKEN), clock=clock, grace=grace)
    return OpenExam(exam_dir, db, clock, {e.paper_code: e.code for e in entries},
                    {e.staff_no: e.paper_code for e in entries if e.staff_no}, config)


# ---- A real uvicorn on 127.0.0.1, in a thread (the fake clock stays in the test's hands) ----

class Recorder:
    """ASGI middleware keeping every response body the server sends (to look for key material)."""

    def __init__(self, app):
        self.app, self.bodies = app, []

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        chunks = []

        async def keep(message):
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    self.bodies.append((scope["path"], b"".join(chunks).decode("utf-8", "replace")))
            await send(message)

        return await self.app(scope, receive, keep)


@contextlib.contextmanager
def running_server(config: ServerConfig):
    """Serve `config` with uvicorn on a free port; yields (base URL, Recorder)."""
    import uvicorn

    from servicebook.server.app import create_app

    app = Recorder(create_app(config))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    started = threading.Event()
    for _ in range(600):  # wait for startup (bounded); no assertion depends on how long it took
        if server.started or not thread.is_alive():
            break
        started.wait(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", app
    finally:
        server.should_exit = True
        thread.join(30)
        listener.close()
