"""What a reader sees of a canvas (tests/fixtures/canvas): the board fits the content width with
its aspect ratio at desktop and phone sizes, with and without JavaScript, its nodes are where
the canvas puts them, and the wheel zooms it (the board grows on screen around the pointer)."""

from __future__ import annotations

import pytest

from .conftest import build_and_serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

BOARD = ".md-content .vault-canvas"
BOXES = """(sel) => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; };
  const root = document.querySelector(sel);
  return {
    board: box(root),
    article: box(document.querySelector("article.md-content__inner")),
    text: box(root.querySelector('[data-node="txt"]')),
    note: box(root.querySelector('[data-node="note"]')),
    image: box(root.querySelector('[data-node="img"] img')),
    imageLoaded: root.querySelector('[data-node="img"] img').naturalWidth > 0,
    link: box(root.querySelector('[data-node="txt"] a.vault-link')),
    edges: root.querySelectorAll(".vault-canvas-edge path").length,
    edgeBox: box(root.querySelector('.vault-canvas-edge[data-edge="e1"] path')),
    transform: getComputedStyle(root.querySelector(".vault-canvas-board")).transform,
    pageWidth: document.documentElement.scrollWidth,
  };
}"""


@pytest.fixture(scope="module")
def canvas_site(tmp_path_factory):
    url, built, httpd = build_and_serve("canvas", tmp_path_factory.mktemp("canvas"), strict=False)
    yield url, built
    httpd.shutdown()
    httpd.server_close()


def _check_layout(b: dict, viewport_width: int) -> None:
    assert b["board"]["w"] > 100 and b["board"]["h"] > 80
    assert abs(b["board"]["h"] / b["board"]["w"] - 840 / 980) < 0.01  # the canvas's aspect ratio
    assert b["board"]["w"] <= b["article"]["w"] + 1  # fits the content width
    assert b["pageWidth"] <= viewport_width  # nothing wider than the phone
    # the text node sits at its place in the board: x 80/980, y 120/840, width 320/980
    assert abs(b["text"]["x"] - b["board"]["x"] - b["board"]["w"] * 80 / 980) < 2
    assert abs(b["text"]["y"] - b["board"]["y"] - b["board"]["h"] * 120 / 840) < 2
    assert abs(b["text"]["w"] - b["board"]["w"] * 320 / 980) < 2
    assert b["note"]["x"] > b["text"]["x"] + b["text"]["w"]  # the note to its right
    assert b["link"]["w"] > 0 and b["link"]["y"] < b["text"]["y"] + b["text"]["h"]  # the wikilink inside its box
    assert b["imageLoaded"] and b["image"]["w"] > 10
    # edge e1 runs from the text node's right side to the note's left side
    assert b["edges"] == 3
    assert abs(b["edgeBox"]["x"] - (b["text"]["x"] + b["text"]["w"])) < 3
    assert abs(b["edgeBox"]["x"] + b["edgeBox"]["w"] - b["note"]["x"]) < b["board"]["w"] * 13 / 980 + 3


@pytest.mark.parametrize("width,height,mobile", [(1400, 900, False), (390, 844, True)])
def test_board_fits_the_content_width_with_its_aspect_ratio(browser, canvas_site, width, height, mobile):
    url, _ = canvas_site
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=mobile, has_touch=mobile)
    page = context.new_page()
    page.goto(url + "Board/")
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    assert page.locator(BOARD).is_visible()
    _check_layout(page.evaluate(BOXES, BOARD), width)
    context.close()


