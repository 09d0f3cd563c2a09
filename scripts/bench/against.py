"""Benchmark this checkout against another one (e.g. the code before a restructure), in the same run.

Usage:
  git worktree add --detach ../base <commit> && make -C ../base bootstrap
  .venv/bin/python scripts/bench/against.py ../base [--runs 5] [--only site,exam,grading] [--people 20000]

Each run does every measurement once in each checkout, alternating which goes first, so load on a
shared machine falls on both alike. A measurement is a fresh process of that checkout's own code:
  site     `mkdocs build` (strict) of the checkout's own site into a temporary folder
  exam     its scripts/bench/exam.py --skip-pdf (5,000 questions, 2,000 people, all files but the PDF)
  grading  its scripts/bench/grading.py --people N (grade and import three months, then the reports)
Prints the median wall and CPU seconds (user + sys of the process and all it waited for) of each and
the ratio this/base. On a loaded machine only the CPU ratio compares; wall time is shown for reference.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[2]


def command(tree: Path, what: str, site_dir: str, people: int) -> list[str]:
    python = str(tree / ".venv" / "bin" / "python")
    if what == "site":
        return [str(tree / ".venv" / "bin" / "mkdocs"), "build", "--quiet", "--site-dir", site_dir]
    if what == "exam":
        return [python, str(tree / "scripts" / "bench" / "exam.py"), "--skip-pdf"]
    return [python, str(tree / "scripts" / "bench" / "grading.py"), "--people", str(people)]


def measure(tree: Path, what: str, tmp: str, people: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one measurement in `tree`."""
    import time

    site_dir = tempfile.mkdtemp(prefix="site-", dir=tmp)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command(tree, what, site_dir, people), cwd=tree, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{tree} {what} 失败：\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description="本检出与另一个检出（如重构前的代码）在同一次运行中对比性能")
    parser.add_argument("base", type=Path, help="基线检出（有自己的 .venv）")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="site,exam,grading")
    parser.add_argument("--people", type=int, default=20_000, help="grading 的人数")
    args = parser.parse_args()
    trees = {"base": args.base.resolve(), "this": HERE}
    kinds = [k for k in args.only.split(",") if k]
    times: dict[tuple[str, str], list[tuple[float, float]]] = {(k, t): [] for k in kinds for t in trees}
    with tempfile.TemporaryDirectory() as tmp:
        for what in kinds:
            if what == "site":  # warm-up: jieba's dictionary cache and the OS file cache
                for tree in trees.values():
                    measure(tree, what, tmp, args.people)
            for run in range(args.runs):
                order = list(trees) if run % 2 == 0 else list(reversed(trees))
                for name in order:
                    times[(what, name)].append(measure(trees[name], what, tmp, args.people))
                    print(f"{what} {name} 第 {run + 1} 次：墙钟 {times[(what, name)][-1][0]:.2f} s，"
                          f"CPU {times[(what, name)][-1][1]:.2f} s", flush=True)
    print(f"\n基线 {trees['base']}，本检出 {trees['this']}，各 {args.runs} 次的中位数：")
    for what in kinds:
        base_wall = statistics.median(w for w, _ in times[(what, "base")])
        base_cpu = statistics.median(c for _, c in times[(what, "base")])
        this_wall = statistics.median(w for w, _ in times[(what, "this")])
        this_cpu = statistics.median(c for _, c in times[(what, "this")])
        print(f"{what:8s} CPU 基线 {base_cpu:7.2f} s，本检出 {this_cpu:7.2f} s，比值 {this_cpu / base_cpu:.3f}；"
              f"墙钟 {base_wall:7.2f} s → {this_wall:7.2f} s，比值 {this_wall / base_wall:.3f}")


if __name__ == "__main__":
    main()
