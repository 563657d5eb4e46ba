"""``python -m mkdocs_vault_kb check [VAULT]``: the build's diagnostics without a build.

Indexes the vault and runs every note through the core's link stages, the ones that report
problems in a build (``pipeline.diagnose_note``), then checks each ``run-python`` fence (options,
snippet includes, Python syntax) and compiles each snippet file once. Each ``.base`` file and ```` ```base ```` block is read and
evaluated over the vault by the build's own ``core.bases.render_base`` (invalid YAML, expressions
that do not parse or fail, unknown functions), each ``.canvas`` file read by ``parse_canvas`` and
its file nodes looked up (``file_problems``: a file not in the vault, a heading or block not in its note).
Notes and snippets are
shared among forked processes (``parallel.map_forked``). Prints
``file:line: message`` for each problem and exits 1 when there is an error (what ``mkdocs build
--strict`` would fail on), 0 otherwise. Nothing is executed and nothing is written.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

from markdown.extensions.toc import slugify

from .core.bases import BASE_FENCE, VaultData, render_base
from .core.bases.filetimes import file_times
from .core.boundary import check_boundary
from .core.canvas import CANVAS_SUFFIX, file_problems, parse_canvas
from .core.context import Options
from .core.diagnostics import Diagnostic, collapse_embed_chains
from .core.headings import AnchorMaker
from .core.index import NOTE_SUFFIX, VaultIndex, build_index
from .core.pipeline import diagnose_note
from .core.source import decode_note
from .execute.fences import find_fences
from .parallel import map_forked
from .execute.snippets import expand_includes

SKIP_DIRS = {".obsidian", ".trash", ".git"}


def read_vault(
    root: Path, *, symlinked_folders: bool = False
) -> tuple[dict[str, str], list[str], dict[str, list[tuple[int, str]]]]:
    """Notes (path -> text), attachment paths and read problems (path -> [(line, message)]),
    skipping hidden folders, and files a symbolic link brings in from outside the vault (reported
    under the link's path, as the build reports them)."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        if Path(dirpath).is_symlink() and not symlinked_folders:
            dirnames[:] = []  # a linked folder is refused as a whole (and may hold a loop)
        found.extend(Path(dirpath, name).relative_to(root).as_posix() for name in sorted(filenames))
    boundary = check_boundary(str(root), found, symlinked_folders=symlinked_folders)
    notes: dict[str, str] = {}
    attachments: list[str] = []
    errors: dict[str, list[tuple[int, str]]] = {link: [(1, message)] for link, message in boundary.problems.items()}
    for rel in boundary.keep:
        if not rel.endswith(NOTE_SUFFIX):
            attachments.append(rel)
            continue
        notes[rel], problems = decode_note((root / rel).read_bytes())
        if problems:
            errors.setdefault(rel, []).extend(problems)
    return notes, attachments, errors


_INCLUDE_LINE = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+(["'])([^"']+)\1[ \t]*$""")


def check_fences(path: str, markdown: str, first_line: int, snippets: Path | None) -> list[Diagnostic]:
    """Malformed ``run-python`` fences, bad options, missing snippets and Python syntax errors.

    A fence is compiled with its include lines blanked; each snippet file is compiled once (by
    ``check_snippet``), and each include target is resolved once per process."""
    out: list[Diagnostic] = []
    fences, problems = find_fences(markdown)
    for p in problems:
        out.append(Diagnostic(path, p.line + first_line - 1, p.message))
    for fence in fences:
        line = fence.line + first_line - 1
        for problem in fence.problems:
            out.append(Diagnostic(path, line, problem))
        own = []
        for code_line in fence.code.split("\n"):
            include = _INCLUDE_LINE.match(code_line)
            if include:
                for message in _include_problems(include.group(2), snippets):
                    out.append(Diagnostic(path, line, message))
                own.append("")
            else:
                own.append(code_line)
        try:
            compile("\n".join(own), f"<run-python: {path}:{line}>", "exec", dont_inherit=True)
        except SyntaxError as exc:
            out.append(Diagnostic(path, line, f"run-python fence does not parse: {exc.msg} (cell line {exc.lineno})"))
    return out


@lru_cache(maxsize=None)
def _include_problems(target: str, snippets: Path | None) -> tuple[str, ...]:
    return tuple(message for _, message in expand_includes(f'--8<-- "{target}"', snippets).problems)


def check_snippet(file: Path) -> list[Diagnostic]:
    """A snippet file parses as Python (each is checked once, not once per include)."""
    try:
        compile(file.read_text(encoding="utf-8"), str(file), "exec", dont_inherit=True)
    except SyntaxError as exc:
        return [Diagnostic(f"../{file.parent.name}/{file.name}", exc.lineno or 1, f"snippet does not parse: {exc.msg}")]
    return []


def check(root: Path, snippets: Path | None, options: Options) -> list[Diagnostic]:
    notes, attachments, errors = read_vault(root)
    index = build_index(notes, attachments, AnchorMaker(slugify), read_errors=errors)
    diags = list(index.diagnostics)
    work: list[str | Path] = [*sorted(index.notes), *(sorted(snippets.glob("*.py")) if snippets else [])]
    global _JOB
    _JOB = (index, snippets, options)
    try:
        for found in map_forked(_check_items, work, min_items=100):
            diags.extend(found)
    finally:
        _JOB = None
    diags.extend(check_formats(root, index))
    return sorted(dict.fromkeys(collapse_embed_chains(diags)), key=lambda d: (d.path, d.line, d.message))


def check_formats(root: Path, index: VaultIndex) -> list[Diagnostic]:
    """Bases (``.base`` files and ```` ```base ```` blocks of notes) and canvases, read and
    evaluated by the core as the build does. Each base is evaluated over every note with its
    frontmatter tags; the inline ``#tags`` and links a build finds by rendering are not known
    here, so an expression over them (``file.hasTag``, ``file.links``) may see fewer."""
    out: list[Diagnostic] = []
    data: VaultData | None = None

    def base(source: str, path: str, this: str | None, line0: int) -> None:
        nonlocal data
        if data is None:
            data = VaultData.build(index, {}, [], times=lambda: file_times(root, [*index.notes, *index.attachments]))
        out.extend(render_base(source, data, lambda _target: None, path=path, this=this, line0=line0)[1])

    for rel in sorted(index.attachments):
        lower = rel.lower()
        if lower.endswith(".base"):
            base(decode_note((root / rel).read_bytes())[0], rel, None, 1)
        elif lower.endswith(CANVAS_SUFFIX):
            canvas = parse_canvas(rel, (root / rel).read_bytes())
            out.extend(canvas.diagnostics + file_problems(canvas, index))
    for path, note in sorted(index.notes.items()):
        if "base" not in note.body:
            continue
        for m in BASE_FENCE.finditer(note.body):
            base(m.group("body"), path, path, note.body_line + note.body.count("\n", 0, m.start("body")))
    return out


_JOB: tuple[VaultIndex, Path | None, Options] | None = None  # what forked workers read


def _check_items(items: list[str | Path]) -> list[Diagnostic]:
    """Notes (vault paths) and snippet files: the work the forked processes share."""
    assert _JOB is not None
    index, snippets, options = _JOB
    out: list[Diagnostic] = []
    for item in items:
        if isinstance(item, Path):
            out.extend(check_snippet(item))
            continue
        note = index.notes[item]
        out.extend(diagnose_note(index, item, options))
        out.extend(check_fences(item, note.body, note.body_line, snippets))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mkdocs_vault_kb check", description=__doc__.split("\n\n")[0])
    parser.add_argument("vault", nargs="?", default="vault", type=Path, help="the vault folder (default: vault)")
    parser.add_argument("--snippets", type=Path, default=None, help="snippets folder (default: snippets beside the vault)")
    parser.add_argument("--no-aliases", action="store_true", help="do not resolve [[Alias]] (Obsidian desktop behaviour)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print errors only, not ambiguous-name notes")
    args = parser.parse_args(argv)
    if not args.vault.is_dir():
        print(f"{args.vault}: not a folder", file=sys.stderr)
        return 2
    snippets = args.snippets or args.vault.resolve().parent / "snippets"
    diags = check(args.vault, snippets if snippets.is_dir() else None, Options(resolve_aliases=not args.no_aliases))
    errors = [d for d in diags if d.level == "warning"]
    for d in diags:
        if d.level == "warning":
            print(f"{d.path}:{d.line}: {d.message}")
        elif not args.quiet:
            print(f"{d.path}:{d.line}: note: {d.message}")
    notes = "error" if len(errors) == 1 else "errors"
    print(f"{len(errors)} {notes} in {args.vault}", file=sys.stderr)
    return 1 if errors else 0
