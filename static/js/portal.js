// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Selects that submit their form on change (the language switcher).
  document.querySelectorAll("select.js-autosubmit").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
    var btn = el.form.querySelector("button[type=submit]");
    if (btn) { btn.classList.add("visually-hidden"); }
  });
  // Buttons that ask before an irreversible action.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });
})();
document.querySelectorAll(".js-print").forEach(function (el) {
  el.addEventListener("click", function () { window.print(); });
});