def test_board_without_javascript_is_the_same_static_picture(browser, canvas_site):
    url, _ = canvas_site
    for width in (1400, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
        page = context.new_page()
        page.goto(url + "Board/")
        page.wait_for_load_state("load")
        assert page.locator(BOARD).is_visible()
        assert page.locator(BOARD + " .vault-canvas-reset").count() == 0  # no script ran
        assert page.locator(BOARD + ' [data-node="txt"] h2').inner_text().strip().startswith("Start here")
        box = page.locator(BOARD).bounding_box()
        text = page.locator(BOARD + ' [data-node="txt"]').bounding_box()
        assert box["width"] > 100 and abs(box["height"] / box["width"] - 840 / 980) < 0.01
        assert abs(text["x"] - box["x"] - box["width"] * 80 / 980) < 2
        context.close()


def test_wheel_zooms_around_the_pointer_and_fit_resets(browser, canvas_site):
    url, _ = canvas_site
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url + "Board/")
    page.wait_for_selector(BOARD + " .vault-canvas-reset")
    before = page.evaluate(BOXES, BOARD)
    assert before["transform"] in ("none", "matrix(1, 0, 0, 1, 0, 0)")
    text = before["text"]
    cx, cy = text["x"] + text["w"] / 2, text["y"] + text["h"] / 2
    page.mouse.move(cx, cy)
    page.mouse.wheel(0, -400)
    page.wait_for_function("(sel) => getComputedStyle(document.querySelector(sel + ' .vault-canvas-board')).transform !== 'none'", arg=BOARD)
    after = page.evaluate(BOXES, BOARD)
    scale = float(after["transform"].split("(")[1].split(",")[0])
    assert scale > 1.5
    assert after["text"]["w"] > 1.5 * text["w"]  # the node grew on screen...
    moved = after["text"]["x"] + after["text"]["w"] / 2 - cx, after["text"]["y"] + after["text"]["h"] / 2 - cy
    assert abs(moved[0]) < 2 and abs(moved[1]) < 2  # ...around the pointer
    assert after["board"] == before["board"]  # the frame stays; only its content zooms
    # a drag pans
    page.mouse.move(before["board"]["x"] + 20, before["board"]["y"] + 20)
    page.mouse.down()
    page.mouse.move(before["board"]["x"] + 120, before["board"]["y"] + 70, steps=5)
    page.mouse.up()
    panned = page.evaluate(BOXES, BOARD)
    assert abs(panned["text"]["x"] - after["text"]["x"] - 100) < 2 and abs(panned["text"]["y"] - after["text"]["y"] - 50) < 2
    page.click(BOARD + " .vault-canvas-reset")
    reset = page.evaluate(BOXES, BOARD)
    assert abs(reset["text"]["x"] - text["x"]) < 1 and abs(reset["text"]["w"] - text["w"]) < 1
    page.close()


EMBEDDED = ".md-content .vault-canvas.vault-canvas-embedded"
STATE = """(sel) => ({
  scrollY: window.scrollY,
  transform: getComputedStyle(document.querySelector(sel + ' .vault-canvas-board')).transform,
})"""


def _embedded_page(browser, canvas_site, width=1400, height=700):
    url, _ = canvas_site
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    page.wait_for_selector(EMBEDDED + " .vault-canvas-reset")
    return (page, *_board_in_view(page))


def _board_in_view(page):
    """Scroll the page so the board's top is 150 px under the window's; the pointer over it."""
    page.evaluate("(sel) => window.scrollTo(0, document.querySelector(sel).getBoundingClientRect().top + window.scrollY - 150)", EMBEDDED)
    page.wait_for_function("() => window.scrollY > 0")
    box = page.locator(EMBEDDED).bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + min(box["height"] - 20, 200))  # over the board, not a card
    return (box,)


def test_wheel_over_an_embedded_board_scrolls_the_page(browser, canvas_site):
    page, _ = _embedded_page(browser, canvas_site)
    before = page.evaluate(STATE, EMBEDDED)
    assert before["transform"] in ("none", "matrix(1, 0, 0, 1, 0, 0)")
    page.mouse.wheel(0, 300)
    page.wait_for_function("(y) => window.scrollY > y + 100", arg=before["scrollY"])
    after = page.evaluate(STATE, EMBEDDED)
    assert after["scrollY"] > before["scrollY"] + 100  # the page scrolled...
    assert after["transform"] == before["transform"]  # ...and the board did not zoom
    assert page.locator(EMBEDDED + " .vault-canvas-hint").is_visible()  # saying how to zoom
    page.close()


