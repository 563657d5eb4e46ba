"""Obsidian syntaxes, each on its own."""

from __future__ import annotations

import pytest

from mkdocs_vault_kb.core.headings import normalize_heading
from mkdocs_vault_kb.core.syntax.blocks import block_anchors
from mkdocs_vault_kb.core.syntax.callouts import callouts
from mkdocs_vault_kb.core.syntax.highlight import highlight
from mkdocs_vault_kb.core.headings import AnchorMaker
from mkdocs_vault_kb.core.syntax.tags import link_tags


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("> [!note] Title\n> body", '!!! note "Title"\n    body'),
        ("> [!tip]- Folded\n> body", '??? tip "Folded"\n    body'),
        ("> [!faq]+ Open\n> body", '???+ faq "Open"\n    body'),
        ("> [!INFO]\n> body", "!!! info\n    body"),
        ("> [!custom] \n> body", '!!! note custom "Custom"\n    body'),
        ("> [!note] A\n> > [!warning] B\n> > inner", '!!! note "A"\n\n    !!! warning "B"\n        inner'),
        ("> plain quote\n> more", "> plain quote\n> more"),
    ],
)
def test_callouts(src, expected):
    assert callouts(src).strip("\n") == expected


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("a ==b== c", "a <mark>b</mark> c"),
        ("==a b==", "<mark>a b</mark>"),
        ("a == b == c", "a == b == c"),
        ("x ===y=== z", "x ===y=== z"),
    ],
)
def test_highlight(src, expected):
    assert highlight(src) == expected


def test_tags():
    from mkdocs_vault_kb.core.context import Options, RenderContext
    from mkdocs_vault_kb.core.index import build_index
    from mkdocs_vault_kb.core.tokens import fill

    index = build_index({"n/Note.md": ""}, [], AnchorMaker(lambda s, sep: s))
    urls = {"n/Note.md": "n/Note/", "tags/index.md": "tags/"}
    ctx = RenderContext(index=index, page="n/Note.md", url_of=urls.get, options=Options())
    text = "#top and #a/B, not #123 nor a#b nor x.org/#frag\n## Heading #in-heading"
    out = fill(ctx.masker.unmask(link_tags(text, ctx)), ctx.html_runs)
    assert ctx.tags == ["top", "a/B", "in-heading"]
    assert '<a class="vault-tag" href="../../tags/#tag-top">#top</a> and ' in out
    assert '<a class="vault-tag" href="../../tags/#tag-a-b">#a/B</a>' in out
    assert "#123" in out and "a#b" in out and "/#frag" in out and "## Heading" in out
    assert len(ctx.html_runs) == 2  # the heading's tag stays raw HTML, for the toc


def test_block_ids():
    assert block_anchors("para ^abc-1") == 'para <a class="vault-block-anchor" id="^abc-1"></a>'
    assert block_anchors("^tbl") == '<a class="vault-block-anchor" id="^tbl"></a>'
    assert block_anchors("not^id") == "not^id"


@pytest.mark.parametrize(
    ("heading", "link"),
    [("Set-up: Phase 1?", "set-up phase 1"), ("Set-up: Phase 1?", "Set-up: Phase 1?"), ("A/B [test]", "a b test")],
)
def test_heading_matching_ignores_case_and_punctuation(heading, link):
    assert normalize_heading(heading) == normalize_heading(link)
