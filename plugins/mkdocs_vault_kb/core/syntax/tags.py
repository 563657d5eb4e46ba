"""Inline ``#tags`` -> links to the generated tag pages (OBSIDIAN.md, rule 18)."""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any

from ..links import escape_html

# A tag: '#' after start, whitespace or opening punctuation; letters, digits, '_', '-', '/'; not all digits.
TAG = re.compile(r"#(?:(?<=^#)|(?<=[\s(\[{,;]#))((?:[^\W]|[-/])+)", re.M)


def is_tag(name: str) -> bool:
    return bool(name) and not name.replace("/", "").isdigit() and not name.startswith("/") and "//" not in name


def tags_index(tags_dir: str) -> str:
    """The vault-relative source path of the generated tags page."""
    return posixpath.join(tags_dir, "index.md")


def tag_anchor(tag: str) -> str:
    """The id of a tag's section on the tags page: ``Topic/Sub`` -> ``tag-topic-sub`` (lowercased:
    Obsidian's tags ignore case)."""
    return "tag-" + re.sub(r"[^\w-]+", "-", tag.strip("/").lower())


def link_tags(text: str, ctx: Any) -> str:
    """Replace each tag by a hidden link to its section of the tags page; collect it in ``ctx.tags``."""

    def repl(m: re.Match[str]) -> str:
        name = m.group(1).rstrip("/")
        if not is_tag(name):
            return m.group(0)
        ctx.tags.append(name)
        href = ctx.page_href(tags_index(ctx.options.tags_dir), tag_anchor(name))
        link = f'<a class="vault-tag" href="{html.escape(href)}">#{escape_html(name)}</a>'
        return ctx.masker.hide(ctx.inline_html(link, text, m.start()))

    return TAG.sub(repl, text)
