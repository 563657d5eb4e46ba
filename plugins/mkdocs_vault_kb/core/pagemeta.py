"""The page metadata handed to MkDocs and its theme, made from a note's untrusted frontmatter.

MkDocs never parses a note's frontmatter itself (the plugin hands it the body alone): it would
crash on what our loader reads safely, and Material's templates use some properties as template
names, file paths or raw HTML. Those properties are kept only in the shape the theme expects:

- ``hide``: a list of the names Material knows;
- ``search``: ``exclude`` (bool) and ``boost`` (a number between 0 and 10);
- ``template``: a theme template that exists (``template_exists`` is the adapter's lookup);
- ``icon``, ``status``, ``location``: dropped (an icon name is a path included by the template,
  ``location`` belongs to Material's redirect template);
- ``author``, ``subtitle``: escaped text (the templates print them raw);
- ``title``: left to the adapter, which sets it from the note's title as escaped text.

Every other property is passed on as the plain data the loader produced.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from typing import Any

HIDE = ("navigation", "toc", "footer", "feedback", "path", "tags")
DROPPED = ("icon", "status", "location")
_TEMPLATE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_\-]*(?:/[A-Za-z0-9_][A-Za-z0-9_\-]*)*\.html$")


def page_meta(meta: dict[str, Any], template_exists: Callable[[str], bool]) -> tuple[dict[str, Any], list[str]]:
    """The metadata for MkDocs, and a message for each property that had to be dropped."""
    out: dict[str, Any] = {k: v for k, v in meta.items() if k not in DROPPED and k not in ("hide", "search", "template", "title")}
    problems: list[str] = []
    for key in ("author", "subtitle"):  # printed raw by Material's templates
        if key in meta:
            value = meta[key]
            out[key] = html.escape(value if isinstance(value, str) else "" if value is None else str(value))
    hide = meta.get("hide")
    if hide is not None:
        names = [hide] if isinstance(hide, str) else hide if isinstance(hide, list) else []
        out["hide"] = [n for n in names if isinstance(n, str) and n in HIDE]
    search = meta.get("search")
    if isinstance(search, dict):
        clean: dict[str, Any] = {}
        if "exclude" in search:
            clean["exclude"] = search["exclude"] is True
        boost = search.get("boost")
        if isinstance(boost, (int, float)) and not isinstance(boost, bool) and math.isfinite(boost):
            clean["boost"] = min(max(float(boost), 0.0), 10.0)
        out["search"] = clean
    elif search is not None:
        problems.append("property 'search' ignored: expected a mapping such as {exclude: true}")
    template = meta.get("template")
    if template is not None:
        if isinstance(template, str) and _TEMPLATE.match(template) and template_exists(template):
            out["template"] = template
        else:
            problems.append(f"property 'template' ignored: no theme template {html.escape(str(template))[:80]!r}")
    return out, problems
