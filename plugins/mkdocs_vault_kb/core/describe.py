"""A page's description (frontmatter ``description``, else its first paragraph) and title, as plain text."""

from __future__ import annotations

import re

from .headings import plain_text
from .sanitize import html_to_text
from .scan import mask

_SKIP = re.compile(r"^\s*(#|>|[-*+] |\d+[.)] |\||!\[|<|```|~~~|\$\$|---|\[\^)")


def first_paragraph(body: str, limit: int = 200) -> str:
    """The first prose paragraph of a note body, without markup, cut at a word near ``limit``."""
    text = mask(body).text
    para: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            if para:
                break
            continue
        if not para and _SKIP.match(line):
            continue
        if "\ue000" in line and not para:
            continue
        para.append(line.strip())
    plain = " ".join(plain_text(re.sub("\ue000\\d+\ue001", "", " ".join(para))).split())
    if len(plain) <= limit:
        return plain
    cut = plain.rfind(" ", 0, limit)
    return plain[: cut if cut > 0 else limit].rstrip(",;:") + "…"


def description(meta: dict, body: str) -> str:
    value = meta.get("description")
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return first_paragraph(body)


def page_title(frontmatter_title: str | None, heading_html: str | None, fallback: str) -> str:
    """A page's title as the text a reader should see: the frontmatter ``title`` as written, else
    the text of the first ``# heading`` (MkDocs hands it over as HTML with its tags stripped and
    its entities kept), else ``fallback`` (MkDocs' title from the file name, plain text)."""
    if frontmatter_title is not None:
        return frontmatter_title
    if heading_html:
        return html_to_text(heading_html)
    return fallback
