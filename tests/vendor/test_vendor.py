"""The shipped browser library is exactly what js/package-lock.json builds."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "plugins" / "mkdocs_vault_kb" / "assets" / "vendor"


def test_vendored_files_match_the_lockfile(tmp_path):
    subprocess.run(["bash", str(ROOT / "scripts" / "build_vendor.sh"), str(tmp_path)], check=True, capture_output=True, timeout=600)
    for name in ("force-graph.min.js", "mathjax-tex-svg.js", "mermaid.min.js", "LICENSES.txt"):
        assert (tmp_path / name).read_bytes() == (SHIPPED / name).read_bytes(), name


def test_licence_ships_with_the_library():
    text = (SHIPPED / "LICENSES.txt").read_text(encoding="utf-8")
    assert "==== force-graph 1.52.0 (MIT) ====" in text and "d3-force" in text
    assert "==== mathjax 3.2.2 (Apache-2.0) ====" in text
    # mermaid.min.js bundles its dependencies (DOMPurify, d3, dagre, cytoscape, KaTeX...): each one's licence ships too
    assert "==== mermaid 11.17.2 (MIT) ====" in text
    for dependency in ("dompurify", "dagre-d3-es", "cytoscape", "katex", "khroma"):
        assert f"==== {dependency} " in text, dependency


def test_mermaid_is_the_locked_version():
    lock = json.loads((ROOT / "js" / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/mermaid"]["version"] == "11.17.2"
    assert (SHIPPED / "mermaid.min.js").read_bytes().rstrip().endswith(b'globalThis["mermaid"] = globalThis.__esbuild_esm_mermaid_nm["mermaid"].default;')
