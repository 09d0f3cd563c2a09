/* Reading on a phone: glossary terms explained on tap, wide tables that say they scroll, and
   diagrams opened full-screen at their real size (pinch to zoom). */
(function (root, factory) {
  var api = factory(root, root.servicebook);
  (root.servicebook = root.servicebook || {}).phone = api;
})(typeof window !== "undefined" ? window : globalThis, function (root, sb) {
  "use strict";
  var el = sb.dom.el, doc = root.document;

  // ---- Glossary: a tap shows the explanation under the term (hover needs a mouse) ----
  function glossaryTap(event) {
    var term = event.target.closest && event.target.closest("abbr[title]");
    var open = doc.querySelector(".sb-tip");
    if (open && (!term || open.previousSibling !== term)) open.remove();
    if (!term || (open && open.previousSibling === term)) return;
    var tip = el("span", { "class": "sb-tip", role: "tooltip" }, term.textContent + "：" + term.getAttribute("title"));
    term.insertAdjacentElement("afterend", tip);
  }

  // ---- Wide tables: a hint and an edge shadow while they can scroll sideways ----
  function markWideTables() {
    doc.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      // Material lets the table itself scroll (display: inline-block; overflow: auto).
      var wide = [wrap, wrap.querySelector(".md-typeset__table"), wrap.querySelector("table")].some(function (box) {
        return box && box.scrollWidth > box.clientWidth + 1;
      });
      wrap.classList.toggle("sb-wide", wide);
      var hint = wrap.previousElementSibling;
      var has = hint && hint.classList.contains("sb-wide-hint");
      if (wide && !has) wrap.insertAdjacentElement("beforebegin", el("p", { "class": "sb-wide-hint" }, "表格较宽，可左右滑动查看 →"));
      if (!wide && has) hint.remove();
    });
  }

  // ---- Diagrams: keep each Mermaid source (Material renders it into a closed box) ----
  var count = 0;
  function keepDiagrams() {
    doc.querySelectorAll("pre.mermaid").forEach(function (pre) {
      if (pre.parentElement.classList.contains("sb-diagram")) return;
      var box = el("div", { "class": "sb-diagram" });
      pre.insertAdjacentElement("beforebegin", box);
      box.appendChild(pre);
      var source = pre.textContent;
      // On a narrow screen a left-to-right chain would shrink to unreadable text: draw it top-down.
      if (root.matchMedia && root.matchMedia("(max-width: 600px)").matches)
        pre.textContent = source.replace(/^(\s*(?:flowchart|graph))\s+(LR|RL)\b/, "$1 TD");
      var open = el("button", { type: "button", "class": "sb-diagram__open" }, "全屏查看流程图");
      open.onclick = function () { fullScreen(source); };
      box.insertAdjacentElement("afterend", open);
    });
  }
  function fullScreen(source) {
    var layer = el("div", { "class": "sb-diagram-full", role: "dialog", "aria-label": "流程图" });
    var close = el("button", { type: "button", "class": "md-button sb-diagram-full__close" }, "关闭");
    var body = el("div", { "class": "sb-diagram-full__body" }, "正在绘制……");
    close.onclick = function () { layer.remove(); };
    layer.appendChild(close);
    layer.appendChild(body);
    doc.body.appendChild(layer);
    count += 1;
    root.mermaid.render("sb-diagram-" + count, source).then(function (result) {
      body.innerHTML = result.svg;
      var svg = body.querySelector("svg");
      var box = svg.viewBox && svg.viewBox.baseVal;
      // Natural size: one SVG unit per CSS pixel, so the text is as large as Mermaid drew it.
      if (box && box.width) { svg.style.maxWidth = "none"; svg.setAttribute("width", box.width); svg.setAttribute("height", box.height); }
    }, function () { body.textContent = "流程图绘制失败。"; });
  }

  keepDiagrams(); // now, before Material replaces the <pre> with its rendering
  sb.dom.ready(function () {
    keepDiagrams();
    doc.addEventListener("click", glossaryTap);
    markWideTables();
    root.addEventListener("resize", markWideTables);
  });
  return { markWideTables: markWideTables };
});
