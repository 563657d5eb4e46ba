"""Obsidian's link resolution, one row per rule (OBSIDIAN.md, rules 1-8)."""

from __future__ import annotations

import pytest

from mkdocs_vault_kb.core.headings import AnchorMaker
from mkdocs_vault_kb.core.index import build_index
from mkdocs_vault_kb.core.resolve import LinkRef, choose, parse_markdown_href, parse_wikilink, resolve_target

NOTES = [
    "Note.md",
    "a/Note.md",
    "a/b/Deep.md",
    "c/Deep.md",
    "a/b/c/Deep.md",
    "v1.2 release.md",
    "Café.md",
    "x/img.png.md",
    "Alias Owner.md",
    "Shadow.md",
]
ATTACHMENTS = ["media/img.png", "docs/paper.pdf"]


@pytest.fixture(scope="module")
def index():
    texts = {p: "# t\n" for p in NOTES}
    texts["Alias Owner.md"] = "---\naliases: [Nick, Shadow, A/B Nick]\n---\n# Alias Owner\n"
    return build_index(texts, ATTACHMENTS, AnchorMaker(lambda s, sep: s.lower().replace(" ", sep)))


@pytest.mark.parametrize(
    ("target", "source", "expected"),
    [
        ("Note", "z/Other.md", "Note.md"),  # exact vault path beats a same-named file elsewhere
        ("note", "z/Other.md", "Note.md"),  # case-insensitive
        ("Note.md", "z/Other.md", "Note.md"),
        ("a/Note", "z/Other.md", "a/Note.md"),
        ("Deep", "a/b/Other.md", "a/b/Deep.md"),  # linking note's own folder first
        ("Deep", "a/Other.md", "a/b/Deep.md"),  # ... and below it
        ("Deep", "z/Other.md", "c/Deep.md"),  # otherwise the shortest path
        ("b/Deep", "z/Other.md", "a/b/Deep.md"),  # path suffix
        ("c/Deep", "z/Other.md", "c/Deep.md"),  # exact path wins over suffix a/b/c/Deep
        ("./Deep", "a/b/Other.md", "a/b/Deep.md"),
        ("../Note", "a/b/Other.md", "a/Note.md"),
        ("./Note", "z/Other.md", None),  # relative links must match exactly
        ("/a/Note", "z/Other.md", "a/Note.md"),
        ("/Deep", "z/Other.md", None),
        ("v1.2 release", "Note.md", "v1.2 release.md"),  # dotted name: as written, then with .md
        ("CAFÉ", "Note.md", "Café.md"),
        ("Cafe\u0301", "Note.md", "Café.md"),  # NFD spelling of the same name
        ("img.png", "Note.md", "media/img.png"),  # a file named as written beats img.png.md
        ("paper.pdf", "Note.md", "docs/paper.pdf"),
        ("paper", "Note.md", None),  # attachments need their extension
        ("Nick", "Note.md", "Alias Owner.md"),  # alias (Obsidian Publish)
        ("Shadow", "Note.md", "Shadow.md"),  # a file name beats an alias
        ("A/B Nick", "Note.md", "Alias Owner.md"),  # an alias may hold a slash
        ("Missing", "Note.md", None),
        ("", "a/Note.md", "a/Note.md"),  # [[#Heading]] points into the current note
    ],
)
def test_resolve_target(index, target, source, expected):
    assert resolve_target(target, source, index).path == expected


def test_aliases_can_be_turned_off(index):
    assert resolve_target("Nick", "Note.md", index, aliases=False).path is None


def test_ambiguity_is_reported_with_every_candidate(index):
    res = resolve_target("Deep", "z/Other.md", index)
    assert res.ambiguous and set(res.candidates) == {"a/b/Deep.md", "c/Deep.md", "a/b/c/Deep.md"}


def test_choose_does_not_depend_on_listing_order():
    paths = ["b/x/N.md", "a/N.md", "b/N.md", "c/d/e/N.md"]
    assert choose(paths, "z") == choose(list(reversed(paths)), "z") == "a/N.md"
    assert choose(paths, "b/x") == "b/x/N.md"
    assert choose(paths, "c") == "c/d/e/N.md"


@pytest.mark.parametrize(
    ("inner", "ref"),
    [
        ("Note", LinkRef("Note")),
        ("Note|text", LinkRef("Note", alias="text")),
        ("Note#H", LinkRef("Note", ("H",))),
        ("Note#H#Sub", LinkRef("Note", ("H", "Sub"))),
        ("Note#^blk", LinkRef("Note", (), "blk")),
        ("#H", LinkRef("", ("H",))),
        ("#^blk|see", LinkRef("", (), "blk", "see")),
        ("Note\\|text", LinkRef("Note", alias="text")),  # inside a table
        ("Note|a#b", LinkRef("Note", alias="a#b")),  # text after | may hold '#'
        ("Note##H", LinkRef("Note", ("H",))),  # empty parts dropped
    ],
)
def test_parse_wikilink(inner, ref):
    assert parse_wikilink(inner) == ref


@pytest.mark.parametrize(
    ("href", "ref"),
    [
        ("other%20note.md", LinkRef("other note.md")),
        ("<other note.md>", LinkRef("other note.md")),
        ("../x.md#Set%20up", LinkRef("../x.md", ("Set up",))),
        ("x.md#^id", LinkRef("x.md", (), "id")),
    ],
)
def test_parse_markdown_href(href, ref):
    assert parse_markdown_href(href) == ref


def test_default_text_follows_obsidian():
    assert parse_wikilink("Note#A#B").default_text() == "Note > A > B"
    assert parse_wikilink("#A").default_text() == "A"
    assert parse_wikilink("folder/Note").default_text() == "folder/Note"
