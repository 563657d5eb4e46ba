"""The ``bases`` fixture vault built strict: a ``.base`` file becomes a page with every view, a
``base`` code block renders in place and ``![[Library.base#Gallery]]`` shows that view."""

from __future__ import annotations

import re

import pytest

from .conftest import build


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build("bases", tmp_path_factory.mktemp("bases"))


def article(page: str) -> str:
    return page[page.index("<article") : page.index("</article>")]


def views(page: str) -> dict[str, str]:
    parts = re.split(r'<section class="vault-base-view [^"]*" data-view="([^"]*)"', article(page))
    return dict(zip(parts[1::2], parts[2::2]))


def rows(view: str) -> list[list[str]]:
    """Each row's cells as text (tags dropped), and links as 'text->href'."""
    out = []
    for tr in re.findall(r"<tr>(.*?)</tr>", view.split("<tbody>", 1)[1]):
        cells = []
        for td in re.findall(r"<td[^>]*>(.*?)</td>", tr):
            link = re.search(r'<a class="vault-link" href="([^"]*)">([^<]*)</a>', td)
            box = re.search(r"<input[^>]*>", td)
            cells.append(f"{link[2]}->{link[1]}" if link else ("[x]" if box and "checked" in box[0] else "[ ]" if box else re.sub(r"<[^>]+>", "", td)))
        out.append(cells)
    return out


def test_strict_build_has_no_warnings(site):
    assert site.messages() == []


def test_base_page_shows_every_view_in_order(site):
    page = site.html("Library/")
    assert "<title>Library" in page
    assert list(views(page)) == ["All books", "Gallery", "Recent", "Shelf"]
    table = views(page)["All books"]
    footer = re.findall(r'<td data-summary="([^"]*)"><span[^>]*>[^<]*</span> <span[^>]*>([^<]*)</span>', table)
    assert footer == [("Sum", "994"), ("Checked", "2"), ("Average", "1974")]  # 272 + 310 + 412; (2020 + 1937 + 1965) / 3
    assert re.findall(r"<th[^>]*>([^<]*)</th>", table) == ["Book", "Author", "pages", "Cents per page", "read", "year", "genres"]
    assert rows(table) == [  # sorted by pages, ascending
        ["Piranesi->../books/Piranesi/", "Susanna Clarke", "272", "4.41", "[x]", "2020", "fantasy"],
        ["The Hobbit->../books/The%20Hobbit/", "Tolkien->../people/Tolkien/", "310", "2.42", "[ ]", "1937", "fantasy"],
        ["Dune->../books/Dune/", "Frank Herbert->../people/Frank%20Herbert/", "412", "2.42", "[x]", "1965", "scifi, classic"],
    ]
    cards = views(page)["Gallery"]
    assert re.findall(r'card-title"><a class="vault-link" href="([^"]*)">([^<]*)<', cards) == [
        ("../books/Dune/", "Dune"), ("../books/Piranesi/", "Piranesi"),
    ]
    recent = views(page)["Recent"]  # published after 2000, newest first, limit 1
    assert re.findall(r'<li><a class="vault-link" href="([^"]*)">', recent) == ["../books/Piranesi/"]
    assert "2020-09-15" in recent and "1 result<" in recent
    shelf = views(page)["Shelf"]  # kanban: a column of cards per value of formula.due
    columns = re.split(r'<div class="vault-base-kanban-column">', shelf)[1:]
    assert [re.search(r'vault-base-group">([^<]*?) <', c)[1] for c in columns] == ["to read", "done"]
    assert [re.findall(r'card-title"><a[^>]*>([^<]*)<', c) for c in columns] == [["The Hobbit"], ["Dune", "Piranesi"]]


def test_code_block_and_embed_in_a_note(site):
    page = site.html("")
    shown = views(page)
    assert list(shown) == ["Best", "Gallery"]  # the block, then only the embed's named view
    assert re.findall(r"<th[^>]*>([^<]*)</th>", shown["Best"]) == ["file name", "Stars"]
    assert rows(shown["Best"]) == [["Dune->books/Dune/", "5"], ["The Hobbit->books/The%20Hobbit/", "4"]]
    assert "due</span> <span class=\"vault-base-value\">done" in shown["Gallery"]
    assert "```" not in article(page) and "filters:" not in article(page)


def test_links_to_the_base_reach_its_page_and_script_is_registered(site):
    page = site.html("")
    assert 'assets/vault/vault-bases.js' in page and 'assets/vault/vault-bases.css' in page
    assert re.search(r'<a class="vault-link[^"]*" href="Library/">the library</a>', page)


def test_a_broken_formula_is_a_warning_and_an_empty_cell(tmp_path):
    import shutil

    from .conftest import FIXTURES

    docs = tmp_path / "vault"
    shutil.copytree(FIXTURES / "bases", docs)
    (docs / "Bad.base").write_text(
        'formulas:\n  ok: "pages * 2"\n  bad: "pages.nosuch()"\nviews:\n  - type: table\n'
        "    order: [file.name, formula.bad, formula.ok]\n    filters: 'file.inFolder(\"books\")'\n",
        encoding="utf-8",
    )
    built = build("bases", tmp_path, strict=False, docs=docs)
    assert built.messages() == ["vault: Bad.base:3: base: 'pages.nosuch()': unknown function nosuch() for a number"]
    table = views(built.html("Bad/"))["Table"]
    assert rows(table)[0] == ["Dune->../books/Dune/", "", "824"]
