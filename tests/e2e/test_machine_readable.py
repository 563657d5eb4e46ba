"""llms.txt, each note's Markdown copy and feed.xml, from a strict build of the ``basic`` vault
(plus a note whose title holds markup and a line break)."""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from urllib.parse import unquote, urljoin

import pytest

from .conftest import FIXTURES, build

ATOM = {"a": "http://www.w3.org/2005/Atom"}
SITE = "http://127.0.0.1/"
ODD_TITLE = 'A <b>bold</b> & "odd"\ntitle'
ODD = f"---\ntitle: {json.dumps(ODD_TITLE)}\ndescription: 'Uses <i>markup</i> & [links](javascript:x)'\n---\nSee [[Target#Part]].\n"
T_NEW = datetime(2025, 3, 4, 5, 6, 7, tzinfo=timezone.utc)
T_OLD = datetime(2020, 1, 1, tzinfo=timezone.utc)


def _vault(tmp):
    docs = tmp / "vault"
    shutil.copytree(FIXTURES / "basic", docs)
    (docs / "odd").mkdir()
    (docs / "odd" / "Odd.md").write_text(ODD.replace("\n", "\n", 1), encoding="utf-8")
    for path in docs.rglob("*.md"):
        os.utime(path, (T_OLD.timestamp(), T_OLD.timestamp()))
    os.utime(docs / "notes" / "Target.md", (T_NEW.timestamp(), T_NEW.timestamp()))
    return docs


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("machine")
    return build("basic", tmp, docs=_vault(tmp))


@pytest.fixture(scope="module")
def relative_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("machine-rel")
    return build("basic", tmp, docs=_vault(tmp), site_url="")


def local(site, url: str):
    assert url.startswith(SITE), url
    return site.site / unquote(url[len(SITE) :])


def test_build_stays_strict(site):
    assert site.messages() == []


