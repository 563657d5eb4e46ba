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
HTML_PREFIX = f"vaulthtml{_NONCE}"
EMBED_TOKEN = re.compile(rf"(<p>)?{EMBED_PREFIX}(\d+)z(</p>)?")
# "n": an inline run, put where the token is; "b": a block, which replaces the token's paragraph
_HTML_TOKEN = re.compile(rf"(<p>)?{HTML_PREFIX}([nb])(\d+)z(</p>)?")
_CONTAINER = re.compile(r"[ \t>]*")
_ATX = re.compile(r"#{1,6}(?:[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r"[ \t>]*(?:=+|-+)[ \t]*(?:\n|$)")


def embed_token(n: int) -> str:
    """The word left for the ``n``-th embed of a page."""
    return f"{EMBED_PREFIX}{n}z"


def html_token(n: int, *, block: bool = False) -> str:
    """The word left for the ``n``-th run of HTML of a page: inline, or a ``block`` written as a
    paragraph of its own (the run replaces the paragraph)."""
    return f"{HTML_PREFIX}{'b' if block else 'n'}{n}z"


def has_embed_tokens(page_html: str) -> bool:
    return EMBED_PREFIX in page_html


_EMBED_WORD = re.compile(rf"{EMBED_PREFIX}\d+z")


def strip_embed_tokens(page_html: str) -> str:
    """``page_html`` with its embeds left out (their words removed; the markup around them stays
    balanced): the page as search indexes it."""
    return _EMBED_WORD.sub("", page_html)


def fill(page_html: str, runs: list[str]) -> str:
    """The rendered page with each HTML token replaced by its run (unknown numbers stay)."""
    if HTML_PREFIX not in page_html:
        return page_html
    def put(m: re.Match[str]) -> str:
        k = int(m.group(3))
        if k >= len(runs):
            return m.group(0)
        if m.group(2) == "b" and m.group(1) and m.group(4):
            return runs[k]
        return (m.group(1) or "") + runs[k] + (m.group(4) or "")

    return _HTML_TOKEN.sub(put, page_html)


def in_heading(text: str, offset: int) -> bool:
    """Whether ``offset`` is on a heading line (ATX, or underlined setext), inside a quote or not.
    The toc reads a heading's text from the Markdown: a token there would show in the toc."""
    start = text.rfind("\n", 0, offset) + 1
    prefix = _CONTAINER.match(text, start)
    if prefix is not None and _ATX.match(text, prefix.end()):
        return True
    end = text.find("\n", offset)
    return end >= 0 and _SETEXT_UNDERLINE.match(text, end + 1) is not None
