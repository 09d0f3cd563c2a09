"""`servicebook exam serve` killed with SIGKILL mid-exam and started again keeps every acknowledged answer."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx

from serverfixture import prepare_exam
from servicebook.exam.signin import read_signin
from servicebook.grading.gradebook import Gradebook
from servicebook.server import saves

SERVICEBOOK = str(Path(sys.executable).parent / "servicebook")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(db: Path | str, exams: Path, port: int, *extra: str, cwd: Path | None = None) -> subprocess.Popen:
    server = subprocess.Popen([SERVICEBOOK, "exam", "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--db", str(db), "--exams", str(exams), "--trainer-password", "trainer-secret", *extra],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd)
    assert "在线考试服务已启动" in server.stdout.readline()
    waiting = threading.Event()
    for _ in range(400):  # until uvicorn listens (bounded; nothing asserts how long it took)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            assert server.poll() is None, server.stdout.read()
            waiting.wait(0.05)
    raise AssertionError("the server did not start listening")


def sign_in(client: httpx.Client, staff_no: str, code: str) -> tuple[int, str]:
    page = client.get("/signin", params={"staff": staff_no})
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    signed = client.post("/signin", data={"csrf": csrf, "staff": staff_no, "code": code})
    assert signed.status_code == 200 and "第 1 题" in signed.text, signed.text[:500]
    return int(str(signed.url).rsplit("/", 1)[1]), re.search(r'data-csrf="([^"]+)"', signed.text).group(1)


def open_now(exam_dir: Path, db: Path | str, cwd: Path | None = None) -> None:
    """`exam open` from five minutes ago for two hours (real time: the server runs on the system clock)."""
    now = dt.datetime.now()
    opened = subprocess.run([SERVICEBOOK, "exam", "open", str(exam_dir), "--db", str(db),
                             "--from", f"{now - dt.timedelta(minutes=5):%Y-%m-%d %H:%M}",
                             "--until", f"{now + dt.timedelta(hours=2):%Y-%m-%d %H:%M}"],
                            capture_output=True, text=True, cwd=cwd)
    assert opened.returncode == 0, opened.stdout + opened.stderr


def test_a_killed_server_keeps_every_acknowledged_answer(tmp_path):
    exam_dir = prepare_exam(tmp_path)
    db = tmp_path / "data" / "gradebook.sqlite"
    open_now(exam_dir, db)
    code = {e.staff_no: e.code for e in read_signin(exam_dir)}["E001"]
    port = free_port()
    server = start(db, tmp_path / "exams", port)
    acknowledged: dict[int, str] = {}
    in_flight: dict[int, str] = {}  # the save sent when the server died may have been committed unanswered
    enough = threading.Event()

    def answer_continuously():
        # Keep changing question 6 (a typed answer) and question 1; record each acknowledged save.
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=True) as client:
            attempt, csrf = sign_in(client, "E001", code)
            for seq in range(1, 100_000):
                n, text = (6, f"第{seq}稿") if seq % 2 else (1, "ABCD"[seq % 4])
                in_flight.clear()
                in_flight[n] = text
                try:
                    reply = client.post("/api/save", headers={"X-CSRF-Token": csrf}, json={
                        "attempt": attempt, "device": "phone", "saves": [
                            {"n": n, "seq": seq, "answer": text, "remaining": 3000 - seq / 1000}]})
                except httpx.HTTPError:
                    return  # the server is gone
                if reply.status_code == 200 and reply.json()["results"][0]["status"] == "saved":
                    acknowledged[n] = text
                if seq == 40:
                    enough.set()

    sender = threading.Thread(target=answer_continuously)
    sender.start()
    try:
        assert enough.wait(120), "no saves acknowledged"
        os.kill(server.pid, signal.SIGKILL)  # while the sender is still saving
        server.wait()
        sender.join(60)
        assert not sender.is_alive()
        with Gradebook(db) as gb:
            kept = saves.final_answers(gb, "2026-12-客服")["P0001"]
        assert set(kept) == {1, 6}
        for n, text in acknowledged.items():
            assert kept[n] in (text, in_flight.get(n)), (n, kept[n], text)
        acknowledged.update((n, kept[n]) for n in kept)  # what the page must show after the restart

        server = start(db, tmp_path / "exams", port)  # and the exam goes on
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=True) as client:
            attempt, _ = sign_in(client, "E001", code)
            page = client.get(f"/exam/{attempt}").text
            assert f">{acknowledged[6]}</textarea>" in page
            assert f'value="{acknowledged[1]}" checked' in page
    finally:
        server.kill()
        server.wait()


def test_several_workers_serve_one_exam_on_postgresql(tmp_path, postgresql_url):
    exam_dir = prepare_exam(tmp_path)
    open_now(exam_dir, postgresql_url, cwd=tmp_path)  # the secret goes to data/ under the working directory
    codes = {e.staff_no: e.code for e in read_signin(exam_dir)}
    port = free_port()
    server = start(postgresql_url, tmp_path / "exams", port, "--workers", "2", cwd=tmp_path)
    try:
        for staff_no in ("E001", "E002", "E003"):
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=True) as client:
                attempt, csrf = sign_in(client, staff_no, codes[staff_no])
                for seq, (n, answer) in enumerate([(1, "B"), (2, "AC"), (6, staff_no)], start=1):
                    reply = client.post("/api/save", headers={"X-CSRF-Token": csrf}, json={
                        "attempt": attempt, "device": "phone", "saves": [
                            {"n": n, "seq": seq, "answer": answer, "remaining": 3000}]})
                    assert reply.status_code == 200 and reply.json()["results"][0]["status"] == "saved"
        with Gradebook(postgresql_url) as gb:
            assert saves.final_answers(gb, "2026-12-客服") == {
                code: {1: "B", 2: "AC", 6: staff_no} for staff_no, code in (("E001", "P0001"), ("E002", "P0002"),
                                                                            ("E003", "P0003"))}
    finally:
        server.terminate()
        server.wait(60)
