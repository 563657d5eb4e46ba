"""HTML and Markdown for what the browser side builds on: the graph page, each page's metadata,
and the server-rendered "Linked mentions" (so backlinks work without JavaScript)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from .context import relative_url


def graph_page_markdown(tags_index_href: str) -> str:
    """The graph page: Material's ``hide`` front matter gives it the window's width (no navigation,
    no table of contents); vault.js draws the graph, its legend and the list of matches."""
    return (
        "---\nhide:\n  - navigation\n  - toc\n---\n\n"
        "# Graph\n\n"
        '<p class="vault-graph-hint">Every note is a node and every link an edge. '
        '<span class="vault-graph-hint__pointer">Drag to pan, scroll to zoom, hover a note to light its links, click it to open it; '
        "the arrow keys move between notes and Enter opens one.</span>"
        '<span class="vault-graph-hint__touch">Drag to pan, pinch to zoom, tap a note to light its links, tap it again to open it.</span> '
        "The box keeps titles, folders or <code>#tags</code> that match.</p>\n"
        '<div class="vault-graph-wrap">\n'
        '<div class="vault-graph-controls">'
        '<input type="search" id="vault-graph-filter" placeholder="Filter by title, folder or #tag" aria-label="Filter the graph" aria-controls="vault-graph-results" autocomplete="off">'
        '<select id="vault-graph-colour" aria-label="Colour nodes by">'
        '<option value="folder">Colour by folder</option><option value="tag">Colour by tag</option></select>'
        '<ol id="vault-graph-results" class="vault-graph-results" aria-label="Matching notes" hidden></ol></div>\n'
        '<div id="vault-graph" class="vault-graph"></div>\n'
        '<details id="vault-graph-legend" class="vault-graph-legend-box"><summary>Colours</summary><ul class="vault-graph-legend"></ul></details>\n'
        "</div>\n"
        f'<noscript><p>The graph needs JavaScript. Browse the notes from the navigation or the <a href="{html.escape(tags_index_href)}">tags</a>.</p></noscript>\n'
    )


def page_meta_html(page_url: str, depth: int) -> str:
    """A hidden element naming the page's graph id, read by vault.js after every page change."""
    return f'<div id="vault-page-meta" hidden data-id="{html.escape(page_url)}" data-depth="{depth}"></div>'


#: ids of the two panels at the end of a note; the table of contents links to them
LOCAL_GRAPH_ID = "vault-local-graph"
MENTIONS_ID = "vault-linked-mentions"


def _segments_html(segments: Sequence[tuple[str, str]]) -> str:
    """An excerpt (``excerpt`` segments) as escaped HTML: the link marked, math typeset by
    arithmatex's inline form like the page's own math, code as code."""
    out = []
    for kind, text in segments:
        if kind == "mark":
            out.append(f"<mark>{html.escape(text)}</mark>")
        elif kind == "math":
            out.append(f'<span class="arithmatex">\\({html.escape(text)}\\)</span>')
        elif kind == "code":
            out.append(f"<code>{html.escape(text)}</code>")
        else:
            out.append(html.escape(text))
    return "".join(out)


def backlinks_html(page_url: str, entries: Sequence[dict[str, Any]]) -> str:
    """The "Linked mentions" section: each linking note with excerpts of the blocks that hold
    its links. Material's search leaves it out (``data-search-exclude``): it is other notes' text."""
    return backlinks_section_html([backlink_item_html(page_url, e) for e in entries])


def backlink_item_html(page_url: str, entry: dict[str, Any]) -> str:
    """One linking note of the page at ``page_url``'s "Linked mentions", with its excerpts."""
    href = html.escape(relative_url(page_url, entry["source"]))
    quotes = "".join(f"<blockquote>{_segments_html(c)}</blockquote>" for c in entry["contexts"])
    return f'<li><a href="{href}">{html.escape(entry["title"])}</a>{quotes}</li>'


def backlinks_section_html(items: Sequence[str]) -> str:
    """The "Linked mentions" section around its ``backlink_item_html`` items ("" for none)."""
    if not items:
        return ""
    return (
        '<section class="vault-backlinks" data-search-exclude>'
        f'<h2 id="{MENTIONS_ID}" data-search-exclude>Linked mentions <small>({len(items)})</small></h2>'
        f'<ul>{"".join(items)}</ul></section>'
    )


def local_graph_anchor_html() -> str:
    """Where vault.js puts the local graph (just before the linked mentions): the target of its
    entry in the table of contents."""
    return f'<div id="{LOCAL_GRAPH_ID}" class="vault-local-graph-anchor" data-search-exclude></div>'


def panel_toc(graph: bool, mentions: int) -> list[tuple[str, str]]:
    """(title, id) of the entries the table of contents gets for the panels at the note's end."""
    out = [("Local graph", LOCAL_GRAPH_ID)] if graph else []
    if mentions:
        out.append((f"Linked mentions ({mentions})", MENTIONS_ID))
    return out


LEVEL_PREFIX = "level/"


def note_tags_html(tags: Sequence[tuple[str, str]]) -> str:
    """A note's own tags under its title, as (tag, href to its section of the tags page); a
    ``level/...`` tag is shown first, as a difficulty badge. Left out of search: Material indexes
    the frontmatter tags on their own."""
    if not tags:
        return ""
    levels = [(t, h) for t, h in tags if t.lower().startswith(LEVEL_PREFIX) and len(t) > len(LEVEL_PREFIX)]
    others = [(t, h) for t, h in tags if (t, h) not in levels]
    items = []
    for tag, href in levels:
        level = tag[len(LEVEL_PREFIX) :]
        css = re.sub(r"[^a-z0-9-]+", "-", level.lower())
        items.append(
            f'<a class="md-tag vault-level vault-level--{css}" href="{html.escape(href)}" '
            f'title="{html.escape("Difficulty: " + level)}">{html.escape(level.capitalize())}</a>'
        )
    for tag, href in others:
        items.append(f'<a class="md-tag vault-note-tag" href="{html.escape(href)}">#{html.escape(tag)}</a>')
    return f'<nav class="md-tags vault-note-tags" aria-label="Tags" data-search-exclude>{"".join(items)}</nav>'


def social_meta(title: str, description: str, site_name: str, url: str | None) -> str:
    """Open Graph and Twitter card tags, so a shared link previews with the note's own words."""
    pairs = [
        ("property", "og:type", "article"),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:site_name", site_name),
        ("name", "twitter:card", "summary"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
    ]
    if url:
        pairs.append(("property", "og:url", url))
    return "".join(f'<meta {attr}="{name}" content="{html.escape(value)}">' for attr, name, value in pairs if value)
