/* 自测 blocks and 错题本 (issue 6): static, in the browser; progress lives in localStorage. */
(function () {
  "use strict";
  var PROGRESS = "sb-practice-v1"; // question id -> {ok, given, time}
  var WRONG = "sb-wrong-v1"; // question id -> {stem, title, url, time}

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: keep going */ }
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // 填空 answers are compared by numerals.js (window.sbSameAnswer), loaded before this script.

  // ---- Checking one answer ----
  function check(q, given) {
    if (q.type === "填空") return given.every(function (g, i) { return window.sbSameAnswer(g, q.answer[i]); });
    return JSON.stringify(given) === JSON.stringify(q.answer);
  }
  function rightAnswer(q) {
    if (q.type === "填空") return q.answer.map(function (a) { return a[0]; }).join("；");
    if (q.type === "排序") return q.answer.join(" → ");
    if (q.type === "判断") return q.answer[0];
    return q.answer.map(function (l) { return l + ". " + q.options[l.charCodeAt(0) - 65]; }).join("；");
  }

  // ---- Rendering one question ----
  function renderQuestion(q, data, number) {
    var box = el("div", { "class": "sb-q", id: "sb-q-" + q.id, "data-qid": q.id, "data-type": q.type });
    box.appendChild(el("p", { "class": "sb-q__stem" }, number + ". [" + q.type + "] " + q.stem));
    var read; // () -> given answer, or null when incomplete
    var restore; // (given) -> show a stored answer
    if (q.type === "单选" || q.type === "多选" || q.type === "判断") {
      var multi = q.type === "多选";
      var list = el("div", { "class": "sb-q__options" });
      q.options.forEach(function (text, i) {
        var letter = String.fromCharCode(65 + i);
        var label = el("label", { "class": "sb-q__option" });
        var input = el("input", { type: multi ? "checkbox" : "radio", name: "sb-" + q.id, value: q.type === "判断" ? text : letter });
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + (q.type === "判断" ? text : letter + ". " + text)));
        list.appendChild(label);
      });
      box.appendChild(list);
      read = function () {
        var picked = Array.from(list.querySelectorAll("input:checked")).map(function (i) { return i.value; });
        return picked.length ? picked.sort() : null;
      };
      restore = function (given) {
        list.querySelectorAll("input").forEach(function (i) { i.checked = given.indexOf(i.value) >= 0; });
      };
    } else if (q.type === "填空") {
      var inputs = q.answer.map(function (_, i) {
        var label = el("label", { "class": "sb-q__blank" }, q.answer.length > 1 ? "第 " + (i + 1) + " 空 " : "答案 ");
        var input = el("input", { type: "text", autocomplete: "off" });
        label.appendChild(input);
        box.appendChild(label);
        return input;
      });
      read = function () {
        var given = inputs.map(function (i) { return i.value; });
        return given.every(function (g) { return g.trim(); }) ? given : null;
      };
      restore = function (given) { inputs.forEach(function (i, n) { i.value = given[n] || ""; }); };
    } else if (q.type === "排序") {
      var order = q.items.slice();
      var ol = el("ol", { "class": "sb-q__order" });
      var draw = function () {
        ol.textContent = "";
        order.forEach(function (text, i) {
          var li = el("li", { "class": "sb-q__step" });
          li.appendChild(el("span", { "class": "sb-q__step-text" }, text));
          var up = el("button", { type: "button", "class": "sb-q__move", "aria-label": "上移" }, "↑");
          var down = el("button", { type: "button", "class": "sb-q__move", "aria-label": "下移" }, "↓");
          up.disabled = i === 0;
          down.disabled = i === order.length - 1;
          up.onclick = function () { order.splice(i - 1, 0, order.splice(i, 1)[0]); draw(); };
          down.onclick = function () { order.splice(i + 1, 0, order.splice(i, 1)[0]); draw(); };
          li.appendChild(up);
          li.appendChild(down);
          ol.appendChild(li);
        });
      };
      draw();
      box.appendChild(el("p", { "class": "sb-q__hint" }, "用 ↑ ↓ 按钮把步骤排成正确顺序。"));
      box.appendChild(ol);
      read = function () { return order.slice(); };
      restore = function (given) {
        if (given.length === order.length) { order = given.slice(); draw(); }
      };
    }
    var submit = el("button", { type: "button", "class": "md-button sb-q__submit" }, "提交");
    var feedback = el("div", { "class": "sb-q__feedback", "aria-live": "polite" });
    box.appendChild(submit);
    box.appendChild(feedback);

    var show = function (ok) {
      box.classList.toggle("sb-q--right", ok);
      box.classList.toggle("sb-q--wrong", !ok);
      feedback.textContent = "";
      feedback.appendChild(el("p", { "class": "sb-q__verdict" }, ok ? "✓ 回答正确" : "✗ 回答错误，正确答案：" + rightAnswer(q)));
      feedback.appendChild(el("p", { "class": "sb-q__explanation" }, "解析：" + q.explanation));
      var link = el("a", { href: "#" + q.anchor, "class": "sb-q__source" }, "查看原文条款");
      feedback.appendChild(link);
    };
    submit.onclick = function () {
      var given = read();
      if (!given) { feedback.textContent = "请先作答再提交。"; return; }
      var ok = check(q, given);
      var progress = load(PROGRESS), wrong = load(WRONG);
      progress[q.id] = { ok: ok, given: given, time: Date.now() };
      if (ok) delete wrong[q.id];
      else wrong[q.id] = { stem: q.stem, title: data.title, url: location.pathname, anchor: q.anchor, time: Date.now() };
      save(PROGRESS, progress);
      save(WRONG, wrong);
      show(ok);
      summary(data);
    };
    var stored = load(PROGRESS)[q.id];
    if (stored) { restore(stored.given); show(stored.ok); }
    return box;
  }

  function summary(data) {
    var progress = load(PROGRESS);
    var done = 0, right = 0;
    data.questions.forEach(function (q) {
      if (progress[q.id]) { done += 1; if (progress[q.id].ok) right += 1; }
    });
    data.summary.textContent = "已答 " + done + " / " + data.questions.length + " 题，答对 " + right + " 题。";
  }

  function initBlock(block) {
    var script = block.querySelector("script.sb-practice-data");
    var list = block.querySelector(".sb-practice__list");
    if (!script || !list) return;
    var data = JSON.parse(script.textContent);
    data.summary = el("p", { "class": "sb-practice__summary" });
    list.appendChild(data.summary);
    data.questions.forEach(function (q, i) { list.appendChild(renderQuestion(q, data, i + 1)); });
    summary(data);
  }

  // ---- 错题本 ----
  function initWrong(box) {
    var wrong = load(WRONG);
    var ids = Object.keys(wrong).sort(function (a, b) { return wrong[b].time - wrong[a].time; });
    box.textContent = "";
    if (!ids.length) {
      box.appendChild(el("p", { "class": "sb-wrong__empty" }, "暂无错题。在各页面末尾的“自测”中答错的题会出现在这里。"));
      return;
    }
    box.appendChild(el("p", {}, "共 " + ids.length + " 道错题。"));
    var ol = el("ol", { "class": "sb-wrong__list" });
    ids.forEach(function (id) {
      var item = wrong[id];
      var li = el("li", { "class": "sb-wrong__item", "data-qid": id });
      li.appendChild(el("p", { "class": "sb-wrong__stem" }, item.stem));
      var meta = el("p", { "class": "sb-wrong__meta" });
      meta.appendChild(el("a", { href: item.url + "#sb-q-" + id }, "去《" + item.title + "》重做"));
      meta.appendChild(document.createTextNode("　"));
      meta.appendChild(el("a", { href: item.url + "#" + item.anchor }, "查看原文条款"));
      meta.appendChild(document.createTextNode("　" + new Date(item.time).toLocaleString("zh-CN")));
      li.appendChild(meta);
      ol.appendChild(li);
    });
    box.appendChild(ol);
  }

  function init() {
    document.querySelectorAll(".sb-practice").forEach(initBlock);
    document.querySelectorAll(".sb-wrong").forEach(initWrong);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
