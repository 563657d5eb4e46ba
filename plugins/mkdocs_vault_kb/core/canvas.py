"""Obsidian canvases (JSON Canvas 1.0, https://jsoncanvas.org/spec/1.0/) as static boards.

``parse_canvas`` reads a ``.canvas`` file (untrusted JSON) into ``Canvas``: a bounded size,
count and coordinate range; a node or an edge with a missing or wrongly typed field is left out
with a diagnostic naming the file; nothing in the input raises. ``render_board`` draws the board
as HTML that needs no JavaScript: a box with the board's aspect ratio that fits the content
width, an inline SVG of the shapes (group and node rectangles, edges as curves between the
nodes' sides, arrowheads as polygons) and, over it, the nodes' contents as HTML boxes placed in
percentages of the board (the sanitiser keeps no SVG ``<text>`` or ``<foreignObject>``). The
text scales with the board (``cqw`` units of the board's width), so the board looks the same at
every width; ``assets/vault-canvas.js`` adds pan and zoom.

Node contents come from the caller: ``text_html`` renders a text node's Markdown (the adapter runs
our pipeline and Python-Markdown with the site's extensions), ``href`` gives the URL of a vault
path from the page being written, and ``note_html`` what a file node naming a note shows under
its title (``NoteCard``: the whole note, a ``#Heading`` section or a ``#^block``; the adapter cuts
it from the note's own page, at most ``MAX_CARD_HTML`` characters of it, ``cap_html``). A PDF is
a card linking to the published file, never an ``<iframe>``/``<object>`` of it (a vault's PDF
would run in the browser's viewer on the site's origin, once per node). Everything else written
here is escaped; the caller passes the whole board through ``sanitize_html``.
"""

from __future__ import annotations

import html
import json
import math
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Diagnostic
from .headings import match_heading_chain, section_end
from .index import VaultIndex
from .resolve import resolve_target
from .sanitize import escape_text

CANVAS_SUFFIX = ".canvas"
MAX_BYTES = 4 * 1024 * 1024
MAX_NODES = 5000
MAX_EDGES = 10000
MAX_COORD = 1_000_000  # |x|, |y| and width/height, in canvas pixels
MAX_TEXT = 200_000  # characters of one text node

#: JSON Canvas' preset colours ("1" red ... "6" purple), as Obsidian draws them.
PRESETS = {"1": "#fb464c", "2": "#e9973f", "3": "#e0de71", "4": "#44cf6e", "5": "#53dfdd", "6": "#a882ff"}
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
SIDES = ("top", "right", "bottom", "left")
_NORMAL = {"top": (0.0, -1.0), "right": (1.0, 0.0), "bottom": (0.0, 1.0), "left": (-1.0, 0.0)}
_IMAGE = {"png", "jpg", "jpeg", "gif", "bmp", "svg", "webp", "avif"}
PAD = 40.0
ARROW = 12.0  # arrowhead length, canvas pixels
#: Characters of a note's HTML one file node shows (the card scrolls; a link leads to the rest).
MAX_CARD_HTML = 12_000
#: Characters of notes' HTML all the file nodes of one page show together; past it, a card shows
#: only its title (5,000 nodes of one big note stay a page of a few megabytes).
MAX_PAGE_CARD_HTML = 1_500_000


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    type: str  # text, file, link, group
    x: float
    y: float
    width: float
    height: float
    color: str | None = None  # a CSS hex colour, presets resolved
    text: str = ""
    file: str = ""
    subpath: str = ""
    url: str = ""
    label: str = ""
    background: str = ""
    background_style: str = "cover"


@dataclass(frozen=True, slots=True)
class Edge:
    id: str
    from_node: str
    to_node: str
    from_side: str | None = None
    to_side: str | None = None
    from_end: str = "none"
    to_end: str = "arrow"  # Obsidian's default: an arrow at the target
    color: str | None = None
    label: str = ""


