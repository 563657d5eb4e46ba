"""Canvases on the site (the MkDocs side of ``core.canvas``): a page for each ``.canvas`` file, the
board drawn on it and wherever a note embeds it, and the canvases' nodes and edges in the graph.

The core parses and draws; this module adds the generated pages to MkDocs' files, renders text
nodes through the notes' pipeline and the site's Markdown extensions, fills the file nodes' cards
with their notes, and logs problems.

Text nodes: the pipeline writes a Markdown link to a note or a file as a link to its *source*
(``../Note.md#h``), which MkDocs turns into the page's URL when it renders a page; text nodes are
rendered by our own ``markdown.Markdown``, so ``_VaultUrls`` does that step here (a tree
processor, as MkDocs' own), and a relative link that names no vault file is a warning.

File nodes naming a note: the board holds an empty ``vault-canvas-note-body`` box for each; once
every page is rendered (``fill_cards``, from ``on_env``) it is filled with the note's HTML as its
own page has it, cut by ``core.transclude`` exactly as an ``![[Note#Section]]`` embed is (once per
note and subpath; a whole note without its leading h1, which the card's title already shows), at
most ``MAX_CARD_HTML`` characters of it, its URLs rebased, its headings without ids and its other
ids prefixed per card. Search leaves the cards out (``data-search-exclude``): their text is
found on its own note, as embedded text is. A card is a ``<section>``, not a ``<div>``: Material's
search parser tells excluded elements apart by tag name only, so the first excluded ``<div>``
inside (display math) would end the card's exclusion. A ``#^block`` is rendered from its lines, as a block embed is.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
from html import unescape
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import quote, unquote

from markdown.treeprocessors import Treeprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from .core.canvas import (
    CANVAS_SUFFIX,
    MAX_PAGE_CARD_HTML,
    Canvas,
    NoteCard,
    cap_html,
    file_problems,
    linked_notes,
    parse_canvas,
    render_board,
)
from .core.context import LinkRecord, Options, RenderContext, relative_url
from .core.diagnostics import Diagnostic
from .core.index import Note, VaultIndex
from .core.links import escape_md
from .core.pipeline import render_note
from .core.sanitize import escape_text, sanitize_html
from .core.tokens import fill
from .core.transclude import EmbedRequest, PageBody, Transcluder, moved, prefixed_ids

log = get_plugin_logger("vault")

_EMBED = re.compile(r'<div class="vault-canvas-embed" data-canvas-embed="([^"]*)"></div>')
def holds_canvas_cards(html: str) -> bool:
    """The page shows a board whose file nodes' cards ``CanvasPages.fill_cards`` fills."""
    return "vault-canvas-note-body" in html


_CARD = re.compile(r'<section class="vault-canvas-note-body"((?:\s+data-card-[a-z]+="[^"]*")*)(?:\s+data-search-exclude(?:="")?)?\s*></section>')
_CARD_ATTR = re.compile(r'data-card-([a-z]+)="([^"]*)"')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HEADING_ID = re.compile(r'(<h[1-6]\b[^>]*?)\s+id="[^"]*"')
_LEADING_H1 = re.compile(r"\A\s*<h1\b[^>]*>.*?</h1>\s*", re.S)  # a whole note's title: the card shows it


class _VaultUrls(Treeprocessor):
    """Links and images that name a vault file by its source path (how the pipeline writes a
    Markdown link) get the file's URL from ``page``; other relative ones are ``unresolved``."""

    def __init__(self, md: Any, url_of: Callable[[str], str | None]) -> None:
        super().__init__(md)
        self.url_of = url_of
        self.page = ""
        self.unresolved: list[str] = []

    def run(self, root: Any) -> None:
        for el in root.iter():
            attr = "href" if el.tag == "a" else "src" if el.tag == "img" else None
            value = el.get(attr) if attr else None
            if value:
                url = self.url(value)
                if url is not None:
                    el.set(attr, url)

    def url(self, value: str) -> str | None:
        if _SCHEME.match(value) or value.startswith(("/", "#")):
            return None
        cut = min((k for k in (value.find("#"), value.find("?")) if k >= 0), default=len(value))
        path, rest = unquote(value[:cut]), value[cut:]
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), path))
        to_url, from_url = self.url_of(target), self.url_of(self.page)
        if to_url is None or from_url is None:
            self.unresolved.append(value)
            return None
        return relative_url(from_url, to_url) + rest


