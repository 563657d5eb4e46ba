"""Work split across forked processes, for CPU-bound stages that MkDocs runs on one core.

``map_forked(fn, items)`` runs ``fn(chunk)`` for interleaved chunks of ``items``: the first chunk
in this process, the others in forked children, which inherit everything the parent built (such
as the vault index) without pickling it and send back only their pickled results, over a pipe.
It returns the chunks' results in order. It stays in this process when forking is not safe or not
worth it: fewer items than ``min_items``, one core, no ``fork``, or other threads running (``mkdocs
serve``'s server, execution workers): a fork copies only the calling thread, and a lock another
thread holds would stay locked in the child.

A bare fork and a pipe, not ``multiprocessing.Pool``: no worker loop, task queue or result thread
to start and tear down, and no extra child for the parent's own share. On the check command the
pool's children ran their half of the notes 30% slower than this parent does.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def workers_for(n_items: int, min_items: int = 200, max_workers: int = 4) -> int:
    if n_items < min_items or threading.active_count() > 1 or not hasattr(os, "fork"):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, max_workers))


def map_forked(fn: Callable[[list[T]], R], items: Sequence[T], *, min_items: int = 200) -> list[R]:
    """``[fn(chunk) for chunk in chunks]`` over interleaved chunks of ``items``, in forked children
    when that pays. An exception in a child is raised here, as it would be in a serial run."""
    workers = workers_for(len(items), min_items)
    chunks = [list(items[k::workers]) for k in range(workers)]
    if workers == 1:
        return [fn(c) for c in chunks]
    children: list[tuple[int, int]] = []
    try:
        for chunk in chunks[1:]:
            children.append(_fork(fn, chunk))
        results = [fn(chunks[0])]
        while children:
            results.append(_collect(*children.pop(0)))
        return results
    finally:
        for pid, fd in children:  # only when something failed: stop and reap the rest
            os.close(fd)
            _kill(pid)


def _fork(fn: Callable[[list[T]], R], chunk: list[T]) -> tuple[int, int]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_fd)
        return pid, read_fd
    status = 1
    try:  # the child: never returns into the parent's code, never runs its exit handlers
        os.close(read_fd)
        try:
            payload = pickle.dumps((True, fn(chunk)), pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
            payload = _pickled_error(exc)
        with os.fdopen(write_fd, "wb") as out:
            out.write(payload)
        status = 0
    finally:
        os._exit(status)


def _pickled_error(exc: BaseException) -> bytes:
    try:
        return pickle.dumps((False, exc), pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an exception that cannot be pickled: keep its text
        return pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")), pickle.HIGHEST_PROTOCOL)


def _collect(pid: int, fd: int) -> object:
    with os.fdopen(fd, "rb") as src:
        data = src.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        raise RuntimeError(f"a forked worker (pid {pid}) ended without a result (wait status {status})")
    ok, value = pickle.loads(data)
    if not ok:
        raise value
    return value


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


class Background:
    """``fn()`` started in a forked child when that is safe (one thread, ``fork`` available, more
    than one core), else run by ``join`` in this process: work whose inputs are final and whose
    output is files, done on another core while MkDocs goes on with its own work."""

    def __init__(self, fn: Callable[[], R]) -> None:
        self._fn = fn
        self._child: tuple[int, int] | None = None
        if workers_for(2, min_items=1) > 1:
            self._child = _fork(lambda _: fn(), [])

    def join(self) -> object:
        """The result, raising what ``fn`` raised (in the child or here)."""
        if self._child is None:
            return self._fn()
        child, self._child = self._child, None
        return _collect(*child)

    def cancel(self) -> None:
        """Stop the child, if any (a failed build); nothing is run."""
        if self._child is not None:
            pid, fd = self._child
            self._child = None
            os.close(fd)
            _kill(pid)
