"""Stage 2: which file a link names, by Obsidian's rules (OBSIDIAN.md, rules 1-8).

Pure functions over a ``VaultIndex``; nothing here logs or reads files.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from .index import NOTE_SUFFIX, VaultIndex, fold


@dataclass(frozen=True, slots=True)
class LinkRef:
    """What a link says, before resolution: ``target#heading#sub|alias`` or ``target#^block``."""

    target: str
    headings: tuple[str, ...] = ()
    block: str | None = None
    alias: str | None = None

    @property
    def has_fragment(self) -> bool:
        return bool(self.headings) or self.block is not None

    def default_text(self) -> str:
        """Obsidian's text for a link without an alias: ``Note``, ``Note > Heading``."""
        parts = [self.target] if self.target else []
        parts += list(self.headings)
        if self.block is not None:
            parts.append("^" + self.block)
        return " > ".join(parts)


def parse_wikilink(inner: str) -> LinkRef:
    """Parse the text between ``[[`` and ``]]``; the display text follows the first ``|``."""
    target, bar, alias = inner.partition("|")
    if not bar:
        target, bar, alias = inner.partition("\\|")  # table-escaped separator
    if target.endswith("\\"):
        target = target[:-1]
    return _split_fragment(target.strip(), alias.strip() if bar else None)


def parse_markdown_href(href: str) -> LinkRef:
    """A Markdown link destination (``other%20note.md#h``, ``<other note.md>``) as a ``LinkRef``."""
    href = href.strip()
    if href.startswith("<") and href.endswith(">"):
        href = href[1:-1]
    path, _, frag = href.partition("#")
    ref = _split_fragment(unquote(path), None)
    if frag:
        frag = unquote(frag)
        if frag.startswith("^"):
            return LinkRef(ref.target, (), frag[1:], None)
        return LinkRef(ref.target, tuple(p for p in frag.split("#") if p), None, None)
    return ref


def _split_fragment(target: str, alias: str | None) -> LinkRef:
    name, _, rest = target.partition("#")
    parts = [p.strip() for p in rest.split("#") if p.strip()] if rest else []
    block = None
    headings = []
    for part in parts:
        if part.startswith("^"):
            block = part[1:]
        else:
            headings.append(part)
    return LinkRef(name.strip(), tuple(headings), block, alias or None)


@dataclass(frozen=True, slots=True)
class Resolution:
    """The file a link names (``None`` when nothing matches) and every candidate it was chosen from."""

    path: str | None
    candidates: tuple[str, ...] = ()
    via_alias: bool = False

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


def choose(candidates: Sequence[str], source_folder: str) -> str:
    """Obsidian's tie-break: files under the linking note's folder first, then the shortest path.

    Shortest means fewest path segments, then fewest characters, then alphabetical order, so the
    choice never depends on the order in which the file system listed the vault.
    """
    prefix = source_folder + "/" if source_folder else ""

    def key(path: str) -> tuple[int, int, int, str]:
        near = 0 if (not prefix or path.startswith(prefix)) else 1
        return (near, path.count("/"), len(path), path)

    return min(candidates, key=key)


def resolve_target(target: str, source: str, index: VaultIndex, *, aliases: bool = True) -> Resolution:
    """Resolve a link target written in note ``source`` (a vault path) to a vault path."""
    if not target:
        return Resolution(source, (source,))
    folder = posixpath.dirname(source)
    if target.startswith(("./", "../")):
        joined = posixpath.normpath(posixpath.join(folder, target))
        if joined.startswith("../") or joined == "..":
            return Resolution(None)
        return _exact(joined, index)
    if target.startswith("/"):
        return _exact(target.lstrip("/"), index)
    exact = _exact(target, index)
    if exact.path is not None:
        return exact
    key = fold(target)
    name = key.rsplit("/", 1)[-1]
    # As written first (attachments, "v1.2 release.md"), then as a note name.
    pools = (index.by_filename.get(name, ()), index.by_stem.get(name, ()))
    for pool in pools:
        found = [p for p in pool if _ends_with(p, key)]
        if found:
            return Resolution(choose(found, folder), tuple(sorted(found)))
    if aliases:  # an alias is a name, and may hold a '/' ("A/B Testing")
        named = index.by_alias.get(key)
        if named:
            return Resolution(choose(named, folder), tuple(sorted(set(named))), via_alias=True)
    return Resolution(None)


def _exact(path: str, index: VaultIndex) -> Resolution:
    key = fold(path)
    hit = index.by_path.get(key)
    if hit is None and not key.endswith(NOTE_SUFFIX):
        hit = index.by_path.get(key + NOTE_SUFFIX)
    return Resolution(hit, (hit,) if hit else ())


def _ends_with(path: str, key: str) -> bool:
    folded = fold(path)
    stem = folded[: -len(NOTE_SUFFIX)] if folded.endswith(NOTE_SUFFIX) else folded
    for candidate in (folded, stem):
        if candidate == key or candidate.endswith("/" + key):
            return True
    return False


_LOCAL_SCHEME = re.compile(r"^(?:file|smb|afp|nfs):", re.IGNORECASE)


def leaves_vault(dest: str, source: str) -> bool:
    """Whether a Markdown link or image destination points at the machine's files rather than
    the vault's: a ``file:`` (or network-share) URL, an absolute path, a Windows drive or UNC
    path, or a relative path (however encoded: ``%2e%2e``, backslashes) that climbs above the
    vault's root from ``source`` (a vault path). Such a link, when nothing in the vault answers
    it, is unresolved: the site never points a reader at the builder's file system."""
    dest = dest.strip().strip("<>")
    if _LOCAL_SCHEME.match(dest):
        return True
    path = unquote(dest.partition("#")[0].partition("?")[0]).replace("\\", "/")
    if re.match(r"^[A-Za-z]:/", path):
        return True  # a Windows drive
    if path.startswith("//"):
        return not dest.startswith("//")  # a UNC path written with backslashes; "//host/x" is a URL
    if path.startswith("/"):
        return True
    norm = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
    return norm == ".." or norm.startswith("../")  # normpath keeps only the ".." above the root
