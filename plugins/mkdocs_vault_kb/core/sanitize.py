"""What reaches the HTML: every file of a vault is untrusted input.

A note's HTML is sanitised as Obsidian sanitises it (Obsidian uses DOMPurify): raw HTML keeps
working for what Obsidian shows (spans and classes, details, kbd, sub/sup, mark, tables, https
iframes, images, video and audio, ``style``, ``data-*`` and ``aria-*`` attributes, ids) but
nothing in it can run: no ``<script>``, no ``on*`` attribute, no ``javascript:``/``vbscript:`` URL
(however it is spelled: case, entities, control characters), no ``data:`` URL but an image in an
``<img>``, no ``srcdoc``, ``<object>``, ``<embed>``, ``<base>``, ``<meta>``, ``<form>``, no SVG
beyond the shapes of an emoji, no MathML. The work is done by ammonia (Rust, html5ever's parser,
so the browser's reading of the markup, mutation tricks included) through ``nh3``; this module
holds the allow-list, which is generous enough to keep everything MkDocs, Material,
pymdown-extensions and this plugin put into a page unchanged.

Text that is not HTML (titles, aliases, tags, descriptions, file names) is never sanitised: it
is escaped (``escape_text``) wherever it is written into HTML, and written as JSON that cannot
end a ``<script>`` element (``json_for_html``).
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nh3

#: Elements kept (with their content). Everything else loses its tag and keeps its text, except
#: ``CLEAN_CONTENT``, which goes with its content.
TAGS = frozenset(
    {
        # text and structure (ammonia's defaults, which are DOMPurify's safe HTML core)
        *nh3.ALLOWED_TAGS,
        "main", "section", "picture", "font", "big", "meter", "progress", "output", "dialog", "menu",
        # media: images, players, embedded pages over http(s) or from the site itself
        "video", "audio", "source", "track", "iframe",
        # pymdownx.tasklist's checkboxes and pymdownx.tabbed's radio buttons, with their labels;
        # the graph page's controls (no <form>, so nothing can be submitted anywhere)
        "input", "label", "select", "option", "optgroup", "fieldset", "legend",
        # the SVG of Material's emoji and icons (shapes only: no <use>, <image>, <a>, animation,
        # <foreignObject> or <style>)
        "svg", "g", "path", "circle", "ellipse", "line", "polyline", "polygon", "rect", "defs",
        "linearGradient", "radialGradient", "stop", "clipPath", "mask", "symbol",
    }
)  # fmt: skip

#: Removed with everything inside them.
CLEAN_CONTENT = frozenset({"script", "style", "template", "noscript", "xmp", "noembed", "noframes", "title", "textarea"})

_GLOBAL_ATTRIBUTES = {"id", "class", "style", "title", "lang", "dir", "hidden", "role", "tabindex", "translate", "align"}
_SVG_ATTRIBUTES = {
    "xmlns", "viewBox", "width", "height", "d", "fill", "fill-rule", "fill-opacity", "clip-rule",
    "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-opacity",
    "opacity", "transform", "cx", "cy", "r", "rx", "ry", "x", "y", "x1", "y1", "x2", "y2", "points",
    "preserveAspectRatio", "focusable", "offset", "stop-color", "stop-opacity", "gradientUnits",
    "gradientTransform", "clip-path", "mask", "version",
}  # fmt: skip

#: Attributes kept per element (``*``: on every element), besides ``data-*`` and ``aria-*``.
ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": _GLOBAL_ATTRIBUTES,
    "a": {"href", "hreflang", "name", "target", "rel", "download", "type"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding", "align"},
    "video": {"src", "poster", "controls", "width", "height", "preload", "loop", "muted", "autoplay", "playsinline"},
    "audio": {"src", "controls", "preload", "loop", "muted", "autoplay"},
    "source": {"src", "srcset", "sizes", "type", "media"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy", "frameborder", "scrolling", "sandbox"},
    "input": {"type", "checked", "disabled", "name", "value", "placeholder", "readonly"},
    "label": {"for"},
    "select": {"name", "disabled", "multiple"},
    "option": {"value", "selected", "disabled", "label"},
    "optgroup": {"label", "disabled"},
    "fieldset": {"disabled", "name"},
    "output": {"for", "name"},
    "details": {"open"},
    "dialog": {"open"},
    "ol": {"start", "type", "reversed"},
    "ul": {"type"},
    "li": {"value"},
    "td": {*nh3.ALLOWED_ATTRIBUTES["td"], "abbr"},
    "th": {*nh3.ALLOWED_ATTRIBUTES["th"], "abbr"},
    "time": {"datetime"},
    "data": {"value"},
    "meter": {"value", "min", "max", "low", "high", "optimum"},
    "progress": {"value", "max"},
    "font": {"color", "face", "size"},
    **{tag: _SVG_ATTRIBUTES for tag in ("svg", "g", "path", "circle", "ellipse", "line", "polyline", "polygon", "rect", "defs", "symbol")},
    **{tag: _SVG_ATTRIBUTES | {"id"} for tag in ("linearGradient", "radialGradient", "stop", "clipPath", "mask")},
}

#: Schemes a link or a source may have (relative URLs always pass). ``data:`` is narrowed to
#: images in ``<img src>`` by ``_filter``.
URL_SCHEMES = frozenset({*nh3.ALLOWED_URL_SCHEMES, "obsidian", "data"})

#: Attributes whose value is a URL (or a list of them) for a browser.
_URL_ATTRS = frozenset({"href", "src", "srcset", "poster", "cite", "action", "formaction", "background", "xlink:href", "data"})
# Base64 SVG too, which is how executed figures are inlined (execute.inline_figures): an <img>
# shows SVG in the browser's static image mode (no script runs, nothing is fetched). Any other
# element, and SVG written out as text, still loses a data: URL.
_DATA_IMAGE = re.compile(r"data:image/(?:(?:png|jpeg|jpg|gif|webp)[;,]|svg\+xml;base64,)", re.I)
#: ids (and names, and label targets) the theme's and our scripts look up in the page: a note's
#: element with one of them would stand in for the real one (DOM clobbering), e.g. Material's
#: settings in ``<script id="__config">``.
_RESERVED_ID = re.compile(r"__(?:config|search|drawer|toc|consent|palette_\d+|nav(?:_\d+)*)|vault-(?:page-meta|graph.*)", re.I)
_IFRAME_SCHEMES = frozenset({"http", "https"})
_STYLE_ACTIVE = re.compile(r"javascript:|vbscript:|expression\(|behavior:|-moz-binding|url\([\"']?data:(?!image/(?:png|jpeg|jpg|gif|webp)[;,])", re.I)


def url_scheme(url: str) -> str | None:
    """The scheme a browser reads in ``url`` (lower case), or None for a relative URL. Like the
    URL parser of browsers, ignores leading and trailing controls and spaces and any tab or
    newline inside; entities must already be decoded (an HTML parser does that)."""
    cleaned = re.sub(r"[\t\n\r]", "", url.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
    m = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", cleaned)
    return m.group(1).lower() if m else None


def _srcset_urls(value: str) -> list[str]:
    """The candidates of a ``srcset``, each with every space and control removed: its URL then
    starts the string (a browser stops the URL at the first space; this is stricter)."""
    return [re.sub(r"[\x00-\x20]+", "", part) for part in value.split(",")]


def _filter(tag: str, attr: str, value: str) -> str | None:
    """Per attribute, after ammonia's own checks (which have already removed URLs whose scheme is
    not in ``URL_SCHEMES``): ``data:`` only for an image in ``<img src>``, iframes only over
    http(s) or from the site, no reserved id, every URL of a ``srcset`` checked, no script URL
    or script expression in a ``style``."""
    if attr in ("id", "for", "name") and _RESERVED_ID.fullmatch(value):
        return None
    if attr == "style":  # no browser of today runs these; old ones did, and so they go
        return None if _STYLE_ACTIVE.search(re.sub(r"[\x00-\x20\\]+", "", value)) else value
    if attr not in _URL_ATTRS or ":" not in value:  # no colon: no scheme, a relative URL
        return value
    urls = _srcset_urls(value) if attr == "srcset" else [value]
    for url in urls:
        scheme = url_scheme(url)
        if scheme is None:
            continue
        if scheme == "data":
            if not (tag == "img" and attr in ("src", "srcset") and _DATA_IMAGE.match(url.strip())):
                return None
        elif scheme not in URL_SCHEMES or (tag == "iframe" and scheme not in _IFRAME_SCHEMES):
            return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(CLEAN_CONTENT),
    attributes={tag: set(attrs) for tag, attrs in ATTRIBUTES.items()},
    attribute_filter=_filter,
    generic_attribute_prefixes={"data-", "aria-"},
    url_schemes=set(URL_SCHEMES),
    link_rel=None,  # keep links as they were written (Material's and ours carry no rel)
    strip_comments=False,  # inert (and the page keeps what the note wrote, as MkDocs does)
)


def sanitize_html(fragment: str) -> str:
    """``fragment`` (a page's content, an embed, a preview) with nothing left that can run."""
    return _CLEANER.clean(fragment)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The text a reader sees in an HTML fragment (tags dropped, entities decoded, whitespace
    collapsed): what a heading's HTML becomes when it is used as a page title."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


def escape_text(text: str) -> str:
    """Text (a title, an alias, a tag, a description, a file name) as HTML that shows it
    literally, in element content or in a quoted attribute value."""
    return html.escape(text, quote=True)


def json_for_html(value: Any) -> str:
    """``value`` as JSON that is also safe inside an HTML ``<script>`` element: ``<``, ``>`` and
    ``&`` written as ``\\u`` escapes (so no ``</script>`` or ``<!--`` can appear), as well as the
    two line separators JavaScript once did not accept in strings."""
    text = json.dumps(value, ensure_ascii=False)
    return text.translate(_JSON_ESCAPES)


def write_json_for_html(value: Any, path: Path) -> None:
    """``json_for_html(value)`` written to ``path`` in pieces: a large graph's text (11 MB for
    10,000 notes) is never held whole, nor its escaped and encoded copies. The pieces are the
    outer dict's keys and runs of a thousand items of its lists, each encoded by ``json.dumps``
    (the C encoder: the streaming ``JSONEncoder.iterencode`` is pure Python, several times slower)."""
    with open(path, "w", encoding="utf-8") as out:
        for piece in _json_pieces(value):
            out.write(piece.translate(_JSON_ESCAPES))


def _json_pieces(value: Any, depth: int = 0, run: int = 1000) -> Iterator[str]:
    """``json.dumps(value, ensure_ascii=False)``, in pieces whose concatenation is that text."""
    if depth < 2 and isinstance(value, dict) and all(isinstance(k, str) for k in value):
        yield "{"
        for i, (key, item) in enumerate(value.items()):
            yield (", " if i else "") + json.dumps(key, ensure_ascii=False) + ": "
            yield from _json_pieces(item, depth + 1, run)
        yield "}"
    elif depth < 2 and isinstance(value, list) and len(value) > run:
        yield "["
        for start in range(0, len(value), run):
            yield (", " if start else "") + json.dumps(value[start : start + run], ensure_ascii=False)[1:-1]
        yield "]"
    else:
        yield json.dumps(value, ensure_ascii=False)


_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})

