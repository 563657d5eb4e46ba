"""The tags index and one page per tag, listing every tagged note.

The pages' Markdown is only their title and a token; the lists are finished HTML with final
URLs (``tokens.fill`` puts them in once MkDocs rendered the page): a tag such as ``#bench`` on
every note of a large vault would otherwise be a list of thousands of Markdown links to parse.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

from .context import relative_url
from .index import VaultIndex, fold
from .links import escape_html, escape_md
from .syntax.tags import tag_page
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
    return {k: (d, sorted(p, key=lambda x: index.notes[x].title.lower())) for k, (d, p) in sorted(out.items())}


def tag_page_markdown(name: str) -> str:
    return f"# #{escape_md(name)}\n\n{html_token(0, block=True)}\n"


def tags_index_markdown() -> str:
    return f"# Tags\n\n{html_token(0, block=True)}\n"


def tag_page_html(page_url: str, index_url: str, name: str, paths: list[str], index: VaultIndex, url_of: Callable[[str], str | None]) -> str:
    """The body of a tag's page: how many notes, the list, a link to all tags."""
    count = f"{len(paths)} note{'s' if len(paths) != 1 else ''} tagged #{escape_html(name)}."
    items = "".join(
        f'<li><a href="{html.escape(relative_url(page_url, url))}">{escape_html(index.notes[p].title)}</a></li>'
        for p in paths
        if (url := url_of(p)) is not None
    )
    return f'<p>{count}</p>\n<ul class="vault-tag-list">{items}</ul>\n<p><a href="{html.escape(relative_url(page_url, index_url))}">All tags</a></p>'


def tags_index_html(page_url: str, tags: Tags, tags_dir: str, url_of: Callable[[str], str | None]) -> str:
    if not tags:
        return "<p>No note has a tag yet.</p>"
    items = []
    for _, (name, paths) in tags.items():
        url = url_of(tag_page(tags_dir, name))
        if url is not None:
            items.append(f'<li><a href="{html.escape(relative_url(page_url, url))}">#{escape_html(name)}</a> ({len(paths)})</li>')
    return f'<ul class="vault-tag-index">{"".join(items)}</ul>'
