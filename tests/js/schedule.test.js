const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { asset, ROOT } = require("./helpers.js");

const schedule = asset("schedule.js");
const FSRS = require(path.join(ROOT, ".vendor", "ts-fsrs", "ts-fsrs.umd.js"));

const cards = Array.from({ length: 25 }, (_, i) => ({ id: "c" + i, page: i % 5, answer: [["十分钟"]] }));
const DAY = new Date(2026, 11, 10, 9, 0);

function session(state, now, rank) {
  return schedule.deal(cards, state, "客服", now, 10, rank);
}

test("a day's session deals ten new cards, then nothing new until the next day", () => {
  const state = { cards: {} };
  const first = session(state, DAY);
  assert.equal(first.length, 10);
  first.forEach((card) => schedule.record(state, card, true, DAY, FSRS, "客服"));
  const later = new Date(2026, 11, 10, 20, 0);
  assert.deepEqual(session(state, later), []);
  const next = schedule.nextDue(cards, state, later);
  assert.ok(next > later, "the next session is in the future");
  assert.equal(next.getTime(), new Date(2026, 11, 11, 0, 0).getTime());
  assert.equal(session(state, new Date(2026, 11, 11, 9, 0)).length, 10);
});

test("a wrong card comes back the next day, before any new card", () => {
  const state = { cards: {} };
  const [first, ...rest] = session(state, DAY);
  schedule.record(state, first, false, DAY, FSRS, "客服");
  rest.forEach((card) => schedule.record(state, card, true, DAY, FSRS, "客服"));
  const tomorrow = session(state, new Date(2026, 11, 11, 9, 0));
  assert.equal(tomorrow[0].id, first.id);
  assert.ok(tomorrow.slice(1).every((card) => !state.cards[card.id]), "then new cards");
});

test("a half-finished session carries on with the rest of the day's new cards", () => {
  const state = { cards: {} };
  session(state, DAY).slice(0, 4).forEach((card) => schedule.record(state, card, true, DAY, FSRS, "客服"));
  assert.equal(session(state, new Date(2026, 11, 10, 12, 0)).length, 6);
});

test("new cards follow the rank and skip the cards it leaves out", () => {
  const state = { cards: {} };
  // pages 3 first, then 1; other pages not yet
  const rank = (card) => (card.page === 3 ? 0 : card.page === 1 ? 1 : null);
  const dealt = session(state, DAY, rank);
  assert.deepEqual(dealt.map((c) => c.page), [3, 3, 3, 3, 3, 1, 1, 1, 1, 1]);
});

test("long-list answers are self-rated, short ones typed", () => {
  assert.equal(schedule.selfRated({ answer: [["十分钟"]] }), false);
  assert.equal(schedule.selfRated({ answer: [["车场配套、教育配套、商业配套、医疗配套"]] }), true);
});

test("a new hire drills this onboarding week first, then earlier weeks, never later ones", () => {
  const weeks = [[0, 1], [2], [3, 4]];
  const rank = schedule.weekRank(weeks, 2);
  assert.deepEqual([0, 1, 2, 3, 4].map((page) => rank({ page })), [1, 1, 0, null, null]);
  assert.deepEqual([3, 4].map((page) => schedule.weekRank(weeks, 9)({ page })), [0, 0]); // after the path
  assert.equal(schedule.weekRank(weeks, 1)({ page: 7 }), null); // not on the path
  const state = { cards: {} };
  const dealt = schedule.deal(cards, state, "新员工", DAY, 10, rank);
  assert.deepEqual([...new Set(dealt.map((c) => c.page))], [2, 0, 1]);
});
