"""The tags page lists notes of the same title in path order, whatever the hash seed (the list
came from a set: two builds of one vault wrote their same-titled notes in different orders)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"

SCRIPT = """
import json
from markdown.extensions.toc import slugify
from mkdocs_vault_kb.core.headings import AnchorMaker
from mkdocs_vault_kb.core.index import build_index
from mkdocs_vault_kb.core.tagpages import collect_tags
notes = {f"{d}/Same.md": "#x" for d in "qwertyuiopasdfgh"}
notes["Alpha.md"] = "#x"
index = build_index(notes, [], AnchorMaker(slugify, "-"))
print(json.dumps(collect_tags(index, {p: ["x"] for p in notes})["x"][1]))
"""


def test_same_titles_are_listed_in_path_order_for_every_hash_seed():
    orders = set()
    for seed in ("0", "1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(PLUGINS)}
        out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
        orders.add(out.stdout)
    assert len(orders) == 1
    listed = json.loads(orders.pop())
    assert listed == ["Alpha.md", *sorted(f"{d}/Same.md" for d in "qwertyuiopasdfgh")]
