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
    return q.answer.map(function (l) { return l + ". " + q.options[l.charCodeAt(0) - 65]; }).join("；");
  }

  // ---- Inputs per type ----
  function choices(q) {
    var multi = q.type === "多选", judge = q.type === "判断";
    var list = el("div", { "class": "sb-q__options" });
    q.options.forEach(function (text, i) {
      var letter = String.fromCharCode(65 + i);
      var label = el("label", { "class": "sb-q__option" });
      label.appendChild(el("input", { type: multi ? "checkbox" : "radio", name: "sb-" + q.id, value: judge ? text : letter }));
      label.appendChild(el("span", {}, " " + (judge ? text : letter + ". " + text)));
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

  function input(q, onEnter) { return RENDER[q.type](q, onEnter); }

  return { check: check, rightAnswer: rightAnswer, input: input, TYPES: Object.keys(RENDER) };
});
