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

``llms-full.txt`` (``llms_full``), the convention's companion, holds every note's Markdown in the
site's order, each under its title and URL, with its links written as in its copy but from the
site's root. It stops at ``LLMS_FULL_LIMIT`` characters: the notes that would pass it, and every
note after them, are listed as links instead, so the file keeps the site's order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
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
    *,
    from_root: bool = False,
) -> str:
    """The Markdown of ``note`` as served at ``copy_url(url_of(note.path))``: links and embeds
    resolved (``resolve``) and written to the site's URLs (absolute under ``site_url``, else
    relative to the copy, which sits in its page's folder); an unresolved link becomes its text.
    ``from_root``: the body only (no frontmatter), its links relative to the site's root (for
    ``llms-full.txt``), a link into the note itself too."""
    page_url = None if from_root else url_of(note.path)
    ctx = RenderContext(index=index, page=note.path, url_of=url_of, options=options)  # its diagnostics are the page's
    masked = mask(note.body)
    done = Masker(masked.runs)  # links already written: the Markdown-link pass must not read them again
    src = Source(note, note.body_line, [0])

    def href(path: str, anchor: str | None) -> str | None:
        url = url_of(path)
        if url is None:
            return None
        frag = "#" + quote(anchor, safe="^-_.~") if anchor else ""
        if path == note.path and frag and not site_url and not from_root:
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
        if dest.startswith("#") and from_root:  # one file of every note: the note's page, and the anchor
            anchor = target_anchor(ctx, src, 0, parse_markdown_href(dest), note, m.group(0))
            url = href(note.path, anchor)
            return f"{m.group('bang')}[{text}]({url})" if url is not None else m.group(0)
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
    body = masked.unmask(text).lstrip("\n")
    return body if from_root else _frontmatter(note) + body


#: Characters of ``llms-full.txt`` (about a million tokens): the notes past it are listed as links.
LLMS_FULL_LIMIT = 4_000_000


@dataclass(frozen=True, slots=True)
class FullNote:
    title: str
    url: str  # the note's page
    markdown: str  # its body, ``markdown_copy(..., from_root=True)``


_H1 = re.compile(r"\A\s*#[ \t]+(.*?)[ \t#]*(?:\n|\Z)")


def llms_full(site_name: str, summary: str, notes: Iterable[FullNote], limit: int = LLMS_FULL_LIMIT) -> str:
    """``llms-full.txt``: the H1 and summary of ``llms.txt``, then each note (in the order given)
    after a rule, as ``# Title``, ``URL: url`` and its Markdown (its own first heading dropped
    when it is the title); past ``limit`` characters, the rest as a list of links. ``notes`` is
    read once, one at a time: no note past the limit is kept."""
    out = [f"# {md_text(site_name) or 'Notes'}", ""]
    if summary.strip():
        out += [f"> {md_text(summary)}", ""]
    out += ["Every note of this site, in the site's order: its title, its URL, then its Markdown.", ""]
    size = sum(len(line) + 1 for line in out)
    left: list[tuple[str, str]] = []  # (title, url) of the notes past the limit
    for n in notes:
        if left:
            left.append((n.title, n.url))
            continue
        body = n.markdown
        m = _H1.match(body)
        if m and " ".join(m.group(1).split()).casefold() == " ".join(n.title.split()).casefold():
            body = body[m.end() :]
        body = body.strip("\n")
        block = f"---\n\n# {md_text(n.title) or md_text(n.url)}\n\nURL: {md_url(n.url)}\n\n{body}\n"
        if size + len(block) > limit:
            left.append((n.title, n.url))
            continue
        out.append(block)
        size += len(block) + 1
    if left:
        out += ["---", "", "## Notes not included", "",
                f"This file stops at {limit:,} characters; these notes are on the site:", ""]
        out += [f"- [{md_text(title) or md_text(url)}]({md_url(url)})" for title, url in left]
    return "\n".join(out).rstrip("\n") + "\n"


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
        out.append(Entry(titles.get(path) or note.title, site_url_of(target, None, site_url), description(note.meta, note.unpacked().body)))  # left packed
    return out
