const test = require("node:test");
const assert = require("node:assert/strict");
const { asset, fakeStore } = require("./helpers.js");

const storage = asset("storage.js");

test("the role is chosen once and read back by every feature", () => {
  storage.use(fakeStore());
  assert.equal(storage.role(), null);
  storage.setRole("安保");
  assert.equal(storage.role(), "安保");
});

test("a role picked on the old 每日一练 page still counts as the reader's role", () => {
  const store = fakeStore();
  store.setItem("sb-daily-v1", JSON.stringify({ role: "工程", cards: {} }));
  storage.use(store);
  assert.equal(storage.role(), "工程");
});

test("错题本 entries are added once and removed after a right answer", () => {
  storage.use(fakeStore());
  storage.addWrong("q1", { stem: "题", time: 1, from: "daily" });
  assert.deepEqual(Object.keys(storage.wrongBook()), ["q1"]);
  assert.equal(storage.wrongBook().q1.from, "daily");
  assert.equal(storage.removeWrong("q1"), true);
  assert.deepEqual(storage.wrongBook(), {});
  assert.equal(storage.removeWrong("q1"), false);
});

test("broken stored data reads as empty instead of breaking the page", () => {
  const store = fakeStore();
  store.setItem("sb-wrong-v1", "{not json");
  storage.use(store);
  assert.deepEqual(storage.wrongBook(), {});
  assert.deepEqual(storage.onboarding(), { read: {}, items: {} });
});

test("entries stored under a renamed generated id move to the new id", () => {
  storage.use(fakeStore());
  storage.addWrong("gen-ten-steps-aaaa11-t", { stem: "旧", time: 1 });
  storage.addWrong("ten-steps-001", { stem: "手写题", time: 2 });
  storage.saveDaily({ cards: { "gen-ten-steps-aaaa11-t": { due: "2026-12-11" } } });
  storage.migrate({ aaaa11: "bbbb22" });
  assert.deepEqual(Object.keys(storage.wrongBook()).sort(), ["gen-ten-steps-bbbb22-t", "ten-steps-001"]);
  assert.deepEqual(Object.keys(storage.daily().cards), ["gen-ten-steps-bbbb22-t"]);
});
