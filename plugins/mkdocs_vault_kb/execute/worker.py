"""The worker process: ``python -m mkdocs_vault_kb.execute.worker``.

It imports NumPy and matplotlib once, then serves pages one at a time: for each page it forks a
fresh child (cheap, and the imports are already there) that runs the page's cells in one new
``__main__`` namespace inside a temporary working directory, under an address-space cap. The
worker watches the child: a cell past its timeout gets the child's process group killed, a child
that dies is reported as a crash with what faulthandler printed. Later cells of such a page are
reported as skipped. Messages are JSON frames (see ``protocol``) on the original stdin/stdout;
the worker points its own fds 0 and 1 elsewhere so that nothing stray corrupts them.
"""

from __future__ import annotations

import builtins
import contextlib
import ctypes
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

from mkdocs_vault_kb.execute.cell import append_chunk, run_cell
from mkdocs_vault_kb.execute.protocol import FrameReader, read_frame, write_frame

CRASH_TAIL_CHARS = 3000


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


def _die_with_parent() -> None:
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: the child dies if the worker does


def _child(job: dict[str, Any], channel: int, cwd: str, out_dir: str) -> None:
    """Run the page's cells in order in one namespace; send one frame per cell."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.setpgid(0, 0)  # its own process group: a timeout kills whatever the page started too
    os.chdir(cwd)
    for fd, name in ((1, "stdout"), (2, "stderr")):
        target = os.open(os.path.join(out_dir, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(target, fd)
        os.close(target)
    faulthandler.enable(file=sys.__stderr__, all_threads=False)
    limit = int(job["memory_mb"]) * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    module = types.ModuleType("__main__")
    module.__dict__["__builtins__"] = builtins
    sys.modules["__main__"] = module
    sys.argv = [""]
    sys.path[0] = cwd
    offsets = {"stdout": 0, "stderr": 0}
    for cell in job["cells"]:
        result = run_cell(cell["code"], cell["filename"], module.__dict__)
        for name in ("stdout", "stderr"):  # output written to the fds directly (C code, os.write)
            with open(os.path.join(out_dir, name), "rb") as stream:
                stream.seek(offsets[name])
                raw = stream.read()
            offsets[name] += len(raw)
            if raw:
                append_chunk(result["streams"], name, raw.decode(errors="replace"))
        write_frame(channel, result)


def _crash_report(status: int, out_dir: str) -> str:
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
    with contextlib.suppress(OSError), open(os.path.join(out_dir, "stderr"), "rb") as stream:
        stream.seek(0, os.SEEK_END)
        stream.seek(max(0, stream.tell() - CRASH_TAIL_CHARS))
        tail = stream.read().decode(errors="replace").strip()
        if tail:
            text += "\n" + tail
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


def _supervise(pid: int, channel: int, job: dict[str, Any], control: int, out_dir: str) -> list:
    """Collect the child's cell results, enforcing each cell's timeout."""
    cells = job["cells"]
    results: list[dict[str, Any]] = []
    reader = FrameReader()
    poller = select.poll()
    poller.register(channel, select.POLLIN)
    poller.register(control, select.POLLIN)
    deadline = time.monotonic() + float(cells[0]["timeout"])
    reaped = False
    reason = ""
    while len(results) < len(cells):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            _kill(pid)
            reaped = True
            seconds = f"{float(cells[len(results)]['timeout']):g}"
            message = f"the fence ran longer than {seconds} s and was stopped"
            results.append(_error("timeout", "TimeoutError", message, f"TimeoutError: {message}"))
            reason = "an earlier fence of this page timed out"
            break
        events = poller.poll(remaining * 1000)
        if any(fd == control for fd, _ in events):
            _kill(pid)  # the stage closed our stdin: stop now
            os._exit(0)
        if not events:
            continue
        data = os.read(channel, 1 << 20)
        if not data:
            report = _crash_report(os.waitpid(pid, 0)[1], out_dir)
            reaped = True
            results.append(_error("crash", "WorkerCrash", report.splitlines()[0], report))
            reason = "the process running this page crashed on an earlier fence"
            break
        for message in reader.feed(data):
            results.append(message)
            if len(results) < len(cells):
                deadline = time.monotonic() + float(cells[len(results)]["timeout"])
    if not reaped:
        os.waitpid(pid, 0)
    while len(results) < len(cells):
        results.append(_error("skipped", "Skipped", reason, f"Not run: {reason}."))
    return results


def run_page(job: dict[str, Any], control: int, channels: tuple[int, ...]) -> list:
    """Fork a child for the page, supervise it, clean up its temporary folder."""
    workdir = tempfile.mkdtemp(prefix="vault-exec-")
    cwd = os.path.join(workdir, "cwd")
    os.mkdir(cwd)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:
            os.close(read_end)
            for fd in channels:
                os.close(fd)
            _child(job, write_end, cwd, workdir)
        except BaseException:
            import traceback

            traceback.print_exc()
            code = 70
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        return _supervise(pid, read_end, job, control, workdir)
    finally:
        os.close(read_end)
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    """Serve pages until the stage closes our stdin."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for MkDocs, which then closes us
    control, answer = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    os.close(devnull)
    sys.stdout = sys.stderr
    preload()
    gc.freeze()  # children then leave the preloaded objects' pages shared (no copy-on-write)
    write_frame(answer, {"ready": os.getpid()})
    reader = FrameReader()
    while True:
        job = read_frame(control, reader)
        if job is None:
            return
        write_frame(answer, {"cells": run_page(job, control, (control, answer))})


if __name__ == "__main__":
    main()
