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
