"""Canvases on the site (the MkDocs side of ``core.canvas``): a page for each ``.canvas`` file, the
board drawn on it and wherever a note embeds it, and the canvases' nodes and edges in the graph.

The core parses and draws; this module adds the generated pages to MkDocs' files, renders text
nodes through the notes' pipeline and the site's Markdown extensions, and logs problems.
"""

from __future__ import annotations

import dataclasses
import os
import re
from html import unescape
from pathlib import Path
from typing import Any, Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from .core.canvas import CANVAS_SUFFIX, Canvas, linked_notes, parse_canvas, render_board
from .core.context import LinkRecord, Options, RenderContext
from .core.diagnostics import Diagnostic
from .core.index import Note, VaultIndex
from .core.links import escape_md
from .core.pipeline import render_note
from .core.sanitize import escape_text, sanitize_html
from .core.tokens import fill

log = get_plugin_logger("vault")

_EMBED = re.compile(r'<div class="vault-canvas-embed" data-canvas-embed="([^"]*)"></div>')


class CanvasPages:
    def __init__(self, report: Callable[[list[Diagnostic]], None]) -> None:
        self.report = report
        self.canvases: dict[str, Canvas] = {}  # each .canvas file, parsed
        self.pages: dict[str, str] = {}  # the generated page of each canvas -> the canvas
        self._md: Any = None  # Python-Markdown with the site's extensions, for text nodes
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

    def board_html(self, canvas: Canvas, page_path: str) -> str:
        """The board of ``canvas`` for the page of ``page_path`` (a note, or the canvas's own page,
        which gets a stand-in note so text nodes resolve their links from the canvas's folder)."""
        assert self._vault is not None
        index, url_of, options, aliases, config = self._vault
        if page_path not in index.notes:
            stand_in = Note(page_path, "", 1, {}, Path(canvas.path).stem, [], [], [], {})
            index = dataclasses.replace(index, notes={**index.notes, page_path: stand_in})
        ctx = RenderContext(index=index, page=page_path, url_of=url_of, options=options)
        if self._md is None:
            import markdown

            self._md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        own_page = self.pages.get(page_path) == canvas.path

        def text_html(text: str) -> str:
            r = render_note(index, page_path, url_of, options, body=text, embed_html=False)
            if own_page:  # reported once, for the canvas's own page
                self.report([Diagnostic(canvas.path, 1, f"canvas text node: {d.message}", d.level) for d in r.diagnostics])
            self._md.reset()
            return fill(self._md.convert(r.markdown), r.html_runs)

        def href(path: str, anchor: str | None) -> str | None:
            return ctx.page_href(path, anchor) if ctx.url_href(path) is not None else None

        return sanitize_html(render_board(canvas, index, text_html, href, aliases=aliases))

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
