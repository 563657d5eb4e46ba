"""Stage 5, once MkDocs has rendered every page: put embedded notes and sections in place.

The render stage leaves a token where a whole note or a heading's section is embedded. When every
page's HTML exists, each token is replaced by that part of the target page's HTML. An embedded
section is therefore rendered once, by MkDocs, for its own page (with its executed code and its
figures), and never again for each page that embeds it.

The cut HTML is moved from the target's URL to the embedding page's: relative ``href`` and ``src``
values are rebased, ``#fragment`` links point into the target page, and ``id``/``for``/``name``
values get a per-embed prefix so they stay unique in the page. Nested embeds are expanded the
same way; a chain that comes back to a section it is already in stops (the render stage has
already reported it, with the line).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .context import relative_url
from .tokens import EMBED_PREFIX, EMBED_TOKEN

_HEADING = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]*)"')
_URL_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)"')
_ID_ATTR = re.compile(r'(\s(?:id|for|name)=")([^"]*)"')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BLOCK_TAG = re.compile(r"<(/?)(div|details|blockquote|ul|ol|li|table|pre|p|dl|figure|section)\b", re.I)
MAX_DEPTH = 64  # a guard only: the render stage stops deeper chains first


@dataclass(frozen=True, slots=True)
class EmbedRequest:
    """One embed of a note or a section, as the render stage found it."""

    target: str  # vault path of the embedded note
    key: str  # ``path#heading#...``: names the embed in cycle messages
    anchor: str | None  # id of the section's heading; None embeds the whole note
    end_anchor: str | None  # id of the heading that ends the section; None: the note's end
    head: str  # finished HTML shown above the content (the link to the source)
    line: int  # where the embed is written, for messages
    source: str  # the note it is written in


@dataclass(slots=True)
class PageBody:
    """A page's HTML as MkDocs rendered it (tokens still in), its URL and its embeds."""

    url: str
    html: str
    embeds: list[EmbedRequest]
    _headings: dict[str, int] | None = field(default=None, repr=False)

    def heading_at(self, anchor: str) -> int | None:
        if self._headings is None:
            found: dict[str, int] = {}
            for m in _HEADING.finditer(self.html):
                found.setdefault(html.unescape(m.group(2)), m.start())
            self._headings = found
        return self._headings.get(anchor)


#: Called when an embed cannot be cut from its target's HTML: (request, why) -> None.
Report = Callable[[EmbedRequest, str], None]


class Transcluder:
    """Expands the tokens of page bodies; each section's expanded HTML is computed once."""

    def __init__(self, bodies: Mapping[str, PageBody], report: Report) -> None:
        self.bodies = bodies
        self.report = report
        self._sections: dict[str, str | None] = {}

    def page(self, path: str) -> str:
        """The page's body with every embed in place, in the page's own URL space."""
        body = self.bodies[path]
        return self._expand(body, body.html, (path,))

    def _expand(self, body: PageBody, text: str, chain: tuple[str, ...]) -> str:
        if EMBED_PREFIX not in text:
            return text
        counter = [0]

        def repl(m: re.Match[str]) -> str:
            n = int(m.group(2))
            if n >= len(body.embeds):
                return m.group(0)
            req = body.embeds[n]
            counter[0] += 1
            if req.key in chain or len(chain) > MAX_DEPTH:
                loop = " -> ".join((*chain, req.key))
                return f'<div class="vault-embed vault-embed-error">{html.escape("Embed cycle: " + loop)}</div>'
            inner = self._section(req, chain)
            if inner is None:
                content = ""
            else:
                target = self.bodies[req.target]
                content = _prefix_ids(_rebase(inner, target.url, body.url), f"vault-embed-{counter[0]}-")
            div = f'<div class="vault-embed" data-embed="{html.escape(req.target)}">{req.head}{content}</div>'
            if m.group(1) and m.group(3):  # the token was a paragraph of its own: the div replaces it
                return div
            return (m.group(1) or "") + div + (m.group(3) or "")

        return EMBED_TOKEN.sub(repl, text)

    def section(self, req: EmbedRequest) -> str | None:
        """The part of ``req.target`` that ``req`` names, its own embeds in place, in the target's
        URL space (cut once per key): what a canvas's file node shows (``canvas_pages``)."""
        return self._section(req, (req.source,))

    def _section(self, req: EmbedRequest, chain: tuple[str, ...]) -> str | None:
        """The embedded part of the target, expanded, in the target's URL space (None: not cut)."""
        if req.key in self._sections:
            return self._sections[req.key]
        result = None
        target = self.bodies.get(req.target)
        if target is None:
            self.report(req, f"{req.target} was not rendered in this build")
        else:
            cut = _cut(target, req.anchor, req.end_anchor)
            if cut is None:
                self.report(req, f"the section's heading in {req.target} is nested inside another block")
            else:
                result = self._expand(target, cut, (*chain, req.key))
        self._sections[req.key] = result
        return result


