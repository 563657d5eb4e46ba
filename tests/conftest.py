"""Test files that use PyTorch as an oracle need it installed: without it (``scripts/setup.sh``
installs the CPU build; a machine may lack it) they are left out of the run, and the summary
says which, instead of failing to import."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

_TORCH_IMPORT = re.compile(r"^(?:import torch|from torch)\b", re.M)


def _has_torch() -> bool:
    try:
        return importlib.util.find_spec("torch") is not None
    except (ImportError, ValueError):  # blocked (sys.modules["torch"] = None)
        return False


_HAS_TORCH = _has_torch()
_LEFT_OUT: list[str] = []


def pytest_ignore_collect(collection_path: Path, config) -> bool | None:
    if _HAS_TORCH or collection_path.suffix != ".py" or not collection_path.name.startswith("test_"):
        return None
    if _TORCH_IMPORT.search(collection_path.read_text(encoding="utf-8")):
        _LEFT_OUT.append(collection_path.name)
        return True
    return None


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if _LEFT_OUT:
        terminalreporter.write_line(
            f"PyTorch is not installed: {len(_LEFT_OUT)} test files that use it as an oracle were not run "
            f"({', '.join(sorted(_LEFT_OUT))}); `scripts/setup.sh test` installs its CPU build",
            yellow=True,
        )
