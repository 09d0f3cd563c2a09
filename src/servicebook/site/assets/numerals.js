/* Answer normalisation, the same as servicebook.numerals.normalize_answer (全/半角, 三 = 3,
   一万零一十 = 10010, spaces and end punctuation dropped); tests/data/numerals_cases.json holds the
   cases both must agree on. A classic script: window.sbNormalizeAnswer in the browser,
   module.exports under node. */
(function (root, factory) {
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else {
    (root.servicebook = root.servicebook || {}).numerals = api;
    root.sbNormalizeAnswer = api.normalize;
    root.sbSameAnswer = api.same;
  }
})(typeof window !== "undefined" ? window : globalThis, function () {
  "use strict";
  var DIGIT = { "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };
  var UNIT = { "十": 10, "百": 100, "千": 1000 };
  var GROUP = { "万": 1e4, "亿": 1e8 };
  var RUN = /[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*/g;

  // 三 → 3, 一百零五 → 105, 一万零一十 → 10010, 二〇二六 → 2026 (digit by digit).
  function chineseToInt(text) {
    var chars = Array.from(text);
    if (chars.length > 1 && chars.every(function (c) { return c in DIGIT; }))
      return parseInt(chars.map(function (c) { return DIGIT[c]; }).join(""), 10);
    var yi = 0, wan = 0, section = 0, digit = null;
    chars.forEach(function (c) {
      if (c === "零" || c === "〇") digit = null; // a place holder: 一万零十 is 10010
      else if (c in DIGIT) digit = DIGIT[c];
      else if (c in UNIT) { section += (digit === null ? 1 : digit) * UNIT[c]; digit = null; }
      else if (c === "万") { wan += ((section + (digit || 0)) || 1) * GROUP[c]; section = 0; digit = null; }
      else { yi += ((wan + section + (digit || 0)) || 1) * GROUP[c]; wan = 0; section = 0; digit = null; }
    });
    return yi + wan + section + (digit || 0);
  }

  function normalize(text) {
    var half = Array.from(String(text)).map(function (c) {
      var code = c.charCodeAt(0);
      if (code >= 0xFF01 && code <= 0xFF5E) return String.fromCharCode(code - 0xFEE0);
      return code === 0x3000 ? " " : c;
    }).join("");
    half = half.trim().replace(/\s+/g, "").toLowerCase();
    half = half.replace(RUN, function (run) { return String(chineseToInt(run)); });
    return half.replace(/[。．.，,；;：:！!？?、]+$/, "");
  }

  // True when `given` matches one of the accepted spellings.
  function same(given, accepted) {
    var key = normalize(given);
    return accepted.some(function (a) { return normalize(a) === key; });
  }

  return { normalize: normalize, same: same, chineseToInt: chineseToInt };
});
