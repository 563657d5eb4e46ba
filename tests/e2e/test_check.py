"""``python -m mkdocs_vault_kb check``: every message kind, exit codes, no build, nothing written."""

from __future__ import annotations

import subprocess
import sys

from .conftest import FIXTURES, ROOT


def check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs_vault_kb", "check", *args], capture_output=True, text=True, cwd=ROOT, check=False)


def test_clean_vault_exits_zero():
    out = check(str(FIXTURES / "basic"), "--quiet")
    assert out.returncode == 0, out.stdout
    assert out.stdout == ""
    assert "0 errors" in out.stderr


def test_ambiguous_names_are_notes_not_errors():
    out = check(str(FIXTURES / "basic"))
    assert out.returncode == 0
    assert "Home.md:16: note: ambiguous name in [[Plan]]: chose projects/beta/Plan.md over projects/alpha/Plan.md" in out.stdout


def test_every_link_problem_is_reported_as_file_line_message():
    out = check(str(FIXTURES / "broken"))
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    for expected in (
        "Bad.md:3: unresolved link [[Nowhere]]",
        "Bad.md:4: link [[Cycle A#No Such Heading]] reaches Cycle A.md but no heading No Such Heading is there",
        "Bad.md:5: link [[Cycle A#^nope]] reaches Cycle A.md but no block ^nope is there",
        "Bad.md:6: unresolved embed ![[Ghost]]",
        "Bad.md:7: unresolved link [x](ghost.md)",
        "Latin1.md:3: not valid UTF-8 (byte 13): read as Windows-1252; save the note as UTF-8",
        "Empty.md:1: note: empty note",
    ):
        assert expected in lines, (expected, lines)
    cycles = [line for line in lines if "embed cycle stopped" in line]
    assert cycles == ["Cycle B.md:3: embed cycle stopped: Cycle A.md -> Cycle B.md -> Cycle A.md"]  # one per loop
    assert any(line.startswith("Malformed.md:2: malformed frontmatter") for line in lines)
    assert lines == sorted(lines, key=lambda s: (s.split(":")[0], int(s.split(":")[1])))


def test_fences_that_fail_to_parse():
    out = check(str(FIXTURES / "check_fences" / "vault"))
    assert out.returncode == 1
    assert out.stdout.splitlines() == [
        "Fences.md:8: run-python fence does not parse: invalid syntax (cell line 1)",
        "Fences.md:13: run-python fence: unknown option 'colour' (known: hide_code, hide_output, raises, timeout, title)",
        'Fences.md:17: snippet "tiny.py:triple": no section [start:triple] ... [end:triple]',
        f'Fences.md:21: snippet "missing.py": file not found in {FIXTURES / "check_fences" / "snippets"}',
        "Fences.md:25: run-python fence is not closed; it was not run",
    ]


def test_missing_folder_is_a_usage_error(tmp_path):
    out = check(str(tmp_path / "nope"))
    assert out.returncode == 2


def test_a_large_vault_checked_in_forked_workers_reports_what_one_process_does(tmp_path, monkeypatch):
    import sys as _sys

    from mkdocs_vault_kb import check as check_module
    from mkdocs_vault_kb.core.context import Options

    _sys.path.insert(0, str(ROOT / "bench"))
    try:
        from synthetic_vault import generate
    finally:
        _sys.path.remove(str(ROOT / "bench"))
    generate(tmp_path / "v", 240)
    (tmp_path / "v" / "Broken.md").write_text("# Broken\n\n[[Nowhere]] and ![[Ghost#H]]\n", encoding="utf-8")
    from mkdocs_vault_kb import parallel

    assert parallel.workers_for(241) > 1 or len(parallel.os.sched_getaffinity(0)) == 1
    forked = check_module.check(tmp_path / "v", None, Options())
    monkeypatch.setattr(parallel, "workers_for", lambda n, *a: 1)
    serial = check_module.check(tmp_path / "v", None, Options())
    assert forked == serial
    assert [str(d) for d in serial if d.level == "warning"] == [
        "Broken.md:3: unresolved embed ![[Ghost#H]]",
        "Broken.md:3: unresolved link [[Nowhere]]",
    ]


FORMATS = [
    "Bad.base:3: base: 'pages.nosuch()': unknown function nosuch() for a number",
    "Bad.base:4: base: 'frobnicate(pages)': unknown function frobnicate()",
    "Bad.base:9: base: view 'Table': unknown summary 'Mean' for formula.ok",
    "Broken.base:2: base: invalid YAML: did not find expected node content",
    "Home.md:9: base: syntax error in 'file.hasTag(\"x\") ||': unexpected the end of the expression",
    "Loose.canvas:1: canvas: edge 'e1': it joins a node that is not on the canvas: left out",
    "Loose.canvas:1: canvas: file node 'f': Ghost.md is not in the vault",
    "Loose.canvas:1: canvas: file node 'g': no heading No such heading in Book.md",
    "Truncated.canvas:1: canvas: not valid JSON (Expecting value: line 1 column 12 (char 11))",
]


def test_bases_and_canvases_are_checked_as_the_build_reads_them(tmp_path):
    """``.base`` files, ```base blocks and ``.canvas`` files: the problems a build reports, found
    by the same core (Good.base, whose expressions all evaluate, adds nothing)."""
    from .conftest import build

    out = check(str(FIXTURES / "check_formats"))
    assert out.returncode == 1
    assert out.stdout.splitlines() == FORMATS
    built = build("check_formats", tmp_path, strict=False)
    assert sorted(m.removeprefix("vault: ") for m in built.messages()) == FORMATS