def test_llms_txt_layout(site):
    text = (site.site / "llms.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0] == "# ML Interview Knowledge Base" and lines[2].startswith("> Deep, derived")
    sections = [l[3:] for l in lines if l.startswith("## ")]
    assert sections[0] == "Pages" and sorted(sections[1:]) == ["Notes", "Odd", "Projects"]
    entries = [l for l in lines if l.startswith("- ")]
    assert len(entries) == 8  # every note, nothing else (tags and graph pages are not notes)
    for line in entries:
        url = re.match(r"- \[(?:[^\[\]\\]|\\.)+\]\(([^)\s]+)\)", line).group(1)
        assert url.endswith("index.md") and local(site, url).is_file(), line
    assert "- [Target](http://127.0.0.1/notes/Target/index.md): Intro paragraph linking back to Home." in entries
    odd = [l for l in entries if "odd/Odd/" in l]
    assert odd == [
        "- [A \\<b\\>bold\\</b\\> \\& \"odd\" title](http://127.0.0.1/odd/Odd/index.md): "
        "Uses \\<i\\>markup\\</i\\> \\& \\[links\\](javascript:x)"
    ]


def test_llms_txt_relative_without_site_url(relative_site):
    text = (relative_site.site / "llms.txt").read_text(encoding="utf-8")
    assert "(notes/Target/index.md)" in text and "http" not in text.split("\n## ", 1)[1]


def test_markdown_copy_of_a_note(site):
    home = (site.site / "index.md").read_text(encoding="utf-8")
    assert home.startswith('---\ntitle: "Fixture Home"\naliases: ["Start Page"]\ntags: ["fixture", "level/basic"]\n---\n\n# Home')
    assert "Plain: [Target](http://127.0.0.1/notes/Target/)." in home
    assert "[Target \\> Set-up: Phase 1?](http://127.0.0.1/notes/Target/#set-up-phase-1)" in home
    assert "[md link](http://127.0.0.1/notes/Target/)" in home
    assert "![diagram.png](http://127.0.0.1/attachments/diagram.png)" in home
    assert 'x = "[[Target]] #notatag ==nomark=="' in home  # code stays as written
    linked = re.findall(r"\]\((http://127\.0\.0\.1/[^)#\s]*)", home)
    assert linked and all(local(site, u if not u.endswith("/") else u + "index.html").exists() for u in linked)
    odd = (site.site / "odd" / "Odd" / "index.md").read_text(encoding="utf-8")
    assert odd.startswith('---\ntitle: "A <b>bold</b> & \\"odd\\" title"\n---\n\n')  # JSON string: YAML-safe
    assert "description" not in odd and "[Target \\> Part](http://127.0.0.1/notes/Target/#part)" in odd


def test_feed(site):
    root = ET.fromstring((site.site / "feed.xml").read_bytes())
    entries = root.findall("a:entry", ATOM)
    assert len(entries) == 8
    first = entries[0]
    assert first.find("a:title", ATOM).text == "Target"  # the most recently changed note
    assert first.find("a:updated", ATOM).text == "2025-03-04T05:06:07Z"
    assert first.find("a:link", ATOM).get("href") == "http://127.0.0.1/notes/Target/"
    assert {e.find("a:updated", ATOM).text for e in entries[1:]} == {"2020-01-01T00:00:00Z"}
    odd = next(e for e in entries if e.find("a:id", ATOM).text.endswith("/odd/Odd/"))
    assert odd.find("a:title", ATOM).text == 'A <b>bold</b> & "odd" title'
    assert odd.find("a:summary", ATOM).get("type") == "text"
    assert "<b>" not in (site.site / "feed.xml").read_text(encoding="utf-8")
    for e in entries:
        assert local(site, e.find("a:link", ATOM).get("href")).joinpath("index.html").is_file()


def _feed_links(page: str) -> list[dict[str, str | None]]:
    from html.parser import HTMLParser

    head = page[: page.index("</head>")]
    found: list[dict[str, str | None]] = []

    class P(HTMLParser):
        def handle_starttag(self, name, attrs):
            a = dict(attrs)
            if name == "link" and a.get("type") == "application/atom+xml":
                found.append(a)

    P().feed(head)
    return found


def test_every_page_head_links_the_feed_relatively(site):
    pages = sorted(site.site.rglob("index.html"))
    assert len(pages) > 8  # the notes, the tags and graph pages
    for path in pages:
        links = _feed_links(path.read_text(encoding="utf-8"))
        assert len(links) == 1, path
        link = links[0]
        assert link["rel"] == "alternate" and link["title"] == "ML Interview Knowledge Base"
        assert not link["href"].startswith(("/", "http")), link  # relative: works under any prefix
        assert (path.parent / link["href"]).resolve() == (site.site / "feed.xml").resolve(), (path, link)


def test_no_feed_link_when_the_feed_is_off(tmp_path):
    from .conftest import VAULT_PLUGIN

    built = build("basic", tmp_path, plugin_yaml=VAULT_PLUGIN + "\n      feed: false")
    assert not (built.site / "feed.xml").exists()
    assert _feed_links(built.html("notes/Target/")) == [] and _feed_links(built.html("")) == []


def test_llms_txt_follows_the_documented_structure(site, relative_site):
    from llmstxt_format import llms_txt_links, llms_txt_problems

    for built in (site, relative_site):
        text = (built.site / "llms.txt").read_text(encoding="utf-8")
        assert llms_txt_problems(text) == []
        links = llms_txt_links(text)
        assert len(links) == 8
        for url in links:
            path = local(built, url) if url.startswith("http") else built.site / unquote(url)
            assert path.is_file(), url


def test_llms_full_has_every_note_in_site_order(site, relative_site):
    text = (site.site / "llms-full.txt").read_text(encoding="utf-8")
    assert text.startswith("# ML Interview Knowledge Base\n\n> Deep, derived")
    blocks = text.split("\n---\n\n")[1:]
    assert len(blocks) == 8 and "Notes not included" not in text
    urls = [re.search(r"^URL: (\S+)$", b, re.M).group(1) for b in blocks]
    nav = [unquote(u) for u in _nav_order(site)]
    assert [unquote(u) for u in urls] == nav  # the site's order
    home = next(b for b in blocks if b.split("\n")[2] == f"URL: {SITE}")
    assert "Plain: [Target](http://127.0.0.1/notes/Target/)." in home  # links as in the copies
    assert "![diagram.png](http://127.0.0.1/attachments/diagram.png)" in home
    assert 'x = "[[Target]] #notatag ==nomark=="' in home and "title:" not in home
    odd = next(b for b in blocks if "odd/Odd/" in b.split("\n")[2])
    assert odd.startswith('# A \\<b\\>bold\\</b\\> \\& "odd" title\n')
    rel = (relative_site.site / "llms-full.txt").read_text(encoding="utf-8")
    assert "Plain: [Target](notes/Target/)." in rel and "127.0.0.1" not in rel  # from the site's root
    for u in re.findall(r"\]\(((?!http)[^)#\s]+)", rel):
        assert (relative_site.site / unquote(u)).exists() or (relative_site.site / unquote(u) / "index.html").exists(), u


def _nav_order(site):
    """The notes' URLs in the order of the site's navigation: from the home page, page after
    page by each page's ``<link rel="next">``, keeping those with a Markdown copy (the notes)."""
    order, url = [], SITE
    while url is not None and len(order) < 100:
        folder = local(site, url)
        if (folder / "index.md").is_file():
            order.append(url)
        m = re.search(r'<link rel="next" href="([^"]+)">', (folder / "index.html").read_text(encoding="utf-8"))
        url = urljoin(url, m.group(1)) if m else None
    return order


def test_feed_parses_with_absolute_stable_ids(site, relative_site, tmp_path):
    import feedparser

    for built in (site, relative_site):
        got = feedparser.parse((built.site / "feed.xml").read_bytes())
        assert not got.bozo, got.get("bozo_exception")
        assert got.version == "atom10" and len(got.entries) == 8
        ids = [e.id for e in got.entries]
        assert len(set(ids)) == 8 and all(re.match(r"^[a-z][a-z0-9+.-]*:", i) for i in ids), ids
    rel = feedparser.parse((relative_site.site / "feed.xml").read_bytes())
    assert all(e.id.startswith("urn:uuid:") for e in rel.entries)
    assert {e.link for e in rel.entries} >= {"notes/Target/", "odd/Odd/"}  # links relative to the feed
    again = build("basic", tmp_path, docs=_vault(tmp_path), site_url="")
    assert [e.id for e in feedparser.parse((again.site / "feed.xml").read_bytes()).entries] == [e.id for e in rel.entries]
