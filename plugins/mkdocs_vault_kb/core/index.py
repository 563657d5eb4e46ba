"""Stage 1: read the vault once into an index that answers every lookup with a dictionary access.

Keys are NFC-normalised and lower-cased: Obsidian compares names ignoring case, and a vault
synced from macOS may hold decomposed (NFD) file names.
"""

from __future__ import annotations

import pickle
import posixpath
import re
import zlib
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic
from .frontmatter import as_list, split_frontmatter, text_of
from .headings import AnchorMaker, Block, Heading, find_blocks, find_headings
from .scan import Masked, mask

NOTE_SUFFIX = ".md"
HUGE_NOTE = 50_000_000  # characters; larger notes are indexed but not scanned for headings or blocks


def fold(s: str) -> str:
    """The comparison key of a name or path."""
    return unicodedata.normalize("NFC", s).lower()


_NO_HEADINGS: list[Heading] = []  # a closed note's placeholders, never read: one for every note
_NO_BLOCKS: dict[str, Any] = {}


def _heavy_field(slot: str) -> Any:
    """A field of a note's heavy part: read or written, it unpacks the note first (``Note``)."""

    def get(note: Note) -> Any:
        note._open()
        return getattr(note, slot)

    def put(note: Note, value: Any) -> None:
        note._open()
        setattr(note, slot, value)
        note._packed = None  # changed: the packed copy is stale

    return property(get, put)


class Note:
    """One note of the vault. Its text, headings, block ids and frontmatter line numbers (the
    heavy part, most of a note's memory) may be *packed*: kept as one compressed pickle that the
    first read of any of them unpacks (``pack``). A single build's parsers send notes packed, so
    MkDocs' process holds the vault compressed while the children that render, link and write
    unpack what they read (issue 16: memory); ``unpacked`` reads a packed note without keeping it
    unpacked. A read keeps the packed copy beside what it unpacked, so ``close`` lets the unpacked
    part go again: a child that reads every note (the Markdown copies, llms-full.txt, the feed)
    holds a few unpacked at a time."""

    __slots__ = ("path", "body_line", "meta", "title", "aliases", "tags", "masked", "_body", "_headings", "_blocks", "_meta_lines", "_packed", "_open_")

    def __init__(
        self,
        path: str,  # vault path, posix, with ``.md``
        body: str,  # the text after the frontmatter
        body_line: int,  # 1-based file line where the body starts
        meta: dict[str, Any],
        title: str,
        aliases: list[str],
        tags: list[str],  # frontmatter tags, without '#'
        headings: list[Heading],
        blocks: dict[str, Block],
        meta_lines: dict[str, int] | None = None,
        masked: Masked | None = None,  # the body with code, math and comments hidden (reused by render)
    ) -> None:
        self.path, self.body_line, self.meta, self.title, self.aliases, self.tags = path, body_line, meta, title, aliases, tags
        self._body, self._headings, self._blocks = body, headings, blocks
        self._meta_lines = {} if meta_lines is None else meta_lines
        self.masked = masked
        self._packed: bytes | None = None
        self._open_ = True  # the heavy fields hold the heavy part

    def pack(self) -> None:
        """Keep the heavy part as one compressed pickle (zlib's fastest level) until it is read."""
        if self._packed is None:
            heavy = (self._body, self._headings, self._blocks, self._meta_lines)
            self._packed = zlib.compress(pickle.dumps(heavy, pickle.HIGHEST_PROTOCOL), 1)
        self.close()

    def close(self) -> None:
        """A packed note's unpacked part let go (read again, it is unpacked again); a note that
        was never packed, or was changed since, stays as it is."""
        if self._packed is not None and self._open_:
            self._body, self._headings, self._blocks, self._meta_lines = "", _NO_HEADINGS, _NO_BLOCKS, _NO_BLOCKS
            self._open_ = False
            self.masked = None

    @property
    def packed(self) -> bool:
        """Held packed only: a read would unpack it."""
        return not self._open_

    def _heavy(self) -> tuple[str, list[Heading], dict[str, Block], dict[str, int]]:
        if self._open_:
            return self._body, self._headings, self._blocks, self._meta_lines
        assert self._packed is not None
        return pickle.loads(zlib.decompress(self._packed))

    def _open(self) -> None:
        if not self._open_:
            self._body, self._headings, self._blocks, self._meta_lines = self._heavy()
            self._open_ = True

    def unpacked(self) -> Note:
        """This note with its heavy part unpacked, leaving this one as it is (packed or not)."""
        if self._packed is None:
            return self
        body, headings, blocks, meta_lines = self._heavy()
        return Note(self.path, body, self.body_line, self.meta, self.title, self.aliases, self.tags, headings, blocks, meta_lines)

    def with_body(self, body: str) -> Note:
        """A copy of this note with another body (not masked: the mask was of the old one)."""
        n = self.unpacked()
        return Note(self.path, body, self.body_line, self.meta, self.title, self.aliases, self.tags, n.headings, n.blocks, n.meta_lines)

    def drop_heavy(self) -> None:
        """Let the heavy part go (``memory.strip_index``): it reads as empty from now on."""
        self._body, self._headings, self._blocks, self._meta_lines, self._packed = "", [], {}, {}, None
        self._open_ = True
        self.masked = None

    body = _heavy_field("_body")  # the text after the frontmatter
    headings = _heavy_field("_headings")
    blocks = _heavy_field("_blocks")
    meta_lines = _heavy_field("_meta_lines")

    def _fields(self) -> tuple[Any, ...]:
        return (self.path, *self._heavy(), self.body_line, self.meta, self.title, self.aliases, self.tags, self.masked)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Note) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, as a dataclass's

    def __repr__(self) -> str:
        return f"Note(path={self.path!r}, title={self.title!r}, packed={self.packed})"

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.path)

    @property
    def name(self) -> str:
        return posixpath.basename(self.path)[: -len(NOTE_SUFFIX)]


