"""What a reader does with a base (tests/fixtures/bases): a click on a column header sorts the
rows, the filter box hides the rows that do not match, and on a phone the table stays visible
without making the page wider than the screen (a wide table scrolls inside its own box)."""

from __future__ import annotations

import pytest

from .conftest import build_and_serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

VIEW = '.md-content .vault-base-view[data-view="All books"]'
VISIBLE_TITLES = """(sel) => [...document.querySelectorAll(sel + ' tbody:not(.vault-base-summary) tr')]
  .filter((tr) => !tr.hidden && tr.getBoundingClientRect().height > 0)
  .map((tr) => tr.cells[0].textContent.trim())"""


@pytest.fixture(scope="module")
def bases_site(tmp_path_factory):
    url, built, httpd = build_and_serve("bases", tmp_path_factory.mktemp("bases"))
    yield url, built
    httpd.shutdown()
    httpd.server_close()


def _open(browser, url: str, width: int = 1400, height: int = 900, mobile: bool = False):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=mobile, has_touch=mobile)
    page = context.new_page()
    page.goto(url + "Library/")
    page.wait_for_selector(VIEW + " .vault-base-filter")  # the script has run
    return context, page


def test_a_header_click_sorts_the_rows(browser, bases_site):
    url, _ = bases_site
    context, page = _open(browser, url)
    rows = lambda: page.evaluate(VISIBLE_TITLES, VIEW)  # noqa: E731
    assert rows() == ["Piranesi", "The Hobbit", "Dune"]  # the base's own sort: pages, ascending
    page.click(VIEW + ' th[data-prop="file.name"]')
    assert rows() == ["Dune", "Piranesi", "The Hobbit"]
    assert page.get_attribute(VIEW + ' th[data-prop="file.name"]', "aria-sort") == "ascending"
    page.click(VIEW + ' th[data-prop="file.name"]')
    assert rows() == ["The Hobbit", "Piranesi", "Dune"]
    page.click(VIEW + ' th[data-prop="formula.year"]')  # numbers compare as numbers
    assert rows() == ["The Hobbit", "Dune", "Piranesi"]
    context.close()


def test_typing_in_the_filter_box_hides_rows(browser, bases_site):
    url, _ = bases_site
    context, page = _open(browser, url)
    box = page.locator(VIEW + " .vault-base-filter")
    assert box.is_visible()
    box.fill("herbert")
    assert page.evaluate(VISIBLE_TITLES, VIEW) == ["Dune"]
    assert page.locator(VIEW + " tbody:not(.vault-base-summary) tr").count() == 3  # hidden, not removed
    box.fill("fantasy")
    assert page.evaluate(VISIBLE_TITLES, VIEW) == ["Piranesi", "The Hobbit"]
    box.fill("")
    assert len(page.evaluate(VISIBLE_TITLES, VIEW)) == 3
    context.close()


