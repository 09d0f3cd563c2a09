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

  var TOKEN_SEP = "\t";
  var BLOCK_SEP = "\n";

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
  // Weak best match -> not-found message (calibrated on tests/search_eval/not_found.yml).
  // A weak best match covers too few of the typed words, or its page scores too low: the index
  // brings the thresholds calibrated for its site (search_index.py WEAK_MATCH), else these.
  var WEAK = { coord: 0.3, score: 0 };

  // Question words and particles: every question has them, no answer is found by them.
  var STOP_WORDS = (
    "怎么 怎么办 怎么样 怎么做 怎样 如何 什么 什么样 啥 咋 咋办 咋整 多久 多长 多少 几 几个 几点 哪 哪些 哪个 哪里 哪儿 谁 " +
    "为什么 为啥 是否 吗 吧 呢 啊 呀 嘛 哦 哈 了 的 地 得 着 过 是 就 都 也 还 又 再 才 很 太 挺 " +
    "要 要不要 想 能 能不能 可以 可不可以 可否 会 会不会 该 应该 应当 需要 需不需要 必须 得要 是不是 有没有 有 没有 没 不用 用不用 " +
    "请问 一下 一般 到底 究竟 这样 那样 这种 那种 这个 那个 这些 那些 这 那 我 你 他 她 它 我们 你们 他们 咱们 人家 自己 " +
    "和 与 跟 或 或者 在 给 被 把 对 向 从 让 叫 然后 如果 时候 时 之后 以后 之前 的话 怎么回事 行不行 行吗 好吗 对吗 算不算 算 " +
    "这句 这句话 这话 那句话"
  ).split(" ");
  var STOP = new Set(STOP_WORDS);
  // Words nearly every staff question has (业主骂人, 业主报修, 业主投诉…): they say little about
  // which section answers, so they weigh less than the other words typed.
  var SOFT = new Set("业主 客户 顾客 客人 员工 同事 我们".split(" "));
  STOP_WORDS.sort(function (a, b) { return b.length - a.length; });

  var HAN = /\p{Script=Han}/u;
  var RUNS = /[\p{Script=Han}]+|[a-z0-9][a-z0-9+.%]*/gu;
  var WORDLIKE = /[\p{L}\p{N}]/u;

  function normalize(text) {
    // Full-width ASCII (ＡＢＣ１２３) to half-width, then lower case.
    return String(text).replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).toLowerCase();
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function plain(seg) {
    return seg.split(TOKEN_SEP).join("");
  }

  function bigramsOf(text) {
    var out = [];
    var chars = Array.from(text);
    for (var i = 0; i + 1 < chars.length; i++) {
      if (HAN.test(chars[i]) && HAN.test(chars[i + 1])) out.push(chars[i] + chars[i + 1]);
    }
    return out;
  }

  // ---- Index ----

  function SearchIndex(data) {
    this.pages = data.pages;          // [location, title]
    this.sections = data.sections;    // [page, anchor, heading, body, facts, faq]
    this.fallback = typeof data.fallback === "number" ? data.fallback : -1;
    this.weak = data.weak || WEAK;
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

  function isHan(code) {
    return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
  }

  function isWordlike(token) {
    var c = token.charCodeAt(0);
    return isHan(c) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c > 0x7f && WORDLIKE.test(token));
  }

  SearchIndex.prototype.build = function () {
    var n = this.sections.length;
    var fieldCount = FIELD_BOOST.length;
    var counts = new Array(n);        // per section: Map term -> tf per field, packed (FIELD_UNIT)
    var lengths = new Array(n);
    var totals = new Array(fieldCount).fill(0);
    var vocab = new Set(STOP_WORDS);
    for (var s = 0; s < n; s++) {
      var row = this.sections[s];
      var fields = [this.pages[row[0]][1], row[2], row[5], row[4], row[3]];
      var termCounts = new Map();
      var lens = new Array(fieldCount).fill(0);
      for (var f = 0; f < fieldCount; f++) {
        var text = fields[f];
        if (!text) continue;
        text = normalize(text);
        var tokens = text.split(/[\t\n]/);
        for (var t = 0; t < tokens.length; t++) {
          var token = tokens[t];
          if (!token || !isWordlike(token)) continue;
          if (token.length > 1 && isHan(token.charCodeAt(0))) vocab.add(token);
          add(termCounts, "w" + token, f);
          lens[f]++;
        }
        // Bigrams of consecutive Chinese characters, across word boundaries but not blocks.
        var flat = text.replace(/\t/g, "");
        for (var i = 0; i + 1 < flat.length; i++) {
          var a = flat.charCodeAt(i), b = flat.charCodeAt(i + 1);
          if (isHan(a) && isHan(b)) add(termCounts, a * 65536 + b, f);  // a number: no string per bigram
        }
        totals[f] += lens[f];
      }
      counts[s] = termCounts;
      lengths[s] = lens;
    }
    // Formal terms are split by the index's own words (不要中断 -> 不要 中断); everyday words
    // join the vocabulary so a query keeps them whole (保洁阿姨, not 保洁 + 阿姨).
    this.vocab = vocab;
    var longest = 2;
    this.synonyms.forEach(function (formal, word) { longest = Math.max(longest, word.length); });
    vocab.forEach(function (word) { longest = Math.max(longest, word.length); });
    this.maxWord = Math.min(longest, 12);
    var expansions = new Map();
    this.synonyms.forEach(function (formal, word) {
      var pieces = [];
      formal.forEach(function (term) { pieces = pieces.concat(term.split(TOKEN_SEP)); });
      expansions.set(word, pieces.filter(function (piece) {
        return piece.length > 1 && !STOP.has(piece) && isWordlike(piece);
      }));
    });
    this.expansions = expansions;
    this.synonyms.forEach(function (formal, word) { vocab.add(word); });
    var avg = totals.map(function (total) { return Math.max(1, total / Math.max(1, n)); });
    // Postings hold the field-weighted, length-normalised term frequency (BM25F's tf').
    var postings = new Map();
    for (s = 0; s < n; s++) {
      var norms = lengths[s].map(function (len, f) { return FIELD_BOOST[f] / (1 - FIELD_B[f] + FIELD_B[f] * len / avg[f]); });
      counts[s].forEach(function (packed, term) {
        var weighted = 0;
        for (var f = 0; packed > 0; f++, packed = Math.floor(packed / FIELD_UNIT)) {
          weighted += (packed % FIELD_UNIT) * norms[f];
        }
        var list = postings.get(term);
        if (!list) postings.set(term, list = []);
        list.push(s, weighted);
      });
    }
    this.postings = postings;
  };

  // Term frequencies of the five fields in one number, 10 bits each (no array per term).
  var FIELD_UNIT = 1024;
  var FIELD_STEP = [1, 1024, 1048576, 1073741824, 1099511627776];
  function add(map, term, field) {
    map.set(term, (map.get(term) || 0) + FIELD_STEP[field]);
  }

  SearchIndex.prototype.idf = function (term) {
    var list = this.postings.get(term);
    var df = list ? list.length / 2 : 0;
    var n = this.sections.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };

  // ---- Query analysis ----

  // Split a run of Chinese characters into the fewest pieces that are words of the index
  // (or stop words, or everyday words of the synonym table); unknown characters stand alone.
  SearchIndex.prototype.segment = function (run) {
    var chars = Array.from(run);
    var n = chars.length;
    var best = new Array(n + 1).fill(Infinity);
    var back = new Array(n + 1).fill(0);
    best[0] = 0;
    for (var i = 0; i < n; i++) {
      if (best[i] === Infinity) continue;
      for (var len = 1; len <= Math.min(this.maxWord, n - i); len++) {
        var piece = chars.slice(i, i + len).join("");
        if (len > 1 && !this.vocab.has(piece)) continue;
        // Fewest pieces; a single character costs a little more so words win ties.
        var cost = best[i] + 1 + (len === 1 ? 0.1 : 0);
        if (cost < best[i + len]) { best[i + len] = cost; back[i + len] = i; }
      }
    }
    var words = [];
    for (var end = n; end > 0; end = back[end]) words.unshift(chars.slice(back[end], end).join(""));
    return words;
  };

  // Characters the index has no word for, standing side by side (走廊 -> 走 廊), are one word the
  // reader typed: it counts fully in the coordination and is matched through its bigrams.
  SearchIndex.prototype.mergeUnknown = function (words) {
    var out = [];
    for (var i = 0; i < words.length; i++) {
      var word = words[i];
      if (word.length === 1 && !STOP.has(word) && i + 1 < words.length && words[i + 1].length === 1 &&
          !STOP.has(words[i + 1])) {
        var joined = word;
        while (i + 1 < words.length && words[i + 1].length === 1 && !STOP.has(words[i + 1]) && joined.length < 4) {
          joined += words[++i];
        }
        out.push(joined);
      } else {
        out.push(word);
      }
    }
    return out;
  };

  // The typed words that carry meaning, each with the index terms that can match it.
  SearchIndex.prototype.analyze = function (query) {
    var text = normalize(query);
    var units = [];
    var runs = text.match(RUNS) || [];
    var self = this;
    runs.forEach(function (run) {
      if (!HAN.test(run)) {
        // 6+2 is one word to the reader; the index may hold it whole or as 6 / + / 2.
        var parts = run.match(/[a-z0-9]+/g) || [];
        var terms = [{ term: "w" + run, weight: WEIGHT.word }];
        parts.forEach(function (part) { if (part !== run) terms.push({ term: "w" + part, weight: WEIGHT.word / parts.length }); });
        units.push({ text: run, weight: WEIGHT.word, terms: terms });
        return;
      }
      var span = [];
      var flush = function () {
        if (!span.length) return;
        var joined = span.map(function (u) { return u.text; }).join("");
        var grams = bigramsOf(joined);
        // Each bigram belongs to the word its first character is in.
        var offset = 0;
        span.forEach(function (unit) {
          var len = Array.from(unit.text).length;
          grams.forEach(function (gram, index) {
            if (index >= offset && index < offset + len && !STOP.has(gram)) {
              unit.terms.push({ term: "b" + gram, weight: WEIGHT.bigram });
            }
          });
          offset += len;
        });
        span = [];
      };
      self.mergeUnknown(self.segment(run)).forEach(function (word) {
        if (STOP.has(word)) { flush(); return; }
        var single = Array.from(word).length === 1;
        var weight = single ? WEIGHT.single : SOFT.has(word) ? WEIGHT.soft : WEIGHT.word;
        var unit = { text: word, weight: weight, terms: [{ term: "w" + word, weight: weight }] };
        units.push(unit);
        span.push(unit);
      });
      flush();
    });
    // Everyday words anywhere in the query add the standards' terms, weighted below typed words.
    var found = new Set();
    for (var at = 0; at < text.length; at++) {
      for (var len = 2; len <= this.maxWord && at + len <= text.length; len++) {
        if (this.expansions.has(text.substr(at, len))) found.add(text.substr(at, len));
      }
    }
    found.forEach(function (word) {
      var pieces = self.expansions.get(word);
      var owner = units.find(function (u) { return u.text.indexOf(word) >= 0 || word.indexOf(u.text) >= 0; });
      var target = owner || units[units.length - 1];
      if (!target) return;
      pieces.forEach(function (piece) {
        target.terms.push({ term: "w" + piece, weight: WEIGHT.synonym, synonym: true });
      });
    });
    units.forEach(function (unit) {
      var seen = new Set();
      unit.terms = unit.terms.filter(function (t) {
        if (seen.has(t.term)) return false;
        seen.add(t.term);
        // Postings key: "w" + word, or a bigram's two character codes as one number.
        t.key = t.term[0] === "b" ? t.term.charCodeAt(1) * 65536 + t.term.charCodeAt(2) : t.term;
        return true;
      });
    });
    return units;
  };

  // ---- Scoring ----

  SearchIndex.prototype.scoreSections = function (units) {
    var scores = new Map();   // section -> {raw, matched: Set(unit index), terms: Set(term)}
    var self = this;
    var n = units.length;
    units.forEach(function (unit, u) {
      unit.terms.forEach(function (qt) {
        var list = self.postings.get(qt.key);
        if (!list) return;
        var idf = self.idf(qt.key);
        // A typed word is matched as itself, through its bigrams or through a synonym: the best
        // of the three counts, so one word never scores twice (报修 and its bigram 报修).
        var kind = qt.synonym ? 2 : qt.term[0] === "b" ? 1 : 0;
        for (var i = 0; i < list.length; i += 2) {
          var s = list[i], tf = list[i + 1];
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
    var coord = top ? top.sections[0].entry.coord : 0;
    var score = top ? top.score : 0;
    return {
      units: units, pages: pages.slice(0, MAX_PAGES), coord: coord, score: score,
      found: units.length > 0 && !!top && coord >= this.weak.coord && score >= this.weak.score,
    };
  };

  var api = {
    SearchIndex: SearchIndex, STOP_WORDS: STOP_WORDS, WEAK: WEAK, MAX_MORE: MAX_MORE, BLOCK_SEP: BLOCK_SEP,
    normalize: normalize, escapeHtml: escapeHtml, plain: plain,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.ServicebookSearch = api;
})(typeof self !== "undefined" ? self : this);
