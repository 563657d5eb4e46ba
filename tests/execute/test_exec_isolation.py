"""Failures inside a page: timeouts, the memory cap, crashes of the page's process."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from exec_helpers import outputs, run, warnings

from mkdocs_vault_kb.execute import ExecuteOptions, ExecutionStage


def test_timeout_kills_the_cell_and_skips_the_rest_of_the_page(stage: ExecutionStage) -> None:
    page = (
        "```run-python\nprint('before')\n```\n\n"
        '```run-python timeout="1"\nimport time\nwhile True:\n    time.sleep(0.01)\n```\n\n'
        "```run-python\nprint('after')\n```\n"
    )
    started = time.monotonic()
    html, diagnostics = run(stage, "Slow.md", page)
    assert time.monotonic() - started < 8
    (warning,) = warnings(diagnostics)
    assert warning.line == 5 and "timed out" in warning.message and "1 s" in warning.message
    skipped = [d for d in diagnostics if d.level == "info"]
    assert [d.line for d in skipped] == [11]
    before, timed_out, after = outputs(html)
    assert "before&#10;" in before
    assert "vault-exec-error--timeout" in timed_out
    assert "vault-exec-error--skipped" in after and "after&#10;" not in after
    html, diagnostics = run(stage, "Next.md", "```run-python\nprint('next page')\n```\n")
    assert diagnostics == [] and "next page&#10;" in html


def test_memory_cap_turns_a_huge_allocation_into_memory_error(stage: ExecutionStage) -> None:
    page = (
        "```run-python\nblock = bytearray(8 * 1024**3)\n```\n\n"
        "```run-python\nprint('still here')\n```\n"
    )
    html, diagnostics = run(stage, "Memory.md", page)
    (warning,) = warnings(diagnostics)
    assert "raised MemoryError" in warning.message and "2048 MB" in warning.message
    assert "still here&#10;" in html


def test_worker_crash_is_a_warning_and_the_build_goes_on(stage: ExecutionStage) -> None:
    exit_page = "```run-python\nimport os\nos._exit(3)\n```\n\n```run-python\nprint('never')\n```\n"
    html, diagnostics = run(stage, "Exit.md", exit_page)
    assert "exited with status 3" in warnings(diagnostics)[0].message
    assert "vault-exec-error--crash" in html and "never&#10;" not in html
    segfault_page = "```run-python\nimport ctypes\nctypes.string_at(0)\n```\n"
    html, diagnostics = run(stage, "Segfault.md", segfault_page)
    (warning,) = warnings(diagnostics)
    assert "SIGSEGV" in warning.message
    assert "<run-python: Segfault.md:1>" in warning.message  # faulthandler's stack, mapped
    html, diagnostics = run(stage, "After Crash.md", "```run-python\nprint('alive')\n```\n")
    assert diagnostics == [] and "alive&#10;" in html


def test_syntax_error_names_the_fence(stage: ExecutionStage) -> None:
    html, diagnostics = run(stage, "Syntax.md", "text\n\n```run-python\nx = (\n```\n")
    (warning,) = warnings(diagnostics)
    assert warning.line == 3 and "SyntaxError" in warning.message
    assert "&lt;run-python: Syntax.md:3&gt;" in outputs(html)[0]


def test_close_is_idempotent_and_the_stage_can_build_again(tmp_path: Path) -> None:
    stage = ExecutionStage(ExecuteOptions(cache_dir=tmp_path, workers=1), None)
    page = "```run-python\nprint('one')\n```\n"
    assert "one&#10;" in run(stage, "P.md", page)[0]
    stage.close()
    stage.close()
    assert "two&#10;" in run(stage, "P.md", page.replace("one", "two"))[0]  # mkdocs serve rebuild
    stage.submit("Slow.md", "```run-python\nimport time\ntime.sleep(30)\n```\n")
    started = time.monotonic()
    stage.close()  # kills the running page
    assert time.monotonic() - started < 10
    assert stage.stats()["workers_started"] == 2


def test_execute_package_does_not_import_mkdocs() -> None:
    code = (
        "import sys\nsys.modules['mkdocs'] = None\n"
        "import mkdocs_vault_kb.execute\n"
        "loaded = [m for m in sys.modules if sys.modules[m] is not None]\n"
        "assert not any(m == 'mkdocs' or m.startswith('mkdocs.') for m in loaded)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
