"""What a reader sees, on the reader fixture: the graph answers the mouse and the keyboard once
settled, labels its hubs, frames a filter's matches; display math is visible on a phone; mermaid
renders with no request off the machine; MathJax and mermaid load only where they are used.

The checks read pixels of the page (screenshots), what was drawn on the canvas (a spy on
fillText), element boxes and network requests: not the attributes the code sets."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

pytestmark = [
    pytest.mark.browser,
    # Chromium keeps connections to the test server open after a page closes.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

PAGE = "#vault-graph"
LOCAL = ".vault-local-graph__canvas"

# Every text drawn on a canvas, with where (CSS pixels of the canvas), its opacity and the frame
# it was drawn in (force-graph clears the whole canvas at the start of each frame).
LABEL_SPY = """
(() => {
  const frames = new WeakMap();
  const seen = window.__texts = [];
  const clear = CanvasRenderingContext2D.prototype.clearRect;
  CanvasRenderingContext2D.prototype.clearRect = function (x, y, w, h) {
    if (w >= this.canvas.width / devicePixelRatio - 1) frames.set(this.canvas, (frames.get(this.canvas) || 0) + 1);
    return clear.apply(this, arguments);
  };
  const fill = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, x, y) {
    const p = this.getTransform().transformPoint(new DOMPoint(x, y));
    seen.push({ text: String(text), x: p.x / devicePixelRatio, y: p.y / devicePixelRatio, alpha: this.globalAlpha,
                canvas: this.canvas, frame: frames.get(this.canvas) || 0 });
    if (seen.length > 20000) seen.splice(0, 10000);
    return fill.apply(this, arguments);
  };
  window.__lastFrameTexts = (sel) => {
    const canvas = document.querySelector(sel + ' canvas');
    const frame = frames.get(canvas);
    const out = {};
    seen.filter(t => t.canvas === canvas && t.frame === frame).forEach(t => { out[t.text] = { x: t.x, y: t.y, alpha: t.alpha }; });
    return out;
  };
})();
"""

NODE_AT = """([sel, title]) => {
  const el = document.querySelector(sel); const g = el.vaultGraph;
  const n = g.graphData().nodes.find(n => n.title === title);
  const p = g.graph2ScreenCoords(n.x, n.y); const r = el.getBoundingClientRect();
  return [r.left + p.x, r.top + p.y];
}"""


def settled(page, sel: str) -> None:
    """Wait until the layout has stopped and the framing zoom (a 400 ms tween) is over."""
    page.wait_for_function(f"document.querySelector('{sel}') && document.querySelector('{sel}').dataset.settled === '1'", timeout=30000)
    page.wait_for_timeout(900)


def shot(page, sel: str) -> Image.Image:
    return Image.open(io.BytesIO(page.locator(sel + " canvas").screenshot())).convert("RGB")


def changed_pixels(a: Image.Image, b: Image.Image) -> int:
    diff = ImageChops.difference(a, b).convert("L")
    return sum(diff.point(lambda v: 255 if v > 40 else 0).histogram()[255:])


def dark_pixels(img: Image.Image, box: tuple[int, int, int, int]) -> int:
    """Pixels dark enough to be text (Material's light text colour is near black; links are light grey)."""
    return sum(1 for r, g, b in img.crop(box).getdata() if r + g + b < 200)


def vividness(page, sel: str, img: Image.Image, title: str) -> int:
    """How coloured the pixel at a node's centre is (0 grey or white, up to 255): a node faded
    behind the hovered one is nearly the background."""
    x, y = page.evaluate(NODE_AT, [sel, title])
    box = page.locator(sel + " canvas").bounding_box()
    rgb = img.getpixel((int(x - box["x"]), int(y - box["y"])))
    return max(rgb) - min(rgb)


def hover_changes_the_graph(page, sel: str, title: str, other: str) -> int:
    """Hover ``title`` on a settled graph: the pixels that changed; ``other``, not a neighbour, fades."""
    page.add_style_tag(content=".float-tooltip-kap { visibility: hidden !important; }")  # the canvas's own pixels only
    page.locator(sel).scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.mouse.move(5, 5)
    before = shot(page, sel)
    assert vividness(page, sel, before, other) > 60
    x, y = page.evaluate(NODE_AT, [sel, title])
    page.mouse.move(x, y)
    page.wait_for_timeout(300)
    after = shot(page, sel)
    assert vividness(page, sel, after, other) < 40
    return changed_pixels(before, after)


# -- the graph answers the mouse once settled ------------------------------------------------------


def test_hover_redraws_the_settled_graph_page_also_on_a_second_visit(browser, reader_site):
    url, _ = reader_site
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url + "graph/")
    settled(page, PAGE)
    assert hover_changes_the_graph(page, PAGE, "Hub Alpha", "Gamma 3") > 500  # the rest fades, its links light up
    page.reload()  # the build's layout: the graph starts settled, with no layout phase to trigger redraws
    settled(page, PAGE)
    assert page.locator(PAGE).get_attribute("data-layout") == "build"
    assert hover_changes_the_graph(page, PAGE, "Hub Beta", "Alpha 5") > 500
    page.close()


