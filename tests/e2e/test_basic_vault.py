"""The ``basic`` fixture vault built strict: every Obsidian link form lands where Obsidian sends it."""

from __future__ import annotations

import hashlib
import html
import json
import re

import networkx as nx
import pytest
from mkdocs.exceptions import Abort

from .conftest import FIXTURES, build


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build("basic", tmp_path_factory.mktemp("basic"))


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def hrefs(page: str, text: str) -> list[str]:
    """hrefs of the <a> elements whose text (entities resolved) is ``text``."""
    want = html.unescape(text)
    return [html.unescape(h) for h, t in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>([^<]*)</a>', page) if html.unescape(t) == want]


def test_strict_build_has_no_warnings(site):
    assert site.messages() == []


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("Target", "notes/Target/"),
        ("the target", "notes/Target/"),
        ("Target.md", "notes/Target/"),
        ("notes/Target", "notes/Target/"),
        ("Target &gt; Set-up: Phase 1?", "notes/Target/#set-up-phase-1"),
        ("Target &gt; Part &gt; Step", "notes/Target/#step"),
        ("Target &gt; set-up phase 1", "notes/Target/#set-up-phase-1"),
        ("Target &gt; ^quote-1", "notes/Target/#^quote-1"),
        ("Details", "#details"),
        ("v1.2 release", "v1.2%20release/"),
        ("Café déjà vu", "Caf%C3%A9%20d%C3%A9j%C3%A0%20vu/"),
        ("TARGET", "notes/Target/"),
        ("Target Alias", "notes/Target/"),
        ("/projects/alpha/Plan", "projects/alpha/Plan/"),
        ("Plan", "projects/beta/Plan/"),  # ambiguous: same depth, the shorter path wins
        ("md link", "notes/Target/"),
        ("spaced", "Caf%C3%A9%20d%C3%A9j%C3%A0%20vu/"),
        ("encoded", "v1.2%20release/#intro"),
        ("piped", "notes/Target/"),
    ],
)
def test_links_resolve_like_obsidian(site, text, href):
    assert href in hrefs(article(site.html("")), text)


def test_nothing_inside_code_math_or_comments_is_touched(site):
    body = article(site.html(""))
    assert "<code>[[Target]]</code>" in body
    assert "[[Target]]</span>" not in body.replace("\\([[Target]]\\)</span>", "")  # math kept as TeX
    assert "\\([[Target]]\\)" in body
    assert "<!-- [[Target]] -->" in body
    assert "Missing In Comment" not in body  # %%comment%% dropped
    code = html.unescape(re.sub(r"<[^>]+>", "", " ".join(re.findall(r"<code>.*?</code>", body, flags=re.S))))
    assert '"[[Target]] #notatag ==nomark=="' in code
    assert "indented [[Target]] code" in body
    outside = re.sub(r"<code>.*?</code>|\\\(.*?\\\)|<!--.*?-->|<pre>.*?</pre>", "", body, flags=re.S)
    assert outside.count("[[Target]]") == 1  # only the escaped \[[Target]], shown literally


def test_escaped_wikilink_stays_literal(site):
    assert "[[Target]], " in article(site.html("")).replace("\\[[Target]]", "[[Target]]")


def test_syntax(site):
    body = article(site.html(""))
    assert "<mark>highlighted <em>text</em></mark>" in body
    assert 'class="vault-tag" href="tags/#tag-topic-sub">#topic/sub</a>' in body
    assert "#123" in body and 'href="tags/#tag-123"' not in body
    assert "http://x.org/#frag" in body
    assert '<div class="admonition warning">' in body and "Watch out" in body
    assert '<details class="tip">' in body and "Nested tip" in body  # nested, folded
    assert '<details class="faq" open="open">' in body
    assert '<div class="admonition note madeup">' in body
    assert 'id="^home-end"' in body and "^home-end" not in body.replace('id="^home-end"', "")


def test_embeds(site):
    body = article(site.html(""))
    assert 'data-embed="notes/Target.md"' in body
    assert "Part text." in body and "Step text." in body  # section with its sub-section
    assert "Setup text." not in body  # only that section
    assert "A quotable line." in body  # block embed
    assert '<img alt="diagram.png" src="attachments/diagram.png" width="120">' in body  # as the sanitiser (html5ever) writes it
    assert '<img alt="diagram.png" height="80" src="attachments/diagram.png" width="120">' in body
    assert '<iframe class="vault-pdf" src="attachments/paper.pdf"' in body
    assert '<audio class="vault-audio" controls="" src="attachments/sound.mp3">' in body
    assert '<video class="vault-video" controls="" src="attachments/clip.mp4">' in body
    # an embedded heading does not take an anchor of the page, nor appear in its toc
    assert 'id="part"' not in body
    toc = site.html("")[: site.html("").index("<article")]
    assert "vault-embed-" not in toc


