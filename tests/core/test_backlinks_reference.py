"""``build_backlinks`` gives exactly what the straightforward version gives: every link's context
computed, every excerpt parsed from scratch (kept here as the reference). The fast one parses each
block once per linking note and computes no context for a link its note's body holds."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_vault_kb.check import read_vault
from mkdocs_vault_kb.core import links as links_mod
from mkdocs_vault_kb.core.context import Options
from mkdocs_vault_kb.core.excerpt import (
    _ATTACHMENT,
    _INLINE,
    _normalise,
    block_of,
    link_excerpt,
    plain,
    shorten,
    text_excerpt,
)
from mkdocs_vault_kb.core.browser_pages import backlink_item_html, backlinks_html, backlinks_section_html
from mkdocs_vault_kb.core.graph import EXCERPTED_NOTES, MAX_EXCERPTS, _published_edges, build_backlinks
from mkdocs_vault_kb.core.headings import AnchorMaker
from mkdocs_vault_kb.core.index import build_index
from mkdocs_vault_kb.core.pipeline import render_note
from mkdocs_vault_kb.core.resolve import parse_markdown_href, parse_wikilink, resolve_target

ROOT = Path(__file__).resolve().parents[2]
ANCHORS = AnchorMaker(lambda s, sep: "-".join(s.lower().split()))


def _ref_inline_segments(text: str, is_target: Any) -> list:
    out: list = []
    last = 0
    for m in _INLINE.finditer(text):
        if m.start() > last:
            out.append(("text", text[last : m.start()]))
        last = m.end()
        if m.group("code"):
            out.append(("code", m.group("code_text").strip()))
        elif m.group("dmath"):
            out.append(("math", m.group("dmath_text").strip()))
        elif m.group("math"):
            out.append(("math", m.group("math_text")))
        elif m.group("wiki"):
            ref = parse_wikilink(m.group("wiki_inner"))
            if m.group("bang") and _ATTACHMENT.search(ref.target):
                continue
            shown = _ref_plain(ref.alias) if ref.alias else ref.default_text() or m.group("wiki_inner")
            out.append(("mark" if is_target(ref) else "text", shown))
        elif m.group("link"):
            dest = m.group("link_dest")
            shown = _ref_plain(m.group("link_text"))
            hit = not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//", dest) and is_target(parse_markdown_href(dest))
            out.append(("mark" if hit else "text", shown))
        elif m.group("escape"):
            out.append(("text", m.group("escaped")))
    if last < len(text):
        out.append(("text", text[last:]))
    return [(k, html.unescape(t) if k in ("text", "mark") else t) for k, t in out]


def _ref_plain(text: str) -> str:
    return "".join(t for _, t in _ref_inline_segments(text, lambda ref: False))


def _ref_link_excerpt(lines: list[str], i: int, is_target: Any) -> list:
    text, table = block_of(lines, i)
    return shorten(_normalise(_ref_inline_segments(text, is_target), table))


def _ref_text_excerpt(text: str, is_target: Any) -> list:
    return shorten(_normalise(_ref_inline_segments(text, is_target), False))


def reference_backlinks(index, links, url_of, *, aliases: bool = True) -> dict:
    by_target: dict = {}
    seen: dict = {}
    attempts: dict = {}
    ordered = sorted(_published_edges(index, links, url_of), key=lambda e: (e[0].source, e[0].kind == "property", e[0].line))
    for rec, s, t in ordered:
        entry = by_target.setdefault(t, {}).setdefault(rec.source, {"source": s, "title": index.notes[rec.source].title, "contexts": []})
        tries = attempts[(t, rec.source)] = attempts.get((t, rec.source), 0) + 1
        if len(entry["contexts"]) >= MAX_EXCERPTS or tries > 4 * MAX_EXCERPTS:
            continue

        def is_target(ref, rec=rec) -> bool:
            res = resolve_target(ref.target, rec.source, index, aliases=aliases) if ref.target else None
            return (res.path if res is not None else rec.source) == rec.target

        if rec.kind == "property":
            segments = _ref_text_excerpt(rec.context, is_target)
        else:
            note = index.notes[rec.source]
            body = note.body.split("\n")
            i = rec.line - note.body_line
            segments = _ref_link_excerpt(body, i, is_target) if 0 <= i < len(body) else _ref_text_excerpt(rec.context, is_target)
        done = seen.setdefault((t, rec.source), set())
        if segments and plain(segments) not in done:
            done.add(plain(segments))
            entry["contexts"].append(segments)
    return {
        t: [e if i < EXCERPTED_NOTES else {**e, "contexts": []} for i, e in enumerate(by_src[k] for k in sorted(by_src))]
        for t, by_src in sorted(by_target.items())
    }


def url_of(path: str) -> str:
    return path[:-3] + "/" if path.endswith(".md") else path


def _links(index, monkeypatch=None, *, every_context: bool = False) -> list:
    if every_context:  # as before: the sentence around every link
        monkeypatch.setattr(links_mod, "_on_body_line", lambda ctx, path, line: False)
    try:
        return [rec for path in sorted(index.notes) for rec in render_note(index, path, url_of, Options()).links]
    finally:
        if every_context:
            monkeypatch.undo()


def _same_backlinks(root: Path, monkeypatch) -> int:
    notes, attachments, errors = read_vault(root)
    index = build_index(notes, attachments, ANCHORS, read_errors=errors)
    fast = build_backlinks(index, _links(index), url_of)
    old_links = _links(index, monkeypatch, every_context=True)
    assert build_backlinks(index, old_links, url_of) == fast  # the contexts skipped were never read
    assert reference_backlinks(index, old_links, url_of) == fast
    # made as HTML items as they come (the build's mentions child): the same sections
    items = build_backlinks(index, _links(index), url_of, item=backlink_item_html)
    assert list(items) == list(fast)
    assert all(backlinks_section_html(items[t]) == backlinks_html(t, fast[t]) for t in fast)
    return sum(len(e["contexts"]) for entries in fast.values() for e in entries)


@pytest.mark.parametrize("name", ["basic", "broken", "canvas", "bases", "hostile", "differential", "xss"])
def test_fixture_vaults(name, monkeypatch):
    root = ROOT / "tests" / "fixtures" / name
    if not root.is_dir():
        pytest.skip(f"no fixture {name}")
    _same_backlinks(root, monkeypatch)


def test_flagship_vault(monkeypatch):
    assert _same_backlinks(ROOT / "vault", monkeypatch) > 100


def test_zipf_vault(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from synthetic_vault import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    generate(tmp_path / "v", 150, zipf=1.0)
    assert _same_backlinks(tmp_path / "v", monkeypatch) > 500


def test_a_hubs_first_linking_notes_get_excerpts_and_the_rest_their_titles():
    """A page lists every note that links to it; the first ``EXCERPTED_NOTES`` (in the order
    shown) with their excerpts, the rest by title: a hub's page stays light on a phone."""
    notes = {"Hub.md": "# Hub\n"}
    for k in range(EXCERPTED_NOTES + 12):
        notes[f"L{k:03d}.md"] = f"# L{k}\n\nThe loss of layer {k} is in [[Hub]].\n"
    index = build_index(notes, [], ANCHORS)
    entries = build_backlinks(index, _links(index), url_of)["Hub/"]
    assert [e["title"] for e in entries] == [f"L{k:03d}" for k in range(EXCERPTED_NOTES + 12)]
    assert all(len(e["contexts"]) == 1 for e in entries[:EXCERPTED_NOTES])
    assert all(e["contexts"] == [] for e in entries[EXCERPTED_NOTES:])
    cache: dict = {}
    assert build_backlinks(index, _links(index), url_of, cache=cache)["Hub/"] == entries
    assert all(len(entry["contexts"]) == 1 for made_from, by_target in cache.values() for entry in by_target.values())
    section = backlinks_html("Hub/", entries)
    assert section.count("<blockquote>") == EXCERPTED_NOTES and section.count("<li>") == EXCERPTED_NOTES + 12


