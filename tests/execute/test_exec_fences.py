"""Finding run-python fences and reading their options (no processes involved)."""

from __future__ import annotations

import pytest

from mkdocs_vault_kb.execute.fences import find_fences, parse_options

CASES = [
    ("plain", "```run-python\nx = 1\n```\n", ["x = 1"]),
    ("tildes", "~~~run-python\nx = 2\n~~~\n", ["x = 2"]),
    ("longer closing fence", "```run-python\nx = 3\n`````\n", ["x = 3"]),
    ("python fence is not run", "```python\nx = 4\n```\n", []),
    ("run-pythonic is another language", "```run-pythonic\nx\n```\n", []),
    ("nested in a markdown fence", "````markdown\n```run-python\nx\n```\n````\n", []),
    ("nested in a tilde fence", "~~~\n```run-python\nx\n```\n~~~\n", []),
    ("shorter fence does not close", "````run-python\na\n```\nb\n````\n", ["a\n```\nb"]),
    ("tilde does not close backticks", "```run-python\na\n~~~\n```\n", ["a\n~~~"]),
    ("callout", "> [!example]\n> ```run-python\n> x = 5\n>\n> y = 6\n> ```\n", ["x = 5\n\ny = 6"]),
    ("indented in a list", "- item\n\n    ```run-python\n    x = 7\n    ```\n", ["x = 7"]),
    ("two fences", "```run-python\na\n```\ntext\n```run-python\nb\n```\n", ["a", "b"]),
    ("fence after an unclosed fence is text", "```python\n```run-python\nx\n", []),
]


@pytest.mark.parametrize(("markdown", "codes"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_which_fences_run(markdown: str, codes: list[str]) -> None:
    fences, _ = find_fences(markdown)
    assert [fence.code for fence in fences] == codes


def test_fence_lines_and_prefix() -> None:
    fences, _ = find_fences("# T\n\n> ```run-python\n> x\n> ```\n")
    assert (fences[0].line, fences[0].start, fences[0].end, fences[0].prefix) == (3, 2, 4, "> ")


def test_options_in_braces_and_bare() -> None:
    fences, _ = find_fences(
        '```run-python {title="A \'quoted\' title" hide_code="1" hide_output=0 raises="1"'
        ' timeout="2.5"}\n'
        "x\n```\n"
        "```run-python title='B'\ny\n```\n"
    )
    first, second = fences
    assert first.title == "A 'quoted' title"
    flags = (first.hide_code, first.hide_output, first.raises, first.timeout)
    assert flags == (True, False, True, 2.5)
    assert first.problems == ()
    assert second.title == "B" and second.timeout is None


@pytest.mark.parametrize(
    ("info", "problem"),
    [
        ('run-python {hide-code="1"}', "unknown option 'hide-code'"),
        ('run-python timeout="soon"', 'timeout="soon" is not a positive number'),
        ('run-python raises="maybe"', 'raises="maybe" is not 1 or 0'),
        ("run-python title", "cannot read 'title'"),
    ],
)
def test_bad_options_are_problems(info: str, problem: str) -> None:
    fences, _ = find_fences(f"```{info}\nx\n```\n")
    assert any(problem in message for message in fences[0].problems), fences[0].problems


def test_unclosed_run_python_fence_is_a_problem_not_a_cell() -> None:
    fences, problems = find_fences("text\n```run-python\nx = 1\n")
    assert fences == []
    assert [(p.line, "not closed" in p.message) for p in problems] == [(2, True)]


def test_callout_ending_inside_fence_leaves_it_unclosed() -> None:
    fences, problems = find_fences("> ```run-python\n> x\n\nafter\n```\n")
    assert fences == [] and len(problems) == 1


def test_parse_options_without_any() -> None:
    assert parse_options("run-python") == ({}, [])
