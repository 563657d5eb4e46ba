"""The graph page's build-time layout (core.graphlayout) and its place in graph.json (core.graph)."""

from __future__ import annotations

import math
import random

import pytest

from mkdocs_vault_kb.core import graphlayout
from mkdocs_vault_kb.core.graph import with_layout
from mkdocs_vault_kb.core.graphlayout import LayoutCache, layout, shape_key


def clustered(n: int = 300, clusters: int = 6, links: int = 4, seed: int = 1) -> tuple[list[str], list[tuple[str, str]]]:
    """``clusters`` groups of notes, most links inside a group, a few across."""
    rng = random.Random(seed)
    ids = [f"c{i % clusters}/n{i}/" for i in range(n)]
    edges = []
    for i in range(n):
        for _ in range(links):
            j = rng.randrange(n)
            if rng.random() < 0.85:
                j = (j - j % clusters) + i % clusters  # the same group
            edges.append((ids[i], ids[j % n]))
    return ids, edges


def finite(pos: dict[str, tuple[float, float]]) -> bool:
    return all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())


def test_deterministic_and_independent_of_listing_order():
    ids, edges = clustered()
    first = layout(ids, edges, seed=3)
    assert layout(ids, edges, seed=3) == first
    assert layout(list(reversed(ids)), [(t, s) for s, t in reversed(edges)], seed=3) == first
    assert layout(ids, edges, seed=4) != first
    assert set(first) == set(ids) and finite(first)


def test_linked_notes_end_nearer_than_random_pairs():
    ids, edges = clustered()
    pos = layout(ids, edges)

    def dist(a: str, b: str) -> float:
        return math.dist(pos[a], pos[b])

    rng = random.Random(0)
    linked = [dist(s, t) for s, t in edges if s != t]
    random_pairs = [dist(rng.choice(ids), rng.choice(ids)) for _ in range(2000)]
    assert sum(linked) / len(linked) < 0.6 * sum(random_pairs) / len(random_pairs)
    # the groups come apart: a note is nearer its own group's centre than the others'
    centre = {}
    for c in range(6):
        members = [pos[i] for i in ids if i.startswith(f"c{c}/")]
        centre[c] = (sum(p[0] for p in members) / len(members), sum(p[1] for p in members) / len(members))
    nearest_own = sum(min(centre, key=lambda c: math.dist(pos[i], centre[c])) == int(i[1]) for i in ids)
    assert nearest_own > 0.8 * len(ids)


@pytest.mark.parametrize(
    ("ids", "edges"),
    [
        ([], []),
        (["a/"], []),
        (["a/"], [("a/", "a/")]),
        (["a/", "b/"], []),
        (["a/", "b/"], [("a/", "b/"), ("a/", "b/"), ("b/", "a/")]),
        (["a/", "b/", "c/"], [("a/", "b/"), ("a/", "missing/")]),
    ],
    ids=["empty", "one node", "self-loop", "two unlinked", "duplicate edges", "edge to an unknown id"],
)
def test_small_and_odd_graphs(ids, edges):
    pos = layout(ids, edges)
    assert set(pos) == set(ids) and finite(pos)
    if len(ids) > 1:  # distinct notes never sit on one point
        assert len({(round(x, 3), round(y, 3)) for x, y in pos.values()}) == len(ids)


def test_self_loops_and_duplicates_do_not_change_the_layout():
    ids, edges = clustered(120, 3)
    plain = layout(ids, edges)
    assert layout(ids, [*edges, *edges, *[(i, i) for i in ids], *[(t, s) for s, t in edges]]) == plain


def test_disconnected_components_stay_together_and_apart():
    # two triangles and ten lone notes
    ids = [f"a{i}" for i in range(3)] + [f"b{i}" for i in range(3)] + [f"x{i}" for i in range(10)]
    edges = [("a0", "a1"), ("a1", "a2"), ("a2", "a0"), ("b0", "b1"), ("b1", "b2"), ("b2", "b0")]
    pos = layout(ids, edges)
    assert finite(pos)
    xs = [p[0] for p in pos.values()] + [p[1] for p in pos.values()]
    span = max(xs) - min(xs)
    assert span < 2000  # gravity keeps the pieces in one frame
    inside = max(math.dist(pos[s], pos[t]) for s, t in edges)
    across = min(math.dist(pos[f"a{i}"], pos[f"b{j}"]) for i in range(3) for j in range(3))
    assert inside < across


def test_shape_key_ignores_order_direction_and_duplicates():
    ids, edges = clustered(50, 2)
    key = shape_key(ids, edges)
    assert shape_key(sorted(ids, reverse=True), [(t, s) for s, t in edges] + edges) == key
    assert shape_key(ids, [e for e in edges if ids[0] not in e]) != key
    assert shape_key([*ids, "new/"], edges) != key
    assert shape_key(ids, edges, seed=1) != key


def test_cache_returns_the_same_layout_without_computing_again(monkeypatch):
    cache = LayoutCache(size=2)
    ids, edges = clustered(80, 2)
    first = cache.layout(ids, edges)
    assert cache.computed == 1

    def fail(*args, **kwargs):
        raise AssertionError("laid out again")

    monkeypatch.setattr(graphlayout, "layout", fail)
    assert cache.layout(list(reversed(ids)), edges) is first  # the same shape: no new layout
    assert cache.computed == 1
    monkeypatch.undo()
    cache.layout(ids, edges[1:])
    cache.layout(ids, edges[2:])
    assert cache.computed == 3
    cache.layout(ids, edges)  # the oldest shape fell out of a cache of two
    assert cache.computed == 4


def test_with_layout_adds_positions_and_keeps_the_contract():
    graph = {
        "directed": True, "multigraph": False, "graph": {},
        "nodes": [{"id": "a/", "title": "A"}, {"id": "b/", "title": "B"}, {"id": "./", "title": "Home"}],
        "links": [{"source": "a/", "target": "b/", "kinds": ["link"]}, {"source": "./", "target": "a/", "kinds": ["embed"]}],
    }
    out = with_layout(graph, LayoutCache())
    assert [n["id"] for n in out["nodes"]] == ["a/", "b/", "./"]
    assert all(n["title"] and math.isfinite(n["x"]) and math.isfinite(n["y"]) for n in out["nodes"])
    assert out["links"] == graph["links"] and out["directed"] is True
    assert "x" not in graph["nodes"][0]  # a new value; the input is left alone
