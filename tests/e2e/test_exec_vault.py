"""Executing fences through the real plugin and MkDocs: output on the page, warnings, the cache."""

from __future__ import annotations

import html
import re

import pytest
from mkdocs.exceptions import Abort

from .conftest import FIXTURES, build

EXEC = FIXTURES / "exec_vault"


def plugin(cache, *, home: bool = True) -> str:
    return (
        "  - vault:\n"
        + ("      home: Home.md\n" if home else "")
        + f"      snippets_dir: {EXEC / 'snippets'}\n"
        + f"      execute:\n        workers: 2\n        cache_dir: {cache}\n"
    )


def executed(built) -> tuple[int, int]:
    for m in built.messages(20):
        found = re.search(r"executed (\d+) cells on \d+ pages; (\d+) pages from the cache", m)
        if found:
            return int(found.group(1)), int(found.group(2))
    raise AssertionError(built.messages(20))


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("exec-cache")


@pytest.fixture(scope="module")
def site(tmp_path_factory, cache):
    import shutil

    tmp = tmp_path_factory.mktemp("exec")
    shutil.copytree(EXEC / "vault", tmp / "docs")
    return build("exec_vault/vault", tmp, copy=False, plugin_yaml=plugin(cache))


def text(html_page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_page))


def test_strict_build_runs_every_fence(site):
    assert site.messages() == []
    cells, _ = executed(site)
    assert cells > 0


def test_outputs_on_the_page(site):
    page = site.html("Numerics/Running%20Code/".replace("%20", " "))
    assert re.search(r'<span class="vault-exec-stdout">total = 6', page)
    assert re.search(r'<span class="vault-exec-stderr">careful', page)
    assert "array([[0, 1, 2]," in text(page)
    assert page.count('class="vault-exec-figure"') == 1 and "data:image/" not in page
    src = re.search(r'<figure class="vault-exec-figure"><img src="([^"]+)"', page).group(1)
    assert re.fullmatch(r"\.\./\.\./assets/vault/figures/[0-9a-f]{20}\.svg", src), src
    svg = (site.site / "Numerics" / "Running Code" / src).resolve().read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "&lt;b&gt;not bold&lt;/b&gt;" in page and "<b>not bold</b>" not in page
    assert "vault-exec-error--expected" in page and "ValueError" in page
    assert "hidden setup ran" in text(page) and "HIDDEN_MARKER" not in page
    assert "Shared namespace" in page
    assert "tilde fence ran" in text(page)
    assert "inside a callout: 42" in text(page)


def test_an_embedded_section_shows_its_own_pages_outputs(site):
    """The figure's cell needs the first cell's ``values``: re-run in Home it would fail. It runs once,
    in its own page, and Home shows that page's output, rebased to Home's URL."""
    home = site.html("")
    embed = home[home.index('<div class="vault-embed"') :]
    assert "It uses the values of the first cell." in embed and "plain python" not in embed
    src = re.search(r'<figure class="vault-exec-figure"><img src="([^"]+)"', embed).group(1)
    assert re.fullmatch(r"assets/vault/figures/[0-9a-f]{20}\.svg", src), src
    assert (site.site / src).is_file()
    assert "vault-exec-error" not in embed


def test_snippet_includes(site):
    page = site.html("Numerics/Snippet Includes/")
    assert "running_mean" in text(page) and "--8&lt;--" not in page and "--8<--" not in page
    assert "module demo: 2.5" in text(page)


def test_warm_build_executes_nothing(tmp_path, cache, site):
    again = build("exec_vault/vault", tmp_path, copy=False, plugin_yaml=plugin(cache))
    cells, cached = executed(again)
    assert cells == 0 and cached > 0
    assert again.html("Numerics/Running Code/").count("vault-exec-output") == site.html("Numerics/Running Code/").count("vault-exec-output")


def test_failing_fences_warn_with_note_and_line(tmp_path):
    built = build("exec_vault/failing", tmp_path, strict=False, plugin_yaml=plugin(tmp_path / "cache", home=False))
    warnings = built.messages()
    assert any(w.startswith("vault: Raises.md:3: run-python fence raised ZeroDivisionError: division by zero") for w in warnings), warnings
    assert any("Timeout.md" in w and "timed out" in w for w in warnings)
    assert any("Crash.md" in w and "crashed the worker" in w for w in warnings)
    assert any(w.startswith("vault: Missing Snippet.md:4:") and "file not found" in w for w in warnings)
    assert any("Not Raised.md" in w and 'raises="1" but raised no exception' in w for w in warnings)
    assert "vault-exec-error--exception" in built.html("Raises/")
    assert "vault-exec-error--skipped" in built.html("Timeout/")


def test_strict_build_fails_on_a_raising_fence(tmp_path):
    with pytest.raises(Abort):
        build("exec_vault/failing", tmp_path, plugin_yaml=plugin(tmp_path / "cache", home=False))


def test_execution_off_still_highlights_the_code(tmp_path, monkeypatch):
    monkeypatch.setenv("VAULT_EXECUTE", "0")
    built = build("exec_vault/vault", tmp_path, plugin_yaml=plugin(tmp_path / "cache"))
    page = built.html("Numerics/Running Code/")
    assert '<div class="vault-exec-output">' not in page and "total = 6" not in text(page)
    assert 'class="language-python highlight"' in page and "Shared namespace" in page


def test_figures_can_be_inlined(tmp_path):
    yaml = plugin(tmp_path / "cache").replace("      execute:\n", "      execute:\n        inline_figures: true\n")
    built = build("exec_vault/vault", tmp_path, plugin_yaml=yaml)
    page = built.html("Numerics/Running Code/")
    assert "data:image/svg+xml;base64," in page and not (built.site / "assets/vault/figures").exists()
