"""A bound on a page's table of contents.

A note with tens of thousands of headings (a 10 MiB export, say) would get a table of contents of
as many entries in the sidebar of its page, and Material's search plugin looks each of the page's
sections up in that table by a linear walk: quadratic in the headings (31,000 headings took more
than ten minutes). The table keeps its first ``limit`` entries in document order; the headings and
their anchors stay in the page, and search still indexes every section (under its own anchor).
Duck-typed over MkDocs' ``AnchorLink`` (``children``): no MkDocs import.
"""

from __future__ import annotations

from typing import Any

TOC_LIMIT = 1000


def cap_toc(items: list[Any], limit: int = TOC_LIMIT) -> int:
    """Keep the first ``limit`` entries (depth first, document order) of ``items`` in place;
    return how many were dropped."""
    kept = 0
    dropped = 0

    def walk(level: list[Any]) -> None:
        nonlocal kept, dropped
        keep = []
        for item in level:
            if kept >= limit:
                dropped += 1 + _count(item.children)
                continue
            kept += 1
            keep.append(item)
            walk(item.children)
        level[:] = keep

    walk(items)
    return dropped


def _count(items: list[Any]) -> int:
    total, stack = 0, list(items)
    while stack:
        item = stack.pop()
        total += 1
        stack.extend(item.children)
    return total
