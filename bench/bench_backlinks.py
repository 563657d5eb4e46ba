"""Time the backlink work of a build in-process, the way ``plugin.on_files`` calls the core:
``build_index``, ``render_note`` for every note (serially, in this process), ``build_backlinks``.

    python bench/bench_backlinks.py VAULT [--repeat 5] [--dump FILE] [--profile] [--plugins PATH]

Prints the CPU time of each stage per repetition (min and median), the number of excerpts and
links, and with ``--profile`` the call counts of the excerpt functions under cProfile.
``--dump FILE`` writes the ``build_backlinks`` output as JSON (sorted keys), so two commits can be
compared byte for byte (``cmp``). URLs are ``path[:-3] + "/"``, anchors a plain slug: enough to
exercise the graph, not MkDocs' exact URLs.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# --plugins PATH: another checkout's plugins folder (``git archive REV plugins | tar -x -C DIR``)
_at = sys.argv.index("--plugins") + 1 if "--plugins" in sys.argv else 0
sys.path.insert(0, sys.argv[_at] if _at else str(ROOT / "plugins"))

from mkdocs_vault_kb.check import read_vault  # noqa: E402
from mkdocs_vault_kb.core.context import Options  # noqa: E402
from mkdocs_vault_kb.core.graph import build_backlinks  # noqa: E402
from mkdocs_vault_kb.core.headings import AnchorMaker  # noqa: E402
from mkdocs_vault_kb.core.index import build_index  # noqa: E402
from mkdocs_vault_kb.core.pipeline import render_note  # noqa: E402


def url_of(path: str) -> str | None:
    return path[:-3] + "/" if path.endswith(".md") else path


def run(root: Path) -> tuple[dict[str, float], dict, int]:
    notes, attachments, errors = read_vault(root)
    t = {}
    c0 = time.process_time()
    index = build_index(notes, attachments, AnchorMaker(lambda s, sep: "-".join(s.lower().split())), read_errors=errors)
    c1 = time.process_time()
    links = [rec for path in sorted(index.notes) for rec in render_note(index, path, url_of, Options()).links]
    c2 = time.process_time()
    backlinks = build_backlinks(index, links, url_of)
    c3 = time.process_time()
    t["index"], t["render"], t["backlinks"] = c1 - c0, c2 - c1, c3 - c2
    return t, backlinks, len(links)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("vault", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dump", type=Path, default=None)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--plugins", type=Path, default=None, help="another checkout's plugins folder")
    args = parser.parse_args()
    times: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        t, backlinks, n_links = run(args.vault)
        for k, v in t.items():
            times.setdefault(k, []).append(v)
    excerpts = sum(len(e["contexts"]) for entries in backlinks.values() for e in entries)
    print(f"plugins from {Path(sys.modules['mkdocs_vault_kb'].__file__).parent.parent}")
    print(f"{args.vault}: {n_links} links, {len(backlinks)} targets, {excerpts} excerpts, {args.repeat} runs (CPU s)")
    for k, v in times.items():
        print(f"  {k:10} min {min(v):.3f}  median {statistics.median(v):.3f}  max {max(v):.3f}")
    if args.dump:
        args.dump.write_text(json.dumps(backlinks, sort_keys=True, ensure_ascii=False))
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        run(args.vault)
        prof.disable()
        stats = pstats.Stats(prof)
        print("  calls under cProfile (ncalls, cumulative s):")
        for (file, _, name), (_, nc, _, ct, _) in sorted(stats.stats.items(), key=lambda kv: -kv[1][3]):  # type: ignore[attr-defined]
            if file.endswith(("core/graph.py", "core/excerpt.py", "core/links.py", "core/pipeline.py")) and ct > 0.05:
                print(f"    {name:28} {nc:9d} {ct:8.3f}  {Path(file).name}")


if __name__ == "__main__":
    main()
