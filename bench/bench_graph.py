"""Benchmark the browser side: time to the graph page's first labelled frame and frames per second while panning and zooming in headless chromium, and
the site's total size per note.

    python bench/bench_graph.py [--nodes 500 2000 5000] [--links-per-node 5] [--zipf] [--runs 3]
                                [--notes 200 800] [--vault-js FILE] [--skip-graph] [--skip-size]

    python bench/bench_graph.py --zipf --nodes 2000 10000 --links-per-node 10 --runs 5 --skip-size

Part 1 builds the ``basic`` fixture once, then for each N writes a synthetic ``graph.json`` of N
nodes (ids ``n/00001/`` ...; 20 folders) into the site root, with positions laid out by the
plugin's own ``core.graphlayout`` as a build would (its CPU time is printed). Without ``--zipf``:
~``--links-per-node`` links out of every node, most of them inside the node's folder, a few hubs.
With ``--zipf``: exactly N x ``--links-per-node`` distinct links, every target drawn from a Zipf
law (exponent 1; 60 % inside the source's folder, 40 % over the vault), as in real vaults: at
10,000 nodes and 100,000 links the top notes have thousands and hundreds of in-links. The site is
served on 127.0.0.1 and ``graph/`` opened in Debian's chromium (Playwright, no browser download,
software rendering: ``--disable-gpu``), each run in a fresh browser context (empty cache), after one
unmeasured warm-up run. Requests that leave 127.0.0.1 (MathJax from its CDN) are aborted.

Measured in each run, in the page (``performance.now()``, milliseconds since navigation start, by a
MutationObserver installed before any page script):

- *first labelled frame*: the first frame after which ``#vault-graph`` has ``data-ready="1"``,
  ``data-drawn`` equal to N (every node drawn) and ``data-labelled="1"`` (labels drawn);
- then *pan*: a mouse drag through Playwright (button held, started on the empty margin) moving in
  circles of 150 px for ``--seconds``; then *zoom*: one wheel event per animation frame, dispatched
  in the page at the centre, twenty steps in then twenty out, for as long (a wheel through
  Playwright waits for the renderer's acknowledgement: one event every other frame at best).
  Frames per second is the number of frames the graph drew (``vaultFrames``, counted by vault.js
  per drawn frame) divided by the time, with the longest gap between two drawn frames; the
  requestAnimationFrame rate over the same time is printed too.

Each N is run ``--runs`` times and the median is reported, with the load average. ``--vault-js FILE``
replaces ``assets/vault/vault.js`` in the built site only (to measure a modified copy; the
plugin's source is never touched).

``--webgl`` also opens a page that redraws N points and 10 N lines with plain WebGL (one draw call
each) at every frame under a moving pan and zoom, as a WebGL renderer such as sigma.js does, and
prints its frames per second and the WebGL renderer the browser gives (with ``--disable-gpu``:
SwiftShader, on the CPU).

Part 2 builds synthetic vaults (bench/synthetic_vault.py) of ``--notes`` sizes with the search and
vault plugins (execution off) and prints the site's total bytes per note, and per note the bytes of
the search index, of graph.json and of assets/vault/backlinks.json.

Prints Markdown tables and the load average (the machine may be shared: timings are noisy).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "plugins"))

from synthetic_vault import generate  # noqa: E402

from mkdocs_vault_kb.core.graph import with_layout  # noqa: E402
from mkdocs_vault_kb.core.graphlayout import LayoutCache  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]

# Installed before any script of the page: records the first labelled frame, and counts frames.
PROBE = """
(() => {
  const probe = window.__bench = { labelled: null, raf: 0, frameTimes: [] };
  const check = () => {
    const el = document.getElementById("vault-graph");
    if (!el || probe.labelled !== null) return;
    const d = el.dataset;
    if (d.ready === "1" && d.labelled === "1" && d.nodes && +d.drawn === +d.nodes) probe.labelled = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready", "data-drawn", "data-labelled"] });
  const tick = () => { probe.raf++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})();
"""

# Drawn frames and rAF callbacks between start() and stop(); the longest gap between drawn frames.
WINDOW = """
(what) => {
  const el = document.getElementById("vault-graph"), b = window.__bench;
  if (what === "start") { b.t0 = performance.now(); b.f0 = el.vaultFrames || 0; b.r0 = b.raf; b.gap = 0; b.last = b.t0;
    b.watch = true; const seen = el.vaultFrames || 0; let prev = seen;
    const w = () => { if (!b.watch) return; const now = performance.now(); if ((el.vaultFrames || 0) !== prev) { b.gap = Math.max(b.gap, now - b.last); b.last = now; prev = el.vaultFrames; } requestAnimationFrame(w); };
    requestAnimationFrame(w); return null; }
  b.watch = false;
  const t = performance.now() - b.t0;
  return { ms: t, frames: (el.vaultFrames || 0) - b.f0, raf: b.raf - b.r0, gap: Math.max(b.gap, performance.now() - b.last) };
}
"""


def loadavg() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


# ---------- part 1: the graph page ----------


def synthetic_graph(n: int, *, links_per_node: int = 5, folders: int = 20, seed: int = 0) -> dict:
    """A graph.json of ``n`` nodes in ``folders`` clusters; ~``links_per_node`` links out of each
    node, 80 % of them to a node of the same folder; a few hub nodes attract extra links."""
    rng = random.Random(seed)
    tags = [f"topic/t{k}" for k in range(30)] + ["bench", "level/basic", "level/advanced"]
    members: dict[str, list[str]] = {}
    nodes = []
    for i in range(n):
        folder = f"area{i % folders:02d}"
        nid = f"n/{i:05d}/"
        members.setdefault(folder, []).append(nid)
        nodes.append({"id": nid, "title": f"Note {i:05d}", "path": f"{folder}/Note {i:05d}.md", "folder": folder,
                      "tags": rng.sample(tags, rng.randint(0, 3))})
    hubs = [nodes[i]["id"] for i in range(0, n, max(1, n // 50))]
    links, seen = [], set()
    for node in nodes:
        same = members[node["folder"]]
        for _ in range(max(0, round(rng.gauss(links_per_node, 1.5)))):
            r = rng.random()
            target = rng.choice(same) if r < 0.8 else rng.choice(hubs) if r < 0.9 else nodes[rng.randrange(n)]["id"]
            if target != node["id"] and (node["id"], target) not in seen:
                seen.add((node["id"], target))
                links.append({"source": node["id"], "target": target, "kinds": ["link"]})
    return {"directed": True, "multigraph": False, "graph": {}, "nodes": nodes, "links": links}


def zipf_graph(n: int, m: int, *, folders: int = 20, exponent: float = 1.0, local: float = 0.6, seed: int = 0) -> dict:
    """A graph.json of ``n`` nodes in ``folders`` folders and ``m`` distinct links (no self-links);
    each target is drawn from a Zipf law over a random ranking of the notes: with probability
    ``local`` of the source's own folder, else of the whole vault."""
    import numpy as np

    rng = np.random.default_rng(seed)
    size = -(-n // folders)
    tags = [f"topic/t{k}" for k in range(30)]
    nodes = [{"id": f"n/{i:05d}/", "title": f"Note {i:05d}", "path": f"area{i % folders:02d}/Note {i:05d}.md",
              "folder": f"area{i % folders:02d}", "tags": [tags[i % 30]]} for i in range(n)]
    everywhere = rng.permutation(n)  # rank -> note
    per_folder = np.array([rng.permutation(size) for _ in range(folders)])  # folder, rank -> k-th member

    def ranks(k: int, count: int) -> np.ndarray:
        w = 1.0 / np.arange(1, k + 1) ** exponent
        return rng.choice(k, size=count, p=w / w.sum())

    seen: set[tuple[int, int]] = set()
    links = []
    while len(links) < m:
        want = 2 * (m - len(links)) + 100
        src = rng.integers(0, n, size=want)
        inside = per_folder[src % folders, ranks(size, want)] * folders + src % folders
        tgt = np.where(rng.random(want) < local, inside, everywhere[ranks(n, want)])
        for a, b in zip(src.tolist(), tgt.tolist()):
            if a != b and b < n and (a, b) not in seen:
                seen.add((a, b))
                links.append({"source": nodes[a]["id"], "target": nodes[b]["id"], "kinds": ["link"]})
                if len(links) == m:
                    break
    return {"directed": True, "multigraph": False, "graph": {}, "nodes": nodes, "links": links}


def laid_out(data: dict) -> tuple[dict, float]:
    """``data`` with the positions a build gives it, and the CPU seconds the layout took."""
    t = time.process_time()
    out = with_layout(data, LayoutCache())
    return out, time.process_time() - t


def _drag(page, x: float, y: float, seconds: float) -> None:
    """Hold the button down at (x, y) and move in circles of 150 px for ``seconds``."""
    import math

    page.mouse.move(x, y)
    page.mouse.down()
    t0 = time.monotonic()
    a = 0.0
    while time.monotonic() - t0 < seconds:
        a += 0.05
        page.mouse.move(x + 150 * math.sin(a), y + 150 * (1 - math.cos(a)))
    page.mouse.up()


# One wheel event per animation frame, as a mouse wheel or touchpad sends them (a synthesised
# wheel through Playwright waits for the renderer's acknowledgement, one every other frame at best).
WHEEL = """
([x, y, ms]) => new Promise((done) => {
  const el = document.querySelector("#vault-graph canvas"), t0 = performance.now();
  let k = 0;
  const step = () => {
    if (performance.now() - t0 >= ms) { done(k); return; }
    el.dispatchEvent(new WheelEvent("wheel", { clientX: x, clientY: y, deltaY: (Math.floor(k / 20) % 2 ? 60 : -60), deltaMode: 0, bubbles: true, cancelable: true }));
    k++;
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})
"""


def _wheel(page, x: float, y: float, seconds: float) -> None:
    """Twenty wheel steps in, twenty out, one per frame, about (x, y), for ``seconds``."""
    page.mouse.move(x, y)
    page.evaluate(WHEEL, [x, y, seconds * 1000])


def one_run(browser, url: str, n: int, timeout_ms: int, seconds: float = 3.0) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort())
    context.add_init_script(PROBE)
    page = context.new_page()
    try:
        page.goto(url + "graph/", wait_until="commit")
        page.wait_for_function("window.__bench && window.__bench.labelled !== null", timeout=timeout_ms, polling=100)
        labelled = page.evaluate("window.__bench.labelled")
        timing = page.evaluate(
            """() => {
              const nav = performance.getEntriesByType('navigation')[0];
              const g = performance.getEntriesByType('resource').find(e => e.name.endsWith('/graph.json'));
              return { dcl: nav.domContentLoadedEventEnd, graphJson: g ? g.responseEnd : null };
            }"""
        )
        page.wait_for_timeout(1000)  # the first frame's framing tween, if any, is over
        box = page.locator("#vault-graph").bounding_box()
        page.evaluate(WINDOW, "start")
        _drag(page, box["x"] + 12, box["y"] + box["height"] / 2 - 75, seconds)  # the empty margin: a pan, not a node drag
        pan = page.evaluate(WINDOW, "stop")
        page.wait_for_timeout(500)
        page.evaluate(WINDOW, "start")
        _wheel(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, seconds)
        zoom = page.evaluate(WINDOW, "stop")
    finally:
        context.close()
    return {"labelled": labelled, **timing, "pan": pan, "zoom": zoom}


def _fps(w: dict) -> float:
    return w["frames"] / w["ms"] * 1000


def bench_graph(sizes: list[int], runs: int, vault_js: Path | None, tmp: Path, timeout_ms: int, *,
                zipf: bool = False, links_per_node: int = 5, seconds: float = 3.0) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from browser.conftest import serve
    from e2e.conftest import build

    url, httpd = serve(tmp / "site")
    build("basic", tmp, site_url=url)
    site = tmp / "site"
    if vault_js:
        shutil.copyfile(vault_js, site / "assets" / "vault" / "vault.js")
        print(f"using {vault_js} as assets/vault/vault.js", flush=True)

    def make(n: int) -> tuple[dict, float]:
        data = zipf_graph(n, n * links_per_node) if zipf else synthetic_graph(n, links_per_node=links_per_node)
        return laid_out(data)

    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            # one unmeasured run first: the first page of a fresh browser pays for cold caches
            (site / "graph.json").write_text(json.dumps(make(min(sizes))[0]), encoding="utf-8")
            one_run(browser, url, min(sizes), timeout_ms, seconds)
            for n in sizes:
                data, layout_cpu = make(n)
                (site / "graph.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
                size = (site / "graph.json").stat().st_size
                indeg: dict[str, int] = {}
                for link in data["links"]:
                    indeg[link["target"]] = indeg.get(link["target"], 0) + 1
                top = sorted(indeg.values(), reverse=True)[:3]
                print(f"N={n}: {len(data['links']):,} links, graph.json {size / 1024:,.0f} KiB, top in-degrees {top}, "
                      f"layout {layout_cpu:.2f} s CPU  load {loadavg()}", flush=True)
                results = []
                for k in range(runs):
                    r = one_run(browser, url, n, timeout_ms, seconds)
                    r["load"] = loadavg()
                    results.append(r)
                    print(
                        f"N={n:5d} run {k + 1}: first labelled frame {r['labelled']:6.0f} ms (DOMContentLoaded {r['dcl']:5.0f}, "
                        f"graph.json received {r['graphJson'] or 0:5.0f})  pan {_fps(r['pan']):5.1f} fps (rAF "
                        f"{r['pan']['raf'] / r['pan']['ms'] * 1000:4.0f}/s, longest gap {r['pan']['gap']:4.0f} ms)  zoom "
                        f"{_fps(r['zoom']):5.1f} fps (longest gap {r['zoom']['gap']:4.0f} ms)  load {r['load']}",
                        flush=True,
                    )
                rows.append({
                    "n": n, "links": len(data["links"]), "bytes": size, "layout": layout_cpu, "top": top,
                    "labelled": statistics.median(r["labelled"] for r in results),
                    "all": [r["labelled"] for r in results],
                    "graphJson": statistics.median(r["graphJson"] or 0 for r in results),
                    "pan": statistics.median(_fps(r["pan"]) for r in results),
                    "panGap": statistics.median(r["pan"]["gap"] for r in results),
                    "zoom": statistics.median(_fps(r["zoom"]) for r in results),
                    "zoomGap": statistics.median(r["zoom"]["gap"] for r in results),
                    "loads": [r["load"] for r in results],
                })
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return rows


# ---------- WebGL in this browser: what a WebGL renderer (sigma.js and the like) could get ----------

# N random points and 10 N lines (targets skewed to a few points), drawn with one draw call each at
# every frame under a changing pan and zoom, as a WebGL graph renderer redraws; frames per second.
WEBGL_PAGE = """<!doctype html><html><body style="margin:0">
<canvas id="c" width="1246" height="547"></canvas><script>
const N = +location.hash.slice(1) || 10000, M = N * 10;
const c = document.getElementById('c'), gl = c.getContext('webgl', { antialias: false });
const info = gl && gl.getExtension('WEBGL_debug_renderer_info');
window.renderer = !gl ? 'no WebGL' : info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
let seed = 1; const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const xy = new Float32Array(N * 2); for (let i = 0; i < N * 2; i++) xy[i] = rnd() * 2 - 1;
const lines = new Float32Array(M * 4);
for (let i = 0; i < M; i++) { const a = Math.floor(rnd() * N), b = Math.floor(Math.pow(rnd(), 3) * N);
  lines.set([xy[2*a], xy[2*a+1], xy[2*b], xy[2*b+1]], i * 4); }
const vs = 'attribute vec2 p; uniform vec3 t; void main(){ gl_Position = vec4(p * t.z + t.xy, 0, 1); gl_PointSize = 4.0; }';
const fs = 'precision mediump float; uniform vec4 col; void main(){ gl_FragColor = col; }';
const sh = (type, src) => { const s = gl.createShader(type); gl.shaderSource(s, src); gl.compileShader(s); return s; };
const pr = gl.createProgram(); gl.attachShader(pr, sh(gl.VERTEX_SHADER, vs)); gl.attachShader(pr, sh(gl.FRAGMENT_SHADER, fs));
gl.linkProgram(pr); gl.useProgram(pr);
const lb = gl.createBuffer(); gl.bindBuffer(gl.ARRAY_BUFFER, lb); gl.bufferData(gl.ARRAY_BUFFER, lines, gl.STATIC_DRAW);
const pb = gl.createBuffer(); gl.bindBuffer(gl.ARRAY_BUFFER, pb); gl.bufferData(gl.ARRAY_BUFFER, xy, gl.STATIC_DRAW);
const loc = gl.getAttribLocation(pr, 'p'); gl.enableVertexAttribArray(loc);
const ut = gl.getUniformLocation(pr, 't'), uc = gl.getUniformLocation(pr, 'col');
gl.enable(gl.BLEND); gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
let frames = 0, t0 = null; window.result = null;
function frame(now) {
  if (t0 === null) t0 = now;
  const a = (now - t0) / 1000;
  gl.clearColor(1, 1, 1, 1); gl.clear(gl.COLOR_BUFFER_BIT);
  gl.uniform3f(ut, 0.3 * Math.sin(a), 0.3 * Math.cos(a), 0.9 + 0.3 * Math.sin(a * 2));
  gl.bindBuffer(gl.ARRAY_BUFFER, lb); gl.vertexAttribPointer(loc, 2, gl.FLOAT, false, 0, 0);
  gl.uniform4f(uc, 0, 0, 0, 0.05); gl.drawArrays(gl.LINES, 0, M * 2);
  gl.bindBuffer(gl.ARRAY_BUFFER, pb); gl.vertexAttribPointer(loc, 2, gl.FLOAT, false, 0, 0);
  gl.uniform4f(uc, 0.2, 0.4, 0.8, 1); gl.drawArrays(gl.POINTS, 0, N);
  frames++;
  if (now - t0 < 3000) requestAnimationFrame(frame); else window.result = frames / (now - t0) * 1000;
}
if (gl) requestAnimationFrame(frame); else window.result = 0;
</script></body></html>
"""


def bench_webgl(sizes: list[int], runs: int, tmp: Path) -> None:
    """Print the WebGL renderer this browser gives and the frames per second of a plain WebGL
    redraw of N points and 10 N lines at every frame (median of ``runs``)."""
    from playwright.sync_api import sync_playwright

    from browser.conftest import serve

    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "index.html").write_text(WEBGL_PAGE, encoding="utf-8")
    url, httpd = serve(tmp)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for n in sizes:
                fps = []
                for _ in range(runs):
                    page = browser.new_page(viewport={"width": 1280, "height": 800})
                    page.goto(f"{url}index.html#{n}")
                    page.wait_for_function("window.result !== null", timeout=120000, polling=200)
                    fps.append(page.evaluate("window.result"))
                    renderer = page.evaluate("window.renderer")
                    page.close()
                print(f"WebGL, {n:,} points and {10 * n:,} lines redrawn every frame: {statistics.median(fps):.1f} fps "
                      f"(median of {runs}: {', '.join(f'{x:.1f}' for x in fps)}); renderer: {renderer}; load {loadavg()}", flush=True)
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()


# ---------- part 2: size per note ----------


def _between(text: bytes, start: bytes, end: bytes) -> int:
    """Bytes of ``text`` from ``start`` up to ``end`` (Material's tabs, primary sidebar), 0 if absent."""
    i = text.find(start)
    j = text.find(end, i + 1) if i >= 0 else -1
    return j - i if j > i else 0


def bench_size(notes: list[int], tmp: Path) -> list[dict]:
    rows = []
    for n in notes:
        work = tmp / f"size{n}"
        docs, site = work / "vault", work / "site"
        generate(docs, n)
        cfg = work / "mkdocs.yml"
        cfg.write_text(
            f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs}\nsite_dir: {site}\n"
            "plugins:\n  - search\n  - vault:\n      execute:\n        enabled: false\n",
            encoding="utf-8",
        )
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
        t0 = time.monotonic()
        out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg)], capture_output=True, text=True, env=env, check=False)
        if out.returncode:
            raise SystemExit(out.stderr[-3000:])
        total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
        html = nav = 0
        for f in site.rglob("*.html"):
            text = f.read_bytes()
            html += len(text)
            nav += _between(text, b'<nav class="md-tabs"', b'<main') + _between(text, b'<div class="md-sidebar md-sidebar--primary"', b'<div class="md-sidebar md-sidebar--secondary"')
        search = site / "search" / "search_index.json"
        row = {
            "n": n, "total": total, "html": html, "nav": nav,
            "search": search.stat().st_size if search.exists() else 0,
            "graph": (site / "graph.json").stat().st_size,
            "backlinks": (site / "assets" / "vault" / "backlinks.json").stat().st_size,
            "seconds": time.monotonic() - t0,
        }
        print(f"{n} notes: {total:,} bytes in all, {total / n:,.0f} per note (build {row['seconds']:.0f} s, load {loadavg()})", flush=True)
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", nargs="*", type=int, default=[500, 2000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--zipf", action="store_true", help="Zipf-popular link targets, exactly N x --links-per-node links")
    parser.add_argument("--links-per-node", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3.0, help="of panning, then of zooming, per run")
    parser.add_argument("--notes", nargs="*", type=int, default=[200, 800])
    parser.add_argument("--vault-js", type=Path, help="a modified vault.js to copy into the built site")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for the first labelled frame")
    parser.add_argument("--skip-graph", action="store_true")
    parser.add_argument("--webgl", action="store_true", help="also time a plain WebGL redraw of the same sizes")
    parser.add_argument("--skip-size", action="store_true")
    args = parser.parse_args()

    print(f"load average before: {loadavg()}  ({os.cpu_count()} CPUs)", flush=True)
    graph_rows, size_rows = [], []
    with tempfile.TemporaryDirectory(prefix="bench-graph-") as tmp:
        if not args.skip_graph:
            graph_rows = bench_graph(args.nodes, args.runs, args.vault_js, Path(tmp) / "graph", int(args.timeout * 1000),
                                     zipf=args.zipf, links_per_node=args.links_per_node, seconds=args.seconds)
        load_graph = loadavg()
        if args.webgl:
            bench_webgl(args.nodes, args.runs, Path(tmp) / "webgl")
        if not args.skip_size:
            size_rows = bench_size(args.notes, Path(tmp))
    load_end = loadavg()

    print()
    if graph_rows:
        print(f"Graph page in headless chromium (software rendering), {os.cpu_count()} CPUs; median of {args.runs} runs, each in a "
              f"fresh context, after one unmeasured warm-up run; {args.seconds:g} s of panning and of zooming per run. "
              f"Load average (1, 5, 15 min) {load_graph} after the runs. Timings are noisy on a shared machine.\n")
        print("| nodes | links | graph.json | layout (build, CPU) | first labelled frame (median) | runs | graph.json received "
              "| pan fps | longest gap | zoom fps | longest gap | load (1 min) during the runs |")
        print("| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |")
        for r in graph_rows:
            runs = ", ".join(f"{x / 1000:.2f}" for x in r["all"])
            loads = ", ".join(x.split()[0] for x in r["loads"])
            print(f"| {r['n']:,} | {r['links']:,} | {r['bytes'] / 1024:,.0f} KiB | {r['layout']:.2f} s | {r['labelled'] / 1000:.2f} s | {runs} "
                  f"| {r['graphJson'] / 1000:.2f} s | {r['pan']:.0f} | {r['panGap']:.0f} ms | {r['zoom']:.0f} | {r['zoomGap']:.0f} ms | {loads} |")
        print()
    if size_rows:
        print(f"Site size (search + vault plugins, execution off); load average {load_end} at the end.\n")
        print("| notes | site total | per note | HTML per note | of which Material tabs + nav | search index per note "
              "| graph.json per note | backlinks.json per note |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in size_rows:
            n = r["n"]
            print(f"| {n:,} | {r['total'] / 2**20:.1f} MiB | {r['total'] / n / 1024:.1f} KiB | {r['html'] / n / 1024:.1f} KiB "
                  f"| {r['nav'] / n / 1024:.1f} KiB | {r['search'] / n:,.0f} B | {r['graph'] / n:,.0f} B | {r['backlinks'] / n:,.0f} B |")
        if len(size_rows) >= 2:
            a, b = size_rows[0], size_rows[-1]
            def ratio(key: str) -> str:
                return f"x{b[key] / a[key]:.2f}" if a[key] else "n/a"
            print(f"\nGrowth {a['n']} -> {b['n']} notes (x{b['n'] / a['n']:.1f}): site total {ratio('total')}, HTML {ratio('html')}, "
                  f"of which Material tabs + nav {ratio('nav')}, HTML without them x{(b['html'] - b['nav']) / (a['html'] - a['nav']):.2f}, "
                  f"search index {ratio('search')}, graph.json {ratio('graph')}, backlinks.json {ratio('backlinks')}.")
    print(f"\nload average at the end: {load_end}")


if __name__ == "__main__":
    main()
