// Calibrates when search says 知识库中没有找到 (issue 11 point 4), over a built site's index.
// usage: node search-calibrate.js <site>/search/search_index.json cases.json [--max-wrong 0.04]
// Measures each question's best match once, then tries every combination of thresholds on one half
// of each evaluation set (odd or even positions) and reports it on the other half, both ways; the
// blind batch (entries with the batch named by --holdout) is left out of tuning and reported alone.
"use strict";
const fs = require("fs");
const { SearchIndex } = require("../../src/servicebook/site/assets/search-results.js");

const GRID = {
  coord: [0.2, 0.25, 0.3, 0.35],
  score: [0, 4, 5, 6, 7],
  rare: [0, 0.25],
  topic: [0, 0.05, 0.1, 0.15, 0.2],
  bodyScore: [0, 10, 12, 14, 16, 20],
  gapTopic: [-1, 0, 0.1, 0.2, 0.3, 1],
  gapCover: [0.2, 0.3, 0.4, 0.5, 2],
  gapMargin: [0, 0.1, 0.2],
  quantity: [0, 1],
};

function combos(grid) {
  let out = [{}];
  for (const [key, values] of Object.entries(grid)) {
    out = out.flatMap((partial) => values.map((v) => Object.assign({}, partial, { [key]: v })));
  }
  return out;
}

function rates(engine, weak, answerable, unanswered) {
  const shown = (m) => !m.any || !engine.answers(m, weak);
  const wrong = answerable.filter(shown).length / Math.max(1, answerable.length);
  const right = unanswered.filter(shown).length / Math.max(1, unanswered.length);
  return { wrong, right };
}

function main() {
  const [indexFile, caseFile] = process.argv.slice(2);
  const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
  const maxWrong = Number(arg("--max-wrong", "0.04"));
  const holdout = arg("--holdout", "2026-12-01-blind");
  const index = JSON.parse(fs.readFileSync(indexFile, "utf8"));
  const cases = JSON.parse(fs.readFileSync(caseFile, "utf8"));
  const engine = new SearchIndex(index.docs);
  if (arg("--gap-df")) engine.weak.gapDf = Number(arg("--gap-df"));
  const measure = (c) => {
    const r = engine.rank(c.q);
    return Object.assign({ any: r.units.length > 0 && r.pages.length > 0, batch: c.batch || "" }, r.measures);
  };
  const answerable = cases.queries.map(measure), unanswered = cases.not_found.map(measure);
  const tuneA = answerable.filter((m) => m.batch !== holdout), tuneN = unanswered.filter((m) => m.batch !== holdout);
  const half = (list, h) => list.filter((_, i) => i % 2 === h);
  const all = combos(GRID);
  const best = (A, N) => {
    let chosen = null;
    for (const weak of all) {
      const r = rates(engine, weak, A, N);
      if (r.wrong > maxWrong) continue;
      if (!chosen || r.right > chosen.r.right || (r.right === chosen.r.right && r.wrong < chosen.r.wrong)) chosen = { weak, r };
    }
    return chosen;
  };
  const report = { current: index.docs.weak, now: rates(engine, engine.weak, tuneA, tuneN) };
  for (const h of [0, 1]) {
    const chosen = best(half(tuneA, h), half(tuneN, h));
    report["tuned_on_" + (h ? "odd" : "even")] = {
      weak: chosen.weak, train: chosen.r, test: rates(engine, chosen.weak, half(tuneA, 1 - h), half(tuneN, 1 - h)),
    };
  }
  const whole = best(tuneA, tuneN);
  report.tuned_on_all = whole;
  const blindA = answerable.filter((m) => m.batch === holdout), blindN = unanswered.filter((m) => m.batch === holdout);
  if (blindA.length || blindN.length) {
    report.holdout = { n: [blindA.length, blindN.length], current: rates(engine, engine.weak, blindA, blindN), tuned: rates(engine, whole.weak, blindA, blindN) };
    report.everything = { current: rates(engine, engine.weak, answerable, unanswered), tuned: rates(engine, whole.weak, answerable, unanswered) };
  }
  process.stdout.write(JSON.stringify(report, null, 1) + "\n");
}

main();
