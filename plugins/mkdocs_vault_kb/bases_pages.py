"""Bases on the site (the MkDocs side of ``core.bases``): a page for each ``.base`` file, and the
base embeds and ```` ```base ```` blocks of notes rendered in place.

The core evaluates and renders; this module only adds the generated pages to MkDocs' files, hands
the core the vault as Bases see it, and logs each base's problems once a build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from .core.bases import BASE_FENCE, EMBED_MARKER, VaultData, read_marker, render_base
from .core.bases.filetimes import file_times
from .core.context import LinkRecord, relative_url
from .core.diagnostics import Diagnostic
from .core.index import VaultIndex
from .core.sanitize import escape_text, sanitize_html
from .core.source import decode_note

log = get_plugin_logger("vault")

BASE_SUFFIX = ".base"


class BasePages:
    def __init__(self, report: Callable[[list[Diagnostic]], None]) -> None:
        self.report = report
        self.sources: dict[str, str] = {}  # each .base file's YAML
        self.pages: dict[str, str] = {}  # the generated page of each base -> the base
        self.data: VaultData | None = None  # the vault as Bases see it, built on first use
        self.logged: set[Diagnostic] = set()  # a base's problems are logged once a build
        self._vault: tuple[Any, ...] | None = None
        self.docs_dir = ""  # the vault's folder: file.ctime/mtime come from its git history

    def add(self, files: Files, config: MkDocsConfig, paths: list[str]) -> None:
        """A page for each ``.base`` file (``Books.base`` -> ``Books/``), filled by ``page_html``."""
        self.sources, self.pages = {}, {}
        self.docs_dir = config.docs_dir
        for path in sorted(paths):
            f = files.get_file_from_path(path)
            self.sources[path] = decode_note(f.content_bytes)[0] if f is not None else ""
            for uri in (path[: -len(BASE_SUFFIX)] + ".md", path + ".md"):
                if files.get_file_from_path(uri) is None:
                    files.append(File.generated(config, uri, content=f"# {escape_text(Path(path).stem)}\n"))
                    self.pages[uri] = path
                    if f is not None:  # the page publishes it; `Name.base/` would clash with the file
                        files.remove(f)
                    break
            else:
                log.warning(f"{path}: no page for the base: {uri} exists")

    def bind(self, index: VaultIndex, sizes: dict[str, int], inline_tags: dict[str, list[str]],
             links: list[LinkRecord], urls: dict[str, str], resolve_aliases: bool) -> None:
        """The vault of this build (``sizes``: each note's file size in bytes, ``file.size``); the
        Bases view of it is built when a base is first rendered."""
        self._vault = (index, sizes, inline_tags, links, urls, resolve_aliases)
        self.data, self.logged = None, set()

    def unbind(self) -> None:
        """The vault let go: every page is made (a single build's ``on_env``)."""
        self._vault, self.data = None, None

    def html(self, base: str, page_url: str, this: str | None, view: str | None, first: bool,
             source: str | None = None, where: str | None = None, line0: int = 1) -> str:
        """A base (``base``'s YAML, or ``source`` from a code block in note ``where``) as HTML for
        the page at ``page_url``; its problems are logged once a build."""
        assert self._vault is not None
        index, sizes, inline_tags, links, urls, aliases = self._vault
        if self.data is None:
            triples = [(r.source, r.target, r.kind) for r in links]
            root = self.docs_dir
            self.data = VaultData.build(index, inline_tags, triples, sizes, resolve_aliases=aliases,
                                        times=lambda: file_times(root, [*index.notes, *index.attachments]))

        def href(target: str) -> str | None:
            url = urls.get(target)
            return relative_url(page_url, url) if url is not None else None

        text = self.sources.get(base, "") if source is None else source
        out, diags = render_base(text, self.data, href, path=where or base, this=this, view=view, only_first=first, line0=line0)
        self.report([d for d in diags if d not in self.logged])
        self.logged.update(diags)
        return out

    def page_html(self, uri: str, page_url: str, html: str) -> tuple[str, str] | None:
        """The title and the sanitised HTML (the page's ``html``, then every view) of the base
        whose generated page is ``uri`` (None: not one)."""
        base = self.pages.get(uri)
        if base is None:
            return None
        return escape_text(Path(base).stem), sanitize_html(html + self.html(base, page_url, None, None, False))

    def in_markdown(self, md: str, note: Any, page_url: str, block: Callable[[str], str]) -> str:
        """``![[x.base#View]]`` markers (``core.embeds``) and ```` ```base ```` blocks as HTML runs
        (``block`` stores one and returns its token)."""
        path = note.path

        def embed(m: Any) -> str:
            base, view = read_marker(m)
            return block(self.html(base, page_url, path, view, True)) if base in self.sources else ""

        def fenced(m: Any) -> str:
            body = m.group("body")
            k = note.body.find(body)
            line0 = note.body_line + (note.body.count("\n", 0, k) if k >= 0 else 0)
            return "\n" + m.group("indent") + block(self.html(path, page_url, path, None, False, body, path, line0))

        return BASE_FENCE.sub(fenced, EMBED_MARKER.sub(embed, md))
