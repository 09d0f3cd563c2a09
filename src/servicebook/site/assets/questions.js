/* One practice question: checking an answer and the input for each question type.
   A renderer returns {node, read, restore}: read() gives the answer (null when incomplete),
   restore(given) shows a stored one. Shape of a question: practice.question_payload in Python. */
(function (root, factory) {
  var node = typeof module === "object" && module.exports;
  var api = factory(node ? require("./numerals.js") : root.servicebook.numerals,
                    node ? require("./dom.js") : root.servicebook.dom);
  if (node) module.exports = api;
  else (root.servicebook = root.servicebook || {}).questions = api;
})(typeof window !== "undefined" ? window : globalThis, function (numerals, dom) {
  "use strict";
  var el = dom.el;

  // ---- Checking ----
  function check(q, given) {
    if (q.type === "填空") return given.every(function (g, i) { return numerals.same(g, q.answer[i]); });
    if (q.type === "排序") return JSON.stringify(given) === JSON.stringify(q.answer);
    return JSON.stringify(given.slice().sort()) === JSON.stringify(q.answer.slice().sort());
  }
  function rightAnswer(q) {
    if (q.type === "填空") return q.answer.map(function (a) { return a[0]; }).join("；");
    if (q.type === "排序") return q.answer.map(function (s, i) { return (i + 1) + ". " + s; }).join(" → ");
    if (q.type === "判断") return q.answer[0];
    // Options are shown in a new order each time (see choices), so name the right ones by their text.
    return q.answer.map(function (l) { return q.options[l.charCodeAt(0) - 65]; }).join("；");
  }

  // A new order each time a 单选/多选 is shown, so the right answer's place tells nothing (issue 12).
  function shuffled(count, random) {
    var order = [];
    for (var i = 0; i < count; i++) order.push(i);
    for (var j = count - 1; j > 0; j--) {
      var k = Math.floor(random() * (j + 1));
      var t = order[j]; order[j] = order[k]; order[k] = t;
    }
    return order;
  }

  // ---- Inputs per type ----
  function choices(q, onEnter, random) {
    var multi = q.type === "多选", judge = q.type === "判断";
    var list = el("div", { "class": "sb-q__options" });
    var order = judge ? [0, 1] : shuffled(q.options.length, random || Math.random);
    order.forEach(function (i, shown) {
      // The value stays the stored letter (answers are checked and kept in stored order);
      // the label letters follow the order on screen.
      var text = q.options[i], letter = String.fromCharCode(65 + i);
      var label = el("label", { "class": "sb-q__option" });
      label.appendChild(el("input", { type: multi ? "checkbox" : "radio", name: "sb-" + q.id, value: judge ? text : letter }));
      label.appendChild(el("span", {}, " " + (judge ? text : String.fromCharCode(65 + shown) + ". " + text)));
      list.appendChild(label);
    });
    return {
      node: list,
      read: function () {
        var picked = Array.from(list.querySelectorAll("input:checked")).map(function (i) { return i.value; });
        return picked.length ? picked.sort() : null;
      },
      restore: function (given) {
        list.querySelectorAll("input").forEach(function (i) { i.checked = given.indexOf(i.value) >= 0; });
      },
    };
  }

  function blanks(q, onEnter) {
    var box = el("div", { "class": "sb-q__blanks" });
    var inputs = q.answer.map(function (_, i) {
      var label = el("label", { "class": "sb-q__blank" }, q.answer.length > 1 ? "第 " + (i + 1) + " 空 " : "答案 ");
      var input = el("input", { type: "text", autocomplete: "off", enterkeyhint: "done" });
      // Enter submits (the phone keyboard's 完成 key too).
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && onEnter) { event.preventDefault(); onEnter(); }
      });
      label.appendChild(input);
      box.appendChild(label);
      return input;
    });
    return {
      node: box,
      inputs: inputs,
      read: function () {
        var given = inputs.map(function (i) { return i.value; });
        return given.every(function (g) { return g.trim(); }) ? given : null;
      },
      restore: function (given) { inputs.forEach(function (i, n) { i.value = given[n] || ""; }); },
    };
  }

  function ordering(q) {
    var order = q.items.slice();
    var box = el("div", { "class": "sb-q__ordering" });
    var ol = el("ol", { "class": "sb-q__order" });
    function draw() {
      ol.textContent = "";
      order.forEach(function (text, i) {
        var li = el("li", { "class": "sb-q__step" });
        li.appendChild(el("span", { "class": "sb-q__step-no", "aria-hidden": "true" }, String(i + 1)));
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
    }
    draw();
    box.appendChild(el("p", { "class": "sb-q__hint" }, "用 ↑ ↓ 按钮把步骤排成正确顺序。"));
    box.appendChild(ol);
    return {
      node: box,
      read: function () { return order.slice(); },
      restore: function (given) { if (given.length === order.length) { order = given.slice(); draw(); } },
    };
  }

  var RENDER = { "单选": choices, "多选": choices, "判断": choices, "填空": blanks, "排序": ordering };

  function input(q, onEnter, random) { return RENDER[q.type](q, onEnter, random); }

  return { check: check, rightAnswer: rightAnswer, input: input, shuffled: shuffled, TYPES: Object.keys(RENDER) };
});
