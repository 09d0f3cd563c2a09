"""Benchmark: our site search against Material's default, same pages, same run (issue 11).

Usage: .venv/bin/python scripts/bench/search.py [--pages 1000] [--no-weight]

Builds the real site twice, with our search and with Material's (SERVICEBOOK_SEARCH=false), and
prints for each: hit@1, hit@3 and MRR on tests/search_eval/queries.yml (and per tier), how often a
hit's link lands on an answering section, the not-found rates (tests/search_eval/not_found.yml),
the bytes a page load fetches for search (raw and gzip), ready time and per-query latency in
headless Chromium, and the median page weight. Then a synthetic site of --pages pages (the real
pages repeated) for ready time in node, ours against Material's worker on the same content.
Timings are printed with a ratio to Material's, measured in the same run: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests"), str(Path(__file__).resolve().parent)]
MKDOCS = str(Path(sys.executable).parent / "mkdocs")

from servicebook.site import search_site  # noqa: E402
from servicebook.site.search_index import TOKEN_SEP  # noqa: E402
LATENCY_QUERIES = 40


def build(site: Path, ours: bool) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SERVICEBOOK_SEARCH="true" if ours else "false")
    result = subprocess.run([MKDOCS, "build", "--quiet", "--site-dir", str(site)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"构建失败：\n{result.stderr[-3000:]}")


def browser_timings(site: Path, queries: list[str]) -> dict:
    """Ready (the worker's READY message) after navigation start and after the load event, and the
    round trip of each query to the worker, in headless Chromium over http on 127.0.0.1."""
    from conftest import CHROMIUM, CHROMIUM_ARGS, serve
    from playwright.sync_api import sync_playwright

    hook = """(() => {
      const Real = window.Worker;
      window.Worker = class extends Real {
        constructor(...args) {
          super(...args);
          window.__sbWorker = this;
          this.addEventListener('message', (e) => { if (e.data && e.data.type === 1) window.__sbReady = performance.now(); });
        }
      };
    })();"""
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    ready, after_load, latencies = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for path in ("", "complaints/ten-steps/", "standards/time-limits/"):
            context = browser.new_context()
            page = context.new_page()
            page.add_init_script(hook)
            page.goto(base + path)
            page.wait_for_function("window.__sbReady !== undefined", timeout=60_000)
            ready.append(page.evaluate("window.__sbReady"))
            after_load.append(page.evaluate("window.__sbReady - performance.timing.loadEventEnd + performance.timing.navigationStart"))
            if not latencies:
                latencies = page.evaluate("""async (queries) => {
                  const worker = window.__sbWorker, times = [];
                  for (const q of queries) {
                    const start = performance.now();
                    await new Promise((resolve) => {
                      const done = (e) => { if (e.data.type === 3) { worker.removeEventListener('message', done); resolve(); } };
                      worker.addEventListener('message', done);
                      worker.postMessage({type: 2, data: q});
                    });
                    times.push(performance.now() - start);
                  }
                  return times;
                }""", queries)
            context.close()
        browser.close()
    server.shutdown()
    return {"ready_ms": statistics.median(ready), "ready_after_load_ms": statistics.median(after_load),
            "query_ms": statistics.median(latencies), "query_ms_max": max(latencies)}


def page_weight(site: Path, every: int = 3) -> float:
    """Median bytes a first visit to a page downloads (HTML, CSS, JS, the search index and worker),
    every `every`-th page, each in a fresh cache-less context, as Chromium reports them."""
    from page_weight import median_weight

    return median_weight(site, every)


def synthetic(tmp: Path, material_site: Path, pages: int) -> dict:
    """Ready time on a site of `pages` pages (the real pages repeated), ours vs Material's worker, in node."""
    import jieba
    from servicebook.kb.pages import load_knowledge_base
    from servicebook.site.search_index import SourcePage, build_index, derived_anchor

    jieba.load_userdict(str(ROOT / "includes" / "jieba_user_dict.txt"))
    kb = load_knowledge_base(ROOT / "docs")
    real = [p for p in kb.content_pages()]
    sources = [SourcePage(f"p{i}/{p.src}", f"p{i}/{p.src[:-3]}/", p.title, p.body)
               for i in range(pages // len(real) + 1) for p in real][:pages]
    ours = build_index(sources, jieba.cut)
    material_config = json.loads((material_site / "search/search_index.json").read_text(encoding="utf-8"))["config"]
    docs = []
    for section_row in ours["docs"]["sections"]:
        page = ours["docs"]["pages"][section_row[0]]
        anchor = derived_anchor(section_row[2]) if section_row[1] == 0 else section_row[1]
        location = page[0] + (f"#{anchor}" if anchor else "")
        text = "\u200b".join(section_row[3].replace("\n", TOKEN_SEP).split(TOKEN_SEP))
        docs.append({"location": location, "title": (section_row[2] or page[1]).replace(TOKEN_SEP, "\u200b"), "text": text})
    (tmp / "ours.json").write_text(json.dumps(ours, ensure_ascii=False), encoding="utf-8")
    (tmp / "material.json").write_text(json.dumps({"config": material_config, "docs": docs}, ensure_ascii=False), encoding="utf-8")
    worker = next((material_site / "assets/javascripts/workers").glob("search.*.min.js"))
    script = r"""
      const fs = require("fs");
      const { loadWorker } = require(process.argv[1] + "/tests/js/worker-harness.js");
      const { SearchIndex } = require(process.argv[1] + "/src/servicebook/site/assets/search-results.js");
      (async () => {
        const time = async (fn) => { const w = performance.now(), c = process.cpuUsage(); await fn();
          const u = process.cpuUsage(c); return [performance.now() - w, (u.user + u.system) / 1000]; };
        const ours = await time(() => new SearchIndex(JSON.parse(fs.readFileSync(process.argv[2], "utf8")).docs));
        const send = loadWorker([process.argv[4]]);
        const material = await time(async () => { const m = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
          await send({ type: 0, data: { config: m.config, docs: m.docs, options: { suggest: false } } }); });
        console.log(JSON.stringify({ ours, material }));
      })();"""
    out = subprocess.run(["node", "-e", script, str(ROOT), str(tmp / "ours.json"), str(tmp / "material.json"), str(worker)],
                         capture_output=True, text=True, check=True).stdout
    result = json.loads(out)
    result["sections"] = len(docs)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="站内搜索：本站排序与 Material 默认排序对比")
    parser.add_argument("--pages", type=int, default=1000, help="合成网站的页面数")
    parser.add_argument("--no-weight", action="store_true", help="不测页面重量（较慢）")
    args = parser.parse_args()
    import searcheval

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        sites = {"ours": tmp / "ours", "material": tmp / "material"}
        for name, site in sites.items():
            build(site, ours=name == "ours")
        cases = searcheval.cases()
        queries = [c["q"] for c in cases["queries"]][:LATENCY_QUERIES]
        rows = {}
        for name, site in sites.items():
            row = searcheval.score(site / "search" / "search_index.json", tmp, engine=name)
            row["bytes"] = search_site.download_size(site)
            row.update(browser_timings(site, queries))
            rows[name] = row
        ours, material = rows["ours"], rows["material"]
        print(f"{'':28}{'本站':>14}{'Material 默认':>16}")
        line = lambda label, key, fmt: print(f"{label:28}{fmt(ours[key]):>14}{fmt(material[key]):>16}")  # noqa: E731
        pct = lambda v: f"{v * 100:.1f}%"  # noqa: E731
        line("hit@1", "hit1", pct)
        line("hit@3", "hit3", pct)
        line("MRR", "mrr", lambda v: f"{v:.3f}")
        for tier in ("plain", "colloquial"):
            print(f"{'hit@3 ' + tier:28}{pct(ours['tiers'][tier]['hit3']):>14}{pct(material['tiers'][tier]['hit3']):>16}")
        for batch in ours["batches"]:
            print(f"{'hit@3 ' + batch:28}{pct(ours['batches'][batch]['hit3']):>14}{pct(material['batches'][batch]['hit3']):>16}")
        line("命中时链接落在答案小节", "section_of_hits", pct)
        line("无答案问题显示“没有找到”", "not_found_shown", pct)
        for batch, figures in ours["not_found_batches"].items():
            print(f"{'  其中 ' + batch:28}{pct(figures['shown']):>14}")
        line("有答案问题误报“没有找到”", "not_found_wrongly_shown", pct)
        for batch, figures in ours["batches"].items():
            print(f"{'  其中 ' + batch:28}{pct(figures['not_found_wrongly_shown']):>14}")
        line("搜索下载 原始 KB", "bytes", lambda v: f"{v[0] / 1024:.0f}")
        line("搜索下载 gzip KB", "bytes", lambda v: f"{v[1] / 1024:.0f}")
        for key, label in (("ready_ms", "就绪 ms（自导航开始）"), ("ready_after_load_ms", "就绪 ms（页面 load 之后）"),
                           ("query_ms", "每次查询 ms（中位）"), ("query_ms_max", "每次查询 ms（最大）")):
            print(f"{label:28}{ours[key]:>14.0f}{material[key]:>16.0f}   比值 {ours[key] / material[key]:.2f}")
        if not args.no_weight:
            weights = {name: page_weight(site) for name, site in sites.items()}
            print(f"{'页面重量中位数 KB（首次打开）':28}{weights['ours'] / 1024:>14.0f}{weights['material'] / 1024:>16.0f}")
        syn = synthetic(tmp, sites["material"], args.pages)
        print(f"合成网站 {args.pages} 页（{syn['sections']} 个小节）就绪：本站 {syn['ours'][0]:.0f} ms（CPU {syn['ours'][1]:.0f} ms），"
              f"Material {syn['material'][0]:.0f} ms（CPU {syn['material'][1]:.0f} ms），比值 {syn['ours'][0] / syn['material'][0]:.2f}")


if __name__ == "__main__":
    main()
