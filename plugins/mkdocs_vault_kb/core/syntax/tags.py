"""Inline ``#tags`` -> links to the generated tag pages (OBSIDIAN.md, rule 18)."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote

# A tag: '#' after start, whitespace or opening punctuation; letters, digits, '_', '-', '/'; not all digits.
TAG = re.compile(r"(?:(?<=^)|(?<=[\s(\[{,;]))#((?:[^\W]|[-/])+)", re.M)


def is_tag(name: str) -> bool:
    return bool(name) and not name.replace("/", "").isdigit() and not name.startswith("/") and "//" not in name


def tag_page(tags_dir: str, tag: str) -> str:
    """The vault-relative source path of a tag's generated page."""
    return posixpath.join(tags_dir, tag.strip("/").lower() + ".md")


def link_tags(text: str, hide, page: str, tags_dir: str, found: list[str]) -> str:
    """Replace each tag by a hidden Markdown link to its page; collect the tags in ``found``."""

    def repl(m: re.Match[str]) -> str:
        name = m.group(1).rstrip("/")
        if not is_tag(name):
            return m.group(0)
        found.append(name)
        rel = posixpath.relpath(tag_page(tags_dir, name), posixpath.dirname(page) or ".")
        return hide(f"[#{name}]({quote(rel)}){{ .vault-tag }}")

    return TAG.sub(repl, text)
