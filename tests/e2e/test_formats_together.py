"""A base and a canvas of the same name in one folder both get a page, and the build does not
stop (the base's fallback page ``Same.base/`` used to clash with the copied ``Same.base`` file)."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import build

PLUGIN = "  - vault:\n      execute:\n        enabled: false"


def test_a_base_and_a_canvas_share_a_name(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n[[Same.base]] and [[Same.canvas]]\n", encoding="utf-8")
    (docs / "Same.base").write_text("views:\n  - type: table\n    name: All\n", encoding="utf-8")
    board = {"nodes": [{"id": "t", "type": "text", "text": "Hello [[index]]", "x": 0, "y": 0, "width": 200, "height": 80}], "edges": []}
    (docs / "Same.canvas").write_text(json.dumps(board), encoding="utf-8")
    built = build("", tmp_path, strict=True, docs=docs, plugin_yaml=PLUGIN)
    site = built.site
    assert "Hello" in (site / "Same" / "index.html").read_text(encoding="utf-8")  # the canvas took Same/
    base = (site / "Same.base" / "index.html").read_text(encoding="utf-8")
    assert "<table" in base and "Home" in base
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="Same.base/"' in home and 'href="Same/"' in home
