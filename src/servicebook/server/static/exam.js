/* The paper's script: save each change at once, keep a copy in localStorage, replay it when the
 * connection returns, count down from the server's remaining seconds, show the save status.
 *
 * A classic script with no dependencies (intranet http:// is not a secure context: no Service
 * Worker, no crypto.randomUUID). The queue logic is pure and exported for node's test runner
 * (tests/js/exam-queue.test.js); the wiring below runs only in a browser with the paper form.
 */
(function (root) {
  "use strict";

  // ---- Pure logic ----

  function newDeviceId(randomBytes) {
    var bytes = randomBytes(12), out = "";
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] + 256).toString(16).slice(-2);
    return out;
  }

  function browserRandom(count) {
    var bytes = new Uint8Array(count);
    if (root.crypto && root.crypto.getRandomValues) return root.crypto.getRandomValues(bytes);
    for (var i = 0; i < count; i++) bytes[i] = Math.floor(Math.random() * 256);
    return bytes;
  }

  // The queue of one attempt on one device: {device, seq, pending: [{n, seq, answer, remaining}]}.
  function emptyQueue(device) {
    return { device: device, seq: 0, pending: [] };
  }

  function loadQueue(storage, key, makeDevice) {
    try {
      var raw = storage && storage.getItem(key);
      if (raw) {
        var queue = JSON.parse(raw);
        if (queue && typeof queue.device === "string" && Array.isArray(queue.pending)) return queue;
      }
    } catch (error) { /* unreadable copy: start afresh */ }
    return emptyQueue(makeDevice());
  }

  function storeQueue(storage, key, queue) {
    try {
      if (storage) storage.setItem(key, JSON.stringify(queue));
      return true;
    } catch (error) {
      return false;  // storage full or disabled: the save still goes to the server
    }
  }

  // A change: a new sequence number; an older unsent change of the same question is replaced
  // (the newer one wins on the server anyway).
  function enqueue(queue, n, answer, remaining) {
    queue.seq += 1;
    var item = { n: n, seq: queue.seq, answer: answer, remaining: Math.round(remaining * 10) / 10 };
    queue.pending = queue.pending.filter(function (p) { return p.n !== n; });
    queue.pending.push(item);
    return item;
  }

  // Remove the changes the server answered (saved or refused); returns the refused ones.
  function acknowledge(queue, results) {
    var refused = [];
    results.forEach(function (r) {
      var before = queue.pending.length;
      queue.pending = queue.pending.filter(function (p) { return !(p.n === r.n && p.seq === r.seq); });
      if (queue.pending.length < before && r.status !== "saved") refused.push(r);
    });
    return refused;
  }

  function latestPending(queue, n) {
    var found = null;
    queue.pending.forEach(function (p) { if (p.n === n) found = p; });
    return found;
  }

  // Counting down from the server's remaining seconds on the phone's monotonic clock, so a wrong
  // phone clock does not matter.
  function countdown(remaining, nowMs) {
    return { deadlineMs: nowMs + remaining * 1000 };
  }

  function remainingAt(timer, nowMs) {
    return Math.max(0, (timer.deadlineMs - nowMs) / 1000);
  }

  function formatRemaining(seconds) {
    var s = Math.ceil(seconds), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var two = function (x) { return (x < 10 ? "0" : "") + x; };
    return (h ? h + ":" + two(m) : two(m)) + ":" + two(r);
  }

  function statusText(state) {
    if (state.ended) return "本机登录已结束：" + state.ended;
    if (state.refused) return state.refused;
    if (state.pending === 0) return "已保存";
    if (state.offline) return "未保存：网络断开，恢复后自动提交（" + state.pending + " 处修改）";
    return "保存中…";
  }

  var api = {
    newDeviceId: newDeviceId, emptyQueue: emptyQueue, loadQueue: loadQueue, storeQueue: storeQueue,
    enqueue: enqueue, acknowledge: acknowledge, latestPending: latestPending, countdown: countdown,
    remainingAt: remainingAt, formatRemaining: formatRemaining, statusText: statusText,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  root.servicebook = root.servicebook || {};
  root.servicebook.exam = api;
  if (typeof document === "undefined") return;

  // ---- Browser wiring ----

  // On the paper the form carries the settings; on the 已交卷 page (#replay) the script only sends
  // what this phone still holds from before the deadline (the grace period).
  var form = document.getElementById("paper");
  var holder = form || document.getElementById("replay");
  if (!holder) return;
  var attempt = parseInt(holder.getAttribute("data-attempt"), 10);
  var csrf = holder.getAttribute("data-csrf");
  var staff = holder.getAttribute("data-staff");
  var grace = parseFloat(holder.getAttribute("data-grace")) || 120;
  var storage = null;
  try { storage = root.localStorage; } catch (error) { storage = null; }
  var deviceKey = "sb-exam-device", queueKey = "sb-exam-queue-" + attempt;
  var device = null;
  try { device = storage && storage.getItem(deviceKey); } catch (error) { device = null; }
  if (!device) {
    device = newDeviceId(browserRandom);
    try { if (storage) storage.setItem(deviceKey, device); } catch (error) { /* per page load then */ }
  }
  var queue = loadQueue(storage, queueKey, function () { return device; });
  var monotonic = function () { return root.performance && performance.now ? performance.now() : Date.now(); };
  var timerBox = document.getElementById("timer");
  var timer = countdown(timerBox ? parseFloat(timerBox.getAttribute("data-remaining")) : 0, monotonic());
  var state = { pending: queue.pending.length, offline: false, refused: "", ended: "" };
  var inFlight = false, retryDelay = 2000, retryTimer = null, textTimer = null, finished = !form;
  var statusBox = document.getElementById("status");

  function show() {
    state.pending = queue.pending.length;
    statusBox.textContent = statusText(state);
    statusBox.className = "status " + (state.ended ? "ended" : state.refused ? "refused"
      : state.pending === 0 ? "saved" : state.offline ? "offline" : "pending");
  }

  function sections() { return form.querySelectorAll("section.q"); }

  function answerOf(section) {
    var n = section.getAttribute("data-n"), type = section.getAttribute("data-type");
    if (type === "单选" || type === "判断") {
      var picked = section.querySelector("input[type=radio]:checked");
      return picked ? picked.value : "";
    }
    if (type === "多选") {
      var letters = [];
      section.querySelectorAll("input[type=checkbox]:checked").forEach(function (b) { letters.push(b.value); });
      return letters.sort().join("");
    }
    if (type === "填空" || type === "排序") {
      var parts = [];
      section.querySelectorAll("input.blank, select").forEach(function (f) { parts.push(f.value.trim()); });
      var any = parts.some(function (p) { return p !== ""; });
      return any ? parts.join(type === "填空" ? "；" : "") : "";
    }
    return section.querySelector("textarea[name=q" + n + "]").value;
  }

  function setAnswer(section, answer) {
    var type = section.getAttribute("data-type");
    if (type === "单选" || type === "判断" || type === "多选") {
      section.querySelectorAll("input[type=radio], input[type=checkbox]").forEach(function (b) {
        b.checked = type === "多选" ? answer.indexOf(b.value) >= 0 : b.value === answer;
      });
    } else if (type === "填空") {
      var boxes = section.querySelectorAll("input.blank"), parts = answer ? answer.split(/[;；]/) : [];
      boxes.forEach(function (b, i) { b.value = parts[i] || ""; });
    } else if (type === "排序") {
      section.querySelectorAll("select").forEach(function (s, i) { s.value = answer.charAt(i) || ""; });
    } else {
      section.querySelector("textarea").value = answer;
    }
    mark(section);
  }

  function mark(section) {
    var n = section.getAttribute("data-n");
    var link = document.querySelector('.map a[data-n="' + n + '"]');
    if (link) link.className = answerOf(section) ? "answered" : "";
    var count = section.querySelector(".count");
    if (count) count.textContent = "已输入 " + section.querySelector("textarea").value.length + " 字";
  }

  function request(path, body, done) {
    var xhr = new XMLHttpRequest();
    xhr.open("POST", path, true);
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.timeout = 15000;
    xhr.onload = function () {
      var reply = null;
      try { reply = JSON.parse(xhr.responseText); } catch (error) { reply = null; }
      done(xhr.status, reply);
    };
    xhr.onerror = xhr.ontimeout = function () { done(0, null); };
    xhr.send(JSON.stringify(body));
  }

  function retry() {
    if (retryTimer || state.ended) return;
    retryTimer = setTimeout(function () { retryTimer = null; flush(); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15000);
  }

  function flush() {
    if (inFlight || state.ended || queue.pending.length === 0) { show(); return; }
    inFlight = true;
    var batch = queue.pending.slice(0, 50);
    show();
    request("/api/save", { attempt: attempt, device: device, saves: batch }, function (status, reply) {
      inFlight = false;
      if (status === 200 && reply && reply.results) {
        state.offline = false;
        retryDelay = 2000;
        var refused = acknowledge(queue, reply.results);
        if (refused.length) state.refused = "第 " + refused[0].n + " 题：" + refused[0].message;
        storeQueue(storage, queueKey, queue);
        reply.results.forEach(function (r) {
          if (r.status === "saved" && typeof r.current === "string" && !latestPending(queue, r.n)) {
            var section = document.getElementById("q" + r.n);
            if (section && answerOf(section) !== r.current && !section.contains(document.activeElement)) {
              setAnswer(section, r.current);
            }
          }
        });
        timer = countdown(reply.remaining, monotonic());
        if (reply.submitted && queue.pending.length === 0 && !finished) return finish();
        return flush();
      }
      if (status === 401) {
        state.ended = (reply && reply.error) || "请重新登录。";
        var link = document.createElement("a");
        link.href = "/?staff=" + encodeURIComponent(staff);
        link.textContent = " 重新登录";
        show();
        statusBox.appendChild(link);
        return;
      }
      if (status === 403 || status === 404 || status === 400) {
        state.refused = (reply && reply.error) || "保存被拒绝，请刷新页面。";
        return show();
      }
      state.offline = true;  // no answer or a server error: keep the copy and try again
      show();
      retry();
    });
  }

  function changed(section, soon) {
    if (finished) return;
    var remaining = remainingAt(timer, monotonic());
    enqueue(queue, parseInt(section.getAttribute("data-n"), 10), answerOf(section), remaining);
    storeQueue(storage, queueKey, queue);
    state.refused = "";
    mark(section);
    show();
    clearTimeout(textTimer);
    if (soon) flush(); else textTimer = setTimeout(flush, 600);
  }

  function finish() {
    finished = true;
    form.querySelectorAll("input, select, textarea, button").forEach(function (f) { f.disabled = true; });
    statusBox.textContent = queue.pending.length ? "时间到：网络恢复后会提交时间到之前的修改" : "时间到，已交卷";
    var finishedAt = monotonic();
    var wait = function () {  // keep sending through the grace period, then show the 已交卷 page
      if (queue.pending.length && monotonic() - finishedAt < (grace + 30) * 1000) {
        flush();
        return setTimeout(wait, 2000);
      }
      root.location.reload();
    };
    wait();
  }

  function tick() {
    var left = remainingAt(timer, monotonic());
    timerBox.textContent = formatRemaining(left);
    if (left <= 0 && !finished) finish();
  }

  root.addEventListener("online", function () { retryDelay = 2000; clearTimeout(retryTimer); retryTimer = null; flush(); });
  if (!form) {  // the 已交卷 page: replay, nothing else
    if (queue.pending.length) { statusBox.hidden = false; flush(); }
    document.documentElement.setAttribute("data-exam-ready", "1");
    return;
  }

  form.addEventListener("change", function (event) {
    var section = event.target.closest("section.q");
    if (section) changed(section, true);
  });
  form.addEventListener("input", function (event) {
    var section = event.target.closest("section.q");
    if (section && (event.target.tagName === "TEXTAREA" || event.target.type === "text" || event.target.className === "blank")) {
      changed(section, false);
    }
  });
  form.addEventListener("submit", function (event) {
    var action = event.submitter ? event.submitter.value : "save";
    if (action !== "submit") { event.preventDefault(); return flush(); }
    if (!root.confirm("确定交卷吗？交卷后不能再修改答案。")) { event.preventDefault(); return; }
    leaving = true;  // the page is left to hand in: not a 切屏
    if (queue.pending.length) {  // send what is queued first, then hand in
      event.preventDefault();
      flush();
      var handIn = function () {
        if (state.offline) {  // handing in needs the server: say so and keep the page
          statusBox.textContent = "网络断开，暂时不能交卷：答案已存在本机，网络恢复后会自动保存，再点“交卷”。";
          leaving = false;
          return;
        }
        if (queue.pending.length) return setTimeout(handIn, 300);
        var field = document.createElement("input");
        field.type = "hidden"; field.name = "action"; field.value = "submit";
        form.appendChild(field);
        form.submit();
      };
      setTimeout(handIn, 300);
    }
  });
  var leaving = false;
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && !finished && !leaving) {
      request("/api/event", { attempt: attempt, kind: "hidden" }, function () {});
    }
  });

  // Unsent changes from an earlier visit (this phone, this attempt) go back on the page and out again.
  queue.pending.forEach(function (p) {
    var section = document.getElementById("q" + p.n);
    if (section) setAnswer(section, p.answer);
  });
  sections().forEach(mark);
  show();
  tick();
  setInterval(tick, 500);
  flush();
  document.documentElement.setAttribute("data-exam-ready", "1");  // every handler is in place
})(typeof window !== "undefined" ? window : globalThis);
