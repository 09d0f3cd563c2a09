/* 自测 blocks at the end of a page and the 错题本 page (issue 6, 14). */
(function (root, factory) {
  var api = factory(root, root.servicebook);
  (root.servicebook = root.servicebook || {}).practice = api;
})(typeof window !== "undefined" ? window : globalThis, function (root, sb) {
  "use strict";
  var el = sb.dom.el, storage = sb.storage, questions = sb.questions;
  var REDO = "#sb-redo-"; // a link to "#sb-redo-<id>" opens that question as a fresh attempt

  // ---- One question of a 自测 block ----
  function renderQuestion(q, data, number, fresh) {
    var box = el("div", { "class": "sb-q", id: "sb-q-" + q.id, "data-qid": q.id, "data-type": q.type });
    box.appendChild(el("p", { "class": "sb-q__stem" }, number + ". [" + q.type + "] " + q.stem));
    var submit = el("button", { type: "button", "class": "md-button sb-q__submit" }, "提交");
    var input = questions.input(q, function () { submit.click(); });
    var feedback = el("div", { "class": "sb-q__feedback", "aria-live": "polite" });
    box.appendChild(input.node);
    box.appendChild(submit);
    box.appendChild(feedback);

    function show(ok) {
      box.classList.toggle("sb-q--right", ok);
      box.classList.toggle("sb-q--wrong", !ok);
      feedback.textContent = "";
      feedback.appendChild(el("p", { "class": "sb-q__verdict" }, ok ? "✓ 回答正确" : "✗ 回答错误，正确答案：" + questions.rightAnswer(q)));
      feedback.appendChild(el("p", { "class": "sb-q__explanation" }, "解析：" + q.explanation));
      feedback.appendChild(el("a", { href: "#" + q.anchor, "class": "sb-q__source" }, "查看原文条款"));
    }
    submit.onclick = function () {
      var given = input.read();
      if (!given) { feedback.textContent = "请先作答再提交。"; return; }
      var ok = questions.check(q, given);
      storage.saveAnswer(q.id, { ok: ok, given: given, time: Date.now() });
      if (ok) storage.removeWrong(q.id);
      else storage.addWrong(q.id, { stem: q.stem, title: data.title, key: sb.dom.pageKey(root.location.href),
                                    anchor: q.anchor, time: Date.now(), from: "practice" });
      show(ok);
      summary(data);
    };
    var stored = storage.answers()[q.id];
    if (stored && !fresh) { input.restore(stored.given); show(stored.ok); }
    return box;
  }

  function summary(data) {
    var progress = storage.answers();
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
    var redo = root.location.hash.indexOf(REDO) === 0 ? decodeURIComponent(root.location.hash.slice(REDO.length)) : null;
    data.summary = el("p", { "class": "sb-practice__summary" });
    list.appendChild(data.summary);
    data.questions.forEach(function (q, i) {
      var box = renderQuestion(q, data, i + 1, q.id === redo);
      list.appendChild(box);
      if (q.id === redo) root.setTimeout(function () { box.scrollIntoView(); }, 0);
    });
    summary(data);
  }

  // ---- 错题本 ----
  // Where "去重做" goes: the page's question (or 每日一练) as a fresh attempt.
  function redoLink(id, item, dailyKey) {
    if (item.from === "daily") return { href: sb.dom.pageUrl(dailyKey) + REDO + encodeURIComponent(id), text: "去每日一练重做" };
    var page = item.key !== undefined ? sb.dom.pageUrl(item.key) : item.url;
    return { href: page + REDO + encodeURIComponent(id), text: "去《" + item.title + "》重做" };
  }
  function sourceLink(item) {
    var page = item.key !== undefined ? sb.dom.pageUrl(item.key) : item.url;
    return page + "#" + item.anchor;
  }

  // Entries of questions the site no longer has (a fact was edited) leave the book; returns how many.
  function dropMissing(known) {
    var book = storage.wrongBook(), gone = 0;
    Object.keys(book).forEach(function (id) {
      if (!known[id]) { storage.removeWrong(id); gone += 1; }
    });
    return gone;
  }

  function initWrong(box) {
    var script = root.document.querySelector("script.sb-wrong-data");
    var data = script ? JSON.parse(script.textContent) : null;
    var gone = 0;
    if (data) {
      storage.migrate(data.renamed);
      var known = {};
      data.ids.forEach(function (id) { known[id] = true; });
      gone = dropMissing(known);
    }
    var wrong = storage.wrongBook();
    var ids = Object.keys(wrong).sort(function (a, b) { return wrong[b].time - wrong[a].time; });
    box.textContent = "";
    if (gone) box.appendChild(el("p", { "class": "sb-wrong__gone" },
      "有 " + gone + " 道错题对应的条款已经修改，原题不再使用，已从错题本移出。"));
    if (!ids.length) {
      box.appendChild(el("p", { "class": "sb-wrong__empty" }, "暂无错题。在各页面末尾的“自测”和每日一练中答错的题会出现在这里。"));
      return;
    }
    box.appendChild(el("p", {}, "共 " + ids.length + " 道错题。"));
    var ol = el("ol", { "class": "sb-wrong__list" });
    ids.forEach(function (id) {
      var item = wrong[id];
      var li = el("li", { "class": "sb-wrong__item", "data-qid": id });
      li.appendChild(el("p", { "class": "sb-wrong__stem" }, item.stem));
      var meta = el("p", { "class": "sb-wrong__meta" });
      if (item.from === "daily") meta.appendChild(el("span", { "class": "sb-wrong__from" }, "来自每日一练"));
      var redo = redoLink(id, item, data ? data.daily : "practice/daily/");
      meta.appendChild(el("a", { href: redo.href, "class": "sb-wrong__redo" }, redo.text));
      meta.appendChild(el("a", { href: sourceLink(item), "class": "sb-wrong__source" }, "查看原文条款"));
      meta.appendChild(el("span", { "class": "sb-wrong__time" }, new Date(item.time).toLocaleString("zh-CN")));
      li.appendChild(meta);
      ol.appendChild(li);
    });
    box.appendChild(ol);
  }

  sb.dom.ready(function () {
    root.document.querySelectorAll(".sb-practice").forEach(initBlock);
    root.document.querySelectorAll(".sb-wrong").forEach(initWrong);
  });

  return { REDO: REDO, dropMissing: dropMissing };
});
