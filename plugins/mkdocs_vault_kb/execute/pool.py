"""Worker processes seen from the stage: one per slot, each serving one page at a time.

A thread per slot talks to its worker over pipes, so ``submit`` never blocks and pages run in
parallel while the caller goes on. A worker that dies is replaced on the next page.

A worker starts with an allow-listed environment (``sandbox.WORKER_ENV``: no token, key or
password of the builder's reaches it), in the temporary folder rather than the project. It is
stopped by closing its stdin; one that does not answer gets SIGTERM first (it then kills what
its page started) and SIGKILL only after that.
"""

from __future__ import annotations

import logging
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from mkdocs_vault_kb.execute import sandbox
from mkdocs_vault_kb.execute.protocol import FrameReader, encode

STARTUP_SECONDS = 120.0  # the first import of matplotlib may build its font cache
SLACK_SECONDS = 30.0  # beyond the page's own timeouts, before the worker itself is given up
TERM_SECONDS = 3.0  # after SIGTERM, before SIGKILL
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])
_SINGLE_THREADED = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


class WorkerLost(Exception):
    """The worker process stopped answering or died."""


_log = logging.getLogger("mkdocs.plugins.vault")
_reported: set[str] = set()


def _worker_env() -> dict[str, str]:
    """The allow-list of the builder's environment, and what the worker needs to start."""
    env = {name: value for name, value in os.environ.items()
           if sandbox.allowed(name, sandbox.WORKER_ENV)}
    if _PACKAGE_PARENT not in sys.path:  # not installed: the worker finds the plugin this way
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (_PACKAGE_PARENT, env.get("PYTHONPATH")) if p)
    env["MPLBACKEND"] = "Agg"
    for name in _SINGLE_THREADED:  # pages already run in parallel: one BLAS thread each
        env.setdefault(name, "1")
    return env


def _report_once(ready: dict[str, Any]) -> None:
    """Say once per process, at info level, when fences run without the Landlock sandbox."""
    if sys.platform.startswith("linux") and not ready.get("landlock"):
        key = "landlock"
        message = ("vault: the kernel offers no Landlock (Linux 5.13+): run-python fences are "
                   "not kept from writing into the vault or reading other processes' /proc "
                   "entries; they still run in a temporary folder with an allow-listed "
                   "environment, and what they start is killed with their page")
    elif not sys.platform.startswith("linux"):
        key = "platform"
        message = ("vault: run-python fences are sandboxed on Linux only; here they run in a "
                   "temporary folder with an allow-listed environment, and processes they "
                   "start outside their process group can outlive their page")
    else:
        return
    if key not in _reported:
        _reported.add(key)
        _log.info(message)


class WorkerProcess:
    """One worker process (see ``worker``) and the pipes to it."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs_vault_kb.execute.worker", str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=_worker_env(),
            cwd=tempfile.gettempdir(),
            close_fds=True,
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._stdin = self._process.stdin
        self._stdout = self._process.stdout.fileno()
        self._reader = FrameReader()
        try:
            self.ready: dict[str, Any] = self._receive(time.monotonic() + STARTUP_SECONDS)
        except WorkerLost:
            self.stop()
            self.release()
            raise
        _report_once(self.ready)

    def _receive(self, deadline: float) -> Any:
        messages = self._reader.feed(b"")
        while not messages:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._terminate()
                raise WorkerLost("the worker process stopped answering")
            ready, _, _ = select.select([self._stdout], [], [], remaining)
            if ready:
                data = os.read(self._stdout, 1 << 20)
                if not data:
                    raise WorkerLost(f"the worker process exited ({self._process.wait()})")
                messages = self._reader.feed(data)
        return messages[0]

    def run(self, job: dict[str, Any]) -> list[dict[str, Any]]:
        """Run one page; raise WorkerLost when the worker dies or hangs."""
        budget = sum(float(cell["timeout"]) for cell in job["cells"]) + SLACK_SECONDS
        try:
            self._stdin.write(encode(job))
            self._stdin.flush()
        except (BrokenPipeError, ValueError, OSError) as exc:
            raise WorkerLost(f"the worker process is gone ({exc})") from exc
        answer = self._receive(time.monotonic() + budget)
        return list(answer["cells"])

    def stop(self) -> None:
        """Close the worker's stdin (it kills a running page and exits); kill it if it lingers."""
        try:
            self._stdin.close()
        except OSError:
            pass
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._terminate()

    def _terminate(self) -> None:
        """SIGTERM (the worker kills its page's processes and exits), then SIGKILL if need be."""
        if self._process.poll() is not None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=TERM_SECONDS)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def release(self) -> None:
        """Close our end of the worker's stdout (once no thread reads it any more)."""
        if self._process.stdout is not None:
            self._process.stdout.close()


class WorkerPool:
    """``count`` worker processes, started lazily, each driven by one thread."""

    def __init__(self, count: int) -> None:
        self._executor = ThreadPoolExecutor(max_workers=count, thread_name_prefix="vault-exec")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._workers: list[WorkerProcess] = []
        self._closed = False
        self.started = 0

    def submit(
        self, job: dict[str, Any], finish: Callable[[list[dict[str, Any]]], None]
    ) -> Future[list[dict[str, Any]]]:
        """Run ``job`` (a page) on the next free worker; the future holds one result per cell.

        ``finish(results)`` runs in the worker's thread before the future is done, so whoever
        waits for the future sees its effects (the results are in the cache).
        """
        return self._executor.submit(self._run_and_finish, job, finish)

    def _run_and_finish(
        self, job: dict[str, Any], finish: Callable[[list[dict[str, Any]]], None]
    ) -> list[dict[str, Any]]:
        results = self._run(job)
        finish(results)
        return results

    def _worker(self) -> WorkerProcess:
        worker: WorkerProcess | None = getattr(self._local, "worker", None)
        if worker is None:
            worker = WorkerProcess()
            with self._lock:
                if self._closed:
                    worker.stop()
                    worker.release()
                    raise WorkerLost("the execution stage was closed")
                self._workers.append(worker)
                self.started += 1
            self._local.worker = worker
        return worker

    def _forget(self, worker: WorkerProcess) -> None:
        self._local.worker = None
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)
        worker.stop()
        worker.release()

    def _run(self, job: dict[str, Any]) -> list[dict[str, Any]]:
        worker = None
        try:
            if self._closed:
                raise WorkerLost("the execution stage was closed")
            worker = self._worker()
            return worker.run(job)
        except (WorkerLost, OSError) as exc:
            if worker is not None:
                self._forget(worker)
            return [_lost(str(exc)) for _ in job["cells"]]

    def close(self) -> None:
        """Stop every worker (a running page is killed) and the threads. Safe to call twice."""
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.stop()  # a worker busy with a page kills it and exits; its thread sees EOF
        self._executor.shutdown(wait=True, cancel_futures=True)
        for worker in workers:
            worker.release()


def _lost(reason: str) -> dict[str, Any]:
    message = f"The worker process was lost: {reason}."
    error = {"kind": "crash", "type": "WorkerLost", "message": message, "traceback": message,
             "last_frames": ""}
    return {"streams": [], "value": None, "figures": [], "error": error}
