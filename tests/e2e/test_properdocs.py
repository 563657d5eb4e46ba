"""The plugin under ProperDocs, the maintained fork of MkDocs 1.x, in its own process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import FIXTURES, write_config



def run(tmp_path, fixture: str, home: bool) -> subprocess.CompletedProcess[str]:
    plugin = "  - vault:\n" + ("      home: Home.md\n" if home else "") + "      execute:\n        enabled: false"
    cfg = write_config(tmp_path, FIXTURES / fixture, tmp_path / "site", plugin)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # through this interpreter (the venv's), never a bare command that PATH may not hold
    cmd = [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(cfg)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)


def test_properdocs_builds_strict(tmp_path):
    out = run(tmp_path, "basic", home=True)
    assert out.returncode == 0, out.stderr
    graph = json.loads((tmp_path / "site" / "graph.json").read_text(encoding="utf-8"))
    assert any(n["id"] == "notes/Target/" for n in graph["nodes"])
    assert 'href="notes/Target/#step"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_properdocs_strict_fails_on_unresolved_link(tmp_path):
    out = run(tmp_path, "broken", home=False)
    assert out.returncode != 0
    assert "vault: Bad.md:3: unresolved link [[Nowhere]]" in out.stderr
