"""``file.ctime`` and ``file.mtime`` of the vault's files: the first and the last commit that
touched each file where the vault is in a git repository, else (and for files git does not know)
the file system's times.

One ``git log`` reads the whole vault's history, whatever the number of notes. A shallow clone
knows only the commits it holds: a file already present in its oldest commit gets that commit's
date as ``ctime`` (the earliest this clone can tell). A git that is missing, fails or takes longer
than ``GIT_SECONDS`` leaves every file to the file system.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

GIT_SECONDS = 30.0
_COMMIT = "\x01"  # starts each commit's record in the log's output

Times = dict[str, tuple[datetime, datetime]]  # vault path -> (created, modified), local time


def git_times(root: Path) -> Times:
    """(first commit, last commit) of every file under ``root`` that git has history for, keyed
    by its path relative to ``root``; empty when ``root`` is not in a git work tree."""
    try:
        run = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", f"--format={_COMMIT}%ct", "--name-only", "-z",
             "--no-renames", "--relative", "--", "."],
            cwd=root, capture_output=True, timeout=GIT_SECONDS, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return {}
    if run.returncode != 0:
        return {}
    out: Times = {}
    for record in run.stdout.decode("utf-8", "surrogateescape").split(_COMMIT)[1:]:
        stamp, *names = record.split("\0")  # "<time>\0\n<name>\0<name>\0"
        try:
            when = datetime.fromtimestamp(int(stamp.strip()))
        except (ValueError, OverflowError, OSError):
            continue
        for name in names:
            name = name.strip("\n")
            if not name:
                continue
            hit = out.get(name)
            # newest first: the first commit seen is the last change, each later one is older
            out[name] = (when, hit[1]) if hit is not None else (when, when)
    return out


def fs_times(root: Path, path: str) -> tuple[datetime, datetime] | None:
    """The file system's (creation, modification) times; Linux keeps no creation time that
    Python reads, so the earlier of the inode change and modification times stands for it."""
    try:
        st = os.stat(root / path)
    except OSError:
        return None
    born = getattr(st, "st_birthtime", None)
    created = born if born is not None else min(st.st_ctime, st.st_mtime)
    return datetime.fromtimestamp(created), datetime.fromtimestamp(st.st_mtime)


def file_times(root: str | os.PathLike[str], paths: Iterable[str]) -> Times:
    """(created, modified) of each of ``paths`` (relative to the vault ``root``): git's dates
    where git has them, else the file system's; a file that cannot be read is left out."""
    base = Path(root)
    known = git_times(base)
    out: Times = {}
    for path in paths:
        hit = known.get(path)
        if hit is None:
            hit = fs_times(base, path)
        if hit is not None:
            out[path] = hit
    return out
