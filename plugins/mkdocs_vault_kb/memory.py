"""Memory a single build gives back once nothing will read it again (issue 16: peak memory).

MkDocs keeps every page's HTML (``page.content``) to the end of a build, and the plugin's index
holds every note's text; a vault's pages are larger than plain MkDocs' (embeds, linked mentions).
A build's memory peaks while the templates are rendered and Material's search plugin indexes each
page, or at the end, when that plugin serialises its index. So, in a single build:
- the notes are parsed and rendered in forked children only (``parallel.map_forked`` with
  ``in_parent=False``: none of that work churns this process's heap); what they send back is what
  this process keeps, so they send each note packed (``core.index.Note.pack``: its text, headings,
  block ids and frontmatter lines as one compressed pickle, unpacked by the children that read
  them; this process reads a page's note unpacked for that page only), and each rendering packed
  (``PackedRendering``): the page's Markdown, HTML runs and embeds as one compressed pickle,
  unpacked when MkDocs makes the page, and the links as another, unpacked only by the children
  that read them (linked mentions, graph.json) or where a base may list them;
- once ``on_files`` has logged the notes' problems and forked the children that read the links,
  the links go (``let_links_go``), unless a base may list them;
- once ``on_env`` has handed the index to the child that writes graph.json, llms.txt and the
  Markdown copies (``parallel.Background``), this process lets the notes' texts and the name
  lookups go (``strip_index``): what is left of each note is what the pages still ask (title,
  tags, aliases); so do the tags of each note's text and the tags page's lists, once made;
- the pages' parts that wait from ``on_env`` to ``on_page_context`` (each note's panels, the
  pages with their embeds filled) wait compressed in an unnamed temporary file (``Spill``): a
  hub's linked mentions are hundreds of excerpts, 24 MiB compressed for 10,000 notes;
- so does the HTML that search reads of a page with embeds (``page.content`` without them), when
  nothing else reads pages before their ``on_page_context`` (``events.reads_pages_only_for_search``):
  made for every such page at once in ``on_env``, those copies grew the process by 35 MiB at
  10,000 notes;
- when nothing but the plugin and search reads a page's HTML from the plugin's ``on_page_content``
  to its ``on_page_context`` (``can_spill_pages``), each note's page goes into a spill as soon as
  it is made (``Spill(local=True)``: the page's body, for the pages that embed it, read back by
  ``SpilledBodies``; what search reads of it), and MkDocs holds an empty text meanwhile. Held
  until ``on_env``, every page's HTML grew the heap, and what ``on_env`` let go stayed there,
  fragmented (48 MiB of free heap at 10,000 notes that ``malloc_trim`` could not give back);
- once the index is let go, what was freed is handed back (``give_back``) before the child that
  renders templates forks (``templates_ahead``): a child starts with its parent's memory;
- a note's page lets its Markdown go once converted (``can_release_markdown``: only when nothing
  after the plugin's ``on_page_content`` reads it, and no template of the theme's custom folder
  names it); at 10,000 notes MkDocs' own copies took more than plain MkDocs' pages did;
- each page's HTML and table of contents go once ``on_post_page`` has made its output
  (``can_release_pages``: only when the plugin's ``on_post_page`` is the last, and every
  ``on_post_build`` but the plugin's own is one known not to read pages);
- once every page is made, each page keeps only the anchors that some page links to
  (``keep_linked_anchors``: MkDocs reads them only to check those links, once every page is
  written), where the pages may be released;
- before the search plugin writes its index, this process lets the index, the URLs and the
  pages' anchors go (MkDocs has checked the links to them), and what was freed is handed back to
  the system (``give_back``: glibc keeps freed memory in its heap, where a serialised index,
  allocated as one block, does not reuse it).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import pickle
import tempfile
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from mkdocs.structure.toc import get_toc

from .core.context import LinkRecord
from .core.diagnostics import Diagnostic
from .core.index import VaultIndex
from .core.pipeline import Rendered
from .core.transclude import PageBody
from .events import SEARCH, handled_only_by, handles_last, reads_pages_only_for_search

# Plugins whose on_post_build reads no page's HTML (the search plugins read their own index).
POST_BUILD_READS_NO_PAGE = ("material.plugins.search", "mkdocs.contrib.search", "mkdocs_git_revision_date_localized_plugin")


def can_release_pages(plugin: Any, config: Any) -> bool:
    return handles_last(plugin, config, "post_page") and handled_only_by(plugin, config, ("post_build",), POST_BUILD_READS_NO_PAGE)


def can_release_markdown(plugin: Any, config: Any) -> bool:
    """Once ``plugin``'s ``on_page_content`` has run, nothing reads a page's Markdown: that
    handler is the last, nothing but search reads pages until their ``on_page_context``, the
    pages' HTML may go after ``on_post_page`` (``can_release_pages``), and no template of the
    theme's custom folder names ``markdown`` (MkDocs' and Material's templates never read it)."""
    if not (handles_last(plugin, config, "page_content") and reads_pages_only_for_search(plugin, config)):
        return False
    if not can_release_pages(plugin, config):
        return False
    return not overrides_mention(config, b"markdown")


