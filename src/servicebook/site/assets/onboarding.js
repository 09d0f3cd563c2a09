/* 新员工入职路径 that remembers: the start date (confirmed once), ticks per page, progress per
   week on the path, on the home page and as an 已读 switch on each page of the path. */
(function (root, factory) {
  var node = typeof module === "object" && module.exports;
  var api = factory(root, node ? null : root.servicebook);
  if (node) module.exports = api;
  else (root.servicebook = root.servicebook || {}).onboarding = api;
})(typeof window !== "undefined" ? window : globalThis, function (root, sb) {
  "use strict";

  // Pure: {week: {done, total}} from the path's items {page key: week} and the pages read.
  function progress(items, read) {
    var weeks = {};
    Object.keys(items).forEach(function (key) {
      var w = weeks[items[key]] = weeks[items[key]] || { done: 0, total: 0 };
      w.total += 1;
      if (read[key]) w.done += 1;
    });
    return weeks;
  }
  function progressText(weeks) {
    return Object.keys(weeks).sort().map(function (w) {
      return "第" + w + "周 " + weeks[w].done + "/" + weeks[w].total;
    }).join("　");
  }
  if (!sb) return { progress: progress, progressText: progressText };

  var el = sb.dom.el, storage = sb.storage, calendar = sb.calendar;
  var WEEK = /^第\s*(\d+)\s*周/;

  // A table row under a "第N周" heading (岗位 | 页面、页面…): each page link becomes a line of its
  // own with a checkbox drawn like the task lists'; the row's first cell names the role.
  function tableItems(table, week, items) {
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var cells = Array.from(row.children);
      if (cells.length < 2) return;
      var role = cells[0].textContent.trim();
      cells.slice(1).forEach(function (cell) {
        var links = Array.from(cell.querySelectorAll("a[href]")).filter(function (a) { return sb.dom.pageKey(a.href) !== null; });
        if (!links.length) return;
        cell.textContent = "";
        links.forEach(function (link) {
          var input = el("input", { type: "checkbox" });
          var control = el("label", { "class": "task-list-control" });
          control.appendChild(input);
          control.appendChild(el("span", { "class": "task-list-indicator" }));
          var line = el("span", { "class": "task-list-item sb-onboarding__item" });
          line.appendChild(control);
          line.appendChild(root.document.createTextNode(" "));
          line.appendChild(link);
          cell.appendChild(line);
          items.push({ key: sb.dom.pageKey(link.href), week: week, input: input, link: link, role: role });
        });
      });
    });
  }

  // The path's checklist: each task-list link and each table link under a "第N周" heading, as
  // {key, week, input, link}. A page listed twice (two roles' rows) is one item with two boxes.
  function checklist(content) {
    var items = [], week = null;
    Array.from(content.children).forEach(function (child) {
      if (/^H[1-6]$/.test(child.tagName)) {
        var match = child.tagName === "H2" ? WEEK.exec(child.textContent.trim()) : null;
        if (child.tagName === "H2") week = match ? parseInt(match[1], 10) : null;
        if (match) child.setAttribute("data-sb-week", match[1]);
        return;
      }
      if (week === null) return;
      (child.tagName === "TABLE" ? [child] : Array.from(child.querySelectorAll("table"))).forEach(function (table) {
        tableItems(table, week, items);
      });
      child.querySelectorAll("li.task-list-item").forEach(function (li) {
        var link = li.querySelector("a[href]"), input = li.querySelector("input[type=checkbox]");
        var key = link && sb.dom.pageKey(link.href);
        if (key !== null && input) items.push({ key: key, week: week, input: input, link: link });
      });
    });
    return items;
  }

  function startBox(state, save) {
    var box = el("div", { "class": "sb-onboarding__start" });
    var today = calendar.dayOf(new Date());
    if (!state.start) { state.start = today; save(); } // default: the day of the first visit
    function draw() {
      box.textContent = "";
      if (state.confirmed) {
        var week = calendar.weekSince(state.start, new Date());
        box.appendChild(el("span", {}, "入职日期 " + state.start + "，今天是第 " + week + " 周。"));
        var change = el("button", { type: "button", "class": "sb-onboarding__change" }, "修改");
        change.onclick = function () { state.confirmed = false; save(); draw(); };
        box.appendChild(change);
        return;
      }
      var label = el("label", {}, "你的入职日期：");
      var input = el("input", { type: "date", value: state.start, max: today, "class": "sb-onboarding__date" });
      label.appendChild(input);
      var ok = el("button", { type: "button", "class": "md-button md-button--primary sb-onboarding__confirm" }, "确认");
      ok.onclick = function () {
        if (input.value) state.start = input.value;
        state.confirmed = true;
        save();
        draw();
      };
      box.appendChild(label);
      box.appendChild(ok);
      box.appendChild(el("p", { "class": "sb-q__hint" }, "按入职日期算出你在第几周，每日一练也按周出题。确认一次即可。"));
    }
    draw();
    return box;
  }

  function initPath(block) {
    var content = block.parentElement;
    var state = storage.onboarding();
    var save = function () { storage.saveOnboarding(state); };
    var items = checklist(content);
    state.items = {};
    items.forEach(function (item) { state.items[item.key] = item.week; });
    state.path = sb.dom.pageKey(root.location.href);
    save();
    var summary = el("p", { "class": "sb-onboarding__progress" });
    function update() {
      var weeks = progress(state.items, state.read);
      summary.textContent = "已读：" + progressText(weeks);
      content.querySelectorAll("h2[data-sb-week]").forEach(function (h) {
        var w = weeks[h.getAttribute("data-sb-week")];
        var badge = h.querySelector(".sb-onboarding__week") || h.appendChild(el("span", { "class": "sb-onboarding__week" }));
        badge.textContent = w ? "已读 " + w.done + "/" + w.total : "";
      });
    }
    items.forEach(function (item) {
      item.input.disabled = false;
      item.input.checked = !!state.read[item.key];
      item.input.setAttribute("aria-label", "已读：" + (item.role ? item.role + " " : "") + item.link.textContent);
      item.input.addEventListener("change", function () {
        if (item.input.checked) state.read[item.key] = Date.now();
        else delete state.read[item.key];
        items.forEach(function (other) { if (other.key === item.key) other.input.checked = item.input.checked; });
        save();
        update();
      });
    });
    block.appendChild(startBox(state, save));
    block.appendChild(summary);
    update();
  }

  // On a page of the path: an 已读 switch under the title.
  function initPage() {
    var state = storage.onboarding();
    var key = sb.dom.pageKey(root.location.href);
    if (!(key in state.items) || key === state.path) return;
    var title = root.document.querySelector(".md-content__inner h1");
    if (!title) return;
    var bar = el("label", { "class": "sb-onboarding__read" });
    var input = el("input", { type: "checkbox" });
    input.checked = !!state.read[key];
    input.addEventListener("change", function () {
      var fresh = storage.onboarding();
      if (input.checked) fresh.read[key] = Date.now();
      else delete fresh.read[key];
      storage.saveOnboarding(fresh);
    });
    bar.appendChild(input);
    bar.appendChild(el("span", {}, " 已读（新员工入职路径第 " + state.items[key] + " 周）"));
    title.insertAdjacentElement("afterend", bar);
  }

  // Home page: where the new hire is.
  function initHome(box) {
    var state = storage.onboarding();
    if (!Object.keys(state.items).length) {
      box.textContent = "还没有开始入职路径：打开下面的新员工入职路径，确认入职日期后逐项勾选。";
      return;
    }
    var week = calendar.weekSince(state.start || calendar.dayOf(new Date()), new Date());
    box.textContent = "入职第 " + week + " 周。已读：" + progressText(progress(state.items, state.read));
  }

  sb.dom.ready(function () {
    var block = root.document.querySelector(".sb-onboarding");
    if (block) initPath(block);
    else initPage();
    root.document.querySelectorAll(".sb-onboarding-home").forEach(initHome);
  });
  return { progress: progress, progressText: progressText };
});