def test_hover_redraws_a_settled_local_graph(browser, reader_site):
    url, _ = reader_site
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    for _ in range(2):
        page.goto(url + "alpha/Hub%20Alpha/")
        settled(page, LOCAL)
        assert hover_changes_the_graph(page, LOCAL, "Alpha 3", "Alpha 5") > 100
    page.close()


def test_tooltip_and_lists_show_titles_as_text(browser, reader_site):
    url, _ = reader_site
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url + "graph/")
    settled(page, PAGE)
    title = "<b>Bold</b> & <img src=x onerror=window.__pwned=1>"
    x, y = page.evaluate(NODE_AT, [PAGE, title])
    page.mouse.move(x, y)
    tip = page.locator(PAGE + " .float-tooltip-kap")
    tip.wait_for(state="visible", timeout=5000)
    assert title in tip.inner_text()
    assert tip.locator("img, b").count() == 0
    page.fill("#vault-graph-filter", "bold")
    link = page.locator("#vault-graph-results a")
    link.wait_for()
    assert link.inner_text() == title
    assert page.locator("#vault-graph-results img, #vault-graph-results b").count() == 0
    assert page.evaluate("window.__pwned") is None
    page.close()


# -- labels ---------------------------------------------------------------------------------------


def test_hubs_are_labelled_at_default_zoom_and_leaves_fade_in_with_zoom(browser, reader_site):
    url, _ = reader_site
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.add_init_script(LABEL_SPY)
    page.goto(url + "graph/")
    settled(page, PAGE)
    page.mouse.move(5, 5)
    texts = page.evaluate("s => window.__lastFrameTexts(s)", PAGE)
    img = shot(page, PAGE)
    for hub in ("Hub Alpha", "Hub Beta"):
        assert hub in texts and texts[hub]["alpha"] > 0.9, (hub, texts)
        x, y = int(texts[hub]["x"]), int(texts[hub]["y"])
        assert dark_pixels(img, (x - 25, y, x + 25, y + 13)) > 25, hub  # the words are on the screen
    assert "Alpha 5" not in texts  # a leaf: no label at the default zoom
    # one wheel notch zooms a little (d3's default step is 15 %), about the pointer
    k0 = page.evaluate(f"document.querySelector('{PAGE}').vaultGraph.zoom()")
    x, y = page.evaluate(NODE_AT, [PAGE, "Alpha 5"])
    page.mouse.move(x + 40, y + 40)
    page.mouse.wheel(0, -100)
    page.wait_for_timeout(200)
    k1 = page.evaluate(f"document.querySelector('{PAGE}').vaultGraph.zoom()")
    assert 1.02 < k1 / k0 < 1.1
    for _ in range(30):  # zoom in until the leaf's label has faded in
        page.mouse.wheel(0, -100)
        page.wait_for_timeout(30)
    page.mouse.move(5, 5)
    # and pan to it, as the reader would (programmatically: dragging could catch a node)
    page.evaluate(f"(() => {{ const g = document.querySelector('{PAGE}').vaultGraph; const n = g.graphData().nodes.find(n => n.title === 'Alpha 5'); g.centerAt(n.x, n.y); }})()")
    page.wait_for_timeout(400)
    texts = page.evaluate("s => window.__lastFrameTexts(s)", PAGE)
    assert "Alpha 5" in texts and texts["Alpha 5"]["alpha"] > 0.9
    page.close()


