"""core/canvas.py: JSON Canvas 1.0 parsing (untrusted input, never raising) and the static board."""

from __future__ import annotations

import html
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_vault_kb.core.canvas import (
    MAX_BYTES,
    MAX_CARD_HTML,
    NoteCard,
    cap_html,
    file_problems,
    note_card,
    PRESETS,
    Edge,
    Node,
    default_sides,
    edge_shape,
    linked_notes,
    parse_canvas,
    render_board,
)
from mkdocs_vault_kb.core.headings import AnchorMaker
from mkdocs_vault_kb.core.index import build_index
from mkdocs_vault_kb.core.sanitize import sanitize_html

INDEX = build_index(
    {"notes/Alpha.md": "# Alpha\n\n## Details\n\ntext ^blk\n\n### Deeper\n\nmore\n\n## After\n", "Beta.md": "# Beta\n"},
    ["img/pic.png", "Board.canvas", "docs/guide.pdf"],
    AnchorMaker(lambda s, sep: "-".join(s.lower().split())),
)


def parse(doc: object) -> tuple:
    c = parse_canvas("Board.canvas", json.dumps(doc).encode())
    return c, [d.message for d in c.diagnostics]


def node(nid: str = "a", kind: str = "text", x: float = 0, y: float = 0, w: float = 100, h: float = 50, **kw) -> dict:
    return {"id": nid, "type": kind, "x": x, "y": y, "width": w, "height": h, **kw}


def test_parses_every_node_and_edge_kind():
    c, msgs = parse(
        {
            "nodes": [
                node("t", text="hello", color="1"),
                node("f", "file", 200, file="notes/Alpha.md", subpath="#Details"),
                node("l", "link", 400, url="https://x.org/", color="#A0B0C0"),
                node("g", "group", -50, -50, 600, 300, label="G", background="img/pic.png", backgroundStyle="ratio"),
            ],
            "edges": [
                {"id": "e", "fromNode": "t", "fromSide": "right", "fromEnd": "arrow", "toNode": "f", "toSide": "top",
                 "toEnd": "none", "color": "5", "label": "go"},
            ],
        }
    )
    assert msgs == []
    assert [n.type for n in c.nodes] == ["text", "file", "link", "group"]
    assert c.nodes[0].color == PRESETS["1"] and c.nodes[2].color == "#a0b0c0"
    assert c.nodes[1].subpath == "#Details" and c.nodes[3].background_style == "ratio"
    e = c.edges[0]
    assert (e.from_side, e.to_side, e.from_end, e.to_end, e.color, e.label) == ("right", "top", "arrow", "none", PRESETS["5"], "go")


def test_edge_ends_default_to_an_arrow_at_the_target():
    c, _ = parse({"nodes": [node("a"), node("b", x=300)], "edges": [{"id": "e", "fromNode": "a", "toNode": "b"}]})
    assert (c.edges[0].from_end, c.edges[0].to_end, c.edges[0].from_side) == ("none", "arrow", None)


def test_hostile_documents_give_diagnostics_naming_the_file():
    cases = [
        b"not json",
        b"[1, 2]",
        b'{"nodes": 5, "edges": "x"}',
        b"[" * 100_000,
        b'{"nodes": [' + b"9" * 5000 + b"]}",  # an integer literal Python refuses to convert
        b"\xff\xfe garbage",
    ]
    for data in cases:
        c = parse_canvas("Board.canvas", data)
        assert c.nodes == [] and c.diagnostics, data[:20]
        assert all(d.path == "Board.canvas" for d in c.diagnostics)
    big = parse_canvas("Board.canvas", b" " * (MAX_BYTES + 1))
    assert "larger" in big.diagnostics[0].message


def test_wrong_types_missing_ids_and_huge_numbers_leave_the_node_out():
    c, msgs = parse(
        {
            "nodes": [
                node("ok"),
                node("", text="no id"),
                {"type": "text", "x": 0, "y": 0, "width": 1, "height": 1},
                node("big", x=1e300),
                node("neg", w=-5),
                node("bool", x=True),
                node("str", y="12"),
                node("kind", "video"),
                node("nofile", "file"),
                node("ok", x=5),  # duplicate id
                node("col", color="red"),
                node("txt", text=12),
                "not an object",
            ],
            "edges": [
                {"id": "e1", "fromNode": "ok", "toNode": "missing"},
                {"id": "e2", "fromNode": "ok"},
                {"fromNode": "ok", "toNode": "col"},
                {"id": "e3", "fromNode": "ok", "toNode": "col", "fromSide": "middle", "toEnd": 7},
                {"id": "e3", "fromNode": "ok", "toNode": "col"},
            ],
        }
    )
    assert [n.id for n in c.nodes] == ["ok", "col", "txt"]
    assert c.nodes[1].color is None and c.nodes[2].text == ""
    assert [e.id for e in c.edges] == ["e3"] and c.edges[0].from_side is None and c.edges[0].to_end == "arrow"
    joined = "\n".join(msgs)
    for needle in ("no string id", "unknown type", "must be numbers", "duplicate id", "colour", "not on the canvas",
                   "fromNode and toNode", "fromSide", "not an object"):
        assert needle in joined, needle


