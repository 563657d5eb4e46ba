"""The flagship vault, built strict with every fence executed: the product as a reader gets it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

HUBS = re.findall(r"\[\[([^\]|#]+)\]\]", (ROOT / "vault" / "Machine Learning Interview Topics.md").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("flagship") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT, capture_output=True, text=True, env=env, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-5000:]
    return out, proc.stderr


def test_home_links_every_hub(site):
    out, _ = site
    assert len(HUBS) == 22
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    titles = {n["title"]: n["id"] for n in graph["nodes"]}
    home = "./"
    targets = {e["target"] for e in graph["links"] if e["source"] == home}
    for hub in HUBS:
        assert hub in titles, hub
        assert titles[hub] in targets, hub


def test_every_note_is_linked_and_links_out(site):
    out, _ = site
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    sources = {e["source"] for e in graph["links"]}
    targets = {e["target"] for e in graph["links"]}
    for node in graph["nodes"]:
        assert node["id"] in sources, f"{node['path']} links nowhere"
        assert node["id"] in targets or node["id"] == "./", f"nothing links to {node['path']}"


def test_notes_meet_the_content_shape(site):
    vault = ROOT / "vault"
    for path in vault.rglob("*.md"):
        if path.name == "Machine Learning Interview Topics.md":
            continue
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(vault)
        assert text.startswith("---\n"), rel
        assert re.search(r"level/(basic|intermediate|advanced)", text), rel
        hub = path.stem in HUBS
        assert text.count("> [!question]-") >= (4 if hub else 2), rel
        assert not re.search(r"\b(TODO|TBD|FIXME|lorem ipsum)\b", text), rel


def test_code_ran_and_figures_were_drawn(site):
    out, log = site
    assert "executed" in log
    pages = list(out.rglob("index.html"))
    figures = sum(p.read_text(encoding="utf-8").count('class="vault-exec-figure"') for p in pages)
    unexpected = re.compile(r'class="vault-exec-error vault-exec-error--(exception|timeout|crash|skipped)"')
    errors = sum(len(unexpected.findall(p.read_text(encoding="utf-8"))) for p in pages)
    assert figures >= 50
    assert errors == 0
