"""Every snippet runs alone, opens as a notebook, and every include in the vault names real code."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = sorted((ROOT / "snippets").glob("*.py"))
MARKER = re.compile(r"-{1,}8<-{1,}[ \t]+\[(?:start|end):[\w-]+\]")
INCLUDE = re.compile(r"""^[ \t>]*-{1,}8<-{1,}[ \t]+["']([^"']+)["'][ \t]*$""", re.M)


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.name)
def test_snippet_runs_alone(path, tmp_path):
    env = {**os.environ, "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, str(path)], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    assert list(tmp_path.iterdir()) == [], "a snippet run alone must not leave files behind"


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.name)
def test_snippet_is_a_percent_format_notebook(path):
    import jupytext

    nb = jupytext.read(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "no code cell"
    assert jupytext.writes(nb, fmt="py:percent").count("# %%") >= len(code)


def test_every_include_in_the_vault_names_an_existing_section():
    from mkdocs_vault_kb.execute.snippets import expand_includes

    seen = 0
    for note in (ROOT / "vault").rglob("*.md"):
        for target in INCLUDE.findall(note.read_text(encoding="utf-8")):
            expansion = expand_includes(f'--8<-- "{target}"', ROOT / "snippets")
            assert not expansion.problems, (note.name, target, expansion.problems)
            assert expansion.code.strip(), (note.name, target)
            file, _, section = target.partition(":")
            lines = (ROOT / "snippets" / file).read_text(encoding="utf-8").split("\n")
            if section:  # what the note shows and runs is exactly the file's section, markers left out
                start = next(i for i, line in enumerate(lines) if f"[start:{section}]" in line)
                end = next(i for i, line in enumerate(lines) if f"[end:{section}]" in line)
                lines = lines[start + 1 : end]
            expected = [line for line in lines if not MARKER.search(line)]
            assert expansion.code.strip("\n") == "\n".join(expected).strip("\n"), (note.name, target)
            seen += 1
    assert seen >= 50
