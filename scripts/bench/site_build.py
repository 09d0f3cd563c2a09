"""Benchmark: the real site built with the servicebook plugin on and off (issue: overhead <= 15%).

Usage: .venv/bin/python scripts/bench/site_build.py [--runs 5]
Each build runs `mkdocs build` in a fresh process into a temporary folder; the medians are
compared. With the plugin off the build is not strict (generated pages are then missing).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MKDOCS = str(Path(sys.executable).parent / "mkdocs")


def build(plugin: bool, site_dir: str) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SERVICEBOOK_PLUGIN="true" if plugin else "false")
    args = [MKDOCS, "build", "--quiet", "--site-dir", site_dir]
    if not plugin:
        args.append("--no-strict")
    start = time.perf_counter()
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"构建失败（插件{'开启' if plugin else '关闭'}）：\n{result.stderr[-3000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description="网站构建耗时：servicebook 插件开启与关闭对比")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build(True, f"{tmp}/warmup")  # jieba's dictionary cache and the OS file cache
        times = {True: [], False: []}
        for run in range(args.runs):
            for plugin in (False, True):  # interleave so drift affects both alike
                times[plugin].append(build(plugin, f"{tmp}/site-{plugin}-{run}"))
    off, on = statistics.median(times[False]), statistics.median(times[True])
    pages = len(list((ROOT / "docs").rglob("*.md")))
    print(f"页面数：{pages}，每种各构建 {args.runs} 次")
    print(f"插件关闭：中位数 {off:.2f} 秒  {[round(t, 2) for t in times[False]]}")
    print(f"插件开启：中位数 {on:.2f} 秒  {[round(t, 2) for t in times[True]]}")
    print(f"开启/关闭 = {on / off:.3f}（目标 ≤ 1.15）")


if __name__ == "__main__":
    main()
