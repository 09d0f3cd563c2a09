/* Dates in the reader's own calendar: months of the training plan and weeks since joining.
   Pure: every function takes the date it works from (tests pass a fixed one). */
(function (root, factory) {
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.servicebook = root.servicebook || {}).calendar = api;
})(typeof window !== "undefined" ? window : globalThis, function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // "2026-12" for a Date, in the reader's local time.
  function monthOf(date) { return date.getFullYear() + "-" + pad(date.getMonth() + 1); }
  // "2026-12-10" for a Date, in local time.
  function dayOf(date) { return monthOf(date) + "-" + pad(date.getDate()); }

  function addMonths(month, n) {
    var total = parseInt(month.slice(0, 4), 10) * 12 + parseInt(month.slice(5, 7), 10) - 1 + n;
    return Math.floor(total / 12) + "-" + pad(total % 12 + 1);
  }
  function monthName(month) {
    return parseInt(month.slice(0, 4), 10) + " 年 " + parseInt(month.slice(5, 7), 10) + " 月";
  }

  // ---- The training plan (shape: practice.plan_payload in Python) ----
  // Pages planned for one month and role: the month's override, else the slot of the yearly
  // cycle (slot 0 is December), as servicebook.exam.plan.Plan.month_pages; none before the start.
  function planned(plan, month, role) {
    if (month < plan.start) return [];
    var override = (plan.overrides[month] || {})[role];
    if (override) return override;
    var cycle = plan.cycles[role];
    return cycle ? cycle[parseInt(month.slice(5, 7), 10) % 12] || [] : [];
  }

  // The month to show for `month`: itself when it has pages, else the nearest month that has
  // (earlier wins a tie), looking up to two years either way. `shifted` says it was moved.
  function studyMonth(plan, month, role) {
    if (planned(plan, month, role).length) return { month: month, pages: planned(plan, month, role), shifted: false };
    for (var step = 1; step <= 24; step += 1) {
      var candidates = [addMonths(month, -step), addMonths(month, step)];
      for (var i = 0; i < 2; i += 1) {
        var pages = planned(plan, candidates[i], role);
        if (pages.length) return { month: candidates[i], pages: pages, shifted: true };
      }
    }
    return { month: month, pages: [], shifted: false };
  }

  // ---- Onboarding ----
  // Week number (1 = the first seven days) of `today` for someone who started on `start` ("YYYY-MM-DD").
  function weekSince(start, today) {
    var parts = start.split("-").map(function (x) { return parseInt(x, 10); });
    var first = new Date(parts[0], parts[1] - 1, parts[2]);
    var midnight = new Date(today.getFullYear(), today.getMonth(), today.getDate());
    var days = Math.round((midnight - first) / 86400000);
    return days < 0 ? 1 : Math.floor(days / 7) + 1;
  }

  return { monthOf: monthOf, dayOf: dayOf, addMonths: addMonths, monthName: monthName,
           planned: planned, studyMonth: studyMonth, weekSince: weekSince };
});
