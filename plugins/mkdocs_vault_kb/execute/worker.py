"""The worker process: ``python -m mkdocs_vault_kb.execute.worker PARENT_PID``.

It imports NumPy and matplotlib once, then serves pages one at a time: for each page it forks a
fresh child (cheap, and the imports are already there) that runs the page's cells in one new
``__main__`` namespace inside a temporary working directory, under an address-space cap, with an
allow-listed environment and, where the kernel offers Landlock, write access only to its own
temporary folder (see ``sandbox``). The worker watches the child: a cell past its timeout gets
the child's process group killed, a child that dies is reported as a crash with what faulthandler
printed. Later cells of such a page are reported as skipped.

The worker is a child subreaper: whatever the page started (daemons, ``setsid`` children) is
re-parented to it and killed when the page is done. Its own parent's death (MkDocs exiting)
sends it SIGTERM, on which it kills the page and everything below it, then exits.

The page's stdout and stderr (file descriptors 1 and 2, so output of C code and subprocesses too)
are pipes the worker reads, keeping at most ``output_limit`` characters per cell. Messages are
JSON frames (see ``protocol``) on the original stdin/stdout; the worker points its own fds 0 and
1 elsewhere so that nothing stray corrupts them.
"""

from __future__ import annotations

import builtins
import contextlib
import faulthandler
import gc
import os
import resource
import select
import shutil
import signal
import sys
import tempfile
import time
import types
from typing import Any

from mkdocs_vault_kb.execute import sandbox
from mkdocs_vault_kb.execute.cell import append_chunk, cap_streams, run_cell
from mkdocs_vault_kb.execute.protocol import FrameReader, read_frame, write_frame

CRASH_TAIL_CHARS = 3000
READ_SIZE = 1 << 16
_PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_LANDLOCK_ABI = 0  # what the kernel offers, found at start


def preload() -> None:
    """Import what most cells use, so that every page's child starts with it already imported."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    with contextlib.suppress(ImportError):
        import numpy  # noqa: F401
    with contextlib.suppress(ImportError):
        import matplotlib

        matplotlib.use("Agg")
        matplotlib.rcParams["svg.hashsalt"] = "vault-exec"  # the same SVG ids on every build
        import matplotlib.pyplot as pyplot

        pyplot.show = lambda *args, **kwargs: None  # figures are captured after the cell
        _warm_up(pyplot)


def _warm_up(pyplot: Any) -> None:
    """Draw and save one small figure, so each page's child inherits loaded fonts and backends."""
    import io

    figure, axes = pyplot.subplots(figsize=(2, 1))
    axes.plot([0, 1], [0, 1], marker="o")
    axes.set_title("warm-up $x^2$")
    axes.set_xlabel("x")
    for fmt in ("svg", "png"):
        figure.savefig(io.BytesIO(), format=fmt, bbox_inches="tight")
    pyplot.close("all")


def _hide_paths(cwd: str, hidden: list[str]) -> None:
    """``sys.path`` without the plugin's source folder and without folders in or below the
    ``hidden`` ones (the project, the snippets, the cache) except the interpreter's own and
    site-packages folders; the plugin's modules forgotten. The page's code then does not find
    the project through them."""
    keep_below = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    with contextlib.suppress(Exception):
        import site

        keep_below.update([*site.getsitepackages(), site.getusersitepackages()])
    keep = tuple(os.path.join(os.path.realpath(p), "") for p in keep_below)
    hide = {os.path.realpath(p) for p in [_PACKAGE_PARENT, *hidden]}
    below = tuple(os.path.join(p, "") for p in hide if p != os.sep)
    kept, seen = [cwd], {os.path.realpath(cwd)}
    for entry in sys.path[1:]:
        real = os.path.realpath(entry) if entry else ""
        inside = os.path.join(real, "")
        if not real or real in seen:
            continue
        if not inside.startswith(keep) and (real in hide or inside.startswith(below)):
            continue
        kept.append(entry)
        seen.add(real)
    sys.path[:] = kept
    for name in [m for m in sys.modules if m == "mkdocs_vault_kb" or m.startswith("mkdocs_vault_kb.")]:
        del sys.modules[name]


