"""The excerpt shown for a link in "Linked mentions": what Obsidian's backlinks pane shows.

The excerpt is the Markdown block that holds the link (the paragraph, list item, table row,
heading or callout title), reduced to plain text: no list or quote markers, no emphasis, links
shown by their text. A block longer than ``limit`` characters gives way to the sentence that
holds the link, and a sentence longer than that to a window around the link, cut between words
with an ellipsis. The result is a list of segments, so the page can escape the text, highlight
the link (``mark``) and typeset the math (``math``) without parsing anything again.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from typing import Literal

from .resolve import LinkRef, parse_markdown_href, parse_wikilink

Kind = Literal["text", "mark", "math", "code"]
Segment = tuple[Kind, str]
#: Does this link (as written) point at the note whose mentions are being listed?
IsTarget = Callable[[LinkRef], bool]

LIMIT = 280  # characters of plain text shown before the block is cut down to a sentence or window
ELLIPSIS = "\u2026"

_FENCE = re.compile(r"^\s*(```|~~~|\$\$)")
_HEADING = re.compile(r"^#{1,6}(?:[ \t]+|$)")
_LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[.\])?(?:[ \t]+|$)")
_QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?")
_CALLOUT = re.compile(r"^\[!([^\]\s]+)\][+-]?[ \t]*")
_TABLE_ROW = re.compile(r"^\s*\|")
_HRULE = re.compile(r"^\s*(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")

# One pass over a block's text: the first alternative that matches at a position wins.
_INLINE = re.compile(
    r"(?P<code>(?P<ticks>`+)(?P<code_text>.+?)(?P=ticks))"
    r"|(?P<dmath>\$\$(?P<dmath_text>.+?)\$\$)"
    r"|(?P<math>(?<![\\$])\$(?P<math_text>[^\s$](?:[^$]*?[^\s$\\])?)\$(?!\d))"
    r"|(?P<comment>%%.*?(?:%%|$))"
    r"|(?P<wiki>(?P<bang>!?)\[\[(?P<wiki_inner>[^\[\]]+?)\]\])"
    r"|(?P<image>!\[[^\[\]]*\]\([^()\s]*(?:\s+\"[^\"]*\")?\))"
    r"|(?P<link>\[(?P<link_text>[^\[\]]*)\]\((?P<link_dest><[^<>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\))"
    r"|(?P<footnote>\[\^[^\]\s]+\])"
    r"|(?P<tag_html></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<attrs>\{[:#.][^{}]*\})"
    r"|(?P<block_id>(?<=\s)\^[A-Za-z0-9-]+\s*$)"
    r"|(?P<escape>\\(?P<escaped>[!-/:-@\[-`{-~]))"
    r"|(?P<strong>\*\*|__|==|~~)"
    r"|(?P<em>(?<![\w*])[*_](?=[^\s*_])|(?<=[^\s*_])[*_](?![\w*]))"
)
_ATTACHMENT = re.compile(r"\.(?:png|jpe?g|gif|bmp|svg|webp|avif|pdf|mp3|wav|m4a|ogg|flac|mp4|webm|ogv|mov|mkv)$", re.I)
_SPACES = re.compile(r"\s+")
_TABLE_SEP = re.compile(r"\s*(?<!\\)\|\s*")
# a sentence ends at . ? ! (closing quotes or brackets after it allowed) followed by a space and
# something that can start a sentence; "e.g. x" and "i.e. x" are not ends
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<!\bcf)(?<!\betc)[.?!][\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9$\\])")


SPAN = 12  # lines read on either side of a link: a 50,000-line paragraph costs no more than a short one


def block_of(lines: Sequence[str], i: int) -> tuple[str, bool]:
    """The text of the block that holds line ``i`` (markers removed, lines joined by spaces), and
    whether it is a table row; at most ``SPAN`` lines either side of ``i``."""
    if _QUOTE.match(lines[i]):  # a quote (or callout) is read without its markers
        lo = i
        while lo > max(0, i - SPAN) and _QUOTE.match(lines[lo - 1]):
            lo -= 1
        hi = i
        while hi + 1 < min(len(lines), i + SPAN) and _QUOTE.match(lines[hi + 1]):
            hi += 1
        region, k = [_unquote(line) for line in lines[lo : hi + 1]], i - lo
    else:
        region, k = lines, i
    line = region[k]
    stripped = line.strip()
    callout = _CALLOUT.match(stripped)
    if callout:
        return stripped[callout.end() :] or callout.group(1).capitalize(), False
    if _TABLE_ROW.match(line):
        return stripped, True
    if _HEADING.match(stripped):
        return _HEADING.sub("", stripped).rstrip("#").strip(), False
    start = end = k
    if _LIST_MARKER.match(line) or _in_list_item(region, k):
        while not _LIST_MARKER.match(region[start]) and start > max(0, k - SPAN):
            start -= 1
    else:
        while start > max(0, k - SPAN) and _continues(region[start - 1]) and not _LIST_MARKER.match(region[start - 1]):
            start -= 1
    while end + 1 < min(len(region), k + SPAN) and _continues(region[end + 1]) and not _LIST_MARKER.match(region[end + 1]):
        end += 1
    first = _LIST_MARKER.sub("", region[start], count=1)
    return " ".join([first.strip(), *(s.strip() for s in region[start + 1 : end + 1])]).strip(), False


def _unquote(line: str) -> str:
    while True:
        m = _QUOTE.match(line)
        if not m:
            return line
        line = line[m.end() :]


def _continues(line: str) -> bool:
    """Can this line belong to the paragraph or list item next to it?"""
    s = line.strip()
    return bool(s) and not _QUOTE.match(line) and not _HEADING.match(s) and not _FENCE.match(line) and not _TABLE_ROW.match(line) and not _HRULE.match(s) and not _CALLOUT.match(s)


def _in_list_item(region: Sequence[str], k: int) -> bool:
    """Is line ``k`` an indented continuation of a list item above it?"""
    if not region[k][:1].isspace():
        return False
    j = k
    while j > max(0, k - SPAN) and _continues(region[j - 1]):
        j -= 1
        if _LIST_MARKER.match(region[j]):
            return True
    return False


def inline_segments(text: str, is_target: IsTarget) -> list[Segment]:
    """Plain-text segments of one block of inline Markdown; links to the target are ``mark``."""
    return _marked(_inline_parts(text), is_target)


#: A segment, with the reference of a link to a note (``None`` for anything else): the same
#: parts serve every target the block links to, only the marks differ.
Part = tuple[Kind, str, "LinkRef | None"]


def _marked(parts: list[Part], is_target: IsTarget) -> list[Segment]:
    return [("mark" if ref is not None and is_target(ref) else kind, t) for kind, t, ref in parts]


def _inline_parts(text: str) -> list[Part]:
    out: list[Part] = []
    last = 0
    for m in _INLINE.finditer(text):
        if m.start() > last:
            out.append(("text", text[last : m.start()], None))
        last = m.end()
        group = m.lastgroup
        if m.group("code"):
            out.append(("code", m.group("code_text").strip(), None))
        elif m.group("dmath"):
            out.append(("math", m.group("dmath_text").strip(), None))
        elif m.group("math"):
            out.append(("math", m.group("math_text"), None))
        elif m.group("wiki"):
            ref = parse_wikilink(m.group("wiki_inner"))
            if m.group("bang") and _ATTACHMENT.search(ref.target):
                continue
            shown = _plain(ref.alias) if ref.alias else ref.default_text() or m.group("wiki_inner")
            out.append(("text", shown, ref))
        elif m.group("link"):
            dest = m.group("link_dest")
            shown = _plain(m.group("link_text"))
            external = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//", dest)
            out.append(("text", shown, None if external else parse_markdown_href(dest)))
        elif m.group("escape"):
            out.append(("text", m.group("escaped"), None))
        elif group is None:  # pragma: no cover - every alternative is named
            out.append(("text", m.group(0), None))
        # images, comments, footnote references, HTML tags, attribute lists, block ids and
        # emphasis markers leave nothing
    if last < len(text):
        out.append(("text", text[last:], None))
    return [(k, html.unescape(t) if k == "text" else t, ref) for k, t, ref in out]


def _plain(text: str) -> str:
    """A link's shown text, without the emphasis or code markers it may hold."""
    return "".join(t for _, t in inline_segments(text, lambda ref: False))


