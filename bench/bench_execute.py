"""Benchmark the execution stage on a synthetic vault of executing pages.

    python bench/bench_execute.py [--pages 200] [--workers 1 2] [--keep] [--no-sandbox]

Generates (deterministically) ``--pages`` notes with run-python fences (NumPy work, printed
results, a final expression, a matplotlib figure on every fourth page, a snippet include on
every fifth), then runs them through ``ExecutionStage`` as a build does (submit every page, then
apply every page): cold (empty cache) and warm (same cache) for each worker count, and once with
execution turned off as the baseline a warm build should approach. Prints seconds and the number
of cells executed. ``--no-sandbox`` runs the fences without Landlock (``sandbox: false``), to
measure what the sandbox costs. The lead extends this to a full ``mkdocs build``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from mkdocs_vault_kb.execute import ExecuteOptions, ExecutionStage

SNIPPET = '''\
# --8<-- [start:power_iteration]
import numpy as np


def power_iteration(a: np.ndarray, steps: int = 100) -> float:
    """The dominant eigenvalue of a symmetric matrix."""
    v = np.ones(a.shape[0])
    for _ in range(steps):
        v = a @ v
        v /= np.linalg.norm(v)
    return float(v @ a @ v)
# --8<-- [end:power_iteration]
'''


def make_page(index: int) -> str:
    """One synthetic note; the same ``index`` always gives the same text."""
    size = 20 + index % 30
    cells = [
        f"```run-python {{title=\"Data for page {index}\"}}\n"
        f"import numpy as np\n\nrng = np.random.default_rng({index})\n"
        f"X = rng.normal(size=({size * 10}, {size}))\n"
        "print(X.shape, round(float(X.mean()), 4))\n```",
        "```run-python\ncov = X.T @ X / len(X)\nw = np.linalg.eigvalsh(cov)\n"
        "print('largest eigenvalues:', np.round(w[-3:], 3))\nw[:5].round(3)\n```",
    ]
    if index % 5 == 0:
        cells.append(
            '```run-python\n--8<-- "bench_snippet.py:power_iteration"\n'
            "print(round(power_iteration(cov), 3), round(float(w[-1]), 3))\n```"
        )
    if index % 4 == 0:
        cells.append(
            "```run-python\nimport matplotlib.pyplot as plt\n\n"
            "fig, ax = plt.subplots(figsize=(6, 3.5))\n"
            "ax.plot(np.sort(w)[::-1], marker='.')\nax.set_xlabel('index')\n"
            f"ax.set_ylabel('eigenvalue')\nax.set_title('Spectrum {index}')\n```"
        )
    body = "\n\nSome prose between cells.\n\n".join(cells)
    return f"# Page {index}\n\n{body}\n"


def make_vault(root: Path, pages: int) -> tuple[dict[str, str], Path]:
    """Write the vault under ``root``; return ``{vault path: markdown}`` and the snippets folder."""
    snippets = root / "snippets"
    snippets.mkdir(parents=True, exist_ok=True)
    (snippets / "bench_snippet.py").write_text(SNIPPET, encoding="utf-8")
    notes = {}
    for index in range(pages):
        path = f"Topic {index % 10}/Page {index:03d}.md"
        notes[path] = make_page(index)
        target = root / "vault" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(notes[path], encoding="utf-8")
    return notes, snippets


def build(
    notes: dict[str, str], snippets: Path, options: ExecuteOptions
) -> tuple[float, dict[str, int], int]:
    """One build's worth of stage calls; seconds, the stage's stats, the warnings."""
    started = time.perf_counter()
    stage = ExecutionStage(options, snippets)
    for page, markdown in notes.items():
        stage.submit(page, markdown)
    warnings = 0
    for page, markdown in notes.items():
        _, diagnostics = stage.apply(page, markdown)
        warnings += sum(1 for d in diagnostics if d.level == "warning")
    stage.close()
    return time.perf_counter() - started, stage.stats(), warnings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", action="store_true", help="keep the generated vault and caches")
    parser.add_argument("--no-sandbox", action="store_true", help="run fences without Landlock")
    args = parser.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="bench-execute-"))
    try:
        notes, snippets = make_vault(root, args.pages)
        cells = sum(markdown.count("```run-python") for markdown in notes.values())
        print(f"{args.pages} pages, {cells} run-python cells, vault in {root}")
        print(f"{'build':<22}{'seconds':>9}{'cells run':>11}{'cache hits':>12}{'warnings':>10}")
        rows = []
        off = ExecuteOptions(enabled=False, cache_dir=root / "cache-off")
        rows.append(("execution off", *build(notes, snippets, off)))
        for workers in args.workers:
            options = ExecuteOptions(workers=workers, cache_dir=root / f"cache-{workers}",
                                     sandbox=not args.no_sandbox)
            rows.append((f"cold, {workers} worker(s)", *build(notes, snippets, options)))
            rows.append((f"warm, {workers} worker(s)", *build(notes, snippets, options)))
        for name, seconds, stats, warnings in rows:
            print(
                f"{name:<22}{seconds:>9.2f}{stats['cells_executed']:>11}"
                f"{stats['cache_hits']:>12}{warnings:>10}"
            )
        failed = any(warnings for _, _, _, warnings in rows)
        return 1 if failed else 0
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
