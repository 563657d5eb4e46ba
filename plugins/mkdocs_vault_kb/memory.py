"""Memory a single build gives back once nothing will read it again (issue 16: peak memory).

MkDocs keeps every page's HTML (``page.content``) to the end of a build, and the plugin's index
holds every note's text; a vault's pages are larger than plain MkDocs' (embeds, linked mentions).
A build's memory peaks while the templates are rendered and Material's search plugin indexes each
page, or at the end, when that plugin serialises its index. So, in a single build:
- once ``on_env`` has handed the index to the child that writes graph.json, llms.txt and the
  Markdown copies (``parallel.Background``), this process lets the notes' texts go
  (``strip_index``): what is left of each note is what the pages still ask (title, tags, aliases);
- the pages' parts that wait from ``on_env`` to ``on_page_context`` (each note's panels, the
  pages with their embeds filled) wait compressed (``pack``);
- each page's HTML goes once ``on_post_page`` has made its output (``can_release_pages``: only
  when the plugin's ``on_post_page`` is the last, and every ``on_post_build`` but the plugin's own
  is one known not to read pages);
- before the search plugin writes its index, what was freed is handed back to the system
  (``give_back``: glibc keeps freed memory in its heap, where a serialised index, allocated as one
  block, does not reuse it).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import zlib
from typing import Any

from .core.index import VaultIndex
from .events import handled_only_by, handles_last

# Plugins whose on_post_build reads no page's HTML (the search plugins read their own index).
POST_BUILD_READS_NO_PAGE = ("material.plugins.search", "mkdocs.contrib.search", "mkdocs_git_revision_date_localized_plugin")


def can_release_pages(plugin: Any, config: Any) -> bool:
    return handles_last(plugin, config, "post_page") and handled_only_by(plugin, config, ("post_build",), POST_BUILD_READS_NO_PAGE)


def strip_index(index: VaultIndex) -> None:
    """Each note's text, headings, blocks and frontmatter let go; title, tags and aliases kept."""
    for note in index.notes.values():
        note.body = ""
        note.masked = None
        note.headings = []
        note.blocks = {}
        note.meta = {}
        note.meta_lines = {}


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
