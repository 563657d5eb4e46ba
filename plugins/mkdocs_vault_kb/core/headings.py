"""Headings, sections and block ids of a note, and how Obsidian matches link text to them."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Slugify = Callable[[str, str], str]

_ATX = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ATX_EMPTY = re.compile(r"^(#{1,6})[ \t]*$")
# ``^id`` at the end of a line: letters, digits and dashes, preceded by whitespace or alone.
_BLOCK_ID = re.compile(r"(?:^|[ \t])\^([A-Za-z0-9-]+)[ \t]*$")
_LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d+[.)])[ \t]+")
# Obsidian's heading normalisation (see OBSIDIAN.md, rule 10).
_PUNCT = re.compile(r"[!\"#$%&()*+,.:;<=>?@^`{|}~/\[\]\\]+")
_SPACES = re.compile(r"\s+")


def normalize_heading(text: str) -> str:
    """The form in which Obsidian compares heading text with link text."""
    return _SPACES.sub(" ", _PUNCT.sub(" ", text)).strip().casefold()


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str  # as written, markup included
    line: int  # 0-based line in the body
    anchor: str  # the id the site's toc extension gives it
    key: str  # normalize_heading(plain text)


@dataclass(frozen=True, slots=True)
class Block:
    id: str
    start: int  # 0-based first line of the block in the body
    end: int  # 0-based last line (the line holding ``^id``)
    standalone: bool  # ``^id`` alone on its line, naming the block above


# (characters one of which a match needs, pattern, replacement): a text without them skips the pattern
_INLINE_MARKUP = [
    ("[", re.compile(r"!?\[\[([^\]|#]*)(?:#([^\]|]*))?(?:\|([^\]]*))?\]\]"), lambda m: m.group(3) or _link_default(m)),
    ("[", re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), lambda m: m.group(1)),
    ("`", re.compile(r"`+([^`]*)`+"), lambda m: m.group(1)),
    ("*_=~", re.compile(r"(\*\*|__|\*|_|==|~~)(.+?)\1"), lambda m: m.group(2)),
    ("<", re.compile(r"<[^>]+>"), lambda m: ""),
]


def _link_default(m: re.Match[str]) -> str:
    target, sub = m.group(1) or "", m.group(2)
    return f"{target} > {sub}" if target and sub else (sub or target)


def plain_text(markdown_inline: str) -> str:
    """Approximate the text the toc extension sees after inline rendering."""
    text = markdown_inline
    for needs, pattern, repl in _INLINE_MARKUP:
        if any(c in text for c in needs):
            text = pattern.sub(repl, text)
    return html.unescape(text).replace("\\", "") if "&" in text or "\\" in text else text


class AnchorMaker:
    """Reproduces Python-Markdown's toc ids: ``slugify(text, sep)`` made unique with ``_1``..."""

    def __init__(self, slugify: Slugify, separator: str = "-") -> None:
        self.slugify = slugify
        self.separator = separator

    def anchors(self, texts: Sequence[str]) -> list[str]:
        used: set[str] = set()
        out = []
        for text in texts:
            slug = self.slugify(text, self.separator)
            out.append(_unique(slug, used))
        return out


_IDCOUNT = re.compile(r"^(.*)_([0-9]+)$")


def _unique(slug: str, used: set[str]) -> str:
    if slug in used or not slug:
        m = _IDCOUNT.match(slug)
        base, count = (m.group(1), int(m.group(2))) if m else (slug, 0)
        count += 1
        while f"{base}_{count}" in used:
            count += 1
        slug = f"{base}_{count}"
    used.add(slug)
    return slug


def find_headings(masked_lines: Sequence[str], anchors: AnchorMaker) -> list[Heading]:
    """ATX headings of a masked body (code and math already hidden, so ``# x`` in code is not one)."""
    found: list[tuple[int, str, int]] = []
    for i, line in enumerate(masked_lines):
        if not line.startswith("#"):
            continue
        m = _ATX.match(line)
        if m:
            found.append((len(m.group(1)), m.group(2), i))
        elif _ATX_EMPTY.match(line):
            found.append((len(line.strip()), "", i))
    plains = [plain_text(text) for _, text, _ in found]
    ids = anchors.anchors(plains)
    return [
        Heading(level, text, line, anchor, normalize_heading(plain))
        for (level, text, line), plain, anchor in zip(found, plains, ids, strict=True)
    ]


def find_blocks(masked_lines: Sequence[str]) -> dict[str, Block]:
    """Block ids by lower-cased id. The first occurrence of an id wins, as in Obsidian."""
    blocks: dict[str, Block] = {}
    for i, line in enumerate(masked_lines):
        if "^" not in line:
            continue
        m = _BLOCK_ID.search(line)
        if not m:
            continue
        block_id = m.group(1)
        standalone = line.strip() == f"^{block_id}"
        if standalone:
            end = i - 1
            while end >= 0 and not masked_lines[end].strip():
                end -= 1
            if end < 0:
                continue
            start = _block_start(masked_lines, end, whole_list=True)
        else:
            start = _block_start(masked_lines, i, whole_list=False)
            end = i
        blocks.setdefault(block_id.lower(), Block(block_id, start, end, standalone))
    return blocks


def _block_start(lines: Sequence[str], i: int, *, whole_list: bool) -> int:
    """First line of the paragraph, list item (or whole list) or quote that ends at line ``i``."""
    j = i
    while j > 0 and lines[j - 1].strip() and not lines[j - 1].lstrip().startswith("#"):
        if not whole_list and _LIST_ITEM.match(lines[j]):
            break
        j -= 1
    return j


def section_end(headings: Sequence[Heading], index: int) -> int | None:
    """The index of the heading that closes the section opened by ``headings[index]`` (the next
    one of the same or a higher level), or None when the section runs to the note's end."""
    level = headings[index].level
    for k in range(index + 1, len(headings)):
        if headings[k].level <= level:
            return k
    return None


def section_range(headings: Sequence[Heading], index: int, n_lines: int) -> tuple[int, int]:
    """Body lines [start, end) of the section that opens with ``headings[index]``."""
    end = section_end(headings, index)
    return headings[index].line, headings[end].line if end is not None else n_lines


def match_heading_chain(headings: Sequence[Heading], chain: Sequence[str]) -> int | None:
    """Index of the heading named by ``A#B#C``: each part found after, and deeper than, the one before."""
    keys = [normalize_heading(part) for part in chain]
    pos = 0
    level = 0
    found = None
    for key in keys:
        for j in range(pos, len(headings)):
            h = headings[j]
            if h.key == key and h.level > level:
                found, pos, level = j, j + 1, h.level
                break
        else:
            return None
    return found
