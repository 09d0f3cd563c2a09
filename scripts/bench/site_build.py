"""Benchmark: the real site built with the servicebook plugin on and off (issue: overhead <= 15%),
and with its training features (issue 6) on and off: build time <= 1.3x, median page weight <= +20%.

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




def training_project(tmp: str, practice: bool) -> Path:
    """The real project (symlinked) with the plugin's `practice` option set, to build from."""
    root = Path(tmp) / f"project-practice-{practice}"
    root.mkdir()
    for name in ("docs", "includes", "quizzes", ".vendor"):
        (root / name).symlink_to(ROOT / name)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("  - servicebook:\n", f"  - servicebook:\n      practice: {str(practice).lower()}\n", 1)
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return root


def browser_page_weight(site: Path) -> float:
    """Median bytes a page load transfers (HTML, CSS, JS, images, fonts), each page in a fresh,
    cache-less browser context, measured by Chromium itself."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from page_weight import median_weight

    return median_weight(site)


def build(plugin: bool, site_dir: str, cwd: Path = ROOT) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SERVICEBOOK_PLUGIN="true" if plugin else "false")
    args = [MKDOCS, "build", "--quiet", "--site-dir", site_dir]
    if not plugin:
        args.append("--no-strict")
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
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
        training = {True: [], False: []}
        projects = {flag: training_project(tmp, flag) for flag in (True, False)}
        for run in range(args.runs):
            for plugin in (False, True):  # interleave so drift affects both alike
                times[plugin].append(build(plugin, f"{tmp}/site-{plugin}-{run}"))
            for practice in (False, True):
                training[practice].append(build(True, f"{tmp}/practice-{practice}-{run}", projects[practice]))
        weight_on = browser_page_weight(Path(f"{tmp}/practice-True-0"))
        weight_off = browser_page_weight(Path(f"{tmp}/practice-False-0"))
    off, on = statistics.median(times[False]), statistics.median(times[True])
    pages = len(list((ROOT / "docs").rglob("*.md")))
    print(f"页面数：{pages}，每种各构建 {args.runs} 次")
    print(f"插件关闭：中位数 {off:.2f} 秒  {[round(t, 2) for t in times[False]]}")
    print(f"插件开启：中位数 {on:.2f} 秒  {[round(t, 2) for t in times[True]]}")
    t_off, t_on = statistics.median(training[False]), statistics.median(training[True])
    print(f"开启/关闭 = {on / off:.3f}（含培训功能）；不含培训功能 {t_off / off:.3f}（目标 ≤ 1.15）")
    print(f"培训功能关闭：中位数 {t_off:.2f} 秒，开启：中位数 {t_on:.2f} 秒，开启/关闭 = {t_on / t_off:.3f}（目标 ≤ 1.3）")
    print(f"页面加载传输量中位数（浏览器实测，无缓存）：不含培训功能 {weight_off / 1024:.1f} KB，"
          f"含培训功能 {weight_on / 1024:.1f} KB，增加 {weight_on / weight_off - 1:.1%}（目标 ≤ 20%）")


if __name__ == "__main__":
    main()
