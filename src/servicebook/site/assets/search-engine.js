/* Site search engine: ranks knowledge-base sections for everyday staff questions (issue 11).
 *
 * A classic script (no ES modules: they do not run from file://). The search worker loads it in the
 * browser; node tests load it with require(). The index comes from servicebook/site/search_index.py:
 * words were segmented by jieba at build time, so the browser needs no dictionary of its own.
 *
 * Ranking: BM25F over section fields (page title, heading, 常见问法 lines that link here, ==facts==,
 * body), words and character bigrams side by side, OR semantics with a coordination bonus, question
 * words as stop words; sections are aggregated to pages (best section plus a fraction of the rest).
 * search-results.js turns the ranking into Material's result items.
 */
(function (root) {
  "use strict";

  var shared = typeof module !== "undefined" && module.exports ? require("./search-text.js") : root.ServicebookText;
  var TOKEN_SEP = shared.TOKEN_SEP, BLOCK_SEP = shared.BLOCK_SEP, STOP_WORDS = shared.STOP_WORDS, STOP = shared.STOP;
  var normalize = shared.normalize, isHan = shared.isHan, isWordlike = shared.isWordlike, nextSep = shared.nextSep;

  // Field order in the index: title, heading, faq, facts, body.
  var FIELD_BOOST = [2.5, 3.0, 2.5, 1.5, 1.0];
  var FIELD_B = [0.3, 0.4, 0.5, 0.5, 0.75];
  var K1 = 1.2;

  var WEIGHT = { word: 1.0, soft: 0.4, single: 0.25, bigram: 0.5, synonym: 0.8 };
  var COORD_BASE = 0.5;   // score *= (COORD_BASE + share of typed words matched) ** 2
  var OTHER_SECTIONS = 0.15;  // a page adds this fraction of its other matching sections
  var MAX_PAGES = 20;
  var INTRO = 0.6;
  var MAX_MORE = 4;          // other matching sections listed under a page (search-results.js)
  // Weak best match -> not-found message (calibrated on tests/search_eval/, see answers() below):
  // the index brings the thresholds calibrated for its site (search_index.py WEAK_MATCH), else these.
  var WEAK = { coord: 0.3, score: 0, rare: 0, topic: 0, bodyScore: 0, gapTopic: -1, gapDf: 0, gapCover: 2, gapMargin: 0, quantity: 0 };

  // ---- Index ----

  // The anchor MkDocs gives a heading: letters, digits, _ and - kept, spaces to -, lower case.
  function anchorOf(heading) {
    return heading.split(TOKEN_SEP).join("").replace(/[^\p{L}\p{N}_\s-]/gu, "").trim().toLowerCase().replace(/\s+/g, "-");
  }

  // options: Material's worker options ({suggest: true} when mkdocs.yml enables search.suggest).
  function SearchIndex(data, options) {
    this.options = options || {};
    this.pages = data.pages;          // [location, title]
    this.sections = data.sections;    // [page, anchor, heading, body, facts, faq]
    // An anchor stored as 0 is the one its heading gives (search_index.py derived_anchor).
    for (var k = 0; k < this.sections.length; k++) {
      if (this.sections[k][1] === 0) this.sections[k][1] = anchorOf(this.sections[k][2]);
    }
    this.fallback = typeof data.fallback === "number" ? data.fallback : -1;
    this.weak = Object.assign({}, WEAK, data.weak || {});
    // What the pages say the sources have no rule on (资料没有规定 boxes): [section, sentence, topics...].
    this.gaps = (data.gaps || []).map(function (row) {
      return { section: row[0], sentence: row[1], topics: row.slice(2).map(function (t) { return normalize(t).replace(ALL_TOKEN_SEPS, ""); }) };
    });
    this.synonyms = new Map();        // everyday word -> [formal term, ...]
    var self = this;
    (data.synonyms || []).forEach(function (row) {
      var formal = normalize(row[0]);  // split by jieba at build time, like the index
      row[1].forEach(function (word) {
        word = normalize(word);
        if (!self.synonyms.has(word)) self.synonyms.set(word, []);
        self.synonyms.get(word).push(formal);
      });
    });
    this.build();
  }

  // Word postings in one pass over the sections, kept in flat typed arrays (compressed sparse rows):
  // a Map from word to term id, and per word a run of (section, tf') entries; few objects are made,
  // so building stays fast on a phone. Bigram postings are found when a query needs them (bigram()
  // below): building them all up front took half of the time before the first query.
  SearchIndex.prototype.build = function () {
    var n = this.sections.length;
    var fieldCount = FIELD_BOOST.length;
    var termIds = new Map();
    var df = [];                                   // per term id: sections holding it
    var entryTerm = [], entrySection = [], entryPacked = [];
    var lengths = new Float64Array(n * fieldCount);
    var totals = new Array(fieldCount).fill(0);
    var vocab = new Set(STOP_WORDS);
    var seenIn = [], entryOf = [];                 // per term id: last section seen, its entry there
    // Count one occurrence of a term in section s, field step: one Map lookup per occurrence.
    var count = function (term, s, step) {
      var id = termIds.get(term);
      if (id === undefined) { id = df.length; termIds.set(term, id); df.push(0); seenIn.push(-1); entryOf.push(0); }
      if (seenIn[id] !== s) {
        seenIn[id] = s; df[id]++; entryOf[id] = entryTerm.length;
        entryTerm.push(id); entrySection.push(s); entryPacked.push(step);
      } else {
        entryPacked[entryOf[id]] += step;
      }
    };
    var flat = [], starts = [], offsets = [];      // per field: the sections' texts, where each starts
    for (var f0 = 0; f0 < fieldCount; f0++) { flat.push([]); starts.push(new Int32Array(n).fill(-1)); offsets.push(0); }
    for (var s = 0; s < n; s++) {
      var row = this.sections[s];
      var fields = [this.pages[row[0]][1], row[2], row[5], row[4], row[3]];
      for (var f = 0; f < fieldCount; f++) {
        var text = fields[f];
        if (!text) continue;
        text = normalize(text);
        var step = FIELD_STEP[f], len = 0;
        for (var at = 0; at <= text.length;) {
          var stop = nextSep(text, at);
          if (stop > at) {
            var token = text.slice(at, stop);
            if (isWordlike(token)) {
              if (token.length > 1 && isHan(token.charCodeAt(0))) vocab.add(token);
              count(token, s, step);
              len++;
            }
          }
          at = stop + 1;
        }
        // Bigrams run across word boundaries but not blocks: the field's text without the tabs.
        flat[f].push(text.replace(ALL_TOKEN_SEPS, ""));
        starts[f][s] = offsets[f];
        offsets[f] += flat[f][flat[f].length - 1].length + 1;
        lengths[s * fieldCount + f] = len;
        totals[f] += len;
      }
    }
    // Formal terms are split by the index's own words (不要中断 -> 不要 中断); everyday words
    // join the vocabulary so a query keeps them whole (保洁阿姨, not 保洁 + 阿姨).
    this.vocab = vocab;
    var longest = 2;
    this.synonyms.forEach(function (formal, word) { longest = Math.max(longest, word.length); });
    vocab.forEach(function (word) { longest = Math.max(longest, word.length); });
    this.maxWord = Math.min(longest, 12);
    // Everyday word -> the index terms of its formal terms ("w" words). A two-character term the
    // index splits into single characters (3声 -> 3 / 声) is matched as its bigram ("b3声") instead.
    var expansions = new Map();
    this.synonyms.forEach(function (formal, word) {
      var terms = [];
      formal.forEach(function (term) {
        var parts = term.split(TOKEN_SEP);
        var kept = parts.filter(function (piece) { return piece.length > 1 && !STOP.has(piece) && isWordlike(piece); });
        var whole = parts.join("");
        if (!kept.length && Array.from(whole).length === 2 && !STOP.has(whole)) terms.push("b" + whole);
        kept.forEach(function (piece) { terms.push("w" + piece); });
      });
      expansions.set(word, terms);
    });
    this.expansions = expansions;
    this.synonyms.forEach(function (formal, word) { vocab.add(word); });
    // Postings hold the field-weighted, length-normalised term frequency (BM25F's tf').
    var avg = totals.map(function (total) { return Math.max(1, total / Math.max(1, n)); });
    var norms = new Float64Array(n * fieldCount);
    for (s = 0; s < n; s++) {
      for (f = 0; f < fieldCount; f++) {
        norms[s * fieldCount + f] = FIELD_BOOST[f] / (1 - FIELD_B[f] + FIELD_B[f] * lengths[s * fieldCount + f] / avg[f]);
      }
    }
    var terms = df.length, entries = entryTerm.length;
    var offsets = new Int32Array(terms + 1);
    for (var t = 0; t < terms; t++) offsets[t + 1] = offsets[t] + df[t];
    var fill = offsets.slice(0, terms);
    var postSection = new Int32Array(entries), postWeight = new Float64Array(entries);
    for (var e = 0; e < entries; e++) {
      var packedTf = entryPacked[e], sec = entrySection[e], weighted = 0;
      for (f = 0; packedTf > 0; f++, packedTf = Math.floor(packedTf / FIELD_UNIT)) {
        weighted += (packedTf % FIELD_UNIT) * norms[sec * fieldCount + f];
      }
      var slot = fill[entryTerm[e]]++;
      postSection[slot] = sec;
      postWeight[slot] = weighted;
    }
    this.norms = norms;
    // One string per field, sections separated by a newline (no bigram crosses it); starts[f][s]
    // is where section s begins in it (-1: empty field), in increasing order.
    this.fieldText = flat.map(function (parts) { return parts.join(BLOCK_SEP); });
    this.fieldStarts = starts.map(function (list) {
      var at = [], who = [];
      for (var k = 0; k < list.length; k++) if (list[k] >= 0) { at.push(list[k]); who.push(k); }
      return { at: Int32Array.from(at), section: Int32Array.from(who) };
    });
    this.bigrams = new Map();
    this.termIds = termIds;
    this.offsets = offsets;
    this.postSection = postSection;
    this.postWeight = postWeight;
  };

  // Term frequencies of the five fields in one number, 10 bits each (no array per term).
  var FIELD_UNIT = 1024;
  var FIELD_STEP = [1, 1024, 1048576, 1073741824, 1099511627776];

  var ALL_TOKEN_SEPS = new RegExp(TOKEN_SEP, "g");  // TOKEN_SEP is no regular-expression syntax

  // A bigram's postings, found in the fields' texts the first time a query needs them.
  SearchIndex.prototype.bigram = function (gram) {
    var found = this.bigrams.get(gram);
    if (found) return found;
    var weights = new Map();
    var fieldCount = FIELD_BOOST.length;
    for (var f = 0; f < fieldCount; f++) {
      var text = this.fieldText[f], starts = this.fieldStarts[f];
      for (var at = text.indexOf(gram); at >= 0; at = text.indexOf(gram, at + 1)) {
        var lo = 0, hi = starts.at.length - 1;      // the last section starting at or before `at`
        while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts.at[mid] <= at) lo = mid; else hi = mid - 1; }
        var s = starts.section[lo];
        weights.set(s, (weights.get(s) || 0) + this.norms[s * fieldCount + f]);
      }
    }
    found = { sections: Int32Array.from(weights.keys()), weights: Float64Array.from(weights.values()) };
    found.start = 0;
    found.end = found.sections.length;
    this.bigrams.set(gram, found);
    return found;
  };

  // The postings of a query term: sections[start..end) with their tf'; null when none.
  SearchIndex.prototype.postingsOf = function (qt) {
    if (qt.term[0] === "b") {
      var found = this.bigram(qt.term.slice(1));
      return found.end ? found : null;
    }
    var id = this.termIds.get(qt.term.slice(1));
    if (id === undefined) return null;
    return { sections: this.postSection, weights: this.postWeight, start: this.offsets[id], end: this.offsets[id + 1] };
  };

  SearchIndex.prototype.idf = function (qt) {
    var list = this.postingsOf(qt);
    var df = list ? list.end - list.start : 0;
    var n = this.sections.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };

  // ---- Scoring ----

  SearchIndex.prototype.scoreSections = function (units) {
    var scores = new Map();   // section -> {raw, matched: Set(unit index), terms: Set(term)}
    var self = this;
    var n = units.length;
    units.forEach(function (unit, u) {
      unit.terms.forEach(function (qt) {
        var list = self.postingsOf(qt);
        if (!list) return;
        var idf = self.idf(qt);
        // A typed word is matched as itself, through its bigrams or through a synonym: the best
        // of the three counts, so one word never scores twice (报修 and its bigram 报修).
        var kind = qt.synonym ? 2 : qt.term[0] === "b" ? 1 : 0;
        for (var i = list.start; i < list.end; i++) {
          var s = list.sections[i], tf = list.weights[i];
          var entry = scores.get(s);
          if (!entry) scores.set(s, entry = { parts: new Float64Array(3 * n), matched: new Set(), terms: new Set() });
          entry.parts[3 * u + kind] += qt.weight * idf * tf * (K1 + 1) / (tf + K1);
          entry.matched.add(u);
          entry.terms.add(qt.term);
        }
      });
    });
    scores.forEach(function (entry) {
      var raw = 0;
      for (var u = 0; u < n; u++) raw += Math.max(entry.parts[3 * u], entry.parts[3 * u + 1], entry.parts[3 * u + 2]);
      entry.raw = raw;
    });
    var total = units.reduce(function (sum, unit) { return sum + unit.weight; }, 0);
    scores.forEach(function (entry) {
      var got = 0;
      entry.matched.forEach(function (u) { got += units[u].weight; });
      entry.coord = total ? got / total : 0;
      entry.score = entry.raw * Math.pow(COORD_BASE + entry.coord, 2);
    });
    return scores;
  };

  SearchIndex.prototype.rank = function (query) {
    var units = this.analyze(query);
    var scores = this.scoreSections(units);
    var byPage = new Map();
    var self = this;
    scores.forEach(function (entry, s) {
      var page = self.sections[s][0];
      if (!byPage.has(page)) byPage.set(page, []);
      // A page's opening lines sum up the whole page; a section that matches answers better.
      var score = self.sections[s][1] ? entry.score : entry.score * INTRO;
      byPage.get(page).push({ section: s, score: score, entry: entry });
    });
    var pages = [];
    byPage.forEach(function (list, page) {
      list.sort(function (a, b) { return b.score - a.score; });
      var others = 0;
      for (var i = 1; i < list.length; i++) others += list[i].score;
      pages.push({ page: page, score: list[0].score + OTHER_SECTIONS * others, sections: list });
    });
    pages.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
    var top = pages[0];
    var measures = {
      coord: top ? top.sections[0].entry.coord : 0,
      score: top ? top.score : 0,
      rare: top ? this.rareCover(units, top.sections[0].entry) : 0,
      topic: top ? this.topicCover(units, top.sections[0]) : 0,
    };
    // A question asking for a time, a count or a price the best section does not state.
    measures.quantity = top && ASKS_QUANTITY.test(normalize(query)) && !this.statesQuantity(top.sections[0].section, units) ? 1 : 0;
    var gap = top ? this.gapFor(units, top.sections[0]) : null;
    measures.gap = gap ? gap.share : 0;
    measures.gapCover = gap ? gap.cover : 0;
    var found = units.length > 0 && !!top && this.answers(measures);
    return {
      units: units, pages: pages.slice(0, MAX_PAGES), measures: measures, coord: measures.coord, score: measures.score,
      found: found, gap: !found && gap && (gap.share > 0 || gap.cover >= this.weak.gapCover) ? gap.gap : null,
    };
  };

  // Whether a text names a typed word: the word itself, a standards' term for it, or (unless
  // `strict`) one of the word's own bigrams.
  function named(unit, text, strict) {
    return text.indexOf(unit.text) >= 0 || unit.terms.some(function (qt) {
      var term = qt.term.slice(1);
      return (qt.synonym || (!strict && qt.term[0] === "b" && unit.text.indexOf(term) >= 0)) && text.indexOf(term) >= 0;
    });
  }

  // How long, how often, what time, how much: the question wants a number (几号楼 is an address).
  var ASKS_QUANTITY = /几点|几天|几号(?![楼房栋单门])|几次|几回|几分钟|几小时|几年|几声|几遍|几周|几个月|几个工作日|多少钱|多久|多长时间|多长|多快/;
  // A number with a unit of time, count, money or share: 10分钟, 三声, 24小时, 98%, 两个工作日.
  var QUANTITY = /[0-9一二三四五六七八九十两百千半] ?(?:分钟|小时|天|日|周|个月|月|年|次|声|点|元|%|米|遍|个工作日|工作日|秒|个)/;

  // Whether a section states a quantity in its heading, text or facts, other than inside a term the
  // reader typed (two typed words side by side, each of two characters or more: 二次供水 does not
  // answer 水箱多久清洗一次).
  SearchIndex.prototype.statesQuantity = function (s, units) {
    var row = this.sections[s];
    var text = normalize([row[2], row[3], row[4]].join(BLOCK_SEP)).replace(ALL_TOKEN_SEPS, "");
    units = units || [];
    for (var u = 0; u + 1 < units.length; u++) {
      if (units[u].text.length > 1 && units[u + 1].text.length > 1) text = text.split(units[u].text + units[u + 1].text).join(BLOCK_SEP);
    }
    return QUANTITY.test(text);
  };

  // Whether a best match with these measures answers the question (else: not found). A weak best
  // match covers too few of the typed words (coord), or too little of what is rare in them (rare),
  // or its page scores too low (score); or it holds the typed words only in its running text, not
  // where it states its topic (topic), and scores under bodyScore; or a 资料没有规定 box names what
  // it leaves out (gap, gapCover: see gapFor); or (with `quantity` on) the question asks for a time,
  // a count or a price and the best section states none.
  SearchIndex.prototype.answers = function (m, weak) {
    weak = weak || this.weak;
    return m.coord >= weak.coord && m.score >= weak.score && m.rare >= weak.rare &&
      !(m.topic <= weak.topic && m.score < weak.bodyScore) &&
      !(m.gap > 0 && m.topic <= weak.gapTopic) && !(m.quantity && weak.quantity) && !(m.gapCover >= weak.gapCover && m.gapCover >= m.coord - weak.gapMargin);
  };

  // The 资料没有规定 box that names what the best section leaves out of the question: a typed word
  // (or a standards' term for it) the box names, the section does not match, and the rest of the
  // site hardly holds (快递 in 快递放在前台业主不来拿: the best section matched 前台 and 业主).
  // {gap, share of the question's weight it names}; null when no box does.
  SearchIndex.prototype.gapFor = function (units, best) {
    var self = this, total = 0, found = null;
    units.forEach(function (unit) { total += unit.weight; });
    this.gaps.forEach(function (gap) {
      gap.topics.forEach(function (topic) {
        var got = 0, cover = 0;
        units.forEach(function (unit, u) {
          if (!named(unit, topic, true)) return;
          cover += unit.weight;
          if (best.entry.matched.has(u) || self.wordDf(unit.text) > (unit.weight < WEIGHT.word ? 0 : self.weak.gapDf)) return;
          got += unit.weight;
        });
        if (!found || got > found.share * total || (got === found.share * total && cover > found.cover * total)) {
          found = { gap: gap, share: got / total, cover: cover / total };
        }
      });
    });
    return found && (found.share > 0 || found.cover > 0) ? found : null;
  };

  // How much of the question the best section names where it states its topic: its heading, the
  // 常见问法 lines that link to it and its ==facts== (share of the typed words' weight, a word
  // counting when it, one of its own bigrams or a standards' term for it appears there). A section
  // that holds the typed words only in its running text (业主, 前台, 放在 in a story about
  // something else) has seldom the answer.
  SearchIndex.prototype.topicCover = function (units, best) {
    var row = this.sections[best.section];
    var text = normalize([row[2], row[5], row[4]].join(BLOCK_SEP)).replace(ALL_TOKEN_SEPS, "");
    var total = 0, got = 0;
    units.forEach(function (unit, u) {
      total += unit.weight;
      if (!best.entry.matched.has(u) || unit.weight < WEIGHT.soft) return;
      if (named(unit, text)) got += unit.weight;
    });
    return total ? got / total : 0;
  };

  // How much of what is rare in the question the best section matches: each typed word weighs its
  // weight times its idf (a word no section holds weighs most), so a match on 业主 and 前台 alone
  // does not answer 快递放在前台业主不来拿.
  SearchIndex.prototype.rareCover = function (units, entry) {
    var self = this, total = 0, got = 0;
    units.forEach(function (unit, u) {
      var idf = 0;
      unit.terms.forEach(function (qt) { idf = Math.max(idf, self.idf(qt)); });
      total += unit.weight * idf;
      if (entry.matched.has(u)) got += unit.weight * idf;
    });
    return total ? got / total : 0;
  };

  var api = {
    SearchIndex: SearchIndex, STOP_WORDS: STOP_WORDS, WEIGHT: WEIGHT, WEAK: WEAK, MAX_MORE: MAX_MORE, BLOCK_SEP: BLOCK_SEP,
    normalize: normalize, escapeHtml: shared.escapeHtml, plain: shared.plain,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.ServicebookSearch = api;
})(typeof self !== "undefined" ? self : this);
