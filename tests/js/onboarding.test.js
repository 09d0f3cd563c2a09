const test = require("node:test");
const assert = require("node:assert/strict");
const { asset } = require("./helpers.js");

const onboarding = asset("onboarding.js");

test("progress counts the pages read in each week", () => {
  const items = { "a/": 1, "b/": 1, "c/": 2 };
  const weeks = onboarding.progress(items, { "b/": 1, "x/": 2 });
  assert.deepEqual(weeks, { 1: { done: 1, total: 2 }, 2: { done: 0, total: 1 } });
  assert.equal(onboarding.progressText(weeks), "第1周 1/2　第2周 0/1");
});
