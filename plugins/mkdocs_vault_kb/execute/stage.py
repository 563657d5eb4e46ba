"""The execution stage: find a page's ``run-python`` fences, run them (or reuse cached results),
and put the code and its output in the fences' place.

The stage is made fresh for each build (``mkdocs serve`` may reuse it for the next build). It
submits pages to worker processes as soon as it sees them and collects each page's results when
the page is rendered, so pages run in parallel while MkDocs renders others.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from concurrent.futures import CancelledError, Future
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import Any

from mkdocs_vault_kb.core.diagnostics import Diagnostic
from mkdocs_vault_kb.execute import render
from mkdocs_vault_kb.execute.cache import ResultCache, cell_keys, environment_salt, is_cacheable
from mkdocs_vault_kb.execute.cell import cell_filename
from mkdocs_vault_kb.execute.fences import Fence, FenceProblem, find_fences
from mkdocs_vault_kb.execute.options import ExecuteOptions, execution_allowed_by_env
from mkdocs_vault_kb.execute.pool import WorkerPool
from mkdocs_vault_kb.execute.snippets import Expansion, expand_includes

Result = dict[str, Any]


@dataclass(frozen=True)
class _Plan:
    """What a page asks for: its fences, their code after includes, and the cells' cache keys."""

    fences: list[Fence]
    problems: list[FenceProblem]
    expansions: list[Expansion]
    keys: tuple[str, ...]


@dataclass
class _Run:
    """A page's results: already known (all cached) or on their way from a worker."""

    keys: tuple[str, ...]
    results: list[Result] | None = None
    future: Future[list[Result]] | None = field(default=None, repr=False)

    def wait(self) -> list[Result]:
        if self.results is None:
            assert self.future is not None
            try:
                self.results = self.future.result()
            except CancelledError:
                self.results = [_closed() for _ in self.keys]
        return self.results


def _closed() -> Result:
    message = "the execution stage was closed before this page ran"
    error = {"kind": "crash", "type": "WorkerLost", "message": message, "traceback": message,
             "last_frames": ""}
    return {"streams": [], "value": None, "figures": [], "error": error}