PIECES = st.sampled_from(
    ["[[A]]", "[[A|a *b*]]", "[[B#H]]", "![[A]]", "![[x.png]]", "[t](A.md)", "[u](http://x)", "`c`", "$m$", "**", "_", "==",
     "&amp;", "\\[", "%%", "<b>", "{: .x}", " ^id", "> ", "- ", "| ", "# ", "\n", " ", "word", ". Next"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40), st.data())
def test_cached_excerpts_match_fresh_ones(pieces, data):
    lines = "".join(pieces).split("\n")
    cache: dict = {}
    for _ in range(6):  # several links, several targets, on lines that share blocks
        i = data.draw(st.integers(0, len(lines) - 1))
        target = data.draw(st.sampled_from(["A", "B", "A.md"]))

        def is_target(ref, target=target) -> bool:
            return ref.target == target

        assert link_excerpt(lines, i, is_target, cache=cache) == _ref_link_excerpt(lines, i, is_target)
        assert link_excerpt(lines, i, is_target) == _ref_link_excerpt(lines, i, is_target)
        assert text_excerpt(lines[i], is_target) == _ref_text_excerpt(lines[i], is_target)


def test_a_one_note_edit_redoes_that_notes_entries_only(tmp_path, monkeypatch):
    """``mkdocs serve``'s rebuilds pass a cache: after one note's text changes, only that note's
    entries are made again, and the backlinks equal an uncached build's."""
    from mkdocs_vault_kb.core import graph

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from synthetic_vault import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    paths = generate(tmp_path / "v", 120, zipf=1.0)
    notes, attachments, errors = read_vault(tmp_path / "v")
    index = build_index(notes, attachments, ANCHORS, read_errors=errors)
    cache: dict = {}
    first = build_backlinks(index, _links(index), url_of, cache=cache)
    assert first == build_backlinks(index, _links(index), url_of)

    edited = next(p for p in paths if p.endswith(".md") and "[[" in notes[p])
    notes[edited] = notes[edited].replace("[[", "Edited. [[", 1)
    index = build_index(notes, attachments, ANCHORS, read_errors=errors)
    made: list[str] = []
    real = graph._source_entries
    monkeypatch.setattr(graph, "_source_entries", lambda index, source, *a: (made.append(source), real(index, source, *a))[1])
    again = build_backlinks(index, _links(index), url_of, cache=cache)
    assert made == [edited]
    monkeypatch.undo()
    assert again == build_backlinks(index, _links(index), url_of)
    assert again != first  # the edited note's excerpts changed