def _normalise(segments: list[Segment], table: bool) -> list[Segment]:
    """One space between words, none at either end; table cells separated by a middle dot."""
    merged: list[Segment] = []
    for kind, text in segments:
        if merged and merged[-1][0] == kind and kind in ("text", "mark"):
            merged[-1] = (kind, merged[-1][1] + text)
        elif text:
            merged.append((kind, text))
    out: list[Segment] = []
    for kind, text in merged:
        if kind == "text" and table:
            text = _TABLE_SEP.sub(" \u00b7 ", text)
        text = _SPACES.sub(" ", text)
        if text:
            out.append((kind, text))
    # collapse spaces across segment boundaries and trim the ends
    cleaned: list[Segment] = []
    prev_space = True
    for kind, text in out:
        if prev_space:
            text = text.lstrip(" ")
        if not text:
            continue
        cleaned.append((kind, text))
        prev_space = text.endswith(" ")
    while cleaned and cleaned[-1][1].endswith(" "):
        kind, text = cleaned.pop()
        text = text.rstrip(" ")
        if text:
            cleaned.append((kind, text))
            break
    if table:
        cleaned = _trim_table_dots(cleaned)
    return cleaned


def _trim_table_dots(segments: list[Segment]) -> list[Segment]:
    dot = "\u00b7"
    if segments and segments[0][0] == "text" and segments[0][1].startswith(dot):
        segments[0] = ("text", segments[0][1][1:].lstrip())
    if segments and segments[-1][0] == "text" and segments[-1][1].endswith(dot):
        segments[-1] = ("text", segments[-1][1][:-1].rstrip())
    return [s for s in segments if s[1]]


