"""The highlighted code of executed cells, kept across the rebuilds of ``mkdocs serve``.

Highlighting the Python of every ``run-python`` cell was most of what a one-note rebuild of the
flagship cost on top of plain MkDocs (in plain MkDocs the unknown ``run-python`` language is not
highlighted at all). Each cell's ```python fence is converted once, by a Python-Markdown
instance with the site's own extensions and settings (so the HTML is what the page would have
had), and the page gets a token for it. Line ids (``__span-0-3``, ``__codelineno-0-3``) are
renumbered per page, so two cells never share an id.
"""

from __future__ import annotations

import re
from typing import Any

import markdown

_LINE_IDS = re.compile(r"__(span|codelineno)-0-")


class CodeBlocks:
    def __init__(self) -> None:
        self._settings: str | None = None
        self._md: markdown.Markdown | None = None
        self._html: dict[str, str] = {}
        self._seen: set[str] = set()
        self.converted = 0  # fences converted since the last ``start_build``

    def start_build(self, extensions: list[Any], configs: dict[str, Any]) -> None:
        """Called once per build: different Markdown settings drop everything kept."""
        settings = repr((extensions, sorted(configs.items(), key=lambda kv: str(kv[0]))))
        if settings != self._settings:
            self._settings, self._md, self._html = settings, None, {}
            self._extensions, self._configs = list(extensions), dict(configs)
        self._seen = set()
        self.converted = 0

    def end_build(self) -> None:
        """Forget the cells no page of this build had (edited or deleted code)."""
        for gone in set(self._html) - self._seen:
            del self._html[gone]

    def html(self, fence: str, number: int) -> str:
        """The HTML of the ```python ``fence``, its line ids numbered ``x<number>``."""
        self._seen.add(fence)
        cached = self._html.get(fence)
        if cached is None:
            if self._md is None:
                self._md = markdown.Markdown(extensions=self._extensions, extension_configs=self._configs)
            cached = self._md.reset().convert(fence)
            self._html[fence] = cached
            self.converted += 1
        return _LINE_IDS.sub(lambda m: f"__{m.group(1)}-x{number}-", cached)
