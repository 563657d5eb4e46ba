"""pymdownx.snippets include lines inside run-python fences."""

from __future__ import annotations

from pathlib import Path

from mkdocs_vault_kb.execute.snippets import expand_includes


def test_whole_file_drops_markers(snippets: Path) -> None:
    expansion = expand_includes('--8<-- "lib.py"\nprint(double(2))', snippets)
    assert "def double" in expansion.code and "def triple" in expansion.code
    assert "--8<--" not in expansion.code
    assert expansion.code.endswith("print(double(2))")
    assert expansion.files == {(snippets / "lib.py").resolve()}
    assert expansion.problems == ()


def test_section_only(snippets: Path) -> None:
    expansion = expand_includes("--8<-- 'lib.py:triple'", snippets)
    assert expansion.code == "def triple(x):\n    return 3 * x"


def test_indentation_of_the_include_line_is_kept(snippets: Path) -> None:
    expansion = expand_includes('if True:\n    --8<-- "lib.py:double"', snippets)
    assert expansion.code == "if True:\n    def double(x):\n        return 2 * x"


def test_missing_file_and_section_are_problems(snippets: Path) -> None:
    expansion = expand_includes('x = 1\n--8<-- "nope.py"\n--8<-- "lib.py:nope"', snippets)
    assert [line for line, _ in expansion.problems] == [2, 3]
    assert "file not found" in expansion.problems[0][1]
    assert "no section [start:nope]" in expansion.problems[1][1]
    assert expansion.code.splitlines()[1].startswith("# snippet")


def test_paths_that_leave_the_folder_are_refused(snippets: Path) -> None:
    (snippets.parent / "secret.py").write_text("SECRET = 1\n", encoding="utf-8")
    for target in ("../secret.py", str(snippets.parent / "secret.py")):
        expansion = expand_includes(f'--8<-- "{target}"', snippets)
        assert "SECRET" not in expansion.code
        assert "outside the snippets folder" in expansion.problems[0][1]


def test_no_snippets_folder(snippets: Path) -> None:
    expansion = expand_includes('--8<-- "lib.py"', None)
    assert "no snippets folder" in expansion.problems[0][1]
