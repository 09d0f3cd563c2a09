/* 每日一练 scheduling: which cards a day's session deals, and when the next one is due.
   Due cards come first (wrong ones are due the next day), then new cards, at most `size` a day.
   Pure: state and time come in, FSRS (ts-fsrs, the global `FSRS` in the browser) is passed in. */
(function (root, factory) {
  var api = factory(typeof module === "object" && module.exports ? require("./calendar.js") : root.servicebook.calendar);
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.servicebook = root.servicebook || {}).schedule = api;
})(typeof window !== "undefined" ? window : globalThis, function (calendar) {
  "use strict";

  var LONG_ANSWER = 12; // characters: a longer answer is recalled, then self-rated, not typed

  function dueOf(state, id) { return new Date(state.cards[id].due); }

  // Today's counters, reset on a new day or a new role.
  function today(state, role, now) {
    var day = calendar.dayOf(now);
    if (!state.today || state.today.day !== day || state.today.role !== role)
      state.today = { day: day, role: role, fresh: 0, answered: 0, right: 0 };
    return state.today;
  }

  // The cards to deal now: cards already learnt that are due (earliest first), then new cards
  // while today's allowance of `size` new cards lasts, at most `size` in all. `rank(card)` orders
  // new cards (lower first) and returns null for a card that is not for this reader yet.
  function deal(cards, state, role, now, size, rank) {
    var counts = today(state, role, now);
    var due = cards.filter(function (c) { return state.cards[c.id] && dueOf(state, c.id) <= now; })
      .sort(function (a, b) { return dueOf(state, a.id) - dueOf(state, b.id); });
    var fresh = freshCards(cards, state, rank).slice(0, Math.max(0, size - counts.fresh));
    return due.concat(fresh).slice(0, size);
  }

  function freshCards(cards, state, rank) {
    var order = [];
    cards.forEach(function (card, i) {
      if (state.cards[card.id]) return;
      var r = rank ? rank(card) : 0;
      if (r !== null && r !== undefined) order.push({ card: card, rank: r, i: i });
    });
    order.sort(function (a, b) { return a.rank - b.rank || a.i - b.i; });
    return order.map(function (o) { return o.card; });
  }

  // When the next session is due: the earliest learnt card, or tomorrow 00:00 while new cards
  // remain. null when there is nothing more to learn.
  function nextDue(cards, state, now, rank) {
    var times = cards.filter(function (c) { return state.cards[c.id]; }).map(function (c) { return dueOf(state, c.id); });
    if (freshCards(cards, state, rank).length) {
      var tomorrow = new Date(now.getTime());
      tomorrow.setHours(24, 0, 0, 0);
      times.push(tomorrow);
    }
    return times.length ? new Date(Math.min.apply(null, times)) : null;
  }

  // Record one answer: FSRS schedules the card (Good or Again) and today's counters move on.
  function record(state, card, ok, now, fsrs, role) {
    var counts = today(state, role, now);
    var previous = state.cards[card.id];
    if (previous) {
      previous = Object.assign({}, previous, { due: new Date(previous.due) });
      if (previous.last_review) previous.last_review = new Date(previous.last_review);
    } else {
      previous = fsrs.createEmptyCard(now);
      counts.fresh += 1;
    }
    // Long-term scheduling only: a daily drill has no 1- and 10-minute learning steps, so a
    // finished session stays finished; a card answered wrongly comes back the next day.
    var scheduler = fsrs.fsrs({ enable_short_term: false });
    state.cards[card.id] = scheduler.next(previous, now, ok ? fsrs.Rating.Good : fsrs.Rating.Again).card;
    counts.answered += 1;
    if (ok) counts.right += 1;
    return state;
  }

  // For 新员工: new cards ranked by onboarding week, this week's pages first (0), then the week
  // before (1) and so on; pages of later weeks are not dealt yet (null). `weeks` lists each
  // week's page indexes; a page listed in two weeks counts in the first.
  function weekRank(weeks, week) {
    var weekOf = {};
    weeks.forEach(function (pages, i) { pages.forEach(function (p) { if (!(p in weekOf)) weekOf[p] = i + 1; }); });
    var current = Math.min(week, weeks.length);
    return function (card) {
      var w = weekOf[card.page];
      return w === undefined || w > current ? null : current - w;
    };
  }

  // A card whose answer is a long list is recalled and self-rated instead of typed.
  function selfRated(card) {
    return card.answer.some(function (accepted) { return Array.from(accepted[0]).length > LONG_ANSWER; });
  }

  return { deal: deal, nextDue: nextDue, record: record, selfRated: selfRated, weekRank: weekRank, today: today, LONG_ANSWER: LONG_ANSWER };
});
