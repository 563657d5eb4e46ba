/* Obsidian Bases views (core/bases): the tables are complete without this script; with it,
   a click on a column header sorts the rows and a text box filters them. */
(function () {
  "use strict";
  function enhance(view) {
    if (view.dataset.enhanced) return;
    view.dataset.enhanced = "1";
    var rows = function () {
      return Array.prototype.slice.call(view.querySelectorAll("tbody tr, .vault-base-card, .vault-base-list > li"));
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
  function run() { Array.prototype.forEach.call(document.querySelectorAll(".vault-base-view"), enhance); }
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(run);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
