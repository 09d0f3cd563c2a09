/* 每日一练 (issue 6): 10 cards a session from the highlighted facts of the reader's role, scheduled
   with FSRS (ts-fsrs, global FSRS). State lives in localStorage. */
(function () {
  "use strict";
  var STATE = "sb-daily-v1"; // {role, cards: {id: fsrs card}}
  function load() {
    try { return JSON.parse(localStorage.getItem(STATE)) || { cards: {} }; } catch (e) { return { cards: {} }; }
  }
  function save(state) {
    try { localStorage.setItem(STATE, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function revive(card) {
    card = Object.assign({}, card);
    card.due = new Date(card.due);
    if (card.last_review) card.last_review = new Date(card.last_review);
    return card;
  }
  function when(date) {
    return date.toLocaleString("zh-CN", { month: "long", day: "numeric", hour: "2-digit", minute: "2-digit" });
  }

  function start(root, data) {
    var scheduler = FSRS.fsrs ? FSRS.fsrs() : new FSRS.FSRS({});
    var state = load();
    var role = state.role || data.roles[0];
    root.textContent = "";
    var picker = el("label", { "class": "sb-daily__role" }, "我的岗位 ");
    var select = el("select", { "class": "sb-daily__select" });
    data.roles.forEach(function (r) { var o = el("option", { value: r }, r); o.selected = r === role; select.appendChild(o); });
    picker.appendChild(select);
    root.appendChild(picker);
    var stage = el("div", { "class": "sb-daily__stage", "aria-live": "polite" });
    root.appendChild(stage);
    select.onchange = function () { state.role = select.value; save(state); start(root, data); };

    var mine = data.cards.filter(function (c) { return c.roles.indexOf(role) >= 0 || c.roles.indexOf("全员") >= 0; });
    var now = new Date();
    var due = mine.filter(function (c) { return state.cards[c.id] && new Date(state.cards[c.id].due) <= now; })
      .sort(function (a, b) { return new Date(state.cards[a.id].due) - new Date(state.cards[b.id].due); });
    var fresh = mine.filter(function (c) { return !state.cards[c.id]; });
    var session = due.concat(fresh).slice(0, data.size);
    var right = 0, index = 0;

    function nextDue() {
      var times = mine.filter(function (c) { return state.cards[c.id]; })
        .map(function (c) { return new Date(state.cards[c.id].due); });
      if (mine.some(function (c) { return !state.cards[c.id]; })) {
        var tomorrow = new Date(); tomorrow.setHours(24, 0, 0, 0); times.push(tomorrow);
      }
      return times.length ? new Date(Math.min.apply(null, times)) : null;
    }
    function finish() {
      stage.textContent = "";
      var box = el("div", { "class": "sb-daily__done" });
      if (session.length) box.appendChild(el("p", {}, "本次练习完成：答对 " + right + " / " + session.length + " 题。"));
      else box.appendChild(el("p", {}, mine.length ? "现在没有需要练习的题目。" : "这个岗位还没有可练习的应知应会。"));
      var next = nextDue();
      box.appendChild(el("p", { "class": "sb-daily__next" }, next ? "下次练习时间：" + when(next) : "暂无后续练习安排。"));
      var again = el("button", { type: "button", "class": "md-button" }, "重新开始");
      again.onclick = function () { start(root, data); };
      box.appendChild(again);
      stage.appendChild(box);
    }
    function show() {
      if (index >= session.length) { finish(); return; }
      var card = session[index];
      stage.textContent = "";
      stage.appendChild(el("p", { "class": "sb-daily__count" }, "第 " + (index + 1) + " / " + session.length + " 题"));
      var q = el("div", { "class": "sb-q sb-daily__card", "data-qid": card.id });
      q.appendChild(el("p", { "class": "sb-q__stem" }, card.stem));
      var inputs = card.answer.map(function (_, i) {
        var label = el("label", { "class": "sb-q__blank" }, card.answer.length > 1 ? "第 " + (i + 1) + " 空 " : "答案 ");
        var input = el("input", { type: "text", autocomplete: "off" });
        label.appendChild(input); q.appendChild(label); return input;
      });
      var submit = el("button", { type: "button", "class": "md-button sb-q__submit" }, "提交");
      var feedback = el("div", { "class": "sb-q__feedback" });
      q.appendChild(submit); q.appendChild(feedback);
      stage.appendChild(q);
      inputs[0].focus();
      submit.onclick = function () {
        var ok = inputs.every(function (input, i) { return window.sbSameAnswer(input.value, card.answer[i]); });
        if (ok) right += 1;
        var previous = state.cards[card.id] ? revive(state.cards[card.id]) : FSRS.createEmptyCard(new Date());
        state.cards[card.id] = scheduler.next(previous, new Date(), ok ? FSRS.Rating.Good : FSRS.Rating.Again).card;
        save(state);
        submit.remove();
        inputs.forEach(function (i) { i.disabled = true; });
        q.classList.add(ok ? "sb-q--right" : "sb-q--wrong");
        feedback.appendChild(el("p", { "class": "sb-q__verdict" },
          ok ? "✓ 回答正确" : "✗ 回答错误，正确答案：" + card.answer.map(function (a) { return a[0]; }).join("；")));
        var page = data.pages[card.page];
        var sentence = card.answer.reduce(function (text, a) { return text.replace("___", a[0]); }, card.stem);
        feedback.appendChild(el("p", { "class": "sb-q__explanation" }, "出自《" + page.title + "》：" + sentence));
        feedback.appendChild(el("a", { href: page.url + "#" + card.anchor, "class": "sb-q__source" }, "查看《" + page.title + "》原文"));
        var next = el("button", { type: "button", "class": "md-button md-button--primary sb-daily__next-card" },
          index + 1 < session.length ? "下一题" : "完成");
        next.onclick = function () { index += 1; show(); };
        feedback.appendChild(next);
      };
    }
    show();
  }

  function init() {
    var root = document.querySelector(".sb-daily");
    var script = root && root.querySelector("script.sb-daily-data");
    if (!script) return;
    var data = JSON.parse(script.textContent);
    var app = el("div", { "class": "sb-daily__app" });
    root.appendChild(app);
    if (typeof FSRS === "undefined") { app.textContent = "未能加载复习调度脚本，请刷新页面。"; return; }
    start(app, data);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
