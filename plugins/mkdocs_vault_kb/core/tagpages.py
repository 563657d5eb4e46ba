"""Generated Markdown for the tags index and one page per tag (listing every tagged note)."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from urllib.parse import quote

from .index import VaultIndex, fold
from .links import escape_md
from .syntax.tags import tag_page


def collect_tags(index: VaultIndex, inline: Mapping[str, list[str]]) -> dict[str, tuple[str, list[str]]]:
    """fold(tag) -> (display form, sorted note paths). A nested tag also tags its parents' pages."""
    out: dict[str, tuple[str, set[str]]] = {}
    for path, note in index.notes.items():
        for tag in [*note.tags, *inline.get(path, [])]:
            parts = tag.strip("/").split("/")
            for depth in range(1, len(parts) + 1):
                name = "/".join(parts[:depth])
                display, paths = out.setdefault(fold(name), (name, set()))
                paths.add(path)
    return {k: (d, sorted(p, key=lambda x: index.notes[x].title.lower())) for k, (d, p) in sorted(out.items())}


def _rel(from_page: str, to_path: str) -> str:
    return quote(posixpath.relpath(to_path, posixpath.dirname(from_page) or "."))


def tag_page_markdown(tags_dir: str, name: str, paths: list[str], index: VaultIndex) -> str:
    page = tag_page(tags_dir, name)
    lines = [f"# #{escape_md(name)}", "", f"{len(paths)} note{'s' if len(paths) != 1 else ''} tagged #{escape_md(name)}.", ""]
    lines += [f"- [{escape_md(index.notes[p].title)}]({_rel(page, p)})" for p in paths]
    lines += ["", f"[All tags]({_rel(page, posixpath.join(tags_dir, 'index.md'))})", ""]
    return "\n".join(lines)


def tags_index_markdown(tags_dir: str, tags: Mapping[str, tuple[str, list[str]]]) -> str:
    page = posixpath.join(tags_dir, "index.md")
    lines = ["# Tags", ""]
    if not tags:
        lines.append("No note has a tag yet.")
    for _, (name, paths) in tags.items():
        lines.append(f"- [#{escape_md(name)}]({_rel(page, tag_page(tags_dir, name))}) ({len(paths)})")
    return "\n".join(lines) + "\n"
