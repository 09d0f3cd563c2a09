/* Site search query analysis (issue 11): a typed question -> the words that carry meaning, each
 * with the index terms that can match it (the word, its character bigrams, the standards' terms
 * the synonym table gives for an everyday word). Extends SearchIndex from search-engine.js, which
 * must be loaded first (the build concatenates the files into the worker).
 */
(function (root) {
  "use strict";
  var api = typeof module !== "undefined" && module.exports ? require("./search-engine.js") : root.ServicebookSearch;
  var shared = typeof module !== "undefined" && module.exports ? require("./search-text.js") : root.ServicebookText;
  var SearchIndex = api.SearchIndex, STOP = shared.STOP, SOFT = shared.SOFT, HAN = shared.HAN, RUNS = shared.RUNS;
  var normalize = shared.normalize, bigramsOf = shared.bigramsOf, isWordlike = shared.isWordlike;

  var WEIGHT = api.WEIGHT;
  var STANDALONE_DF = 5;     // a character standing alone as a word in this many sections is one

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
    var self = this;
    // A character the pages use as a word of its own in several sections (里, 上, 去, 占) is a word
    // the reader typed, not a piece of an unknown one: 小区里遛狗 -> 小区 里 遛狗, not 里遛狗.
    var loose = function (word) {
      return word.length === 1 && !STOP.has(word) && self.wordDf(word) < STANDALONE_DF;
    };
    var out = [];
    for (var i = 0; i < words.length; i++) {
      var word = words[i];
      if (loose(word) && i + 1 < words.length && loose(words[i + 1])) {
        var joined = word;
        while (i + 1 < words.length && loose(words[i + 1]) && joined.length < 4) joined += words[++i];
        out.push(joined);
      } else {
        out.push(word);
      }
    }
    return out;
  };

  SearchIndex.prototype.wordDf = function (word) {
    var id = this.termIds.get(word);
    return id === undefined ? 0 : this.offsets[id + 1] - this.offsets[id];
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
      var pieces = self.expansions.get(word);  // index terms, "w"/"b" prefixed
      var owner = units.find(function (u) { return u.text.indexOf(word) >= 0 || word.indexOf(u.text) >= 0; });
      var target = owner || units[units.length - 1];
      if (!target) return;
      pieces.forEach(function (term) {
        target.terms.push({ term: term, weight: WEIGHT.synonym, synonym: true });
      });
    });
    units.forEach(function (unit) {
      var seen = new Set();
      unit.terms = unit.terms.filter(function (t) {
        if (seen.has(t.term)) return false;
        seen.add(t.term);
        return true;
      });
    });
    return units;
  };

  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof self !== "undefined" ? self : this);
