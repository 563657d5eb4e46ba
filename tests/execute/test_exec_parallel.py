"""Pages run in parallel across worker processes."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs_vault_kb.execute import ExecuteOptions, ExecutionStage

PAGE = (
    "```run-python\nimport os, time\nstart = time.time()\ntime.sleep(1.5)\n"
    "print(os.getppid(), start, time.time(), '{name}')\n```\n"
)


def test_two_workers_run_two_pages_at_once(tmp_path: Path) -> None:
    stage = ExecutionStage(ExecuteOptions(cache_dir=tmp_path, workers=2), None)
    pages = {name: PAGE.format(name=name) for name in ("One.md", "Two.md")}
    for page, markdown in pages.items():
        stage.submit(page, markdown)
    printed = []
    for page, markdown in pages.items():
        html, diagnostics = stage.apply(page, markdown)
        assert diagnostics == []
        match = re.search(r"(\d+) ([\d.]+) ([\d.]+) ", html)
        assert match is not None
        printed.append((int(match[1]), float(match[2]), float(match[3])))
    stage.close()
    (worker_a, start_a, end_a), (worker_b, start_b, end_b) = printed
    assert worker_a != worker_b  # each page ran under its own worker process
    assert start_a < end_b and start_b < end_a  # and they overlapped in time
    assert stage.stats()["workers_started"] == 2
