"""Profile one plain MkDocs + Material build and one ``vault`` build of the same synthetic vault
under cProfile, and compare them by call counts (deterministic, unlike times on a shared machine).

    python bench/profile_build.py N [--zipf [S]] [--out DIR] [--plugins PATH]

Both sides use Material with ``navigation.prune`` and Material's search plugin; execution off.
``--plugins PATH`` puts another checkout's ``plugins`` folder first on PYTHONPATH for the vault
build (to profile a previous commit: ``git archive REV plugins | tar -x -C /tmp/rev``). The
profiles stay in ``--out`` (``plain.prof``, ``vault.prof``) for ``python -m pstats``. Prints, for
each side, the calls of what the issue named (Material's search parser, jinja's attribute lookups,
the navigation macro, the plugin's hooks) and the functions whose call counts grew most.
The forked renderers' work is not in the vault profile (it runs in children).
"""

from __future__ import annotations

import argparse
import os
import pstats
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_build import PLUGINS  # noqa: E402
from synthetic_vault import generate  # noqa: E402

WATCH = [
    ("search: pages parsed", r"material/plugins/search/plugin\.py:\d+\(add_entry_from_context\)"),
    ("search: start tags", r"material/plugins/search/plugin\.py:\d+\(handle_starttag\)"),
    ("search: text runs", r"material/plugins/search/plugin\.py:\d+\(handle_data\)"),
    ("jinja getattr", r"jinja2/environment\.py:\d+\(getattr\)"),
    ("nav-item macro calls", r"partials/nav-item\.html:\d+\(macro\)"),
    ("toc-item template calls", r"partials/toc-item\.html"),
    ("vault plugin hooks", r"mkdocs_vault_kb/plugin\.py:\d+\(on_\w+\)"),
]


def counts(stats: dict, pattern: str) -> int:
    rx = re.compile(pattern)
    return sum(v[1] for k, v in stats.items() if rx.search(f"{k[0]}:{k[1]}({k[2]})"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("--zipf", type=float, nargs="?", const=1.0, default=None, metavar="S")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--plugins", type=Path, default=None)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="profile-build-"))
    out.mkdir(parents=True, exist_ok=True)
    docs = out / "vault"
    generate(docs, args.n, zipf=args.zipf)
    stats = {}
    for how in ("plain", "vault"):
        cfg = out / f"{how}.yml"
        cfg.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs}\nsite_dir: {out / ('site-' + how)}\n{PLUGINS[how]}", encoding="utf-8")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
        if how == "vault" and args.plugins is not None:
            env["PYTHONPATH"] = os.pathsep.join([str(args.plugins.resolve()), env.get("PYTHONPATH", "")])
        prof = out / f"{how}.prof"
        with open(out / f"{how}.log", "wb") as log:
            subprocess.run(
                [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "mkdocs", "build", "-f", str(cfg)],
                stdout=log, stderr=subprocess.STDOUT, env=env, check=True,
            )
        stats[how] = pstats.Stats(str(prof)).stats
    print(f"profiles in {out}\n")
    print("| calls | plain | vault | vault / plain |\n| --- | ---: | ---: | ---: |")
    total = {h: sum(v[1] for v in s.values()) for h, s in stats.items()}
    for label, pattern in [("all function calls", None), *WATCH]:
        a, b = (total["plain"], total["vault"]) if pattern is None else (counts(stats["plain"], pattern), counts(stats["vault"], pattern))
        print(f"| {label} | {a:,} | {b:,} | {b / a:.2f} |" if a else f"| {label} | {a:,} | {b:,} | - |")
    print(f"\nThe {args.top} functions whose call counts grew most (vault - plain):\n")
    rows = []
    for k in set(stats["plain"]) | set(stats["vault"]):
        a = stats["plain"].get(k, (0, 0))[1]
        b = stats["vault"].get(k, (0, 0))[1]
        rows.append((b - a, a, b, f"{k[0][-60:]}:{k[1]}({k[2]})"))
    for d, a, b, name in sorted(rows, reverse=True)[: args.top]:
        print(f"{d:>12,} {a:>12,} {b:>12,}  {name}")


if __name__ == "__main__":
    main()
