"""The browser side on the basic fixture: graph page, local graph, backlinks, previews, palette."""

from __future__ import annotations

import json

import pytest

pytestmark = [
    pytest.mark.browser,
    # Chromium keeps connections to the test server open after a page closes.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def test_graph_page_draws_every_node_and_filters(page, basic_site):
    url, built = basic_site
    nodes = json.loads((built.site / "graph.json").read_text(encoding="utf-8"))["nodes"]
    page.goto(url + "graph/")
    graph = page.locator("#vault-graph")
    page.wait_for_function("document.querySelector('#vault-graph').dataset.ready === '1'")
    assert graph.get_attribute("data-nodes") == str(len(nodes))
    page.wait_for_function(f"+document.querySelector('#vault-graph').dataset.drawn === {len(nodes)}")
    page.fill("#vault-graph-filter", "plan")
    page.wait_for_function("document.querySelector('#vault-graph').dataset.visible === '2'")
    page.wait_for_function("+document.querySelector('#vault-graph').dataset.drawn === 2")


def test_clicking_a_node_opens_the_note(page, basic_site):
    url, _ = basic_site
    page.goto(url + "graph/")
    page.wait_for_function("document.querySelector('#vault-graph').dataset.ready === '1'")
    page.fill("#vault-graph-filter", "v1.2")
    page.wait_for_function("document.querySelector('#vault-graph').dataset.visible === '1'")
    # where the node is on the screen, from the graph's own coordinates, once the framing of the
    # match (250 ms after typing, then a 500 ms move) has stopped moving it
    where = """() => { const el = document.querySelector('#vault-graph'); const g = el.vaultGraph;
        const n = g.graphData().nodes.find(n => n.id === 'v1.2%20release/');
        const p = g.graph2ScreenCoords(n.x, n.y); const r = el.getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }"""
    page.wait_for_timeout(500)
    x, y = page.evaluate(where)
    for _ in range(50):
        page.wait_for_timeout(100)
        (x, y), last = page.evaluate(where), (x, y)
        if abs(x - last[0]) < 0.5 and abs(y - last[1]) < 0.5:
            break
    page.mouse.move(x, y)
    page.wait_for_function("document.querySelector('#vault-graph').dataset.hover === 'v1.2%20release/'")
    page.mouse.click(x, y)
    page.wait_for_url("**/v1.2%20release/")


def test_graph_page_starts_from_the_build_layout(page, basic_site):
    # graph.json carries the positions laid out at build time: the page draws them as they are,
    # with no simulation (and keeps nothing in localStorage, as it did when it laid out itself)
    url, built = basic_site
    nodes = {n["id"]: n for n in json.loads((built.site / "graph.json").read_text(encoding="utf-8"))["nodes"]}
    page.goto(url + "graph/")
    page.wait_for_function("document.querySelector('#vault-graph').dataset.settled === '1'")
    assert page.locator("#vault-graph").get_attribute("data-layout") == "build"
    page.wait_for_timeout(500)
    shown = page.evaluate("document.querySelector('#vault-graph').vaultGraph.graphData().nodes.map(n => [n.id, n.x, n.y])")
    assert {i: (x, y) for i, x, y in shown} == {i: (n["x"], n["y"]) for i, n in nodes.items()}
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('vault-graph-layout:'))") == []


def test_local_graph_and_backlinks(page, basic_site):
    url, _ = basic_site
    page.goto(url + "notes/Target/")
    back = page.locator(".vault-backlinks")
    assert "Fixture Home" in back.inner_text()
    assert "Linked mentions" in back.inner_text()
    canvas = page.locator(".vault-local-graph__canvas")
    canvas.wait_for()
    page.wait_for_function("document.querySelector('.vault-local-graph__canvas').dataset.ready === '1'")
    # Target's neighbours: Home (links both ways) and Previews (links to it)
    assert canvas.get_attribute("data-nodes") == "3"


# The previews are tested on a page without a PDF viewer: in headless Chromium the PDF plugin's
# iframe takes focus once loaded, and Playwright's synthetic mouse events then miss the page.
def test_hover_preview_shows_the_linked_heading(page, basic_site):
    url, _ = basic_site
    page.goto(url + "Previews/")
    page.locator("article a.vault-link", has_text="Target > Part > Step").first.hover()
    preview = page.locator(".vault-preview")
    preview.wait_for(timeout=5000)
    assert "Step text." in preview.inner_text()
    assert "Setup text." not in preview.inner_text()


def test_hover_preview_of_a_block(page, basic_site):
    url, _ = basic_site
    page.goto(url + "Previews/")
    page.locator("article a.vault-link", has_text="^quote-1").first.hover()
    page.locator(".vault-preview").wait_for(timeout=5000)
    assert "A quotable line." in page.locator(".vault-preview").inner_text()


def test_math_is_typeset_offline_and_in_previews(page, basic_site):
    url, _ = basic_site
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(url + "v1.2%20release/")
    page.locator("article .arithmatex mjx-container svg").wait_for(timeout=10000)
    page.goto(url + "Previews/")
    page.locator("article a.vault-link", has_text="v1.2 release").first.hover()
    page.locator(".vault-preview .arithmatex mjx-container").wait_for(timeout=10000)
    assert [u for u in failed if not u.startswith(url)] == []  # MathJax ships with the plugin: no CDN request


def test_preview_opens_on_keyboard_focus(page, basic_site):
    url, _ = basic_site
    page.goto(url + "Previews/")
    page.locator("article a.vault-link", has_text="v1.2 release").first.focus()
    page.locator(".vault-preview").wait_for(timeout=5000)
    assert "Release notes" in page.locator(".vault-preview").inner_text()


def test_instant_navigation_keeps_it_working(page, basic_site):
    url, _ = basic_site
    page.goto(url + "Previews/")
    page.wait_for_function("window.document$ !== undefined")
    page.evaluate("window.__same_document = true")
    page.locator("article a.vault-link", has_text="v1.2 release").first.click()
    page.wait_for_url("**/v1.2%20release/")
    assert page.evaluate("window.__same_document === true")  # no full reload: instant navigation
    page.wait_for_function("document.querySelector('.vault-local-graph__canvas') && document.querySelector('.vault-local-graph__canvas').dataset.ready === '1'")
    page.locator("article .arithmatex mjx-container").wait_for(timeout=10000)  # math typeset after the page change
    page.locator("article a.vault-link", has_text="Café déjà vu").hover()
    page.locator(".vault-preview").wait_for(timeout=5000)
    assert "Unicode note." in page.locator(".vault-preview").inner_text()


def test_dark_mode_applies(browser, basic_site):
    url, _ = basic_site
    seen = {}
    for scheme in ("light", "dark"):
        page = browser.new_page(color_scheme=scheme)
        page.goto(url + "graph/")
        seen[scheme] = (
            page.locator("body").get_attribute("data-md-color-scheme"),
            page.evaluate("getComputedStyle(document.querySelector('.vault-graph-controls input')).backgroundColor"),
        )
        page.close()
    assert seen["light"] == ("default", "rgb(255, 255, 255)")
    assert seen["dark"][0] == "slate" and seen["dark"][1] != "rgb(255, 255, 255)"