def _cut(body: PageBody, anchor: str | None, end_anchor: str | None) -> str | None:
    """``body``'s HTML from the heading ``anchor`` up to the heading ``end_anchor`` (exclusive);
    None when a heading is missing or the cut would split an element."""
    start, end = 0, len(body.html)
    if anchor is not None:
        found = body.heading_at(anchor)
        if found is None:
            return None
        start = found
    if end_anchor is not None:
        found = body.heading_at(end_anchor)
        if found is None or found <= start:
            return None
        end = found
    cut = body.html[start:end]
    return cut if _balanced(cut) else None


def _balanced(fragment: str) -> bool:
    depth: dict[str, int] = {}
    for m in _BLOCK_TAG.finditer(fragment):
        tag = m.group(2).lower()
        depth[tag] = depth.get(tag, 0) + (-1 if m.group(1) else 1)
        if depth[tag] < 0:
            return False
    return not any(depth.values())


def _rebase(fragment: str, from_url: str, to_url: str) -> str:
    """Move ``fragment`` from the page at ``from_url`` to the page at ``to_url``."""
    if from_url == to_url:
        return fragment
    to_target = relative_url(to_url, from_url)

    def repl(m: re.Match[str]) -> str:
        value = m.group(2)
        if value.startswith("#"):
            return f'{m.group(1)}{to_target}{value}"'
        if not value or _SCHEME.match(value) or value.startswith("/"):
            return m.group(0)
        return f'{m.group(1)}{rebase_url(value, from_url, to_url)}"'

    return _URL_ATTR.sub(repl, fragment)


def moved(fragment: str, from_url: str, to_url: str) -> str:
    """HTML cut from the page at ``from_url``, its relative URLs rebased for the page at ``to_url``."""
    return _rebase(fragment, from_url, to_url)


def prefixed_ids(fragment: str, prefix: str) -> str:
    """``fragment`` with ``prefix`` before each ``id``, ``for`` and ``name`` value."""
    return _prefix_ids(fragment, prefix)


def _prefix_ids(fragment: str, prefix: str) -> str:
    return _ID_ATTR.sub(lambda m: f'{m.group(1)}{prefix}{m.group(2)}"', fragment)


def _base_dir(page_url: str) -> str:
    if not page_url or page_url.endswith("/"):
        return page_url
    return posixpath.dirname(page_url)


def rebase_url(value: str, from_url: str, to_url: str) -> str:
    """A relative URL written in the page at ``from_url``, as seen from the page at ``to_url``."""
    cut = len(value)
    for sep in "?#":
        k = value.find(sep)
        if 0 <= k < cut:
            cut = k
    path, rest = value[:cut], value[cut:]
    joined = posixpath.normpath(posixpath.join(_base_dir(from_url), path or "."))
    if joined == ".":
        joined = ""
    elif path.endswith("/") or path in ("", ".", "..") or path.endswith(("/.", "/..")):
        joined += "/"
    if joined.startswith("../"):  # above the site root: nothing to rebase against
        return value
    return relative_url(to_url, joined) + rest

