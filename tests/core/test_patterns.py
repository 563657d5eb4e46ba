"""The stages' patterns put their literal characters first and look behind them afterwards, so the
regex engine can jump between candidates. Each must match exactly what its readable form (the
lookbehind first) matches: same spans, same groups, on any text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_vault_kb.core.embeds import EMBED, MD_IMAGE
from mkdocs_vault_kb.core.links import MD_LINK, WIKILINK
from mkdocs_vault_kb.core.syntax.blocks import _TRAILING_ID
from mkdocs_vault_kb.core.syntax.highlight import _HIGHLIGHT
from mkdocs_vault_kb.core.syntax.tags import TAG

_LINK_TAIL = r"\((?P<dest><[^<>\n]+>|[^\s()<>]+(?:\([^\s()]*\)[^\s()<>]*)*)(?P<title>\s+\"[^\"\n]*\")?\)"
READABLE = [
    (WIKILINK, re.compile(r"(?<![\\!])\[\[([^\[\]\n]+?)\]\]")),
    (EMBED, re.compile(r"(?<!\\)!\[\[([^\[\]\n]+?)\]\]")),
    (MD_IMAGE, re.compile(r"(?<!\\)!\[(?P<alt>[^\[\]\n]*)\]\((?P<dest><[^<>\n]+>|[^\s()<>]+)(?P<title>\s+\"[^\"\n]*\")?\)")),
    (MD_LINK, re.compile(r"(?<![\\!\]])\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]" + _LINK_TAIL)),
    (TAG, re.compile(r"(?:(?<=^)|(?<=[\s(\[{,;]))#((?:[^\W]|[-/])+)", re.M)),
    (_HIGHLIGHT, re.compile(r"(?<![=\\])==(?=[^\s=])(.+?)(?<=[^\s\\])==(?!=)")),
    (_TRAILING_ID, re.compile(r"(?<=[ \t])\^([A-Za-z0-9-]+)[ \t]*$", re.M)),
]
TEXT = st.text(alphabet='[]!\\#=^ \t\n()ab-/<>"é,;{x.', max_size=40)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("fast, readable", READABLE, ids=lambda p: getattr(p, "pattern", "")[:12])
@given(text=TEXT)
@settings(max_examples=800, deadline=None)
def test_fast_pattern_matches_like_its_readable_form(fast, readable, text):
    assert _matches(fast, text) == _matches(readable, text)


@pytest.mark.parametrize("fast, readable", READABLE, ids=lambda p: getattr(p, "pattern", "")[:12])
def test_examples_at_the_edges(fast, readable):
    for text in ["[[a]]", "\\[[a]]", "![[a]]", "\\![[a]]", "x![[a]]", "#a", " #a", "x#a", "a\n#b", "==a==", "\\==a==", "===a==", "a ^id", "a^id", "[a](b)", "![a](b)", "\\[a](b)", "][a](b)"]:
        assert _matches(fast, text) == _matches(readable, text), text


def _plain_text_readable(text: str) -> str:
    """``headings.plain_text`` without its shortcuts: every pattern, then unescape."""
    import html

    from mkdocs_vault_kb.core.headings import _INLINE_MARKUP

    for _, pattern, repl in _INLINE_MARKUP:
        text = pattern.sub(repl, text)
    return html.unescape(text).replace("\\", "")


@given(st.text(alphabet="[]!()#|`*_=~<>&;x9a2\\ ", max_size=30))
@settings(max_examples=1500, deadline=None)
def test_plain_text_shortcuts_change_nothing(text):
    from mkdocs_vault_kb.core.headings import plain_text

    assert plain_text(text) == _plain_text_readable(text)
