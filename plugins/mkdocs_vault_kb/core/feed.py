"""An Atom feed (RFC 4287) of the notes, the most recently changed first.

Dates come from the adapter: the last commit of each note as the git-revision-date-localized
plugin found it, else the file's modification time. Every string from the vault (titles,
descriptions, tags, URLs) is XML text or an attribute value written by ``xml.etree``, which
escapes it; characters XML 1.0 cannot hold (control characters, lone surrogates) are dropped
first. Summaries are ``type="text"``: a feed reader shows them as text, never as markup.

Ids (RFC 4287, 4.2.6) must be absolute IRIs that never change: a page's absolute URL when
``site_url`` is set; without it, the links are relative (to the feed) and the ids are
``urn:uuid:`` names (RFC 4122 version 5, SHA-1) of the site's name and the page's URL, the same
in every build of the same site (``entry_id``).
"""

from __future__ import annotations

import html
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

ATOM = "http://www.w3.org/2005/Atom"
# Not allowed in XML 1.0 documents: C0 controls but tab, LF, CR; surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    title: str
    url: str  # absolute, or relative to the feed's own URL
    updated: datetime  # timezone-aware
    summary: str = ""
    tags: Sequence[str] = field(default_factory=tuple)


_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def entry_id(url: str, site_name: str) -> str:
    """An entry's (or the feed's) id: ``url`` when it is absolute, else a ``urn:uuid:`` named by
    the site's name and ``url`` (a relative URL is no id: it is not absolute, nor unique among
    the feeds a reader follows)."""
    if _ABSOLUTE.match(url):
        return url
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'mkdocs-vault-kb:{site_name}:{url}')}"


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot carry removed, whitespace runs kept."""
    return _NOT_XML.sub("", str(text))


def _line(text: str) -> str:
    """``text`` on one line: characters XML cannot carry dropped, whitespace runs (newlines too) one space."""
    return " ".join(xml_text(text).split())


def git_date(value: str, tz: str = "UTC") -> datetime | None:
    """The ``..._raw_iso_datetime`` string of git-revision-date-localized (``2024-05-01 12:30:00``,
    in the plugin's ``timezone``) as an aware datetime, or None when it does not parse."""
    try:
        zone = ZoneInfo(tz or "UTC")
    except (ValueError, KeyError, OSError):  # an unknown or malformed zone name
        zone = ZoneInfo("UTC")
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
    except (ValueError, AttributeError):
        return None


def _stamp(when: datetime) -> str:
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(
    title: str,
    site_url: str,
    feed_url: str,
    entries: Sequence[FeedEntry],
    *,
    subtitle: str = "",
    limit: int = 50,
) -> str:
    """The feed as an XML document: the ``limit`` most recently updated entries, newest first
    (ties by title), each with its id (``entry_id``), title, link, updated date, summary and tags."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    chosen = sorted(entries, key=lambda e: (-e.updated.timestamp(), e.title, e.url))[: max(limit, 0)]

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attrs.items()})
        if text is not None:
            el.text = xml_text(text)
        return el

    sub(root, "title", _line(title) or "Notes", type="text")
    if subtitle.strip():
        sub(root, "subtitle", _line(subtitle), type="text")
    sub(root, "id", entry_id(feed_url or site_url or "feed.xml", title))
    sub(root, "link", href=site_url or "./")
    sub(root, "link", rel="self", href=feed_url or "feed.xml", type="application/atom+xml")
    newest = chosen[0].updated if chosen else datetime.fromtimestamp(0, timezone.utc)
    sub(root, "updated", _stamp(newest))
    sub(sub(root, "author"), "name", _line(title) or "Notes")
    sub(root, "generator", "mkdocs-vault-kb")
    for e in chosen:
        entry = sub(root, "entry")
        sub(entry, "title", _line(e.title) or e.url, type="text")
        sub(entry, "id", entry_id(e.url, title))
        sub(entry, "link", href=e.url, rel="alternate", type="text/html")
        sub(entry, "updated", _stamp(e.updated))
        if e.summary.strip():
            sub(entry, "summary", _line(e.summary), type="text")
        for tag in e.tags:
            sub(entry, "category", term=str(tag))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


#: Where the adapter writes the feed, relative to the site root.
FEED_URI = "feed.xml"


def feed_link(site_name: str, href: str) -> str:
    """The ``<head>`` tag by which browsers and feed readers discover the feed (RSS/Atom
    auto-discovery): ``href`` is the feed's URL relative to the page, ``site_name`` its title.
    Both are attribute values, escaped (quotes too); a line break in the name becomes a space."""
    title = html.escape(_line(site_name), quote=True)
    return f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{html.escape(href, quote=True)}">'
