"""Benchmark: grade and import 100,000 staff × 30 questions, three months, then the quarterly report.

Targets (issue 5): import + score ≤ 60 s per month, quarterly report ≤ 15 s, peak memory ≤ 1.5 GB.
Each stage runs the real `servicebook` command in a subprocess; the baseline is plain csv reading of the
same sheet, measured in this run. Usage: .venv/bin/python scripts/bench/grading.py [--people N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SERVICEBOOK = str(Path(sys.executable).parent / "servicebook")
TYPES = ["单选"] * 12 + ["多选"] * 6 + ["判断"] * 6 + ["填空"] * 3 + ["排序"] * 3
TARGETS = {"import": 60.0, "quarter": 15.0, "rss_mb": 1536.0}


def question(n: int, qtype: str) -> dict:
    q = {"n": n, "id": f"bench-{n:03d}", "type": qtype, "points": 10 / 3, "source": f"page-{n % 7}#section-{n % 3}",
         "page": f"standards/page-{n % 7}.md", "category": "服务标准", "difficulty": 1 + n % 3}
    if qtype in ("单选", "多选"):
        q |= {"options": ["甲", "乙", "丙", "丁"], "key": "B" if qtype == "单选" else "AC"}
    elif qtype == "判断":
        q |= {"options": ["对", "错"], "key": "对"}
    elif qtype == "填空":
        q |= {"key": [["3声", "三声"]]}
    else:
        q |= {"items": ["一", "二", "三", "四"], "key": "CADB"}
    return q


def write_exam(root: Path, month: str, variants: int = 4) -> Path:
    questions = [question(n, t) for n, t in enumerate(TYPES, start=1)]
    data = {"format": "servicebook-exam/1", "exam_id": f"{month}-客服", "kind": "regular", "month": month,
            "role": "客服", "title": f"{month} 客服月度考试", "seed": 1, "bank_fingerprint": "bench",
            "duration_minutes": 60, "pass_mark": 60.0, "total_points": 100.0,
            "scoring": {"多选": "partial", "排序": "all-or-nothing"},
            "papers": [{"code": f"V{i:04d}", "person": None, "questions": questions} for i in range(1, variants + 1)]}
    exam_dir = root / "exams" / data["exam_id"]
    exam_dir.mkdir(parents=True)
    (exam_dir / "manifest.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return exam_dir


ANSWERS = {"单选": ["A", "B", "B", "B", "c", ""], "多选": ["AC", "A", "ac", "AB", "CA"], "判断": ["对", "错", "√"],
           "填空": ["三声", "3声", "两声", ""], "排序": ["CADB", "ABCD", "cadb"]}


def write_sheet(path: Path, people: int, seed: int) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["工号", "姓名", "试卷编号"] + [f"第{n}题" for n in range(1, len(TYPES) + 1)])
        for i in range(people):
            skill = rng.random()
            writer.writerow([f"S{i:06d}", f"员工{i}", f"V{i % 4 + 1:04d}"] + [
                ANSWERS[t][0] if rng.random() < skill else rng.choice(ANSWERS[t]) for t in TYPES])


def timed(args: list[str], cwd: Path) -> float:
    """Wall seconds of one command; its CPU seconds are printed too, the figure to compare on a shared
    machine (with 20 processes on 2 cores the same grading took 84 s to 155 s of wall time, 12.1–12.5 s of CPU)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"命令失败：{' '.join(args)}\n{result.stdout}\n{result.stderr[-3000:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    print(f"  （{args[1]} {args[2]}：CPU 时间 {cpu:.1f} s）")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="servicebook-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    db = root / "gradebook.sqlite"
    months = ["2026-10", "2026-11", "2026-12"]
    try:
        print(f"准备数据：{args.people:,} 人 × {len(TYPES)} 题 × {len(months)} 个月 …")
        for index, month in enumerate(months):
            write_exam(root, month)
            write_sheet(root / f"{month}.csv", args.people, seed=index)
        start = time.perf_counter()
        with (root / "2026-12.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = sum(1 for _ in csv.reader(handle))
        baseline = time.perf_counter() - start
        print(f"基线（只用 csv 读一遍答题卡，{rows - 1:,} 行）：{baseline:.2f} s")
        for month in months:
            seconds = timed([SERVICEBOOK, "grade", f"exams/{month}-客服", f"{month}.csv", "--db", str(db)], root)
            print(f"评分并导入 {month}（{args.people * len(TYPES):,} 个作答）：{seconds:.1f} s"
                  f"  目标 {TARGETS['import']:.0f} s，占目标 {seconds / TARGETS['import']:.0%}，基线的 {seconds / baseline:.0f} 倍")
        seconds = timed([SERVICEBOOK, "report", "quarter", "2026Q4", "--db", str(db), "--out", "reports"], root)
        print(f"季度报告 2026Q4（三个月）：{seconds:.1f} s  目标 {TARGETS['quarter']:.0f} s，"
              f"占目标 {seconds / TARGETS['quarter']:.0%}，基线的 {seconds / baseline:.0f} 倍")
        seconds = timed([SERVICEBOOK, "report", "exam", "exams/2026-12-客服", "--db", str(db), "--out", "reports"],
                        root)
        print(f"考试报告 2026-12（题目分析 {args.people * len(TYPES):,} 个作答，无目标）：{seconds:.1f} s")
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"子进程峰值内存（RSS）：{peak_mb:.0f} MB  目标 {TARGETS['rss_mb']:.0f} MB，占目标 {peak_mb / TARGETS['rss_mb']:.0%}")
        print(f"成绩库大小：{db.stat().st_size / 1e6:.0f} MB")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
