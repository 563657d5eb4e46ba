"""Aliases in the search title, math out of the search text."""

from __future__ import annotations

from mkdocs_vault_kb.core.searchaids import aliases_in_title, aliases_search_html, math_out_of_search

H1 = '<h1 id="pca">Principal Component Analysis<a class="headerlink" href="#pca">&para;</a></h1>\n<p>Text</p>'


def test_aliases_go_in_a_hidden_span_of_the_leading_h1():
    out = aliases_in_title(H1, ["PCA", "principal component analysis", " Karhunen  Loeve ", "<b>x</b>", "PCA"], "Principal Component Analysis")
    assert out == H1.replace(
        '<a class="headerlink"',
        '<span class="vault-aliases" hidden> \u00b7 PCA \u00b7 Karhunen Loeve \u00b7 &lt;b&gt;x&lt;/b&gt;</span><a class="headerlink"',
    )
    assert aliases_in_title(H1, [], "Principal Component Analysis") == H1
    assert aliases_in_title('<h1 id="t">T</h1>', ["A"], "T") == '<h1 id="t">T<span class="vault-aliases" hidden> \u00b7 A</span></h1>'


def test_without_a_leading_h1_the_aliases_are_hidden_headings():
    assert aliases_in_title("<p>no title</p><h1>Later</h1>", ["A"], "T") is None
    assert aliases_search_html(["PCA", "T", "pca", "A&B"], "t") == (
        '<h2 id="vault-alias-1" class="vault-alias" hidden>PCA</h2><h2 id="vault-alias-2" class="vault-alias" hidden>A&amp;B</h2>'
    )


def test_math_is_marked_for_search_to_skip():
    page = '<p>x <span class="arithmatex">\\(a\\)</span></p><div class="arithmatex">\\[b\\]</div><code>&lt;span class="arithmatex"&gt;</code>'
    assert math_out_of_search(page) == (
        '<p>x <span class="arithmatex" data-search-exclude>\\(a\\)</span></p>'
        '<div class="arithmatex" data-search-exclude>\\[b\\]</div><code>&lt;span class="arithmatex"&gt;</code>'
    )
