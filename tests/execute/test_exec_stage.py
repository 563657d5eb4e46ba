"""Running pages through the stage: namespaces, captured output, errors, snippets."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from mkdocs_vault_kb.execute import ExecuteOptions, ExecutionStage

from exec_helpers import FIXTURE, outputs, run, warnings


def test_cells_share_one_namespace_and_pages_start_fresh(stage: ExecutionStage) -> None:
    page_a = "```run-python\nshared = 41\n```\n\n```run-python\nprint(shared + 1)\n```\n"
    html, diagnostics = run(stage, "A.md", page_a)
    assert diagnostics == []
    assert "42&#10;" in outputs(html)[0]
    html, diagnostics = run(stage, "B.md", "```run-python\nprint(shared)\n```\n")
    assert "NameError" in warnings(diagnostics)[0].message
    assert "NameError: name 'shared' is not defined" in html


def test_main_name_and_temporary_working_directory(stage: ExecutionStage) -> None:
    code = "import os\nprint(__name__)\nprint(os.getcwd())\nopen('scratch.txt', 'w').write('x')\n"
    html, diagnostics = run(stage, "Cwd.md", f"```run-python\n{code}```\n")
    assert diagnostics == []
    printed = re.search(r"__main__&#10;(.*?)&#10;", html)
    assert printed is not None
    cwd = printed[1]
    assert cwd != os.getcwd() and "vault-exec-" in cwd
    assert not Path("scratch.txt").exists() and not Path(cwd).exists()


def test_stdout_and_stderr_are_told_apart_in_order(stage: ExecutionStage) -> None:
    code = "import sys\nprint('one')\nprint('two', file=sys.stderr)\nprint('three')\n"
    html, _ = run(stage, "Streams.md", f"```run-python\n{code}```\n")
    assert (
        '<span class="vault-exec-stdout">one&#10;</span><span class="vault-exec-stderr">two&#10;'
        '</span><span class="vault-exec-stdout">three&#10;</span>'
    ) in html


def test_final_expression_value_like_a_notebook(stage: ExecutionStage) -> None:
    page = (
        "```run-python\nimport numpy as np\nnp.eye(2)\n```\n\n"
        "```run-python\n1 + 1;\n```\n\n"
        "```run-python\nx = 3\n```\n\n"
        "```run-python\nNone\n```\n"
    )
    html, diagnostics = run(stage, "Value.md", page)
    assert diagnostics == []
    blocks = outputs(html)
    assert len(blocks) == 1  # a trailing ';', an assignment and None show nothing
    assert '<pre class="vault-exec-value">array([[1., 0.],&#10;       [0., 1.]])</pre>' in blocks[0]


def test_open_figures_are_captured_then_closed(stage: ExecutionStage) -> None:
    page = (
        "```run-python\nimport matplotlib.pyplot as plt\n"
        "plt.plot([1, 2, 3])\nplt.title('t')\n```\n\n"
        "```run-python\nprint(len(plt.get_fignums()))\nplt.show()\n```\n"
    )
    html, diagnostics = run(stage, "Figure.md", page)
    assert diagnostics == []
    first, second = outputs(html)
    svg = '<figure class="vault-exec-figure"><img src="data:image/svg+xml;base64,'
    assert first.count(svg) == 1
    assert "vault-exec-value" not in first  # the Text artist returned by title() is not shown
    assert re.search(r'width="\d+" height="\d+"', first)
    assert "0&#10;" in second and "vault-exec-figure" not in second


def test_output_is_escaped(stage: ExecutionStage) -> None:
    page = "```run-python\nprint('<script>alert(1)</script> & ```')\n'<i>value</i>'\n```\n"
    html, _ = run(stage, "Escape.md", page)
    (block,) = outputs(html)
    assert "<script>" not in block and "<i>" not in block
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; ```&#10;" in block
    assert "'&lt;i&gt;value&lt;/i&gt;'" in block


def test_exception_warns_with_note_line_and_frames_and_page_goes_on(stage: ExecutionStage) -> None:
    page = (
        "# Title\n\n```run-python\ndef f():\n    return 1 / 0\n```\n\n"
        "```run-python\nf()\n```\n\n```run-python\nprint('after')\n```\n"
    )
    html, diagnostics = run(stage, "Math/Err.md", page, offset=4)
    (warning,) = warnings(diagnostics)
    assert (warning.path, warning.line) == ("Math/Err.md", 12)  # fence line 8 + offset 4
    assert warning.message.startswith("run-python fence raised ZeroDivisionError: division by zero")
    assert '<run-python: Math/Err.md:7>", line 2, in f' in warning.message  # the defining fence
    assert '<run-python: Math/Err.md:12>", line 1, in <module>' in warning.message
    assert "vault-exec-error--exception" in html
    assert "after&#10;" in html


def test_raises_option(stage: ExecutionStage) -> None:
    page = (
        '```run-python raises="1"\nraise KeyError("k")\n```\n\n'
        '```run-python raises="1"\nprint("fine")\n```\n\n'
        '```run-python {raises="1" hide_output="1"}\nraise ValueError\n```\n'
    )
    html, diagnostics = run(stage, "Raises.md", page)
    (warning,) = warnings(diagnostics)
    assert warning.line == 5 and 'raises="1" but raised no exception' in warning.message
    assert html.count("vault-exec-error--expected") == 1  # the hidden one shows nothing


def test_hide_code_and_title(stage: ExecutionStage) -> None:
    page = (
        '```run-python {hide_code="1"}\nSECRET_CODE = 1\nprint("shown")\n```\n\n'
        '```run-python {title="The title"}\nprint(SECRET_CODE)\n```\n'
    )
    html, _ = run(stage, "Hide.md", page)
    assert "SECRET_CODE = 1" not in html and "shown&#10;" in html
    assert '```python title="The title"\nprint(SECRET_CODE)\n```' in html


def test_nested_and_plain_fences_are_not_run(stage: ExecutionStage) -> None:
    page = (
        "````markdown\n```run-python\nprint('nested')\n```\n````\n\n"
        "```python\nprint('plain')\n```\n"
    )
    html, diagnostics = run(stage, "Nested.md", page)
    assert html == page and diagnostics == []


def test_fences_in_callouts_and_lists_run(stage: ExecutionStage) -> None:
    page = (
        "> [!example]\n> ```run-python\n> print('in_callout')\n> ```\n\n"
        "- item\n\n    ```run-python\n    print('in_list')\n    ```\n"
    )
    html, diagnostics = run(stage, "Containers.md", page)
    assert diagnostics == []
    assert "> <div class=\"vault-exec-output\">" in html and "in&#95;callout&#10;" in html
    assert "    <div class=\"vault-exec-output\">" in html and "in&#95;list&#10;" in html


def test_snippet_includes_are_shown_and_run(stage: ExecutionStage) -> None:
    page = (FIXTURE / "vault" / "Numerics" / "Snippet Includes.md").read_text(encoding="utf-8")
    html, diagnostics = run(stage, "Numerics/Snippet Includes.md", page)
    assert diagnostics == []
    assert "def running_mean" in html and "--8<--" not in html
    assert "[1.  1.5 2.  2.5]" in html and "module demo: 2.5" in html
    assert (FIXTURE / "snippets" / "running_stats.py").resolve() in stage.watched_files()


def test_missing_snippet_warns_at_its_line(stage: ExecutionStage) -> None:
    page = '# T\n\n```run-python\nx = 1\n--8<-- "absent.py"\nprint("ran")\n```\n'
    html, diagnostics = run(stage, "Missing.md", page)
    (warning,) = warnings(diagnostics)
    assert warning.line == 5 and "file not found" in warning.message
    assert "ran&#10;" in html


def test_apply_without_submit_and_with_changed_text(stage: ExecutionStage) -> None:
    first = "```run-python\nprint('first text')\n```\n"
    stage.submit("Changed.md", first)
    html, _ = stage.apply("Changed.md", first.replace("first", "second"))
    assert "second text" in html and "first text" not in html
    html, _ = stage.apply("Never Submitted.md", first)
    assert "first text&#10;" in html


def test_fixture_vault_renders_as_its_readme_says(stage: ExecutionStage) -> None:
    page = (FIXTURE / "vault" / "Numerics" / "Running Code.md").read_text(encoding="utf-8")
    html, diagnostics = run(stage, "Numerics/Running Code.md", page)
    assert diagnostics == []
    for expected in ("total = 6", "careful", "array([[0, 1, 2],", "hidden setup ran",
                     "&lt;b&gt;not bold&lt;/b&gt;", "vault-exec-error--expected",
                     "inside a callout&#58; 42", "tilde fence ran", 'title="Shared namespace"'):
        assert expected in html, expected
    assert "HIDDEN_MARKER" not in html
    assert "<b>not bold</b>" not in html.replace('print("<b>not bold</b>")', "")
    assert html.count("vault-exec-figure") == 1
    assert html.count("never printed") == 1 and html.count("plain python") == 1


@pytest.mark.parametrize("value", ["0", "false", "off"])
def test_environment_switch_turns_execution_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("VAULT_EXECUTE", value)
    assert ExecuteOptions.from_env(workers=1).enabled is False
    disabled = ExecutionStage(ExecuteOptions(cache_dir=tmp_path), None)
    page = '```run-python {title="T"}\nprint("x")\n```\n'
    disabled.submit("Off.md", page)
    html, diagnostics = disabled.apply("Off.md", page)
    assert html == '```python title="T"\nprint("x")\n```' + "\n" and diagnostics == []
    assert disabled.stats()["workers_started"] == 0
    disabled.close()
