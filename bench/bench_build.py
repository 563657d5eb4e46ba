"""Build synthetic vaults three ways in one run and compare: plain MkDocs + Material (wikilinks
left as text), with mkdocs-roamlinks-plugin, and with our ``vault`` plugin.

    python bench/bench_build.py [N ...] [--skip-roamlinks-above N] [--repeat K]

Every build is its own process, timed from outside with /usr/bin/time (wall seconds, peak RSS).
All three use Material with ``navigation.prune``. With ``--repeat K`` the three builds run in turn
K times (plain, roamlinks, vault, plain, ...) and the table shows medians, so a machine whose
speed drifts weighs on all three alike. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic_vault import generate  # noqa: E402

PLUGINS = {
    "plain": "plugins: []\n",
    "roamlinks": "plugins:\n  - roamlinks\n",
    "vault": "plugins:\n  - vault:\n      execute:\n        enabled: false\n",
}


def build(work: Path, docs: Path, how: str) -> tuple[float, float, int, float, float | None]:
    """(wall seconds, peak MiB, exit code, CPU seconds, seconds in the vault plugin's own hooks)."""
    cfg = work / f"{how}.yml"
    cfg.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs}\nsite_dir: {work / ('site-' + how)}\n{PLUGINS[how]}", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    out = subprocess.run(
        ["/usr/bin/time", "-f", "BENCH %e %M %U %S", sys.executable, "-m", "mkdocs", "build", "-f", str(cfg)],
        capture_output=True, text=True, env=env, check=False,
    )
    m = re.search(r"BENCH ([\d.]+) (\d+) ([\d.]+) ([\d.]+)", out.stderr)
    if not m:
        raise SystemExit(out.stderr[-2000:])
    hooks = re.search(r"the plugin's own hooks took ([\d.]+) s", out.stderr)
    return (
        float(m.group(1)), int(m.group(2)) / 1024, out.returncode, float(m.group(3)) + float(m.group(4)),
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
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            work = Path(tmp) / f"n{n}"
            docs = work / "vault"
            generate(docs, n)
            runs: dict[str, list[tuple[float, float, int, float, float | None]]] = {}
            for _ in range(args.repeat):
                for how in PLUGINS:
                    if how == "roamlinks" and n > args.skip_roamlinks_above:
                        continue
                    runs.setdefault(how, []).append(build(work, docs, how))
                    wall, mib, rc, cpu, _ = runs[how][-1]
                    print(f"N={n:5d} {how:9s} {wall:7.1f} s wall {cpu:7.1f} s cpu {mib:7.0f} MiB exit {rc}", flush=True)
            rows.append((n, {how: _median(r) for how, r in runs.items()}))
    print("\nWall seconds (CPU seconds in brackets; CPU time is steadier on a busy machine).\n")
    print("| notes | plain MkDocs | roamlinks | vault | vault / plain (CPU) | vault's own hooks | peak memory plain / vault |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, r in rows:
        roam = f"{r['roamlinks'][0]:.1f} s ({r['roamlinks'][3]:.1f})" if "roamlinks" in r else "skipped"
        ratio = r["vault"][3] / r["plain"][3]
        print(
            f"| {n:,} | {r['plain'][0]:.1f} s ({r['plain'][3]:.1f}) | {roam} | {r['vault'][0]:.1f} s ({r['vault'][3]:.1f}) "
            f"| {ratio:.2f} | {r['vault'][4] or 0:.1f} s | {r['plain'][1]:.0f} / {r['vault'][1]:.0f} MiB |"
        )


if __name__ == "__main__":
    main()
