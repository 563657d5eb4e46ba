"""A vault with a canvas (tests/fixtures/canvas): its own page, its embed in a note, graph.json."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import build


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    # not strict: the fixture's edge to a missing node is a warning, asserted below
    return build("canvas", tmp_path_factory.mktemp("canvas"), strict=False)


def _board(page: str) -> str:
    start = page.index('<div class="vault-canvas"')
    return page[start : page.index("</article>", start)]


def test_canvas_page_draws_every_node_kind(site):
    page = site.html("Board/")
    assert "<title>Board - " in page
    board = _board(page)
    assert 'style="aspect-ratio:980 / 840"' in board
    # the group behind, with its label escaped and its preset colour (4: green)
    assert board.index("vault-canvas-group-shape") < board.index("vault-canvas-text-shape")
    assert 'class="vault-canvas-group-label"' in board and "Round one &lt;b&gt;" in board
    assert "stroke:#44cf6e" in board
    # the text node: Markdown through our pipeline (a wikilink to its final URL, math for MathJax)
    text = re.search(r'data-node="txt"[^>]*>(.*?)</div></div>', board, re.S).group(1)
    assert '<h2 id="start-here">Start here' in text
    assert '<a class="vault-link" href="../notes/Beta/">Beta</a>' in text
    assert '<span class="arithmatex">\\(E = mc^2\\)</span>' in text
    assert "<script" not in board and "alert(1)</script>" not in board
    # file nodes: a note's heading as a link, an image
    assert '<a class="vault-canvas-file-title" href="../notes/Alpha/#details">Alpha &gt; Details</a>' in board
    assert '<img class="vault-canvas-image" src="../attachments/diagram.png"' in board
    # link nodes: https as a link, anything else as text
    assert '<a class="vault-canvas-url" href="https://jsoncanvas.org/">' in board
    assert '<span class="vault-canvas-url">javascript:alert(1)</span>' in board
    assert 'href="javascript' not in board


def test_canvas_edges_have_sides_ends_colours_and_labels(site):
    board = _board(site.html("Board/"))
    edges = dict(re.findall(r'<g class="vault-canvas-edge" data-edge="(\w+)"[^>]*>(.*?)</g>', board))
    assert set(edges) == {"e1", "e2", "e3"}  # e4 names a node that is not there
    # e1: right side of txt (x 80+320, y 120+100) to left side of note, arrow at the target only
    assert 'd="M320 100 ' in edges["e1"] and edges["e1"].count("<polygon") == 1
    assert 'points="560,180 ' in edges["e1"]  # the tip on the note's left side
    assert 'data-edge="e1" style="stroke:#e9973f' in board  # preset 2: orange
    # e2: fromEnd arrow, toEnd none: one arrowhead, its tip on the note's bottom side
    assert edges["e2"].count("<polygon") == 1 and 'points="720,240 ' in edges["e2"]
    assert 'data-edge="e2" style="stroke:#aa00cc' in board
    assert '<div class="vault-canvas-label"' in board and ">then</div>" in board
    assert any("edge 'e4'" in m and "Board.canvas" in m for m in site.messages())


def test_note_embeds_the_board_with_its_own_urls(site):
    home = site.html("")
    board = _board(home)
    assert '<a class="vault-link" href="notes/Beta/">Beta</a>' in board
    assert 'src="attachments/diagram.png"' in board
    assert "data-canvas-embed" not in home
    assert "assets/vault/vault-canvas.js" in home and "assets/vault/vault-canvas.css" in home


def test_graph_has_the_canvas_and_its_file_nodes_notes(site):
    graph = json.loads((site.site / "graph.json").read_text(encoding="utf-8"))
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert nodes["Board/"]["title"] == "Board" and nodes["Board/"]["path"] == "Board.canvas"
    links = {(e["source"], e["target"]) for e in graph["links"]}
    assert ("Board/", "notes/Alpha/") in links
    assert not any(s == "Board/" and t != "notes/Alpha/" for s, t in links)  # the image is no note
