// The browser's answer normaliser agrees with servicebook/numerals.py on the shared cases.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const fs = require("node:fs");

const numerals = require("../../src/servicebook/site/assets/numerals.js");
const cases = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "data", "numerals_cases.json"), "utf8"));

test("shared cases normalise as listed", () => {
  for (const [typed, expected] of cases.normalize) assert.equal(numerals.normalize(typed), expected, typed);
});

test("numbers written in Chinese read back as the number", () => {
  for (const [number, written] of cases.int_to_chinese) {
    assert.equal(numerals.chineseToInt(written), number, written);
    assert.equal(numerals.normalize(written + "元"), number + "元", written);
  }
});

test("an answer matches any accepted spelling", () => {
  assert.ok(numerals.same("一万零一十元", ["10010元"]));
  assert.ok(numerals.same(" １０ 分钟。", ["十分钟", "10分钟"]));
  assert.ok(!numerals.same("一万元", ["10010元"]));
});