def plain(segments: Sequence[Segment]) -> str:
    """The excerpt as one string (math and code as written)."""
    return "".join(t for _, t in segments)


def _cut(segments: list[Segment], start: int, end: int) -> list[Segment]:
    """The segments covering plain-text offsets [start, end); only text segments are split."""
    out: list[Segment] = []
    pos = 0
    for kind, text in segments:
        a, b = pos, pos + len(text)
        pos = b
        if b <= start or a >= end:
            continue
        if kind == "text":
            out.append((kind, text[max(start, a) - a : min(end, b) - a]))
        else:
            out.append((kind, text))
    return out


def _sentence_bounds(segments: Sequence[Segment]) -> list[int]:
    """Offsets where a sentence starts (0 included): after an end mark that lies in plain text
    (a full stop inside math, code or a link's text ends nothing)."""
    full = plain(segments)
    in_text, pos = [], 0
    for kind, text in segments:
        if kind == "text":
            in_text.append((pos, pos + len(text)))
        pos += len(text)
    starts = [0]
    for m in _SENTENCE_END.finditer(full):
        if any(a <= m.start() < b for a, b in in_text):
            k = m.end()
            while k < len(full) and full[k] == " ":
                k += 1
            starts.append(k)
    return starts


def shorten(segments: list[Segment], limit: int = LIMIT) -> list[Segment]:
    """The block if it fits; else the sentence holding the first mark; else a window of that
    sentence around the mark, cut between words, with an ellipsis where text was left out."""
    full = plain(segments)
    if len(full) <= limit:
        return segments
    spans, marks, pos = [], [], 0
    for kind, text in segments:
        if kind != "text":
            spans.append((pos, pos + len(text)))
        if kind == "mark":
            marks.append((pos, pos + len(text)))
        pos += len(text)
    m0, m1 = marks[0] if marks else (0, 0)
    starts = _sentence_bounds(segments)
    lo = max((s for s in starts if s <= m0), default=0)
    hi = min((s for s in starts if s > m0), default=len(full))
    while hi > lo and full[hi - 1] == " ":
        hi -= 1
    if hi - lo <= limit:
        return _normalise(_cut(segments, lo, hi), False)

    def whole(k: int) -> bool:  # not strictly inside math, code or the mark
        return not any(a < k < b for a, b in spans)

    lefts = [p for p in range(lo, m0 + 1) if (p == lo or full[p - 1] == " ") and whole(p)]
    rights = [q for q in range(m1, hi + 1) if (q == hi or full[q] == " ") and whole(q)]
    room = max(limit - (m1 - m0), 0)
    left = next((p for p in lefts if p >= m0 - room // 2), lefts[-1])
    right = max((q for q in rights if q <= left + limit), default=rights[0])
    if right == hi:  # the sentence ends early: spend what is left of the room before the mark
        left = next((p for p in lefts if p >= right - limit), left)
    cut = _normalise(_cut(segments, left, right), False)
    if left > lo:
        cut = _prepend(cut)
    if right < hi:
        cut = _append(cut)
    return cut


def _prepend(segments: list[Segment]) -> list[Segment]:
    if segments and segments[0][0] == "text":
        return [("text", ELLIPSIS + " " + segments[0][1].lstrip()), *segments[1:]]
    return [("text", ELLIPSIS + " "), *segments]


def _append(segments: list[Segment]) -> list[Segment]:
    if segments and segments[-1][0] == "text":
        return [*segments[:-1], ("text", segments[-1][1].rstrip() + " " + ELLIPSIS)]
    return [*segments, ("text", " " + ELLIPSIS)]


def link_excerpt(
    lines: Sequence[str], i: int, is_target: IsTarget, limit: int = LIMIT, cache: dict[int, BlockParts] | None = None
) -> list[Segment]:
    """The excerpt for a link on line ``i`` of a note's body (``lines``). ``cache`` (one per
    ``lines``) keeps each line's block, parsed once for every link on it and every target it
    links to, and the excerpts already made from it."""
    if cache is None:
        text, table = block_of(lines, i)
        return shorten(_normalise(inline_segments(text, is_target), table), limit)
    block = cache.get(i)
    if block is None:
        text, table = block_of(lines, i)
        parts = _inline_parts(text)
        block = cache[i] = (parts, table, [(j, ref) for j, (_, _, ref) in enumerate(parts) if ref is not None], {})
    parts, table, refs, made = block
    marks = tuple([j for j, ref in refs if is_target(ref)])
    key = (marks, limit)
    excerpt = made.get(key)
    if excerpt is None:
        segments: list[Segment] = [(kind, t) for kind, t, _ in parts]
        for j in marks:
            segments[j] = ("mark", segments[j][1])
        excerpt = made[key] = shorten(_normalise(segments, table), limit)
    return list(excerpt)


#: A line's block as ``link_excerpt`` caches it: its parts, whether it is a table row, where its
#: links are, and the excerpts made from it (by which parts are marks).
BlockParts = tuple[list[Part], bool, list[tuple[int, LinkRef]], dict[tuple[tuple[int, ...], int], list[Segment]]]


def text_excerpt(text: str, is_target: IsTarget, limit: int = LIMIT) -> list[Segment]:
    """The excerpt of a one-line text (a frontmatter property such as ``related: [[Note]]``)."""
    return shorten(_normalise(inline_segments(text, is_target), False), limit)
