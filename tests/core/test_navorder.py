"""The navigation in the home note's learning order."""

from __future__ import annotations

from types import SimpleNamespace as NS

from mkdocs_vault_kb.core.navorder import flatten_pages, learning_order, order_nav

NOTES = {"Zeta Hub": "Z/Zeta Hub.md", "Zeta Two": "Z/Zeta Two.md", "Alpha Hub": "A/Alpha Hub.md", "Deep": "A/sub/Deep.md", "Home": "Home.md"}
HOME = """# Home

Intro linking [[Deep]] first, in prose: not a hub.

- [[Zeta Hub]]
  - [[Zeta Two|the second]]
  - plain sub-topic
- **[[Alpha Hub]]**: with words after
  - [[Missing]]

```
- [[Zeta Two]] in code
```
"""


def page(path):
    return NS(file=NS(src_uri=path), children=None, title=path)


def section(title, children):
    return NS(title=title, children=children)


def test_hubs_are_top_level_list_links_and_every_link_counts_for_the_order():
    order = learning_order(HOME, NOTES.get)
    assert order.hubs == ("Z/Zeta Hub.md", "A/Alpha Hub.md")
    assert order.linked == ("A/sub/Deep.md", "Z/Zeta Hub.md", "Z/Zeta Two.md", "A/Alpha Hub.md")
    assert order.folders() == ["Z", "A"]
    assert order.index_of("A") == "A/Alpha Hub.md" and order.index_of("Q") is None


def test_sections_follow_the_hubs_and_each_opens_at_its_hub():
    # as MkDocs builds it: alphabetical, index-less
    a = section("A", [page("A/Abc.md"), page("A/Alpha Hub.md"), section("Sub", [page("A/sub/Deep.md")])])
    z = section("Z", [page("Z/Aaa.md"), page("Z/Zeta Hub.md"), page("Z/Zeta Two.md")])
    items = [a, page("Home.md"), z, page("graph.md"), page("tags/index.md")]
    made = order_nav(items, learning_order(HOME, NOTES.get), "Home.md")
    assert [getattr(i, "title") for i in items] == ["Home.md", "Z", "A", "graph.md", "tags/index.md"]
    assert [p.file.src_uri for p in z.children] == ["Z/Zeta Hub.md", "Z/Zeta Two.md", "Z/Aaa.md"]
    assert [getattr(c, "title") for c in a.children] == ["A/Alpha Hub.md", "Sub", "A/Abc.md"]
    assert [p.file.src_uri for p in made] == ["Z/Zeta Hub.md", "A/Alpha Hub.md"]
    assert [p.file.src_uri for p in flatten_pages(items)] == [
        "Home.md", "Z/Zeta Hub.md", "Z/Zeta Two.md", "Z/Aaa.md", "A/Alpha Hub.md", "A/sub/Deep.md", "A/Abc.md", "graph.md", "tags/index.md",
    ]


def test_without_hubs_the_order_is_left_alone():
    items = [page("B.md"), section("A", [page("A/x.md")]), page("C.md")]
    made = order_nav(items, learning_order("no links here", NOTES.get), None)
    assert [getattr(i, "title") for i in items] == ["B.md", "A", "C.md"] and made == []
