"""Machine-readable output: ``llms.txt`` (the llms.txt convention, https://llmstxt.org) and each
note's Markdown, served next to its page, with its links pointing at the site.

``llms.txt`` is Markdown: an H1 with the site's name, a blockquote summary, then one H2 section per
top-level folder of the navigation (the top-level notes first, under "Pages"), each note a line
``- [Title](url): description``. Everything from the vault in it is text: titles and descriptions
are written on one line, with Markdown's and HTML's special characters backslash-escaped, and
URLs are percent-quoted, so nothing a note's name holds can open a link, a tag or a new line.

A note's copy (``markdown_copy``) is its own text with the frontmatter reduced to title, aliases and
tags, ``%%comments%%`` removed (as on the page), and every wikilink, embed and relative Markdown
link resolved as the page resolves it and written as a Markdown link to the site's URL (an embed
becomes a link; an image embed an image). Code, math and HTML comments are left as written, so an
executed ``run-python`` fence stays a code block. The copy is text, never HTML that runs: it is
written as ``.md``, which hosts serve as ``text/markdown``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from .context import Options, RenderContext, Source, relative_url
from .index import Note, VaultIndex
from .links import WIKILINK, resolve_ref, target_anchor
from .embeds import EMBED
from .resolve import leaves_vault, parse_markdown_href, parse_wikilink
from .scan import Masker, mask

#: Characters that Markdown or HTML would read as syntax in a line of text, backslash-escaped
#: (CommonMark lets any ASCII punctuation be escaped, and shows it literally).
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>&!|#"})
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".avif")
# [text](dest "title") and ![alt](dest "title"), not after a backslash
_MD_LINK = re.compile(
    r"(?<!\\)(?P<bang>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\((?P<dest><[^<>\n]+>|[^\s()<>]+(?:\([^\s()]*\)[^\s()<>]*)*)(?P<title>\s+\"[^\"\n]*\")?\)"
)


@dataclass(frozen=True, slots=True)
class Entry:
    title: str
    url: str
    description: str = ""


def md_text(text: str) -> str:
    """``text`` (a title, a description, a folder name) as one line of Markdown that shows it
    literally: whitespace (newlines included) collapsed, special characters escaped."""
    return " ".join(str(text).split()).translate(_MD_SPECIAL)


def md_url(url: str) -> str:
    """A URL that stays one Markdown link destination: whitespace, brackets, parentheses and
    angle brackets percent-quoted (MkDocs' URLs are quoted already; this is the last guard)."""
    return quote(url, safe="/:#?&=%~+-._!$'*,;@^")


def site_url_of(url: str, page_url: str | None, site_url: str | None) -> str:
    """A page's URL (relative to the site root, as MkDocs writes it) for a reader at ``page_url``
    (None: the site root): absolute under ``site_url`` when set, else relative."""
    if url in ("./", "."):
        url = ""
    if site_url:
        return site_url.rstrip("/") + "/" + url
    if page_url is None:
        return url or "./"
    return relative_url(page_url, url or "./")


def llms_txt(site_name: str, summary: str, sections: Sequence[tuple[str, Sequence[Entry]]], details: str = "") -> str:
    """The ``llms.txt`` file: H1, blockquote, optional details, then the sections in order
    (sections without entries are left out)."""
    out = [f"# {md_text(site_name) or 'Notes'}", ""]
    if summary.strip():
        out += [f"> {md_text(summary)}", ""]
    if details.strip():
        out += [md_text(details), ""]
    for title, entries in sections:
        if not entries:
            continue
        out += [f"## {md_text(title) or 'Pages'}", ""]
        for e in entries:
            line = f"- [{md_text(e.title) or md_text(e.url)}]({md_url(e.url)})"
            desc = md_text(e.description)
            out.append(f"{line}: {desc}" if desc else line)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def copy_url(page_url: str) -> str:
    """Where a page's Markdown copy is served, relative to the site root: ``Note/`` ->
    ``Note/index.md``, ``Note.html`` -> ``Note.md``, the root ``./`` or ``""`` -> ``index.md``."""
    if page_url in ("", "./", "."):
        return "index.md"
    if page_url.endswith("/"):
        return page_url + "index.md"
    if page_url.endswith(".html"):
        return page_url[: -len(".html")] + ".md"
    return page_url + ".md"


def _frontmatter(note: Note) -> str:
    lines = [f"title: {json.dumps(note.title, ensure_ascii=False)}"]
    if note.aliases:
        lines.append(f"aliases: {json.dumps([str(a) for a in note.aliases], ensure_ascii=False)}")
    if note.tags:
        lines.append(f"tags: {json.dumps([str(t) for t in note.tags], ensure_ascii=False)}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def markdown_copy(
    note: Note,
    index: VaultIndex,
    url_of: Callable[[str], str | None],
    options: Options,
    site_url: str | None = None,
) -> str:
    """The Markdown of ``note`` as served at ``copy_url(url_of(note.path))``: links and embeds
    resolved (``resolve``) and written to the site's URLs (absolute under ``site_url``, else
    relative to the copy, which sits in its page's folder); an unresolved link becomes its text."""
    page_url = url_of(note.path)
    ctx = RenderContext(index=index, page=note.path, url_of=url_of, options=options)  # its diagnostics are the page's
    masked = mask(note.body)
    done = Masker(masked.runs)  # links already written: the Markdown-link pass must not read them again
    src = Source(note, note.body_line, [0])

    def href(path: str, anchor: str | None) -> str | None:
        url = url_of(path)
        if url is None:
            return None
        frag = "#" + quote(anchor, safe="^-_.~") if anchor else ""
        if path == note.path and frag and not site_url:
            return frag
        return md_url(site_url_of(url, page_url, site_url)) + frag

    def wiki(m: re.Match[str], embed: bool) -> str:
        ref = parse_wikilink(m.group(1))
        shown = ref.alias or ref.default_text() or m.group(1)
        if embed and ref.alias and re.fullmatch(r"\d+(x\d+)?", ref.alias):  # ![[img.png|200]]: a size
            shown = ref.default_text() or ref.target
        res = resolve_ref(ctx, src, 0, ref, m.group(0))
        target = res.path
        if target is None:
            return md_text(shown)
        note_t = index.notes.get(target)
        anchor = target_anchor(ctx, src, 0, ref, note_t, m.group(0)) if note_t is not None else None
        url = href(target, anchor)
        if url is None:
            return md_text(shown)
        if embed and note_t is None and target.lower().endswith(_IMAGE_SUFFIXES):
            return f"![{md_text(shown)}]({url})"
        return f"[{md_text(shown)}]({url})"

    def md_link(m: re.Match[str]) -> str:
        dest = m.group("dest").strip("<>")
        text = m.group("text")
        if _SCHEME.match(dest):
            scheme = dest.split(":", 1)[0].lower()
            return m.group(0) if scheme in ("http", "https", "mailto") else text
        if dest.startswith("#") or dest.startswith("//"):
            return m.group(0)
        ref = parse_markdown_href(dest)
        if not ref.target or leaves_vault(dest, note.path) and not dest.startswith("/"):
            return m.group(0) if not ref.target else text
        res = resolve_ref(ctx, src, 0, ref, m.group(0))
        if res.path is None:
            return text
        note_t = index.notes.get(res.path)
        anchor = target_anchor(ctx, src, 0, ref, note_t, m.group(0)) if note_t is not None else None
        url = href(res.path, anchor)
        if url is None:
            return text
        return f"{m.group('bang')}[{text}]({url}{m.group('title') or ''})"

    text = EMBED.sub(lambda m: done.hide(wiki(m, True)), masked.text)
    text = WIKILINK.sub(lambda m: done.hide(wiki(m, False)), text)
    text = _MD_LINK.sub(md_link, text)
    return _frontmatter(note) + masked.unmask(text).lstrip("\n")


def note_entries(
    paths: Sequence[str],
    index: VaultIndex,
    url_of: Callable[[str], str | None],
    titles: dict[str, str],
    *,
    site_url: str | None,
    copies: bool,
) -> list[Entry]:
    """The ``llms.txt`` lines of the notes ``paths`` (in that order; other pages are skipped):
    each note's title as the site shows it (``titles``, else the note's own), its URL (its
    Markdown copy when ``copies``, else its page) and its description (``describe``)."""
    from .describe import description

    out: list[Entry] = []
    for path in paths:
        note, url = index.notes.get(path), url_of(path)
        if note is None or url is None:
            continue
        target = copy_url(url) if copies else url
        out.append(Entry(titles.get(path) or note.title, site_url_of(target, None, site_url), description(note.meta, note.body)))
    return out
