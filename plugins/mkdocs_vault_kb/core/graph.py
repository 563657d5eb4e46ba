"""Stage 5: the link graph of the vault, as the JSON files the browser side reads.

``graph.json`` is networkx's node-link form (directed; nodes ``id`` = page URL relative to the
site root, ``title``; links ``source``, ``target``); ``with_layout`` adds each node's position
(``x``, ``y``) from ``graphlayout``, so the graph page starts settled. ``build_backlinks`` gives each page the notes
that link to it, each with excerpts of the blocks that hold the links (``excerpt``), for the
"Linked mentions" written into the page.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

from .context import LinkRecord, UrlOf
from .excerpt import Segment, link_excerpt, plain, text_excerpt
from .graphlayout import LayoutCache
from .index import VaultIndex
from .resolve import LinkRef, resolve_target


def _published_edges(
    index: VaultIndex, links: Iterable[LinkRecord], url_of: UrlOf, pages: Collection[str] = ()
) -> Iterator[tuple[LinkRecord, str, str]]:
    """Links between two different published notes (or to one of ``pages``, the vault paths of
    other published pages such as canvases), with both page URLs."""
    for rec in links:
        if (rec.target not in index.notes and rec.target not in pages) or rec.source == rec.target:
            continue
        s, t = url_of(rec.source), url_of(rec.target)
        if s is not None and t is not None:
            yield rec, s, t


def build_graph(
    index: VaultIndex,
    links: Iterable[LinkRecord],
    url_of: UrlOf,
    inline_tags: dict[str, list[str]],
    extra_nodes: Iterable[dict[str, Any]] = (),
    extra_targets: Collection[str] = (),
) -> dict[str, Any]:
    """Nodes for every published note; one edge per (source, target) pair, embeds included.
    ``extra_nodes`` are other published pages (canvases), whose edges are in ``links`` with the
    page's path as their source; links to them name their paths (``extra_targets``)."""
    nodes = list(extra_nodes)
    for path in sorted(index.notes):
        url = url_of(path)
        if url is None:
            continue
        note = index.notes[path]
        tags = list(dict.fromkeys([*note.tags, *inline_tags.get(path, [])]))
        nodes.append({"id": url, "title": note.title, "path": path, "folder": posixpath.dirname(path), "tags": tags})
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for rec, s, t in _published_edges(index, links, url_of, extra_targets):
        edge = seen.get((s, t))
        if edge is None:
            seen[(s, t)] = {"source": s, "target": t, "kinds": [rec.kind]}
        elif rec.kind not in edge["kinds"]:
            edge["kinds"].append(rec.kind)
    return {"directed": True, "multigraph": False, "graph": {}, "nodes": nodes, "links": list(seen.values())}


def with_layout(graph: dict[str, Any], cache: LayoutCache, *, seed: int = 0) -> dict[str, Any]:
    """A copy of ``graph`` whose nodes carry their laid-out position ``x``, ``y`` (rounded to a
    tenth of a unit: graph.json stays small). ``cache`` keeps the layouts of recent shapes."""
    ids = [n["id"] for n in graph["nodes"]]
    pos = cache.layout(ids, [(e["source"], e["target"]) for e in graph["links"]], seed=seed)
    nodes = [{**n, "x": round(pos[n["id"]][0], 1), "y": round(pos[n["id"]][1], 1)} for n in graph["nodes"]]
    return {**graph, "nodes": nodes}


MAX_EXCERPTS = 3  # per linking note
# Linking notes shown with excerpts on one page; the rest are listed by title, as Quartz's
# backlinks list them all: a hub that 6,276 notes link to got a 2.5 MB page (issue 16).
EXCERPTED_NOTES = 50


#: A linking note's entries, by the target URLs it links, and what they were made from.
BacklinkCache = dict[str, tuple[tuple[Any, ...], dict[str, dict[str, Any]]]]


