"""A vault with a canvas (tests/fixtures/canvas): its own page, its embed in a note, graph.json."""

from __future__ import annotations

import json
import logging
import re

import pytest

from .conftest import build


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    # not strict: the fixture's edge to a missing node is a warning, asserted below
    return build("canvas", tmp_path_factory.mktemp("canvas"), strict=False)


def _board(page: str) -> str:
    start = page.index('<div class="vault-canvas')
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
    assert {t for s, t in links if s == "Board/"} == {"notes/Alpha/", "notes/Beta/"}  # the image and the PDF are no notes


def _node(board: str, nid: str) -> str:
    """The HTML of node ``nid``: from its box to the next node's (or label's) box."""
    start = board.index(f'data-node="{nid}"')
    ends = [board.find(m, start + 1) for m in ('<div class="vault-canvas-node', '<div class="vault-canvas-label')]
    return board[start : min([e for e in ends if e > 0] or [len(board)])]


def test_file_nodes_show_their_notes_section_or_block(site):
    board = _board(site.html("Board/"))
    # a section: the heading and its text, cut from Alpha's page, headings without ids, URLs rebased
    section = _node(board, "note")
    assert 'class="vault-canvas-node vault-canvas-file vault-canvas-file-note" data-node="note"' in board
    assert '<h2>Details<a class="headerlink" href="../notes/Alpha/#details"' in section
    assert 'Some details about Alpha, with a link to <a class="vault-link" href="../notes/Beta/">Beta</a>' in section
    assert "A closing part" not in section and "first note" not in section  # only the section
    # the whole note, its headings without ids so they never take the page's
    whole = _node(board, "whole")
    assert "<h1" not in whole and "<h2>Reading list" in whole  # the title is the card's, once
    assert "Item 30 of the reading list" in whole
    assert 'id="beta"' not in board and 'id="details"' not in board
    # a block: its paragraph only, without the ^id
    block = _node(board, "blk")
    assert "<p>A closing part of Alpha.</p>" in block and "^closing" not in block.split("</a>", 1)[1]
    assert "Some details" not in block
    # no placeholder is left empty
    assert board.count('<section class="vault-canvas-note-body') == 3
    assert not re.search(r'data-search-exclude=""></section>', board)


def test_missing_file_and_pdf_nodes(site):
    board = _board(site.html("Board/"))
    lost = _node(board, "lost")
    assert "notes/Lost.md" in lost and "File not found in the vault" in lost
    assert "Board.canvas:1: canvas: file node 'lost': notes/Lost.md is not in the vault" in " ".join(site.messages())
    pdf = _node(board, "pdf")
    assert '<a class="vault-canvas-file-title vault-canvas-pdf" href="../attachments/guide.pdf#page=2">guide.pdf</a>' in pdf
    assert "<iframe" not in board and "<object" not in board and "<embed" not in board
    assert (site.site / "attachments" / "guide.pdf").is_file()


def test_markdown_links_in_text_nodes_resolve_like_a_notes(site):
    for url, up in (("Board/", "../"), ("", "")):
        text = _node(_board(site.html(url)), "txt")
        assert f'<a href="{up}notes/Alpha/#details">the details</a>' in text
        assert f'<a href="{up}notes/Note%20with%20spaces/">spaces</a>' in text
        assert f'<a href="{up}notes/Note%20with%20spaces/#part-two">part two</a>' in text
        assert f'<img alt="a diagram" src="{up}attachments/diagram.png">' in text
        assert 'href="notes/Alpha.md' not in text and ".md#" not in text
        assert f'<a href="{up}notes/Alpha/">from the canvas\'s folder</a>' in text  # ./ is the canvas's folder
    # embedded in a note of another folder, the text node still resolves from the canvas's folder
    deep = _node(_board(site.html("notes/deep/Embedder/")), "txt")
    assert '<a href="../../Alpha/">from the canvas\'s folder</a>' in deep
    assert '<a href="../../Alpha/#details">the details</a>' in deep and '<a class="vault-link" href="../../Beta/">Beta</a>' in deep
    assert '<img alt="a diagram" src="../../../attachments/diagram.png">' in deep
    messages = site.messages()
    assert any("Board.canvas:1: canvas text node: unresolved link [nowhere](Nowhere.md)" in m for m in messages)
    assert any("Board.canvas:1: canvas text node: unresolved link gone/page" in m for m in messages)


