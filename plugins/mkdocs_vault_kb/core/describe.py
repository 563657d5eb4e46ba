"""A page's description: frontmatter ``description``, else its first paragraph as plain text."""

from __future__ import annotations

import re

from .headings import plain_text
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