def test_filter_labels_and_frames_its_matches_and_drops_a_stale_hover(browser, reader_site):
    url, _ = reader_site
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.add_init_script(LABEL_SPY)
    page.goto(url + "graph/")
    settled(page, PAGE)
    x, y = page.evaluate(NODE_AT, [PAGE, "Gamma 1"])
    page.mouse.move(x, y)  # hover a note that the filter keeps, then go to the box
    page.wait_for_timeout(200)
    page.click("#vault-graph-filter")
    page.keyboard.type("gamma")
    page.wait_for_timeout(100)  # before the matches are framed: labelled, none faded by the old hover
    texts = page.evaluate("s => window.__lastFrameTexts(s)", PAGE)
    assert all(m in texts and texts[m]["alpha"] > 0.9 for m in ("Gamma 1", "Gamma 2", "Gamma 3")), texts
    page.wait_for_timeout(1100)  # typing paused: the matches are framed (500 ms)
    texts = page.evaluate("s => window.__lastFrameTexts(s)", PAGE)
    matches = ["Gamma 1", "Gamma 2", "Gamma 3", "<b>Bold</b> & <img src=x onerror=window.__pwned=1>"]
    box = page.locator(PAGE).bounding_box()
    for m in matches:
        assert m in texts and texts[m]["alpha"] > 0.9, (m, texts)  # labelled, and not faded by the old hover
        assert 0 <= texts[m]["x"] <= box["width"] and 0 <= texts[m]["y"] <= box["height"]
    assert "Hub Alpha" not in texts
    xs = [texts[m]["x"] for m in matches]
    ys = [texts[m]["y"] for m in matches]
    spread = max(max(xs) - min(xs), max(ys) - min(ys))
    assert spread > 0.6 * min(box["width"], box["height"]), spread  # zoomed to them
    page.close()


def test_keyboard_moves_between_notes_and_enter_opens_one(browser, reader_site):
    url, _ = reader_site
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url + "graph/")
    settled(page, PAGE)
    page.mouse.move(5, 5)
    assert vividness(page, PAGE, shot(page, PAGE), "Gamma 3") > 60
    page.focus(PAGE)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(600)  # the graph centres on the note in focus (300 ms)
    assert vividness(page, PAGE, shot(page, PAGE), "Gamma 3") < 40  # not a neighbour of Alpha 1: faded
    status = page.locator(PAGE + " + .vault-sr-only").inner_text()
    assert status.startswith("Alpha 1")  # in title order, after the markup title ("<" sorts first)
    page.keyboard.press("Enter")
    page.wait_for_url("**/alpha/Alpha%201/")
    page.close()


# -- the graph page's layout ------------------------------------------------------------------------


