"""The site served from a sub-path (a GitHub project site): zero broken internal requests."""

from __future__ import annotations

import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin

import pytest

from .conftest import build_and_serve

pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

PREFIX = "user/repo/"


class _Refs(HTMLParser):
    ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src", "audio": "src", "video": "src", "source": "src"}

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        want = self.ATTRS.get(tag)
        for name, value in attrs:
            if name == want and value:
                self.refs.append(value)


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    url, built, httpd = build_and_serve("basic", tmp_path_factory.mktemp("subpath"), PREFIX)
    yield url, built
    httpd.shutdown()
    httpd.server_close()


def crawl(start: str) -> tuple[set[str], list[tuple[str, str, int]]]:
    """Follow every internal link, image, script and stylesheet from ``start``; return (visited, broken)."""
    seen: set[str] = set()
    broken: list[tuple[str, str, int]] = []
    queue = [(start, start)]
    while queue:
        url, referrer = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url) as resp:
                body = resp.read()
                kind = resp.headers.get_content_type()
        except urllib.error.HTTPError as err:
            broken.append((referrer, url, err.code))
            continue
        if kind != "text/html":
            continue
        parser = _Refs()
        parser.feed(body.decode("utf-8", errors="replace"))
        for ref in parser.refs:
            target = urldefrag(urljoin(url, ref)).url
            if target.startswith(start):
                queue.append((target, url))
            elif target.startswith(start.split(PREFIX)[0]):
                broken.append((url, target, 0))  # escapes the sub-path: would break on a project site
    return seen, broken


def test_crawl_finds_no_broken_internal_request(subpath_site):
    url, built = subpath_site
    seen, broken = crawl(url)
    assert not broken, broken[:10]
    pages = {p.parent.relative_to(built.site).as_posix() for p in built.site.rglob("index.html")}
    assert len([u for u in seen if u.endswith("/")]) >= len(pages) - 1
    for asset in ("graph.json", "assets/vault/vault.js", "assets/vault/vendor/force-graph.min.js", "attachments/diagram.png"):
        assert url + asset in seen or urllib.request.urlopen(url + asset).status == 200


@pytest.mark.browser
def test_graph_and_previews_work_under_the_sub_path(page, subpath_site):
    url, _ = subpath_site
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.goto(url + "graph/")
    page.wait_for_function("document.querySelector('#vault-graph').dataset.ready === '1'")
    page.goto(url + "Previews/")
    page.locator("article a.vault-link", has_text="v1.2 release").first.hover()
    page.locator(".vault-preview").wait_for(timeout=5000)
    assert [f for f in failed if f.startswith(("http://127.0.0.1", "4", "5"))] == []