def test_default_sides_face_each_other():
    a = Node("a", "text", 0, 0, 100, 100)
    assert default_sides(a, Node("b", "text", 300, 10, 100, 100)) == ("right", "left")
    assert default_sides(a, Node("b", "text", -300, 10, 100, 100)) == ("left", "right")
    assert default_sides(a, Node("b", "text", 10, 300, 100, 100)) == ("bottom", "top")
    assert default_sides(a, Node("b", "text", 10, -300, 100, 100)) == ("top", "bottom")


def test_edge_path_starts_and_ends_at_the_named_sides_with_arrowheads():
    a, b = Node("a", "text", 0, 0, 100, 100), Node("b", "text", 300, 0, 100, 100)
    plain = edge_shape(Edge("e", "a", "b", from_side="bottom", to_side="top", to_end="none"), a, b)
    assert plain.d.startswith("M50 100 ") and plain.d.endswith(" 350 0") and plain.arrows == []
    both = edge_shape(Edge("e", "a", "b", from_side="right", to_side="left", from_end="arrow", to_end="arrow"), a, b)
    assert len(both.arrows) == 2
    assert both.arrows[0].startswith("100,50 ") and both.arrows[1].startswith("300,50 ")  # tips on the sides


def test_linked_notes_are_the_file_nodes_notes():
    c, _ = parse({"nodes": [node("a", "file", file="notes/Alpha.md"), node("b", "file", file="Beta"),
                            node("c", "file", file="img/pic.png"), node("d", "file", file="Nope.md"),
                            node("e", "file", file="notes/Alpha.md")]})
    assert linked_notes(c, INDEX) == ["notes/Alpha.md", "Beta.md"]


def _board(doc: object, text_html=lambda t: f"<p>{html.escape(t)}</p>") -> str:
    c = parse_canvas("Board.canvas", json.dumps(doc).encode())
    return render_board(c, INDEX, text_html, lambda path, anchor: "../" + path + ("#" + anchor if anchor else ""))


def test_board_draws_nodes_edges_and_labels_in_place():
    out = _board(
        {
            "nodes": [
                node("g", "group", -40, -40, 500, 300, label="<Group>", color="4"),
                node("t", text="**hi**", color="1"),
                node("f", "file", 300, 0, 100, 50, file="notes/Alpha.md", subpath="#Details"),
                node("i", "file", 300, 100, 100, 50, file="img/pic.png"),
                node("l", "link", 0, 100, url="https://x.org/?a=1&b=<2>"),
                node("j", "link", 0, 200, url="javascript:alert(1)"),
            ],
            "edges": [{"id": "e", "fromNode": "t", "toNode": "f", "label": "then <b>", "color": "#ff0000"}],
        }
    )
    assert 'style="aspect-ratio:580 / 380"' in out  # the content's box plus 40 of padding each side
    assert '<rect class="vault-canvas-shape vault-canvas-group-shape vault-canvas-colored" x="40" y="40" width="500" height="300"' in out
    assert out.index("vault-canvas-group-shape") < out.index("vault-canvas-text-shape")  # groups behind
    assert f"stroke:{PRESETS['4']}" in out and "stroke:#ff0000" in out
    assert 'data-node="t" style="left:13.7931%;top:21.0526%;width:17.2414%;height:13.1579%' in out
    assert "<p>**hi**</p>" in out  # the caller's rendering of the text node
    assert '<a class="vault-canvas-file-title" href="../notes/Alpha.md#details">Alpha &gt; Details</a>' in out
    assert '<img class="vault-canvas-image" src="../img/pic.png"' in out
    assert 'href="https://x.org/?a=1&amp;b=&lt;2&gt;"' in out
    assert "javascript:alert(1)</span>" in out and 'href="javascript' not in out
    assert "&lt;Group&gt;" in out and "then &lt;b&gt;" in out
    assert re.search(r'<polygon class="vault-canvas-arrow" points="[^"]+">', out)
    clean = sanitize_html(out)
    for kept in ("<svg", "<rect", "<path", "<polygon", "vault-canvas-label", "left:13.7931%", "aspect-ratio"):
        assert kept in clean, kept