class ExecutionStage:
    """Runs the ``run-python`` fences of pages in worker processes, with a disk cache."""

    def __init__(self, options: ExecuteOptions, snippets_dir: Path | None) -> None:
        self.options = options
        self.snippets_dir = snippets_dir
        self.enabled = options.enabled and execution_allowed_by_env()
        self._salt = environment_salt(options.memory_mb, options.output_limit_kb, options.sandbox)
        self._cache = ResultCache(options.cache_dir)
        self._pool: WorkerPool | None = None
        self._pending: dict[str, _Run] = {}
        self._watched: set[Path] = set()
        self._plans: dict[str, tuple[str, _Plan]] = {}  # page -> (text, plan) from submit, for apply
        self._lock = threading.Lock()
        self._stats: Counter[str] = Counter()
        self._workers_started = 0

    # -- planning ------------------------------------------------------------------------------

    def _plan(self, markdown: str) -> _Plan:
        fences, problems = find_fences(markdown)
        expansions = [expand_includes(fence.code, self.snippets_dir) for fence in fences]
        for expansion in expansions:
            self._watched.update(path for path in expansion.files if path.is_file())
        keys = tuple(cell_keys(self._salt, [expansion.code for expansion in expansions]))
        return _Plan(fences, problems, expansions, keys)

    def _job(self, plan: _Plan) -> dict[str, Any]:
        cells = [
            {
                "code": expansion.code,
                "filename": cell_filename(index),
                "timeout": fence.timeout or self.options.timeout,
            }
            for index, (fence, expansion) in enumerate(zip(plan.fences, plan.expansions))
        ]
        # folders the page's sys.path must not lead to (the project: MkDocs runs in it, as a rule)
        hidden = [os.getcwd(), self.options.cache_dir]
        if self.snippets_dir is not None:
            hidden.append(self.snippets_dir)
        return {
            "memory_mb": self.options.memory_mb,
            "output_limit": max(1, self.options.output_limit_kb) * 1024,
            "sandbox": self.options.sandbox,
            "hide_paths": [str(path) for path in hidden],
            "cells": cells,
        }

    def _start(self, plan: _Plan) -> _Run:
        cached = [self._cache.load(key) for key in plan.keys]
        if all(result is not None for result in cached):
            with self._lock:
                self._stats["cache_hits"] += len(cached)
                self._stats["pages_cached"] += 1
            return _Run(plan.keys, results=[r for r in cached if r is not None])
        if self._pool is None:
            self._pool = WorkerPool(self.options.worker_count)
        keys = plan.keys
        future = self._pool.submit(self._job(plan), lambda results: self._store(keys, results))
        return _Run(plan.keys, future=future)

    def _store(self, keys: tuple[str, ...], results: list[Result]) -> None:
        """Count and cache a page's fresh results (in the worker's thread)."""
        executed = sum(1 for r in results if (r.get("error") or {}).get("kind") != "skipped")
        with self._lock:
            self._stats["pages_executed"] += 1
            self._stats["cells_executed"] += executed
            self._stats["cache_misses"] += len(results)
        for key, result in zip(keys, results):
            if is_cacheable(result):
                try:
                    self._cache.store(key, result)
                except OSError:
                    pass  # an unwritable cache costs time next build, never this build

    # -- the API the adapter calls ---------------------------------------------------------------

    def submit(self, page: str, markdown: str) -> None:
        """Start executing the page's fences in a worker unless all results are cached.

        Non-blocking. ``page`` is the note's vault path (``Mathematics/PCA.md``).
        """
        if not self.enabled:
            return
        plan = self._plan(markdown)
        self._plans[page] = (markdown, plan)
        with self._lock:
            self._stats["pages_submitted"] += 1
        if not plan.fences:
            self._pending.pop(page, None)
            return
        self._pending[page] = self._start(plan)

    def apply(self, page: str, markdown: str, line_offset: int = 0,
              as_block: Callable[[str, str], str] | None = None) -> tuple[str, list[Diagnostic]]:
        """``markdown`` with every run-python fence replaced by its code and output.

        Waits for the page's results (executing now when ``submit`` was not called for this
        text). Diagnostics carry the fence's line in the source file: line + ``line_offset``.
        ``as_block(kind, text)``, when given, turns what is written for a cell (``"code"``: the
        ```python fence of its code; ``"output"``: the HTML of its output) into the line that
        stands for it (the adapter returns a token for finished HTML, so Markdown neither
        highlights the code again on every rebuild nor parses the output's HTML).
        """
        submitted = self._plans.pop(page, None)  # the same text as submitted: the same plan
        plan = submitted[1] if submitted is not None and submitted[0] == markdown else self._plan(markdown)
        if not plan.fences and not plan.problems:
            return markdown, []
        results: list[Result | None] = [None] * len(plan.fences)
        if self.enabled and plan.fences:
            run = self._pending.pop(page, None)
            if run is None or run.keys != plan.keys:
                run = self._start(plan)
            results = list(run.wait())
        return self._render(page, markdown, plan, results, line_offset, as_block)

    def watched_files(self) -> set[Path]:
        """Snippet files included by the pages seen so far (for ``mkdocs serve`` to watch)."""
        return set(self._watched)

    def close(self) -> None:
        """Stop the worker processes; safe to call twice. A later ``submit`` starts new ones."""
        pool, self._pool = self._pool, None
        if pool is not None:
            self._workers_started += pool.started
            pool.close()
        self._pending.clear()

    def stats(self) -> dict[str, int]:
        """Counters since the stage was made: cells executed, cache hits, workers started..."""
        with self._lock:
            counts = dict(self._stats)
        started = self._workers_started + (self._pool.started if self._pool else 0)
        counts["workers_started"] = started
        for name in ("pages_submitted", "pages_executed", "pages_cached", "cells_executed",
                     "cache_hits", "cache_misses"):
            counts.setdefault(name, 0)
        return counts

    # -- rendering -------------------------------------------------------------------------------

    def _render(self, page: str, markdown: str, plan: _Plan, results: list[Result | None],
                line_offset: int, as_block: Callable[[str, str], str] | None = None) -> tuple[str, list[Diagnostic]]:
        def label(index: int) -> str:
            if 0 <= index < len(plan.fences):
                return f"<run-python: {page}:{plan.fences[index].line + line_offset}>"
            return f"<run-python: {page}>"

        diagnostics = [
            Diagnostic(page, problem.line + line_offset, problem.message)
            for problem in plan.problems
        ]
        lines = markdown.split("\n")
        out: list[str] = []
        position = 0
        for fence, expansion, result in zip(plan.fences, plan.expansions, results):
            line = fence.line + line_offset
            diagnostics += [Diagnostic(page, line, message) for message in fence.problems]
            diagnostics += [
                Diagnostic(page, line + number, message) for number, message in expansion.problems
            ]
            html = ""
            if result is not None:
                html = render.output_html(fence, result, label)
                found = render.problem_message(fence, result, self.options.memory_mb, label)
                if found is not None:
                    level, message = found
                    diagnostics.append(Diagnostic(page, line, message, level))
            out += lines[position : fence.start]
            out += render.replacement(fence, expansion.code, html, as_block)
            position = fence.end + 1
        out += lines[position:]
        diagnostics.sort(key=lambda diagnostic: diagnostic.line)
        return "\n".join(out), diagnostics
