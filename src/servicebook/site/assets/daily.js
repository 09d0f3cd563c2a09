/* 每日一练 (issue 6, 14): one session a day of up to `size` cards from the highlighted facts of the
   reader's role (for 新员工: this onboarding week's pages first, then earlier weeks), scheduled
   with FSRS (ts-fsrs, the global FSRS). Each role's cards are a separate script, loaded on demand. */
(function (root, factory) {
  var api = factory(root, root.servicebook);
  (root.servicebook = root.servicebook || {}).daily = api;
})(typeof window !== "undefined" ? window : globalThis, function (root, sb) {
  "use strict";
  var el = sb.dom.el, storage = sb.storage, schedule = sb.schedule, calendar = sb.calendar;
  var decks = {}; // role -> data, filled by the role scripts through receive()
  var waiting = null;

  function when(date) {
    return date.toLocaleString("zh-CN", { month: "long", day: "numeric", hour: "2-digit", minute: "2-digit" });
  }

  // For 新员工: this onboarding week's pages first, then earlier weeks (week 1 until a start date is set).
  function ranker(data, now) {
    if (!data.weeks) return null;
    var start = storage.onboarding().start;
    return schedule.weekRank(data.weeks, start ? calendar.weekSince(start, now) : 1);
  }

  function sentence(card) {
    return card.answer.reduce(function (text, a) { return text.replace("___", a[0]); }, card.stem);
  }

  function session(stage, data, role) {
    var now = new Date();
    storage.migrate(data.renamed);
    var state = storage.daily();
    var rank = ranker(data, now);
    var cards = schedule.deal(data.cards, state, role, now, data.size, rank);
    var redo = root.location.hash.indexOf(sb.practice.REDO) === 0 ?
      decodeURIComponent(root.location.hash.slice(sb.practice.REDO.length)) : null;
    var again = data.cards.filter(function (c) { return c.id === redo; });
    if (again.length) cards = again.concat(cards.filter(function (c) { return c.id !== redo; })).slice(0, data.size);
    storage.saveDaily(state);
    var index = 0, right = 0;

    function finish() {
      stage.textContent = "";
      var box = el("div", { "class": "sb-daily__done" });
      var counts = schedule.today(storage.daily(), role, new Date());
      if (cards.length) box.appendChild(el("p", {}, "本次练习完成：答对 " + right + " / " + cards.length + " 题。"));
      else if (counts.answered) box.appendChild(el("p", {}, "今天的练习已完成：答对 " + counts.right + " / " + counts.answered + " 题。"));
      else box.appendChild(el("p", {}, data.cards.length ? "现在没有需要练习的题目。" : "这个岗位还没有可练习的应知应会。"));
      var next = schedule.nextDue(data.cards, storage.daily(), new Date(), rank);
      box.appendChild(el("p", { "class": "sb-daily__next" }, next ? "下次练习时间：" + when(next) : "暂无后续练习安排。"));
      stage.appendChild(box);
    }

    function answered(card, q, feedback, ok) {
      var state = storage.daily();
      schedule.record(state, card, ok, new Date(), root.FSRS, role);
      storage.saveDaily(state);
      var page = data.pages[card.page];
      if (ok) { right += 1; storage.removeWrong(card.id); }
      else storage.addWrong(card.id, { stem: card.stem, title: page.title, key: sb.dom.pageKey(new URL(page.url, root.location.href).href),
                                       anchor: card.anchor, time: Date.now(), from: "daily" });
      q.classList.add(ok ? "sb-q--right" : "sb-q--wrong");
      feedback.appendChild(el("p", { "class": "sb-q__verdict" },
        ok ? "✓ 回答正确" : "✗ 回答错误，正确答案：" + card.answer.map(function (a) { return a[0]; }).join("；")));
      feedback.appendChild(el("p", { "class": "sb-q__explanation" }, "出自《" + page.title + "》：" + sentence(card)));
      feedback.appendChild(el("a", { href: page.url + "#" + card.anchor, "class": "sb-q__source" }, "查看《" + page.title + "》原文"));
      var next = el("button", { type: "button", "class": "md-button md-button--primary sb-daily__next-card" },
        index + 1 < cards.length ? "下一题" : "完成");
      next.onclick = function () { index += 1; show(); };
      feedback.appendChild(next);
      next.focus();
    }

    function show() {
      if (index >= cards.length) { finish(); return; }
      var card = cards[index];
      stage.textContent = "";
      stage.appendChild(el("p", { "class": "sb-daily__count" }, "第 " + (index + 1) + " / " + cards.length + " 题"));
      var q = el("div", { "class": "sb-q sb-daily__card", "data-qid": card.id });
      q.appendChild(el("p", { "class": "sb-q__stem" }, card.stem));
      var feedback = el("div", { "class": "sb-q__feedback", "aria-live": "polite" });
      var actions = el("div", { "class": "sb-q__actions" });
      q.appendChild(actions);
      q.appendChild(feedback);
      stage.appendChild(q);
      if (schedule.selfRated(card)) {
        // A long list: recall it, look, then say honestly whether it was remembered.
        var reveal = el("button", { type: "button", "class": "md-button sb-daily__reveal" }, "显示答案");
        actions.appendChild(el("p", { "class": "sb-q__hint" }, "答案较长，先在心里回想，再显示答案自己评判。"));
        actions.appendChild(reveal);
        reveal.onclick = function () {
          actions.textContent = "";
          actions.appendChild(el("p", { "class": "sb-daily__answer" }, "答案：" + card.answer.map(function (a) { return a[0]; }).join("；")));
          [["记住了", true], ["没记住", false]].forEach(function (pair) {
            var b = el("button", { type: "button", "class": "md-button sb-daily__rate" }, pair[0]);
            b.onclick = function () { actions.textContent = ""; answered(card, q, feedback, pair[1]); };
            actions.appendChild(b);
          });
        };
        return;
      }
      var submit = el("button", { type: "button", "class": "md-button sb-q__submit" }, "提交");
      var input = sb.questions.input({ id: card.id, type: "填空", answer: card.answer }, function () { submit.click(); });
      actions.appendChild(input.node);
      actions.appendChild(submit);
      input.inputs[0].focus();
      submit.onclick = function () {
        var given = input.read();
        if (!given) { feedback.textContent = "请先作答再提交。"; return; }
        feedback.textContent = "";
        submit.remove();
        input.inputs.forEach(function (i) { i.disabled = true; });
        answered(card, q, feedback, card.answer.every(function (a, i) { return sb.numerals.same(given[i], a); }));
      };
    }
    show();
  }

  function load(stage, config, role) {
    stage.textContent = "";
    if (decks[role]) { session(stage, decks[role], role); return; }
    stage.appendChild(el("p", {}, "正在载入题目……"));
    waiting = function (data) { if (data.role === role) session(stage, data, role); };
    var script = el("script", { src: config.scripts[role] });
    script.onerror = function () { stage.textContent = "未能载入" + role + "的题目，请刷新页面。"; };
    root.document.body.appendChild(script);
  }

  // Called by each role's card script (assets/servicebook/daily/<role>.js).
  function receive(data) {
    decks[data.role] = data;
    if (waiting) waiting(data);
  }

  function init() {
    var block = root.document.querySelector(".sb-daily");
    var script = block && block.querySelector("script.sb-daily-data");
    if (!script) return;
    var config = JSON.parse(script.textContent);
    var app = el("div", { "class": "sb-daily__app" });
    block.appendChild(app);
    if (typeof root.FSRS === "undefined") { app.textContent = "未能加载复习调度脚本，请刷新页面。"; return; }
    var stage = el("div", { "class": "sb-daily__stage", "aria-live": "polite" });
    var role = sb.roles.current(config.roles);
    app.appendChild(sb.roles.picker(config.roles, role, function (name) { load(stage, config, name); }));
    app.appendChild(stage);
    if (role) load(stage, config, role);
    else stage.appendChild(el("p", {}, "先选择你的岗位，再开始今天的练习。"));
  }

  sb.dom.ready(init);
  return { receive: receive };
});
