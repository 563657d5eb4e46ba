"""Which plugins handle MkDocs' events: the checks under which the plugin may do MkDocs' work in a
forked child (``render_ahead``, ``templates_ahead``) or let a page's data go (``memory``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

SEARCH = ("material.plugins.search", "mkdocs.contrib.search")  # the search plugins' modules


def handled_only_by(plugin: Any, config: Any, events: Iterable[str], known: tuple[str, ...]) -> bool:
    """Every handler of ``events`` is ``plugin``'s or belongs to a plugin whose module starts with
    one of ``known``."""
    for event in events:
        for method in config.plugins.events.get(event, []):
            owner = getattr(method, "__self__", None)
            if owner is not plugin and not type(owner).__module__.startswith(known):
                return False
    return True


def handles_last(plugin: Any, config: Any, event: str) -> bool:
    """``plugin``'s handler of ``event`` is the last one MkDocs runs."""
    methods = config.plugins.events.get(event, [])
    return bool(methods) and getattr(methods[-1], "__self__", None) is plugin


def reads_pages_only_for_search(plugin: Any, config: Any) -> bool:
    """Between ``on_env`` and a page's ``on_page_context`` nothing but ``plugin`` and the search
    plugins reads the page: ``plugin``'s ``on_env`` is the last, and every ``on_page_context``
    handler is ``plugin``'s or a search plugin's."""
    return handles_last(plugin, config, "env") and handled_only_by(plugin, config, ("page_context",), SEARCH)
