"""Tokens: plain words that Markdown passes over, left where finished HTML goes in later.

Handing Python-Markdown raw inline HTML costs it a parse of every tag (its HTML block
preprocessor, its inline HTML pattern, its stash); a link written as a token costs nothing. Once
MkDocs has rendered a page, ``fill`` puts the HTML back. Embeds leave tokens of their own, filled
from the target pages' HTML (``transclude``).
"""

from __future__ import annotations

import re
import secrets

#: Random per process, so no note's text can contain a token by chance or on purpose.
_NONCE = secrets.token_hex(6)
EMBED_PREFIX = f"vaultembed{_NONCE}n"
HTML_PREFIX = f"vaulthtml{_NONCE}n"
EMBED_TOKEN = re.compile(rf"(<p>)?{EMBED_PREFIX}(\d+)z(</p>)?")
_HTML_TOKEN = re.compile(rf"{HTML_PREFIX}(\d+)z")
_CONTAINER = re.compile(r"[ \t>]*")
_ATX = re.compile(r"#{1,6}(?:[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r"[ \t>]*(?:=+|-+)[ \t]*(?:\n|$)")


def embed_token(n: int) -> str:
    """The word left for the ``n``-th embed of a page."""
    return f"{EMBED_PREFIX}{n}z"


def html_token(n: int) -> str:
    """The word left for the ``n``-th run of inline HTML of a page."""
    return f"{HTML_PREFIX}{n}z"


def has_embed_tokens(page_html: str) -> bool:
    return EMBED_PREFIX in page_html


def fill(page_html: str, runs: list[str]) -> str:
    """The rendered page with each HTML token replaced by its run (unknown numbers stay)."""
    if HTML_PREFIX not in page_html:
        return page_html
    n = len(runs)
    return _HTML_TOKEN.sub(lambda m: runs[int(m.group(1))] if int(m.group(1)) < n else m.group(0), page_html)


def in_heading(text: str, offset: int) -> bool:
    """Whether ``offset`` is on a heading line (ATX, or underlined setext), inside a quote or not.
    The toc reads a heading's text from the Markdown: a token there would show in the toc."""
    start = text.rfind("\n", 0, offset) + 1
    prefix = _CONTAINER.match(text, start)
    if prefix is not None and _ATX.match(text, prefix.end()):
        return True
    end = text.find("\n", offset)
    return end >= 0 and _SETEXT_UNDERLINE.match(text, end + 1) is not None
