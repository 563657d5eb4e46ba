"""Notes' pages made on a second core while MkDocs makes the others (issue 16: build time).

MkDocs makes the pages one after another on one core: for each, ``on_pre_page``, the source,
``on_page_markdown``, Python-Markdown's conversion (about 3.4 ms a note on the benchmark vault, the
largest share of a build) and ``on_page_content``. Here a forked child (``parallel.TwoEnded``)
goes through the notes' pages from the last one backwards and runs for each exactly that chain,
every plugin's handlers included, while MkDocs goes forwards; the two meet wherever their speeds
make them meet. For a page the child made, ``on_page_markdown`` puts on the page what the chain
left there (metadata, title) and hands MkDocs an empty text (converting it costs 0.7 ms), and
``on_page_content`` puts back the HTML, the table of contents, the anchors MkDocs validates, and
the plugin's own state for the page (its body for embeds, its panels); the warnings the child
logged are logged again here, in order, so ``--strict`` counts them.

It is used only where it changes nothing a build would do:
- a single build (``mkdocs serve`` keeps its caches in one process; a dirty build skips pages);
- forking is safe (one thread: no execution workers, no server; see ``parallel.workers_for``);
- every handler of those four events is this plugin's, or one of ``PAGE_LOCAL``: plugins known to
  read only their own caches there and to write only the page (its text and metadata), so that
  running them in the child loses nothing;
- the note has no base in it (a base's problems are logged once a build, by whichever process
  renders it: they would be logged twice).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .events import handled_only_by
from .parallel import TwoEnded

EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content")
# Plugins whose handlers of EVENTS read their own caches and write only the page they are given.
PAGE_LOCAL = ("mkdocs_git_revision_date_localized_plugin",)
MIN_PAGES = 64  # below this, a fork costs more than it saves


@dataclass
class Made:
    """What the chain of page events left on one page, and in the plugin's state for it."""

    markdown: str
    content: str
    toc: Any
    title: Any
    meta: dict[str, Any]
    anchors: set[str] | None
    anchor_links: dict[str, dict[str, str]] | None  # page.links_to_anchors, by target path
    state: Any  # the plugin's own state for the page (VaultPlugin.take_page_state)
    records: list[logging.LogRecord]


def keep_logs(records: list[logging.LogRecord]) -> None:
    """In a child: MkDocs' log records are kept in ``records``, to be logged by the parent."""

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            record.msg, record.args = record.getMessage(), None  # picklable, text as logged
            record.exc_info = record.exc_text = record.stack_info = None
            records.append(record)

    logger = logging.getLogger("mkdocs")
    logger.handlers = [Keep()]
    logger.propagate = False


def log_again(records: list[logging.LogRecord]) -> None:
    """In MkDocs' process: what a child logged, logged here (so that ``--strict`` counts it)."""
    for record in records:
        logging.getLogger(record.name).handle(record)


def can_render_ahead(plugin: Any, config: MkDocsConfig) -> bool:
    """Only this plugin, and plugins of ``PAGE_LOCAL``, handle the page events."""
    return handled_only_by(plugin, config, EVENTS, PAGE_LOCAL)


class RenderAhead:
    """The child that makes ``paths``' pages, and what it made, taken page by page."""

    def __init__(self, plugin: Any, config: MkDocsConfig, files: Files, paths: list[str]) -> None:
        self._plugin, self._config, self._files = plugin, config, files
        self._records: list[logging.LogRecord] = []
        self._made: dict[str, Made] = {}  # taken in on_page_markdown, put back in on_page_content
        self.count = 0  # pages the child made
        self._job = TwoEnded(paths, self._make, setup=self._capture_logs) if len(paths) >= MIN_PAGES else None

    # -- in the child --------------------------------------------------------------------------

    def _capture_logs(self) -> None:
        keep_logs(self._records)

    def _make(self, path: str) -> Made:
        """What ``mkdocs.commands.build`` does to the page of ``path``, done here."""
        config, files = self._config, self._files
        self._records.clear()
        file = files.get_file_from_path(path)
        assert file is not None
        page = file.page if file.page is not None else Page(None, file, config)
        # As MkDocs does around a page's events: a `!relative` path in the Markdown extensions'
        # settings is resolved against the page being made (mkdocs.utils.yaml).
        config._current_page = page  # type: ignore[attr-defined]
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        assert page.markdown is not None
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.render(config, files)
        assert page.content is not None
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
        links = getattr(page, "links_to_anchors", None)
        return Made(
            markdown=page.markdown,
            content=page.content,
            toc=page.toc,
            title=page.title,
            meta=dict(page.meta),
            anchors=page.present_anchor_ids,
            anchor_links=None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
            state=self._plugin.take_page_state(path),
            records=list(self._records),
        )

    # -- in MkDocs' process --------------------------------------------------------------------

    def markdown(self, page: Page) -> str | None:
        """In ``on_page_markdown``: the text MkDocs is to convert for a page the child made (an
        empty one), with the page's metadata and title in place; None: MkDocs makes this page."""
        if self._job is None:
            return None
        made = self._job.take(page.file.src_uri)
        if made is TwoEnded.MISSING:
            return None
        page.meta.clear()
        page.meta.update(made.meta)
        page.title = made.title
        log_again(made.records)
        self._made[page.file.src_uri] = made
        self.count += 1
        return ""

    def content(self, page: Page) -> str | None:
        """In ``on_page_content``: the HTML of a page the child made, with its table of contents,
        anchors and the plugin's state for it in place; None: not one."""
        made = self._made.pop(page.file.src_uri, None)
        if made is None:
            return None
        page.markdown = made.markdown  # the title was set in markdown(): MkDocs' render leaves it
        page.toc = made.toc
        page.present_anchor_ids = made.anchors
        if made.anchor_links is not None:
            targets = ((self._files.get_file_from_path(uri), links) for uri, links in made.anchor_links.items())
            page.links_to_anchors = {f: links for f, links in targets if f is not None}
        self._plugin.put_page_state(page.file.src_uri, page, made.state)
        return made.content

    def close(self) -> None:
        if self._job is not None:
            self._job.close()
            self._job = None
        self._made.clear()
