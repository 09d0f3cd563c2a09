/* DOM helpers shared by every servicebook script: element building, start-up, where the site is. */
(function (root, factory) {
  var api = factory(root);
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.servicebook = root.servicebook || {}).dom = api;
})(typeof window !== "undefined" ? window : globalThis, function (root) {
  "use strict";

  // One element with attributes and text: el("a", {href: "#x"}, "查看").
  function el(tag, attrs, text) {
    var node = root.document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Run once the page is parsed (scripts sit at the end of <body>, so usually right away).
  function ready(fn) {
    if (root.document.readyState === "loading") root.document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  // The site's root URL, from Material's config ("base" is relative to the page), so keys
  // are the same whether the site is served or opened from disk (make dist).
  function siteRoot() {
    var config = root.document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* no config: assume page folder */ }
    return new URL(base.replace(/\/?$/, "/"), root.location.href).href;
  }

  // A page's key: its path below the site root without index.html or hash ("training/onboarding/").
  function pageKey(href, rootHref) {
    var url = new URL(href, rootHref);
    var path = url.href.split("#")[0].split("?")[0];
    var start = rootHref || siteRoot();
    if (path.indexOf(start) !== 0) return null;
    return path.slice(start.length).replace(/index\.html$/, "");
  }

  // A URL for a page key, from the current page.
  function pageUrl(key) {
    var url = siteRoot() + key;
    return root.location.protocol === "file:" && /\/$/.test(url) ? url + "index.html" : url;
  }

  return { el: el, ready: ready, siteRoot: siteRoot, pageKey: pageKey, pageUrl: pageUrl };
});
