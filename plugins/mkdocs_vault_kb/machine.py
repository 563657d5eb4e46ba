"""The adapter of the machine-readable outputs (``core.llms``, ``core.feed``): reads the built
navigation and pages, writes ``llms.txt``, ``llms-full.txt``, each note's Markdown copy and
``feed.xml``."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .core.describe import description
from .core.feed import FEED_URI, FeedEntry, atom_feed, git_date
from .core.llms import FullNote, copy_url, llms_full, llms_txt, markdown_copy, note_entries, site_url_of

GIT_PLUGIN = "git-revision-date-localized"


def _pages(item: Any) -> list[Any]:
    """The pages under a navigation item, in navigation order."""
    if getattr(item, "is_page", False):
        return [item]
    return [p for child in getattr(item, "children", None) or [] for p in _pages(child)]


def _write(site: Path, uri: str, text: str) -> None:
    target = (site / uri).resolve()
    if not target.is_relative_to(site):  # a URL can only name a file of the site
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


CLOSE_EVERY = 256  # notes read between two sweeps that pack again what they unpacked


def _read_few(index: Any, items: Iterable[Any]) -> Iterator[Any]:
    """``items``, while the packed notes that reading them unpacks (each note, and the notes its
    links point into) are packed again every ``CLOSE_EVERY`` items (``Note.close``): this child
    reads every note, and would otherwise end with the whole vault unpacked."""
    for i, item in enumerate(items, 1):
        yield item
        if i % CLOSE_EVERY == 0:
            index.close_notes()
    index.close_notes()


def write_outputs(plugin: Any, config: Any, nav: Any) -> None:
    index, cfg = plugin.index, plugin.config
    if index is None or nav is None:
        return
    site = Path(config.site_dir).resolve()
    site_url = config.site_url or None
    pages = {p.file.src_uri: p for p in nav.pages}
    titles = {path: unescape(str(p.title)) for path, p in pages.items() if p.title}  # escaped by the plugin
    if cfg.markdown_copies:
        for path in _read_few(index, list(index.notes)):
            url = plugin.url_of(path)
            if url is not None:
                _write(site, unquote(copy_url(url)), _copy(plugin, index.notes[path], site_url, False))
    if cfg.llms_txt:
        loose = [p.file.src_uri for item in nav.items if getattr(item, "is_page", False) for p in [item]]
        sections = [("Pages", note_entries(loose, index, plugin.url_of, titles, site_url=site_url, copies=cfg.markdown_copies))]
        for item in nav.items:
            if getattr(item, "is_section", False):
                paths = [p.file.src_uri for p in _pages(item)]
                entries = note_entries(paths, index, plugin.url_of, titles, site_url=site_url, copies=cfg.markdown_copies)
                sections.append((unescape(str(item.title or "")), entries))
        _write(site, "llms.txt", llms_txt(config.site_name, config.site_description or "", sections))
        def full() -> Iterator[FullNote]:  # the site's order; made one at a time, as llms_full reads them
            for page in _read_few(index, nav.pages):
                path, url = page.file.src_uri, plugin.url_of(page.file.src_uri)
                if path in index.notes and url is not None:
                    body = _copy(plugin, index.notes[path], site_url, True)
                    yield FullNote(titles.get(path) or index.notes[path].title, site_url_of(url, None, site_url), body)

        _write(site, "llms-full.txt", llms_full(config.site_name, config.site_description or "", full()))
    if cfg.feed:
        git = config.plugins.get(GIT_PLUGIN)
        tz = (git.config.get("timezone") if git is not None else None) or "UTC"
        entries = []
        for path, note in _read_few(index, list(index.notes.items())):
            url, page = plugin.url_of(path), pages.get(path)
            if url is None:
                continue
            entries.append(
                FeedEntry(
                    titles.get(path) or note.title,
                    site_url_of(url, FEED_URI, site_url),
                    _updated(page, tz, os.path.join(config.docs_dir, path)),
                    description(note.meta, note.body),
                    tuple(note.tags),
                )
            )
        feed_url = site_url_of(FEED_URI, None, site_url)
        home = site_url_of("", None, site_url)
        _write(site, FEED_URI, atom_feed(config.site_name, home, feed_url, entries, subtitle=config.site_description or "", limit=cfg.feed_length))


def _copy(plugin: Any, note: Any, site_url: str | None, from_root: bool) -> str:
    """The note's Markdown copy (``core.llms.markdown_copy``). Under ``mkdocs serve`` a note whose
    text is unchanged keeps its copy: ``plugin.copy_cache`` lives across rebuilds and is emptied
    with the render cache when the vault's shape (what links resolve to) changes."""
    cache = plugin.copy_cache
    made_from = (note.body, note.body_line, tuple(note.tags), site_url)  # title, aliases: in the shape
    hit = cache.get((note.path, from_root))
    if hit is not None and hit[0] == made_from:
        return hit[1]
    text = markdown_copy(note, plugin.index, plugin.url_of, plugin.options, site_url, from_root=from_root)
    if plugin.rebuilds:  # a single build keeps no serve cache
        cache[(note.path, from_root)] = (made_from, text)
    return text


def _updated(page: Any, tz: str, source: str) -> datetime:
    """The note's last change: its last commit as git-revision-date-localized found it (a commit
    hash is set only when git knew the file), else the file's modification time."""
    meta = getattr(page, "meta", None) or {}
    if meta.get("git_revision_date_localized_hash"):
        when = git_date(str(meta.get("git_revision_date_localized_raw_iso_datetime", "")), tz)
        if when is not None:
            return when
    try:
        return datetime.fromtimestamp(os.stat(source).st_mtime, timezone.utc)
    except OSError:
        return datetime.now(timezone.utc)
