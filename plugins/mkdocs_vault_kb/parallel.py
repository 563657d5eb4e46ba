"""Work split across forked processes, for CPU-bound stages that MkDocs runs on one core.

``map_forked(fn, items)`` runs ``fn(chunk)`` for interleaved chunks of ``items`` in forked
children (which inherit everything the parent built, such as the vault index, without pickling
it) and returns the chunks' results in order. It stays in this process when forking is not safe
or not worth it: fewer items than ``min_items``, one core, no ``fork`` start method, or other
threads running (``mkdocs serve``'s server, execution workers): a fork copies only the calling
thread, and a lock another thread holds would stay locked in the child.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def workers_for(n_items: int, min_items: int = 200, max_workers: int = 4) -> int:
    if n_items < min_items or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, max_workers))


def map_forked(fn: Callable[[list[T]], R], items: Sequence[T], *, min_items: int = 200) -> list[R]:
    """``[fn(chunk) for chunk in chunks]`` over interleaved chunks of ``items``, in forked children
    when that pays; ``fn`` must be a module-level function (it is looked up by name in the child)."""
    workers = workers_for(len(items), min_items)
    chunks = [list(items[k::workers]) for k in range(workers)]
    if workers == 1:
        return [fn(c) for c in chunks]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(fn, chunks)