Parsed = tuple[Note, list[Diagnostic]]  # a note and the problems found reading it


@dataclass(slots=True)
class VaultIndex:
    notes: dict[str, Note]
    attachments: set[str]
    by_path: dict[str, str]  # fold(path) -> path, for notes with and without .md, and attachments
    by_filename: dict[str, list[str]]  # fold(basename with extension) -> paths
    by_stem: dict[str, list[str]]  # fold(note name without .md) -> note paths
    by_alias: dict[str, list[str]]  # fold(alias) -> note paths
    diagnostics: list[Diagnostic]

    def is_note(self, path: str) -> bool:
        return path in self.notes

    def close_notes(self) -> None:
        """Every packed note that a read unpacked packed again (``Note.close``)."""
        for note in self.notes.values():
            note.close()

    def shape(self) -> tuple[Any, ...]:
        """All that rendering one note may read of the others (paths, titles, aliases, headings,
        block ids, attachments): while it stays equal, an unchanged note renders the same."""
        notes = tuple(
            (p, n.title, tuple(n.aliases), tuple((h.level, h.anchor, h.key) for h in n.headings), tuple(n.blocks))
            for p, n in self.notes.items()
        )
        return notes, tuple(sorted(self.attachments))


def _tag_list(value: Any) -> list[str]:
    tags = []
    for tag in as_list(value):
        for part in re.split(r"[\s,]+", tag):
            part = part.lstrip("#")
            if part:
                tags.append(part)
    return tags