def test_on_a_phone_the_table_is_visible_and_the_page_does_not_overflow(browser, bases_site):
    url, _ = bases_site
    context, page = _open(browser, url, 390, 844, mobile=True)
    table = page.locator(VIEW + " table.vault-base-table")
    assert table.is_visible()
    sizes = page.evaluate(
        """(sel) => {
          const scroll = document.querySelector(sel + ' .vault-base-scroll');
          const article = document.querySelector('article.md-content__inner').getBoundingClientRect();
          const box = scroll.getBoundingClientRect();
          return {page: document.documentElement.scrollWidth, body: document.body.scrollWidth,
                  box: {left: box.left, right: box.right}, article: {left: article.left, right: article.right},
                  table: scroll.scrollWidth, first: scroll.querySelector('tbody tr').getBoundingClientRect().height};
        }""",
        VIEW,
    )
    assert sizes["page"] <= 390 and sizes["body"] <= 390, sizes  # nothing wider than the phone
    assert sizes["box"]["left"] >= sizes["article"]["left"] - 1 and sizes["box"]["right"] <= sizes["article"]["right"] + 1, sizes
    assert sizes["first"] > 0
    # the first row's first cell, the book's link, is on screen
    link = page.locator(VIEW + " tbody:not(.vault-base-summary) tr").first.locator("a.vault-link").first.bounding_box()
    assert link is not None and 0 <= link["x"] and link["x"] + link["width"] <= 390
    # a table wider than the phone (the fixture's wraps to fit; a long unbreakable value does not)
    wide = page.evaluate(
        """(sel) => {
          const scroll = document.querySelector(sel + ' .vault-base-scroll');
          scroll.querySelector('tbody td:nth-child(2)').textContent = 'x'.repeat(120);
          const before = {table: scroll.querySelector('table').getBoundingClientRect().width, box: scroll.clientWidth};
          scroll.scrollLeft = 10000;
          return {...before, scrolled: scroll.scrollLeft, page: document.documentElement.scrollWidth, body: document.body.scrollWidth};
        }""",
        VIEW,
    )
    assert wide["table"] > 390 and wide["box"] <= 390, wide
    assert wide["scrolled"] > 0, wide  # it scrolls inside its own box...
    assert wide["page"] <= 390 and wide["body"] <= 390, wide  # ...and the page stays the phone's width
    context.close()


SHOWN = """(name) => {
  const view = document.querySelector('.md-content .vault-base-view[data-view="' + name + '"]');
  const items = [...view.querySelectorAll('tbody:not(.vault-base-summary) tr, .vault-base-card, .vault-base-list > li')];
  return items.filter((el) => el.getBoundingClientRect().height > 0).length;
}"""


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (390, 844)])
def test_tabs_switch_the_view_a_reader_sees(browser, bases_site, width, height):
    """The base's page shows one view at a time once the script runs: the first one, then the
    one whose tab is clicked (or reached with the arrow keys), at desktop and phone sizes."""
    url, _ = bases_site
    context, page = _open(browser, url, width, height, mobile=width < 500)
    tabs = page.locator(".md-content .vault-base-tabs [role=tab]")
    assert tabs.all_inner_texts() == ["All books", "Gallery", "Recent", "Shelf"]
    assert page.evaluate(SHOWN, "All books") == 3 and page.evaluate(SHOWN, "Gallery") == 0
    assert tabs.nth(0).get_attribute("aria-selected") == "true"
    tabs.nth(1).click()
    assert page.evaluate(SHOWN, "Gallery") == 2 and page.evaluate(SHOWN, "All books") == 0
    assert page.locator('.md-content .vault-base-view[data-view="Gallery"] .vault-base-card').first.is_visible()
    assert tabs.nth(1).get_attribute("aria-selected") == "true" and tabs.nth(0).get_attribute("aria-selected") == "false"
    tabs.nth(1).press("ArrowRight")  # keyboard: the next tab is selected and focused
    assert page.evaluate(SHOWN, "Recent") == 1 and page.evaluate(SHOWN, "Gallery") == 0
    assert page.evaluate("document.activeElement.textContent") == "Recent"
    page.keyboard.press("Home")
    assert page.evaluate(SHOWN, "All books") == 3 and page.evaluate(SHOWN, "Recent") == 0
    page.keyboard.press("End")  # the kanban view: its columns of cards, within the page's width
    assert page.evaluate(SHOWN, "Shelf") == 3 and page.evaluate(SHOWN, "All books") == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for i in range(4):  # every tab on screen, none wider than the phone
        box = tabs.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_without_javascript_every_view_is_visible(browser, bases_site):
    url, _ = bases_site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "Library/")
    assert page.locator(".md-content .vault-base-tabs").count() == 0
    for name in ("All books", "Gallery", "Recent", "Shelf"):
        assert page.locator(f'.md-content .vault-base-view[data-view="{name}"]').is_visible()
    context.close()
