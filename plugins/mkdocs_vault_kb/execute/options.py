"""Settings of the execution stage, and the environment switch that turns it off."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

ENV_SWITCH = "VAULT_EXECUTE"
_OFF_VALUES = frozenset({"0", "false", "no", "off"})


def execution_allowed_by_env() -> bool:
    """False when ``VAULT_EXECUTE`` is 0/false/no/off (a quick preview build)."""
    return os.environ.get(ENV_SWITCH, "").strip().lower() not in _OFF_VALUES


@dataclass(frozen=True)
class ExecuteOptions:
    """How ``run-python`` fences are executed.

    ``enabled``: run fences at all (``VAULT_EXECUTE=0`` overrides it to False).
    ``timeout``: default seconds per fence; a fence's ``timeout="60"`` overrides it.
    ``workers``: worker processes running pages in parallel; 0 means ``os.cpu_count()``.
    ``memory_mb``: address-space cap (RLIMIT_AS) of the process running a page.
    ``cache_dir``: where results are cached; keep it outside the vault.
    ``output_limit_kb``: the most output (stdout and stderr, in KiB of characters) a fence shows;
    the rest is dropped and a line says so.
    ``sandbox``: on Linux with Landlock, a fence may write only in its own temporary folder (the
    vault, the snippets and the project are read-only to it) and cannot read other processes'
    ``/proc`` entries. False turns that off (the rest of the isolation stays).
    """

    enabled: bool = True
    timeout: float = 30.0
    workers: int = 0
    memory_mb: int = 2048
    cache_dir: Path = Path(".cache/vault-exec")
    output_limit_kb: int = 1024
    sandbox: bool = True

    @classmethod
    def from_env(cls, **kwargs: object) -> ExecuteOptions:
        """Options from keyword arguments, with ``VAULT_EXECUTE=0`` turning execution off."""
        options = cls(**kwargs)  # type: ignore[arg-type]
        if not execution_allowed_by_env():
            options = replace(options, enabled=False)
        return options

    @property
    def worker_count(self) -> int:
        """The number of worker processes actually used (at least one)."""
        return max(1, self.workers or os.cpu_count() or 1)
