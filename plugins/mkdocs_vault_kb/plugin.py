"""The MkDocs adapter: wires the core stages to MkDocs events and logs what they return.

Everything Obsidian-specific happens in ``core`` (and ``execute``); this module only moves data
between MkDocs objects and the core, in event order:

- ``on_config``: make sure the Markdown extensions our output needs are on; register our assets.
- ``on_files``: read the vault once, index it, render every note, log the diagnostics, add the
  generated tag pages, and start executing code in the background (pages run while MkDocs renders).
- ``on_page_markdown``: hand MkDocs the rendered note (with its executed fences).
- ``on_page_content``: keep each page's HTML for the embeds; make the page's graph and backlinks.
- ``on_env``: every page is rendered: put embedded notes and sections in place, cut from the
  HTML of their own pages (``core.transclude``), before the search index and templates see them.
- ``on_page_context``: the note's tags under its title, and its graph and backlinks panels at its
  end, after the search plugin read the page (they are not the note's text: not parsed for search).
- ``on_post_build``: write ``graph.json``.
"""

from __future__ import annotations

import functools
import gc
import os
from html import unescape
import time
from pathlib import Path
from collections.abc import Callable
from typing import Any

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from .code_blocks import CodeBlocks
from .config import VaultConfig
from .parallel import Background, map_forked, workers_for
from .machine import write_outputs
from .memory import Held, HeldBody, PackedRendering, Spill, SpilledBodies, can_release_markdown, can_release_pages, can_spill_pages, give_back
from .memory import keep_linked_anchors, let_links_go, overrides_mention, release_anchors, release_markdown, release_page, strip_index
from .core.feed import FEED_URI, feed_link
from .execute import ExecuteOptions, ExecutionStage
from .core.boundary import check_boundary
from .core.canvas import CANVAS_SUFFIX
from .core.context import LinkRecord, Options, relative_url
from .core.diagnostics import Diagnostic, collapse_embed_chains
from .core.browser_pages import backlink_item_html, backlinks_section_html, graph_page_markdown, page_meta_html, social_meta
from .core.browser_pages import local_graph_anchor_html, note_tags_html, panel_toc
from .core.describe import description, page_title
from .core.figures import extract_figures
from .core.graph import BacklinkCache, build_backlinks, build_graph, with_layout
from .core.graphlayout import SHARED_CACHE as SHARED_LAYOUTS
from .core.headings import AnchorMaker
from .core.home import find_home
from .core.navorder import flatten_pages, learning_order, order_nav
from .core.searchaids import aliases_in_title, aliases_search_html, math_out_of_search
from .core.resolve import resolve_target
from .core.index import NOTE_SUFFIX, NoteCache, VaultIndex, build_index
from .core.pagemeta import page_meta
from .core.pipeline import Rendered, render_note
from .core.source import decode_note
from .core.sanitize import escape_text, sanitize_html, unsafe_attachment, write_json_for_html
from .core.toc import TOC_LIMIT, cap_toc
from .core.tokens import fill, has_embed_tokens, html_token, strip_embed_tokens
from .core.transclude import EmbedRequest, PageBody, Transcluder
from .core.tagpages import collect_tags, tags_lists_html, tags_markdown
from .bases_pages import BASE_SUFFIX, BasePages
from .canvas_pages import CanvasPages, holds_canvas_cards
from .render_ahead import RenderAhead, can_render_ahead
from .templates_ahead import TemplatesAhead, can_render_templates_ahead
from .events import reads_pages_only_for_search
from .core.syntax.tags import tag_anchor, tags_index

log = get_plugin_logger("vault")

ASSETS = Path(__file__).parent / "assets"
ASSET_DIR = "assets/vault"
SCRIPTS = ("vendor/force-graph.min.js", "vault.js", "vault-canvas.js")
GRAPH_PAGE = "graph.md"
REQUIRED_EXTENSIONS = ("toc", "attr_list", "md_in_html", "admonition", "pymdownx.details")


