"""core.frontmatter: untrusted YAML read safely, values as the author wrote them."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings, strategies as st

from mkdocs_vault_kb.core import frontmatter as fm
from mkdocs_vault_kb.core.frontmatter import split_frontmatter


def doc(body: str) -> str:
    return f"---\n{body}\n---\nBody.\n"


def test_values_yaml_would_retype_are_the_text_written():
    f = split_frontmatter(doc("title: no\ncreated: 2024-02-30\ntime: 1:20\nn: 404\nz: null\non: yes"))
    assert f.error is None
    assert f.meta == {"title": "no", "created": "2024-02-30", "time": "1:20", "n": 404, "z": None, "on": "yes"}
    assert f.texts["n"] == "404" and f.texts["z"] == "null"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, c in zip("abcdefgh", "bcdefghi")), "aliases expand"),
        ("x: " + "[" * 5000 + "]" * 5000, "nest"),
        ("x:\n" + "- " * 3000 + "y", "nest"),
        ("x: &a [*a]", "nest"),
        ("x: !!python/object/apply:os.system ['true']", "constructor"),
        ("? [a, b]\n: c", "unhashable"),
        ("title: [unclosed", "expected"),
    ],
)
def test_hostile_frontmatter_is_one_message_and_never_slow(body, message):
    start = time.monotonic()
    f = split_frontmatter(doc(body + "\naliases: [Kept]"))
    assert f.error is not None and message in f.error.lower(), f.error
    assert time.monotonic() - start < 2
    assert f.body == "Body.\n"


def test_a_broken_block_keeps_the_properties_that_parse_alone():
    f = split_frontmatter(doc("aliases: [Kept]\ntitle: [unclosed\ntags: [t]"))
    assert f.error and f.error_line == 3
    assert f.meta == {"aliases": ["Kept"], "tags": ["t"]}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab:-[]{},&*'\"#? \n\t01", max_size=80))  # no "!": libyaml reads a bare "!" tag as ""
def test_the_fast_and_the_bounded_loader_agree(body):
    """libyaml reads short alias-free documents; the pure-Python loader reads the rest. Where
    both read a document they give the same properties (their scanners differ on a few inputs
    such as a tab after a colon, which libyaml accepts as YAML allows and PyYAML's does not)."""
    text = doc(body)
    fm.FAST_LIMIT = 8 * 1024
    fast = split_frontmatter(text)
    fm.FAST_LIMIT = -1
    try:
        slow = split_frontmatter(text)
    finally:
        fm.FAST_LIMIT = 8 * 1024
    if fast.error is None and slow.error is None:
        assert fast.meta == slow.meta and fast.texts == slow.texts
