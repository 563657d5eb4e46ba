"""Stage 5: embeds cut from their targets' rendered HTML, moved to the embedding page's URL."""

from __future__ import annotations

import pytest

from mkdocs_vault_kb.core.tokens import embed_token as token
from mkdocs_vault_kb.core.tokens import has_embed_tokens as has_tokens
from mkdocs_vault_kb.core.transclude import EmbedRequest, PageBody, Transcluder, rebase_url


@pytest.mark.parametrize(
    ("value", "from_url", "to_url", "expected"),
    [
        ("../Other/", "notes/Target/", "", "notes/Other/"),
        ("../../attachments/a.png", "notes/Target/", "", "attachments/a.png"),
        ("attachments/a.png", "", "notes/Target/", "../../attachments/a.png"),
        ("../../", "notes/Target/", "x/", "../"),
        ("./", "notes/Target/", "notes/Other/", "../Target/"),
        ("../Other/#h?x", "notes/Target/", "notes/Deep/er/", "../../Other/#h?x"),
        ("Other.html#h", "notes/Target.html", "index.html", "notes/Other.html#h"),
        ("img/a%20b.png", "notes/Target.html", "other/Page.html", "../notes/img/a%20b.png"),
        ("../../../outside.png", "notes/Target/", "", "../../../outside.png"),  # above the root: as written
    ],
)
def test_rebase_url(value, from_url, to_url, expected):
    assert rebase_url(value, from_url, to_url) == expected


def _req(target: str, anchor: str | None, end: str | None, key: str | None = None) -> EmbedRequest:
    return EmbedRequest(target, key or f"{target}#{anchor}", anchor, end, '<p><a class="vault-embed-link">t</a></p>', 3, "Home.md")


TARGET = (
    '<p>Intro <a href="../Other/">o</a></p>\n'
    '<h2 id="method">Method<a class="headerlink" href="#method">&para;</a></h2>\n'
    '<p>Body <img src="../../attachments/a.png" /> <a href="#results">r</a></p>\n'
    '<div class="tabbed-set"><input id="__tabbed_1_1" name="__tabbed_1" type="radio" /><label for="__tabbed_1_1">A</label></div>\n'
    '<h2 id="results">Results</h2>\n<p>After.</p>\n'
)


def test_a_section_is_cut_rebased_and_its_ids_made_unique():
    bodies = {
        "Home.md": PageBody("", f"<p>before</p>\n<p>{token(0)}</p>\n<ul>\n<li>{token(1)}</li>\n</ul>", [_req("notes/T.md", "method", "results"), _req("notes/T.md", None, None, "notes/T.md")]),
        "notes/T.md": PageBody("notes/T/", TARGET, []),
    }
    reports = []
    out = Transcluder(bodies, lambda req, why: reports.append(why)).page("Home.md")
    assert reports == [] and not has_tokens(out)
    first = out[out.index('<div class="vault-embed"') : out.index("<ul>")]
    assert first.startswith('<div class="vault-embed" data-embed="notes/T.md"><p><a class="vault-embed-link">t</a></p><h2 id="vault-embed-1-method">')
    assert "Intro" not in first and "After." not in first  # only the section
    assert '<img src="attachments/a.png" />' in first
    assert 'href="notes/T/#results"' in first and 'class="headerlink" href="notes/T/#method"' in first
    assert 'id="vault-embed-1-__tabbed_1_1" name="vault-embed-1-__tabbed_1"' in first and 'for="vault-embed-1-__tabbed_1_1"' in first
    assert "<p><div" not in out  # a token alone in its paragraph is replaced with the paragraph
    whole = out[out.index("<li>") :]
    assert whole.startswith('<li><div class="vault-embed"') and 'href="notes/Other/"' in whole and "After." in whole
    assert 'id="vault-embed-2-method"' in whole


def test_nested_embeds_are_expanded_and_rebased_through_each_level():
    bodies = {
        "Home.md": PageBody("", f"<p>{token(0)}</p>", [_req("a/A.md", None, None, "a/A.md")]),
        "a/A.md": PageBody("a/A/", f'<p>A <a href="../../b/B/">b</a></p>\n<p>{token(0)}</p>', [_req("b/B.md", "h", None)]),
        "b/B.md": PageBody("b/B/", '<h1 id="b">B</h1>\n<h2 id="h">H</h2>\n<p><a href="../../a/A/">back</a> <a href="#b">top</a></p>', []),
    }
    out = Transcluder(bodies, lambda req, why: None).page("Home.md")
    assert 'href="b/B/"' in out and 'href="a/A/"' in out and 'href="b/B/#b"' in out
    assert 'id="vault-embed-1-vault-embed-1-h"' in out and "<h1" not in out


def test_a_section_that_cannot_be_cut_shows_its_link_and_is_reported():
    nested = '<div class="admonition"><h2 id="inside">Inside</h2><p>x</p></div>\n<h2 id="next">Next</h2>'
    bodies = {
        "Home.md": PageBody("", f"<p>{token(0)}</p><p>{token(1)}</p><p>{token(2)}</p>", [
            _req("T.md", "inside", "next"), _req("T.md", "gone", None), _req("Missing.md", None, None, "Missing.md"),
        ]),
        "T.md": PageBody("T/", nested, []),
    }
    reports = []
    out = Transcluder(bodies, lambda req, why: reports.append((req.key, why))).page("Home.md")
    assert reports == [
        ("T.md#inside", "the section's heading in T.md is nested inside another block"),
        ("T.md#gone", "the section's heading in T.md is nested inside another block"),
        ("Missing.md", "Missing.md was not rendered in this build"),
    ]
    assert out.count('<div class="vault-embed"') == 3 and "Inside" not in out


def test_a_cycle_stops_with_a_visible_error_and_never_loops():
    bodies = {
        "A.md": PageBody("A/", f'<h2 id="s">S</h2>\n<p>{token(0)}</p>', [_req("A.md", "s", None, "A.md#s")]),
    }
    out = Transcluder(bodies, lambda req, why: None).page("A.md")
    assert out.count('<div class="vault-embed"') == 1  # the section, in which the loop stops
    assert '<div class="vault-embed vault-embed-error">Embed cycle: A.md -&gt; A.md#s -&gt; A.md#s</div>' in out


def test_a_token_of_another_process_or_out_of_range_is_left_alone():
    bodies = {"A.md": PageBody("A/", f"<p>{token(5)}</p>", [])}
    assert Transcluder(bodies, lambda req, why: None).page("A.md") == f"<p>{token(5)}</p>"
