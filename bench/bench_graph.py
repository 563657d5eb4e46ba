"""Benchmark the browser side: time until the graph page is interactive in headless chromium, and
the site's total size per note.

    python bench/bench_graph.py [--nodes 500 2000 5000] [--runs 3] [--notes 200 800]
                                [--vault-js FILE] [--skip-graph] [--skip-size]

Part 1 builds the ``basic`` fixture once, then for each N writes a synthetic ``graph.json`` of N
nodes (ids ``n/00001/`` ...; ~20 folders, tags, ~5 links out of every node, most of them inside
the node's folder) into the site root, serves the site on 127.0.0.1 and opens ``graph/`` in Debian's
chromium (Playwright, no browser download), each run in a fresh browser context (empty cache), after one unmeasured warm-up run.
"Interactive" is the moment ``#vault-graph`` has ``data-ready="1"`` and ``data-drawn`` equal to N
(every node drawn in the last frame), measured in the page as ``performance.now()`` (milliseconds
since navigation start) by a MutationObserver installed before any page script. Requests that leave
127.0.0.1 (MathJax from its CDN) are aborted, so the numbers do not depend on the network. After
interactive, requestAnimationFrame callbacks are counted for 3 s (frames per second, and the
longest gap between two frames) as a smoothness indicator. Each N is run ``--runs`` times and the
median is reported. ``--vault-js FILE`` replaces ``assets/vault/vault.js`` in the built site only
(to measure a modified copy; the plugin's source is never touched).

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

from synthetic_vault import generate  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]

# Installed before any script of the page: records when the graph becomes interactive, then
# counts animation frames for 3 s.
PROBE = """
(() => {
  const probe = window.__bench = { interactive: null, firstReady: null, frames: null, maxGap: null };
  const check = () => {
    const el = document.getElementById("vault-graph");
    if (!el || probe.interactive !== null) return;
    if (el.dataset.ready === "1" && probe.firstReady === null) probe.firstReady = performance.now();
    if (el.dataset.ready === "1" && el.dataset.nodes && +el.dataset.drawn === +el.dataset.nodes) {
      probe.interactive = performance.now();
      let frames = 0, last = performance.now(), maxGap = 0;
      const end = probe.interactive + 3000;
      const tick = (t) => {
        const now = performance.now();
        maxGap = Math.max(maxGap, now - last); last = now;
        if (now < end) { frames++; requestAnimationFrame(tick); }
        else { probe.frames = frames; probe.maxGap = maxGap; probe.span = now - probe.interactive; }
      };
      requestAnimationFrame(tick);
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready", "data-drawn"] });
})();
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


def one_run(browser, url: str, n: int, timeout_ms: int) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort())
    context.add_init_script(PROBE)
    page = context.new_page()
    try:
        page.goto(url + "graph/", wait_until="commit")
        page.wait_for_function("window.__bench && window.__bench.interactive !== null", timeout=timeout_ms, polling=100)
        page.wait_for_function("window.__bench.frames !== null", timeout=timeout_ms, polling=200)
        probe = page.evaluate("window.__bench")
        timing = page.evaluate(
            """() => {
              const nav = performance.getEntriesByType('navigation')[0];
              const g = performance.getEntriesByType('resource').find(e => e.name.endsWith('/graph.json'));
              const fg = performance.getEntriesByType('resource').find(e => e.name.includes('force-graph'));
              return { dcl: nav.domContentLoadedEventEnd, graphJson: g ? g.responseEnd : null,
                       forceGraph: fg ? fg.responseEnd : null,
                       drawnAttr: +document.getElementById('vault-graph').dataset.drawn };
            }"""
        )
    finally:
        context.close()
    return {**probe, **timing}


def bench_graph(sizes: list[int], runs: int, vault_js: Path | None, tmp: Path, timeout_ms: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from browser.conftest import serve
    from e2e.conftest import build

    url, httpd = serve(tmp / "site")
    build("basic", tmp, site_url=url)
    site = tmp / "site"
    if vault_js:
        shutil.copyfile(vault_js, site / "assets" / "vault" / "vault.js")
        print(f"using {vault_js} as assets/vault/vault.js", flush=True)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            # one unmeasured run first: the first page of a fresh browser pays for cold caches
            (site / "graph.json").write_text(json.dumps(synthetic_graph(min(sizes))), encoding="utf-8")
            one_run(browser, url, min(sizes), timeout_ms)
            for n in sizes:
                data = synthetic_graph(n)
                (site / "graph.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
                size = (site / "graph.json").stat().st_size
                results = []
                for k in range(runs):
                    r = one_run(browser, url, n, timeout_ms)
                    r["load"] = os.getloadavg()[0]
                    results.append(r)
                    print(
                        f"N={n:5d} run {k + 1}: interactive {r['interactive']:7.0f} ms  (DOMContentLoaded {r['dcl']:5.0f}, "
                        f"graph.json received {r['graphJson'] or 0:5.0f}, first frame {r['firstReady']:6.0f})  "
                        f"{r['frames'] / r['span'] * 1000:5.1f} fps, longest frame gap {r['maxGap']:5.0f} ms  load {loadavg()}",
                        flush=True,
                    )
                rows.append({
                    "n": n, "links": len(data["links"]), "bytes": size,
                    "interactive": statistics.median(r["interactive"] for r in results),
                    "all": [r["interactive"] for r in results],
                    "graphJson": statistics.median(r["graphJson"] or 0 for r in results),
                    "dcl": statistics.median(r["dcl"] for r in results),
                    "fps": statistics.median(r["frames"] / r["span"] * 1000 for r in results),
                    "maxGap": statistics.median(r["maxGap"] for r in results),
                })
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return rows


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
    parser.add_argument("--notes", nargs="*", type=int, default=[200, 800])
    parser.add_argument("--vault-js", type=Path, help="a modified vault.js to copy into the built site")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for interactive")
    parser.add_argument("--skip-graph", action="store_true")
    parser.add_argument("--skip-size", action="store_true")
    args = parser.parse_args()

    print(f"load average before: {loadavg()}  ({os.cpu_count()} CPUs)", flush=True)
    graph_rows, size_rows = [], []
    with tempfile.TemporaryDirectory(prefix="bench-graph-") as tmp:
        if not args.skip_graph:
            graph_rows = bench_graph(args.nodes, args.runs, args.vault_js, Path(tmp) / "graph", int(args.timeout * 1000))
        load_graph = loadavg()
        if not args.skip_size:
            size_rows = bench_size(args.notes, Path(tmp))
    load_end = loadavg()

    print()
    if graph_rows:
        print(f"Graph page in headless chromium, {os.cpu_count()} CPUs, load average {load_graph} after the runs "
              f"(1, 5, 15 min); median of {args.runs} runs, each in a fresh context, after one unmeasured warm-up run. Timings are noisy on a shared machine.\n")
        print("| nodes | links | graph.json | interactive (median) | runs | DOMContentLoaded | graph.json received "
              "| drawing (interactive - received) | fps in the 3 s after | longest frame gap |")
        print("| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
        for r in graph_rows:
            runs = ", ".join(f"{x / 1000:.2f}" for x in r["all"])
            print(f"| {r['n']:,} | {r['links']:,} | {r['bytes'] / 1024:,.0f} KiB | {r['interactive'] / 1000:.2f} s | {runs} "
                  f"| {r['dcl'] / 1000:.2f} s | {r['graphJson'] / 1000:.2f} s | {(r['interactive'] - r['graphJson']) / 1000:.2f} s "
                  f"| {r['fps']:.0f} | {r['maxGap']:.0f} ms |")
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
