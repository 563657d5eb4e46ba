"""Results on disk, one JSON file per cell, keyed by everything that can change the cell's output.

A cell's key chains the keys of the cells before it: ``key[i] = sha256(key[i-1], code[i])`` with
``key[-1]`` the salt (executor format, Python, NumPy and matplotlib versions, memory cap, output
limit, sandbox on or off). The code
is the code after snippet includes, so editing an included section changes the key of every cell
that includes it, and of every later cell of those pages.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 2  # bump when what a worker records changes (2: allow-listed environment, sandbox)
_VERSIONED = ("numpy", "matplotlib", "pandas")
CACHEABLE_ERRORS = frozenset({None, "exception"})  # timeouts and crashes are tried again


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


def environment_salt(memory_mb: int, output_limit_kb: int = 1024, sandbox: bool = True) -> str:
    """What every key depends on besides the code."""
    versions = " ".join(f"{name}={_version(name)}" for name in _VERSIONED)
    return (
        f"vault-exec {FORMAT}\npython {sys.version}\n{versions}\nmemory {memory_mb}\n"
        f"output {output_limit_kb}\nsandbox {int(sandbox)}"
    )


def cell_keys(salt: str, codes: list[str]) -> list[str]:
    """One key per cell; each depends on the salt and the code of that cell and all before it."""
    keys = []
    previous = hashlib.sha256(salt.encode()).hexdigest()
    for code in codes:
        previous = hashlib.sha256(f"{previous}\0{code}".encode()).hexdigest()
        keys.append(previous)
    return keys


def is_cacheable(result: dict[str, Any]) -> bool:
    """Results of finished cells are kept; a timeout, crash or skip is run again next time."""
    error = result.get("error")
    return (error or {}).get("kind") in CACHEABLE_ERRORS


class ResultCache:
    """Cell results under ``directory/<key[:2]>/<key>.json``; files are replaced atomically."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def load(self, key: str) -> dict[str, Any] | None:
        """The stored result, or None when missing or unreadable."""
        try:
            with self._path(key).open(encoding="utf-8") as stream:
                result = json.load(stream)
        except (OSError, ValueError):
            return None
        return result if isinstance(result, dict) else None

    def store(self, key: str, result: dict[str, Any]) -> None:
        """Keep ``result`` under ``key`` (written to a temporary file, then renamed)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(result, stream, separators=(",", ":"))
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
