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

  // Our own files, next to this script (assets/vault/), wherever the site is served from.
  var HERE = document.currentScript ? document.currentScript.src : new URL("assets/vault/vault.js", ROOT).href;

  /* ---------- mermaid, shipped with the plugin and loaded by the pages that draw a diagram ----------
   * Material renders every `pre.mermaid` itself, after calling mermaid.initialize (its palette-aware
   * theme) and mermaid.render; it fetches mermaid from unpkg only when `mermaid` is undefined. This
   * stand-in defines it: it keeps Material's settings, and the first render loads
   * vendor/mermaid.min.js (3.5 MB, fetched only by a page with a diagram, then cached), which
   * replaces the stand-in with the real library. A site that loads its own mermaid first keeps it. */
  if (typeof window.mermaid === "undefined") {
    var mermaidSettings = null, mermaidLoading = null;
    var loadMermaid = function () {
      if (!mermaidLoading) {
        mermaidLoading = new Promise(function (resolve, reject) {
          var s = document.createElement("script");
          s.src = new URL("vendor/mermaid.min.js", HERE).href;
          s.async = true;
          s.onload = function () {
            var real = window.mermaid;
            if (!real || typeof real.render !== "function") { reject(new Error("mermaid did not load")); return; }
            if (mermaidSettings) real.initialize(mermaidSettings);
            resolve(real);
          };
          s.onerror = function () { mermaidLoading = null; reject(new Error("mermaid could not be loaded")); };
          document.head.appendChild(s);
        });
      }
      return mermaidLoading;
    };
    window.mermaid = {
      vaultStandIn: true,
      initialize: function (settings) { mermaidSettings = settings; },
      render: function () {
        var args = arguments;
        return loadMermaid().then(function (real) { return real.render.apply(real, args); });
      },
      run: function () {
        var args = arguments;
        return loadMermaid().then(function (real) { return real.run.apply(real, args); });
      },
    };
  }

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
    var scheme = document.body.getAttribute("data-md-color-scheme");
    return {
      fg: cs.getPropertyValue("--md-default-fg-color").trim() || "#333",
      light: cs.getPropertyValue("--md-default-fg-color--lighter").trim() || "#bbb",
      lightest: cs.getPropertyValue("--md-default-fg-color--lightest").trim() || "#eee",
      accent: cs.getPropertyValue("--md-accent-fg-color").trim() || "#f50",
      bg: cs.getPropertyValue("--md-default-bg-color").trim() || "#fff",
      font: cs.fontFamily || "sans-serif",
      dark: scheme ? scheme !== "default" : !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches),
    };
  }

  // `colour` (any CSS colour) with its opacity multiplied by `factor`
  var fadeCtx = null;
  function fade(colour, factor) {
    if (factor >= 1) return colour;
    fadeCtx = fadeCtx || document.createElement("canvas").getContext("2d");
    fadeCtx.fillStyle = "#000"; fadeCtx.fillStyle = colour;
    var v = fadeCtx.fillStyle, m;  // "#rrggbb" or "rgba(r, g, b, a)"
    if (v.charAt(0) === "#") return "rgba(" + parseInt(v.slice(1, 3), 16) + "," + parseInt(v.slice(3, 5), 16) + "," + parseInt(v.slice(5, 7), 16) + "," + factor + ")";
    m = v.match(/rgba?\(([^)]*)\)/);
    if (!m) return colour;
    var p = m[1].split(",");
    return "rgba(" + p[0] + "," + p[1] + "," + p[2] + "," + (p.length > 3 ? parseFloat(p[3]) : 1) * factor + ")";
  }

  /* ---------- colours of the groups (folders or tags), and their legend ---------- */

  function groupKey(n, how) {
    if (how === "tag") return n.tags && n.tags.length ? n.tags[0] : "";
    var f = n.folder || "", i = f.indexOf("/");
    return i < 0 ? f : f.slice(0, i);  // the top-level folder
  }

  function groupLabel(key, how) {
    if (!key) return how === "tag" ? "no tag" : "top level";
    return how === "tag" ? "#" + key : key;
  }

  // As many colours as there are groups: hues a golden angle apart, in three lightness bands,
  // the biggest groups first (they get the most distinct hues). Notes outside any group are grey.
  function palette(nodes, how, dark) {
    var counts = new Map();
    nodes.forEach(function (n) { var k = groupKey(n, how); counts.set(k, (counts.get(k) || 0) + 1); });
    var keys = Array.from(counts.keys()).sort(function (a, b) { return counts.get(b) - counts.get(a) || (a < b ? -1 : a > b ? 1 : 0); });
    var groups = new Map(), i = 0;
    keys.forEach(function (k) {
      var colour = k ? "hsl(" + Math.round((i * 137.508 + 210) % 360) + "," + (dark ? 60 : 65) + "%," + ([52, 40, 64][Math.floor(i / 7) % 3] + (dark ? 8 : 0)) + "%)" : dark ? "#8a8a99" : "#9e9e9e";
      if (k) i++;
      groups.set(k, { colour: colour, count: counts.get(k), label: groupLabel(k, how) });
    });
    return { how: how, keys: keys, groups: groups, of: function (n) { return groups.get(groupKey(n, how)).colour; } };
  }

  // The legend: a swatch, the group's name and its count, as text; with onPick, each is a button.
  function fillLegend(list, pal, onPick) {
    while (list.firstChild) list.removeChild(list.firstChild);
    pal.keys.forEach(function (k) {
      var g = pal.groups.get(k);
      var li = document.createElement("li");
      var item = document.createElement(onPick ? "button" : "span");
      if (onPick) {
        item.type = "button";
        item.title = "Show only " + g.label;
        item.addEventListener("click", function () { onPick(k, pal.how); });
      }
      var swatch = document.createElement("span");
      swatch.className = "vault-graph-legend__swatch";
      swatch.style.background = g.colour;
      var name = document.createElement("span");
      name.textContent = g.label;
      var count = document.createElement("small");
      count.textContent = " " + g.count;
      item.appendChild(swatch); item.appendChild(name); item.appendChild(count);
      li.appendChild(item);
      list.appendChild(li);
    });
  }

  /* ---------- drawing one graph (the full page or a local graph) ---------- */

  var canHover = window.matchMedia ? !window.matchMedia("(hover: none)").matches : true;
  var LABEL_PX = 12;  // labels keep this size on the screen at every zoom

  function draw(container, nodes, links, opts) {
    if (typeof ForceGraph !== "function") return null;
    var c = colours();
    var pal = palette(nodes, opts.colourBy || "folder", c.dark);
    var focus = null;        // the hovered or keyboard-focused node: it and its neighbours are lit
    var pinned = false;      // focus came from the keyboard, a list or a tap: the pointer leaving keeps it
    var tapped = null;       // the note a first tap lit (a second tap opens it)
    var visible = opts.visible || function () { return true; };
    var filtering = opts.filtering || function () { return false; };
    var width = container.clientWidth || 600, height = container.clientHeight || 400;
    // The graph page starts from the positions laid out at build time (graph.json's x, y): no
    // simulation. Without them (a local graph, an older graph.json) d3's simulation lays it out,
    // and the graph page keeps the settled result in localStorage for the next visit.
    var built = !!opts.built && nodes.length > 0 && nodes.every(function (n) { return isFinite(n.x) && isFinite(n.y); });
    var saved = !built && opts.layoutKey ? loadLayout(opts.layoutKey) : null;
    var byId = new Map();
    var data = {
      nodes: nodes.map(function (n) {
        var node = { id: n.id, title: n.title, folder: n.folder, tags: n.tags, degree: n.degree, neighbours: n.neighbours };
        if (built) { node.x = n.x; node.y = n.y; }
        else if (saved && saved[n.id]) { node.x = saved[n.id][0]; node.y = saved[n.id][1]; }
        byId.set(n.id, node);
        return node;
      }),
      links: [],
    };
    links.forEach(function (l) {
      var s = byId.get(l.source), t = byId.get(l.target);
      if (s && t) data.links.push({ source: s, target: t });
    });
    // Labels: the hubs (most links) always; the others fade in as the reader zooms in, the
    // better-linked first. A local graph with few notes labels every one.
    var N = data.nodes.length;
    data.nodes.slice().sort(function (a, b) { return b.degree - a.degree || (a.title < b.title ? -1 : 1); })
      .forEach(function (n, i) { n.rank = i / Math.max(1, N); });
    var hubShare = opts.small ? (N <= 24 ? 1 : 0.35) : Math.min(0.25, Math.max(6 / Math.max(1, N), 0.06));
    var baseZoom = null;  // the zoom that frames the whole graph: "default zoom"
    var radius = function (n) {
      return Math.sqrt(1 + Math.sqrt(n.degree)) * (opts.small ? 3 : 2.5) * (n.id === opts.current ? 1.4 : 1);
    };
    var settled = built || (!!saved && data.nodes.every(function (n) { return n.x !== undefined; }));
    var labelled = false;
    var hoverStart = 0;
    // A big graph is too slow to draw in full at every frame of a pan or zoom. While the view
    // moves, each frame shows the last full frame, moved and scaled (a copy kept in `snap`); the
    // full drawing comes back 150 ms after the view stops. Graphs that draw in under SLOW_MS are
    // drawn in full at every frame.
    var SLOW_MS = 12;
    var frameMs = 0, frameStart = 0;
    var moving = false, movingTimer = null;
    var snap = null, snapAt = null;  // the copy, and the view {k, x, y} it was drawn at
    var pointer = null;  // the pointer in graph coordinates: notes near it are labelled

    function lit(n) { return !focus || n === focus || focus.neighbours.has(n.id); }
    var NEAR_PX = 70;  // notes this close to the pointer (on the screen) are labelled
    function near(n, k) {
      if (!pointer) return false;
      var dx = (n.x - pointer.x) * k, dy = (n.y - pointer.y) * k;
      return dx * dx + dy * dy < NEAR_PX * NEAR_PX;
    }
    function labelAlpha(n, k) {
      if (focus) return lit(n) ? 1 : 0;
      if (n.id === opts.current || n.rank < hubShare || near(n, k)) return 1;
      if (filtering() && container.getAttribute("data-visible") && +container.getAttribute("data-visible") <= 200) return 1;
      var zoomed = baseZoom ? k / baseZoom : 1;
      var share = hubShare * zoomed * zoomed;  // twice the zoom: four times as many labels
      return Math.max(0, Math.min(1, (share - n.rank) / 0.08));
    }
    function redraw() { g.nodeColor(g.nodeColor()); }  // asks force-graph for one frame, paused or not
    function setFocus(n, pin) {
      if (n && !visible(n)) n = null;
      pinned = !!(n && pin);
      if (n === focus) return;
      focus = n;
      hoverStart = performance.now();
      container.setAttribute("data-hover", n ? n.id : "");
      if (opts.onFocus) opts.onFocus(n);
      redraw();
    }
    function tip(n) {
      var box = document.createElement("div");
      var t = document.createElement("strong");
      t.textContent = n.title;
      var sub = document.createElement("div");
      sub.className = "vault-graph-tip__meta";
      sub.textContent = (n.folder ? n.folder + " · " : "") + n.degree + (n.degree === 1 ? " link" : " links");
      box.appendChild(t); box.appendChild(sub);
      return box;
    }

    var g = ForceGraph()(container);
    if (built) {  // no forces: the build laid it out; dragging a note moves that note only
      g.d3Force("link", null).d3Force("charge", null).d3Force("center", null);
    }
    g.width(width).height(height)
      .graphData(data);
    g
      .backgroundColor("rgba(0,0,0,0)")
      .nodeId("id")
      .nodeLabel(function (n) { return canHover ? tip(n) : null; })  // an element of text: titles are never parsed as HTML
      .nodeVal(function (n) { return 1 + Math.sqrt(n.degree); })
      .nodeRelSize(opts.small ? 3 : 2.5)
      .nodeColor(function (n) { return pal.of(n); })
      .nodeVisibility(function (n) { return (built || !moving) && visible(n); })  // a built graph's notes are painted by paintNodes: this keeps their hit areas
      .linkVisibility(function (l) { return !built && !moving && visible(l.source) && visible(l.target); })
      .linkColor(function (l) {
        if (!focus) return c.light;
        return l.source === focus || l.target === focus ? c.accent : c.lightest;
      })
      .linkWidth(function (l) { return focus && (l.source === focus || l.target === focus) ? 1.6 : 0.6; })
      .cooldownTicks(settled ? 0 : opts.small ? 120 : 200)  // a built or saved layout starts settled
      .d3AlphaDecay(opts.small ? 0.03 : 0.05)
      .warmupTicks(settled || opts.small ? 0 : 20)
      .minZoom(0.05).maxZoom(40)
      .onNodeHover(function (n) {
        container.style.cursor = n ? "pointer" : "";
        if (n || !pinned) setFocus(n || null, false);
      })
      .onNodeClick(function (n, ev) {
        // on a touch screen the first tap lights the note and its neighbours; the second opens it
        var touch = ev && ev.pointerType ? ev.pointerType !== "mouse" : !canHover;
        if (touch && tapped !== n) { tapped = n; setFocus(n, true); return; }
        location.assign(urlOf(n.id));
      })
      .onBackgroundClick(function () { tapped = null; setFocus(null, false); })
      .onNodeDragEnd(function () { if (opts.layoutKey && !built) saveLayout(opts.layoutKey, data.nodes); })
      .onRenderFramePre(function (ctx, k) {
        drawn = 0; labels = 0;
        frameStart = performance.now();
        if (moving) drawSnapshot(ctx);
        else if (built) { paintLinks(ctx, k); paintNodes(ctx, k); }
      })
      .onRenderFramePost(function (ctx, k) {
        container.vaultFrames = (container.vaultFrames || 0) + 1;  // frames drawn (bench/bench_graph.py)
        if (moving) return;
        drawLabels(ctx, k);
        // a built graph's frame is kept every time: copying it makes the canvas draw now (it
        // records, and draws later), so frameMs counts the drawing too
        if (built) keepSnapshot(ctx);
        frameMs = performance.now() - frameStart;
        if (!built && frameMs > SLOW_MS) keepSnapshot(ctx);
        container.setAttribute("data-drawn", String(drawn));
        container.setAttribute("data-ready", "1");
        if (labels && !labelled) {
          labelled = true;
          container.setAttribute("data-labelled", "1");
          if (performance.mark) performance.mark("vault-graph-labelled:" + (opts.small ? "local" : "page"));
        }
        if (hoverStart) {
          if (performance.measure) performance.measure("vault-graph-hover", { start: hoverStart, end: performance.now() });
          hoverStart = 0;
        }
      })
      .nodeCanvasObject(function (n, ctx, k) {
        if (built) return;  // drawn by paintNodes, all of a colour at once
        drawn++;
        var r = radius(n);
        var on = lit(n);
        ctx.globalAlpha = on ? 1 : 0.15;
        ctx.beginPath(); ctx.arc(n.x, n.y, r, 0, 2 * Math.PI);
        ctx.fillStyle = n.id === opts.current ? c.accent : pal.of(n);
        ctx.fill();
        if (n.id === opts.current || n === focus) {  // a ring: the note being read, or the one in focus
          ctx.lineWidth = 2 / k; ctx.strokeStyle = c.fg; ctx.stroke();
        }
        ctx.globalAlpha = 1;
      })
      .linkPointerAreaPaint(function () { /* links are not hoverable: skip their hit canvas */ })
      .nodePointerAreaPaint(function (n, colour, ctx) {
        var r = radius(n) + 2;
        ctx.fillStyle = colour; ctx.beginPath(); ctx.arc(n.x, n.y, r, 0, 2 * Math.PI); ctx.fill();
      });
    var drawn = 0, labels = 0;

    // A built layout's links, drawn here rather than by force-graph (which styles each link on its
    // own): one path for all the faint ones, then the lit ones over them. Links with both ends
    // off the screen on one side are skipped; the more links, the fainter each.
    function paintLinks(ctx, k) {
      var tl = g.screen2GraphCoords(0, 0), br = g.screen2GraphCoords(g.width(), g.height());
      var lit = [], faint = 0;
      ctx.save();
      ctx.lineWidth = 0.6 / k;
      ctx.strokeStyle = focus ? linkColourFaded : linkColour;
      ctx.beginPath();
      for (var i = 0; i < data.links.length; i++) {
        var l = data.links[i], a = l.source, b = l.target;
        if ((a.x < tl.x && b.x < tl.x) || (a.x > br.x && b.x > br.x) || (a.y < tl.y && b.y < tl.y) || (a.y > br.y && b.y > br.y)) continue;
        if (!visible(a) || !visible(b)) continue;
        if (focus && (a === focus || b === focus)) { lit.push(l); continue; }
        ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y);
        faint++;
      }
      if (faint) ctx.stroke();
      if (lit.length) {
        ctx.lineWidth = 1.6 / k; ctx.strokeStyle = c.accent;
        ctx.beginPath();
        lit.forEach(function (l) { ctx.moveTo(l.source.x, l.source.y); ctx.lineTo(l.target.x, l.target.y); });
        ctx.stroke();
      }
      ctx.restore();
    }
    // A built layout's notes, the notes of one colour (and opacity) as one path: a few fills
    // rather than one per note. Notes off the screen are skipped.
    function paintNodes(ctx, k) {
      var tl = g.screen2GraphCoords(0, 0), br = g.screen2GraphCoords(g.width(), g.height());
      var groups = new Map(), ringed = [];
      for (var i = 0; i < data.nodes.length; i++) {
        var n = data.nodes[i], r = radius(n);
        if (!visible(n) || n.x + r < tl.x || n.x - r > br.x || n.y + r < tl.y || n.y - r > br.y) continue;
        drawn++;
        var key = (n.id === opts.current ? c.accent : pal.of(n)) + (lit(n) ? "" : " faded");
        var list = groups.get(key);
        if (!list) groups.set(key, list = []);
        list.push(n);
        if (n.id === opts.current || n === focus) ringed.push(n);
      }
      ctx.save();
      groups.forEach(function (list, key) {
        var faded = / faded$/.test(key);
        ctx.globalAlpha = faded ? 0.15 : 1;
        ctx.fillStyle = faded ? key.slice(0, -6) : key;
        ctx.beginPath();
        list.forEach(function (n) { var r = radius(n); ctx.moveTo(n.x + r, n.y); ctx.arc(n.x, n.y, r, 0, 2 * Math.PI); });
        ctx.fill();
      });
      ctx.globalAlpha = 1; ctx.lineWidth = 2 / k; ctx.strokeStyle = c.fg;  // a ring: the note being read, or the one in focus
      ringed.forEach(function (n) { ctx.beginPath(); ctx.arc(n.x, n.y, radius(n), 0, 2 * Math.PI); ctx.stroke(); });
      ctx.restore();
    }
    var linkShare = Math.max(0.05, Math.min(1, 3000 / Math.max(1, data.links.length)));
    var linkColour = fade(c.light, linkShare), linkColourFaded = fade(c.lightest, linkShare);

    function view() { var o = g.graph2ScreenCoords(0, 0); return { k: g.zoom(), x: o.x, y: o.y }; }
    // the full frame just drawn, kept to stand in for the next frames while the view moves
    function keepSnapshot(ctx) {
      var canvas = ctx.canvas;
      if (!snap) snap = document.createElement("canvas");
      if (snap.width !== canvas.width || snap.height !== canvas.height) { snap.width = canvas.width; snap.height = canvas.height; }
      var sc = snap.getContext("2d");
      sc.clearRect(0, 0, snap.width, snap.height);
      sc.drawImage(canvas, 0, 0);
      snapAt = view();
    }
    // the kept frame where its graph now is: scaled by the zoom since, moved by the pan since
    function drawSnapshot(ctx) {
      if (!snap || !snapAt) return;
      var now = view(), s = now.k / snapAt.k, dpr = window.devicePixelRatio || 1;
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(snap, dpr * (now.x - s * snapAt.x), dpr * (now.y - s * snapAt.y), snap.width * s, snap.height * s);
      ctx.restore();
    }
    // the view moved (pan, wheel, a framing tween): a slow graph shows its kept frame until it stops
    g.onZoom(function () {
      if (frameMs <= SLOW_MS || !snap) return;
      moving = true;
      clearTimeout(movingTimer);
      movingTimer = setTimeout(function () { moving = false; redraw(); }, 150);
    });

    // Labels go on top of every node, in order of importance (the note in focus, the current
    // note, then the best linked); a label that would overlap one already drawn is left out, so
    // what is shown can be read.
    function priority(n, k) {
      return n === focus ? -3 : n.id === opts.current ? -2 : focus && lit(n) ? -1 + n.rank / 2 : near(n, k) ? -0.5 + n.rank / 4 : n.rank;
    }
    function drawLabels(ctx, k) {
      var size = LABEL_PX / k, pad = 2 / k;
      var tl = g.screen2GraphCoords(0, 0), br = g.screen2GraphCoords(g.width(), g.height());
      var todo = [];
      data.nodes.forEach(function (n) {
        if (n.x === undefined || !visible(n)) return;
        if (n.x < tl.x - 200 / k || n.x > br.x + 200 / k || n.y < tl.y - 40 / k || n.y > br.y) return;
        var a = labelAlpha(n, k);
        if (a > 0.02) todo.push({ n: n, a: a, p: priority(n, k) });
      });
      todo.sort(function (x, y) { return x.p - y.p; });
      if (todo.length > 600) todo.length = 600;
      var boxes = [];
      ctx.save();
      ctx.textAlign = "center"; ctx.textBaseline = "top"; ctx.lineJoin = "round";
      ctx.lineWidth = 3 / k; ctx.strokeStyle = c.bg; ctx.fillStyle = c.fg;
      todo.forEach(function (t) {
        var n = t.n, strong = n === focus || n.id === opts.current;
        ctx.font = (strong ? "600 " : "") + LABEL_PX + "px " + c.font;
        if (n.labelWidth === undefined || strong !== n.labelStrong) { n.labelWidth = ctx.measureText(n.title).width; n.labelStrong = strong; }
        var w = n.labelWidth / k, y = n.y + radius(n) + pad;
        var box = [n.x - w / 2 - pad, y, n.x + w / 2 + pad, y + size * 1.25];
        if (t.p >= -1.9) {
          for (var i = 0; i < boxes.length; i++) {
            var b = boxes[i];
            if (box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]) return;
          }
        }
        boxes.push(box);
        ctx.font = (strong ? "600 " : "") + size + "px " + c.font;
        ctx.globalAlpha = t.a;
        ctx.strokeText(n.title, n.x, y);  // a halo in the background colour keeps it readable over links
        ctx.fillText(n.title, n.x, y);
        labels++;
      });
      ctx.restore();
    }

    function frame(ms, pad, only) {
      var box = g.getGraphBbox(only);
      if (!box) return;
      var w = g.width(), h = g.height();
      // the zoom zoomToFit gives (its padding is in screen pixels)
      var k = Math.min(Math.max(1, w - 2 * pad) / Math.max(1, box.x[1] - box.x[0]), Math.max(1, h - 2 * pad) / Math.max(1, box.y[1] - box.y[0]));
      var most = opts.small ? 2 : 4;  // a few notes are not blown up to fill the frame
      if (!only) baseZoom = Math.min(k, most);
      if (k <= most) { g.zoomToFit(ms, pad, only); return; }
      g.centerAt((box.x[0] + box.x[1]) / 2, (box.y[0] + box.y[1]) / 2, ms);
      g.zoom(most, ms);
    }
    // more room between notes than d3's defaults: labels need it
    if (!built) {
      g.d3Force("charge").strength(opts.small ? -160 : -70);
      g.d3Force("link").distance(opts.small ? 55 : 40);
    }
    var fitted = false;  // frame the layout once it has settled; later moves are the reader's
    if (built) { fitted = true; frame(0, 40); }  // framed before the first frame
    g.onEngineStop(function () {
      container.setAttribute("data-settled", "1");
      if (fitted) return;
      fitted = true;
      frame(settled ? 0 : 400, opts.small ? 20 : 40);
      g.cooldownTicks(opts.small ? 120 : 200);  // dragging a node re-runs the layout from here on
      if (opts.layoutKey && !settled) saveLayout(opts.layoutKey, data.nodes);
      if (built) g.cooldownTicks(30);  // after a drag: no forces, the dragged note just stops
    });

    // Zoom: d3's wheel step (a factor of 1.15 per notch, 10 times that with a pinch) is too
    // sensitive for a graph; this one takes half of it, about the pointer.
    container.addEventListener("wheel", function (e) {
      e.preventDefault(); e.stopPropagation();
      var k = g.zoom();
      var step = -e.deltaY * (e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002) * (e.ctrlKey ? 3 : 1);
      var k2 = Math.max(0.05, Math.min(40, k * Math.pow(2, step * 0.5)));
      var rect = container.getBoundingClientRect();
      var p = g.screen2GraphCoords(e.clientX - rect.left, e.clientY - rect.top);
      var centre = g.centerAt();
      g.zoom(k2);
      g.centerAt(p.x - (p.x - centre.x) * k / k2, p.y - (p.y - centre.y) * k / k2);
    }, { capture: true, passive: false });

    // The pointer left the graph: nothing stays lit unless the keyboard or a tap chose it.
    container.addEventListener("pointerleave", function () {
      if (pointer) { pointer = null; redraw(); }
      if (!pinned) setFocus(null, false);
    });
    // The notes near the pointer get labels (a mouse's pointer: a touch has no hover), once it rests.
    var pointerTimer = null;
    container.addEventListener("pointermove", function (e) {
      if (e.pointerType && e.pointerType !== "mouse") return;
      var rect = container.getBoundingClientRect();
      var p = g.screen2GraphCoords(e.clientX - rect.left, e.clientY - rect.top);
      clearTimeout(pointerTimer);
      pointerTimer = setTimeout(function () { pointer = p; redraw(); }, 80);
    });

    // Keyboard: the graph takes focus; the arrow keys move through the visible notes (the current
    // note first, then by title), Enter opens the note in focus, Escape lets it go.
    var status = document.createElement("p");
    status.className = "vault-sr-only";
    status.setAttribute("aria-live", "polite");
    container.parentNode.insertBefore(status, container.nextSibling);
    container.tabIndex = 0;
    container.setAttribute("role", "application");
    container.setAttribute("aria-roledescription", "graph");
    container.setAttribute("aria-label", (opts.small ? "Local graph, " : "Graph of the notes, ") + "arrow keys move between notes, Enter opens one");
    function order() {
      return data.nodes.filter(visible).sort(function (a, b) {
        return (b.id === opts.current) - (a.id === opts.current) || a.title.localeCompare(b.title);
      });
    }
    function focusNode(n, centre) {
      setFocus(n, true);
      if (!n) { status.textContent = ""; return; }
      status.textContent = n.title + ", " + n.degree + (n.degree === 1 ? " link" : " links");
      if (centre) g.centerAt(n.x, n.y, 300);
    }
    container.addEventListener("keydown", function (e) {
      var list, i;
      if (e.key === "ArrowRight" || e.key === "ArrowDown" || e.key === "ArrowLeft" || e.key === "ArrowUp") {
        list = order();
        if (!list.length) return;
        i = focus ? list.indexOf(focus) : -1;
        i = e.key === "ArrowRight" || e.key === "ArrowDown" ? (i + 1) % list.length : (i <= 0 ? list.length : i) - 1;
        focusNode(list[i], true);
        e.preventDefault();
      } else if (e.key === "Enter" && focus) {
        location.assign(urlOf(focus.id));
      } else if (e.key === "Escape" && focus) {
        focusNode(null);
      } else if (e.key === "+" || e.key === "=" || e.key === "-") {
        g.zoom(g.zoom() * (e.key === "-" ? 1 / 1.25 : 1.25), 200);
      }
    });
    container.addEventListener("blur", function () { if (pinned) focusNode(null); });

    function recolour() { pal = palette(nodes, pal.how, c.dark); if (opts.onPalette) opts.onPalette(pal); redraw(); }
    var obs = new MutationObserver(function () { c = colours(); linkColour = fade(c.light, linkShare); linkColourFaded = fade(c.lightest, linkShare); recolour(); });
    obs.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    var ro = new ResizeObserver(function () { g.width(container.clientWidth).height(container.clientHeight); });
    ro.observe(container);
    container.setAttribute("data-nodes", String(data.nodes.length));
    container.setAttribute("data-layout", built ? "build" : settled ? "saved" : "computed");
    container.vaultGraph = g;  // for scripts and tests that need the instance (screen positions)
    if (opts.onPalette) opts.onPalette(pal);
    return {
      graph: g,
      byId: function (id) { return data.nodes.find(function (n) { return n.id === id; }) || null; },
      focus: focusNode,
      setColourBy: function (how) { pal = palette(nodes, how, c.dark); recolour(); },
      // after the filter changed: a lit note that is now hidden lets go; the matches are framed
      refilter: function (framed) {
        if (focus && !visible(focus)) focusNode(null);
        redraw();
        if (framed && fitted) {
          var any = data.nodes.some(visible);
          if (any) frame(500, 60, filtering() ? visible : undefined);
        }
      },
    };
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

  // The canvas takes the rest of the window below it (at least 20rem), so the page never scrolls
  // to show the graph.
  function fitHeight(el) {
    var top = el.getBoundingClientRect().top + window.scrollY;
    var rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    el.style.height = Math.max(20 * rem, window.innerHeight - top - 0.8 * rem) + "px";
  }

  function graphPage() {
    var el = document.getElementById("vault-graph");
    if (!el || el.getAttribute("data-started")) return;
    el.setAttribute("data-started", "1");
    fitHeight(el);
    window.addEventListener("resize", function () { if (el.isConnected) fitHeight(el); });
    var legend = document.getElementById("vault-graph-legend");
    if (legend && window.matchMedia && window.matchMedia("(min-width: 45em)").matches) legend.open = true;
    loadGraph().then(function (G) {
      var filter = document.getElementById("vault-graph-filter");
      var colourBy = document.getElementById("vault-graph-colour");
      var results = document.getElementById("vault-graph-results");
      var legendList = legend ? legend.querySelector("ul") : null;
      var query = "";
      function matches(n) {
        if (!query) return true;
        if (query.charAt(0) === "#") return (n.tags || []).some(function (t) { return t.toLowerCase().indexOf(query.slice(1)) === 0; });
        return n.title.toLowerCase().indexOf(query) >= 0 || (n.folder || "").toLowerCase().indexOf(query) >= 0;
      }
      function setQuery(text) {
        if (filter) filter.value = text;
        query = text.trim().toLowerCase();
        update();
      }
      var view = draw(el, G.nodes, G.links, {
        visible: matches,
        filtering: function () { return !!query; },
        colourBy: colourBy ? colourBy.value : "folder",
        layoutKey: graphKey(G),
        built: true,
        onPalette: function (pal) {
          if (legendList) fillLegend(legendList, pal, function (key, how) { setQuery(how === "tag" ? "#" + key : key); });
        },
      });
      if (!view) return;
      // The matches as links, for the keyboard: Tab or ArrowDown from the box reaches them,
      // focusing one lights it in the graph, Enter opens it.
      function listMatches() {
        if (!results) return;
        while (results.firstChild) results.removeChild(results.firstChild);
        if (!query) { results.hidden = true; return; }
        var found = G.nodes.filter(matches).sort(function (a, b) { return b.degree - a.degree || a.title.localeCompare(b.title); });
        found.slice(0, 50).forEach(function (n) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = urlOf(n.id);
          a.textContent = n.title;
          var on = function () { view.focus(view.byId(n.id), true); };
          a.addEventListener("focus", on);
          a.addEventListener("mouseenter", on);
          li.appendChild(a);
          results.appendChild(li);
        });
        if (!found.length) {
          var none = document.createElement("li");
          none.textContent = "No note matches.";
          results.appendChild(none);
        }
        results.hidden = false;
      }
      var framing = null;
      function update() {
        el.setAttribute("data-visible", String(G.nodes.filter(matches).length));
        listMatches();
        view.refilter(false);
        clearTimeout(framing);
        framing = setTimeout(function () { view.refilter(true); }, 250);  // frame the matches once typing pauses
      }
      el.setAttribute("data-visible", String(G.nodes.length));
      if (filter) {
        filter.addEventListener("input", function () { setQuery(filter.value); });
        filter.addEventListener("keydown", function (e) {
          var first = results && results.querySelector("a");
          if (e.key === "ArrowDown" && first) { first.focus(); e.preventDefault(); }
          if (e.key === "Escape") setQuery("");
        });
      }
      if (results) {
        results.addEventListener("keydown", function (e) {
          var links = Array.prototype.slice.call(results.querySelectorAll("a"));
          var i = links.indexOf(document.activeElement);
          if (i < 0) return;
          if (e.key === "ArrowDown" && i + 1 < links.length) { links[i + 1].focus(); e.preventDefault(); }
          if (e.key === "ArrowUp") { (i ? links[i - 1] : filter).focus(); e.preventDefault(); }
        });
      }
      if (colourBy) colourBy.addEventListener("change", function () { view.setColourBy(colourBy.value); });
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
      var legend = document.createElement("ul");
      legend.className = "vault-graph-legend vault-graph-legend--inline";
      legend.setAttribute("aria-label", "Colours: folders");
      section.appendChild(head); section.appendChild(box); section.appendChild(legend);
      // where the page asks for it (the target of its entry in the table of contents), else
      // before the linked mentions
      var anchor = article.querySelector(".vault-local-graph-anchor");
      var back = article.querySelector(".vault-backlinks");
      if (anchor) anchor.parentNode.insertBefore(section, anchor.nextSibling);
      else article.insertBefore(section, back || null);
      var nodes = G.nodes.filter(function (n) { return keep.has(n.id); });
      var links = G.links.filter(function (l) { return keep.has(l.source) && keep.has(l.target); });
      draw(box, nodes, links, {
        small: true, current: id, colourBy: "folder",
        onPalette: function (pal) { fillLegend(legend, pal, null); },
      });
      button.addEventListener("click", function () {
        if (document.fullscreenElement) document.exitFullscreen();
        else if (section.requestFullscreen) section.requestFullscreen();
      });
    }).catch(function () { /* no graph.json: nothing to show */ });
  }

  /* ---------- hover previews ---------- */

  var pages = new Map();
  var popover = null, timer = null, current = null;

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
      // math in the preview: mathjax-config.js loads MathJax if this page had none of its own
      if (window.vaultTypeset) window.vaultTypeset(popover);
      else if (window.MathJax && window.MathJax.typesetPromise) window.MathJax.typesetPromise([popover]);
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
