/* Pan and zoom for canvas boards (core/canvas.py). Without this script the board is a static,
 * full-width picture; with it: the wheel zooms around the pointer, a drag pans (mouse; one finger
 * pans sideways, as vertical swipes still scroll the page), two fingers pinch-zoom, and a button
 * resets the view. The view is a CSS transform on .vault-canvas-board: translate, then scale. */
(function () {
  "use strict";
  var MIN = 0.5, MAX = 8;

  function setup(root) {
    if (root.dataset.vaultCanvasLive) return;
    root.dataset.vaultCanvasLive = "1";
    var board = root.querySelector(".vault-canvas-board");
    if (!board) return;
    root.classList.add("vault-canvas-live");
    var view = { x: 0, y: 0, s: 1 };
    var pointers = new Map();
    var last = null;  // the previous gesture sample: centre and spread of the pointers

    function apply() {
      board.style.transform = "translate(" + view.x + "px, " + view.y + "px) scale(" + view.s + ")";
    }
    function zoomAt(px, py, factor) {
      var s = Math.min(MAX, Math.max(MIN, view.s * factor));
      var k = s / view.s;
      view.x = px - (px - view.x) * k;
      view.y = py - (py - view.y) * k;
      view.s = s;
      apply();
    }
    function local(e) {
      var r = root.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    }
    function sample() {
      var pts = Array.from(pointers.values());
      var cx = 0, cy = 0;
      pts.forEach(function (p) { cx += p.x; cy += p.y; });
      cx /= pts.length; cy /= pts.length;
      var spread = pts.length > 1 ? Math.hypot(pts[0].x - pts[1].x, pts[0].y - pts[1].y) : 0;
      return { x: cx, y: cy, spread: spread, n: pts.length };
    }

    root.addEventListener("wheel", function (e) {
      e.preventDefault();
      var p = local(e);
      zoomAt(p.x, p.y, Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)));
    }, { passive: false });

    root.addEventListener("pointerdown", function (e) {
      if (e.button !== 0 || e.target.closest("a, button")) return;
      pointers.set(e.pointerId, local(e));
      root.setPointerCapture(e.pointerId);
      root.classList.add("vault-canvas-dragging");
      last = sample();
    });
    root.addEventListener("pointermove", function (e) {
      if (!pointers.has(e.pointerId)) return;
      pointers.set(e.pointerId, local(e));
      var now = sample();
      if (last && now.n === last.n) {
        view.x += now.x - last.x;
        view.y += now.y - last.y;
        apply();
        if (now.n > 1 && last.spread > 0) zoomAt(now.x, now.y, now.spread / last.spread);
      }
      last = now;
    });
    function up(e) {
      pointers.delete(e.pointerId);
      last = pointers.size ? sample() : null;
      if (!pointers.size) root.classList.remove("vault-canvas-dragging");
    }
    root.addEventListener("pointerup", up);
    root.addEventListener("pointercancel", up);

    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "vault-canvas-reset";
    reset.textContent = "Fit";
    reset.title = "Show the whole canvas";
    reset.addEventListener("click", function () { view = { x: 0, y: 0, s: 1 }; apply(); });
    root.appendChild(reset);
  }

  function onPage() {
    document.querySelectorAll(".vault-canvas").forEach(setup);
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