def overrides_mention(config: Any, word: bytes) -> bool:
    """A file of the theme's custom folder contains ``word`` (or cannot be read)."""
    custom = getattr(config.theme, "custom_dir", None)
    if custom and os.path.isdir(custom):
        for root, _, names in os.walk(custom):
            for name in names:
                try:
                    with open(os.path.join(root, name), "rb") as f:
                        if word in f.read():
                            return True
                except OSError:
                    return True
    return False


def can_spill_pages(plugin: Any, config: Any) -> bool:
    """Once ``plugin``'s ``on_page_content`` has run, nothing but ``plugin`` and search reads a
    page's HTML until its ``on_page_context``: that handler is the last, every ``on_env`` handler
    is ``plugin``'s or a search plugin's, and so is every ``on_page_context`` handler."""
    return (
        handles_last(plugin, config, "page_content")
        and handled_only_by(plugin, config, ("env",), SEARCH)
        and reads_pages_only_for_search(plugin, config)
    )


def release_markdown(page: Any) -> None:
    """A page's Markdown let go once converted, its title kept (MkDocs reads a page's title from
    its Markdown when nothing else gave it one)."""
    page.title = page.title
    page.markdown = ""


# What Material's navigation shows of the other pages' metadata (partials/nav-item.html).
NAV_META = ("icon", "subtitle", "status")
_NO_TOC = get_toc([])  # a released page's table of contents: one for every page


def release_page(page: Any, meta: bool = False) -> None:
    """What MkDocs keeps of a written page and no one reads again: its HTML, its Markdown and
    its table of contents (only its own template shows it); with ``meta``, its metadata but what
    the navigation shows (``NAV_META``: only where no template of the theme's custom folder
    names ``meta``). Its title and URL stay (other pages' navigation shows them), and so do its
    anchors and the links to them, which MkDocs checks once every page is written."""
    release_markdown(page)
    page.content = None
    page.toc = _NO_TOC
    if meta and page.meta:
        kept = {key: page.meta[key] for key in NAV_META if key in page.meta}
        page.meta.clear()
        page.meta.update(kept)


_NO_ANCHORS: frozenset[str] = frozenset()


def keep_linked_anchors(pages: list[Any]) -> None:
    """Each page's anchors cut to those that some page links to. Once every page is made, MkDocs
    reads a page's anchors (``present_anchor_ids``) only to check the links to them
    (``links_to_anchors``, checked after every page is written): the rest, most of a vault's
    heading and block ids, wait for nothing (about 1 KiB a page)."""
    wanted: dict[Any, set[str]] = {}
    for page in pages:
        for target, links in (getattr(page, "links_to_anchors", None) or {}).items():
            wanted.setdefault(target, set()).update(links)
    for page in pages:
        anchors = getattr(page, "present_anchor_ids", None)
        if anchors is not None:  # None: not rendered, and MkDocs checks no link into it
            linked = wanted.get(page.file)
            page.present_anchor_ids = frozenset(anchors & linked) if linked else _NO_ANCHORS


def release_anchors(pages: Iterable[Any]) -> None:
    """The pages' anchors and the links to them, let go once MkDocs has checked them (it does so
    after writing every page, before ``on_post_build``), where the pages could be released."""
    for page in pages:
        page.present_anchor_ids = None
        page.links_to_anchors = None


def strip_index(index: VaultIndex) -> None:
    """Each note's text, headings, blocks and frontmatter let go; title, tags and aliases kept.
    The name lookups go too (nothing resolves a link once the pages are made): a note is still
    a note (``is_note``), but no name finds it."""
    for note in index.notes.values():
        note.drop_heavy()
        note.meta = {}
    for lookup in (index.by_path, index.by_filename, index.by_stem, index.by_alias):
        lookup.clear()
    index.attachments.clear()


def _packed(value: Any) -> bytes:
    return zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)


def _unpacked(data: bytes) -> Any:
    return pickle.loads(zlib.decompress(data))


@dataclass(slots=True)
class PackedRendering:
    """A note's rendering (``core.pipeline.Rendered``) as a forked renderer sends it in a single
    build: at 10,000 notes the renderings' objects took 68 MiB of this process, most of it the
    links' sentences and the pages' HTML runs, held from ``on_files`` until each page is made."""

    page: bytes  # (markdown, embeds, html_runs), packed
    links_packed: bytes | None  # the links, packed; None once let go
    tags: list[str]
    diagnostics: list[Diagnostic]
    includes: list[str]
    holds_base: bool  # the Markdown may hold a base (see the adapter's _may_hold_base)

    @classmethod
    def of(cls, r: Rendered, holds_base: bool) -> PackedRendering:
        return cls(_packed((r.markdown, r.embeds, r.html_runs)), _packed(r.links), r.tags, r.diagnostics, r.includes, holds_base)

    @property
    def links(self) -> list[LinkRecord]:
        return [] if self.links_packed is None else _unpacked(self.links_packed)

    @property
    def markdown(self) -> str:
        return _unpacked(self.page)[0]

    def unpack(self) -> Rendered:
        markdown, embeds, html_runs = _unpacked(self.page)
        return Rendered(markdown, self.links, self.tags, self.diagnostics, embeds, html_runs, self.includes)


