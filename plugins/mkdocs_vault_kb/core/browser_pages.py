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


_MATH = re.compile(r"\$([^$\n]+)\$")


def _with_math(text: str) -> str:
    """Escaped text whose ``$TeX$`` becomes arithmatex's inline form, typeset like the page's math."""
    out, last = [], 0
    for m in _MATH.finditer(text):
        out.append(html.escape(text[last : m.start()]))
        out.append(f'<span class="arithmatex">\\({html.escape(m.group(1))}\\)</span>')
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def backlinks_html(page_url: str, entries: Sequence[dict[str, Any]]) -> str:
    """The "Linked mentions" section: each linking note with the sentences around its links."""
    if not entries:
        return ""
    items = []
    for e in entries:
        href = html.escape(relative_url(page_url, e["source"]))
        quotes = "".join(f"<blockquote>{_with_math(c)}</blockquote>" for c in e["contexts"])
        items.append(f'<li><a href="{href}">{html.escape(e["title"])}</a>{quotes}</li>')
    return (
        '<section class="vault-backlinks">'
        f'<h2>Linked mentions <small>({len(entries)})</small></h2><ul>{"".join(items)}</ul></section>'
    )


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
