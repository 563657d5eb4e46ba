/* The vault's browser side: graph page, local graph, hover previews.
 *
 * Reads graph.json once per visit; works with Material's instant navigation (document$) and
 * without it; inserts note text only through textContent or cloned nodes of our own built pages.
 */
(function () {
  "use strict";

  // The site root, fixed at first load: Material's __config.base is relative to that first page.
  var ROOT = (function () {
    var el = document.getElementById("__config");
    var base = ".";
    try { if (el) base = JSON.parse(el.textContent).base || "."; } catch (e) { /* plain MkDocs theme */ }
    var meta = document.querySelector('meta[name="vault-root"]');
    if (meta) base = meta.getAttribute("content");
    return new URL(base.replace(/\/?$/, "/"), location.href);
  })();

  var graphPromise = null;
  function loadGraph() {
    if (!graphPromise) {
      graphPromise = fetch(new URL("graph.json", ROOT)).then(function (r) {
        if (!r.ok) throw new Error("graph.json: " + r.status);
        return r.json();
      }).then(index);
    }
    return graphPromise;
  }

  function index(data) {
    var byId = new Map();
    data.nodes.forEach(function (n) { n.degree = 0; n.neighbours = new Set(); byId.set(n.id, n); });
    data.links.forEach(function (l) {
      var s = byId.get(l.source), t = byId.get(l.target);
      if (!s || !t) return;
      s.degree++; t.degree++;
      s.neighbours.add(t.id); t.neighbours.add(s.id);
    });
    return { nodes: data.nodes, links: data.links, byId: byId };
  }

  function pageId() {
    var meta = document.getElementById("vault-page-meta");
    return meta ? meta.getAttribute("data-id") : null;
  }

  function urlOf(id) { return new URL(id === "./" ? "" : id, ROOT).href; }

  function colours() {
    var cs = getComputedStyle(document.body);
    return {
      fg: cs.getPropertyValue("--md-default-fg-color").trim() || "#333",
      light: cs.getPropertyValue("--md-default-fg-color--lighter").trim() || "#bbb",
      accent: cs.getPropertyValue("--md-accent-fg-color").trim() || "#f50",
      primary: cs.getPropertyValue("--md-primary-fg-color").trim() || "#3f51b5",
      bg: cs.getPropertyValue("--md-default-bg-color").trim() || "#fff",
    };
  }

  var PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#86bcb6", "#d37295"];
  function groupColour(groups, key) {
    if (!groups.has(key)) groups.set(key, PALETTE[groups.size % PALETTE.length]);
    return groups.get(key);
  }

  /* ---------- drawing one graph (the full page or a local graph) ---------- */

  function draw(container, nodes, links, opts) {
    if (typeof ForceGraph !== "function") return null;
    var c = colours();
    var groups = new Map();
    var hover = null;
    var drawn = 0;
    var visible = opts.visible || function () { return true; };
    var width = container.clientWidth || 600, height = container.clientHeight || 400;
    var saved = opts.layoutKey ? loadLayout(opts.layoutKey) : null;
    var data = {
      nodes: nodes.map(function (n) {
        var node = { id: n.id, title: n.title, folder: n.folder, tags: n.tags, degree: n.degree, neighbours: n.neighbours };
        if (saved && saved[n.id]) { node.x = saved[n.id][0]; node.y = saved[n.id][1]; }
        return node;
      }),
      links: links.map(function (l) { return { source: l.source, target: l.target }; }),
    };
    var settled = !!saved && data.nodes.every(function (n) { return n.x !== undefined; });
    var g = ForceGraph()(container)
      .width(width).height(height)
      .graphData(data)
      .backgroundColor("rgba(0,0,0,0)")
      .nodeId("id")
      .nodeLabel(function (n) { return ""; })
      .nodeVal(function (n) { return 1 + Math.sqrt(n.degree); })
      .nodeRelSize(opts.small ? 3 : 2.5)
      .nodeVisibility(function (n) { return visible(n); })
      .linkVisibility(function (l) { return visible(l.source) && visible(l.target); })
      .linkColor(function (l) {
        return hover && (l.source.id === hover.id || l.target.id === hover.id) ? c.accent : c.light;
      })
      .linkWidth(function (l) { return hover && (l.source.id === hover.id || l.target.id === hover.id) ? 1.5 : 0.5; })
      .cooldownTicks(settled ? 0 : opts.small ? 120 : 200)  // a saved layout starts settled
      .d3AlphaDecay(opts.small ? 0.03 : 0.05)
      .warmupTicks(opts.small ? 0 : 20)
      .onNodeHover(function (n) { hover = n || null; container.style.cursor = n ? "pointer" : ""; container.setAttribute("data-hover", n ? n.id : ""); })
      .onNodeClick(function (n) { location.assign(urlOf(n.id)); })
      .onRenderFramePre(function () { drawn = 0; })
      .onRenderFramePost(function () {
        container.setAttribute("data-drawn", String(drawn));
        container.setAttribute("data-ready", "1");
      })
      .nodeCanvasObject(function (n, ctx, scale) {
        drawn++;
        var r = Math.sqrt(1 + Math.sqrt(n.degree)) * (opts.small ? 3 : 2.5);
        var lit = !hover || n === hover || hover.neighbours.has(n.id);
        var colour = n.id === opts.current ? c.accent : opts.colourBy === "tag"
          ? groupColour(groups, (n.tags && n.tags[0]) || "")
          : groupColour(groups, n.folder || "/");
        ctx.globalAlpha = lit ? 1 : 0.2;
        ctx.beginPath(); ctx.arc(n.x, n.y, r, 0, 2 * Math.PI); ctx.fillStyle = colour; ctx.fill();
        if (opts.small || scale > 1.6 || n === hover || (hover && hover.neighbours.has(n.id))) {
          var size = Math.max(10 / scale, 1.5);
          ctx.font = size + "px sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "top";
          ctx.fillStyle = c.fg;
          ctx.fillText(n.title, n.x, n.y + r + 1);
        }
        ctx.globalAlpha = 1;
      })
      .linkPointerAreaPaint(function () { /* links are not hoverable: skip their hit canvas */ })
      .nodePointerAreaPaint(function (n, colour, ctx) {
        var r = Math.sqrt(1 + Math.sqrt(n.degree)) * (opts.small ? 3 : 2.5) + 2;
        ctx.fillStyle = colour; ctx.beginPath(); ctx.arc(n.x, n.y, r, 0, 2 * Math.PI); ctx.fill();
      });
    var fitted = false;  // frame the layout once it has settled; later moves are the reader's
    g.onEngineStop(function () {
      if (fitted) return;
      fitted = true;
      g.zoomToFit(400, opts.small ? 20 : 40);
      g.cooldownTicks(opts.small ? 120 : 200);  // dragging a node re-runs the layout from here on
      if (opts.layoutKey && !settled) saveLayout(opts.layoutKey, data.nodes);
    });
    var obs = new MutationObserver(function () { c = colours(); });
    obs.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    var ro = new ResizeObserver(function () { g.width(container.clientWidth).height(container.clientHeight); });
    ro.observe(container);
    container.setAttribute("data-nodes", String(data.nodes.length));
    container.setAttribute("data-layout", settled ? "saved" : "computed");
    container.vaultGraph = g;  // for scripts and tests that need the instance (screen positions)
    return { graph: g, setColourBy: function (how) { opts.colourBy = how; groups = new Map(); }, redraw: function () { g.nodeVisibility(g.nodeVisibility()); } };
  }

  /* ---------- a settled layout, remembered per graph ---------- */

  // The full graph's layout takes seconds to settle for thousands of notes; once it has, its node
  // positions are kept in localStorage under a key made from the graph itself, so the next visit
  // draws the settled layout at once. A changed vault has another key.
  function graphKey(G) {
    var h = 5381, s = G.nodes.map(function (n) { return n.id; }).join("|") + "#" + G.links.map(function (l) { return l.source + ">" + l.target; }).join("|");
    for (var i = 0; i < s.length; i++) h = ((h << 5) + h + s.charCodeAt(i)) | 0;
    return "vault-graph-layout:" + G.nodes.length + ":" + (h >>> 0).toString(36);
  }

  function loadLayout(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function saveLayout(key, nodes) {
    var out = {};
    nodes.forEach(function (n) { out[n.id] = [Math.round(n.x * 10) / 10, Math.round(n.y * 10) / 10]; });
    try {
      Object.keys(localStorage).forEach(function (k) { if (k.indexOf("vault-graph-layout:") === 0) localStorage.removeItem(k); });
      localStorage.setItem(key, JSON.stringify(out));
    } catch (e) { /* storage full or disabled: lay out again next time */ }
  }

  /* ---------- the graph page ---------- */

  function graphPage() {
    var el = document.getElementById("vault-graph");
    if (!el || el.getAttribute("data-started")) return;
    el.setAttribute("data-started", "1");
    loadGraph().then(function (G) {
      var filter = document.getElementById("vault-graph-filter");
      var colourBy = document.getElementById("vault-graph-colour");
      var query = "";
      function matches(n) {
        if (!query) return true;
        if (query.charAt(0) === "#") return (n.tags || []).some(function (t) { return t.toLowerCase().indexOf(query.slice(1)) === 0; });
        return n.title.toLowerCase().indexOf(query) >= 0 || (n.folder || "").toLowerCase().indexOf(query) >= 0;
      }
      var view = draw(el, G.nodes, G.links, { visible: matches, colourBy: colourBy ? colourBy.value : "folder", layoutKey: graphKey(G) });
      if (!view) return;
      function count() { el.setAttribute("data-visible", String(G.nodes.filter(matches).length)); }
      count();
      if (filter) filter.addEventListener("input", function () { query = filter.value.trim().toLowerCase(); count(); view.redraw(); });
      if (colourBy) colourBy.addEventListener("change", function () { view.setColourBy(colourBy.value); view.redraw(); });
    }).catch(function (e) { el.textContent = "The graph could not be loaded (" + e.message + ")."; });
  }

  /* ---------- the local graph of a note ---------- */

  function localGraph() {
    var id = pageId();
    var article = document.querySelector("article.md-content__inner");
    if (!id || !article || article.querySelector(".vault-local-graph")) return;
    var meta = document.getElementById("vault-page-meta");
    var depth = parseInt(meta.getAttribute("data-depth") || "1", 10);
    loadGraph().then(function (G) {
      if (!G.byId.has(id)) return;
      var keep = new Set([id]);
      var frontier = [id];
      for (var d = 0; d < depth; d++) {
        var next = [];
        frontier.forEach(function (k) { G.byId.get(k).neighbours.forEach(function (m) { if (!keep.has(m)) { keep.add(m); next.push(m); } }); });
        frontier = next;
      }
      var section = document.createElement("section");
      section.className = "vault-local-graph";
      var head = document.createElement("div");
      head.className = "vault-local-graph__head";
      var title = document.createElement("h2");
      title.textContent = "Local graph";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button vault-local-graph__full";
      button.textContent = "Full screen";
      head.appendChild(title); head.appendChild(button);
      var box = document.createElement("div");
      box.className = "vault-local-graph__canvas";
      section.appendChild(head); section.appendChild(box);
      var back = article.querySelector(".vault-backlinks");
      article.insertBefore(section, back || null);
      var nodes = G.nodes.filter(function (n) { return keep.has(n.id); });
      var links = G.links.filter(function (l) { return keep.has(l.source) && keep.has(l.target); });
      draw(box, nodes, links, { small: true, current: id, colourBy: "folder" });
      button.addEventListener("click", function () {
        if (document.fullscreenElement) document.exitFullscreen();
        else if (section.requestFullscreen) section.requestFullscreen();
      });
    }).catch(function () { /* no graph.json: nothing to show */ });
  }

  /* ---------- hover previews ---------- */

  var pages = new Map();
  var popover = null, timer = null, current = null;
  var canHover = window.matchMedia ? !window.matchMedia("(hover: none)").matches : true;

  function fetchPage(url) {
    var key = url.split("#")[0];
    if (!pages.has(key)) {
      pages.set(key, fetch(key).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      }).then(function (text) { return new DOMParser().parseFromString(text, "text/html"); }));
    }
    return pages.get(key);
  }

  function excerpt(doc, hash) {
    var article = doc.querySelector("article.md-content__inner") || doc.body;
    var out = [];
    var target = hash ? doc.getElementById(decodeURIComponent(hash.slice(1))) : null;
    if (target && /^H[1-6]$/.test(target.tagName)) {
      var level = +target.tagName[1];
      out.push(target);
      for (var el = target.nextElementSibling; el && out.length < 8; el = el.nextElementSibling) {
        if (/^H[1-6]$/.test(el.tagName) && +el.tagName[1] <= level) break;
        out.push(el);
      }
    } else if (target) {
      var block = target.closest("li, p, blockquote, table, div.admonition, details") || target.parentElement;
      // "^id" on a line of its own names the block before it (a quote, list, table or callout)
      if (!block.textContent.trim() && block.previousElementSibling) block = block.previousElementSibling;
      out.push(block);
    } else {
      var children = Array.prototype.slice.call(article.children).filter(function (e) {
        return !e.matches(".vault-backlinks, .vault-local-graph, #vault-page-meta, script, .md-source-file, a.md-content__button");
      });
      var chars = 0;
      for (var i = 0; i < children.length && out.length < 6 && chars < 1500; i++) {
        out.push(children[i]);
        chars += children[i].textContent.length;
      }
    }
    var frag = document.createDocumentFragment();
    out.forEach(function (node) {
      var copy = document.importNode(node, true);
      copy.querySelectorAll("script, iframe, video, audio, .headerlink").forEach(function (x) { x.remove(); });
      copy.querySelectorAll("[id]").forEach(function (x) { x.removeAttribute("id"); });
      if (copy.removeAttribute) copy.removeAttribute("id");
      frag.appendChild(copy);
    });
    return frag;
  }

  function isInternal(a) {
    if (!a.href || a.target === "_blank" || a.closest(".md-header, .md-tabs, .md-nav, .md-footer, .headerlink")) return false;
    if (a.classList.contains("headerlink") || a.classList.contains("md-content__button")) return false;
    var u = new URL(a.href, location.href);
    if (u.origin !== location.origin || u.pathname.indexOf(ROOT.pathname) !== 0) return false;
    if (/\.(png|jpe?g|gif|svg|webp|pdf|mp3|mp4|webm|json|zip)$/i.test(u.pathname)) return false;
    return !(u.pathname === location.pathname && !u.hash);
  }

  function show(a) {
    var url = new URL(a.href, location.href);
    fetchPage(url.href).then(function (doc) {
      if (current !== a) return;
      hide();
      popover = document.createElement("div");
      popover.className = "vault-preview md-typeset";
      popover.setAttribute("role", "tooltip");
      popover.appendChild(excerpt(doc, url.hash));
      document.body.appendChild(popover);
      var r = a.getBoundingClientRect();
      var top = window.scrollY + r.bottom + 6;
      var left = Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - popover.offsetWidth - 12);
      if (r.bottom + popover.offsetHeight + 12 > window.innerHeight && r.top > popover.offsetHeight + 12) top = window.scrollY + r.top - popover.offsetHeight - 6;
      popover.style.top = top + "px";
      popover.style.left = Math.max(window.scrollX + 8, left) + "px";
      if (window.MathJax && window.MathJax.typesetPromise) window.MathJax.typesetPromise([popover]);
      popover.addEventListener("mouseenter", function () { clearTimeout(timer); });
      popover.addEventListener("mouseleave", schedulehide);
    }).catch(function () { /* no preview for this link */ });
  }

  function hide() { if (popover) { popover.remove(); popover = null; } }
  function schedulehide() { clearTimeout(timer); timer = setTimeout(function () { current = null; hide(); }, 300); }

  function onEnter(ev) {
    var a = ev.target.closest && ev.target.closest("a[href]");
    if (!a || !isInternal(a)) return;
    if (!a.closest("article, .vault-preview")) return;
    if (popover && popover.contains(a) && current === a) return;
    clearTimeout(timer);
    current = a;
    timer = setTimeout(function () { show(a); }, 350);
  }

  function onLeave(ev) {
    var a = ev.target.closest && ev.target.closest("a[href]");
    if (a && a === current) schedulehide();
  }

  if (canHover) {
    document.addEventListener("mouseover", onEnter);
    document.addEventListener("mouseout", onLeave);
  }
  document.addEventListener("focusin", onEnter);
  document.addEventListener("focusout", onLeave);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { current = null; hide(); } });

  /* ---------- wiring ---------- */

  function onPage() {
    current = null; hide();
    graphPage();
    localGraph();
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
