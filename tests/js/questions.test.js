const test = require("node:test");
const assert = require("node:assert/strict");
const { asset } = require("./helpers.js");

const questions = asset("questions.js");

test("answers are checked per type", () => {
  assert.equal(questions.check({ type: "多选", answer: ["A", "C"] }, ["C", "A"]), true);
  assert.equal(questions.check({ type: "多选", answer: ["A", "C"] }, ["A"]), false);
  assert.equal(questions.check({ type: "排序", answer: ["聆听", "致歉"] }, ["致歉", "聆听"]), false);
  assert.equal(questions.check({ type: "排序", answer: ["聆听", "致歉"] }, ["聆听", "致歉"]), true);
  assert.equal(questions.check({ type: "填空", answer: [["10分钟"]] }, [" 十分钟 "]), true);
  assert.equal(questions.check({ type: "判断", answer: ["错"] }, ["对"]), false);
});

test("the right answer of an ordering question is numbered", () => {
  assert.equal(questions.rightAnswer({ type: "排序", answer: ["聆听", "致歉"] }), "1. 聆听 → 2. 致歉");
  assert.equal(questions.rightAnswer({ type: "单选", answer: ["B"], options: ["甲", "乙"] }), "乙");
  assert.equal(questions.rightAnswer({ type: "多选", answer: ["A", "C"], options: ["甲", "乙", "丙"] }), "甲；丙");
});

test("every practice question type has an input", () => {
  assert.deepEqual(questions.TYPES.sort(), ["判断", "单选", "填空", "多选", "排序"].sort());
});

test("choice options get a new order each time, every position equally often", () => {
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const firsts = [0, 0, 0, 0];
  for (let n = 0; n < 4000; n++) {
    const order = questions.shuffled(4, random);
    assert.deepEqual(order.slice().sort(), [0, 1, 2, 3]);
    firsts[order[0]] += 1;
  }
  firsts.forEach((count) => assert.ok(count > 800 && count < 1200, `first position counts ${firsts}`));
});
