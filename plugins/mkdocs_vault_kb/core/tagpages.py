"""The tags page: a section per tag, listing every tagged note.

The page's Markdown is the headings and a token per tag; the lists are finished HTML with final
URLs (``tokens.fill`` puts them in once MkDocs rendered the page): a tag such as ``#bench`` on
every note of a large vault would otherwise be a list of thousands of Markdown links to parse.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

from .context import relative_url
from .index import VaultIndex, fold
from .links import escape_html, escape_md
from .syntax.tags import tag_anchor
from .tokens import html_token

Tags = Mapping[str, tuple[str, list[str]]]  # fold(tag) -> (display form, note paths)


def collect_tags(index: VaultIndex, inline: Mapping[str, list[str]]) -> dict[str, tuple[str, list[str]]]:
    """fold(tag) -> (display form, sorted note paths). A nested tag also tags its parents' pages."""
    out: dict[str, tuple[str, set[str]]] = {}
    for path, note in index.notes.items():
        for tag in [*note.tags, *inline.get(path, [])]:
            parts = tag.strip("/").split("/")
            for depth in range(1, len(parts) + 1):
                name = "/".join(parts[:depth])
                display, paths = out.setdefault(fold(name), (name, set()))
                paths.add(path)
    return {k: (d, sorted(p, key=lambda x: (index.notes[x].title.lower(), x))) for k, (d, p) in sorted(out.items())}


def tags_markdown(tags: Tags) -> str:
    """The tags page: a section per tag (so the table of contents lists the tags), each list a
    token for the HTML that ``tags_lists_html`` writes."""
    lines = ["# Tags", ""]
    if not tags:
        lines.append("No note has a tag yet.")
    for k, (_, (name, paths)) in enumerate(tags.items()):
        count = f"{len(paths)} note{'s' if len(paths) != 1 else ''}"
        lines += [f"## \\#{escape_md(name)} {{ #{tag_anchor(name)} }}", "", count + ".", "", html_token(k, block=True), ""]
    return "\n".join(lines) + "\n"


def tags_lists_html(page_url: str, tags: Tags, index: VaultIndex, url_of: Callable[[str], str | None]) -> list[str]:
    """For each tag (in the order of ``tags_markdown``), the list of its notes with final URLs:
    finished HTML, put in after the page is sanitised (titles escaped; ``relative_url`` never
    returns a URL with a scheme). The lists are kept out of Material's search index
    (``data-search-exclude``): a note is found on its own page, not again under each of its tags
    (the tags' headings stay searchable); at 10,000 notes the lists are 3 MB of HTML that search
    would parse at the build's peak."""
    out = []
    for _, (_, paths) in tags.items():
        items = "".join(
            f'<li><a href="{html.escape(relative_url(page_url, url))}">{escape_html(index.notes[p].title)}</a></li>'
            for p in paths
            if (url := url_of(p)) is not None
        )
        out.append(f'<ul class="vault-tag-list" data-search-exclude>{items}</ul>')
    return out