def test_unresolved_file_node_is_shown_as_unresolved():
    out = _board({"nodes": [node("f", "file", file="Missing.md")]})
    assert 'class="vault-unresolved"' in out and "Missing.md" in out
    assert "File not found in the vault" in out and "vault-canvas-file-missing" in out


def test_file_problems_name_the_canvas_and_the_node():
    c, _ = parse({"nodes": [node("a", "file", file="notes/Alpha.md", subpath="#Nope"), node("b", "file", file="Gone.md"),
                            node("c", "file", file="notes/Alpha.md", subpath="#^zzz"), node("d", "file", file="Beta"),
                            node("e", "file", file="notes/Alpha.md", subpath="#Details#Deeper")]})
    assert [(d.path, d.message) for d in file_problems(c, INDEX)] == [
        ("Board.canvas", "canvas: file node 'a': no heading Nope in notes/Alpha.md"),
        ("Board.canvas", "canvas: file node 'b': Gone.md is not in the vault"),
        ("Board.canvas", "canvas: file node 'c': no block ^zzz in notes/Alpha.md"),
    ]


def test_note_card_names_the_whole_note_a_section_or_a_block():
    alpha = INDEX.notes["notes/Alpha.md"]
    whole = note_card(Node("n", "file", 0, 0, 1, 1, file="notes/Alpha.md"), alpha)
    assert (whole.key, whole.anchor, whole.end_anchor, whole.lines, whole.found) == ("notes/Alpha.md", None, None, None, True)
    sec = note_card(Node("n", "file", 0, 0, 1, 1, file="notes/Alpha.md", subpath="#Details"), alpha)
    assert (sec.anchor, sec.end_anchor, sec.label, sec.lines) == ("details", "after", "Details", None)  # ### Deeper is inside
    deep = note_card(Node("n", "file", 0, 0, 1, 1, file="notes/Alpha.md", subpath="#Details#Deeper"), alpha)
    assert (deep.anchor, deep.end_anchor, deep.label) == ("deeper", "after", "Details > Deeper")
    blk = note_card(Node("n", "file", 0, 0, 1, 1, file="notes/Alpha.md", subpath="#^BLK"), alpha)
    assert blk.anchor == "^blk" and blk.lines is not None and blk.key == "notes/Alpha.md#^blk"
    lines = alpha.body.split("\n")[blk.lines[0] : blk.lines[1]]
    assert lines == ["text ^blk"]
    missing = note_card(Node("n", "file", 0, 0, 1, 1, file="notes/Alpha.md", subpath="#Nope"), alpha)
    assert not missing.found and missing.anchor is None and missing.key == "notes/Alpha.md"  # the whole note


def test_note_nodes_show_what_the_caller_gives_under_their_title():
    cards: list[NoteCard] = []

    def note_html(card: NoteCard) -> str:
        cards.append(card)
        return f'<div class="vault-canvas-note-body">{card.key}</div>'

    c = parse_canvas("Board.canvas", json.dumps({"nodes": [
        node("f", "file", file="notes/Alpha.md", subpath="#Details"), node("i", "file", 0, 100, file="img/pic.png"),
        node("p", "file", 0, 200, file="docs/guide.pdf", subpath="#page=3"), node("q", "file", 0, 300, file="docs/guide.pdf", subpath="#page=x\"><b"),
    ]}).encode())
    out = render_board(c, INDEX, str, lambda path, anchor: "../" + path + ("#" + anchor if anchor else ""), note_html=note_html)
    assert [card.node for card in cards] == ["f"]
    assert ('vault-canvas-file-note" data-node="f"' in out
            and '<a class="vault-canvas-file-title" href="../notes/Alpha.md#details">Alpha &gt; Details</a>'
                '<div class="vault-canvas-note-body">notes/Alpha.md#Details</div>' in out)
    # a PDF is a link to the file (its #page kept when it is a number), never a viewer
    assert '<a class="vault-canvas-file-title vault-canvas-pdf" href="../docs/guide.pdf#page=3">guide.pdf</a>' in out
    assert 'href="../docs/guide.pdf">guide.pdf</a>' in out and "<b" not in out.split('data-node="q"')[1].split("</div>")[0]
    assert "<iframe" not in out and "<object" not in out
    assert 'class="vault-canvas"' in out and "vault-canvas-embedded" not in out
    assert 'class="vault-canvas vault-canvas-embedded"' in render_board(c, INDEX, str, lambda p, a: p, embedded=True)


