"""Tokens: words Markdown passes over, swapped for finished HTML after the page is rendered."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_vault_kb.core.tokens import fill, html_token, in_heading


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("# Title X", True),
        ("### Title X", True),
        ("> ## In a quote X", True),
        ("  ## Indented X", True),
        ("Setext X\n===", True),
        ("Setext X\n---\n", True),
        ("#tag X", False),
        ("Para X\n\n---", False),
        ("Para X\n- item", False),
        ("####### seven X", False),
        ("text X # not a heading", False),
    ],
)
def test_in_heading(text, heading):
    assert in_heading(text, text.index("X")) is heading


WORDS = st.sampled_from(["a", "*b*", "_c_", "`d`", "$e$", "**f**", "[g](h)", "<i>", "&", "~~", "==", "\\", ":", "|", "#", "-", "1."])


@given(st.lists(WORDS, max_size=8), st.lists(WORDS, max_size=8))
@settings(max_examples=200, deadline=None)
def test_a_token_survives_markdown_anywhere_in_a_paragraph(before, after):
    run = '<a class="vault-link" href="x/">link</a>'
    text = " ".join([*before, html_token(0), *after])
    md = markdown.Markdown(extensions=["attr_list", "tables", "pymdownx.arithmatex", "pymdownx.betterem", "pymdownx.mark"])
    out = fill(md.convert("para " + text), [run])
    assert run in out


def test_unknown_token_numbers_stay():
    assert fill(f"<p>{html_token(3)}</p>", ["x"]) == f"<p>{html_token(3)}</p>"