class CanvasPages:
    def __init__(self, report: Callable[[list[Diagnostic]], None]) -> None:
        self.report = report
        self.canvases: dict[str, Canvas] = {}  # each .canvas file, parsed
        self.pages: dict[str, str] = {}  # the generated page of each canvas -> the canvas
        self._md: Any = None  # Python-Markdown with the site's extensions, for text nodes
        self._urls: _VaultUrls | None = None  # its last tree processor (see the module's docstring)
        self._vault: tuple[VaultIndex, Callable[[str], str | None], Options, bool, MkDocsConfig] | None = None

    def add(self, files: Files, config: MkDocsConfig, paths: list[str], reserved: tuple[str, ...]) -> None:
        """A page for each canvas (``Board.canvas`` -> ``Board/``); ``reserved`` names pages a
        board may not take (the graph page's)."""
        self.canvases, self.pages, self._md = {}, {}, None
        for path in sorted(paths):
            f = files.get_file_from_path(path)
            canvas = self.canvases[path] = parse_canvas(path, f.content_bytes if f is not None else b"")
            self.report(canvas.diagnostics)
            for uri in (path[: -len(CANVAS_SUFFIX)] + ".md", path + ".md"):
                # index.md and README.md would take the folder's index page
                if files.get_file_from_path(uri) is None and uri.lower() not in ("index.md", "readme.md", *reserved):
                    files.append(File.generated(config, uri, content=f"# {escape_md(Path(path).stem)}\n"))
                    self.pages[uri] = path
                    if f is not None:  # the page publishes it; the JSON itself is not (and may clash)
                        files.remove(f)
                    break
            else:
                log.warning(f"{path}: no page for the canvas: {uri} exists")

    def bind(self, index: VaultIndex, url_of: Callable[[str], str | None], options: Options,
             resolve_aliases: bool, config: MkDocsConfig) -> None:
        self._vault = (index, url_of, options, resolve_aliases, config)
        for canvas in self.canvases.values():
            self.report(file_problems(canvas, index, aliases=resolve_aliases))

    def _markdown(self, text: str, page_path: str, runs: list[str]) -> tuple[str, list[str]]:
        """Our pipeline's Markdown for the page of ``page_path`` as HTML, with its vault URLs
        (``_VaultUrls``), and the relative links that named no vault file."""
        assert self._vault is not None
        if self._md is None:
            import markdown

            config = self._vault[4]
            self._md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
            self._urls = _VaultUrls(self._md, self._vault[1])
            self._md.treeprocessors.register(self._urls, "vault_canvas_urls", 0)  # after every other
        assert self._urls is not None
        self._urls.page, self._urls.unresolved = page_path, []
        self._md.reset()
        out = fill(self._md.convert(text), runs)
        return out, self._urls.unresolved

    def board_html(self, canvas: Canvas, page_path: str) -> str:
        """The board of ``canvas`` for the page of ``page_path`` (a note, or the canvas's own
        page). Text nodes resolve their links from the canvas's folder, as Obsidian does: they are
        rendered for the canvas's own page (a stand-in note) and moved to ``page_path``'s."""
        assert self._vault is not None
        index, url_of, options, aliases, config = self._vault
        own_uri = next((uri for uri, path in self.pages.items() if path == canvas.path), None)
        text_page = page_path
        if own_uri is not None and url_of(own_uri) is not None and url_of(page_path) is not None:
            text_page = own_uri
        for path in {page_path, text_page} - set(index.notes):
            stand_in = Note(path, "", 1, {}, Path(canvas.path).stem, [], [], [], {})
            index = dataclasses.replace(index, notes={**index.notes, path: stand_in})
        ctx = RenderContext(index=index, page=page_path, url_of=url_of, options=options)
        own_page = self.pages.get(page_path) == canvas.path

        def text_html(text: str) -> str:
            r = render_note(index, text_page, url_of, options, body=text, embed_html=False)
            out, unresolved = self._markdown(r.markdown, text_page, r.html_runs)
            if own_page:  # reported once, for the canvas's own page
                self.report([Diagnostic(canvas.path, 1, f"canvas text node: {d.message}", d.level) for d in r.diagnostics])
                self.report([Diagnostic(canvas.path, 1, f"canvas text node: unresolved link {u}") for u in unresolved])
            if text_page != page_path:
                out = moved(out, url_of(text_page) or "", url_of(page_path) or "")
            return out

        def href(path: str, anchor: str | None) -> str | None:
            return ctx.page_href(path, anchor) if ctx.url_href(path) is not None else None

        blocks: dict[str, str] = {}
        budget = [MAX_PAGE_CARD_HTML]

        def note_html(card: NoteCard) -> str:
            if card.lines is None:  # filled from the note's page once every page is rendered
                data = {"note": card.path, "key": card.key, "anchor": card.anchor, "end": card.end_anchor, "canvas": canvas.path}
                attrs = "".join(f' data-card-{k}="{escape_text(v)}"' for k, v in data.items() if v)
                return f'<section class="vault-canvas-note-body"{attrs} data-search-exclude></section>'
            if card.key not in blocks:
                blocks[card.key] = self._block_html(card, page_path)
            body = blocks[card.key]
            if len(body) > budget[0]:
                return ""
            budget[0] -= len(body)
            return f'<section class="vault-canvas-note-body vault-canvas-block" data-search-exclude>{body}</section>'

        return sanitize_html(render_board(canvas, index, text_html, href, aliases=aliases, note_html=note_html, embedded=not own_page))

    def _block_html(self, card: NoteCard, page_path: str) -> str:
        """A ``#^block`` of a note rendered from its lines as the note renders them (links resolved
        from the note), for the page of ``page_path``; the block's ``^id`` is not shown."""
        assert self._vault is not None and card.lines is not None and card.anchor is not None
        index, url_of, options = self._vault[:3]
        note = index.notes[card.path]
        start, end = card.lines
        text = "\n".join(note.body.split("\n")[start:end])
        text = re.sub(r"[ \t]*\^" + re.escape(card.anchor[1:]) + r"[ \t]*$", "", text, count=1, flags=re.M | re.I)
        r = render_note(index, card.path, url_of, options, body=text, embed_html=False)
        out, _ = self._markdown(r.markdown, card.path, r.html_runs)  # its problems are its note's
        from_url, to_url = url_of(card.path), url_of(page_path)
        if from_url is not None and to_url is not None:
            out = moved(out, from_url, to_url)
        return cap_html(out)[0]

    def page_html(self, uri: str, html: str) -> tuple[str, str] | None:
        """The title and HTML of the canvas page ``uri`` (None: not one)."""
        path = self.pages.get(uri)
        if path is None:
            return None
        return escape_text(Path(path).stem), sanitize_html(html) + self.board_html(self.canvases[path], uri)

    def embeds(self, html: str, page_path: str) -> str:
        """``![[Board.canvas]]`` placeholders (``core.embeds``) in a note's HTML, drawn for it."""
        if "data-canvas-embed" not in html:
            return html

        def draw(m: Any) -> str:
            canvas = self.canvases.get(unescape(m.group(1)))
            return self.board_html(canvas, page_path) if canvas is not None else m.group(0)

        return _EMBED.sub(draw, html)

    def fill_cards(self, pages: Iterable[Any], bodies: dict[str, PageBody]) -> None:
        """Put each note's HTML (``bodies``: the notes' pages as rendered) into the file nodes'
        cards of ``pages`` (MkDocs pages, after the notes' own embeds are in place); a page's
        cards together take at most ``MAX_PAGE_CARD_HTML`` characters, the rest show titles."""
        transcluder = Transcluder(bodies, self._report_card)
        parts: dict[str, tuple[str, bool, str] | None] = {}  # key -> capped HTML, cut?, its page's URL
        for page in pages:
            content = getattr(page, "content", None)
            if not content or not holds_canvas_cards(content):
                continue
            page_url = page.file.url
            budget, rebased, shown, left = MAX_PAGE_CARD_HTML, {}, 0, 0

            def put(m: re.Match[str]) -> str:
                nonlocal budget, shown, left
                data = {k: unescape(v) for k, v in _CARD_ATTR.findall(m.group(1))}
                key, target = data.get("key", ""), data.get("note", "")
                if key not in parts:
                    parts[key] = None
                    if target in bodies:
                        req = EmbedRequest(target, key, data.get("anchor"), data.get("end"), "", 1, data.get("canvas", ""))
                        inner = transcluder.section(req)
                        if inner is not None:
                            if not data.get("anchor"):
                                inner = _LEADING_H1.sub("", inner, count=1)
                            parts[key] = (*cap_html(inner), bodies[target].url)
                part = parts[key]
                if part is None:
                    return m.group(0)
                fragment, cut, from_url = part
                if len(fragment) > budget:
                    left += 1
                    return m.group(0)
                budget -= len(fragment)
                if key not in rebased:  # headings lose their ids: the page's own are never taken
                    rebased[key] = _HEADING_ID.sub(r"\1", moved(fragment, from_url, page_url))
                shown += 1
                more = ""
                if cut:
                    anchor = data.get("anchor")
                    href = relative_url(page_url, from_url) + ("#" + quote(anchor, safe="^-_.~") if anchor else "")
                    more = f'<p class="vault-canvas-more"><a href="{escape_text(href)}">The rest is in the note</a></p>'
                body = prefixed_ids(rebased[key], f"vault-card-{shown}-")
                return m.group(0)[: -len("</section>")] + body + more + "</section>"

            page.content = _CARD.sub(put, content)
            if left:
                log.info(
                    f"{page.file.src_uri}: {left} canvas file nodes show only their titles: "
                    f"the notes shown in one page's cards are capped at {MAX_PAGE_CARD_HTML:,} characters"
                )

    def _report_card(self, req: EmbedRequest, why: str) -> None:
        self.report([Diagnostic(req.source, 1, f"canvas: a file node showing {req.key} shows only its title: {why}")])

    def graph_parts(self, links: list[LinkRecord], url_of: Callable[[str], str | None]) -> tuple[list[dict[str, Any]], list[LinkRecord], set[str]]:
        """The canvases' graph nodes, every link with edges into and out of canvases (a link or
        embed of a canvas points at its page; a file node is an embed of its note), and the
        canvas paths that are graph nodes."""
        assert self._vault is not None
        index, aliases = self._vault[0], self._vault[3]
        pages = {path: uri for uri, path in self.pages.items() if url_of(uri) is not None}
        nodes = [
            {"id": url_of(uri), "title": Path(path).stem, "path": path, "folder": os.path.dirname(path), "tags": [], "kind": "canvas"}
            for path, uri in sorted(pages.items())
        ]
        contained = [
            LinkRecord(uri, note, "embed", 1)
            for path, uri in sorted(pages.items())
            for note in linked_notes(self.canvases[path], index, aliases=aliases)
        ]
        retargeted = [dataclasses.replace(r, target=pages[r.target]) if r.target in pages else r for r in links]
        return nodes, [*retargeted, *contained], set(pages.values())