def test_cap_html_cuts_between_top_level_blocks():
    blocks = "".join(f"<p>paragraph {k} <em>x</em></p>\n" for k in range(200))
    assert cap_html(blocks, len(blocks)) == (blocks, False)
    cut, was_cut = cap_html(blocks, 1000)
    assert was_cut and 900 < len(cut) <= 1000 and cut.rstrip().endswith("</p>") and blocks.startswith(cut)
    assert sanitize_html(cut) == cut  # well-formed: the sanitiser changes nothing
    nested = "<h2 id='a'>A</h2><ul>" + "<li><p>item</p></li>" * 100 + "</ul><p>after</p>"
    cut, was_cut = cap_html(nested, 200)
    assert was_cut and cut == "<h2 id='a'>A</h2>"  # never inside the list
    one = "<pre><code>" + "&lt;b&gt; " * 5000 + "</code></pre>"  # a first block longer than the limit: its text
    cut, was_cut = cap_html(one, 300)
    assert was_cut and cut.startswith("<p>&lt;b&gt; ") and cut.endswith("…</p>") and len(cut) <= 300
    assert cap_html("<p>x</p>" * 10_000)[0].count("<p>") == MAX_CARD_HTML // len("<p>x</p>")


def test_empty_canvas_says_so():
    assert "This canvas is empty." in _board({})


JSONS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
    | st.sampled_from(["text", "file", "link", "group", "a", "b", "1", "#fff", "top", "arrow"]),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(
        st.sampled_from(["id", "type", "x", "y", "width", "height", "color", "text", "file", "url", "label",
                         "fromNode", "toNode", "fromSide", "toSide", "fromEnd", "toEnd", "nodes", "edges", "subpath",
                         "background", "backgroundStyle"]) | st.text(max_size=4),
        inner, max_size=8,
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(JSONS)
def test_any_json_parses_and_renders_without_raising(doc):
    data = json.dumps(doc, allow_nan=True).encode()
    c = parse_canvas("Board.canvas", data)
    ids = {n.id for n in c.nodes}
    assert all(e.from_node in ids and e.to_node in ids for e in c.edges)
    out = render_board(c, INDEX, lambda t: html.escape(t), lambda p, a: None)
    assert out.startswith('<div class="vault-canvas"') and "<script" not in out


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_parse_without_raising(data):
    parse_canvas("Board.canvas", data)


ANY = st.none() | st.booleans() | st.integers(-10**7, 10**7) | st.floats() | st.text(max_size=6)
NODES = st.lists(
    st.fixed_dictionaries(
        {"id": st.sampled_from(["a", "b", "c", ""]) | ANY, "type": st.sampled_from(["text", "file", "link", "group"]) | ANY,
         "x": st.integers(-2000, 2000) | ANY, "y": st.integers(-2000, 2000) | ANY,
         "width": st.integers(1, 800) | ANY, "height": st.integers(1, 800) | ANY},
        optional={"color": st.sampled_from(["1", "6", "7", "#abc", "#12345g"]) | ANY, "text": st.text(max_size=20) | ANY,
                  "file": st.sampled_from(["notes/Alpha.md", "img/pic.png", "Beta", "../x"]) | ANY,
                  "url": st.text(max_size=20) | ANY, "label": st.text(max_size=10) | ANY},
    ),
    max_size=6,
)
EDGES = st.lists(
    st.fixed_dictionaries(
        {"id": st.text(max_size=3) | ANY, "fromNode": st.sampled_from(["a", "b", "c", "z"]) | ANY,
         "toNode": st.sampled_from(["a", "b", "c", "z"]) | ANY},
        optional={k: st.sampled_from(["top", "right", "bottom", "left", "none", "arrow", "x"]) | ANY
                  for k in ("fromSide", "toSide", "fromEnd", "toEnd")} | {"label": st.text(max_size=8) | ANY},
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(NODES, EDGES)
def test_node_shaped_json_never_raises_and_keeps_only_sound_nodes(nodes, edges):
    c = parse_canvas("Board.canvas", json.dumps({"nodes": nodes, "edges": edges}).encode())
    for n in c.nodes:
        assert n.width > 0 and n.height > 0 and isinstance(n.id, str) and n.id
    out = sanitize_html(render_board(c, INDEX, lambda t: html.escape(t), lambda p, a: "x/" + p))
    assert out.count('class="vault-canvas-node ') + out.count('class="vault-canvas-group"') == len(c.nodes)
