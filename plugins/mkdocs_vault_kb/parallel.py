"""Work split across forked processes, for CPU-bound stages that MkDocs runs on one core.

``map_forked(fn, items)`` runs ``fn(chunk)`` for interleaved chunks of ``items``: the first chunk
in this process (in a child too with ``in_parent=False``), the others in forked children, which
inherit everything the parent built (such as the vault index) without pickling it and send back
only their pickled results, over a pipe.
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
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def workers_for(n_items: int, min_items: int = 200, max_workers: int = 4) -> int:
    if n_items < min_items or threading.active_count() > 1 or not hasattr(os, "fork"):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, max_workers))


def map_forked(fn: Callable[[list[T]], R], items: Sequence[T], *, min_items: int = 200, in_parent: bool = True) -> list[R]:
    """``[fn(chunk) for chunk in chunks]`` over interleaved chunks of ``items``, in forked children
    when that pays. An exception in a child is raised here, as it would be in a serial run.
    ``in_parent=False``: when it forks, every chunk runs in a child, none here (what ``fn`` makes
    and drops then never churns this process's heap; it waits for them)."""
    workers = workers_for(len(items), min_items)
    chunks = [list(items[k::workers]) for k in range(workers)]
    if workers == 1:
        return [fn(c) for c in chunks]
    children: list[tuple[int, int]] = []
    try:
        for chunk in chunks[0 if not in_parent else 1:]:
            children.append(_fork(fn, chunk))
        results = [fn(chunks[0])] if in_parent else []
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
    # unpickled as it arrives: the whole pickle and what it makes are never held at once
    with os.fdopen(fd, "rb") as src:
        try:
            result = pickle.load(src)
        except EOFError:
            result = None
    _, status = os.waitpid(pid, 0)
    if result is None:
        raise RuntimeError(f"a forked worker (pid {pid}) ended without a result (wait status {status})")
    ok, value = result
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
        self.forked = self._child is not None  # fn's inputs are the child's copy: this process may drop them

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


class TwoEnded:
    """The items of a sequence done from both ends until the two meet, each exactly once: this
    process takes them in order (``take``), a forked child does them from the last one backwards
    with ``fn`` and streams each result back over a pipe. Where the two meet adapts to how fast
    each side goes: nothing is split in advance. Who does an item is decided under a lock shared
    by both processes: ``bounds[0]`` is the first item this process has not taken, ``bounds[1]``
    the last one the child claimed.

    With no child (forking unsafe or not worth it, see ``workers_for``), or once the child has
    stopped (an item it could not do, or it died), ``take`` says "do it yourself": the parent does
    then what a serial run does, and raises what a serial run raises.
    """

    MISSING: Any = object()
    # A process that died holding the shared lock would leave the other waiting for ever: each
    # side gives up after this many seconds (the child stops; this process does the rest).
    LOCK_TIMEOUT = 30.0

    def __init__(self, items: Sequence[T], fn: Callable[[T], R], *, setup: Callable[[], None] | None = None) -> None:
        self._pos = {item: i for i, item in enumerate(items)}
        self._results: dict[int, Any] = {}
        self._child: int | None = None
        self._fd = -1
        if len(items) < 2 or workers_for(2, min_items=1) < 2:
            return
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        self._bounds = ctx.RawArray("q", [0, len(items)])
        self._lock = ctx.Lock()
        read_fd, write_fd = os.pipe()
        _widen_pipe(write_fd)
        pid = os.fork()
        if pid:
            os.close(write_fd)
            self._child, self._fd = pid, read_fd
            return
        status = 1
        try:  # the child: never returns into the parent's code
            os.close(read_fd)
            if setup is not None:
                setup()
            for j in range(len(items) - 1, -1, -1):
                if not self._lock.acquire(timeout=self.LOCK_TIMEOUT):
                    break
                try:
                    if j < self._bounds[0]:
                        break
                    self._bounds[1] = j
                finally:
                    self._lock.release()
                try:
                    message = (j, True, fn(items[j]))
                except BaseException:  # noqa: BLE001 - the parent does this item again, and raises
                    _send(write_fd, (j, False, None))
                    break
                _send(write_fd, message)
            status = 0
        finally:
            os._exit(status)

    def take(self, item: T) -> Any:
        """The child's result for ``item``, or ``MISSING``: this process does it (an item the
        child has not reached, one it failed, or one it was never given)."""
        i = self._pos.get(item)
        if i is None:
            return self.MISSING
        if self._child is not None:
            self._read(block=False)  # keep the pipe flowing: the child never waits for this process
            if not self._lock.acquire(timeout=self.LOCK_TIMEOUT):
                self._stop()  # the child died holding the lock: what it did not send is ours
                return self.MISSING
            try:
                if i < self._bounds[1]:
                    self._bounds[0] = max(self._bounds[0], i + 1)
                    return self.MISSING
            finally:
                self._lock.release()
            while i not in self._results and self._child is not None:
                self._read(block=True)
        ok, value = self._results.pop(i, (False, None))
        return value if ok else self.MISSING

    def _read(self, *, block: bool) -> None:
        import select

        while self._child is not None and (block or select.select([self._fd], [], [], 0)[0]):
            message = _receive(self._fd)
            if message is None:  # the child has stopped: what it did not send is this process's
                self._stop()
                return
            j, ok, value = message
            self._results[j] = (ok, value)
            block = False

    def close(self) -> None:
        """Stop the child if it still runs, reap it, and drop what it sent and was not taken."""
        self._stop()
        self._results.clear()

    def _stop(self) -> None:
        if self._child is not None:
            pid, self._child = self._child, None
            os.close(self._fd)
            _kill(pid)


def _widen_pipe(fd: int) -> None:
    """A larger pipe buffer, so the child rarely waits for the parent to read (Linux only)."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except OSError:
        pass


def _send(fd: int, message: object) -> None:
    data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(8, "little") + data)
    while view:
        view = view[os.write(fd, view):]


def _receive(fd: int) -> object | None:
    head = _read_exactly(fd, 8)
    if head is None:
        return None
    body = _read_exactly(fd, int.from_bytes(head, "little"))
    return None if body is None else pickle.loads(body)


def _read_exactly(fd: int, n: int) -> bytes | None:
    parts, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)