@dataclass(slots=True)
class Canvas:
    path: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def parse_canvas(path: str, data: bytes) -> Canvas:
    """The canvas in ``data``; what cannot be read is reported in ``diagnostics`` and left out."""
    canvas = Canvas(path)

    def warn(message: str) -> None:
        if len(canvas.diagnostics) < 50:
            canvas.diagnostics.append(Diagnostic(path, 1, f"canvas: {message}"))

    if len(data) > MAX_BYTES:
        warn(f"file larger than {MAX_BYTES // (1024 * 1024)} MB: not read")
        return canvas
    try:
        doc = json.loads(data.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as exc:  # bad JSON, a huge integer literal, deep nesting
        warn(f"not valid JSON ({str(exc)[:120]})")
        return canvas
    if not isinstance(doc, dict):
        warn("the top level is not a JSON object")
        return canvas
    raw_nodes, raw_edges = doc.get("nodes", []), doc.get("edges", [])
    if not isinstance(raw_nodes, list):
        warn("'nodes' is not a list")
        raw_nodes = []
    if not isinstance(raw_edges, list):
        warn("'edges' is not a list")
        raw_edges = []
    if len(raw_nodes) > MAX_NODES or len(raw_edges) > MAX_EDGES:
        warn(f"more than {MAX_NODES} nodes or {MAX_EDGES} edges: the rest is left out")
    ids: set[str] = set()
    for i, raw in enumerate(raw_nodes[:MAX_NODES]):
        node = _node(raw, i, warn)
        if node is None:
            continue
        if node.id in ids:
            warn(f"node {i}: duplicate id {node.id!r}: left out")
            continue
        ids.add(node.id)
        canvas.nodes.append(node)
    edge_ids: set[str] = set()
    for i, raw in enumerate(raw_edges[:MAX_EDGES]):
        edge = _edge(raw, i, warn)
        if edge is None:
            continue
        if edge.id in edge_ids:
            warn(f"edge {i}: duplicate id {edge.id!r}: left out")
            continue
        if edge.from_node not in ids or edge.to_node not in ids:
            warn(f"edge {edge.id!r}: it joins a node that is not on the canvas: left out")
            continue
        edge_ids.add(edge.id)
        canvas.edges.append(edge)
    return canvas


def _string(raw: dict[str, Any], key: str, limit: int = 4096) -> str | None:
    value = raw.get(key)
    return value[:limit] if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    v = float(value)
    return v if math.isfinite(v) and abs(v) <= MAX_COORD else None


def _color(raw: dict[str, Any], what: str, warn: Callable[[str], None]) -> str | None:
    value = raw.get("color")
    if value is None:
        return None
    if isinstance(value, str) and value in PRESETS:
        return PRESETS[value]
    if isinstance(value, str) and _HEX.fullmatch(value):
        return value.lower()
    warn(f"{what}: colour {str(value)[:40]!r} is neither a preset 1-6 nor #rrggbb: drawn without it")
    return None


def _node(raw: Any, i: int, warn: Callable[[str], None]) -> Node | None:
    if not isinstance(raw, dict):
        warn(f"node {i}: not an object: left out")
        return None
    nid = _string(raw, "id", 200)
    if not nid:
        warn(f"node {i}: no string id: left out")
        return None
    what = f"node {nid!r}"
    kind = raw.get("type")
    if kind not in ("text", "file", "link", "group"):
        warn(f"{what}: unknown type {str(kind)[:40]!r}: left out")
        return None
    box = [_number(raw.get(k)) for k in ("x", "y", "width", "height")]
    if any(v is None for v in box) or box[2] <= 0 or box[3] <= 0:  # type: ignore[operator]
        warn(f"{what}: x, y, width and height must be numbers (width and height above 0, at most {MAX_COORD:,}): left out")
        return None
    x, y, w, h = box  # type: ignore[misc]
    color = _color(raw, what, warn)
    if kind == "text":
        text = _string(raw, "text", MAX_TEXT)
        if text is None:
            warn(f"{what}: a text node without a string 'text': shown empty")
        return Node(nid, kind, x, y, w, h, color, text=text or "")
    if kind == "file":
        file = _string(raw, "file")
        if not file:
            warn(f"{what}: a file node without a string 'file': left out")
            return None
        subpath = _string(raw, "subpath") or ""
        return Node(nid, kind, x, y, w, h, color, file=file, subpath=subpath)
    if kind == "link":
        url = _string(raw, "url")
        if not url:
            warn(f"{what}: a link node without a string 'url': left out")
            return None
        return Node(nid, kind, x, y, w, h, color, url=url)
    style = _string(raw, "backgroundStyle") or "cover"
    return Node(
        nid, kind, x, y, w, h, color, label=_string(raw, "label") or "", background=_string(raw, "background") or "",
        background_style=style if style in ("cover", "ratio", "repeat") else "cover",
    )


def _edge(raw: Any, i: int, warn: Callable[[str], None]) -> Edge | None:
    if not isinstance(raw, dict):
        warn(f"edge {i}: not an object: left out")
        return None
    eid = _string(raw, "id", 200)
    if not eid:
        warn(f"edge {i}: no string id: left out")
        return None
    a, b = _string(raw, "fromNode", 200), _string(raw, "toNode", 200)
    if not a or not b:
        warn(f"edge {eid!r}: fromNode and toNode must be node ids: left out")
        return None

    def choice(key: str, allowed: tuple[str, ...], default: str | None) -> str | None:
        value = raw.get(key)
        if value is None:
            return default
        if value in allowed:
            return value
        warn(f"edge {eid!r}: {key} {str(value)[:40]!r} is not one of {', '.join(allowed)}")
        return default

    return Edge(
        eid, a, b,
        from_side=choice("fromSide", SIDES, None), to_side=choice("toSide", SIDES, None),
        from_end=choice("fromEnd", ("none", "arrow"), "none") or "none",
        to_end=choice("toEnd", ("none", "arrow"), "arrow") or "arrow",
        color=_color(raw, f"edge {eid!r}", warn), label=_string(raw, "label") or "",
    )


# -- what a file node names -------------------------------------------------------------------


def file_target(node: Node, source: str, index: VaultIndex, *, aliases: bool = True) -> str | None:
    """The vault path a file node names (Obsidian writes the full vault path), or None."""
    if node.type != "file" or not node.file:
        return None
    res = resolve_target(node.file, source, index, aliases=aliases)
    if res.path is None and not node.file.lower().endswith(".md"):
        res = resolve_target(node.file + ".md", source, index, aliases=aliases)
    return res.path


def file_problems(canvas: Canvas, index: VaultIndex, *, aliases: bool = True) -> list[Diagnostic]:
    """Warnings for file nodes whose file is not in the vault, or whose ``#Heading``/``#^block``
    is not in the note: each names the canvas and the node."""
    out = []
    for n in canvas.nodes:
        if n.type != "file":
            continue
        path = file_target(n, canvas.path, index, aliases=aliases)
        if path is None:
            out.append(Diagnostic(canvas.path, 1, f"canvas: file node {n.id!r}: {n.file} is not in the vault"))
            continue
        note = index.notes.get(path)
        if note is not None and n.subpath.lstrip("#") and not note_card(n, note).found:
            what = "block" if n.subpath.lstrip("#").startswith("^") else "heading"
            out.append(Diagnostic(canvas.path, 1, f"canvas: file node {n.id!r}: no {what} {n.subpath.lstrip('#')} in {path}"))
    return out


def linked_notes(canvas: Canvas, index: VaultIndex, *, aliases: bool = True) -> list[str]:
    """The notes the canvas's file nodes name, in node order, once each (the graph's edges)."""
    found = (file_target(n, canvas.path, index, aliases=aliases) for n in canvas.nodes)
    return list(dict.fromkeys(p for p in found if p is not None and p in index.notes))


# -- drawing ----------------------------------------------------------------------------------


def _side_point(n: Node, side: str) -> tuple[float, float]:
    return {
        "top": (n.x + n.width / 2, n.y),
        "right": (n.x + n.width, n.y + n.height / 2),
        "bottom": (n.x + n.width / 2, n.y + n.height),
        "left": (n.x, n.y + n.height / 2),
    }[side]


def default_sides(a: Node, b: Node) -> tuple[str, str]:
    """The sides an edge without ``fromSide``/``toSide`` joins: those facing each other."""
    dx = (b.x + b.width / 2) - (a.x + a.width / 2)
    dy = (b.y + b.height / 2) - (a.y + a.height / 2)
    if abs(dx) >= abs(dy):
        return ("right", "left") if dx >= 0 else ("left", "right")
    return ("bottom", "top") if dy >= 0 else ("top", "bottom")


@dataclass(frozen=True, slots=True)
class EdgeShape:
    d: str  # the SVG path of the curve
    arrows: list[str]  # SVG polygon points, one per arrowhead
    label_at: tuple[float, float]


def edge_shape(edge: Edge, a: Node, b: Node) -> EdgeShape:
    """A cubic curve leaving ``a`` and entering ``b`` at right angles to their sides."""
    sa, sb = default_sides(a, b)
    sa, sb = edge.from_side or sa, edge.to_side or sb
    p1, p2 = _side_point(a, sa), _side_point(b, sb)
    n1, n2 = _NORMAL[sa], _NORMAL[sb]
    arrows = []
    if edge.from_end == "arrow":
        arrows.append(_arrow(p1, n1))
        p1 = (p1[0] + n1[0] * ARROW, p1[1] + n1[1] * ARROW)
    if edge.to_end == "arrow":
        arrows.append(_arrow(p2, n2))
        p2 = (p2[0] + n2[0] * ARROW, p2[1] + n2[1] * ARROW)
    k = max(40.0, min(300.0, math.dist(p1, p2) / 2))
    c1 = (p1[0] + n1[0] * k, p1[1] + n1[1] * k)
    c2 = (p2[0] + n2[0] * k, p2[1] + n2[1] * k)
    d = f"M{_f(p1[0])} {_f(p1[1])} C{_f(c1[0])} {_f(c1[1])} {_f(c2[0])} {_f(c2[1])} {_f(p2[0])} {_f(p2[1])}"
    mid = ((p1[0] + 3 * c1[0] + 3 * c2[0] + p2[0]) / 8, (p1[1] + 3 * c1[1] + 3 * c2[1] + p2[1]) / 8)
    return EdgeShape(d, arrows, mid)


def _arrow(tip: tuple[float, float], normal: tuple[float, float]) -> str:
    """An arrowhead whose tip touches the node's side, pointing into the node."""
    bx, by = tip[0] + normal[0] * ARROW, tip[1] + normal[1] * ARROW
    px, py = -normal[1] * ARROW / 2, normal[0] * ARROW / 2
    return " ".join(f"{_f(x)},{_f(y)}" for x, y in (tip, (bx + px, by + py), (bx - px, by - py)))


def _f(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


TextHtml = Callable[[str], str]  # a text node's Markdown -> HTML (trusted pipeline output, sanitised later)
Href = Callable[[str, str | None], str | None]  # vault path, anchor -> URL from the page, or None


@dataclass(frozen=True, slots=True)
class NoteCard:
    """The part of a note a file node shows: the whole note, a section or a block."""

    node: str  # the node's id
    path: str  # the note
    key: str  # the note and its subpath: the same for every node that shows the same part
    anchor: str | None  # the id of the section's heading (None: from the top)
    end_anchor: str | None  # the id of the heading that ends the section (None: the note's end)
    lines: tuple[int, int] | None  # a block: its body lines [start, end)
    found: bool  # the subpath names a heading or block of the note (else the whole note)
    label: str  # the subpath as shown after the title ("Heading > Sub", "^id")


NoteHtml = Callable[[NoteCard], str]  # what a note's card shows under its title (sanitised later)


def note_card(n: Node, note: Any) -> NoteCard:
    """What the file node ``n`` shows of ``note`` (OBSIDIAN.md, rules 9-12)."""
    sub = n.subpath.lstrip("#")
    if not sub:
        return NoteCard(n.id, note.path, note.path, None, None, None, True, "")
    if sub.startswith("^"):
        b = note.blocks.get(sub[1:].lower())
        if b is None:
            return NoteCard(n.id, note.path, note.path, None, None, None, False, sub)
        return NoteCard(n.id, note.path, f"{note.path}#^{b.id}", "^" + b.id, None, (b.start, b.end + 1), True, sub)
    chain = [part for part in sub.split("#") if part]
    k = match_heading_chain(note.headings, chain)
    label = " > ".join(chain)
    if k is None:
        return NoteCard(n.id, note.path, note.path, None, None, None, False, label)
    closing = section_end(note.headings, k)
    end = note.headings[closing].anchor if closing is not None else None
    key = note.path + "".join("#" + h for h in chain)
    return NoteCard(n.id, note.path, key, note.headings[k].anchor, end, None, True, label)


_CUT_TAG = re.compile(r"<(/?)(div|details|blockquote|ul|ol|li|table|pre|p|dl|figure|section|h[1-6])\b", re.I)
_TAGS = re.compile(r"<[^>]*>")


def cap_html(fragment: str, limit: int = MAX_CARD_HTML) -> tuple[str, bool]:
    """``fragment`` (well-formed HTML) cut to at most ``limit`` characters between two of its
    top-level blocks, and whether anything was cut. When even its first block is longer, that
    block's text (tags dropped), escaped, in a paragraph of at most ``limit`` characters. Reads at most ``limit`` characters
    past the cut, whatever the fragment's length."""
    if len(fragment) <= limit:
        return fragment, False
    depth, cut = 0, 0
    for m in _CUT_TAG.finditer(fragment, 0, limit + 1):
        if m.group(1):
            depth -= 1
            if depth == 0:
                close = fragment.find(">", m.end())
                if 0 <= close < limit:
                    cut = close + 1
        else:
            if depth == 0 and m.start() <= limit:
                cut = max(cut, m.start())
            depth += 1
    if cut > 0:
        return fragment[:cut], True
    text = " ".join(html.unescape(_TAGS.sub(" ", fragment[: limit * 2])).split())[:limit]
    while len(escape_text(text)) > limit - 8:  # escaping may lengthen it
        text = text[: len(text) * 3 // 4]
    return f"<p>{escape_text(text)}…</p>", True


def render_board(
    canvas: Canvas,
    index: VaultIndex,
    text_html: TextHtml,
    href: Href,
    *,
    aliases: bool = True,
    title: str = "",
    note_html: NoteHtml | None = None,
    embedded: bool = False,
) -> str:
    """The whole board as HTML (see the module's docstring); pass it through ``sanitize_html``.
    An ``embedded`` board (in a note) is marked so, for the script: there the wheel scrolls
    the page unless the reader holds Ctrl/⌘ or has clicked into the board."""
    nodes = {n.id: n for n in canvas.nodes}
    if nodes:
        x0 = min(n.x for n in canvas.nodes) - PAD
        y0 = min(n.y for n in canvas.nodes) - PAD
        x1 = max(n.x + n.width for n in canvas.nodes) + PAD
        y1 = max(n.y + n.height for n in canvas.nodes) + PAD
    else:
        x0, y0, x1, y1 = 0.0, 0.0, 400.0, 100.0
    W, H = x1 - x0, y1 - y0

    def box(x: float, y: float, w: float, h: float) -> str:
        return (
            f"left:{_pct(x - x0, W)};top:{_pct(y - y0, H)};"
            f"width:{_pct(w, W)};height:{_pct(h, H)}"
        )

    def at(x: float, y: float) -> str:
        return f"left:{_pct(x - x0, W)};top:{_pct(y - y0, H)}"

    shapes: list[str] = []
    boxes: list[str] = []
    # groups first (behind), then the other nodes, each in file order (JSON Canvas' z-order)
    ordered = [n for n in canvas.nodes if n.type == "group"] + [n for n in canvas.nodes if n.type != "group"]
    for n in ordered:
        style = f"stroke:{n.color};fill:{n.color}" if n.color else ""
        shapes.append(
            f'<rect class="vault-canvas-shape vault-canvas-{n.type}-shape{" vault-canvas-colored" if n.color else ""}" '
            f'x="{_f(n.x - x0)}" y="{_f(n.y - y0)}" width="{_f(n.width)}" height="{_f(n.height)}" rx="8"'
            + (f' style="{style}"' if style else "") + "></rect>"
        )
        if n.type == "group":
            boxes.append(_group_html(n, box, at, index, canvas.path, href, aliases))
        else:
            inner, kind = _node_html(n, index, canvas.path, text_html, href, aliases, note_html)
            boxes.append(
                f'<div class="vault-canvas-node vault-canvas-{n.type}{kind}" data-node="{escape_text(n.id)}" '
                f'style="{box(n.x, n.y, n.width, n.height)}{";--vault-canvas-color:" + n.color if n.color else ""}">'
                f"{inner}</div>"
            )
    for e in canvas.edges:
        shape = edge_shape(e, nodes[e.from_node], nodes[e.to_node])
        style = f' style="stroke:{e.color};fill:{e.color}"' if e.color else ""
        arrows = "".join(f'<polygon class="vault-canvas-arrow" points="{_shift(p, x0, y0)}"></polygon>' for p in shape.arrows)
        shapes.append(
            f'<g class="vault-canvas-edge" data-edge="{escape_text(e.id)}"{style}>'
            f'<path class="vault-canvas-line" transform="translate({_f(-x0)} {_f(-y0)})" d="{shape.d}"></path>{arrows}</g>'
        )
        if e.label:
            lx, ly = shape.label_at
            var = f";--vault-canvas-color:{e.color}" if e.color else ""
            boxes.append(f'<div class="vault-canvas-label" style="{at(lx, ly)}{var}">{escape_text(e.label)}</div>')
    empty = "" if nodes else '<p class="vault-canvas-empty">This canvas is empty.</p>'
    size = f"{_f(W)} {_f(H)}"
    font = f"{16 / W * 100:.4f}".rstrip("0").rstrip(".") or "0"
    return (
        f'<div class="vault-canvas{" vault-canvas-embedded" if embedded else ""}" data-canvas="{escape_text(canvas.path)}" data-width="{_f(W)}" '
        f'data-height="{_f(H)}" style="aspect-ratio:{_f(W)} / {_f(H)}" role="figure" '
        f'aria-label="{escape_text("Canvas " + (title or posixpath.basename(canvas.path)))}">'
        f'<div class="vault-canvas-board" style="font-size:{font}cqw">'
        f'<svg class="vault-canvas-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size}" '
        f'preserveAspectRatio="none" aria-hidden="true">{"".join(shapes)}</svg>'
        f'{"".join(boxes)}{empty}</div></div>'
    )


def _shift(points: str, x0: float, y0: float) -> str:
    out = []
    for pair in points.split():
        x, y = pair.split(",")
        out.append(f"{_f(float(x) - x0)},{_f(float(y) - y0)}")
    return " ".join(out)


def _pct(v: float, total: float) -> str:
    return f"{v / total * 100:.4f}".rstrip("0").rstrip(".") + "%"


def _group_html(n: Node, box: Any, at: Any, index: VaultIndex, source: str, href: Href, aliases: bool) -> str:
    parts = [f'<div class="vault-canvas-group" data-node="{escape_text(n.id)}" style="{box(n.x, n.y, n.width, n.height)}">']
    if n.background:
        res = resolve_target(n.background, source, index, aliases=aliases)
        url = href(res.path, None) if res.path is not None and res.path not in index.notes else None
        if url is not None:
            fit = {"cover": "cover", "ratio": "contain", "repeat": "none"}[n.background_style]
            parts.append(
                f'<img class="vault-canvas-background vault-canvas-bg-{n.background_style}" src="{escape_text(url)}" '
                f'alt="" loading="lazy" style="object-fit:{fit}">'
            )
    parts.append("</div>")
    if n.label:
        var = f";--vault-canvas-color:{n.color}" if n.color else ""
        parts.append(f'<div class="vault-canvas-group-label" style="{at(n.x, n.y)}{var}">{escape_text(n.label)}</div>')
    return "".join(parts)


def _node_html(
    n: Node, index: VaultIndex, source: str, text_html: TextHtml, href: Href, aliases: bool, note_html: NoteHtml | None
) -> tuple[str, str]:
    """A node's contents, and the extra classes of its box."""
    if n.type == "text":
        return (f'<div class="vault-canvas-content">{text_html(n.text)}</div>' if n.text.strip() else ""), ""
    if n.type == "link":
        url = n.url.strip()
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme in ("http", "https"):
            return f'<a class="vault-canvas-url" href="{escape_text(url)}">{escape_text(url)}</a>', ""
        return f'<span class="vault-canvas-url">{escape_text(url)}</span>', ""
    path = file_target(n, source, index, aliases=aliases)
    name = posixpath.basename(n.file)
    if path is None:
        return (
            f'<p class="vault-canvas-missing"><span class="vault-unresolved" title="not found in the vault">'
            f'{escape_text(n.file + n.subpath)}</span><br>File not found in the vault</p>'
        ), " vault-canvas-file-missing"
    note = index.notes.get(path)
    if note is not None:
        card = note_card(n, note)
        url = href(path, card.anchor if card.found else None)
        text = note.title + (" > " + card.label if card.label else "")
        if url is None:
            head = f'<span class="vault-canvas-file-title">{escape_text(text)}</span>'
        else:
            head = f'<a class="vault-canvas-file-title" href="{escape_text(url)}">{escape_text(text)}</a>'
        if note_html is None:
            return head, ""
        return f"{head}{note_html(card)}", " vault-canvas-file-note"
    url = href(path, None)
    if url is None:
        return f'<span class="vault-unresolved">{escape_text(name)}</span>', ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext in _IMAGE:
        return f'<img class="vault-canvas-image" src="{escape_text(url)}" alt="{escape_text(name)}" loading="lazy">', ""
    if ext == "pdf":  # a link to the file, not a viewer of it (see the module's docstring)
        page = n.subpath.lstrip("#")
        frag = "#" + page if re.fullmatch(r"page=\d{1,6}", page) else ""
        return (
            f'<a class="vault-canvas-file-title vault-canvas-pdf" href="{escape_text(url + frag)}">{escape_text(name)}</a>'
            f'<span class="vault-canvas-file-kind">PDF</span>'
        ), " vault-canvas-file-pdf"
    return f'<a class="vault-canvas-file-title" href="{escape_text(url)}">{escape_text(name)}</a>', ""
