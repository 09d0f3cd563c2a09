"""scripts/bench/exam_server.py at a tiny size: a real server, real phones over loopback, faults
included, every acknowledged answer found graded in the gradebook (no timing asserted)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "scripts" / "bench" / "exam_server.py"
SUMMARY = re.compile(r"backend=sqlite examinees=5 answers=(\d+) lost=(\d+) errors=(\d+) "
                     r"p95_save_ms=(\d+) p95_signin_ms=(\d+)")


def test_the_load_bench_loses_nothing_and_prints_its_summary_line(tmp_path):
    done = subprocess.run(
        [sys.executable, str(BENCH), "--examinees", "5", "--backend", "sqlite", "--rush", "1",
         "--pause-min", "0.01", "--pause-max", "0.05", "--drop", "0.3", "--reconnect", "0.6", "--limit", "240"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    last = done.stdout.strip().splitlines()[-1]
    match = SUMMARY.fullmatch(last)
    assert match, last
    answers, lost, errors = (int(g) for g in match.groups()[:3])
    assert (lost, errors) == (0, 0), done.stdout
    assert answers >= 5 * 10  # every question of every paper acknowledged (a 客服 paper has 32)
    assert re.search(r"丢弃重发 [1-9]\d*\+[1-9]\d* 次，重新登录 [1-9]\d* 次", done.stdout), done.stdout  # faults happened