def test_graph_page_fills_the_window_and_fits_a_phone(browser, reader_site):
    url, _ = reader_site
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url + "graph/")
    settled(page, PAGE)
    box = page.locator(PAGE + " canvas").bounding_box()
    assert box["width"] >= 0.9 * 1400 and box["height"] >= 0.6 * 900 and box["y"] + box["height"] <= 900
    assert page.locator("#vault-graph-legend li").count() == 4  # alpha, beta, gamma, top level
    page.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(url + "graph/")
    settled(page, PAGE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for sel in (PAGE + " canvas", "#vault-graph-filter", "#vault-graph-colour"):
        b = page.locator(sel).bounding_box()
        assert b["x"] >= 0 and b["x"] + b["width"] <= 390, sel
    canvas = page.locator(PAGE + " canvas").bounding_box()
    assert canvas["y"] + canvas["height"] <= 844 and canvas["height"] >= 300
    hint = page.locator(".vault-graph-hint").inner_text()
    assert "pinch" in hint and "tap" in hint and "scroll" not in hint and "hover" not in hint
    phone.close()


# -- math, diagrams, and what a page downloads --------------------------------------------------------


def test_display_math_is_visible_on_a_phone_and_at_desktop(browser, reader_site):
    url, _ = reader_site
    for width, height in ((390, 844), (1400, 900)):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url + "Equations/")
        page.wait_for_function("document.querySelectorAll('article div.arithmatex mjx-container svg').length === 5", timeout=15000)
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('article div.arithmatex')].map(d => {
                 const r = d.querySelector('mjx-container svg').getBoundingClientRect(); const b = d.getBoundingClientRect();
                 return {w: r.width, h: r.height, left: r.left - b.left, right: b.right - r.right, scrolls: d.scrollWidth > d.clientWidth}; })"""
        )
        assert len(boxes) == 5
        for b in boxes:
            assert b["w"] > 40 and b["h"] > 15, (width, boxes)
        short = boxes[2]  # N_j = sum_i gamma_ij: narrow, centred
        assert not short["scrolls"] and abs(short["left"] - short["right"]) < 4, (width, short)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width == 390:
            assert any(b["scrolls"] for b in boxes)  # the widest equations scroll inside their box
        page.close()


def _open_shadow_roots(context) -> None:
    # Material draws each diagram into a closed shadow root; open it so the test can measure the SVG.
    context.add_init_script("const a = Element.prototype.attachShadow; Element.prototype.attachShadow = function (o) { return a.call(this, {...o, mode: 'open'}); };")


def _offline(blocked: list[str], local: list[str]):
    """A route handler: requests to the test server go through, every other one is aborted."""

    def route(r) -> None:
        if r.request.url.startswith("http://127.0.0.1"):
            local.append(r.request.url)
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    return route


def test_mermaid_renders_offline_in_both_palettes_and_after_instant_navigation(browser, reader_site):
    url, _ = reader_site
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1400, "height": 900}, color_scheme=scheme)
        _open_shadow_roots(context)
        page = context.new_page()
        blocked: list[str] = []
        local: list[str] = []

        page.route("**/*", _offline(blocked, local))
        page.goto(url)
        page.wait_for_function("window.document$ !== undefined")
        page.wait_for_load_state("networkidle")
        assert not [u for u in local if u.endswith("mermaid.min.js")]  # the home page has no diagram
        page.evaluate("window.__same_document = true")
        page.locator("article a", has_text="Diagram").first.click()
        page.wait_for_url("**/Diagram/")
        svg = page.locator("article div.mermaid svg")
        svg.wait_for(timeout=20000)
        assert page.evaluate("window.__same_document === true")  # instant navigation, no reload
        box = svg.bounding_box()
        assert box["width"] > 300 and box["height"] > 30
        assert "Optimizer step" in svg.text_content()
        colours[scheme] = page.evaluate("getComputedStyle(document.querySelector('div.mermaid').shadowRoot.querySelector('.nodeLabel')).color")
        assert blocked == []
        assert [u for u in local if u.endswith("/assets/vault/vendor/mermaid.min.js")]
        context.close()
    assert colours["light"] != colours["dark"]  # the labels follow the palette


def test_mathjax_is_fetched_only_by_pages_with_math(page, reader_site):
    url, _ = reader_site
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(url + "Plain/")
    page.wait_for_function("window.document$ !== undefined")
    page.wait_for_load_state("networkidle")
    assert not [u for u in fetched if "mathjax-tex-svg" in u]
    assert not [u for u in fetched if "mermaid.min" in u]
    # a preview with math, from a page without: MathJax is fetched then, and typesets the preview
    page.locator("article a.vault-link", has_text="Equations").first.hover()
    page.locator(".vault-preview .arithmatex mjx-container svg").first.wait_for(timeout=15000)
    assert len([u for u in fetched if "mathjax-tex-svg" in u]) == 1
    page.mouse.move(5, 5)
    page.locator("article a.vault-link", has_text="Equations").first.click()
    page.wait_for_url("**/Equations/")
    page.wait_for_function("document.querySelectorAll('article div.arithmatex mjx-container svg').length === 5", timeout=15000)
    assert len([u for u in fetched if "mathjax-tex-svg" in u]) == 1  # once per visit


def test_on_a_touch_screen_the_first_tap_lights_a_note_and_the_second_opens_it(browser, reader_site):
    url, _ = reader_site
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(url + "graph/")
    settled(page, PAGE)
    assert vividness(page, PAGE, shot(page, PAGE), "Gamma 3") > 60
    x, y = page.evaluate(NODE_AT, [PAGE, "Hub Alpha"])
    page.touchscreen.tap(x, y)
    page.wait_for_timeout(500)
    assert page.url == url + "graph/"
    assert vividness(page, PAGE, shot(page, PAGE), "Gamma 3") < 40  # not a neighbour: faded
    page.touchscreen.tap(x, y)
    page.wait_for_url("**/alpha/Hub%20Alpha/")
    phone.close()