def test_embedded_board_fills_its_cards_for_the_note(site):
    home = site.html("")
    board = _board(home)
    assert board.startswith('<div class="vault-canvas vault-canvas-embedded"')
    assert 'class="vault-canvas vault-canvas-embedded"' not in site.html("Board/")
    section = _node(board, "note")
    assert '<a class="vault-link" href="notes/Beta/">Beta</a>' in section and 'href="notes/Alpha/#details"' in section
    assert "Item 30 of the reading list" in _node(board, "whole")


def test_five_thousand_cards_of_one_big_note_stay_bounded(tmp_path):
    """A board of 5,000 file nodes of one 240 kB note: each card holds at most MAX_CARD_HTML
    characters of it, a page's cards MAX_PAGE_CARD_HTML together; the others show titles."""
    import time

    from mkdocs_vault_kb.core.canvas import MAX_CARD_HTML, MAX_PAGE_CARD_HTML

    docs = tmp_path / "vault"
    docs.mkdir()
    parts = ["# Big", ""]
    for k in range(1500):
        if k % 50 == 0:
            parts += [f"## Part {k // 50}", ""]
        parts += [f"Paragraph {k} of a big note, with [[Small]] and some **bold** text to render. " * 2, ""]
    (docs / "Big.md").write_text("\n".join(parts), encoding="utf-8")
    (docs / "Small.md").write_text("# Small\n\nA small note.\n", encoding="utf-8")
    (docs / "Home.md").write_text("# Home\n\n[[Board.canvas]]\n", encoding="utf-8")
    nodes = [
        {"id": f"n{i}", "type": "file", "file": "Big.md", "x": (i % 100) * 420, "y": (i // 100) * 320,
         "width": 400, "height": 300, **({"subpath": f"#Part {i % 30}"} if i % 3 == 0 else {})}
        for i in range(5000)
    ]
    (docs / "Board.canvas").write_text(json.dumps({"nodes": nodes, "edges": []}), encoding="utf-8")
    start = time.perf_counter()
    built = build("big-board", tmp_path, docs=docs)
    seconds = time.perf_counter() - start
    page = built.html("Board/")
    cards = re.findall(r'<section class="vault-canvas-note-body"[^>]*>(.*?)</section></div>', page, re.S)
    assert len(cards) == 5000
    filled = [c for c in cards if c]
    assert 100 < len(filled) < 5000 and all(len(c) <= MAX_CARD_HTML + 300 for c in filled)
    assert sum(map(len, filled)) <= MAX_PAGE_CARD_HTML * 1.05
    assert len(page) < 5_000_000 and seconds < 60, (len(page), seconds)
    assert any("Board.md: " in m and "canvas file nodes show only their titles" in m for m in built.messages(logging.INFO))


def test_search_leaves_the_cards_out(tmp_path):
    """Material's search indexes the board's own text, not the notes its cards show (they are
    found on their own pages) and no section for a card's heading; display math in a card (an
    excluded <div> inside the excluded card) does not end the card's exclusion."""
    built = build("canvas", tmp_path, strict=False, extra="  - search")
    docs = json.loads((built.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    board = [d for d in docs if d["location"].startswith("Board/")]
    text = " ".join(d["title"] + " " + d["text"] for d in board)
    assert "Start here" in text  # the text node is the canvas's own
    assert "reading list" not in text and "Some details about Alpha" not in text
    assert all("#" not in d["location"] or d["location"] == "Board/#start-here" for d in board), [d["location"] for d in board]
    assert any(d["location"].startswith("notes/Beta/") and "Item 30 of the reading list" in d["text"] for d in docs)
