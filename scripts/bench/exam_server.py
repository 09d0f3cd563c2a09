"""Benchmark the exam server under a month-end rush, with faults (issue 13, "Load and faults").

Run: .venv/bin/python scripts/bench/exam_server.py [--examinees 300] [--backend sqlite --backend postgresql]

For each backend, on loopback only: a roster of N people is generated and `servicebook exam new`
makes their exam (the real bank, the 客服 blueprint: 32 questions); the gradebook is a fresh SQLite
file or a database on a throwaway PostgreSQL cluster this script starts (tests/pgcluster.py); the
exam server runs as a real uvicorn subprocess (`servicebook exam serve`) and the exam is opened.
Then N simulated phones (scripts/bench/phones.py: asyncio + aiohttp) all sign in within the rush
(default 30 s), answer every question with pauses of 0.2–2 s; 10 % of saves are dropped (half before
reaching the server, half with the reply lost after the commit) and sent again; 5 % of phones sign
in again mid-way from a new session. Finally the exam is closed and graded as a trainer does it
(`exam close`, `exam grade-online`: server/results.py → api.grade_online, the same scoring and
logged import as a paper answer sheet) and every acknowledged answer is looked up in the gradebook's
graded responses (情景 answers on the marking sheet's 作答 column).

An error is any 5xx, any unexpected 4xx, a refused save or a request over 10 s. Everything stops by
itself: each run is bounded by --limit seconds. The last line per backend is, exactly:
backend=sqlite examinees=300 answers=9600 lost=0 errors=0 p95_save_ms=… p95_signin_ms=…
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from phones import Faults, Question, Seat, Tally, run_phones  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SERVICEBOOK = str(Path(sys.executable).parent / "servicebook")
MONTH, ROLE = "2026-12", "客服"
from servicebook.exam.signin import SIGNIN_PATH  # noqa: E402 - what the slips' QR codes open


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def local(moment: float) -> str:
    """A time as `exam open` takes it ("2026-12-20 09:00", local time)."""
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(moment))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(work: Path, *args: str, env: dict | None = None) -> str:
    done = subprocess.run([SERVICEBOOK, *args], cwd=work, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"servicebook {' '.join(args[:2])} 失败：\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return done.stdout


# ---- The exam ----

def make_exam(work: Path, examinees: int) -> Path:
    """A generated roster and the project's own `exam new` (no PDF: the server never needs it)."""
    roster = work / "roster.csv"
    lines = ["工号,姓名,岗位,项目"] + [f"B{i:05d},员工{i},{ROLE},项目{i % 7}" for i in range(1, examinees + 1)]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = work / "exams" / f"{MONTH}-{ROLE}"
    run(work, "exam", "new", "--month", MONTH, "--role", ROLE, "--roster", str(roster), "--out", str(out), "--no-pdf",
        "--root", str(ROOT))
    return out


def seats_of(exam_dir: Path) -> list[Seat]:
    """Each person's code and paper (from signin.xlsx) and the paper's questions (from the manifest)."""
    from servicebook.exam import contract
    from servicebook.exam.signin import read_signin

    manifest, _ = contract.read_manifest(exam_dir)
    seats = []
    for entry in read_signin(exam_dir):
        paper = manifest.papers[entry.paper_code]
        questions = tuple(Question(q.n, q.type, len(q.items) if q.type == "排序" else
                                   len(q.key) if q.type == "填空" and isinstance(q.key, (list, tuple)) else
                                   len(q.options)) for q in paper.questions)
        seats.append(Seat(entry.staff_no, entry.code, entry.paper_code, questions))
    return seats


# ---- The gradebook and the server ----

@contextlib.contextmanager
def gradebook(backend: str, work: Path):
    """(the gradebook's location, the pid of the database server or None): a SQLite file, or a
    database on a throwaway cluster."""
    if backend == "sqlite":
        yield str(work / "gradebook.sqlite"), None
        return
    sys.path.insert(0, str(ROOT / "tests"))
    from pgcluster import cluster

    with cluster() as pg:
        url = pg.create_database("bench")
        yield url, int((pg.data / "postmaster.pid").read_text().split()[0])