def _child(job: dict[str, Any], channel: int, workdir: str) -> None:
    """Run the page's cells in order in one namespace; send one frame per cell."""
    sandbox.die_with_parent(signal.SIGKILL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.setpgid(0, 0)  # its own process group: a timeout kills whatever the page started too
    cwd, home, tmp = (os.path.join(workdir, name) for name in ("cwd", "home", "tmp"))
    os.chdir(cwd)
    hidden = [str(p) for p in job.pop("hide_paths", [])]
    environ = sandbox.fence_environ(os.environ, home, tmp)
    os.environ.clear()
    os.environ.update(environ)
    tempfile.tempdir = tmp
    faulthandler.enable(file=sys.__stderr__, all_threads=False)
    limit = int(job["memory_mb"]) * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))  # inherited by what the page starts
    if job.get("sandbox", True) and _LANDLOCK_ABI:
        sandbox.restrict([workdir], _LANDLOCK_ABI)
    module = types.ModuleType("__main__")
    module.__dict__["__builtins__"] = builtins
    sys.modules["__main__"] = module
    sys.argv = [""]
    _hide_paths(cwd, hidden)
    output_limit = int(job.get("output_limit", 1 << 20))
    for cell in job["cells"]:
        result = run_cell(cell["code"], cell["filename"], module.__dict__, output_limit)
        sys.__stdout__.flush()
        sys.__stderr__.flush()
        write_frame(channel, result)


class _Output:
    """A page's stdout and stderr pipes as the worker reads them: at most ``limit`` characters
    kept per cell, the rest counted; the last characters of stderr kept for a crash report."""

    def __init__(self, fds: dict[int, str], limit: int) -> None:
        self.fds = fds
        self.limit = limit
        self.open = set(fds)
        self.kept: dict[str, bytearray] = {name: bytearray() for name in fds.values()}
        self.dropped = 0
        self.tail = bytearray()

    def read(self, fd: int) -> None:
        """Read what ``fd`` has now (it is non-blocking)."""
        name = self.fds[fd]
        while True:
            try:
                data = os.read(fd, READ_SIZE)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                self.open.discard(fd)
                return
            room = self.limit - sum(len(kept) for kept in self.kept.values())
            self.kept[name] += data[: max(0, room)]
            self.dropped += max(0, len(data) - max(0, room))
            if name == "stderr":
                self.tail = (self.tail + data)[-CRASH_TAIL_CHARS:]
            if len(data) < READ_SIZE:
                return

    def drain(self) -> None:
        for fd in list(self.open):
            self.read(fd)

    def finish(self, result: dict[str, Any]) -> dict[str, Any]:
        """Add this cell's fd output to ``result``, capped; start afresh for the next cell."""
        streams = result.get("streams", [])
        for name, kept in self.kept.items():
            if kept:
                append_chunk(streams, name, kept.decode(errors="replace"))
                kept.clear()
        dropped = int(result.pop("dropped", 0)) + self.dropped
        self.dropped = 0
        result["streams"] = cap_streams(streams, self.limit, dropped)
        return result


def _crash_report(status: int, tail: bytes) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        how = f"was killed by signal {number}"
        with contextlib.suppress(ValueError):
            how = f"was killed by signal {signal.Signals(number).name}"
        if number == signal.SIGKILL:
            how += " (out of memory?)"
    else:
        how = f"exited with status {os.WEXITSTATUS(status)}"
    text = f"The process running this page {how}."
    tail_text = tail.decode(errors="replace").strip()
    if tail_text:
        text += "\n" + tail_text
    return text


def _error(kind: str, type_: str, message: str, detail: str) -> dict[str, Any]:
    error = {
        "kind": kind, "type": type_, "message": message, "traceback": detail, "last_frames": ""
    }
    return {"streams": [], "value": None, "figures": [], "error": error}


def _kill(pid: int) -> int:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1]


def _pidfd(pid: int) -> int | None:
    """A descriptor that polls readable when ``pid`` exits (Linux 5.3+), else None."""
    with contextlib.suppress(AttributeError, OSError):
        return os.pidfd_open(pid)
    return None


