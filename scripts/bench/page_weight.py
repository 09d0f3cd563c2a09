"""Benchmark: what a page load transfers, measured by Chromium (issue 14).

Usage: .venv/bin/python scripts/bench/page_weight.py [--site DIR]
Builds the site (or measures an already built DIR) and prints the median transfer over every
page, with and without the search index and worker (which every page fetches and which dwarf the
rest), the 每日一练 page, and the size of each role's 每日一练 deck (fetched after a role is chosen).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))


def transfers(site: Path, every: int = 1) -> dict[str, list[tuple[str, int]]]:
    """(url, bytes) of every request a first visit to each `every`-th page makes, each page in a
    fresh cache-less context, as Chromium reports them (the search index included)."""
    from conftest import CHROMIUM, CHROMIUM_ARGS, serve
    from playwright.sync_api import sync_playwright

    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html")
                   if not p.relative_to(site).as_posix().startswith(("assets/", "search/")))[::every]
    out = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for path in pages:
            context = browser.new_context()  # fresh, cache-less
            page = context.new_page()
            finished = []
            page.on("requestfinished", lambda request: finished.append(request))
            page.goto(base + path.removesuffix("index.html"), wait_until="networkidle")
            page.wait_for_timeout(300)  # the search index arrives after the load event
            sizes: list[tuple[str, int]] = []
            for request in finished:
                try:
                    size = request.sizes()
                except Exception:  # noqa: BLE001 - a request the page dropped mid-way has no size
                    continue
                sizes.append((request.url, size["responseBodySize"] + size["responseHeadersSize"]))
            out[path] = sizes
            context.close()
        browser.close()
    server.shutdown()
    return out


def median_weight(site: Path, every: int = 1) -> float:
    """Median bytes a first visit to a page transfers."""
    return statistics.median(sum(size for _, size in sizes) for sizes in transfers(site, every).values())


def main() -> None:
    parser = argparse.ArgumentParser(description="页面加载传输量（浏览器实测）")
    parser.add_argument("--site", type=Path, help="已生成的网站目录（默认现场生成）")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
            subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--quiet", "--site-dir", str(site)],
                           cwd=ROOT, env=env, check=True, capture_output=True)
        loads = transfers(site)
        decks = sorted((p.stat().st_size, p.stem) for p in (site / "assets/servicebook/daily").glob("*.js"))
    total = {path: sum(n for _, n in sizes) for path, sizes in loads.items()}
    rest = {path: sum(n for url, n in sizes if "/search/" not in url and "workers/search" not in url)
            for path, sizes in loads.items()}
    print(f"页面数 {len(total)}；传输量中位数 {statistics.median(total.values()) / 1024:.1f} KB，"
          f"不含搜索索引和搜索脚本 {statistics.median(rest.values()) / 1024:.1f} KB")
    daily = "practice/daily/index.html"
    if daily in total:
        print(f"每日一练页面（未选岗位）{total[daily] / 1024:.1f} KB，不含搜索 {rest[daily] / 1024:.1f} KB")
    if decks:
        print("每日一练题卡（选定岗位后加载）：" + "，".join(f"{slug} {size / 1024:.0f} KB" for size, slug in decks))


if __name__ == "__main__":
    main()
