"""The disk cache: warm builds execute nothing; edits re-execute only the pages they touch."""

from __future__ import annotations

from pathlib import Path

from exec_helpers import run

from mkdocs_vault_kb.execute import ExecuteOptions, ExecutionStage


def _build(
    cache: Path, snippets: Path, pages: dict[str, str]
) -> tuple[dict[str, str], dict[str, int]]:
    stage = ExecutionStage(ExecuteOptions(cache_dir=cache, workers=1), snippets)
    for page, markdown in pages.items():
        stage.submit(page, markdown)
    html = {page: stage.apply(page, markdown)[0] for page, markdown in pages.items()}
    stage.close()
    return html, stage.stats()


def test_warm_build_executes_nothing_and_edits_invalidate_exactly(
    tmp_path: Path, snippets: Path
) -> None:
    cache = tmp_path / "cache"
    pages = {
        "Uses Double.md": (
            '```run-python\n--8<-- "lib.py:double"\n```\n\n'
            "```run-python\nprint(double(21))\n```\n"
        ),
        "Uses Triple.md": '```run-python\n--8<-- "lib.py:triple"\nprint(triple(2))\n```\n',
        "Plain.md": "```run-python\nimport random\nprint(random.random())\n```\n",
    }
    cold_html, cold = _build(cache, snippets, pages)
    assert (cold["pages_executed"], cold["cells_executed"], cold["cache_hits"]) == (3, 4, 0)

    warm_html, warm = _build(cache, snippets, pages)
    assert (warm["pages_executed"], warm["cells_executed"], warm["cache_hits"]) == (0, 0, 4)
    assert warm["workers_started"] == 0
    assert warm_html == cold_html  # random output proves the result came from the cache

    edited = dict(pages, **{"Uses Double.md": pages["Uses Double.md"].replace("21", "22")})
    html, stats = _build(cache, snippets, edited)
    assert (stats["pages_executed"], stats["cells_executed"], stats["cache_hits"]) == (1, 2, 2)
    assert "44&#10;" in html["Uses Double.md"]

    lib = snippets / "lib.py"
    lib.write_text(lib.read_text(encoding="utf-8").replace("3 * x", "30 * x"), encoding="utf-8")
    html, stats = _build(cache, snippets, edited)
    assert (stats["pages_executed"], stats["cells_executed"]) == (1, 1)  # only the triple section
    assert "60&#10;" in html["Uses Triple.md"]
    assert html["Plain.md"] == cold_html["Plain.md"]


def test_timeouts_are_not_cached_but_results_are(stage: ExecutionStage) -> None:
    slow = '```run-python timeout="0.5"\nimport time\ntime.sleep(5)\n```\n'
    fast = "```run-python\nprint('cached once')\n```\n"
    for page, markdown, executed in (("T.md", slow, [1, 1]), ("F.md", fast, [1, 0])):
        for expected in executed:
            before = stage.stats()["cells_executed"]
            html, _ = run(stage, page, markdown)
            assert stage.stats()["cells_executed"] - before == expected, (page, html)


def test_a_page_applied_twice_in_one_build_runs_once(stage: ExecutionStage) -> None:
    page = "```run-python\nprint('twice')\n```\n"
    before = stage.stats()
    first = run(stage, "Twice.md", page)
    second = run(stage, "Twice.md", page)
    after = stage.stats()
    assert first == second
    assert after["cells_executed"] - before["cells_executed"] == 1
    assert after["cache_hits"] - before["cache_hits"] == 1


def test_a_cells_key_includes_every_earlier_cell(stage: ExecutionStage) -> None:
    later = "\n\n```run-python\nprint('x is', x)\n```\n"
    first = "```run-python\nx = 1\n```" + later
    second = "```run-python\nx = 2\n```" + later
    cold = run(stage, "Chain.md", first)[0]
    assert "x is 1&#10;" in cold
    assert "x is 2&#10;" in run(stage, "Chain.md", second)[0]
    before = stage.stats()["cells_executed"]
    assert run(stage, "Chain.md", first)[0] == cold  # from the cache, with its own history
    assert stage.stats()["cells_executed"] == before


def test_unreadable_cache_files_are_misses(tmp_path: Path) -> None:
    from mkdocs_vault_kb.execute.cache import ResultCache, cell_keys

    cache = ResultCache(tmp_path)
    key = cell_keys("salt", ["x = 1"])[0]
    cache.store(key, {"value": "1"})
    assert cache.load(key) == {"value": "1"}
    (tmp_path / key[:2] / f"{key}.json").write_text("{truncated", encoding="utf-8")
    assert cache.load(key) is None
    assert cell_keys("salt", ["a", "b"])[0] == cell_keys("salt", ["a", "c"])[0]
    assert cell_keys("salt", ["a", "b"])[1] != cell_keys("other salt", ["a", "b"])[1]