#: Attachments a browser runs as a document of the site when it opens them.
ACTIVE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml", ".js", ".mjs", ".xml", ".xsl", ".xslt", ".swf"})
_SVG_ACTIVE = re.compile(
    r"<\s*(?:script|foreignobject|iframe|embed|object|handler|listener|use|image|a|set|animate\w*|!entity|\?xml-stylesheet)\b"
    r"|[\s\"'/]on[a-z]+\s*="
    r"|(?:href|src)\s*=\s*[\"']?\s*(?!#)[a-z][a-z0-9+.\-]*:",
    re.I,
)


def unsafe_attachment(path: str, data: bytes) -> str | None:
    """Why the vault file ``path`` must not be published as is (it would run script on the site's
    origin when opened), or None. SVG files are published when they hold shapes only."""
    suffix = posixpath.splitext(path)[1].lower()
    if suffix in ACTIVE_SUFFIXES:
        return f"a {suffix} file would run as a page of the site"
    if suffix in (".svg", ".svgz"):
        if suffix == ".svgz":
            return "a compressed SVG cannot be checked for scripts"
        text = html.unescape(data.decode("utf-8", errors="replace"))
        text = re.sub(r"[\x00-\x20]+(?=[a-z]*:)", "", text, flags=re.I)
        if _SVG_ACTIVE.search(text):
            return "an SVG file with scripts, event handlers, links or embedded documents"
    return None
