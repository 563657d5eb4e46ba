"""Stage 2b: expand ``![[embeds]]`` (notes, sections, blocks, images, PDF, audio, video, files).

An embedded note is rendered by the same pipeline, resolving its links as its own note does
(Obsidian's rule) but writing URLs for the embedding page. A chain that loops back, or grows
deeper than ``max_embed_depth``, stops with a warning naming the chain.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable

from .bases import embed_marker as base_embed_marker
from .context import RenderContext, Source
from .headings import match_heading_chain, section_end, section_range
from .index import Note
from .links import escape_md, html_link, record, resolve_ref, resolves_in_vault, unresolved_span
from .resolve import leaves_vault, parse_markdown_href, parse_wikilink
from .tokens import embed_token
from .transclude import EmbedRequest

# Literal first, lookbehind after it (see links.WIKILINK).
EMBED = re.compile(r"!\[\[(?<!\\!\[\[)([^\[\]\n]+?)\]\]")
MD_IMAGE = re.compile(r"!\[(?<!\\!\[)(?P<alt>[^\[\]\n]*)\]\((?P<dest><[^<>\n]+>|[^\s()<>]+)(?P<title>\s+\"[^\"\n]*\")?\)")
_SIZE = re.compile(r"^(\d+)(?:x(\d+))?$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

IMAGE = {"png", "jpg", "jpeg", "gif", "bmp", "svg", "webp", "avif", "ico", "tif", "tiff"}
AUDIO = {"mp3", "wav", "m4a", "ogg", "3gp", "flac", "aac"}
VIDEO = {"mp4", "webm", "ogv", "mov", "mkv"}

#: Renders lines [start, end) of a note's body for the page in ``ctx``; returns Markdown. In
#: ``walk`` mode it only follows the embeds in those lines, for their diagnostics.
RenderSlice = Callable[[Note, int, int, RenderContext], str]


def expand_embeds(text: str, ctx: RenderContext, src: Source, render: RenderSlice) -> str:
    def repl(m: re.Match[str]) -> str:
        raw = m.group(0)
        ref = parse_wikilink(m.group(1))
        res = resolve_ref(ctx, src, m.start(), ref, raw)
        if res.path is None:
            ctx.warn(src, m.start(), f"unresolved embed {raw}")
            return ctx.masker.hide(unresolved_span(ref.alias or ref.default_text(), raw))
        record(ctx, src, text, m.start(), m.end(), res.path, "embed")
        note = ctx.index.notes.get(res.path)
        if note is None and res.path.lower().endswith(".base"):  # the adapter renders the view (core.bases)
            view = "#".join(ref.headings) or None
            return ctx.masker.hide(f"\n\n{base_embed_marker(res.path, view)}\n\n")
        if note is None:
            return ctx.masker.hide(attachment_html(ctx, res.path, ref.alias, ref.headings))
        return ctx.masker.hide(_embed_note(ctx, src, m.start(), note, ref.headings, ref.block, raw, render))

    text = EMBED.sub(repl, text)
    return MD_IMAGE.sub(lambda m: _markdown_image(m, text, ctx, src), text)


def _markdown_image(m: re.Match[str], text: str, ctx: RenderContext, src: Source) -> str:
    """``![alt](name.png)`` resolves like a wikilink embed when it names a vault file."""
    dest = m.group("dest")
    if leaves_vault(dest, src.note.path) and not resolves_in_vault(ctx, src, dest):
        ctx.warn(src, m.start(), f"unresolved embed {m.group(0)}: it points outside the vault")
        return ctx.masker.hide(unresolved_span(m.group("alt") or dest, m.group(0)))
    if _SCHEME.match(dest) or dest.startswith(("/", "#")):
        return m.group(0)
    ref = parse_markdown_href(dest)
    res = resolve_ref(ctx, src, m.start(), ref, m.group(0))
    if res.path is None or res.path in ctx.index.notes:
        return m.group(0)
    record(ctx, src, text, m.start(), m.end(), res.path, "embed")
    return ctx.masker.hide(f"![{m.group('alt')}]({ctx.md_href(res.path)}{m.group('title') or ''})")


def _embed_note(
    ctx: RenderContext,
    src: Source,
    offset: int,
    note: Note,
    headings: tuple[str, ...],
    block: str | None,
    raw: str,
    render: RenderSlice,
) -> str:
    chain = ctx.embed_chain or (src.note.path,)
    here = note.path + "".join("#" + h for h in headings) + (f"#^{block}" if block else "")
    if here in chain or (note.path in chain and not headings and block is None):
        loop = " -> ".join((*chain, here))
        ctx.warn(src, offset, f"embed cycle stopped: {loop}", chain=(*chain, here), kind="cycle")
        return f'<div class="vault-embed vault-embed-error">{html.escape("Embed cycle: " + loop)}</div>'
    if len(chain) > ctx.options.max_embed_depth:
        ctx.warn(
            src, offset, f"embeds nested deeper than {ctx.options.max_embed_depth}: {' -> '.join((*chain, here))}",
            chain=(*chain, here), kind="depth",
        )
        return f'<div class="vault-embed vault-embed-error">{html.escape("Embed too deep: " + raw)}</div>'
    n_lines = note.body.count("\n") + 1
    start, end, anchor, end_anchor = 0, n_lines, None, None
    if block is not None:
        b = note.blocks.get(block.lower())
        if b is None:
            ctx.warn(src, offset, f"embed {raw} reaches {note.path} but no block ^{block} is there")
        else:
            start, end, anchor = b.start, b.end + 1, "^" + b.id
    elif headings:
        k = match_heading_chain(note.headings, headings)
        if k is None:
            ctx.warn(src, offset, f"embed {raw} reaches {note.path} but no heading {'#'.join(headings)} is there")
        else:
            start, end = section_range(note.headings, k, n_lines)
            anchor = note.headings[k].anchor
            closing = section_end(note.headings, k)
            end_anchor = note.headings[closing].anchor if closing is not None else None
    inner_ctx = RenderContext(
        index=ctx.index,
        page=ctx.page,
        url_of=ctx.url_of,
        options=ctx.options,
        diagnostics=ctx.diagnostics,
        links=[],
        tags=[],
        embed_chain=(*chain, here),
        embed_counter=ctx.embed_counter,
        embed_mode=ctx.embed_mode,
        embeds=ctx.embeds,
        html_runs=ctx.html_runs,
        includes=ctx.includes,
    )
    def source_link() -> str:  # not needed by a walk, which only follows the embeds
        title = note.title + (" > " + " > ".join(headings) if headings else "")
        return html_link(ctx.page_href(note.path, anchor), title, "vault-embed-link")

    if ctx.embed_mode == "walk" or (ctx.embed_mode == "html" and block is None):
        inner_ctx.embed_mode = "walk"
        inner_ctx.embeds, inner_ctx.html_runs = [], []
        render(note, start, end, inner_ctx)  # the nested embeds' diagnostics (cycles, depth, unresolved)
        if ctx.embed_mode == "walk":
            return ""
        ctx.embeds.append(
            EmbedRequest(note.path, here, anchor, end_anchor, f"<p>{source_link()}</p>", src.line_of(offset), src.note.path)
        )
        return embed_token(len(ctx.embeds) - 1)
    ctx.includes.append(note.path)
    body = render(note, start, end, inner_ctx)
    if block is not None and anchor is not None:
        body = re.sub(r"[ \t]*\^" + re.escape(block) + r"[ \t]*$", "", body, count=1, flags=re.M | re.I)
    return (
        f'\n\n<div class="vault-embed" markdown="block" data-embed="{html.escape(note.path)}">\n\n'
        f"{source_link()}\n\n"
        f"{body}\n\n</div>\n\n"
    )


def attachment_html(ctx: RenderContext, path: str, alias: str | None, fragment: tuple[str, ...]) -> str:
    """An attachment embed as the right element: image, audio, video, PDF viewer or a plain link."""
    name = posixpath.basename(path)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext in IMAGE:
        attrs = ""
        alt = name
        if alias:
            size = _SIZE.match(alias.strip())
            if size:
                attrs = f' width="{size.group(1)}"' + (f' height="{size.group(2)}"' if size.group(2) else "")
            else:
                alt = alias
        attr_list = f"{{ {attrs.strip()} }}" if attrs else ""
        return f"![{escape_md(alt)}]({ctx.md_href(path)}){attr_list}"
    if ext == "canvas":  # the adapter draws the board here, for this page (core.canvas)
        return f'<div class="vault-canvas-embed" data-canvas-embed="{html.escape(path)}"></div>'
    url = ctx.url_href(path)
    if url is None:
        return unresolved_span(name, f"![[{path}]]")
    src = html.escape(url)
    if ext in AUDIO:
        return f'<audio class="vault-audio" controls src="{src}"></audio>'
    if ext in VIDEO:
        return f'<video class="vault-video" controls src="{src}"></video>'
    if ext == "pdf":
        page = next((f[5:] for f in fragment if f.startswith("page=")), None)
        frag = f"#page={html.escape(page)}" if page and page.isdigit() else ""
        height = html.escape(alias) if alias and alias.isdigit() else "600"
        return (
            f'<iframe class="vault-pdf" src="{src}{frag}" title="{html.escape(name)}" '
            f'style="width:100%;height:{height}px" loading="lazy"></iframe>'
        )
    return f"[{escape_md(alias or name)}]({ctx.md_href(path)}){{ .vault-attachment }}"
