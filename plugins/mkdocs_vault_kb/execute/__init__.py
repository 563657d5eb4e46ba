"""Build-time execution of ``run-python`` fences, independent of MkDocs.

``ExecutionStage(options, snippets_dir)``: ``submit(page, markdown)`` for every page first (it
starts the work), then ``apply(page, markdown, line_offset)`` per page (it waits and renders),
``watched_files()`` for ``mkdocs serve``, ``close()`` at the end of the build.
"""

from mkdocs_vault_kb.execute.options import ENV_SWITCH, ExecuteOptions
from mkdocs_vault_kb.execute.stage import ExecutionStage

__all__ = ["ENV_SWITCH", "ExecuteOptions", "ExecutionStage"]