def let_links_go(renderings: Iterable[Rendered | PackedRendering], links: list[Any], diagnostics: list[Any]) -> None:
    """The notes' outgoing links (each with the sentence around it) and the problems found
    rendering them, let go once logged and once the children that read the links (linked
    mentions, graph.json) have their copies: 20 MiB at 10,000 notes, held through the pages."""
    for r in renderings:
        if isinstance(r, PackedRendering):
            r.links_packed = None
        else:
            r.links = []
        r.diagnostics = []
    links.clear()
    diagnostics.clear()


def give_back() -> None:
    """Free memory at the top and in the middle of the C heap returned to the system (glibc)."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        trim = libc.malloc_trim
    except (OSError, AttributeError, TypeError):  # not glibc: nothing to do
        return
    trim(0)


def pack(text: str) -> bytes:
    """A page's HTML kept compressed while it waits (zlib's fastest level: a sixth of the size)."""
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def unpack(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8", "surrogatepass")


class Spilled(NamedTuple):
    """Where a packed text lies in a ``Spill``'s file."""

    offset: int
    length: int


Held = Spilled | bytes | str  # a text in a Spill's file, compressed in memory, or as it is


class Spill:
    """Texts kept compressed in an unnamed temporary file until read once; in memory (compressed)
    where no temporary file can be written. Read with ``os.pread``: a forked child reads its
    parent's file as it was when it forked. A ``local`` spill's file is written only by the
    process that opened it: a child forked later keeps what it puts in memory (compressed), for
    the parent to ``keep``, and never writes where the parent writes next."""

    def __init__(self, local: bool = False) -> None:
        self._file: Any = None
        self._end = 0
        self._broken = False
        self._local = local
        self._owner = 0

    def open(self) -> Spill:
        """The file made now (a child forked from here writes into this one), if it can be."""
        if self._file is None and not self._broken:
            try:
                self._file = tempfile.TemporaryFile()  # unlinked: gone once closed
                self._owner = os.getpid()
            except OSError:
                self._broken = True
        return self

    def _writes(self) -> bool:
        return not self._broken and not (self._local and self._file is not None and os.getpid() != self._owner)

    @property
    def end(self) -> int:
        return self._end

    def advance(self, end: int) -> None:
        """A forked child wrote up to ``end``: what this process puts goes after it."""
        self._end = max(self._end, end)

    def put(self, text: str) -> Held:
        return self._write(pack(text))

    def keep(self, held: Held) -> Held:
        """What a forked child put (compressed, in memory) into this process's file."""
        return self._write(held) if isinstance(held, bytes) else held

    def _write(self, data: bytes) -> Held:
        if self._writes():
            try:
                if self._file is None:
                    self.open()
                if self._file is not None and os.pwrite(self._file.fileno(), data, self._end) == len(data):
                    held = Spilled(self._end, len(data))
                    self._end += len(data)
                    return held
            except OSError:
                pass
            self._broken = True  # no room: the rest waits in memory
        return data

    def get(self, held: Held) -> str:
        if isinstance(held, str):
            return held
        if isinstance(held, bytes):
            return unpack(held)
        assert self._file is not None
        return unpack(os.pread(self._file.fileno(), held.length, held.offset))

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._end = 0
        self._broken = False


class HeldBody(NamedTuple):
    """A note's page HTML (``core.transclude.PageBody``) waiting in a ``Spill``."""

    url: str
    held: Held
    embeds: list[Any]


class SpilledBodies(Mapping[str, PageBody]):
    """The notes' page bodies, read back from ``spill`` as the embeds and canvas cards ask for
    them (``core.transclude.Transcluder``); the last ``CACHED`` read are kept (a hub note is
    embedded in many pages)."""

    CACHED = 64

    def __init__(self, spill: Spill, bodies: dict[str, HeldBody]) -> None:
        self._spill, self._bodies = spill, bodies
        self._cache: OrderedDict[str, PageBody] = OrderedDict()

    def __getitem__(self, path: str) -> PageBody:
        body = self._cache.get(path)
        if body is not None:
            self._cache.move_to_end(path)
            return body
        held = self._bodies[path]
        body = PageBody(held.url, self._spill.get(held.held), held.embeds)
        self._cache[path] = body
        if len(self._cache) > self.CACHED:
            self._cache.popitem(last=False)
        return body

    def __contains__(self, path: object) -> bool:
        return path in self._bodies

    def __iter__(self) -> Iterator[str]:
        return iter(self._bodies)

    def __len__(self) -> int:
        return len(self._bodies)
