"""Helpers shared by the execution tests (imported as a top-level module by pytest's rootdir)."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs_vault_kb.core.diagnostics import Diagnostic
from mkdocs_vault_kb.execute import ExecutionStage

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "exec_vault"


def run(
    stage: ExecutionStage, page: str, markdown: str, offset: int = 0
) -> tuple[str, list[Diagnostic]]:
    """What a build does for one page: submit, then apply."""
    stage.submit(page, markdown)
    return stage.apply(page, markdown, offset)


def outputs(html: str) -> list[str]:
    """The output blocks of a rendered page, in order."""
    return re.findall(r'^\s*(?:> )?(<div class="vault-exec-output">.*</div>)$', html, re.M)


def warnings(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.level == "warning"]
