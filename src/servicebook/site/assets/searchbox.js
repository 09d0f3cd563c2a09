/* The search box (issue 11): text that arrives without a keystroke (paste, voice input, an IME
   committing a word) is searched and completed (search.suggest) at once, where Material listens
   only for keys; and when our
   search worker answers "not found", the result count line says so instead of "找到 N 个结果". */
(function (root, factory) {
  var api = factory(root);
  (root.servicebook = root.servicebook || {}).searchbox = api;
})(typeof window !== "undefined" ? window : globalThis, function (root) {
  "use strict";
  var doc = root.document;

  function listen(input) {
    var composing = false;
    // keydown: Material reads the box for search.suggest there; keyup: it searches.
    var search = function () {
      input.dispatchEvent(new KeyboardEvent("keydown"));
      input.dispatchEvent(new KeyboardEvent("keyup"));
    };
    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; search(); });
    input.addEventListener("input", function () { if (!composing) search(); });
  }

  function sayNotFound(list, meta) {
    new MutationObserver(function () {
      var none = list.querySelector(".md-search-result__item:first-child .sb-search-none");
      var text = none && none.textContent + "，以下是最接近的内容";
      if (text && meta.textContent !== text) meta.textContent = text;
    }).observe(list, { childList: true });
  }

  if (doc) {
    var input = doc.querySelector(".md-search__input");
    var list = doc.querySelector(".md-search-result__list");
    var meta = doc.querySelector(".md-search-result__meta");
    if (input) listen(input);
    if (list && meta) sayNotFound(list, meta);
  }
  return { listen: listen };
});
