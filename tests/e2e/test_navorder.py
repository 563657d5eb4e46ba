"""The navigation follows the home note: folders in the order of its hubs, each opening at its hub."""

from __future__ import annotations

import re

from .conftest import build

HOME = """# Home

- [[Zeta Hub]]
  - [[Zeta Two|the second topic]]
- [[Alpha Hub]]
"""


def test_nav_in_learning_order_with_hubs_as_folder_indexes(tmp_path):
    vault = tmp_path / "vault"
    for path, text in {
        "Home.md": HOME,
        "Zeta/Zeta Hub.md": "# Zeta Hub\n\nStart here.\n",
        "Zeta/Zeta Two.md": "# Zeta Two\n\nBack to [[Zeta Hub]].\n",
        "Zeta/Aaa.md": "# Aaa\n\nAlphabetically first, not linked from home.\n",
        "Alpha/Alpha Hub.md": "# Alpha Hub\n\nSee [[Abc]].\n",
        "Alpha/Abc.md": "# Abc\n\nA note.\n",
    }.items():
        (vault / path).parent.mkdir(parents=True, exist_ok=True)
        (vault / path).write_text(text, encoding="utf-8")
    site = build(str(vault), tmp_path, copy=False)
    home = site.html("")
    nav = home[home.index('<nav class="md-nav md-nav--primary"') : home.index('<div class="md-sidebar md-sidebar--secondary"')]
    titles = [t.strip() for t in re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', nav)]
    top = list(dict.fromkeys(t for t in titles if t in ("Home", "Zeta", "Alpha", "Tags", "Graph")))  # the open page twice: link and TOC title
    assert top[:3] == ["Home", "Zeta", "Alpha"] and sorted(top[3:]) == ["Graph", "Tags"]  # the generated pages last
    # each folder's entry is a link to its hub (Material's navigation.indexes), not a bare label
    assert re.search(r'<a href="Zeta/Zeta%20Hub/" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*Zeta\s*</span>', nav)
    assert re.search(r'<a href="Alpha/Alpha%20Hub/" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*Alpha\s*</span>', nav)
    # reading order: previous/next follow the hubs, then the notes home links, then the rest
    two = site.html("Zeta/Zeta Two/")
    # inside the open folder too, the folder is the hub's link and the hub is not listed again
    open_nav = two[two.index('<nav class="md-nav md-nav--primary"') : two.index('<div class="md-sidebar md-sidebar--secondary"')]
    assert re.search(r'<a href="../Zeta%20Hub/" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*Zeta\s*</span>', open_nav)
    assert not re.search(r'md-ellipsis">\s*Zeta Hub\s*<', open_nav)
    assert re.search(r'md-footer__link--prev"[^>]*aria-label="Previous: Zeta Hub"', two)
    assert re.search(r'md-footer__link--next"[^>]*aria-label="Next: Aaa"', two)
    aaa = site.html("Zeta/Aaa/")
    assert re.search(r'md-footer__link--next"[^>]*aria-label="Next: Alpha Hub"', aaa)
    # breadcrumbs start at the home page
    crumbs = re.findall(r'class="md-path__link"[^>]*>\s*<span class="md-ellipsis">\s*([^<]+?)\s*<', two)
    assert crumbs == ["Home", "Zeta"]
