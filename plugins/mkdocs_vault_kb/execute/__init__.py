"""Build-time execution of ``run-python`` fences, independent of MkDocs.

Use: ``stage = ExecutionStage(options, snippets_dir)``; ``stage.submit(page, markdown)`` for every
page first (non-blocking: it starts the work), then ``stage.apply(page, markdown, line_offset)``
per page as it is rendered (waits for that page, returns the new Markdown and diagnostics),
``stage.watched_files()`` for ``mkdocs serve``, ``stage.close()`` at the end of every build.

Decisions, in one place:

- Fences: ``run-python`` fences with backticks or tildes, found the CommonMark way, so a fence
  inside another fence is text. A fence in a container runs when all its lines carry the same
  prefix of spaces and ``>`` (list items, admonition bodies, ``> [!example]`` callouts); its
  replacement carries the same prefix. Options (``title``, ``hide_code``, ``hide_output``,
  ``raises``, ``timeout``) in superfences attribute style, braces optional; unknown options warn.
- Worker model: ``workers`` long-lived worker processes (``python -m ...execute.worker``) import
  NumPy and matplotlib once and fork a fresh child per page, so each page starts from a clean
  interpreter state (own ``__main__``, RNG state, rcParams) without paying for start-up. The
  child runs in a temporary working directory under ``RLIMIT_AS = memory_mb``; BLAS is single
  threaded because pages already run in parallel.
- Every file of a vault is untrusted input (``sandbox``): the worker is a child subreaper and
  kills every process a page started (daemons, ``setsid`` children) when the page is done; it
  gets SIGTERM when MkDocs dies and then does the same. A page sees an allow-listed environment
  (no secret of the builder's), its own HOME and TMPDIR, a ``sys.path`` without the project, and
  shows at most ``output_limit_kb`` of output per cell (fd-level output of C code and
  subprocesses included). With Landlock (Linux 5.13+) it writes only in its own folder and
  cannot read other processes' /proc entries or signal them; without, an info line says so.
- Timeouts and crashes: a cell past its timeout has the child's process group killed; a child
  that dies (``os._exit``, a segfault) is reported with faulthandler's stack. Both are warnings,
  and the page's later cells are not run: they are shown as skipped (an ``info`` diagnostic),
  because their namespace would be missing what the failed cell should have defined. An
  exception is a warning (unless ``raises="1"``) and later cells still run, like a notebook.
- Cache: one JSON file per cell keyed by the code of that cell and of every earlier cell of the
  page (after snippet includes, so an edited section re-runs exactly the pages that include it),
  plus Python, NumPy, matplotlib and pandas versions and the memory cap. Any miss re-runs the
  whole page (the namespace must be rebuilt); timeouts, crashes and skips are not cached.
- Output: a ```python fence for the code, then one line of raw HTML (see ``render``), all of it
  HTML-escaped. Figures are SVG (PNG above 400 kB) on a white card, readable in both palettes.
"""

from typing import TYPE_CHECKING, Any

from mkdocs_vault_kb.execute.options import ENV_SWITCH, ExecuteOptions

if TYPE_CHECKING:
    from mkdocs_vault_kb.execute.stage import ExecutionStage

__all__ = ["ENV_SWITCH", "ExecuteOptions", "ExecutionStage"]


def __getattr__(name: str) -> Any:
    """``ExecutionStage`` (worker pool, threads) is imported on first use: the check command
    reads fences and snippets only, and starts faster without it."""
    if name == "ExecutionStage":
        from mkdocs_vault_kb.execute.stage import ExecutionStage

        return ExecutionStage
    raise AttributeError(name)
