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