def _text_property(texts: dict[str, Any], meta: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if key in meta:
            return text_of(texts, meta, key)
    return None


def read_note(path: str, text: str, anchors: AnchorMaker) -> tuple[Note, list[Diagnostic]]:
    """Parse one note: frontmatter, title, aliases, tags, headings and block ids."""
    diags: list[Diagnostic] = []
    fm = split_frontmatter(text)
    if fm.error:
        diags.append(Diagnostic(path, fm.error_line, fm.error))
    meta = fm.meta
    name = posixpath.basename(path)[: -len(NOTE_SUFFIX)]
    # A broken frontmatter keeps the properties that parse alone, but the note is titled from its
    # file name: a title salvaged from a broken block may not be the one the author meant.
    title = text_of(fm.texts, meta, "title") if fm.error is None else None
    if not isinstance(title, str) or not title.strip():
        title = name
    if len(fm.body) > HUGE_NOTE:
        diags.append(Diagnostic(path, 1, f"huge note ({len(fm.body):,} characters): headings and blocks not indexed"))
        headings: list[Heading] = []
        blocks: dict[str, Block] = {}
        masked = None
    else:
        masked = mask(fm.body)
        lines = masked.text.split("\n")
        headings = find_headings(lines, anchors)
        blocks = find_blocks(lines)
    if not fm.body.strip():
        diags.append(Diagnostic(path, 1, "empty note", "info"))
    note = Note(
        path=path,
        body=fm.body,
        body_line=fm.body_line,
        meta=meta,
        title=" ".join(title.split()),
        aliases=as_list(_text_property(fm.texts, meta, "aliases", "alias")),
        tags=_tag_list(_text_property(fm.texts, meta, "tags", "tag")),
        headings=headings,
        blocks=blocks,
        meta_lines=fm.raw_lines,
        masked=masked,
    )
    return note, diags


NoteCache = dict[str, tuple[str, Note, list[Diagnostic]]]


def build_index(
    notes: Mapping[str, str],
    attachments: Iterable[str],
    anchors: AnchorMaker,
    *,
    read_errors: Mapping[str, list[tuple[int, str]]] | None = None,
    cache: NoteCache | None = None,
    map_chunks: Callable[[Callable[[list[str]], list[Parsed]], list[str]], list[list[Parsed]]] | None = None,
    keep_masked: bool = True,
    pack: bool = False,
) -> VaultIndex:
    """Index every note (path -> text) and attachment path of the vault.

    ``cache`` (kept by the caller across the rebuilds of ``mkdocs serve``) holds each note's text
    and parse: a note whose text did not change is not parsed again. It is pruned to ``notes``.
    ``map_chunks(fn, paths)`` may run ``fn`` over chunks of the notes to parse elsewhere (the
    adapter's forked processes); by default, here. ``keep_masked=False``: the notes come without
    their masked bodies (rendering masks each again), which a parse elsewhere then never sends.
    ``pack``: each note comes packed (``Note.pack``), and unpacks where it is read.
    """
    diags: list[Diagnostic] = []
    for path, problems in (read_errors or {}).items():
        diags.extend(Diagnostic(path, line, message) for line, message in problems)
    done: dict[str, Parsed] = {}
    todo: list[str] = []
    for path, text in notes.items():
        hit = cache.get(path) if cache is not None else None
        if hit is not None and hit[0] == text:
            done[path] = hit[1], hit[2]
        else:
            todo.append(path)

    def read(paths: list[str]) -> list[Parsed]:
        parsed = [read_note(path, notes[path], anchors) for path in paths]
        for note, _ in parsed:
            if pack:
                note.pack()
            elif not keep_masked:
                note.masked = None
        return parsed

    for chunk in (map_chunks or (lambda fn, items: [fn(list(items))]))(read, todo):
        for note, d in chunk:
            done[note.path] = note, d
            if cache is not None:
                cache[note.path] = (notes[note.path], note, d)
    parsed: dict[str, Note] = {}
    for path in notes:
        parsed[path], d = done[path]
        diags.extend(d)
    if cache is not None:
        for gone in set(cache) - set(notes):
            del cache[gone]
    attach = set(attachments)
    by_path: dict[str, str] = {}
    by_filename: dict[str, list[str]] = defaultdict(list)
    by_stem: dict[str, list[str]] = defaultdict(list)
    by_alias: dict[str, list[str]] = defaultdict(list)
    for path in sorted(parsed):
        by_path[fold(path)] = path
        by_path.setdefault(fold(path[: -len(NOTE_SUFFIX)]), path)
        by_filename[fold(posixpath.basename(path))].append(path)
        by_stem[fold(parsed[path].name)].append(path)
        for alias in parsed[path].aliases:
            by_alias[fold(alias)].append(path)
    for path in sorted(attach):
        by_path.setdefault(fold(path), path)
        by_filename[fold(posixpath.basename(path))].append(path)
    return VaultIndex(parsed, attach, by_path, dict(by_filename), dict(by_stem), dict(by_alias), diags)
