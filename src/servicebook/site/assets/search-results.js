/* Search results in Material for MkDocs' shape (issue 11): for each page, the answering section
 * first (anchor link, snippet with the matched words marked and the section's ==facts==), then the
 * page's other matching sections; or the not-found answer. Extends SearchIndex from
 * search-engine.js, which must be loaded first (the build concatenates both into the worker).
 */
(function (root) {
  "use strict";
  var api = typeof module !== "undefined" && module.exports ? require("./search-query.js") : root.ServicebookSearch;
  var SearchIndex = api.SearchIndex, normalize = api.normalize, escapeHtml = api.escapeHtml, plain = api.plain;
  var STOP = new Set(api.STOP_WORDS), STOP_WORDS = api.STOP_WORDS, MAX_MORE = api.MAX_MORE, BLOCK_SEP = api.BLOCK_SEP;
  var SUGGEST_TAIL = 6;      // the longest end of the typed text that search.suggest completes
  var HAN_CHAR = /\p{Script=Han}/u;

  SearchIndex.prototype.location = function (s) {
    var row = this.sections[s];
    var page = this.pages[row[0]][0];
    return row[1] ? page + "#" + row[1] : page;
  };

  // Words to mark: the typed words and synonym terms that matched, else the matched bigrams.
  function markWords(units, matchedTerms) {
    var words = [], grams = [];
    units.forEach(function (unit) {
      unit.terms.forEach(function (qt) {
        if (!matchedTerms.has(qt.term)) return;
        (qt.term[0] === "w" ? words : grams).push(qt.term.slice(1));
      });
    });
    var all = words.concat(grams.filter(function (g) {
      return !words.some(function (w) { return w.indexOf(g) >= 0; });
    }));
    return all.sort(function (a, b) { return b.length - a.length; });
  }

  function highlight(text, words) {
    if (!words.length) return escapeHtml(text);
    var lower = normalize(text);
    var marks = new Array(text.length).fill(false);
    words.forEach(function (word) {
      for (var at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
        for (var i = at; i < at + word.length; i++) marks[i] = true;
      }
    });
    var out = "", open = false;
    for (var i = 0; i < text.length; i++) {
      if (marks[i] && !open) { out += "<mark>"; open = true; }
      if (!marks[i] && open) { out += "</mark>"; open = false; }
      out += escapeHtml(text[i]);
    }
    return out + (open ? "</mark>" : "");
  }

  function bestBlock(blocks, words) {
    var best = 0, bestScore = -1;
    blocks.forEach(function (block, index) {
      var lower = normalize(block), score = 0;
      words.forEach(function (word) { if (lower.indexOf(word) >= 0) score += word.length; });
      if (score > bestScore) { best = index; bestScore = score; }
    });
    return best;
  }

  // A short passage of the section around the matched words, then the section's ==facts==.
  SearchIndex.prototype.snippet = function (s, words, length) {
    length = length || 110;
    var row = this.sections[s];
    var blocks = (row[3] || "").split(BLOCK_SEP).map(plain).filter(Boolean);
    var html = "";
    if (blocks.length) {
      var index = bestBlock(blocks, words);
      var text = blocks[index];
      while (text.length < length / 2 && blocks[++index]) text += " " + blocks[index];
      var first = -1;
      var lower = normalize(text);
      words.forEach(function (word) {
        var at = lower.indexOf(word);
        if (at >= 0 && (first < 0 || at < first)) first = at;
      });
      var start = first > 40 ? first - 20 : 0;
      var cut = text.slice(start, start + length);
      html += "<p>" + (start ? "…" : "") + highlight(cut, words) + (start + length < text.length ? "…" : "") + "</p>";
    }
    var facts = (row[4] || "").split(BLOCK_SEP).map(plain).filter(Boolean);
    if (facts.length) {
      html += '<p class="sb-search-facts">要点：' +
        facts.slice(0, 4).map(function (fact) { return highlight(fact, words); }).join("；") + "</p>";
    }
    return html;
  };

  function termsFor(words) {
    var terms = {};
    words.forEach(function (word) { terms[word] = true; });
    return terms;
  }

  // One group per page: the answering section first, then other matching sections, then the
  // page entry Material renders as the group's heading, linked to the answering section too.
  SearchIndex.prototype.group = function (hit, scoreOverride) {
    var self = this;
    var best = hit.sections[0];
    var score = scoreOverride !== undefined ? scoreOverride : hit.score;
    var units = this._units;
    var words = markWords(units, best.entry.terms);
    var page = this.pages[hit.page];
    var row = this.sections[best.section];
    var items = [];
    var head = { location: this.location(best.section), title: highlight(plain(page[1]), words), text: "", score: score, terms: termsFor(words) };
    if (!row[1]) {
      head.text = this.snippet(best.section, words);
      items.push(head);
    } else {
      items.push({
        location: head.location, title: highlight(plain(row[2]), words),
        text: this.snippet(best.section, words), score: score, terms: termsFor(words),
      });
    }
    hit.sections.slice(1).filter(function (other) {
      return self.sections[other.section][1] && other.score >= best.score * 0.3;
    }).slice(0, MAX_MORE).forEach(function (other) {
      var otherWords = markWords(units, other.entry.terms);
      items.push({
        location: self.location(other.section), title: highlight(plain(self.sections[other.section][2]), otherWords),
        text: self.snippet(other.section, otherWords), score: Math.min(other.score, score * 0.99), terms: termsFor(otherWords),
      });
    });
    if (row[1]) items.push(head);
    return items;
  };

  // The not-found group: the message, linked to the section that always applies.
  SearchIndex.prototype.notFound = function (query, units, score) {
    // The question as typed, less the question words at its end: 停车位被占了怎么办 -> 停车位被占.
    var shown = String(query).trim().replace(/[\s?？!！。，,、~…]+$/u, "");
    for (var cut = true; cut;) {
      cut = false;
      for (var i = 0; i < STOP_WORDS.length; i++) {
        var word = STOP_WORDS[i];
        if (shown.length > word.length + 1 && shown.slice(-word.length) === word) {
          shown = shown.slice(0, -word.length);
          cut = true;
          break;
        }
      }
    }
    var title = '<span class="sb-search-none">知识库中没有找到关于“' + escapeHtml(shown) + "”的规定</span>";
    if (this.fallback < 0) {
      return [{ location: this.pages[0][0], title: title, text: "", score: score, terms: {} }];
    }
    var row = this.sections[this.fallback];
    var location = this.location(this.fallback);
    var fallback = {
      location: location, title: "资料没有规定时，先看：" + escapeHtml(plain(row[2])),
      text: this.snippet(this.fallback, [], 220), score: score, terms: {},
    };
    return [fallback, { location: location, title: title, text: "", score: score, terms: {} }];
  };

  // The 资料没有规定 box that names the question's topic, as its page says it, linked to its section.
  SearchIndex.prototype.gapNotice = function (gap, score) {
    var row = this.sections[gap.section];
    var location = this.location(gap.section), title = escapeHtml(plain(this.pages[row[0]][1]));
    var text = "<p>" + escapeHtml(gap.sentence) + "</p>";
    if (!row[1]) return [{ location: location, title: title, text: text, score: score, terms: {} }];
    // Like group(): the section with the sentence, then the page entry Material renders as the heading.
    return [
      { location: location, title: escapeHtml(plain(row[2])), text: text, score: score, terms: {} },
      { location: location, title: title, text: "", score: score, terms: {} },
    ];
  };

  // Material's search.suggest: the typed text with its last word completed from the site's own
  // words (首问 -> 首问负责制), the most widespread completion first; Material shows it in the
  // search box, and the right arrow key takes it. Nothing when no site word continues the text.
  SearchIndex.prototype.suggest = function (query) {
    var pieces = String(query).split(/[\s-]+/);
    var last = pieces[pieces.length - 1];
    if (!last) return [];
    var self = this;
    if (!this.sortedWords) {
      // Site words by how many sections hold them; the synonym table's everyday words after them.
      this.completions = new Map();
      this.vocab.forEach(function (word) {
        var df = self.wordDf(word);
        if (word.length > 1 && df > 0) self.completions.set(word, df);
      });
      this.expansions.forEach(function (formal, word) {
        if (!self.completions.has(word)) self.completions.set(word, 0.5);
      });
      this.sortedWords = Array.from(this.completions.keys()).sort();
    }
    var words = this.sortedWords, typed = normalize(last);
    // A question that ends in a question word (…怎么办) is complete.
    for (var w = 2; w <= Math.min(typed.length, 4); w++) if (STOP.has(typed.slice(-w))) return [];
    // The completed piece starts where a word starts: after a site word (业主|投 -> 业主投诉), not
    // inside one (报|修 is not 报 + 修缮).
    var startsWord = function (before) {
      if (!before || !HAN_CHAR.test(before[before.length - 1])) return true;
      for (var n = 2; n <= Math.min(before.length, SUGGEST_TAIL); n++) if (self.vocab.has(before.slice(-n))) return true;
      return false;
    };
    // Nor inside a word the text already ends with (首问负责制 is not 首问负责 + 制度).
    var whole = 0;
    for (var end = 2; end <= Math.min(typed.length, SUGGEST_TAIL); end++) if (this.vocab.has(typed.slice(-end))) whole = end;
    for (var len = Math.min(typed.length, SUGGEST_TAIL); len >= Math.max(1, whole); len--) {
      if (!startsWord(typed.slice(0, typed.length - len))) continue;
      var tail = typed.slice(-len), lo = 0, hi = words.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (words[mid] < tail) lo = mid + 1; else hi = mid; }
      var best = null, bestDf = 0;
      for (var i = lo; i < words.length && words[i].lastIndexOf(tail, 0) === 0; i++) {
        var df = words[i].length > tail.length ? this.completions.get(words[i]) : 0;
        if (df > bestDf) { best = words[i]; bestDf = df; }
      }
      if (best) return [last.slice(0, last.length - len) + best];
    }
    return [];
  };

  // The worker's answer to a query: Material's SearchResult ({items: SearchItem[][], suggest}).
  SearchIndex.prototype.search = function (query) {
    if (!String(query).trim()) return { items: [], suggest: [] };
    var suggest = this.options.suggest ? this.suggest(query) : [];
    var ranked = this.rank(query);
    this._units = ranked.units;
    var self = this;
    if (ranked.found) {
      return { items: ranked.pages.map(function (hit) { return self.group(hit); }), suggest: suggest };
    }
    var top = ranked.pages.length ? ranked.pages[0].score : 0;
    var items = [this.notFound(query, ranked.units, top + 1)];
    // A page that says the sources have no rule on this topic comes first among the nearest.
    var gapPage = ranked.gap ? this.sections[ranked.gap.section][0] : -1;
    if (ranked.gap) items.push(this.gapNotice(ranked.gap, top + 0.5));
    var nearest = ranked.units.length ? ranked.pages.filter(function (hit) { return hit.page !== gapPage; }) : [];
    nearest.slice(0, ranked.gap ? 2 : 3).forEach(function (hit) { items.push(self.group(hit)); });
    return { items: items, suggest: suggest };
  };

  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof self !== "undefined" ? self : this);
