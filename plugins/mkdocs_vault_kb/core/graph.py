"""Stage 5: the link graph of the vault, as the JSON files the browser side reads.

``graph.json`` is networkx's node-link form (directed; nodes ``id`` = page URL relative to the
site root, ``title``; links ``source``, ``target``). ``backlinks.json`` maps each page URL to the
notes that link to it, with the sentence around each link.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from typing import Any

from .context import LinkRecord, UrlOf
from .index import VaultIndex


def _published_edges(
    index: VaultIndex, links: Iterable[LinkRecord], url_of: UrlOf
) -> Iterator[tuple[LinkRecord, str, str]]:
    """Links between two different published notes, with both page URLs."""
    for rec in links:
        if rec.target not in index.notes or rec.source == rec.target:
            continue
        s, t = url_of(rec.source), url_of(rec.target)
        if s is not None and t is not None:
            yield rec, s, t


def build_graph(
    index: VaultIndex,
    links: Iterable[LinkRecord],
    url_of: UrlOf,
    inline_tags: dict[str, list[str]],
) -> dict[str, Any]:
    """Nodes for every published note; one edge per (source, target) pair, embeds included."""
    nodes = []
    for path in sorted(index.notes):
        url = url_of(path)
        if url is None:
            continue
        note = index.notes[path]
        tags = list(dict.fromkeys([*note.tags, *inline_tags.get(path, [])]))
        nodes.append({"id": url, "title": note.title, "path": path, "folder": posixpath.dirname(path), "tags": tags})
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for rec, s, t in _published_edges(index, links, url_of):
        edge = seen.get((s, t))
        if edge is None:
            seen[(s, t)] = {"source": s, "target": t, "kinds": [rec.kind]}
        elif rec.kind not in edge["kinds"]:
            edge["kinds"].append(rec.kind)
    return {"directed": True, "multigraph": False, "graph": {}, "nodes": nodes, "links": list(seen.values())}


def build_backlinks(index: VaultIndex, links: Iterable[LinkRecord], url_of: UrlOf) -> dict[str, list[dict[str, Any]]]:
    """For each target page URL: the linking notes, in path order, each with its link contexts."""
    by_target: dict[str, dict[str, dict[str, Any]]] = {}
    for rec, s, t in _published_edges(index, links, url_of):
        entry = by_target.setdefault(t, {}).setdefault(
            rec.source, {"source": s, "title": index.notes[rec.source].title, "contexts": []}
        )
        if rec.context and rec.context not in entry["contexts"] and len(entry["contexts"]) < 3:
            entry["contexts"].append(rec.context)
    return {t: [by_src[k] for k in sorted(by_src)] for t, by_src in sorted(by_target.items())}
