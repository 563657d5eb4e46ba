"""The navigation in learning order, read from the home note.

Obsidian has no navigation order; a vault's home note (an index such as the flagship's
"Machine Learning Interview Topics") lists its hubs in the order a reader should take them.
Each top-level list item that opens with a link names a hub; the folders of the hubs, in that
order, order the navigation's sections; inside a folder its hubs come first, then the notes the
home note links, in its order, then the rest as MkDocs sorted them (alphabetically). The first hub
of a folder becomes the folder's index page (what Material's ``navigation.indexes`` opens when a
reader clicks the section or its tab).

The functions work on anything shaped like MkDocs' navigation (items with ``children``, pages
with ``file.src_uri``), so the core does not import MkDocs.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .resolve import parse_wikilink

_TOP_ITEM = re.compile(r"^(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\*\*|__)?\[\[([^\[\]\n]+?)\]\]")
_ANY_LINK = re.compile(r"(?<![\\!])\[\[([^\[\]\n]+?)\]\]")
_FENCE = re.compile(r"^\s*(```|~~~)")

#: a link target written in the home note -> the vault path of the note it opens (or None)
Resolve = Callable[[str], "str | None"]


@dataclass(frozen=True)
class LearningOrder:
    hubs: tuple[str, ...]  # vault paths of the home note's top-level list links, in order
    linked: tuple[str, ...]  # every note the home note links, in order of first appearance

    def folders(self) -> list[str]:
        """Folders in the order of their first hub."""
        return list(dict.fromkeys(posixpath.dirname(h) for h in self.hubs))

    def index_of(self, folder: str) -> str | None:
        """The hub a reader starts a folder at."""
        return next((h for h in self.hubs if posixpath.dirname(h) == folder), None)


def learning_order(home_body: str, resolve: Resolve) -> LearningOrder:
    """Read the hubs and the linked notes of a home note's body (links in code fences skipped)."""
    hubs: list[str] = []
    linked: list[str] = []
    fenced = False
    for line in home_body.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        top = _TOP_ITEM.match(line)
        if top:
            path = resolve(parse_wikilink(top.group(1)).target)
            if path is not None:
                hubs.append(path)
        for m in _ANY_LINK.finditer(line):
            path = resolve(parse_wikilink(m.group(1)).target)
            if path is not None:
                linked.append(path)
    return LearningOrder(tuple(dict.fromkeys(hubs)), tuple(dict.fromkeys(linked)))


def _path(item: Any) -> str | None:
    file = getattr(item, "file", None)
    return file.src_uri if file is not None else None


def _folder(item: Any) -> str | None:
    """A section's folder: the longest common folder of the pages under it."""
    paths = [p for p in (_path(x) for x in _walk(item.children)) if p]
    if not paths:
        return None
    folders = [posixpath.dirname(p).split("/") for p in paths]
    common: list[str] = []
    for parts in zip(*folders):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return "/".join(common)


def _walk(items: Sequence[Any]) -> list[Any]:
    out = []
    for item in items:
        out.append(item)
        out.extend(_walk(getattr(item, "children", None) or []))
    return out


def order_nav(items: list[Any], order: LearningOrder, home: str | None) -> list[Any]:
    """Sort ``items`` (and every section's children) in learning order, in place; return the
    hub pages made their sections' first child (for the caller to mark as index pages)."""
    folders = order.folders()
    rank_folder = {f: i for i, f in enumerate(folders)}
    rank_note = {p: i for i, p in enumerate(order.linked)}
    hubs = {p: i for i, p in enumerate(order.hubs)}
    made_index: list[Any] = []

    def key(pair: tuple[int, Any]) -> tuple[int, int, int]:
        pos, item = pair
        path = _path(item)
        if path is not None and path == home:
            return (0, 0, pos)
        if getattr(item, "children", None) is not None and path is None:  # a section
            folder = _folder(item)
            if folder in rank_folder:
                return (1, rank_folder[folder], pos)
            linked = [rank_note[p] for p in (_path(x) for x in _walk(item.children)) if p in rank_note]
            return (2, min(linked), pos) if linked else (3, 0, pos)  # after the linked notes beside it
        if path in hubs:
            return (1, -len(hubs) + hubs[path], pos)
        if path in rank_note:
            return (1, rank_note[path], pos)
        return (3, 0, pos)  # the rest (generated pages such as the graph and the tags) last, as they were

    def sort(level: list[Any]) -> None:
        level[:] = [item for _, item in sorted(enumerate(level), key=key)]
        for item in level:
            children = getattr(item, "children", None)
            if children is None or _path(item) is not None:
                continue
            sort(children)
            folder = _folder(item)
            hub = order.index_of(folder) if folder is not None else None
            first = children[0] if children else None
            if hub is not None and first is not None and _path(first) == hub:
                made_index.append(first)

    sort(items)
    return made_index


def flatten_pages(items: Sequence[Any]) -> list[Any]:
    """The pages of a navigation tree in reading order."""
    return [x for x in _walk(items) if _path(x) is not None and getattr(x, "children", None) is None]