@contextlib.contextmanager
def server(db: str, work: Path, backend: str, workers: int, env: dict):
    """`servicebook exam serve` as a uvicorn subprocess on 127.0.0.1; stopped when the block ends."""
    port = free_port()
    log = (work / "server.log").open("w")
    args = [SERVICEBOOK, "exam", "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port),
            "--exams", str(work / "exams")]
    if backend == "postgresql" and workers > 1:
        args += ["--workers", str(workers)]
    process = subprocess.Popen(args, cwd=work, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"考试服务器没有启动：\n{(work / 'server.log').read_text()[-3000:]}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def cpu_seconds(pid: int) -> float:
    """CPU time so far of a process, its running children (the server's workers, PostgreSQL's
    backends) and its children that have ended."""
    total = 0.0
    pids = [pid]
    with contextlib.suppress(OSError):
        pids += [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for one in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
            used = fields[11:15] if one == pid else fields[11:13]  # utime stime (cutime cstime)
            total += sum(int(f) for f in used) / os.sysconf("SC_CLK_TCK")
    return total


# ---- Checking the gradebook ----

def graded_and_lost(db: str, exam_dir: Path, tally: Tally) -> tuple[int, int]:
    """Look every acknowledged answer up among the graded responses of the closed and graded exam
    (情景: the marking sheet's 作答 column). Returns (acknowledged answers, those missing or different)."""
    from servicebook.exam import contract
    from servicebook.grading.gradebook import Gradebook
    from servicebook.server import saves, store
    from servicebook.tables import read_table

    manifest, _ = contract.read_manifest(exam_dir)
    scenario = {(p.person["工号"], q.n) for p in manifest.papers.values() for q in p.questions if q.type == "情景"}
    book = Gradebook(db, create=False)
    try:
        graded: dict[tuple[str, int], str] = {}
        for staff in sorted({staff for staff, _ in tally.acked}):
            sitting = book.sitting_of(manifest.exam_id, staff)
            if sitting is not None and sitting[1] is not None:  # graded (not 缺考)
                graded.update({(staff, int(n)): answer or "" for n, answer, _ in book.answers_of(manifest.exam_id, staff)})
        lost_keys = [key for key, answer in tally.acked.items() if key not in scenario
                     and graded.get(key) not in (answer, tally.sent.get(key))]
        for staff, n in sorted(lost_keys)[:3]:  # what the server received for it, to see why
            attempt = store.attempt_for_paper(book, manifest.exam_id, next(
                p.code for p in manifest.papers.values() if p.person["工号"] == staff))
            for device, m, seq, answer, changed, received, status in saves.save_log(book, attempt.attempt_id):
                if m == n:
                    print(f"    {staff} 第 {n} 题 {device} #{seq} {answer[:12]!r} 改于 {changed - attempt.started_at:.2f} 秒，"
                          f"收到于 {received - attempt.started_at:.2f} 秒 {status}")
    finally:
        book.close()
    rows = read_table(exam_dir / "scenario-marking.xlsx").rows
    at = {name: rows[1].index(name) for name in ("工号", "题号", "作答")}
    typed = {(row[at["工号"]], int(row[at["题号"]])): row[at["作答"]] for row in rows[2:] if row[at["工号"]]}
    lost = 0
    for key, answer in sorted(tally.acked.items()):
        found = typed.get(key) if key in scenario else graded.get(key)
        if found != answer and found != tally.sent.get(key):  # a later save sent, never acknowledged, may count
            lost += 1
            if lost <= 5:
                print(f"  丢失：{key[0]} 第 {key[1]} 题确认保存的是 {answer[:20]!r}，成绩库中为 {str(found)[:20]!r}")
    return len(tally.acked), lost


# ---- One backend ----

def bench(backend: str, args) -> str:
    work = Path(tempfile.mkdtemp(prefix=f"servicebook-bench-{backend}-"))
    try:
        started = time.monotonic()
        exam_dir = make_exam(work, args.examinees)
        seats = seats_of(exam_dir)
        print(f"[{backend}] 出卷 {len(seats)} 份：{time.monotonic() - started:.1f} 秒")
        # One server secret for the server and the CLI (it keys the stored sign-in code hashes).
        env = dict(os.environ, SERVICEBOOK_SECRET=secrets.token_hex(32))
        with gradebook(backend, work) as (db, database_pid), \
                server(db, work, backend, args.workers, env) as (base, process):
            now = time.time()
            run(work, "exam", "open", str(exam_dir), "--db", db, "--from", local(now - 60), "--until", local(now + 7200),
                env=env)
            load_before, cpu_before = os.getloadavg(), cpu_seconds(process.pid)
            database_before = cpu_seconds(database_pid) if database_pid else 0.0
            own_before = time.process_time()
            began = time.monotonic()
            faults = Faults(drop=args.drop, reconnect=args.reconnect, pause=(args.pause_min, args.pause_max))
            tally = asyncio.run(run_phones(base, seats, rush=args.rush, seed=args.seed, faults=faults,
                                           signin_path=SIGNIN_PATH, limit=args.limit))
            elapsed, load_after = time.monotonic() - began, os.getloadavg()
            server_cpu, own_cpu = cpu_seconds(process.pid) - cpu_before, time.process_time() - own_before
            database = f"，PostgreSQL {cpu_seconds(database_pid) - database_before:.1f} 秒" if database_pid else ""
            print(f"[{backend}] 答题 {elapsed:.1f} 秒，CPU：服务器 {server_cpu:.1f} 秒{database}，模拟手机 {own_cpu:.1f} 秒；"
                  f"负载 {load_before[0]:.2f} → {load_after[0]:.2f}（1 分钟平均，{os.cpu_count()} 核）；"
                  f"全部登录用时 {max(tally.signed_in_at, default=0):.1f} 秒；"
                  f"丢弃重发 {tally.dropped_before}+{tally.dropped_after} 次，重新登录 {tally.reconnects} 次；"
                  f"p50 保存 {percentile(tally.save_ms, 0.5):.0f} ms，p99 {percentile(tally.save_ms, 0.99):.0f} ms")
            for line in tally.errors[:10]:
                print(f"  错误：{line}")
            run(work, "exam", "close", str(exam_dir), "--db", db, env=env)
            # The trainer's grading (server/results.py → api.grade_online): the same scoring and
            # logged import as a paper answer sheet.
            run(work, "exam", "grade-online", str(exam_dir), "--db", db, env=env)
            answers, lost = graded_and_lost(db, exam_dir, tally)
        return (f"backend={backend} examinees={args.examinees} answers={answers} lost={lost} "
                f"errors={len(tally.errors)} p95_save_ms={percentile(tally.save_ms, 0.95):.0f} "
                f"p95_signin_ms={percentile(tally.signin_ms, 0.95):.0f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="考试服务器压力测试（仅本机回环地址）")
    parser.add_argument("--examinees", type=int, default=300)
    parser.add_argument("--backend", action="append", choices=("sqlite", "postgresql"))
    parser.add_argument("--rush", type=float, default=30.0, help="所有人在这么多秒内登录（不超过 60）")
    parser.add_argument("--pause-min", type=float, default=0.2)
    parser.add_argument("--pause-max", type=float, default=2.0)
    parser.add_argument("--drop", type=float, default=0.10, help="丢弃后重发的保存请求比例")
    parser.add_argument("--reconnect", type=float, default=0.05, help="中途换新会话重新登录的手机比例")
    parser.add_argument("--workers", type=int, default=4, help="PostgreSQL 时的服务器进程数（每个进程等数据库时不处理别的请求）")
    parser.add_argument("--limit", type=float, default=270.0, help="每个后端最多运行的秒数")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not 0 < args.examinees <= 5000 or not 0 <= args.rush <= 60:
        parser.error("--examinees 应在 1–5000 之间，--rush 不超过 60 秒")
    backends = args.backend or ["sqlite"] + (["postgresql"] if shutil.which("pg_ctl") or
                                              list(Path("/usr/lib/postgresql").glob("*/bin/initdb")) else [])
    for backend in backends:
        print(bench(backend, args), flush=True)


if __name__ == "__main__":
    main()