def build_backlinks(
    index: VaultIndex, links: Iterable[LinkRecord], url_of: UrlOf, *, aliases: bool = True,
    cache: BacklinkCache | None = None, item: Callable[[str, dict[str, Any]], Any] | None = None,
) -> dict[str, list[Any]]:
    """For each target page URL: the linking notes, in path order, each with up to three
    excerpts (lists of ``excerpt`` segments, the link to the target marked); past the first
    ``EXCERPTED_NOTES`` linking notes, none.

    With ``item``, each entry is ``item(target URL, entry)`` instead, made as soon as its linking
    note's entries are: held as their HTML (``browser_pages.backlink_item_html``) rather than as
    entries, a 10,000-note vault's mentions took the child that makes them from 312 to 266 MiB.

    A linking note's entries depend only on its own text, title and links (and on how the vault
    resolves link targets). With a ``cache`` (kept by ``mkdocs serve`` across rebuilds, and
    emptied by the caller when the vault's shape changes) a note whose text, title and links are
    unchanged keeps its entries: a one-note edit redoes that note's excerpts only."""
    # each note's links in reading order, its frontmatter properties last
    ordered = sorted(_published_edges(index, links, url_of), key=lambda e: (e[0].source, e[0].kind == "property", e[0].line))
    by_source: dict[str, list[tuple[LinkRecord, str, str]]] = {}
    for edge in ordered:
        by_source.setdefault(edge[0].source, []).append(edge)
    by_target: dict[str, dict[str, Any]] = {}
    full: set[str] = set()  # targets listing EXCERPTED_NOTES notes: no excerpts made for them
    for source, edges in by_source.items():
        if cache is None:
            entries = _source_entries(index, source, edges, aliases, full)
        else:
            note = index.notes[source]
            made_from = (note.body, note.body_line, note.title, tuple(edges))
            hit = cache.get(source)
            if hit is not None and hit[0] == made_from:
                entries = hit[1]
            else:
                entries = _source_entries(index, source, edges, aliases)
                cache[source] = (made_from, entries)
        for t, entry in entries.items():
            listed = by_target.setdefault(t, {})  # filled in path order: the order shown
            if len(listed) >= EXCERPTED_NOTES and entry["contexts"]:
                entry = {**entry, "contexts": []}  # a cached entry keeps its excerpts
            listed[source] = entry if item is None else item(t, entry)
            if len(listed) == EXCERPTED_NOTES:
                full.add(t)
    if cache is not None:
        for gone in set(cache) - set(by_source):
            del cache[gone]
    return {t: [by_src[k] for k in sorted(by_src)] for t, by_src in sorted(by_target.items())}


def _source_entries(
    index: VaultIndex, source: str, edges: list[tuple[LinkRecord, str, str]], aliases: bool,
    full: Collection[str] = (),
) -> dict[str, dict[str, Any]]:
    """The entries one linking note gives, by target URL (``edges``: its links, in order); those
    for the targets in ``full`` without excerpts (not shown: ``EXCERPTED_NOTES``)."""
    entries: dict[str, dict[str, Any]] = {}
    lines: dict[str, list[str]] = {}
    blocks: dict[int, Any] = {}  # the note's blocks, parsed once (link_excerpt)
    resolved: dict[str, str | None] = {}
    seen: dict[str, set[str]] = {}
    attempts: dict[str, int] = {}
    title = index.notes[source].title
    for rec, s, t in edges:
        entry = entries.setdefault(t, {"source": s, "title": title, "contexts": []})
        tries = attempts[t] = attempts.get(t, 0) + 1
        if t in full or len(entry["contexts"]) >= MAX_EXCERPTS or tries > 4 * MAX_EXCERPTS:
            continue  # bounded work for a note that links one target thousands of times alike

        def is_target(ref: LinkRef, rec: LinkRecord = rec) -> bool:
            if ref.target not in resolved:
                res = resolve_target(ref.target, source, index, aliases=aliases) if ref.target else None
                resolved[ref.target] = res.path if res is not None else source
            return resolved[ref.target] == rec.target

        segments = _excerpt(index, rec, lines, is_target, blocks)
        text = plain(segments)
        done = seen.setdefault(t, set())
        if segments and text not in done:
            done.add(text)
            entry["contexts"].append(segments)
    return entries


def _excerpt(
    index: VaultIndex, rec: LinkRecord, cache: dict[str, list[str]], is_target: Any, blocks: dict[int, Any] | None = None
) -> list[Segment]:
    if rec.kind == "property":
        return text_excerpt(rec.context, is_target)
    note = index.notes[rec.source]
    body = cache.get(rec.source)
    if body is None:
        body = cache[rec.source] = note.body.split("\n")
    i = rec.line - note.body_line
    if 0 <= i < len(body):
        return link_excerpt(body, i, is_target, cache=blocks)
    return text_excerpt(rec.context, is_target)