def test_a_dirty_build_renders_embeds_into_the_changed_page(tmp_path):
    """``--dirty`` renders only changed pages, so embeds cannot wait for their targets' HTML: they
    are rendered into the page's own Markdown instead, with the same result."""
    import os
    import time

    first = build("basic", tmp_path)
    home = first.docs / "Home.md"
    os.utime(home, (time.time() + 60, time.time() + 60))  # newer than its built page
    again = build(str(first.docs), tmp_path, copy=False, dirty=True, strict=False)  # MkDocs warns about --dirty itself
    body = article(again.html(""))
    assert "Part text." in body and "Step text." in body and "Setup text." not in body
    assert 'data-embed="notes/Target.md"' in body and "vaultembed" not in body
    assert 'id="part"' not in body


def test_embedded_links_resolve_for_the_embedding_page(site):
    target = article(site.html("notes/Target/"))
    # notes/Target embeds Home#Details, whose [[Target]] links must be relative to notes/Target/
    assert '<a class="vault-link" href="./">Target</a>' in target  # a link to the page itself
    assert "Warning body with" in target


def test_tags_page(site):
    tags = site.html("tags/")
    for tag in ("fixture", "level", "level/basic", "topic", "topic/sub"):
        anchor = "tag-" + tag.replace("/", "-")
        assert f'<h2 id="{anchor}">#{tag}' in tags
        assert f'<a href="#{anchor}" class="md-nav__link">' in tags  # in the table of contents
    section = article(tags)[article(tags).index('id="tag-topic-sub"') :]
    assert "<p>1 note.</p>" in section
    assert hrefs(section, "Fixture Home")[0] == "../"
    assert "vaulthtml" not in tags and not (site.site / "tags" / "topic").exists()


def test_graph_json_contract(site):
    data = json.loads((site.site / "graph.json").read_text(encoding="utf-8"))
    g = nx.node_link_graph(data, edges="links")
    assert g.is_directed()
    ids = set(g.nodes)
    assert {"./", "notes/Target/", "v1.2%20release/", "projects/alpha/Plan/"} <= ids
    assert g.nodes["./"]["title"] == "Fixture Home"
    assert "level/basic" in g.nodes["./"]["tags"] and "topic/sub" in g.nodes["./"]["tags"]
    assert g.has_edge("./", "notes/Target/")
    assert g.has_edge("notes/Target/", "./")  # the embed counts as a link
    assert "embed" in g.edges["notes/Target/", "./"]["kinds"]
    assert not (site.site / "assets/vault/backlinks.json").exists()  # the mentions are in the pages


def test_frontmatter_property_links_count_for_the_graph(site):
    data = json.loads((site.site / "graph.json").read_text(encoding="utf-8"))
    kinds = {(e["source"], e["target"]): e["kinds"] for e in data["links"]}
    assert "property" in kinds[("./", "notes/Target/")]


def test_ambiguous_link_reported_at_info(site):
    infos = site.messages(20)
    assert any("ambiguous name in [[Plan]]: chose projects/beta/Plan.md over projects/alpha/Plan.md" in m for m in infos)


def test_build_never_writes_into_the_vault(build_vault):
    def digest():
        h = hashlib.sha256()
        for p in sorted((FIXTURES / "basic").rglob("*")):
            h.update(str(p).encode())
            if p.is_file():
                h.update(p.read_bytes())
        return h.hexdigest()

    before = digest()
    build_vault("basic", copy=False)
    assert digest() == before


def test_alias_resolution_can_be_turned_off(build_vault):
    plugin = "  - vault:\n      home: Home.md\n      resolve_aliases: false\n      execute:\n        enabled: false"
    with pytest.raises(Abort):
        build_vault("basic", plugin_yaml=plugin)


def test_descriptions_and_social_metadata(site):
    target = site.html("notes/Target/")
    assert '<meta name="description" content="Intro paragraph linking back to Home.">' in target
    assert '<meta property="og:title" content="Target' in target
    assert '<meta property="og:description" content="Intro paragraph linking back to Home.">' in target
    assert '<meta property="og:url" content="http://127.0.0.1/notes/Target/">' in target

