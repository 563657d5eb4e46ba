"""Build synthetic vaults three ways in one run and compare: plain MkDocs + Material (wikilinks
left as text), with mkdocs-roamlinks-plugin, and with our ``vault`` plugin.

    python bench/bench_build.py [N ...] [--zipf [S]] [--only plain,vault] [--repeat K]
                                [--skip-roamlinks-above N]

Every build is its own process: wall seconds from a monotonic clock around it; CPU seconds (user +
system) and peak memory (ru_maxrss: the largest single process, forked renderers included) from
``os.wait4``. All use Material with ``navigation.prune`` and Material's search plugin (a default
MkDocs site has it). With ``--repeat K`` the builds run in turn K times (A B A B ...), so a
machine whose speed drifts weighs on all sides alike; the table shows medians and the vault/plain
CPU ratio is also taken pair by pair. ``--zipf`` builds the Zipf-law vault of
``synthetic_vault.py`` (hub notes with hundreds of backlinks, whole-note embeds); without it the
uniform vault. ``--only plain,vault`` leaves roamlinks out. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic_vault import generate  # noqa: E402

PLUGINS = {
    "plain": "plugins:\n  - search\n",
    "roamlinks": "plugins:\n  - search\n  - roamlinks\n",
    "vault": "plugins:\n  - search\n  - vault:\n      execute:\n        enabled: false\n",
}


def build(work: Path, docs: Path, how: str) -> tuple[float, float, int, float, float | None]:
    """(wall seconds, peak MiB, exit code, CPU seconds, seconds in the vault plugin's own hooks)."""
    cfg = work / f"{how}.yml"
    cfg.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs}\nsite_dir: {work / ('site-' + how)}\n{PLUGINS[how]}", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    log = work / f"{how}.log"
    with open(log, "wb") as sink:
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "-f", str(cfg)], stdout=sink, stderr=subprocess.STDOUT, env=env
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        raise SystemExit(text[-2000:])
    hooks = re.search(r"the plugin's own hooks took ([\d.]+) s", text)
    return (
        wall, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime,
        float(hooks.group(1)) if hooks else None,
    )


def _median(runs: list[tuple[float, float, int, float, float | None]]) -> tuple[float, float, int, float, float | None]:
    """Each figure's median over the runs (exit code: the worst)."""
    def med(values: list[float]) -> float:
        return statistics.median(values)

    hooks = [r[4] for r in runs if r[4] is not None]
    return (
        med([r[0] for r in runs]), med([r[1] for r in runs]), max(r[2] for r in runs), med([r[3] for r in runs]),
        med(hooks) if hooks else None,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 4000])
    parser.add_argument("--skip-roamlinks-above", type=int, default=10**9)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--zipf", type=float, nargs="?", const=1.0, default=None, metavar="S")
    parser.add_argument("--only", default=",".join(PLUGINS), help="comma-separated: plain,roamlinks,vault")
    args = parser.parse_args()
    sides = [h for h in PLUGINS if h in args.only.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            work = Path(tmp) / f"n{n}"
            docs = work / "vault"
            generate(docs, n, zipf=args.zipf)
            runs: dict[str, list[tuple[float, float, int, float, float | None]]] = {}
            for _ in range(args.repeat):
                for how in sides:
                    if how == "roamlinks" and n > args.skip_roamlinks_above:
                        continue
                    runs.setdefault(how, []).append(build(work, docs, how))
                    wall, mib, rc, cpu, _ = runs[how][-1]
                    print(f"N={n:5d} {how:9s} {wall:7.1f} s wall {cpu:7.1f} s cpu {mib:7.0f} MiB exit {rc}", flush=True)
            if "plain" in runs and "vault" in runs:
                pairs = [v[3] / p[3] for p, v in zip(runs["plain"], runs["vault"])]
                walls = [v[0] / p[0] for p, v in zip(runs["plain"], runs["vault"])]
                print(f"N={n:5d} vault/plain pair by pair: CPU {' '.join(f'{x:.2f}' for x in pairs)}; "
                      f"wall {' '.join(f'{x:.2f}' for x in walls)}", flush=True)
            rows.append((n, {how: _median(r) for how, r in runs.items()}))
    print(f"\nVault: {'Zipf law, S = ' + str(args.zipf) if args.zipf is not None else 'uniform links'}.")
    print("Wall seconds (CPU seconds in brackets; CPU time is steadier on a busy machine).\n")
    print("| notes | plain MkDocs | roamlinks | vault | vault / plain (CPU) | vault's own hooks | peak memory plain / vault |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, r in rows:
        roam = f"{r['roamlinks'][0]:.1f} s ({r['roamlinks'][3]:.1f})" if "roamlinks" in r else "skipped"
        if "plain" not in r or "vault" not in r:
            continue
        ratio = r["vault"][3] / r["plain"][3]
        print(
            f"| {n:,} | {r['plain'][0]:.1f} s ({r['plain'][3]:.1f}) | {roam} | {r['vault'][0]:.1f} s ({r['vault'][3]:.1f}) "
            f"| {ratio:.2f} | {r['vault'][4] or 0:.1f} s | {r['plain'][1]:.0f} / {r['vault'][1]:.0f} MiB |"
        )


if __name__ == "__main__":
    main()
