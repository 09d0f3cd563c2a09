/* The reader's role, chosen once by name and shared by 本月学习, 每日一练 and the home page. */
(function (root, factory) {
  var api = factory(root, root.servicebook);
  (root.servicebook = root.servicebook || {}).roles = api;
})(typeof window !== "undefined" ? window : globalThis, function (root, sb) {
  "use strict";
  var el = sb.dom.el;

  // A row of buttons, one per role; `onChange(role)` runs after a new choice is stored.
  function picker(roles, current, onChange) {
    var box = el("div", { "class": "sb-roles", role: "group", "aria-label": "我的岗位" });
    box.appendChild(el("span", { "class": "sb-roles__label" }, "我的岗位："));
    roles.forEach(function (name) {
      var button = el("button", { type: "button", "class": "sb-roles__role", "aria-pressed": String(name === current) }, name);
      button.onclick = function () {
        sb.storage.setRole(name);
        box.querySelectorAll(".sb-roles__role").forEach(function (b) {
          b.setAttribute("aria-pressed", String(b === button));
        });
        onChange(name);
      };
      box.appendChild(button);
    });
    return box;
  }

  // The stored role if it is one of `roles`, else null.
  function current(roles) {
    var chosen = sb.storage.role();
    return roles.indexOf(chosen) >= 0 ? chosen : null;
  }

  return { picker: picker, current: current };
});