def _supervise(pid: int, channel: int, output: _Output, job: dict[str, Any], control: int) -> list:
    """Collect the child's cell results and output, enforcing each cell's timeout."""
    cells = job["cells"]
    results: list[dict[str, Any]] = []
    reader = FrameReader()
    poller = select.poll()
    for fd in (channel, control, *output.fds):
        poller.register(fd, select.POLLIN)
    exited = _pidfd(pid)
    if exited is not None:
        poller.register(exited, select.POLLIN)
    deadline = time.monotonic() + float(cells[0]["timeout"])
    status: int | None = None
    reason = ""
    try:
        while len(results) < len(cells):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                status = _kill(pid)
                seconds = f"{float(cells[len(results)]['timeout']):g}"
                message = f"the fence ran longer than {seconds} s and was stopped"
                results.append(_error("timeout", "TimeoutError", message, f"TimeoutError: {message}"))
                reason = "an earlier fence of this page timed out"
                break
            events = dict(poller.poll(remaining * 1000))
            if control in events:
                _kill(pid)  # the stage closed our stdin: stop now
                sandbox.kill_descendants()
                os._exit(0)
            for fd in output.fds:
                if fd in events:
                    output.read(fd)
                    if fd not in output.open:
                        poller.unregister(fd)
            ended = exited is not None and exited in events
            data = b""
            if channel in events or ended:
                data = _read_available(channel)
            for message in reader.feed(data):
                output.drain()  # what the cell wrote before its result is in the pipes by now
                results.append(output.finish(message))
                if len(results) < len(cells):
                    deadline = time.monotonic() + float(cells[len(results)]["timeout"])
            if len(results) < len(cells) and (ended or (channel in events and not data)):
                status = os.waitpid(pid, 0)[1]  # the child is gone before sending every result
                output.drain()
                report = _crash_report(status, bytes(output.tail))
                results.append(_error("crash", "WorkerCrash", report.splitlines()[0], report))
                reason = "the process running this page crashed on an earlier fence"
                break
    finally:
        if exited is not None:
            os.close(exited)
    if status is None:
        os.waitpid(pid, 0)
    while len(results) < len(cells):
        results.append(_error("skipped", "Skipped", reason, f"Not run: {reason}."))
    return results


def _read_available(fd: int) -> bytes:
    """Everything ``fd`` (non-blocking) holds now; b"" at end of file or when it is empty."""
    chunks = []
    while True:
        try:
            data = os.read(fd, 1 << 20)
        except BlockingIOError:
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks)


def run_page(job: dict[str, Any], control: int, channels: tuple[int, ...]) -> list:
    """Fork a child for the page, supervise it, kill what it left behind, clean up its folder."""
    workdir = tempfile.mkdtemp(prefix="vault-exec-")
    for name in ("cwd", "home", "tmp"):
        os.mkdir(os.path.join(workdir, name))
    read_end, write_end = os.pipe()
    pipes = {"stdout": os.pipe(), "stderr": os.pipe()}
    pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:
            os.close(read_end)
            for fd in channels:
                os.close(fd)
            for target, (out_read, out_write) in zip((1, 2), pipes.values()):
                os.close(out_read)
                os.dup2(out_write, target)
                os.close(out_write)
            _child(job, write_end, workdir)
        except BaseException:
            import traceback

            traceback.print_exc()
            code = 70
        finally:
            os._exit(code)
    os.close(write_end)
    for _, out_write in pipes.values():
        os.close(out_write)
    reads = {out_read: name for name, (out_read, _) in pipes.items()}
    for fd in (read_end, *reads):
        os.set_blocking(fd, False)
    try:
        output = _Output(reads, int(job.get("output_limit", 1 << 20)))
        return _supervise(pid, read_end, output, job, control)
    finally:
        sandbox.kill_descendants()  # daemons, setsid children: nothing outlives its page
        for fd in (read_end, *reads):
            os.close(fd)
        shutil.rmtree(workdir, ignore_errors=True)


def _terminated(signum: int, frame: object) -> None:
    """MkDocs died or the stage gave up on us: take every process of the page with us."""
    sandbox.kill_descendants()
    os._exit(0)


def main() -> None:
    """Serve pages until the stage closes our stdin (or our parent dies)."""
    global _LANDLOCK_ABI
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for MkDocs, which then closes us
    signal.signal(signal.SIGTERM, _terminated)
    sandbox.die_with_parent(signal.SIGTERM)
    if len(sys.argv) > 1 and os.getppid() != int(sys.argv[1]):
        return  # the parent died before we asked to be told
    subreaper = sandbox.become_subreaper()
    _LANDLOCK_ABI = sandbox.landlock_abi()
    control, answer = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    os.close(devnull)
    sys.stdout = sys.stderr
    preload()
    gc.freeze()  # children then leave the preloaded objects' pages shared (no copy-on-write)
    write_frame(answer, {"ready": os.getpid(), "landlock": _LANDLOCK_ABI, "subreaper": subreaper})
    reader = FrameReader()
    while True:
        job = read_frame(control, reader)
        if job is None:
            sandbox.kill_descendants()
            return
        write_frame(answer, {"cells": run_page(job, control, (control, answer))})


if __name__ == "__main__":
    main()
