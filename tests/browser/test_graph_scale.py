"""The graph page at a few thousand notes: a graph.json of 3,000 generated notes and 24,000 links
(Zipf-popular targets), laid out as a build lays it out, replaces the basic fixture's. What a reader
sees: the first frame is labelled and every note drawn; dragging pans the picture (the pixels move
while the button is held, and after); the wheel zooms it; a note's label is readable text."""

from __future__ import annotations

import json
import random

import pytest

from mkdocs_vault_kb.core.graph import with_layout
from mkdocs_vault_kb.core.graphlayout import LayoutCache

from .conftest import build_and_serve
from .test_reader import LABEL_SPY, changed_pixels, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

N, LINKS = 3000, 24000
PAGE = "#vault-graph"


def generated_graph(n: int = N, m: int = LINKS, seed: int = 0) -> dict:
    rng = random.Random(seed)
    ids = [f"n/{i:05d}/" for i in range(n)]
    popular = ids[:]
    rng.shuffle(popular)
    weights = [1 / (r + 1) for r in range(n)]  # Zipf, exponent 1
    nodes = [{"id": ids[i], "title": f"Note {i:05d}", "path": f"f{i % 12}/Note {i:05d}.md", "folder": f"f{i % 12}", "tags": []} for i in range(n)]
    seen: set[tuple[str, str]] = set()
    links = []
    while len(links) < m:
        for t in rng.choices(popular, weights, k=m - len(links)):
            s = rng.choice(ids)
            if s != t and (s, t) not in seen:
                seen.add((s, t))
                links.append({"source": s, "target": t, "kinds": ["link"]})
    return with_layout({"directed": True, "multigraph": False, "graph": {}, "nodes": nodes, "links": links}, LayoutCache())


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    url, built, httpd = build_and_serve("basic", tmp_path_factory.mktemp("scale"))
    (built.site / "graph.json").write_text(json.dumps(generated_graph()), encoding="utf-8")
    yield url
    httpd.shutdown()
    httpd.server_close()


def light_and_dark(img, box) -> tuple[int, int]:
    """Near-white pixels (a label's halo) and near-black ones (its letters) in ``box``."""
    px = list(img.crop(box).getdata())
    return sum(1 for r, g, b in px if r + g + b > 720), sum(1 for r, g, b in px if r + g + b < 150)


def test_first_frame_is_labelled_and_dragging_pans_the_picture(browser, big_site):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.add_init_script(LABEL_SPY)
    page.goto(big_site + "graph/")
    page.wait_for_function("document.querySelector('#vault-graph').dataset.labelled === '1'", timeout=30000)
    graph = page.locator(PAGE)
    assert graph.get_attribute("data-nodes") == str(N) and graph.get_attribute("data-drawn") == str(N)
    assert graph.get_attribute("data-layout") == "build"
    page.wait_for_timeout(500)
    before = shot(page, PAGE)

    # labels: a few dozen hubs, none overlapping another, each readable (a light halo, dark letters)
    texts = page.evaluate("s => window.__lastFrameTexts(s)", PAGE)
    assert 10 <= len(texts) <= 600, len(texts)
    box = graph.bounding_box()
    readable = 0
    for t in texts.values():
        x, y = int(t["x"]), int(t["y"])
        if 30 < x < box["width"] - 30 and 0 < y < box["height"] - 14:
            light, dark = light_and_dark(before, (x - 20, y + 2, x + 20, y + 12))
            readable += light > 40 and dark > 15
    assert readable >= 0.8 * len(texts), (readable, len(texts))

    # a drag from the empty margin: the picture follows the pointer while the button is held
    x0, y0 = box["x"] + 12, box["y"] + box["height"] / 2
    page.mouse.move(x0, y0)
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(x0 + 20 * i, y0 + 8 * i)
    page.wait_for_timeout(50)
    during = shot(page, PAGE)
    page.mouse.up()
    page.wait_for_timeout(600)  # the full drawing is back
    after = shot(page, PAGE)
    # moved by the drag, while the button is held and after: the picture shifted 200 px right and
    # 80 down matches what was there
    shifted = before.crop((0, 0, before.width - 200, before.height - 80))
    for img in (during, after):
        assert changed_pixels(before, img) > 2000
        assert changed_pixels(shifted, img.crop((200, 80, img.width, img.height))) < 0.2 * changed_pixels(before, img)

    # the wheel zooms in about the pointer: more labels than at the default zoom
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(12):
        page.mouse.wheel(0, -120)
        page.wait_for_timeout(20)
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.wait_for_timeout(600)
    zoomed = shot(page, PAGE)
    assert changed_pixels(after, zoomed) > 2000
    assert graph.get_attribute("data-drawn") != str(N)  # zoomed in: the notes off the screen are not drawn
    page.close()


def test_notes_near_the_pointer_are_labelled(browser, big_site):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.add_init_script(LABEL_SPY)
    page.goto(big_site + "graph/")
    page.wait_for_function("document.querySelector('#vault-graph').dataset.labelled === '1'", timeout=30000)
    page.wait_for_timeout(300)
    before = page.evaluate("s => window.__lastFrameTexts(s)", PAGE)
    box = page.locator(PAGE).bounding_box()
    # a point of the graph a little off its centre (not on a note: hovering one lights it instead)
    x, y = page.evaluate(
        """() => { const el = document.querySelector('#vault-graph'), g = el.vaultGraph, r = el.getBoundingClientRect();
           for (let dx = 60; ; dx += 3) { const p = g.screen2GraphCoords(r.width / 2 + dx, r.height / 2 + 40);
             const k = g.zoom();
             if (!g.graphData().nodes.some(n => Math.hypot(n.x - p.x, n.y - p.y) * k < 12)) return [r.width / 2 + dx, r.height / 2 + 40]; } }"""
    )
    page.mouse.move(box["x"] + x, box["y"] + y)
    page.wait_for_timeout(500)
    after = page.evaluate("s => window.__lastFrameTexts(s)", PAGE)
    assert not page.locator(PAGE).get_attribute("data-hover")  # no note lit: these are the pointer's labels
    new = {t: v for t, v in after.items() if t not in before}
    assert len(new) >= 3, new
    # each new label hangs under a note within 70 px of the pointer
    assert all(abs(v["x"] - x) < 70 and -70 < v["y"] - y < 90 for v in new.values()), (x, y, new)
    page.close()
