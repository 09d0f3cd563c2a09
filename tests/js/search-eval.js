// Scores the search evaluation set over a built site's index, in node.
// usage: node search-eval.js ours|material <site>/search/search_index.json cases.json [--details]
// ours: search-engine.js directly; material: Material's own worker from the same site.
"use strict";
const fs = require("fs");
const path = require("path");
const { loadWorker } = require("./worker-harness.js");

const SETUP = 0, QUERY = 2;

async function engineFor(kind, indexFile) {
  const index = JSON.parse(fs.readFileSync(indexFile, "utf8"));
  if (kind === "ours") {
    const { SearchIndex } = require("../../src/servicebook/site/assets/search-results.js");
    const started = performance.now();
    const engine = new SearchIndex(index.docs);
    const ready = performance.now() - started;
    return { ready, query: async (q) => engine.search(q), rank: (q) => engine.rank(q), engine };
  }
  const site = path.resolve(path.dirname(indexFile), "..");
  const worker = fs.readdirSync(path.join(site, "assets/javascripts/workers")).find((f) => f.endsWith(".min.js"));
  const send = loadWorker([path.join(site, "assets/javascripts/workers", worker)]);
  const started = performance.now();
  await send({ type: SETUP, data: { config: index.config, docs: index.docs, options: { suggest: false } } });
  const ready = performance.now() - started;
  return { ready, query: async (q) => (await send({ type: QUERY, data: q })).data };
}

// Result pages in rank order and the link of each page's first entry (where a click lands).
function pagesOf(result) {
  return result.items.filter((group) => !group.some((item) => /sb-search-none/.test(item.title))).map((group) => {
    const first = group[0].location;
    return { page: first.split("#")[0], anchor: first.split("#")[1] || "" };
  });
}

function isNotFound(result) {
  return result.items.length === 0 || result.items[0].some((item) => /sb-search-none/.test(item.title));
}

async function main() {
  const [kind, indexFile, caseFile] = process.argv.slice(2);
  const details = process.argv.includes("--details");
  const cases = JSON.parse(fs.readFileSync(caseFile, "utf8"));
  const engine = await engineFor(kind, indexFile);
  const tiers = {};
  const batches = {};
  const misses = [];
  let hit1 = 0, hit3 = 0, rr = 0, section1 = 0, wrongNotFound = 0, times = [];
  for (const c of cases.queries) {
    const started = performance.now();
    const result = await engine.query(c.q);
    times.push(performance.now() - started);
    const pages = pagesOf(result);
    const wanted = new Set(c.answers.map((a) => a[0]));
    const rank = pages.findIndex((p) => wanted.has(p.page));
    const tier = tiers[c.tier] || (tiers[c.tier] = { n: 0, hit3: 0 });
    tier.n++;
    if (rank === 0) hit1++;
    const batch = c.batch ? (batches[c.batch] || (batches[c.batch] = { n: 0, hit3: 0 })) : { n: 0, hit3: 0 };
    batch.n++;
    if (rank >= 0 && rank < 3) { hit3++; tier.hit3++; batch.hit3++; }
    if (rank >= 0) rr += 1 / (rank + 1);
    if (rank >= 0 && c.answers.some((a) => a[0] === pages[rank].page && a[1] === pages[rank].anchor)) section1++;
    const wrongly = kind === "ours" && isNotFound(result);
    if (wrongly) { wrongNotFound++; batch.wrongly = (batch.wrongly || 0) + 1; }
    if (details && (rank < 0 || rank >= 3)) misses.push({ q: c.q, tier: c.tier, want: c.answers[0].join("#"), got: pages.slice(0, 3).map((p) => p.page + "#" + p.anchor) });
  }
  let notFoundShown = 0;
  const nf = [];
  const nfBatches = {};
  for (const c of cases.not_found) {
    const result = await engine.query(c.q);
    const shown = kind === "ours" ? isNotFound(result) : result.items.length === 0;
    if (shown) notFoundShown++;
    if (c.batch) {
      const b = nfBatches[c.batch] || (nfBatches[c.batch] = { n: 0, shown: 0 });
      b.n++;
      if (shown) b.shown++;
    }
    if (details) nf.push({ q: c.q, shown, top: pagesOf(result).slice(0, 2).map((p) => p.page + "#" + p.anchor) });
  }
  const n = cases.queries.length;
  times.sort((a, b) => a - b);
  const out = {
    engine: kind, n, hit1: hit1 / n, hit3: hit3 / n, mrr: rr / n, section_of_hits: section1 / Math.max(1, hit3),
    tiers: Object.fromEntries(Object.entries(tiers).map(([k, v]) => [k, { n: v.n, hit3: v.hit3 / v.n }])),
    // Per batch: hit@3 and the not-found message wrongly shown on answerable questions; and, for the
    // batches of not_found.yml, how often the message is shown (held-out batches are reported apart).
    batches: Object.fromEntries(Object.entries(batches).map(([k, v]) => [k, { n: v.n, hit3: v.hit3 / v.n, not_found_wrongly_shown: (v.wrongly || 0) / v.n }])),
    not_found_batches: Object.fromEntries(Object.entries(nfBatches).map(([k, v]) => [k, { n: v.n, shown: v.shown / v.n }])),
    not_found_shown: notFoundShown / cases.not_found.length,
    not_found_wrongly_shown: wrongNotFound / n,
    ready_ms: engine.ready, query_ms_median: times[Math.floor(n / 2)], query_ms_max: times[n - 1],
  };
  if (details) {
    out.misses = misses;
    out.not_found = nf;
    if (engine.rank) {
      out.features = cases.queries.map((c) => { const r = engine.rank(c.q); return { q: c.q, answerable: true, coord: r.coord, score: r.score }; })
        .concat(cases.not_found.map((c) => { const r = engine.rank(c.q); return { q: c.q, answerable: false, coord: r.coord, score: r.score }; }));
    }
  }
  process.stdout.write(JSON.stringify(out, null, details ? 1 : 0) + "\n");
}

main().catch((err) => { console.error(err); process.exit(1); });
