"""Stage 3: rewrite ``[[wikilinks]]`` and relative Markdown links into links MkDocs understands.

A resolved wikilink becomes a finished ``<a>`` with its final relative URL, handed to Markdown as
a token (``tokens``); a relative Markdown link to a note stays a Markdown link to the target's
*source* file (``../Other.md#anchor``), which MkDocs turns into a URL and validates. An unresolved
link becomes a visibly dead span. Every output is hidden behind a placeholder so later stages
cannot alter it.
"""

from __future__ import annotations

import html
import re

from .context import LinkKind, LinkRecord, RenderContext, Source
from .headings import match_heading_chain, plain_text
from .index import Note
from .scan import PLACEHOLDER
from .resolve import LinkRef, Resolution, leaves_vault, parse_markdown_href, parse_wikilink, resolve_target

# Each pattern starts with its literal characters and only then looks behind them: the regex
# engine then jumps from one "[[" to the next instead of trying the lookbehind at every position
# (20 times faster on the flagship vault; tests/core/test_patterns.py checks the readable forms).
WIKILINK = re.compile(r"\[\[(?<![\\!]\[\[)([^\[\]\n]+?)\]\]")
# [text](dest "title") not preceded by '!' (images are handled by the embed stage) or '\'.
MD_LINK = re.compile(
    r"\[(?<![\\!\]]\[)(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\((?P<dest><[^<>\n]+>|[^\s()<>]+(?:\([^\s()]*\)[^\s()<>]*)*)(?P<title>\s+\"[^\"\n]*\")?\)"
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Markdown punctuation gets a backslash; "[", "]", "$" and "\\" become entities, because "\\[", "\\("
# and "$" would open math for pymdownx.arithmatex.
_MD_TEXT = str.maketrans(
    {**{c: "\\" + c for c in "`*_{}+!|~=^#"}, **{c: f"&#{ord(c)};" for c in "[]$\\"}, "&": "&amp;", "<": "&lt;", ">": "&gt;"}
)


def escape_md(text: str) -> str:
    """Text that Markdown shows literally, inside a link's text or anywhere inline."""
    return text.translate(_MD_TEXT)


_UNOPENED = re.compile(r"[^\[]*?\]\]")


def sentence_around(text: str, start: int, end: int, width: int = 160) -> str:
    """The sentence (or a window of it) that contains ``text[start:end]``, for backlink context."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    left = max(line_start, start - width)
    right = min(line_end, end + width)
    for stop in (". ", "? ", "! "):
        k = text.rfind(stop, left, start)
        if k >= 0:
            left = max(left, k + 2)
    for stop in (". ", "? ", "! "):
        k = text.find(stop, end, right)
        if k >= 0:
            right = min(right, k + 1)
    # never cut another link in half: drop a link's tail at the start and its head at the end
    cut = _UNOPENED.match(text, left, start)
    if cut:
        left = cut.end()
    opened = text.rfind("[[", end, right)
    if opened >= 0 and text.find("]]", opened, right) < 0:
        right = opened
    return text[left:right].strip().lstrip(",;:) ").strip()


def target_anchor(ctx: RenderContext, src: Source, offset: int, ref: LinkRef, note: Note, raw: str) -> str | None:
    """The anchor id for a heading chain or block id in ``note``; warn when it does not exist."""
    if ref.block is not None:
        block = note.blocks.get(ref.block.lower())
        if block is None:
            ctx.warn(src, offset, f"link {raw} reaches {note.path} but no block ^{ref.block} is there")
            return None
        return "^" + block.id
    if ref.headings:
        found = match_heading_chain(note.headings, ref.headings)
        if found is None:
            ctx.warn(src, offset, f"link {raw} reaches {note.path} but no heading {'#'.join(ref.headings)} is there")
            return None
        return note.headings[found].anchor
    return None


def resolve_ref(ctx: RenderContext, src: Source, offset: int, ref: LinkRef, raw: str) -> Resolution:
    """Resolve ``ref`` from the note being read; report ambiguity at info level."""
    res = resolve_target(ref.target, src.note.path, ctx.index, aliases=ctx.options.resolve_aliases)
    if res.ambiguous:
        others = ", ".join(c for c in res.candidates if c != res.path)
        how = "alias" if res.via_alias else "name"
        ctx.warn(src, offset, f"ambiguous {how} in {raw}: chose {res.path} over {others}", "info")
    return res


def record(ctx: RenderContext, src: Source, text: str, start: int, end: int, target: str, kind: LinkKind) -> None:
    """Remember an edge of the graph, but only for the note's own text (not for embedded notes)."""
    if not ctx.embed_chain:
        line = src.line_of(start)
        context = ""
        if ctx.backlink_context and not _on_body_line(ctx, src.note.path, line):
            context = context_text(_short_runs(sentence_around(text, start, end), ctx.masker.runs))
        ctx.links.append(LinkRecord(src.note.path, target, kind, line, context))


# note path -> (its indexed body, the body's line count), for the index last rendered from (its
# id: the cache is emptied when another index comes, so it holds one vault's bodies at most)
def _on_body_line(ctx: RenderContext, path: str, line: int) -> bool:
    """Is ``line`` a line of the indexed body of ``path``? Then the backlinks read the link's
    excerpt from that line (``graph._excerpt``) and never its context: the sentence is only the
    fallback for a link the indexed body does not hold (a body another plugin changed)."""
    note = ctx.index.notes.get(path)
    if note is None:
        return False
    count = ctx.body_lines.get(path)
    if count is None:  # counted once a page (a module-wide cache kept every body alive)
        count = ctx.body_lines[path] = note.body.count("\n") + 1
    return 0 <= line - note.body_line < count


_CONTEXT_NOISE = re.compile(r"!\[[^\]]*\]\([^)]*\)(?:\{[^}]*\})?|\{[:\s][^}]*\}|^[\s>]*(?:\[![^\]]*\][+-]?)?\s*")


_INLINE_MATH = re.compile(r"(\$[^$\n]+\$)")


def context_text(markdown: str) -> str:
    """Plain text of a backlink's sentence: no images, attribute lists, quote or callout markers;
    inline math kept as ``$TeX$`` so the page can typeset it."""
    parts = _INLINE_MATH.split(_CONTEXT_NOISE.sub("", markdown))
    text = "".join(p if i % 2 else plain_text(p) for i, p in enumerate(parts))
    return " ".join(text.split())


def _short_runs(text: str, runs: list[str]) -> str:
    """Put back protected runs that fit on a line (code spans, math); drop multi-line ones."""
    return PLACEHOLDER.sub(lambda m: "" if "\n" in runs[int(m.group(1))] else runs[int(m.group(1))], text)


def escape_html(text: str) -> str:
    """HTML-escape, and turn Markdown's link and emphasis punctuation into entities as well, so
    Python-Markdown cannot read Markdown inside an attribute or a raw HTML element."""
    return text.translate(_HTML_TEXT)


_HTML_TEXT = str.maketrans(
    {**{c: f"&#{ord(c)};" for c in "[]()*_`\\|!#=~$^{}"}, "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
)


def unresolved_span(text: str, raw: str) -> str:
    return f'<span class="vault-unresolved" title="{escape_html("Unresolved link: " + raw)}">{escape_html(text)}</span>'


def rewrite_wikilinks(text: str, ctx: RenderContext, src: Source) -> str:
    def repl(m: re.Match[str]) -> str:
        raw = m.group(0)
        ref = parse_wikilink(m.group(1))
        shown = ref.alias or ref.default_text() or m.group(1)
        res = resolve_ref(ctx, src, m.start(), ref, raw)
        if res.path is None:
            ctx.warn(src, m.start(), f"unresolved link {raw}")
            return ctx.masker.hide(ctx.inline_html(unresolved_span(shown, raw), text, m.start()))
        record(ctx, src, text, m.start(), m.end(), res.path, "link")
        return ctx.masker.hide(ctx.inline_html(_link_html(ctx, src, m.start(), ref, res.path, shown, raw), text, m.start()))

    return WIKILINK.sub(repl, text)


def _link_html(ctx: RenderContext, src: Source, offset: int, ref: LinkRef, path: str, shown: str, raw: str) -> str:
    note = ctx.index.notes.get(path)
    anchor = target_anchor(ctx, src, offset, ref, note, raw) if note is not None else None
    cls = "vault-link" if note is not None else "vault-link vault-attachment"
    return html_link(ctx.page_href(path, anchor), shown, cls)


def html_link(href: str, text: str, cls: str) -> str:
    """A finished ``<a>``: the text shown literally, nothing left for Markdown to parse."""
    # the href is percent-quoted: no "[", "]", backtick or backslash that Markdown's link and
    # escape patterns (which run before raw HTML is set aside) could read
    return f'<a class="{cls}" href="{html.escape(href)}">{escape_html(text)}</a>'


def rewrite_markdown_links(text: str, ctx: RenderContext, src: Source) -> str:
    """Relative Markdown links go through the same resolver as wikilinks (OBSIDIAN.md, rule 6)."""

    def repl(m: re.Match[str]) -> str:
        dest = m.group("dest")
        raw = m.group(0)
        if leaves_vault(dest, src.note.path) and not resolves_in_vault(ctx, src, dest):
            ctx.warn(src, m.start(), f"unresolved link {raw}: it points outside the vault")
            return ctx.masker.hide(unresolved_span(m.group("text"), raw))
        if _SCHEME.match(dest) or dest.startswith(("//", "/")) and not dest.lower().split("#")[0].endswith(".md"):
            return m.group(0)
        ref = parse_markdown_href(dest)
        path_part = ref.target
        is_md = path_part.lower().endswith(".md")
        if not path_part:
            if not ref.has_fragment:
                return raw
            note = src.note
            anchor = target_anchor(ctx, src, m.start(), ref, note, raw)
            if anchor is None:
                return raw
            href = "#" + anchor if not ctx.embed_chain else ctx.md_href(note.path, anchor)
            return ctx.masker.hide(f"[{m.group('text')}]({href})")
        res = resolve_ref(ctx, src, m.start(), ref, raw)
        if res.path is None:
            if is_md:
                ctx.warn(src, m.start(), f"unresolved link {raw}")
                return ctx.masker.hide(unresolved_span(m.group("text"), raw))
            return raw  # a relative URL outside the vault's notes: leave it to MkDocs
        record(ctx, src, text, m.start(), m.end(), res.path, "link")
        note = ctx.index.notes.get(res.path)
        anchor = target_anchor(ctx, src, m.start(), ref, note, raw) if note is not None else None
        title = m.group("title") or ""
        return ctx.masker.hide(f"[{m.group('text')}]({ctx.md_href(res.path, anchor)}{title})")

    return MD_LINK.sub(repl, text)


def property_links(ctx: RenderContext, note: Note) -> None:
    """Links written in frontmatter properties (``related: "[[Note]]"``) count for the graph."""
    for key, value in note.meta.items():
        values = value if isinstance(value, list) else [value]
        line = note.meta_lines.get(str(key), 1)
        src = Source(note, line, [0])
        for v in values:
            if not isinstance(v, str) or "[[" not in v:
                continue
            for m in WIKILINK.finditer(v):
                ref = parse_wikilink(m.group(1))
                res = resolve_ref(ctx, src, 0, ref, m.group(0))
                if res.path is None:
                    ctx.warn(src, 0, f"unresolved link {m.group(0)} in property '{key}'")
                elif not ctx.embed_chain:
                    ctx.links.append(LinkRecord(note.path, res.path, "property", line, f"{key}: {v}"))


def resolves_in_vault(ctx: RenderContext, src: Source, dest: str) -> bool:
    """A vault-root path (``/folder/note.md``) that names a file of the vault."""
    if _SCHEME.match(dest.strip()):
        return False
    target = parse_markdown_href(dest).target
    return bool(target) and resolve_target(target, src.note.path, ctx.index, aliases=False).path is not None
