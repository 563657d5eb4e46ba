"""What a reader of Obsidian Publish expects on a note: its tags under the title, breadcrumbs, a
"last updated" date, the local graph and linked mentions in the table of contents, and a search
index that holds the note's own text only."""

from __future__ import annotations

import json
import logging
import re
import shutil

import pytest

from .conftest import FIXTURES, ROOT, Built, _Collect


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The basic vault published as README says any vault is: a config that only INHERITs the
    root mkdocs.yml (every plugin of it included), in a folder outside any git repository."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    tmp = tmp_path_factory.mktemp("panels")
    docs, out = tmp / "MyVault", tmp / "site"
    shutil.copytree(FIXTURES / "basic", docs)
    cfg = tmp / "my-vault.yml"
    cfg.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs}\nsite_dir: {out}\nsite_url: http://127.0.0.1/\n", encoding="utf-8")
    handler, logger = _Collect(), logging.getLogger("mkdocs")
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.INFO)
    try:
        config = load_config(str(cfg), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
    return Built(out, docs, handler.records)


def _article(html: str) -> str:
    return html[html.index('<article class="md-content__inner') : html.index("</article>")]


def test_a_vault_outside_git_builds_strict_without_a_warning(site):
    assert site.messages(logging.WARNING) == []
    infos = site.messages(logging.INFO)
    assert any("Falling back to build date" in m for m in infos)  # the git plugin ran, and said so at info
    target = site.html("notes/Target/")
    assert re.search(r'class="md-source-file".*?git-revision-date-localized-plugin-date', target, re.S)


def test_tags_under_the_title_with_the_level_as_a_badge(site):
    home = _article(site.html("Home/"))
    h1_end = home.index("</h1>")
    bar = re.search(r'<nav class="md-tags vault-note-tags"[^>]*data-search-exclude>(.*?)</nav>', home)
    assert bar is not None and bar.start() == h1_end + len("</h1>")
    links = re.findall(r'<a class="md-tag ([^"]+)" href="([^"]+)"[^>]*>([^<]+)</a>', bar.group(1))
    assert links[0] == ("vault-level vault-level--basic", "../tags/#tag-level-basic", "Basic")
    assert ("vault-note-tag", "../tags/#tag-fixture", "#fixture") in links
    assert "vault-note-tags" not in site.html("Previews/")  # a note without frontmatter tags


def test_breadcrumbs_name_the_folders(site):
    page = site.html("projects/alpha/Plan/")
    start = page.index('<nav class="md-path"')
    path = page[start : page.index("</nav>", start)]
    assert re.findall(r'class="md-path__link"[^>]*>\s*<span class="md-ellipsis">\s*([^<]+?)\s*<', path) == ["Projects", "Alpha"]


def test_local_graph_and_mentions_close_the_table_of_contents(site):
    page = site.html("notes/Target/")
    toc = page[page.index('<nav class="md-nav md-nav--secondary"') : page.index('<article class="md-content__inner')]
    hrefs = re.findall(r'<a href="(#[^"]+)" class="md-nav__link">', toc)
    assert hrefs[-2:] == ["#vault-local-graph", "#vault-linked-mentions"]
    assert re.search(r"Linked mentions \(\d+\)", toc)
    article = _article(page)
    assert article.index('id="vault-local-graph"') < article.index('id="vault-linked-mentions"')


def test_mentions_are_excerpts_with_the_link_marked(site):
    back = _article(site.html("notes/Target/"))
    back = back[back.index('<section class="vault-backlinks"') :]
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", back)
    assert quotes and all("[[" not in q and "**" not in q for q in quotes)
    assert all("<mark>" in q for q in quotes), quotes


def test_search_indexes_no_panel(site):
    index = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    assert docs
    for doc in docs:
        assert "Linked mentions" not in doc["title"] + doc["text"], doc["location"]
        assert "vault-local-graph" not in doc["location"] and "vault-linked-mentions" not in doc["location"]
    target = " ".join(d["text"] for d in docs if d["location"].startswith("notes/Target/"))
    assert "Plain: <mark>Target</mark>" in _article(site.html("notes/Target/"))  # an excerpt of Home in the mentions
    assert "Plain:" not in target  # ... which search does not index


def test_search_finds_a_tag_on_the_tags_page_and_each_note_on_its_own_page(site):
    """The tags page's headings are searched; its lists of notes are not (``data-search-exclude``):
    a note's title leads to the note, not again to each tag it carries."""
    docs = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    tags = [d for d in docs if d["location"].startswith("tags/")]
    assert any(d["location"] == "tags/#tag-fixture" for d in tags)  # the tag's own section
    assert tags and not any("Fixture Home" in d["text"] for d in tags)  # not indexed
    page = site.html("tags/")
    assert '<ul class="vault-tag-list" data-search-exclude><li><a href="../Home/">Fixture Home</a></li></ul>' in page  # shown


def test_search_finds_aliases_in_the_title_and_skips_tex(site):
    docs = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    home = next(d for d in docs if d["location"] == "Home/")
    assert home["title"] == "Home \u00b7 Start Page"  # the page's own entry: the title weighs most
    release = " ".join(d["text"] for d in docs if d["location"].startswith("v1.2%20release/"))
    assert "costs  to build" in release or "costs to build" in release
    assert not any("\\(" in d["text"] or "\\log" in d["text"] for d in docs)
    page = site.html("v1.2 release/")
    assert '<span class="arithmatex" data-search-exclude>\\(O(n \\log n)\\)</span>' in page  # still typeset
    assert '<span class="vault-aliases" hidden> \u00b7 Start Page</span>' in site.html("Home/")


def test_search_indexes_an_embed_on_its_own_note_only(site):
    """Home shows Target's section ``Part`` (``![[Target#Part]]``); the text is indexed on Target,
    where it lives, and not again on Home (Obsidian's search finds it in its own note too)."""
    docs = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    home = " ".join(d["title"] + " " + d["text"] for d in docs if d["location"].startswith("Home/"))
    target = " ".join(d["text"] for d in docs if d["location"].startswith("notes/Target/"))
    assert "Part text." in _article(site.html("Home/"))  # the page shows the embed ...
    assert "Part text." in target  # ... search finds it on Target ...
    assert home and "Part text." not in home  # ... and not on Home
    assert "vaultembed" not in json.dumps(docs)  # no token word reaches the index
