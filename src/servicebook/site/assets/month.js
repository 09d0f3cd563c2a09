/* 本月学习: this month's and next month's pages of the training plan for the reader's role,
   worked out from the reader's own clock (the plan ships with the page). */
(function (root, factory) {
  var api = factory(root, root.servicebook);
  (root.servicebook = root.servicebook || {}).month = api;
})(typeof window !== "undefined" ? window : globalThis, function (root, sb) {
  "use strict";
  var el = sb.dom.el, calendar = sb.calendar;

  function section(plan, heading, month, role) {
    var box = el("section", { "class": "sb-month__part" });
    var shown = calendar.studyMonth(plan, month, role);
    box.appendChild(el("h2", {}, heading + "（" + calendar.monthName(shown.month) + "）"));
    if (shown.shifted)
      box.appendChild(el("p", { "class": "sb-month__note" }, calendar.monthName(month) + "不在培训计划的安排之内，下面是最近有安排的" +
        calendar.monthName(shown.month) + "的页面。"));
    if (!shown.pages.length) {
      box.appendChild(el("p", {}, "培训计划没有为这个岗位安排学习页面。"));
      return box;
    }
    var ul = el("ul", { "class": "sb-month__pages" });
    shown.pages.forEach(function (index) {
      var page = plan.pages[index];
      var li = el("li");
      li.appendChild(el("a", { href: page.url }, page.title));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    return box;
  }

  function render(app, plan, role) {
    app.querySelectorAll(".sb-month__part, .sb-month__choose").forEach(function (n) { n.remove(); });
    if (!role) {
      app.appendChild(el("p", { "class": "sb-month__choose" }, "先在上面选择你的岗位。"));
      return;
    }
    var month = calendar.monthOf(new Date());
    app.appendChild(section(plan, "本月", month, role));
    app.appendChild(section(plan, "下月", calendar.addMonths(month, 1), role));
  }

  function init(block) {
    var plan = JSON.parse(block.querySelector("script.sb-month-data").textContent);
    var app = el("div", { "class": "sb-month__app" });
    var role = sb.roles.current(plan.roles);
    app.appendChild(sb.roles.picker(plan.roles, role, function (name) { render(app, plan, name); }));
    render(app, plan, role);
    block.appendChild(app);
    block.appendChild(el("p", { "class": "sb-month__version" }, "本页依据" + plan.version + "。"));
  }

  // Home page: the shared role choice, with a way to this month's pages.
  function initHome(box) {
    var link = root.document.querySelector('a[href*="practice/month"]');
    box.appendChild(sb.roles.picker(sb.ROLES, sb.roles.current(sb.ROLES), function () {}));
    if (link) box.appendChild(el("a", { href: link.getAttribute("href"), "class": "sb-home-role__go" }, "看我本月要学的页面 →"));
  }

  sb.dom.ready(function () {
    root.document.querySelectorAll(".sb-month").forEach(init);
    root.document.querySelectorAll(".sb-home-role").forEach(initHome);
  });
  return {};
});
