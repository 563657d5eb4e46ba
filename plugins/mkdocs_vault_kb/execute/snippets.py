"""Expand pymdownx.snippets include lines inside a ``run-python`` fence.

``--8<-- "file.py"`` includes the whole file, ``--8<-- "file.py:name"`` the lines between
``# --8<-- [start:name]`` and ``# --8<-- [end:name]``. Marker lines of any section are dropped, the
include line's indentation is kept, paths are relative to the snippets folder and may not leave it.
A failed include becomes a visible comment line and a problem; the cell still runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_INCLUDE = re.compile(
    r"""^(?P<indent>[ \t]*)-{1,}8<-{1,}[ \t]+(?P<q>["'])(?P<target>[^"']+)(?P=q)[ \t]*$"""
)
_MARKER = re.compile(r"-{1,}8<-{1,}[ \t]+\[(?:start|end):[\w-]+\]")


@dataclass(frozen=True)
class Expansion:
    """The code after includes, the files it read, and ``(line in cell, message)`` problems."""

    code: str
    files: frozenset[Path] = field(default=frozenset())
    problems: tuple[tuple[int, str], ...] = field(default=())


_SECTION_MARK = re.compile(r"-{1,}8<-{1,}[ \t]+\[(start|end):([^\]]*)\]")


def _marks(line: str, kind: str, name: str) -> bool:
    return "8<" in line and any(m.group(1) == kind and m.group(2) == name for m in _SECTION_MARK.finditer(line))


def _section(lines: list[str], name: str) -> list[str] | None:
    for index, line in enumerate(lines):
        if _marks(line, "start", name):
            for stop in range(index + 1, len(lines)):
                if _marks(lines[stop], "end", name):
                    return lines[index + 1 : stop]
            return None
    return None


def resolve_snippet(target: str, snippets_dir: Path) -> Path | None:
    """The file ``target`` names inside ``snippets_dir``, or None when it would leave the folder."""
    base = snippets_dir.resolve()
    if Path(target).is_absolute():
        return None
    path = (base / target).resolve()
    return path if path.is_relative_to(base) else None


_FILES: dict[Path, tuple[tuple[int, int], tuple[str, ...]]] = {}


def _read_lines(path: Path) -> tuple[str, ...] | None:
    """The file's lines; read again only when its size or modification time changed (a page
    includes the same snippet file many times, and every serve rebuild reads them all)."""
    try:
        st = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    stamp = (st.st_mtime_ns, st.st_size)
    hit = _FILES.get(path)
    if hit is None or hit[0] != stamp:
        hit = _FILES[path] = (stamp, tuple(path.read_text(encoding="utf-8").splitlines()))
    return hit[1]


def _include(target: str, snippets_dir: Path | None) -> tuple[list[str] | None, Path | None, str]:
    """The included lines (or None), the file read, and the problem when there is one."""
    name, _, section = target.partition(":")
    if snippets_dir is None:
        return None, None, f'snippet "{target}": no snippets folder is configured'
    path = resolve_snippet(name, snippets_dir)
    if path is None:
        return None, None, f'snippet "{target}" is outside the snippets folder; refused'
    lines = _read_lines(path)
    if lines is None:
        return None, None, f'snippet "{target}": file not found in {snippets_dir}'
    lines = list(lines)
    if section:
        found = _section(lines, section)
        if found is None:
            markers = f"[start:{section}] ... [end:{section}]"
            return None, path, f'snippet "{target}": no section {markers}'
        lines = found
    return [line for line in lines if not _MARKER.search(line)], path, ""


def expand_includes(code: str, snippets_dir: Path | None) -> Expansion:
    """``code`` with every include line replaced by the lines it names."""
    out: list[str] = []
    files: set[Path] = set()
    problems: list[tuple[int, str]] = []
    for number, line in enumerate(code.split("\n"), start=1):
        match = _INCLUDE.match(line)
        if match is None:
            out.append(line)
            continue
        included, path, problem = _include(match["target"], snippets_dir)
        if path is not None:
            files.add(path)
        if included is None:
            problems.append((number, problem))
            out.append(f"{match['indent']}# {problem}")
            continue
        out.extend(match["indent"] + text if text else text for text in included)
    return Expansion("\n".join(out), frozenset(files), tuple(problems))
