"""Material's search on the flagship, as a reader uses it: a note's aliases find it first."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from e2e.conftest import ROOT

from .conftest import serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture(scope="module")
def flagship(tmp_path_factory):
    out = tmp_path_factory.mktemp("search") / "site"
    url, httpd = serve(out)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "VAULT_EXECUTE": "0", "SITE_URL": url}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT, capture_output=True, text=True, env=env, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    yield url
    httpd.shutdown()
    httpd.server_close()


def first_results(page, url: str, query: str) -> list[str]:
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(url)
    box = page.locator("input.md-search__input")
    box.click()
    box.type(query, delay=30)
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0", timeout=30000)
    page.wait_for_timeout(300)  # the worker answers each keystroke; let the last answer land
    return page.eval_on_selector_all(".md-search-result__item > .md-search-result__link h1", "els => els.map(e => e.innerText.trim())")


@pytest.mark.parametrize(
    ("query", "note"),
    [("PCA", "Principal Component Analysis"), ("GMM", "Gaussian Mixture Models"), ("kNN", "k-Nearest Neighbours")],
)
def test_an_alias_finds_its_note_first(page, flagship, query, note):
    titles = first_results(page, flagship, query)
    assert titles and titles[0].split(" \u00b7 ")[0] == note, titles[:5]


def test_snippets_hold_no_tex(page, flagship):
    first_results(page, flagship, "eigenvector")
    snippets = page.eval_on_selector_all(".md-search-result__item article", "els => els.map(e => e.innerText)")
    assert snippets and not any("\\(" in s or "\\frac" in s or "\\[" in s for s in snippets)
