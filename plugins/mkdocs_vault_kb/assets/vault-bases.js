/* Obsidian Bases views (core/bases): the views are complete without this script; with it,
   a click on a column header sorts the rows, a text box filters them, and a base showing several
   views gets a row of tabs (one per view, the first selected) so one view shows at a time. */
(function () {
  "use strict";
  function enhance(view) {
    if (view.dataset.enhanced) return;
    view.dataset.enhanced = "1";
    var rows = function () {
      return Array.prototype.slice.call(view.querySelectorAll("tbody:not(.vault-base-summary) tr, .vault-base-card, .vault-base-list > li"));
    };
    var box = document.createElement("input");
    box.type = "search";
    box.className = "vault-base-filter";
    box.placeholder = "Filter";
    box.setAttribute("aria-label", "Filter the rows of this view");
    box.addEventListener("input", function () {
      var q = box.value.toLowerCase();
      rows().forEach(function (r) { r.hidden = q !== "" && r.textContent.toLowerCase().indexOf(q) < 0; });
    });
    var head = view.querySelector(".vault-base-head");
    if (head) head.appendChild(box);
    Array.prototype.forEach.call(view.querySelectorAll("table.vault-base-table"), function (table) {
      Array.prototype.forEach.call(table.querySelectorAll("thead th"), function (th, col) {
        th.tabIndex = 0;
        th.setAttribute("aria-sort", "none");
        var sort = function () {
          var asc = th.getAttribute("aria-sort") !== "ascending";
          Array.prototype.forEach.call(th.parentNode.children, function (o) { o.setAttribute("aria-sort", "none"); });
          th.setAttribute("aria-sort", asc ? "ascending" : "descending");
          var body = table.tBodies[0];
          var list = Array.prototype.slice.call(body.rows);
          list.sort(function (a, b) {
            var x = a.cells[col].dataset.sort || "", y = b.cells[col].dataset.sort || "";
            if (x === "" || y === "") return x === y ? 0 : x === "" ? 1 : -1;  // empty cells last
            var nx = parseFloat(x), ny = parseFloat(y);
            var numeric = /^-?[\d.]+$/.test(x) && /^-?[\d.]+$/.test(y);
            var c = numeric ? nx - ny : x.localeCompare(y);
            return asc ? c : -c;
          });
          list.forEach(function (r) { body.appendChild(r); });
        };
        th.addEventListener("click", sort);
        th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
      });
    });
  }
  var bases = 0;
  function switcher(base) {
    if (base.dataset.switcher) return;
    var views = Array.prototype.filter.call(base.children, function (c) { return c.classList.contains("vault-base-view"); });
    if (views.length < 2) return;
    base.dataset.switcher = "1";
    var n = ++bases;
    var list = document.createElement("div");
    list.className = "vault-base-tabs";
    list.setAttribute("role", "tablist");
    list.setAttribute("aria-label", "Views of this base");
    var tabs = views.map(function (view, i) {
      var tab = document.createElement("button");
      tab.type = "button";
      tab.className = "vault-base-tab";
      tab.textContent = view.dataset.view || "View " + (i + 1);
      tab.id = "vault-base-" + n + "-tab-" + i;
      view.id = view.id || "vault-base-" + n + "-view-" + i;
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", view.id);
      view.setAttribute("role", "tabpanel");
      view.setAttribute("aria-labelledby", tab.id);
      tab.addEventListener("click", function () { select(i, false); });
      tab.addEventListener("keydown", function (e) {
        var k = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: views.length - 1 }[e.key];
        if (k === undefined) return;
        e.preventDefault();
        select((k + views.length) % views.length, true);
      });
      list.appendChild(tab);
      return tab;
    });
    function select(i, focus) {
      tabs.forEach(function (t, j) {
        t.setAttribute("aria-selected", j === i ? "true" : "false");
        t.tabIndex = j === i ? 0 : -1;
        views[j].hidden = j !== i;
      });
      if (focus) tabs[i].focus();
    }
    base.insertBefore(list, views[0]);
    select(0, false);
  }
  function run() {
    Array.prototype.forEach.call(document.querySelectorAll(".vault-base-view"), enhance);
    Array.prototype.forEach.call(document.querySelectorAll(".vault-base"), switcher);
  }
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(run);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
