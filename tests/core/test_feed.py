"""The Atom feed (core.feed): well-formed XML, newest first, everything from the vault as text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

from mkdocs_vault_kb.core.feed import ATOM, FeedEntry, atom_feed, git_date

NS = {"a": ATOM}
T0 = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
HOSTILE = "a <script>alert(1)</script> & ]]> \x00\x1b\n b"


def parse(xml: str) -> ET.Element:
    return ET.fromstring(xml.encode("utf-8"))


def test_escapes_everything_and_parses():
    entries = [FeedEntry(HOSTILE, "https://x.org/a?b=1&c=<2>", T0, HOSTILE, ("t<&>",))]
    xml = atom_feed("Site <&>\nname", "https://x.org/", "https://x.org/feed.xml", entries, subtitle=HOSTILE)
    assert "<script>" not in xml and "\x00" not in xml and "\x1b" not in xml
    root = parse(xml)
    assert root.tag == f"{{{ATOM}}}feed"
    assert root.find("a:title", NS).text == "Site <&> name"
    entry = root.find("a:entry", NS)
    assert entry.find("a:title", NS).text == "a <script>alert(1)</script> & ]]> b"
    assert entry.find("a:title", NS).get("type") == "text"
    assert entry.find("a:summary", NS).get("type") == "text"
    assert entry.find("a:summary", NS).text == entry.find("a:title", NS).text
    assert entry.find("a:link", NS).get("href") == "https://x.org/a?b=1&c=<2>"
    assert entry.find("a:category", NS).get("term") == "t<&>"


def test_newest_first_limited_with_utc_dates():
    entries = [FeedEntry(f"n{i}", f"https://x.org/{i}/", T0 + timedelta(days=i)) for i in range(5)]
    root = parse(atom_feed("S", "https://x.org/", "https://x.org/feed.xml", entries, limit=3))
    got = [(e.find("a:title", NS).text, e.find("a:updated", NS).text) for e in root.findall("a:entry", NS)]
    assert got == [("n4", "2024-05-05T12:00:00Z"), ("n3", "2024-05-04T12:00:00Z"), ("n2", "2024-05-03T12:00:00Z")]
    assert root.find("a:updated", NS).text == "2024-05-05T12:00:00Z"
    assert root.find("a:entry/a:summary", NS) is None  # no empty summaries


def test_empty_feed_is_valid():
    root = parse(atom_feed("", "", "", []))
    assert root.find("a:title", NS).text == "Notes" and root.findall("a:entry", NS) == []


def test_git_dates_in_the_plugins_timezone():
    assert git_date("2024-05-01 14:00:00", "Europe/Paris").astimezone(timezone.utc) == T0
    assert git_date("2024-05-01 12:00:00") == T0
    assert git_date("2024-05-01 12:00:00", "No/Such_Zone") == T0
    assert git_date("yesterday") is None


def test_feed_link_is_one_escaped_head_tag():
    from html.parser import HTMLParser

    from mkdocs_vault_kb.core.feed import feed_link

    tag = feed_link('My "vault" <&>\n notes', '../a b/feed.xml?x="1"&y')
    assert tag.startswith('<link rel="alternate" type="application/atom+xml" ')

    seen: list[tuple[str, dict]] = []

    class P(HTMLParser):
        def handle_starttag(self, name, attrs):
            seen.append((name, dict(attrs)))

    P().feed(tag + "<meta>")
    assert seen[0] == ("link", {"rel": "alternate", "type": "application/atom+xml", "title": 'My "vault" <&> notes', "href": '../a b/feed.xml?x="1"&y'})
    assert [name for name, _ in seen] == ["link", "meta"]  # nothing escaped the attribute values


def test_ids_are_absolute_and_stable_without_a_site_url():
    from urllib.parse import urlsplit

    from mkdocs_vault_kb.core.feed import entry_id

    entries = [FeedEntry("A", "notes/A/", T0), FeedEntry("B", "notes/B%20c/", T0)]
    first = parse(atom_feed("My site", "", "", entries))
    ids = [root_id.text for root_id in first.findall("a:entry/a:id", NS)]
    assert all(urlsplit(i).scheme == "urn" and i.startswith("urn:uuid:") for i in ids) and len(set(ids)) == 2
    assert parse(atom_feed("My site", "", "", list(reversed(entries)))).find("a:entry/a:id", NS).text in ids  # same every build
    assert first.find("a:id", NS).text.startswith("urn:uuid:")  # the feed's own id too
    assert [l.get("href") for l in first.findall("a:entry/a:link", NS)] == ["notes/A/", "notes/B%20c/"]  # links stay relative
    assert entry_id("notes/A/", "Another site") not in ids  # another site's feed: other ids
    assert entry_id("https://x.org/a/", "S") == "https://x.org/a/"  # an absolute URL is its own id


def test_feedparser_reads_the_feed_without_complaint():
    import feedparser

    entries = [FeedEntry(HOSTILE, "https://x.org/a?b=1&c=<2>", T0, HOSTILE, ("t<&>",)),
               FeedEntry("Two", "https://x.org/two/", T0 + timedelta(hours=1), "second")]
    for site, feed_url in (("https://x.org/", "https://x.org/feed.xml"), ("", "")):
        got = feedparser.parse(atom_feed("Site <&>", site, feed_url, entries, subtitle="about"))
        assert not got.bozo, got.get("bozo_exception")
        assert got.version == "atom10"
        assert got.feed.title == "Site <&>" and got.feed.subtitle == "about"
        assert [e.title for e in got.entries] == ["Two", "a <script>alert(1)</script> & ]]> b"]
        assert got.entries[1].summary == "a <script>alert(1)</script> & ]]> b"  # text, not markup
        assert got.entries[0].updated == "2024-05-01T13:00:00Z"
        assert all(":" in e.id for e in got.entries) and len({e.id for e in got.entries}) == 2
        assert got.entries[1].tags[0].term == "t<&>"
