const test = require("node:test");
const assert = require("node:assert/strict");
const { asset } = require("./helpers.js");

const calendar = asset("calendar.js");

// The shape practice.plan_payload ships: 12 slots from December, overrides by month.
const slots = Array.from({ length: 12 }, (_, i) => [i]); // slot i plans page i
const PLAN = { start: "2026-12", cycles: { 客服: slots }, overrides: { "2027-03": { 客服: [20, 21] } } };

test("months are counted in the reader's local calendar", () => {
  assert.equal(calendar.monthOf(new Date(2026, 11, 10)), "2026-12");
  assert.equal(calendar.addMonths("2026-12", 1), "2027-01");
  assert.equal(calendar.addMonths("2027-01", -1), "2026-12");
  assert.equal(calendar.monthName("2027-03"), "2027 年 3 月");
});

test("a month of the plan shows its cycle slot, or its override", () => {
  assert.deepEqual(calendar.studyMonth(PLAN, "2026-12", "客服"), { month: "2026-12", pages: [0], shifted: false });
  assert.deepEqual(calendar.studyMonth(PLAN, "2027-01", "客服").pages, [1]);
  assert.deepEqual(calendar.studyMonth(PLAN, "2027-03", "客服").pages, [20, 21]);
  assert.deepEqual(calendar.studyMonth(PLAN, "2027-04", "客服").pages, [4]);
});

test("before the plan starts, the nearest planned month is shown and marked as moved", () => {
  assert.deepEqual(calendar.studyMonth(PLAN, "2026-11", "客服"), { month: "2026-12", pages: [0], shifted: true });
  assert.equal(calendar.studyMonth(PLAN, "2026-06", "客服").month, "2026-12");
});

test("a role without a plan gets no pages", () => {
  assert.deepEqual(calendar.studyMonth(PLAN, "2026-12", "安保").pages, []);
});

test("onboarding weeks start at 1 on the start date and turn every seven days", () => {
  assert.equal(calendar.weekSince("2026-12-01", new Date(2026, 11, 1, 8)), 1);
  assert.equal(calendar.weekSince("2026-12-01", new Date(2026, 11, 7, 23)), 1);
  assert.equal(calendar.weekSince("2026-12-01", new Date(2026, 11, 8)), 2);
  assert.equal(calendar.weekSince("2026-12-01", new Date(2026, 11, 29)), 5);
  assert.equal(calendar.weekSince("2026-12-20", new Date(2026, 11, 1)), 1);
});
