"""core.toc: a table of contents keeps its first entries in document order."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import given, strategies as st

from mkdocs_vault_kb.core.toc import cap_toc


@dataclass
class Item:
    id: str
    children: list["Item"] = field(default_factory=list)


def flat(items):
    out = []
    for item in items:
        out.append(item.id)
        out.extend(flat(item.children))
    return out


trees = st.recursive(st.builds(lambda: []), lambda kids: st.lists(st.builds(Item, st.text(min_size=1, max_size=3), kids), max_size=4), max_leaves=40)


@given(trees, st.integers(0, 50))
def test_keeps_a_prefix_in_document_order(items, limit):
    before = flat(items)
    dropped = cap_toc(items, limit)
    after = flat(items)
    assert after == before[: min(limit, len(before))]
    assert dropped == len(before) - len(after)


def test_a_huge_toc_is_cut():
    items = [Item(f"h{i}", [Item(f"h{i}.{j}") for j in range(3)]) for i in range(10_000)]
    assert cap_toc(items, 1000) == 40_000 - 1000
    assert len(flat(items)) == 1000 and flat(items)[:5] == ["h0", "h0.0", "h0.1", "h0.2", "h1"]
