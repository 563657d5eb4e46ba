"""Pages' templates rendered on a second core while MkDocs renders the others (issue 16).

Once every page is made (``on_env``), MkDocs renders each page's theme template, one page after
another on one core. With Material and a large vault that is most of a build: each page carries
the navigation, so the phase grows as pages times nav entries (205 s of the 240 s plain MkDocs
takes for 10,000 notes). Here a forked child (``parallel.TwoEnded``) goes through the pages from
the last one backwards while MkDocs goes forwards. For each page, the child does what MkDocs does
(``mkdocs.commands.build``) up to the template's output:
- makes the page the current and active one;
- builds its context (``get_context``), with the page's own template;
- runs every plugin's ``on_page_context``;
- renders the template.
It writes that output where the page goes: half a site's HTML kept in memory would cost hundreds
of MiB (a 10,000-note page is about 240 KB). For a page the child did, MkDocs' process renders
instead a template that gives back that output, read from the file, and goes on as for any page:
every plugin's ``on_post_page``, then the write. What the child logged is logged again there.

MkDocs picks a page's template (its metadata's ``template``) before ``on_page_context``. So every
page's ``template`` is set in ``on_env`` to ``WRAPPER``: it shows the child's output where
``on_page_context`` put it in the context, and otherwise includes the page's own template, which
renders as it would have. ``on_page_context`` puts each page's own metadata back.

It is used only where it changes nothing a build would do:
- a single build, forking safe (see ``render_ahead``);
- this plugin's ``on_env`` is the last one, so the environment it is handed is the one MkDocs
  renders with;
- every handler of ``on_page_context`` is this plugin's or a search plugin's. The search plugins
  only read the page (Material's also takes ``data-search-*`` attributes out of its HTML); running
  them in the child as well leaves the child's page as MkDocs' is;
- the navigation MkDocs renders is the one this plugin saw in ``on_nav`` (checked at each page;
  if not, MkDocs renders every page that is left itself).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from .events import reads_pages_only_for_search
from .parallel import TwoEnded, workers_for
from .render_ahead import keep_logs, log_again

WRAPPER = "{% if vault_made is defined %}{{ vault_made|safe }}{% else %}{% include vault_template %}{% endif %}"
MIN_PAGES = 64  # below this, a fork costs more than it saves
_ABSENT: Any = object()  # a page with no template of its own


def can_render_templates_ahead(plugin: Any, config: MkDocsConfig) -> bool:
    return reads_pages_only_for_search(plugin, config)


class TemplatesAhead:
    """The child that renders pages' templates, and what it rendered, taken page by page."""

    def __init__(self, config: MkDocsConfig, files: Files, env: Any, nav: Navigation) -> None:
        self._config, self._env, self._nav = config, env, nav
        # the pages MkDocs renders, in its order (mkdocs.commands.build; a single build)
        self._doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        self._pages = {f.src_uri: f.page for f in self._doc_files if f.page is not None}
        self._templates: dict[str, Any] = {}  # each page's own metadata "template", until on_page_context
        self._records: list[logging.LogRecord] = []
        self._job: TwoEnded | None = None
        self.count = 0  # pages whose template the child rendered
        if len(self._pages) < MIN_PAGES or workers_for(2, min_items=1) < 2:
            return
        wrapper = env.from_string(WRAPPER)
        for path, page in self._pages.items():
            self._templates[path] = page.meta.get("template", _ABSENT)
            page.meta["template"] = wrapper
        self._job = TwoEnded(list(self._pages), self._render, setup=lambda: keep_logs(self._records))

    # -- in the child --------------------------------------------------------------------------

    def _render(self, path: str) -> tuple[str | None, list[logging.LogRecord]]:
        """``_build_page`` up to the template's output, for the page of ``path``: the output itself
        if it is blank (MkDocs writes no file then), else None: it is in the page's file."""
        config, page = self._config, self._pages[path]
        self._records.clear()
        name = self._restore(page)  # here the plugin has no TemplatesAhead: the fork came first
        config._current_page = page  # type: ignore[attr-defined]
        page.active = True
        try:
            context = get_context(self._nav, self._doc_files, config, page)
            template = self._env.get_template(name)
            context = config.plugins.on_page_context(context, page=page, config=config, nav=self._nav)
            output = template.render(context)
        finally:
            page.active = False
            config._current_page = None  # type: ignore[attr-defined]
        page.content = None  # the page, panels and all, is in its output: this child keeps nothing
        if not output.strip():
            return output, list(self._records)
        write_file(output.encode("utf-8", "surrogatepass"), page.file.abs_dest_path)
        return None, list(self._records)

    def _restore(self, page: Page) -> str:
        """The page's own metadata "template" back in place; the name of its template."""
        own = self._templates.pop(page.file.src_uri)
        if own is _ABSENT:
            page.meta.pop("template", None)
            return "main.html"
        page.meta["template"] = own
        return own

    # -- in MkDocs' process --------------------------------------------------------------------

    def context(self, page: Page, context: Any, nav: Navigation) -> None:
        """In ``on_page_context``: the page's own metadata back, and in the context what
        ``WRAPPER`` shows: the child's output (``vault_made``) or the page's own template."""
        path = page.file.src_uri
        if path not in self._templates:
            return
        name = self._restore(page)
        made: Any = TwoEnded.MISSING
        if self._job is not None:
            if nav is not self._nav:  # another plugin's navigation: MkDocs renders the rest itself
                self._job.close()
                self._job = None
            else:
                made = self._job.take(path)
        if made is TwoEnded.MISSING:
            context["vault_template"] = name
            return
        output, records = made
        log_again(records)
        if output is None:
            output = Path(page.file.abs_dest_path).read_bytes().decode("utf-8", "surrogatepass")
        context["vault_made"] = output
        self.count += 1

    def close(self) -> None:
        if self._job is not None:
            self._job.close()
            self._job = None
