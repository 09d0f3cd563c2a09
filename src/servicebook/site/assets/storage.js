/* Everything the site remembers, in one place: the keys in localStorage and what lives under them.
   Nothing leaves the reader's browser. Under node (unit tests) `use()` swaps in a fake store. */
(function (root, factory) {
  var api = factory(root);
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.servicebook = root.servicebook || {}).storage = api;
})(typeof window !== "undefined" ? window : globalThis, function (root) {
  "use strict";

  var KEYS = {
    role: "sb-role-v1",              // the reader's role, shared by 本月学习, 每日一练 and the home page
    progress: "sb-practice-v1",      // question id -> {ok, given, time}   (自测 blocks)
    wrong: "sb-wrong-v1",            // question id -> {stem, title, url, anchor, time, from}
    daily: "sb-daily-v1",            // {role, cards: {id: FSRS card}, last: {day, role}}
    onboarding: "sb-onboarding-v1",  // {start, confirmed, read: {page key: time}, items: {page key: week}}
  };
  var backend = null;

  function store() {
    if (backend) return backend;
    try { return root.localStorage || null; } catch (e) { return null; } // blocked storage: remember nothing
  }
  function use(fake) { backend = fake; }

  function load(name, fallback) {
    var s = store();
    try {
      var value = s && JSON.parse(s.getItem(KEYS[name]));
      return value === null || value === undefined ? fallback : value;
    } catch (e) { return fallback; }
  }
  function save(name, value) {
    var s = store();
    try { if (s) s.setItem(KEYS[name], JSON.stringify(value)); } catch (e) { /* private mode or full: keep going */ }
  }

  // ---- The reader's role ----
  function role() {
    var chosen = load("role", null);
    if (chosen) return chosen;
    var daily = load("daily", {}); // before the shared choice, 每日一练 kept its own
    return daily.role || null;
  }
  function setRole(name) { save("role", name); }

  // ---- 错题本 ----
  function wrongBook() { return load("wrong", {}); }
  function addWrong(id, entry) {
    var book = wrongBook();
    book[id] = entry;
    save("wrong", book);
  }
  function removeWrong(id) {
    var book = wrongBook();
    if (!(id in book)) return false;
    delete book[id];
    save("wrong", book);
    return true;
  }

  // ---- 自测 answers ----
  function answers() { return load("progress", {}); }
  function saveAnswer(id, record) {
    var all = answers();
    all[id] = record;
    save("progress", all);
  }
  function forgetAnswer(id) {
    var all = answers();
    delete all[id];
    save("progress", all);
  }

  // ---- 每日一练 and onboarding state (their modules own the shape) ----
  function daily() {
    var state = load("daily", {});
    state.cards = state.cards || {};
    return state;
  }
  function saveDaily(state) { save("daily", state); }
  function onboarding() {
    var state = load("onboarding", {});
    state.read = state.read || {};
    state.items = state.items || {};
    return state;
  }
  function saveOnboarding(state) { save("onboarding", state); }

  // ---- Renamed generated ids (bank/idmap.py): gen-<page>-<old hash>-<t|c> → the new hash ----
  function renamedId(id, hashes) {
    var parts = id.split("-");
    if (parts[0] !== "gen" || parts.length < 4) return id;
    var hash = parts[parts.length - 2];
    if (!Object.prototype.hasOwnProperty.call(hashes, hash)) return id;
    parts[parts.length - 2] = hashes[hash];
    return parts.join("-");
  }
  function renameKeys(table, hashes) {
    var changed = false;
    Object.keys(table).forEach(function (id) {
      var fresh = renamedId(id, hashes);
      if (fresh !== id) { if (!(fresh in table)) table[fresh] = table[id]; delete table[id]; changed = true; }
    });
    return changed;
  }
  // Move what is stored under old ids (错题本, 自测 answers, 每日一练 cards) to the new ids.
  function migrate(hashes) {
    if (!hashes || !Object.keys(hashes).length) return;
    var book = wrongBook(), all = answers(), state = daily();
    if (renameKeys(book, hashes)) save("wrong", book);
    if (renameKeys(all, hashes)) save("progress", all);
    if (renameKeys(state.cards, hashes)) save("daily", state);
  }

  return {
    KEYS: KEYS, migrate: migrate, use: use, load: load, save: save,
    role: role, setRole: setRole,
    wrongBook: wrongBook, addWrong: addWrong, removeWrong: removeWrong,
    answers: answers, saveAnswer: saveAnswer, forgetAnswer: forgetAnswer,
    daily: daily, saveDaily: saveDaily, onboarding: onboarding, saveOnboarding: saveOnboarding,
  };
});
