// Contract with Material for MkDocs' page script (integrations/search/worker/message): the worker
// receives SETUP {config, docs, options} and QUERY text, answers READY and RESULT {items: [[item]]},
// each item with location, title, text, score and terms, one group per page, and in each group
// one entry Material can take as the page (a location without "#", else the last entry).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { loadWorker } = require("./worker-harness.js");

const ASSETS = path.join(__dirname, "../../src/servicebook/site/assets");
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const DOCS = {
  format: "servicebook-search-2",
  pages: [["a/", "装修`备案"], ["b/", "电话`礼仪"]],
  sections: [[0, "", "", "装修`备案`要`带`身份证", "", ""], [0, "资料", "所需`资料", "身份证`复印件", "身份证", ""],
             [1, "接听", "接听", "铃响`三声`内`接听", "三声", ""]],
  synonyms: [],
  fallback: 2,
};

// The engine's source files, or (SEARCH_WORKER=file) the one worker file the build writes from them.
function worker() {
  if (process.env.SEARCH_WORKER) return loadWorker([process.env.SEARCH_WORKER]);
  return loadWorker(["search-text.js", "search-engine.js", "search-query.js", "search-results.js", "search-worker.js"].map((f) => path.join(ASSETS, f)));
}

test("SETUP with Material's {config, docs, options} answers READY", async () => {
  const send = worker();
  const reply = await send({ type: SETUP, data: { config: { lang: ["zh"], separator: "[\\s]+", fields: {} }, docs: DOCS, options: { suggest: true } } });
  assert.deepEqual(reply, { type: READY });
});

test("QUERY answers RESULT with groups of items in Material's shape", async () => {
  const send = worker();
  await send({ type: SETUP, data: { config: {}, docs: DOCS, options: { suggest: false } } });
  const reply = await send({ type: QUERY, data: "装修备案要带什么资料" });
  assert.equal(reply.type, RESULT);
  assert.ok(Array.isArray(reply.data.items) && reply.data.items.length > 0);
  assert.ok(Array.isArray(reply.data.suggest));
  for (const group of reply.data.items) {
    assert.ok(Array.isArray(group) && group.length > 0);
    for (const item of group) {
      assert.equal(typeof item.location, "string");
      assert.equal(typeof item.title, "string");
      assert.equal(typeof item.text, "string");
      assert.equal(typeof item.score, "number");
      assert.equal(typeof item.terms, "object");
    }
    const pages = new Set(group.map((item) => item.location.split("#")[0]));
    assert.equal(pages.size, 1, "one page per group");
    // Material renders the first item's score as the threshold of the group's best sections.
    assert.ok(group.every((item) => item.score <= group[0].score));
  }
  assert.equal(reply.data.items[0][0].location, "a/#资料");
});

test("an empty query answers an empty result, an unknown message type throws", async () => {
  const send = worker();
  await send({ type: SETUP, data: { config: {}, docs: DOCS, options: {} } });
  assert.deepEqual((await send({ type: QUERY, data: "  " })).data.items, []);
  await assert.rejects(send({ type: 9 }), /TypeError/);
});
