"""Differential test against mkdocs-roamlinks-plugin, the plugin ours replaces.

The ``differential`` fixture names each link by its display text (L01...). Our build must send every
link where Obsidian does (EXPECTED). Wherever roamlinks gets a link right, both agree; every link
roamlinks gets wrong is listed in ROAMLINKS_WRONG with the reason, and the test checks it really is
wrong, so the list cannot go stale.
"""

from __future__ import annotations

import re

import pytest

from .conftest import build

# Where Obsidian sends each link from Links.md (None: Obsidian leaves it unresolved).
EXPECTED = {
    "L01": "../notes/Target/",
    "L02": "../notes/Target/",
    "L03": "../notes/Target/#section-one",
    "L04": "../sub/Deep/",
    "L05": "../sub/Deep/",  # two Deep.md: the shorter path wins
    "L06": "../notes/Target/#set-up-phase-1",
    "L07": "../notes/Target/#set-up-phase-1",
    "L08": "../notes/Target/#step",
    "L09": "../notes/Target/#^blk",
    "L10": "../v1.2%20release/",
    "L11": "../Caf%C3%A9/",
    "L12": "../notes/Target/",
    "L13": "../sub/Deep/",
    "L14": None,
    "L15": "../notes/Target/",
    "L16": "../sub/Deep/#deep-heading",
}

ROAMLINKS_WRONG = {
    "L08": "a heading chain Part#Step is slugged as one heading ('#partstep'); Obsidian finds Step under Part",
    "L09": "a block reference ^blk becomes '#blk'; there is no such anchor",
    "L12": "frontmatter aliases are ignored; Obsidian Publish resolves [[Alias]]",
    "L13": "a vault-root path /sub/Deep is joined as an absolute file-system path",
    "L14": "'my_note' matches my-note.md because '-', '_' and ' ' are ignored; Obsidian compares names exactly",
}
# roamlinks walks the docs folder and keeps the last match: its answer for a name held by two
# files depends on the file system's listing order, so it is neither counted right nor wrong.
ROAMLINKS_ORDER_DEPENDENT = {"L05"}


def links(html: str) -> dict[str, str | None]:
    body = html[html.index("<article") : html.index("</article>")]
    found: dict[str, str | None] = {m.group(2): m.group(1) for m in re.finditer(r'<a [^>]*href="([^"]*)"[^>]*>(L\d\d)</a>', body)}
    for m in re.finditer(r'<span class="vault-unresolved"[^>]*>(L\d\d)</span>', body):
        found[m.group(1)] = None
    return found


@pytest.fixture(scope="module")
def ours(tmp_path_factory):
    plugin = "  - vault:\n      execute:\n        enabled: false"
    return build("differential", tmp_path_factory.mktemp("ours"), strict=False, plugin_yaml=plugin)


@pytest.fixture(scope="module")
def roam(tmp_path_factory):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # roamlinks uses mkdocs.utils.warning_filter, deprecated in 1.6
        return build("differential", tmp_path_factory.mktemp("roam"), strict=False, plugin_yaml="  - roamlinks")


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_ours_matches_obsidian(ours, key):
    assert links(ours.html("Links/")).get(key, "missing") == EXPECTED[key]


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_roamlinks_agrees_wherever_it_is_right(ours, roam, key):
    theirs = links(roam.html("Links/")).get(key)
    mine = links(ours.html("Links/")).get(key)
    if key in ROAMLINKS_ORDER_DEPENDENT:
        assert mine == EXPECTED[key]
    elif key in ROAMLINKS_WRONG:
        assert theirs != EXPECTED[key], f"roamlinks now gets {key} right: drop it from ROAMLINKS_WRONG"
    else:
        assert theirs == mine == EXPECTED[key]


def test_code_is_left_alone_by_ours_only(ours, roam):
    assert "<code>[[Target|L99]]</code>" in ours.html("Links/")
    assert "<code>[[Target|L99]]</code>" not in roam.html("Links/")  # roamlinks rewrites inside code
