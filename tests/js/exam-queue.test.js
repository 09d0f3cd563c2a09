// The exam paper's save queue (src/servicebook/server/static/exam.js): what is kept, replayed and dropped.
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { fakeStore } = require("./helpers.js");

const exam = require(path.join(__dirname, "..", "..", "src", "servicebook", "server", "static", "exam.js"));

test("each change gets the next sequence number and replaces the unsent change of the same question", () => {
  const queue = exam.emptyQueue("dev1");
  exam.enqueue(queue, 1, "A", 3000);
  exam.enqueue(queue, 2, "AC", 2990);
  exam.enqueue(queue, 1, "B", 2980.04);
  assert.deepEqual(queue.pending, [
    { n: 2, seq: 2, answer: "AC", remaining: 2990 },
    { n: 1, seq: 3, answer: "B", remaining: 2980 },
  ]);
});

test("the queue survives a closed browser: stored, read back with its device and sequence", () => {
  const store = fakeStore();
  const queue = exam.emptyQueue("dev1");
  exam.enqueue(queue, 4, "三声；10分钟", 100);
  assert.equal(exam.storeQueue(store, "sb-exam-queue-7", queue), true);
  const again = exam.loadQueue(store, "sb-exam-queue-7", () => "other");
  assert.equal(again.device, "dev1");
  exam.enqueue(again, 4, "三声；十分钟", 90);
  assert.deepEqual(again.pending.map((p) => p.seq), [2]);
});

test("an unreadable stored copy starts a fresh queue instead of breaking the page", () => {
  const store = fakeStore();
  store.setItem("sb-exam-queue-7", "{not json");
  assert.deepEqual(exam.loadQueue(store, "sb-exam-queue-7", () => "dev2"), exam.emptyQueue("dev2"));
  assert.deepEqual(exam.loadQueue(null, "k", () => "dev3"), exam.emptyQueue("dev3"));
});

test("full or disabled storage does not stop saving", () => {
  const full = { setItem() { throw new Error("QuotaExceededError"); }, getItem() { return null; } };
  assert.equal(exam.storeQueue(full, "k", exam.emptyQueue("d")), false);
});

test("answered saves leave the queue, refused ones are reported, newer changes stay", () => {
  const queue = exam.emptyQueue("dev1");
  exam.enqueue(queue, 1, "A", 100);
  exam.enqueue(queue, 2, "B", 90);
  exam.enqueue(queue, 3, "对", 80);
  const sent = queue.pending.slice();
  exam.enqueue(queue, 1, "C", 70);  // changed again while the batch was on its way
  const refused = exam.acknowledge(queue, [
    { n: 1, seq: 1, status: "saved" }, { n: 2, seq: 2, status: "refused", message: "已超过交卷时间" },
    { n: 3, seq: 3, status: "saved" },
  ]);
  assert.equal(sent.length, 3);
  assert.deepEqual(refused.map((r) => r.n), [2]);
  assert.deepEqual(queue.pending, [{ n: 1, seq: 4, answer: "C", remaining: 70 }]);
  assert.equal(exam.latestPending(queue, 1).answer, "C");
  assert.equal(exam.latestPending(queue, 2), null);
});

test("a replayed reply for a change already gone from the queue changes nothing", () => {
  const queue = exam.emptyQueue("dev1");
  exam.enqueue(queue, 1, "A", 100);
  exam.acknowledge(queue, [{ n: 1, seq: 1, status: "saved" }]);
  assert.deepEqual(exam.acknowledge(queue, [{ n: 1, seq: 1, status: "refused" }]), []);
});

test("the countdown follows the server's remaining seconds, not the phone's clock", () => {
  const timer = exam.countdown(600, 1_000_000);  // any monotonic start
  assert.equal(exam.remainingAt(timer, 1_000_000 + 90_500), 509.5);
  assert.equal(exam.remainingAt(timer, 1_000_000 + 700_000), 0);
  assert.equal(exam.formatRemaining(509.5), "08:30");
  assert.equal(exam.formatRemaining(3725), "1:02:05");
  assert.equal(exam.formatRemaining(0), "00:00");
});

test("device ids come from the random bytes given (crypto.getRandomValues in the browser)", () => {
  const id = exam.newDeviceId((count) => Uint8Array.from({ length: count }, (_, i) => i * 17));
  assert.equal(id, "00112233445566778899aabb");
});

test("the status line always says whether the last answer is saved", () => {
  assert.equal(exam.statusText({ pending: 0 }), "已保存");
  assert.equal(exam.statusText({ pending: 2 }), "保存中…");
  assert.equal(exam.statusText({ pending: 2, offline: true }), "未保存：网络断开，恢复后自动提交（2 处修改）");
  assert.equal(exam.statusText({ pending: 0, refused: "第 3 题：已超过交卷时间" }), "第 3 题：已超过交卷时间");
  assert.equal(exam.statusText({ pending: 1, ended: "请重新登录。" }), "本机登录已结束：请重新登录。");
});