def _timed(hook):
    """Adds the hook's wall time to ``self.seconds``: the plugin's own share of a build, logged at
    the end of it (what MkDocs then spends rendering the notes' content is MkDocs' share)."""

    @functools.wraps(hook)
    def run(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return hook(self, *args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start

    return run


class VaultPlugin(BasePlugin[VaultConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.index: VaultIndex | None = None
        self.home: str | None = None  # the note published as the front page
        self.rendered: dict[str, Rendered | PackedRendering] = {}
        self.urls: dict[str, str] = {}
        self.executor: ExecutionStage | None = None
        self.executor_key: tuple[ExecuteOptions, Path | None] | None = None
        self.inline_tags: dict[str, list[str]] = {}  # inline #tags of each note, from its rendering
        self.links: list[LinkRecord] = []  # every note's outgoing links, from its rendering
        self.links_packed = False  # the links are in the packed renderings only (memory.py): see _links
        self.mentions: Background | None = None  # each page URL's "Linked mentions" (HTML, count), being made
        self.note_pages: dict[str, Page] = {}  # the notes' pages, for their panels (on_env)
        self.note_cache: NoteCache = {}  # unchanged notes are not parsed again by serve's rebuilds
        self.render_cache: dict[str, tuple[str, dict[str, str], Rendered]] = {}  # nor rendered again
        self.render_key: tuple[Any, ...] | None = None
        self.rebuilds = True  # `mkdocs serve`: keep the caches above for the next build (on_startup)
        self.stats_before: dict[str, int] = {}
        self.seconds = 0.0
        self.anchors: AnchorMaker | None = None
        self.dirty = False
        self.backlink_cache: BacklinkCache = {}  # serve: each linking note's entries, kept while unchanged
        self.copy_cache: dict[tuple[str, bool], tuple[Any, str]] = {}  # serve: each note's Markdown copies (machine.py)
        self.code_blocks = CodeBlocks()  # executed cells' highlighted code, across serve rebuilds
        self.page_runs: dict[str, list[str]] = {}  # each page's HTML runs (links, code blocks)
        self.tags: dict[str, tuple[str, list[str]]] = {}
        self.tags_file: File | None = None  # the generated tags page
        self.bodies: dict[str, PageBody] = {}  # each note's page HTML with embed tokens, for on_env
        self.pages: dict[str, tuple[Page, str]] = {}  # pages with embed tokens, and what follows their body
        self.panels: dict[str, Any] = {}  # each note's panels (graph; linked mentions, held by spill), added after search
        self.outputs: Background | None = None  # the machine-readable files, being written
        self.graph_job: Background | None = None  # graph.json, being written
        self.full: dict[str, Held] = {}  # pages with embeds, whole: search reads them without (on_env)
        self.searched: dict[str, Held] = {}  # and what search reads of them, waiting in the spill
        self.bases = BasePages(self._log)  # .base files' pages, base embeds and blocks
        self.canvas = CanvasPages(self._log)  # .canvas files' pages and embedded boards
        self.nav: Navigation | None = None  # the built navigation, for llms.txt (machine.py)
        self.files: Files | None = None  # this build's files, for the pages made ahead
        self.ahead: RenderAhead | None = None  # notes' pages being made on another core (render_ahead)
        self.ahead_pending = False  # start that with MkDocs' first page
        self.made_ahead = 0  # how many it made, for the build's last log line
        self.templates: TemplatesAhead | None = None  # pages' templates rendered on another core
        self.release_pages = False  # each page's HTML let go once written (memory.py)
        self.release_meta = False  # and its metadata, but what the navigation shows
        self.release_notes = False  # each note let go with its page (on_post_page)
        self.notes_written = 0  # how many
        self.spill = Spill()  # panels and whole pages waiting for on_page_context (memory.py)
        self.page_spill = Spill(local=True)  # the notes' pages, from on_page_content (memory.py)
        self.spill_pages = False  # ... when nothing reads them before their on_page_context
        self.toc_panels: dict[str, int] = {}  # then the panels' entries wait too: mentions listed
        self.packed = False  # the index's notes are packed (a single build that forks: on_files)
        self.reading: Any = None  # the note whose page MkDocs reads, unpacked (on_page_read_source)
        self.release_markdown = False  # each note's page lets its Markdown go once converted (memory.py)

    # -- configuration -----------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this hook keeps one plugin instance across the rebuilds of ``mkdocs serve``,
        so the execution workers (and their warm imports) live as long as the server."""
        # A dirty build renders only changed pages: embeds cannot count on their targets' HTML.
        self.dirty = dirty
        # Only a server builds again: a single build keeps no caches, and lets each note's data
        # go at its last use (issue 16: memory).
        self.rebuilds = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        for ext in REQUIRED_EXTENSIONS:
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        toc = config.mdx_configs.get("toc", {})
        from markdown.extensions.toc import slugify as default_slugify

        anchors = AnchorMaker(toc.get("slugify", default_slugify), toc.get("separator", "-"))
        if self.anchors is None or (anchors.slugify, anchors.separator) != (self.anchors.slugify, self.anchors.separator):
            self.note_cache.clear()  # headings' anchors depend on the slugify function
        self.anchors = anchors
        for css in sorted(ASSETS.glob("*.css")):
            config.extra_css.append(f"{ASSET_DIR}/{css.name}")
        # Deferred: they run in this order once the page is parsed, never blocking its first paint.
        scripts = list(SCRIPTS)  # the graph library before the script that uses it
        scripts.append("vault-bases.js")  # sorting and filtering of Bases tables (optional)
        if self.config.mathjax and "pymdownx.arithmatex" in config.markdown_extensions:
            # MathJax's settings and loader: MathJax itself (vendor/mathjax-tex-svg.js, 2 MB, shipped
            # with the plugin, no CDN) is fetched by pages that have math, when they are shown
            scripts[0:0] = ["mathjax-config.js"]
        for js in scripts:
            script = ExtraScriptValue(f"{ASSET_DIR}/{js}")
            script.defer = True
            config.extra_javascript.append(script)
        self.options = Options(
            resolve_aliases=self.config.resolve_aliases,
            tags_dir=self.config.tags_dir.strip("/"),
            max_embed_depth=self.config.max_embed_depth,
        )
        self._start_executor(config)
        return config

    def _start_executor(self, config: MkDocsConfig) -> None:
        """One execution stage per server (or build). Turned off, it still turns ``run-python``
        fences into highlighted ``python`` fences, without running them."""
        ex = self.config.execute
        root = Path(config.config_file_path or ".").resolve().parent
        snippets_dir = _snippets_dir(config, self.config.snippets_dir)
        options = ExecuteOptions.from_env(
            enabled=ex.enabled,
            timeout=float(ex.timeout),
            workers=ex.workers,
            memory_mb=ex.memory_mb,
            cache_dir=(root / ex.cache_dir).resolve(),
            output_limit_kb=ex.output_limit_kb,
            sandbox=ex.sandbox,
        )
        if self.executor is not None and (options, snippets_dir) == self.executor_key:
            return  # the same settings as the last build of this server: keep the warm workers
        if self.executor is not None:
            self.executor.close()
        self.executor = ExecutionStage(options, snippets_dir)
        self.executor_key = (options, snippets_dir)

    # -- the vault ---------------------------------------------------------------------------

    @_timed
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        notes: dict[str, str] = {}
        errors: dict[str, list[tuple[int, str]]] = {}
        attachments: list[str] = []
        self._keep_inside_vault(files, config)
        self._drop_active_files(files, config.docs_dir)
        for f in files:
            if f.generated_by:
                continue
            if f.src_uri.endswith(NOTE_SUFFIX):
                notes[f.src_uri], problems = decode_note(f.content_bytes)
                for line, message in problems:
                    errors.setdefault(f.src_uri, []).append((line, message))
            elif not f.src_uri.startswith(".obsidian/"):
                attachments.append(f.src_uri)
        self._add_tags_page(files, config)
        self.canvas.add(files, config, [a for a in attachments if a.lower().endswith(CANVAS_SUFFIX)], (GRAPH_PAGE,))
        assert self.anchors is not None
        cache = self.note_cache if self.rebuilds else None
        # A single build that forks keeps the notes packed here (core.index.Note.pack): parsed and
        # rendered in children only, they unpack where they are read (memory.py).
        self.packed = pack = not self.rebuilds and workers_for(len(notes)) > 1
        chunks = functools.partial(map_forked, in_parent=not pack)
        self.index = index = build_index(notes, attachments, self.anchors, read_errors=errors, cache=cache, map_chunks=chunks, keep_masked=self.rebuilds, pack=pack)
        self.home = self._set_home(files, index, config)
        self.bases.add(files, config, [a for a in attachments if a.lower().endswith(BASE_SUFFIX)])
        self.urls = {f.src_uri: f.url for f in files}
        self.urls.update({base: self.urls[uri] for uri, base in self.bases.pages.items()})  # [[x.base]] -> its page
        self.urls.update({board: self.urls[uri] for uri, board in self.canvas.pages.items()})  # [[x.canvas]] too
        self.canvas.bind(index, self.url_of, self.options, self.config.resolve_aliases, config)
        self.rendered = self._render_all(index, notes)
        if not self.rebuilds:  # the masked bodies serve rendering only (serve's rebuilds render again)
            for note in index.notes.values():
                note.masked = None
        self.pages = {}
        self.bodies = {}
        self.panels = {}
        self.full = {}
        self.searched = {}
        self.toc_panels = {}
        self.inline_tags = {path: r.tags for path, r in self.rendered.items()}
        # the links are read again only by the children forked below and by a base (a .base file,
        # or a base block or embed): packed renderings keep them packed unless a base may read them
        bases = bool(self.bases.pages) or any(_holds_base(r) for r in self.rendered.values())
        self.links_packed = not bases and any(isinstance(r, PackedRendering) for r in self.rendered.values())
        self.links = [] if self.links_packed else _all_links(self.rendered)
        self._log(collapse_embed_chains(index.diagnostics + [d for r in self.rendered.values() for d in r.diagnostics]))
        self._fill_tags_page(collect_tags(index, self.inline_tags))
        self._add_graph_page(files, config)
        # Linked mentions need only the index and the links: they are made on another core while
        # MkDocs converts the pages' Markdown, and on_env takes them (parallel.Background).
        if self.mentions is not None:
            self.mentions.cancel()
        # In a single build each section goes, compressed, into the spill file as it is made
        # (memory.py): the child holds one at a time, and this process only where each lies.
        spill = self.spill.open() if not self.rebuilds and self.config.backlinks else None
        self.mentions = Background(functools.partial(_mentions, index, self._links, self.url_of, self.config.resolve_aliases, self.backlink_cache if self.rebuilds else None, spill)) if self.config.backlinks else None
        # graph.json needs only the index, the links and the URLs too: it is written on another
        # core while MkDocs makes the pages, by a child that starts smaller than one forked later.
        if self.graph_job is not None:
            self.graph_job.cancel()
        self.graph_job = Background(functools.partial(self._write_graph, config)) if self.config.graph else None
        self.note_pages = {}
        self.files = files
        self.ahead_pending = not self.rebuilds and not self.dirty
        self.release_markdown = self.ahead_pending and can_release_markdown(self, config)  # memory.py
        self.spill_pages = self.ahead_pending and can_spill_pages(self, config)
        self.page_spill.close()
        if self.spill_pages:
            self.page_spill.open()
        sizes = {path: len(text.encode("utf-8", "surrogatepass")) for path, text in notes.items()}
        self.bases.bind(index, sizes, self.inline_tags, self.links, self.urls, self.config.resolve_aliases)
        forked = all(job is None or job.forked for job in (self.mentions, self.graph_job))
        if not self.rebuilds and not bases and forked:
            let_links_go(self.rendered.values(), self.links, index.diagnostics)  # memory.py
        elif self.links_packed:  # a job runs here, later: it reads self.links once the pages are made
            self.links, self.links_packed = _all_links(self.rendered), False
        self._add_assets(files, config)
        if self.executor is not None:
            self.stats_before = dict(self.executor.stats())
            for path, r in self.rendered.items() if self.executor.enabled else ():
                self.executor.submit(path, r.markdown)
        # The index and the renderings live until the build ends: keep the cyclic garbage
        # collector from scanning them again and again while MkDocs renders (with them in its
        # generations, a one-note flagship rebuild took a quarter longer). on_post_build (or a
        # failed build) hands them back to the collector.
        gc.freeze()
        return files

    def _drop_active_files(self, files: Files, docs_dir: str) -> None:
        """Vault files a browser would run as a page of the site (HTML, scripts, SVG with scripts)
        are not published (``core.sanitize.unsafe_attachment``); links to them stay unresolved."""
        for f in _vault_files(files, docs_dir):
            if f.src_uri.endswith(NOTE_SUFFIX) or f.src_uri.startswith(".obsidian/"):
                continue
            why = unsafe_attachment(f.src_uri, f.content_bytes if f.src_uri.lower().endswith(".svg") else b"")
            if why is not None:
                files.remove(f)
                log.warning(f"{f.src_uri}: not published: {why}")

    def _keep_inside_vault(self, files: Files, config: MkDocsConfig) -> None:
        """Drop the files a symbolic link brings in from outside the vault (``core.boundary``)
        before anything reads them; MkDocs' walk of the docs folder follows every link."""
        vault_files = {f.src_uri: f for f in _vault_files(files, config.docs_dir)}
        found = check_boundary(
            config.docs_dir, list(vault_files), symlinked_folders=self.config.publish_symlinked_folders
        )
        for uri in set(vault_files) - set(found.keep):
            files.remove(vault_files[uri])
        for link, message in found.problems.items():
            log.warning(f"{link}: {message}")

    def _render_all(self, index: VaultIndex, texts: dict[str, str]) -> dict[str, Rendered]:
        """Render every note; under ``mkdocs serve``, reuse the rendering of each note whose text
        (and the text of any note rendered into it) is unchanged while the vault's shape (paths,
        titles, aliases, headings, block ids, URLs) is unchanged."""
        embed_html = not self.dirty
        key = (index.shape(), tuple(self.urls.items()), self.options, embed_html) if self.rebuilds else None
        if key is None or key != self.render_key:
            self.render_cache.clear()
            self.backlink_cache.clear()  # link targets may resolve otherwise
            self.copy_cache.clear()
            self.render_key = key
        cache = self.render_cache
        rendered: dict[str, Rendered] = {}
        todo = []
        for path in sorted(index.notes):
            hit = cache.get(path)
            if hit is not None and hit[0] == texts[path] and all(texts.get(p) == t for p, t in hit[1].items()):
                rendered[path] = hit[2]
            else:
                todo.append(path)
        # A single build keeps what forked renderers send packed (memory.py); a server keeps
        # renderings to reuse them, and a build that cannot fork makes them here.
        pack = not self.rebuilds and workers_for(len(todo)) > 1
        global _RENDER_JOB
        _RENDER_JOB = (index, self.urls, self.options, embed_html, pack)
        try:
            for chunk in map_forked(_render_notes, todo, in_parent=not self.packed):
                for path, r in chunk:
                    if self.rebuilds:
                        cache[path] = (texts[path], {p: texts[p] for p in r.includes}, r)
                    rendered[path] = r
        finally:
            _RENDER_JOB = None
        for gone in set(cache) - set(rendered):
            del cache[gone]
        return dict(sorted(rendered.items()))

    def _set_home(self, files: Files, index: VaultIndex, config: MkDocsConfig) -> str | None:
        """Publish the home note as the front page: the ``home`` setting, else the note marked
        ``home: true`` in its frontmatter (``core.home``); the vault's own index.md otherwise."""
        home, problems = find_home(index, self.config.home)
        for message in problems:
            log.warning(message)
        if home is None:
            return None
        f = files.get_file_from_path(home)
        existing = files.get_file_from_path("index.md")
        if f is None:
            return None
        if existing is not None and existing is not f:
            log.warning(f"home note '{home}' not used: the vault already has index.md")
            return None
        f.dest_uri = "index.html"
        f.url = "./" if config.use_directory_urls else "index.html"
        return home

    def url_of(self, path: str) -> str | None:
        return self.urls.get(path)

    def _links(self) -> list[LinkRecord]:
        """Every note's links: unpacked from the renderings where they are kept packed (read by
        the children forked in on_files, which have every rendering)."""
        return _all_links(self.rendered) if self.links_packed else self.links

    def _add_tags_page(self, files: Files, config: MkDocsConfig) -> None:
        """The generated tags page (unless the vault has its own), added before the notes are
        rendered so their tag links get its URL; its text comes once the tags are known."""
        uri = tags_index(self.options.tags_dir)
        self.tags_file = None
        if files.get_file_from_path(uri) is None:
            self.tags_file = File.generated(config, uri, content="# Tags\n")
            files.append(self.tags_file)

    def _fill_tags_page(self, tags: dict[str, tuple[str, list[str]]]) -> None:
        self.tags = tags
        if self.tags_file is not None:
            self.tags_file.content_string = tags_markdown(tags)

    def _add_graph_page(self, files: Files, config: MkDocsConfig) -> None:
        if not self.config.graph:
            return
        if files.get_file_from_path(GRAPH_PAGE) is not None:
            log.warning(f"the vault has its own {GRAPH_PAGE}: the graph page is not generated")
            return
        tags = f"../{self.options.tags_dir}/" if config.use_directory_urls else f"{self.options.tags_dir}/index.html"
        files.append(File.generated(config, GRAPH_PAGE, content=graph_page_markdown(tags)))

    def _add_assets(self, files: Files, config: MkDocsConfig) -> None:
        for path in sorted(ASSETS.rglob("*")):
            if path.is_file():
                uri = f"{ASSET_DIR}/{path.relative_to(ASSETS).as_posix()}"
                files.append(File.generated(config, uri, abs_src_path=str(path)))

    def _log(self, diagnostics: list[Diagnostic]) -> None:
        for d in dict.fromkeys(diagnostics):  # an embedded note's problem is reported once
            (log.warning if d.level == "warning" else log.info)(str(d))

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        home = self.home
        if home and nav.items:
            for i, item in enumerate(nav.items):
                if isinstance(item, Page) and item.file.src_uri == home:
                    nav.items.insert(0, nav.items.pop(i))
                    break
        _escape_section_titles(nav.items)  # folder names, printed raw by the theme
        self._order_nav(nav)
        self.nav = nav
        return nav

    def _order_nav(self, nav: Navigation) -> None:
        """The navigation in the home note's learning order (``core.navorder``); each folder's
        first hub becomes the folder's index page, so its section and tab open at the hub."""
        home = next((p for p in nav.pages if p.file.url in ("./", "index.html")), None)
        if home is None or self.index is None or home.file.src_uri not in self.index.notes:
            return
        src, index = home.file.src_uri, self.index

        def resolve(target: str) -> str | None:
            return resolve_target(target, src, index, aliases=self.config.resolve_aliases).path if target else None

        for hub in order_nav(nav.items, learning_order(index.notes[src].unpacked().body, resolve), src):
            if not any(getattr(c, "is_index", False) for c in hub.parent.children if c is not hub):
                f = hub.file
                _ = (f.dest_uri, f.url, f.abs_dest_path)  # keep its URL: only Material's index test changes
                f.name = "index"  # Page.is_index, read by Material's navigation.indexes
        nav.pages = flatten_pages(nav.items)
        for before, page, after in zip([None, *nav.pages[:-1]], nav.pages, [*nav.pages[1:], None]):
            page.previous_page, page.next_page = before, after
        if nav.homepage is None:
            nav.homepage = home  # Material's breadcrumbs start at it

    # -- pages -------------------------------------------------------------------------------

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """The note's body, as we read (and decoded leniently) it: MkDocs would stop on a non-UTF-8
        note, and must not parse the frontmatter again (its loader crashes on an impossible date
        and expands alias bombs). The leading blank line keeps MkDocs from reading a body that
        starts like frontmatter or like MultiMarkdown ``Key: value`` metadata; it drops the line."""
        if self.ahead_pending:  # every plugin's on_nav has run: the pages are final
            self.ahead_pending = False
            self._start_ahead(config)
        path = page.file.src_uri
        if self.index is not None and path in self.index.notes:
            note = self.reading = self.index.notes[path].unpacked()  # read again by on_page_markdown
            return "\n" + note.body
        return None

    def _start_ahead(self, config: MkDocsConfig) -> None:
        """A forked child makes notes' pages from the last one backwards while MkDocs makes
        them from the first (``render_ahead``), where that changes nothing a build would do."""
        if self.files is None or not can_render_ahead(self, config):
            return
        pages = self.files.documentation_pages()
        paths = [f.src_uri for f in pages if f.src_uri in self.rendered and not _holds_base(self.rendered[f.src_uri])]
        self.ahead = RenderAhead(self, config, self.files, paths)

    @property
    def _pages_spill(self) -> Spill:
        """Where pages wait for their on_page_context: a spill of their own when they go there
        from on_page_content (the other is written by the linked mentions' child meanwhile)."""
        return self.page_spill if self.spill_pages else self.spill

    def take_page_state(self, path: str) -> tuple[Any, str | None, str | None, bool, Held | None]:
        """What on_page_content kept of the note ``path``'s page for on_env and on_page_context
        (its body, its panels, what follows its body if it has embeds, whether it is listed, what
        search reads of it if spilled), taken out of this process's state: a page made by
        ``render_ahead``'s child."""
        embedded = self.pages.pop(path, None)
        listed = self.note_pages.pop(path, None) is not None
        searched = self.searched.pop(path, None)
        return self.bodies.pop(path, None), self.panels.pop(path, None), None if embedded is None else embedded[1], listed, searched

    def put_page_state(self, path: str, page: Page, state: tuple[Any, str | None, str | None, bool, Held | None]) -> None:
        """``take_page_state``'s result, made in the child, put in place for MkDocs' ``page``;
        what the child spilled (in memory: ``Spill(local=True)``) goes into this process's file."""
        body, panels, extra, listed, searched = state
        if isinstance(body, HeldBody):
            body = HeldBody(body.url, self.page_spill.keep(body.held), body.embeds)
        if searched is not None:
            self.searched[path] = self.page_spill.keep(searched)
        if body is not None:
            self.bodies[path] = body
        if panels is not None:
            self.panels[path] = panels
        if extra is not None:
            self.pages[path] = (page, extra)
        if listed:
            self.note_pages[path] = page
        if not self.rebuilds:
            self.rendered.pop(path, None)

    @_timed
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.ahead is not None:
            made = self.ahead.markdown(page)
            if made is not None:
                return made
        path = page.file.src_uri
        r = self.rendered.get(path)
        if r is None or self.index is None:
            return markdown
        if isinstance(r, PackedRendering):  # unpacked for this page, used up by on_page_content
            r = self.rendered[path] = r.unpack()
        note, self.reading = self.reading, None  # unpacked by on_page_read_source; here, only
        if note is None or note.path != path:
            note = self.index.notes[path].unpacked()
        if markdown != note.body:  # another plugin changed the text: render what MkDocs gave us
            r = render_note(self.index, path, self.url_of, self.options, body=markdown, embed_html=not self.dirty)
            self._log(r.diagnostics)
            self.rendered[path] = r
        md = r.markdown
        runs = self.page_runs[path] = list(r.html_runs)  # the page's own runs, plus its code blocks

        def as_block(kind: str, text: str) -> str:
            if kind == "code":
                text = self.code_blocks.html(text, len(runs))
            elif not self.config.execute.inline_figures:
                text = extract_figures(text, lambda name, data: self._save_figure(name, data, page, config))
            runs.append(text)
            return html_token(len(runs) - 1, block=True)

        if self.executor is not None:
            md, diags = self.executor.apply(path, md, note.body_line - 1, as_block)
            self._log(diags)
        if _may_hold_base(md):  # sanitised with the page
            md = self.bases.in_markdown(md, note, page.file.url, lambda text: (runs.append(text), html_token(len(runs) - 1, block=True))[1])
        meta, problems = page_meta(note.meta, self._template_exists(config))
        page.meta.update(meta)
        self._log([Diagnostic(path, note.meta_lines.get(p.split("'")[1], 1), p) for p in problems])
        if note.title != page.title and "title" in note.meta:
            page.title = note.title
        page.meta["description"] = description(note.meta, note.body)  # Material's <meta name="description">
        classes = note.meta.get("cssclasses") or note.meta.get("cssclass")
        if classes:
            page.meta["vault_cssclasses"] = " ".join(classes if isinstance(classes, list) else [str(classes)])
        return md

    @staticmethod
    def _template_exists(config: MkDocsConfig):
        dirs = [Path(d) for d in config.theme.dirs]
        return lambda name: any((d / name).is_file() for d in dirs)

    def _save_figure(self, name: str, data: bytes, page: Page, config: MkDocsConfig) -> str:
        """Write an executed figure once into the site; return its URL relative to ``page``."""
        uri = f"{ASSET_DIR}/figures/{name}"
        target = Path(config.site_dir) / uri
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return relative_url(page.file.url, uri)

    @_timed
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.ahead is not None:
            made = self.ahead.content(page)
            if made is not None:
                return made
        page.toc.items = [i for i in page.toc.items if not i.id.startswith("vault-embed-")]
        for item in page.toc.items:
            _drop_embedded(item)
        dropped = cap_toc(page.toc.items)
        if dropped:
            log.info(f"{page.file.src_uri}: table of contents cut to its first {TOC_LIMIT} headings ({dropped} more)")
        path = page.file.src_uri
        if self.tags_file is not None and page.file is self.tags_file and self.index is not None:
            # the lists are ours, every title escaped: sanitising them too would parse every note's
            # entry (at 10,000 notes 3 MB of HTML, which took 34 MiB that the heap kept)
            return fill(sanitize_html(html), tags_lists_html(page.file.url, self.tags, self.index, self.url_of))
        own = (self.bases.page_html(path, page.file.url, html) or self.canvas.page_html(path, html)) if self.index is not None else None
        if own is not None:  # a .base file's page (every view) or a .canvas file's (the board)
            page.title = page.meta["title"] = own[0]
            return own[1]
        if self.index is None or path not in self.index.notes:
            return html
        url = page.file.url
        # the note's rendering is used for the last time here (a server keeps it in render_cache)
        r = self.rendered.get(path) if self.rebuilds else self.rendered.pop(path, None)
        if isinstance(r, PackedRendering):
            r = r.unpack()
        runs = self.page_runs.pop(path, None)
        if r is not None:
            html = fill(html, runs if runs is not None else r.html_runs)
        # Nothing of a note may run (raw HTML, executed output): sanitised once, here, after our
        # tokens are filled; embeds and previews are cut from this HTML (core.sanitize).
        html = sanitize_html(html)
        html = self.canvas.embeds(html, path)  # ![[Board.canvas]] (core.embeds): the board, drawn for this page
        note = self.index.notes[path]
        _titles_as_text(page, note)
        html = math_out_of_search(html)  # TeX source is noise in search snippets (core.searchaids)
        titled = aliases_in_title(html, note.aliases, note.title)  # the aliases count in search
        html = titled if titled is not None else html
        self.bodies[path] = PageBody(url, html, r.embeds if r is not None else [])
        extra = aliases_search_html(note.aliases, note.title) if titled is None else ""  # searched
        # The panels join the page after the search plugin parsed it (on_page_context): a hub's
        # mentions are hundreds of excerpts, which search would parse only to leave them out.
        # The linked mentions follow in on_env.
        panels = page_meta_html(url, self.config.local_graph_depth) if self.config.graph else ""
        self.panels[path] = panels + (local_graph_anchor_html() if self.config.graph else "")
        self.note_pages[path] = page
        if has_embed_tokens(html):
            self.pages[path] = (page, extra)
        if self.release_markdown:  # converted: no one reads it again (memory.py)
            release_markdown(page)
        if self.spill_pages and not holds_canvas_cards(html):  # canvas cards are filled in page.content
            return self._spill_page(path, html, extra)
        return html + extra

    def _spill_page(self, path: str, html: str, extra: str) -> str:
        """The page's HTML waits in the spill until its ``on_page_context`` (``can_spill_pages``):
        its body for the pages that embed it, and what search reads of it; MkDocs holds an empty
        text meanwhile. (Held from here to the templates, every page's HTML made the heap grow,
        and what on_env let go stayed in it, fragmented: 48 MiB at 10,000 notes.)"""
        spill = self.page_spill
        held = spill.put(html)
        body = self.bodies[path]
        self.bodies[path] = HeldBody(body.url, held, body.embeds)  # type: ignore[assignment]
        if path in self.pages:  # embeds: search reads the page without them (see on_env)
            self.searched[path] = spill.put(strip_embed_tokens(html + extra))
        else:
            self.searched[path] = spill.put(html + extra) if extra else held
        return ""

    @_timed
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page is rendered now: add the linked mentions to the panels; fill the embeds
        from their targets' HTML."""
        self.made_ahead = 0
        if self.ahead is not None:  # every page is made
            self.made_ahead = self.ahead.count
            self.ahead.close()
            self.ahead = None
        self.files = None
        mentions: dict[str, tuple[Held, int]] = {}
        if self.mentions is not None:
            job, self.mentions = self.mentions, None
            mentions, spilled_to = job.join()  # type: ignore[misc]
            self.spill.advance(spilled_to)  # what the child wrote into the spill file
        packed = not self.rebuilds  # kept compressed until on_page_context (memory.py)
        single = not self.rebuilds and not self.dirty  # one whole build: nothing kept for the next
        for path, page in self.note_pages.items():
            held, count = mentions.pop(page.file.url, ("", 0))  # each page's copy is in its panels now
            self.panels[path] = (self.panels.get(path, ""), held)
            if self.spill_pages:  # nothing reads the page before on_page_context: added there
                self.toc_panels[path] = count
            else:
                _add_to_toc(page, panel_toc(self.config.graph, count))
        self.note_pages = {}
        mentions.clear()
        # The search plugin reads each page without what it embeds (as Obsidian's search and
        # Quartz's do): embedded text is found once, on its own note, and hub notes embedded
        # everywhere are not parsed again for every page that shows them. on_page_context puts
        # the whole page (embeds filled) in place after search has read the page.
        spill_searched = single and reads_pages_only_for_search(self, config)  # memory.py
        bodies = SpilledBodies(self.page_spill, self.bodies) if self.spill_pages else self.bodies  # type: ignore[arg-type]
        if self.pages:
            transcluder = Transcluder(bodies, self._report_embed)  # the notes' pages only
            for path, (page, extra) in self.pages.items():
                whole = transcluder.page(path) + extra  # the panels follow in on_page_context
                if path in self.searched:  # spilled in on_page_content, and page.content is empty
                    self.full[path] = self._pages_spill.put(whole)
                    continue
                searched = strip_embed_tokens(page.content or "")
                if spill_searched:  # back in place just before search reads it (on_page_context)
                    self.searched[path] = self._pages_spill.put(searched)
                    page.content = None
                else:
                    page.content = searched
                self.full[path] = self._pages_spill.put(whole) if packed else whole
        self.pages = {}
        # canvases' file nodes show their notes, cut from those pages as embeds are (canvas_pages)
        self.canvas.fill_cards((f.page for f in files.documentation_pages() if f.page is not None), bodies)
        self.bodies = {}  # the embeds and cards are cut: the pages' HTML is MkDocs' (page.content) now
        # llms.txt, the Markdown copies and the feed need nothing MkDocs has still to do (every
        # page has its title and metadata now): they are written on another core while
        # MkDocs renders the templates, and on_post_build waits for them (parallel.Background).
        self.outputs = Background(functools.partial(self._write_outputs, config))
        if self.outputs.forked and single and self.index is not None:
            strip_index(self.index)  # the child has its copy; the pages ask only titles and tags
            if self.graph_job is None or self.graph_job.forked:  # graph.json is a child's too
                self.links.clear()  # read by the mentions, the bases and the graph: all done
                self.inline_tags = {}  # and by the tags page (made) and the bases (bound)
            self.tags = {}  # the tags page is made
            self.bases.unbind()  # and every base
            relative_url.cache_clear()  # up to 65,536 URLs, for the pages' links: all made
        self.release_pages = single and self.outputs.forked and can_release_pages(self, config)
        self.notes_written = 0
        self.release_meta = self.release_pages and not overrides_mention(config, b"meta")
        # graph.json, written in this process rather than in a child, would read the index at the end
        self.release_notes = self.release_pages and (self.graph_job is None or self.graph_job.forked)
        if self.release_pages:
            keep_linked_anchors([f.page for f in files.documentation_pages() if f.page is not None])
        if single:  # before the templates' child forks: it starts with this process's memory
            give_back()
        gc.freeze()  # the rendered pages, too, live until the end of the build (see on_files)
        if single and self.nav is not None and can_render_templates_ahead(self, config):
            self.templates = TemplatesAhead(config, files, env, self.nav)
        return env

    def _report_embed(self, req: EmbedRequest, why: str) -> None:
        self._log([Diagnostic(req.source, req.line, f"embed of {req.key} shows only its link: {why}")])

    @_timed
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Social-preview metadata (Open Graph) from the note's title and description; on every
        page, the feed's auto-discovery link when the feed is written (``core.feed``)."""
        tags = ""
        if self.index is not None and "</head>" in output:
            tags = feed_link(config.site_name, relative_url(page.file.url, FEED_URI)) if self.config.feed else ""
            if page.file.src_uri in self.index.notes:
                text = page.meta.get("description", "")  # both escaped by on_page_content; social_meta escapes
                tags += social_meta(unescape(page.title or ""), unescape(text), config.site_name, page.canonical_url)
        if self.release_pages:  # MkDocs has nothing left to do with the page's HTML (memory.py)
            release_page(page, meta=self.release_meta)
            if self.release_notes and self.index is not None and self.index.notes.pop(page.file.src_uri, None) is not None:
                self.notes_written += 1  # the note's last reader in this process: its page is written
        return output.replace("</head>", tags + "</head>", 1) if tags else output

    @event_priority(100)  # before the search plugins (priority 0) read page.content
    def _searched_content(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        """What search reads of a page, back from the spill (see on_env, _spill_page); the
        panels' entries in its table of contents (see on_env)."""
        held = self.searched.pop(page.file.src_uri, None)
        if held is not None:
            page.content = self._pages_spill.get(held)
        mentions = self.toc_panels.pop(page.file.src_uri, None)
        if mentions is not None:
            _add_to_toc(page, panel_toc(self.config.graph, mentions))
        return context

    @event_priority(-50)  # after the search plugins (priority 0) read page.content
    def _panels_and_embeds(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        """The note's frontmatter tags under its title (the level tag as a difficulty badge), and
        its panels (local graph, linked mentions) at its end."""
        path = page.file.src_uri
        if self.templates is not None:  # its own template back, or the child's output for it
            self.templates.context(page, context, nav)
        full = self.full.pop(path, None)  # the page with its embeds (see on_env)
        if full is not None:
            page.content = self._pages_spill.get(full)
        panels = self.panels.pop(path, None)  # each page's context is made once a build; keep no copy
        if panels is not None:
            panels = panels[0] + self.spill.get(panels[1])
        if panels and page.content is not None:
            page.content += panels
        tags_url = self.urls.get(tags_index(self.options.tags_dir))
        if self.index is None or path not in self.index.notes or tags_url is None or page.content is None:
            return context
        href = relative_url(page.file.url, tags_url)
        bar = note_tags_html([(t, f"{href}#{tag_anchor(t)}") for t in dict.fromkeys(self.index.notes[path].tags)])
        if bar:
            # under the note's own h1; else first (Material then puts the title above it)
            starts_with_h1 = page.content.lstrip().startswith("<h1")
            cut = page.content.find("</h1>") + len("</h1>") if starts_with_h1 else 0
            page.content = page.content[:cut] + bar + page.content[cut:]
        return context

    on_page_context = CombinedEvent(_searched_content, _panels_and_embeds)

    # -- output ------------------------------------------------------------------------------

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.seconds = 0.0
        self.page_runs = {}
        self.code_blocks.start_build(config.markdown_extensions, config.mdx_configs)

    @event_priority(100)  # before the search plugin serialises its index, the build's peak
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()
        self.spill.close()  # every page's context is made
        self.page_spill.close()
        self.full, self.searched, self.toc_panels = {}, {}, {}
        released, self.release_pages = self.release_pages, False
        start = time.perf_counter()
        templates = 0
        if self.templates is not None:  # every page is written
            templates = self.templates.count
            self.templates.close()
            self.templates = None
        if self.outputs is not None:  # started in on_env
            outputs, self.outputs = self.outputs, None
            outputs.join()
        else:
            self._write_outputs(config)
        if self.graph_job is not None:  # started in on_files
            graph, self.graph_job = self.graph_job, None
            graph.join()
        pages = self.nav.pages if self.nav is not None else []
        self.nav = None
        self.code_blocks.end_build()
        notes = (len(self.index.notes) if self.index else 0) + self.notes_written
        ahead = f"; {self.made_ahead} notes' pages made on a second core" if self.made_ahead else ""
        ahead += f"; {templates} pages' templates rendered on a second core" if templates else ""
        log.info(f"{notes} notes; the plugin's own hooks took {self.seconds + time.perf_counter() - start:.2f} s of this build{ahead}")
        if released:  # before the search plugin writes its index: the build's peak (memory.py)
            release_anchors(pages)
            self.index, self.urls, self.rendered, self.links = None, {}, {}, []
            give_back()
        if self.executor is not None:
            now, before = self.executor.stats(), self.stats_before
            st = {k: v - before.get(k, 0) for k, v in now.items() if isinstance(v, (int, float))}
            log.info(
                f"executed {st.get('cells_executed', 0)} cells on {st.get('pages_executed', 0)} pages; "
                f"{st.get('pages_cached', 0)} pages from the cache"
            )

    def _write_outputs(self, config: MkDocsConfig) -> None:
        # started in on_env, this may run before MkDocs has written anything into the site
        Path(config.site_dir).mkdir(parents=True, exist_ok=True)
        write_outputs(self, config, self.nav)  # llms.txt, Markdown copies, feed.xml

    def _write_graph(self, config: MkDocsConfig) -> None:
        if self.index is None or not self.config.graph:
            return
        canvas_nodes, links, canvases = self.canvas.graph_parts(self._links(), self.url_of)
        graph = build_graph(self.index, links, self.url_of, self.inline_tags, canvas_nodes, canvases)
        graph = with_layout(graph, SHARED_LAYOUTS)  # the graph page's positions; one cache per process
        Path(config.site_dir).mkdir(parents=True, exist_ok=True)  # started in on_files: maybe before MkDocs wrote anything
        write_json_for_html(graph, Path(config.site_dir) / "graph.json")

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        snippets = _snippets_dir(config, self.config.snippets_dir)
        if snippets is not None:
            server.watch(str(snippets))
        return server

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        self.spill.close()
        self.page_spill.close()
        self.full, self.searched, self.toc_panels = {}, {}, {}
        for job in (self.outputs, self.mentions, self.graph_job):
            if job is not None:
                job.cancel()
        self.outputs = self.mentions = self.graph_job = None
        if self.ahead is not None:
            self.ahead.close()
            self.ahead = None
        if self.templates is not None:
            self.templates.close()
            self.templates = None
        self.ahead_pending = False

    def on_shutdown(self) -> None:
        if self.executor is not None:
            self.executor.close()
            self.executor = None


_RENDER_JOB: tuple[VaultIndex, dict[str, str], Options, bool, bool] | None = None  # read by forked renderers


def _mentions(
    index: VaultIndex, links_of: Callable[[], list[LinkRecord]], url_of: Any, aliases: bool, cache: BacklinkCache | None, spill: Spill | None
) -> tuple[dict[str, tuple[Held, int]], int]:
    """Each page URL's "Linked mentions" section (put in ``spill`` when given) and how many notes
    it lists (``core.graph``), and where the spill file ends; ``cache`` fills only where this runs
    in this process: under ``mkdocs serve``."""
    backlinks = build_backlinks(index, links_of(), url_of, aliases=aliases, cache=cache, item=backlink_item_html)
    made: dict[str, tuple[Held, int]] = {}
    while backlinks:  # each page's entries let go once its section is made
        url, items = backlinks.popitem()
        section = backlinks_section_html(items)
        made[url] = (spill.put(section) if spill is not None else section, len(items))
    return made, spill.end if spill is not None else 0


def _may_hold_base(markdown: str) -> bool:
    """A note's Markdown may hold a ```base block or a ![[x.base]] embed (``core.bases``): a quick
    test that errs on the side of yes."""
    return "base" in markdown


def _holds_base(r: Rendered | PackedRendering) -> bool:
    return r.holds_base if isinstance(r, PackedRendering) else _may_hold_base(r.markdown)


def _all_links(rendered: dict[str, Rendered | PackedRendering]) -> list[LinkRecord]:
    return [rec for r in rendered.values() for rec in r.links]


def _render_notes(paths: list[str]) -> list[tuple[str, Rendered | PackedRendering]]:
    """Render ``paths`` (in this process, or in a forked child: see ``parallel``), packed when
    the job says so (memory.py)."""
    assert _RENDER_JOB is not None
    index, urls, options, embed_html, pack = _RENDER_JOB
    made = []
    for path in paths:
        r = render_note(index, path, urls.get, options, embed_html=embed_html)
        made.append((path, PackedRendering.of(r, _may_hold_base(r.markdown)) if pack else r))
    return made


def _snippets_dir(config: MkDocsConfig, setting: str) -> Path | None:
    """The snippets folder: relative to the config file, else beside the vault (so a config that
    INHERITs the root mkdocs.yml from elsewhere still finds the repository's ``snippets/``)."""
    roots = [Path(config.config_file_path or ".").resolve().parent, Path(config.docs_dir).resolve().parent]
    for root in roots:
        if (root / setting).is_dir():
            return (root / setting).resolve()
    return None


def _vault_files(files: Files, docs_dir: str) -> list[File]:
    """The files MkDocs found in the vault folder (not the theme's, not generated ones)."""
    vault = os.path.join(os.path.abspath(docs_dir), "")
    return [f for f in files if not f.generated_by and os.path.abspath(f.abs_src_path or "").startswith(vault)]


def _add_to_toc(page: Page, entries: list[tuple[str, str]]) -> None:
    """Entries at the end of the table of contents, at the level Material shows (under the h1)."""
    items = page.toc.items
    if items and items[0].level == 1:
        items = items[0].children
    items.extend(AnchorLink(title, anchor, 2) for title, anchor in entries)


def _titles_as_text(page: Page, note: Any) -> None:
    """What MkDocs and Material print raw (the title in the navigation, ``<title>``, the header,
    the search index; the description) made text: a title containing ``<img ...>``
    shows those characters. The title comes from the frontmatter, the first heading or the file
    name; ``page.meta["title"]`` too, so Material's ``<title>`` never uses ``striptags`` (which
    would decode ``&lt;/title&gt;`` back into markup). The home page keeps the site name there."""
    given = note.title if "title" in note.meta else None
    title = escape_text(page_title(given, getattr(page, "_title_from_render", None), str(page.title or "")))
    page.title = title
    if given is not None or not page.is_homepage:
        page.meta["title"] = title
    if isinstance(page.meta.get("description"), str):
        page.meta["description"] = escape_text(page.meta["description"])


def _escape_section_titles(items: Any) -> None:
    for item in items:
        if item.is_section:
            item.title = escape_text(item.title or "")
            _escape_section_titles(item.children)


def _drop_embedded(item: Any) -> None:
    item.children = [c for c in item.children if not c.id.startswith("vault-embed-")]
    for child in item.children:
        _drop_embedded(child)