def test_ctrl_wheel_or_a_click_zooms_an_embedded_board(browser, canvas_site):
    page, box = _embedded_page(browser, canvas_site)
    before = page.evaluate(STATE, EMBEDDED)
    page.keyboard.down("Control")  # what a trackpad pinch sends, too
    page.mouse.wheel(0, -300)
    page.keyboard.up("Control")
    page.wait_for_function("(sel) => getComputedStyle(document.querySelector(sel + ' .vault-canvas-board')).transform !== 'none'", arg=EMBEDDED)
    zoomed = page.evaluate(STATE, EMBEDDED)
    assert float(zoomed["transform"].split("(")[1].split(",")[0]) > 1.3
    assert abs(zoomed["scrollY"] - before["scrollY"]) < 2  # the page stayed
    page.click(EMBEDDED + " .vault-canvas-reset")  # (Playwright scrolls the button into view)
    # clicked into, the plain wheel zooms it, until a click elsewhere gives the wheel back to the page
    (box,) = _board_in_view(page)
    before = page.evaluate(STATE, EMBEDDED)
    assert before["transform"] == "matrix(1, 0, 0, 1, 0, 0)"
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + 40)
    page.mouse.wheel(0, -300)
    page.wait_for_function("(sel) => getComputedStyle(document.querySelector(sel + ' .vault-canvas-board')).transform !== 'matrix(1, 0, 0, 1, 0, 0)'", arg=EMBEDDED)
    engaged = page.evaluate(STATE, EMBEDDED)
    assert float(engaged["transform"].split("(")[1].split(",")[0]) > 1.3 and abs(engaged["scrollY"] - before["scrollY"]) < 2
    page.mouse.click(5, 5)  # outside the board
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + 60)
    page.mouse.wheel(0, 300)
    page.wait_for_function("(y) => window.scrollY > y + 100", arg=engaged["scrollY"])
    assert page.evaluate(STATE, EMBEDDED)["transform"] == engaged["transform"]
    page.close()


CARD = """(sel) => {
  const root = document.querySelector(sel);
  const node = root.querySelector('[data-node="whole"]');
  const body = node.querySelector('.vault-canvas-note-body');
  const r = node.getBoundingClientRect(), b = body.getBoundingClientRect();
  return {node: {x: r.left, y: r.top, w: r.width, h: r.height}, body: {x: b.left, y: b.top, w: b.width, h: b.height},
          scrollTop: body.scrollTop, scrollHeight: body.scrollHeight, clientHeight: body.clientHeight,
          text: body.innerText, pageWidth: document.documentElement.scrollWidth,
          transform: getComputedStyle(root.querySelector('.vault-canvas-board')).transform};
}"""


@pytest.mark.parametrize("width,height,mobile", [(1400, 900, False), (390, 844, True)])
def test_a_notes_card_shows_the_note_and_scrolls_inside_the_card(browser, canvas_site, width, height, mobile):
    url, _ = canvas_site
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=mobile, has_touch=mobile)
    page = context.new_page()
    page.goto(url + "Board/")
    page.wait_for_selector(BOARD + " .vault-canvas-reset")
    card = page.evaluate(CARD, BOARD)
    assert "Beta links back to Alpha" in card["text"] and "Item 30 of the reading list" in card["text"]
    # inside its node's box, taller content than the card: it scrolls there, the page keeps its width
    assert card["body"]["y"] >= card["node"]["y"] and card["body"]["y"] + card["body"]["h"] <= card["node"]["y"] + card["node"]["h"] + 1
    assert card["scrollHeight"] > card["clientHeight"] and card["pageWidth"] <= width
    section = page.locator(BOARD + ' [data-node="note"] .vault-canvas-note-body')
    assert "Some details about Alpha" in section.inner_text() and "closing part" not in section.inner_text()
    if not mobile:  # as in Obsidian, the wheel scrolls a card once it is selected; until then it zooms
        x, y = card["body"]["x"] + card["body"]["w"] / 2, card["body"]["y"] + card["body"]["h"] / 2
        page.mouse.move(x, y)
        page.mouse.wheel(0, 200)  # down: the card could scroll, but it is not selected
        page.wait_for_function("(sel) => getComputedStyle(document.querySelector(sel + ' .vault-canvas-board')).transform !== 'none'", arg=BOARD)
        assert page.evaluate(CARD, BOARD)["scrollTop"] == 0
        page.click(BOARD + " .vault-canvas-reset")
        card = page.evaluate(CARD, BOARD)
        x, y = card["body"]["x"] + card["body"]["w"] / 2, card["body"]["y"] + card["body"]["h"] / 2
        page.mouse.click(x, y)  # select it
        page.mouse.wheel(0, 200)
        page.wait_for_function("(sel) => document.querySelector(sel + ' [data-node=\"whole\"] .vault-canvas-note-body').scrollTop > 0", arg=BOARD)
        assert page.evaluate(CARD, BOARD)["transform"] == card["transform"]  # the card scrolled, the board did not zoom
    context.close()
