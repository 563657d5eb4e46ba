"""The order of the stages, in one place: a note's body in, MkDocs-ready Markdown out.

    mask (code, math, comments) -> embeds -> wikilinks -> Markdown links -> tags
        -> highlights -> block ids -> callouts -> unmask

Links are resolved before callouts so a link in a callout title works; every stage that writes
output hides it behind a placeholder, so no later stage can touch what an earlier one produced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .context import LinkRecord, Options, RenderContext, Source, UrlOf
from .diagnostics import Diagnostic
from .embeds import expand_embeds
from .index import Note, VaultIndex
from .links import property_links, rewrite_markdown_links, rewrite_wikilinks
from .scan import Masked, Masker, mask
from .transclude import EmbedRequest
from .syntax.blocks import block_anchors
from .syntax.callouts import callouts
from .syntax.highlight import highlight
from .syntax.tags import link_tags

_ATX = re.compile(r"^(#{1,6}[ \t]+.*?)[ \t]*$", re.M)


@dataclass(slots=True)
class Rendered:
    markdown: str
    links: list[LinkRecord]
    tags: list[str]  # inline tags, in order of appearance
    diagnostics: list[Diagnostic]
    embeds: list[EmbedRequest]  # the embeds left as tokens in ``markdown``, by token number
    html_runs: list[str]  # the inline HTML left as tokens in ``markdown`` (``tokens.fill``)
    includes: list[str]  # the notes whose text went into ``markdown`` (block embeds)


def render_note(
    index: VaultIndex,
    path: str,
    url_of: UrlOf,
    options: Options,
    body: str | None = None,
    *,
    embed_html: bool = True,
) -> Rendered:
    """Render the note at ``path`` as its own page. ``body`` overrides the indexed text when given
    (MkDocs hands the adapter the body it read, possibly changed by an earlier plugin).

    With ``embed_html``, embedded notes and sections are left as tokens for ``transclude`` to fill
    from their own pages' HTML; without it (a build that renders only some pages) they are
    rendered into this page's Markdown."""
    note = index.notes[path]
    ctx = RenderContext(index=index, page=path, url_of=url_of, options=options, embed_mode="html" if embed_html else "markdown")
    if body is not None and body != note.body:
        note = _with_body(note, body)
    property_links(ctx, note)
    text = _render(note, note.body, note.body_line, ctx, note.masked)
    return Rendered(text, ctx.links, ctx.tags, ctx.diagnostics, ctx.embeds, ctx.html_runs, ctx.includes)


def _with_body(note: Note, body: str) -> Note:
    return note.with_body(body)


def render_slice(note: Note, start: int, end: int, ctx: RenderContext) -> str:
    """Render body lines [start, end) of an embedded note; its headings get ids of their own so they
    never take the embedding page's anchors (and the adapter drops them from the page's toc)."""
    lines = note.body.split("\n")[start:end]
    if ctx.embed_mode == "walk":
        _walk("\n".join(lines), note, note.body_line + start, ctx)
        return ""
    ctx.embed_counter[0] += 1
    n = ctx.embed_counter[0]
    masked_prefix = f"vault-embed-{n}-"
    text = _render(note, "\n".join(lines), note.body_line + start, ctx)
    return _ATX.sub(lambda m: _embedded_heading(m.group(1), masked_prefix), text) if "#" in text else text


def _embedded_heading(line: str, prefix: str) -> str:
    if line.rstrip().endswith("}"):
        return line
    slug = re.sub(r"[^\w-]+", "-", line.lstrip("#").strip().lower()).strip("-") or "h"
    return f"{line} {{ #{prefix}{slug} .vault-embed-heading }}"


def _render(note: Note, text: str, first_line: int, ctx: RenderContext, masked: Masked | None = None) -> str:
    if masked is None:
        masked = mask(text)
    work = masked.text
    outer_runs = ctx.masker
    ctx.masker = Masker(list(masked.runs))  # the stages add runs: never to the index's copy
    try:
        work = _link_stages(work, Source(note, first_line), ctx)
        work = link_tags(work, ctx)
        work = highlight(work)
        work = block_anchors(work)
        work = callouts(work)
        _blank_line_before_display_math(work, ctx.masker.runs)
        return ctx.masker.unmask(work)
    finally:
        ctx.masker = outer_runs


def _link_stages(work: str, src: Source, ctx: RenderContext) -> str:
    """The stages that resolve names, and so the only ones that report problems."""
    for stage in (_embeds, rewrite_wikilinks, rewrite_markdown_links):
        src.line_starts = _line_starts(work)  # offsets in diagnostics refer to this stage's input
        work = stage(work, ctx, src)
    return work


def diagnose_note(index: VaultIndex, path: str, options: Options) -> list[Diagnostic]:
    """What rendering ``path`` would report, without rendering it (the check command).

    Only the link stages run; embeds are walked, not expanded. A block embed's own links are
    reported when its note is diagnosed, as the build reports them there too."""
    note = index.notes[path]
    ctx = RenderContext(index=index, page=path, url_of=_no_url, options=options, embed_mode="walk")
    ctx.backlink_context = False
    property_links(ctx, note)
    masked = note.masked if note.masked is not None else mask(note.body)
    ctx.masker = Masker(list(masked.runs))
    _link_stages(masked.text, Source(note, note.body_line), ctx)
    return ctx.diagnostics


def _no_url(path: str) -> str:
    return path


_ONLY_RUN = re.compile(r"\ue000\d+\ue001")
_LINE_RUN = re.compile(r"^[ \t>]*\ue000(\d+)\ue001", re.M)


def _blank_line_before_display_math(text: str, runs: list[str]) -> None:
    """Obsidian lets ``$$`` open display math right under a line of text (or in a list item);
    arithmatex needs a blank line before it. Give the run that opens the block one."""
    for m in _LINE_RUN.finditer(text):
        k = int(m.group(1))
        if not runs[k].startswith("$$") or m.start() == 0:
            continue
        prev_start = text.rfind("\n", 0, m.start() - 1) + 1
        prev = text[prev_start : m.start() - 1]
        content = prev.strip(" \t>")
        if content and not _ONLY_RUN.fullmatch(content):  # a line of math before means: closing $$
            runs[k] = "\n" + runs[k]


def _walk(text: str, note: Note, first_line: int, ctx: RenderContext) -> None:
    """Follow the embeds in ``text`` for their diagnostics only: nothing is rendered."""
    if "![[" not in text:
        return
    masked = mask(text)
    outer_runs = ctx.masker
    ctx.masker = Masker(list(masked.runs))
    try:
        src = Source(note, first_line, _line_starts(masked.text))
        expand_embeds(masked.text, ctx, src, render_slice)
    finally:
        ctx.masker = outer_runs


def _embeds(text: str, ctx: RenderContext, src: Source) -> str:
    return expand_embeds(text, ctx, src, render_slice)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts
