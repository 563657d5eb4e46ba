"""Shared fixtures: one execution stage per module (starting workers costs about a second)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from exec_helpers import FIXTURE

from mkdocs_vault_kb.execute import ExecuteOptions, ExecutionStage


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ExecutionStage]:
    options = ExecuteOptions(cache_dir=tmp_path_factory.mktemp("cache"), workers=1, timeout=10)
    executor = ExecutionStage(options, FIXTURE / "snippets")
    yield executor
    executor.close()


@pytest.fixture
def snippets(tmp_path: Path) -> Path:
    folder = tmp_path / "snippets"
    folder.mkdir()
    (folder / "lib.py").write_text(
        "# --8<-- [start:double]\ndef double(x):\n    return 2 * x\n# --8<-- [end:double]\n"
        "# --8<-- [start:triple]\ndef triple(x):\n    return 3 * x\n# --8<-- [end:triple]\n",
        encoding="utf-8",
    )
    return folder
