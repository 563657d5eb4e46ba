"""What the rendering stages share while they turn one note into MkDocs Markdown."""

from __future__ import annotations

import bisect
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal
from urllib.parse import quote

from .diagnostics import Diagnostic
from .index import Note, VaultIndex
from .scan import Masker
from .tokens import html_token, in_heading

LinkKind = Literal["link", "embed", "property"]

#: A page's URL relative to the site root (MkDocs' ``File.url``), or None when the path is not published.
UrlOf = Callable[[str], "str | None"]


@dataclass(frozen=True, slots=True)
class Options:
    """The core's settings (the adapter maps ``mkdocs.yml`` onto these)."""

    resolve_aliases: bool = True  # Obsidian Publish resolves [[Alias]]; the desktop app does not
    tags_dir: str = "tags"  # folder of the generated tag pages
    max_embed_depth: int = 8


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """One edge of the graph: ``source`` links to ``target`` (vault paths)."""

    source: str
    target: str
    kind: LinkKind
    line: int  # 1-based line in the source file
    context: str = ""  # the sentence around the link, for backlinks


@dataclass(slots=True)
class Source:
    """The note text a stage is working through: which note, which lines of its file."""

    note: Note
    first_line: int  # 1-based file line of the text's first line
    line_starts: list[int] = field(default_factory=list)

    def line_of(self, offset: int) -> int:
        return self.first_line + bisect.bisect_right(self.line_starts, offset) - 1


@dataclass(slots=True)
class RenderContext:
    """One page being rendered: the page's vault path decides every relative URL written out."""

    index: VaultIndex
    page: str
    url_of: UrlOf
    options: Options
    masker: Masker = field(default_factory=Masker)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    embed_chain: tuple[str, ...] = ()
    embed_counter: list[int] = field(default_factory=lambda: [0])
    #: "html": a note or section embed leaves a token, filled from the target's HTML later
    #: (``transclude``); "markdown": it is rendered into this page's Markdown; "walk": only its
    #: diagnostics are collected (the nested embeds of a section that leaves a token).
    embed_mode: Literal["html", "markdown", "walk"] = "html"
    embeds: list[Any] = field(default_factory=list)  # this page's EmbedRequests, by token number
    html_runs: list[str] = field(default_factory=list)  # this page's inline HTML, by token number
    includes: list[str] = field(default_factory=list)  # notes whose text is rendered into this page
    backlink_context: bool = True  # record the sentence around each link (for backlinks)
    body_lines: dict[str, int] = field(default_factory=dict)  # lines of the indexed bodies read

    def inline_html(self, fragment: str, text: str, offset: int) -> str:
        """Finished inline HTML written at ``text[offset]``: a token that ``tokens.fill`` swaps
        back after MkDocs rendered the page, or the HTML itself on a heading line (the toc and
        the heading's anchor are made from the heading's text)."""
        if in_heading(text, offset):
            return fragment
        self.html_runs.append(fragment)
        return html_token(len(self.html_runs) - 1)

    def warn(
        self, src: Source, offset: int, message: str, level: Literal["warning", "info"] = "warning", **embed: Any
    ) -> None:
        self.diagnostics.append(Diagnostic(src.note.path, src.line_of(offset), message, level, **embed))

    def md_href(self, target: str, anchor: str | None = None) -> str:
        """A Markdown link destination from this page's source file to ``target``'s source file."""
        href = _md_path(posixpath.dirname(self.page), target) if target != self.page else ""
        if anchor:
            href += "#" + quote(anchor, safe="^-_.~")
        return href or "#"

    def page_href(self, target: str, anchor: str | None = None) -> str:
        """The final relative URL of ``target`` (and an anchor in it) as seen from this page.

        Links are written as finished HTML with this URL rather than as Markdown links to ``.md``
        files: Python-Markdown and MkDocs then have nothing left to parse or rewrite in them."""
        frag = "#" + quote(anchor, safe="^-_.~") if anchor else ""
        if target == self.page and frag:
            return frag
        href = self.url_href(target)
        if href is None:  # not a published page (the check command): the source path will do
            return self.md_href(target, anchor)
        return href + frag

    def url_href(self, target: str) -> str | None:
        """A final relative URL from this page to ``target`` (for raw HTML that MkDocs won't rewrite)."""
        to_url = self.url_of(target)
        from_url = self.url_of(self.page)
        if to_url is None or from_url is None:
            return None
        return relative_url(from_url, to_url)


# Both caches serve the links of one page at a time (the same targets again): a few thousand
# entries hit as often as 65,536 did (2,000 notes: 9,567 hits either way), which held 11 MiB at
# 10,000 notes until on_env.
@lru_cache(maxsize=4096)
def _md_path(folder: str, target: str) -> str:
    return quote(posixpath.relpath(target, folder or "."))


@lru_cache(maxsize=4096)
def relative_url(from_url: str, to_url: str) -> str:
    """URL of ``to_url`` relative to the page at ``from_url`` (both relative to the site root,
    normalized as MkDocs writes them). Pure string work: ``posixpath.relpath`` asks the OS for the
    working directory twice per call, which showed in the profile of every link."""
    base = [p for p in from_url.split("/")[:-1] if p != "."]  # the page's folder: "a/b/" -> [a, b]; "a/b.html" -> [a]; "./" -> []
    to = to_url.split("/")
    name = to.pop()  # "" for a folder URL ("a/", "./" or the root "")
    to = [p for p in to if p != "."]
    common = 0
    while common < len(base) and common < len(to) and base[common] == to[common]:
        common += 1
    parts = [".."] * (len(base) - common) + to[common:]
    if parts and ":" in parts[0] or not parts and ":" in name:
        parts.insert(0, ".")  # "a:b/" would read as a URL with the scheme "a:"
    if name:
        return "/".join([*parts, name])
    return "/".join(parts) + "/" if parts else "./"
