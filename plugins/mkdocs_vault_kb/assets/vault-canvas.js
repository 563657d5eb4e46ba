/* Pan and zoom for canvas boards (core/canvas.py). Without this script the board is a static,
 * full-width picture; with it: the wheel zooms around the pointer, a drag pans (mouse; one finger
 * pans sideways, as vertical swipes still scroll the page), two fingers pinch-zoom, and a button
 * resets the view. The view is a CSS transform on .vault-canvas-board: translate, then scale.
 *
 * A board embedded in a note (.vault-canvas-embedded) leaves the wheel to the page, as embedded
 * maps do: it zooms only with Ctrl/⌘ held (a trackpad's pinch arrives as a wheel event with
 * ctrlKey) or once the reader has clicked into the board, until they click elsewhere; a wheel
 * it leaves to the page shows a hint saying so. A note's card scrolls once it is selected (a
 * click on it, as in Obsidian: "To scroll the content of a card, you first need to select it");
 * the wheel over the selected card scrolls it while it can still scroll that way. */
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

    var embedded = root.classList.contains("vault-canvas-embedded");
    var engaged = false;  // an embedded board the reader clicked into takes the wheel
    var hint = null, hintTimer = 0;
    function engage(on) {
      engaged = on;
      root.classList.toggle("vault-canvas-engaged", on);
    }
    function showHint() {
      if (!hint) {
        hint = document.createElement("div");
        hint.className = "vault-canvas-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = "Ctrl/\u2318 + scroll zooms; or click the board first";
        root.appendChild(hint);
      }
      root.classList.add("vault-canvas-hinting");
      clearTimeout(hintTimer);
      hintTimer = setTimeout(function () { root.classList.remove("vault-canvas-hinting"); }, 1500);
    }
    var selected = null;  // the card the reader clicked: the wheel scrolls it
    function select(card) {
      if (selected) selected.classList.remove("vault-canvas-selected");
      selected = card;
      if (card) card.classList.add("vault-canvas-selected");
    }
    function cardScrolls(target, dy) {
      var node = target.closest && target.closest(".vault-canvas-node");
      var card = node && node === selected ? node.querySelector(".vault-canvas-note-body") : null;
      if (!card || dy === 0) return false;
      return dy > 0 ? card.scrollTop + card.clientHeight < card.scrollHeight - 1 : card.scrollTop > 0;
    }

    root.addEventListener("wheel", function (e) {
      var zoomKey = e.ctrlKey || e.metaKey;
      if (embedded && !engaged && !zoomKey) {
        showHint();
        return;  // the page scrolls
      }
      if (!zoomKey && cardScrolls(e.target, e.deltaY)) return;  // the card scrolls
      e.preventDefault();
      var p = local(e);
      zoomAt(p.x, p.y, Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)));
    }, { passive: false });
    if (embedded) {
      document.addEventListener("pointerdown", function (e) {
        if (engaged && !root.contains(e.target)) engage(false);
      });
    }

    document.addEventListener("pointerdown", function (e) {
      var node = root.contains(e.target) ? e.target.closest(".vault-canvas-node") : null;
      select(node && node.querySelector(".vault-canvas-note-body") ? node : null);
    });
    root.addEventListener("pointerdown", function (e) {
      if (embedded) engage(true);
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
