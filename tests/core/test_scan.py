"""The scanner: protected runs survive untouched; property-based over arbitrary text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_vault_kb.core.scan import PH_OPEN, mask

ALPHABET = st.sampled_from(list("ab #[]|!^=%`$<>-\n\\*_~") + ["[[", "]]", "```", "$$", "%%", "<!--", "-->", "    "])
TEXT = st.lists(ALPHABET, max_size=60).map("".join)


@given(TEXT)
@settings(max_examples=400, deadline=None)
def test_mask_then_unmask_is_identity_when_comments_are_kept(text):
    m = mask(text, drop_comments=False, fence_breaks_paragraph=False)
    assert m.unmask(m.text) == text


@given(TEXT)
@settings(max_examples=400, deadline=None)
def test_mask_keeps_the_line_structure(text):
    m = mask(text)
    assert m.text.count("\n") == text.count("\n")


def test_protected_constructs():
    text = "a `[[x]]` b $[[y]]$ c <!-- [[z]] --> d %%[[w]]%% e\n```\n[[v]]\n```\n$$\n[[u]]\n$$"
    m = mask(text)
    assert "[[" not in m.text
    assert "[[w]]" not in m.unmask(m.text)  # the comment is dropped
    assert "`[[x]]`" in m.unmask(m.text)


def test_percent_inside_code_does_not_open_a_comment():
    m = mask("`%%` [[a]] %%")
    assert "[[a]]" in m.text


def test_dollar_amounts_are_not_math():
    assert "[[a]]" in mask("costs $5 and [[a]] $6").text


def test_indented_code_but_not_list_continuation():
    assert "[[a]]" not in mask("text\n\n    [[a]]\n").text
    assert "[[a]]" in mask("- item\n\n    [[a]]\n").text


def test_multiline_comment_dropped_keeping_lines():
    m = mask("a %%start\n[[x]]\nend%% b")
    assert m.text.split("\n") == ["a ", "", " b"]


def test_fence_in_callout_keeps_its_prefix():
    m = mask("> [!note]\n> ```\n> [[x]]\n> ```")
    lines = m.text.split("\n")
    assert all(line.startswith(">") for line in lines) and PH_OPEN in lines[2]
