"""Browser tests: Debian's chromium driven by Playwright against a fixture site served on localhost."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from e2e.conftest import build

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(root: Path, prefix: str = "") -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve ``root`` (which may not exist yet) at http://127.0.0.1:PORT/``prefix``; a ``prefix``
    such as 'sub/path/' mimics a GitHub project site."""
    serve_dir = root
    if prefix:
        serve_dir = root.parent / "served"
        target = serve_dir / prefix.strip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_symlink():
            target.symlink_to(root, target_is_directory=True)
    handler = functools.partial(_Quiet, directory=str(serve_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/{prefix}", httpd


def build_and_serve(name: str, tmp: Path, prefix: str = "", **kw):
    """Start the server first, so the site is built with the exact site_url it is served from
    (Material's instant navigation only intercepts links found in the sitemap, port included)."""
    url, httpd = serve(tmp / "site", prefix)
    built = build(name, tmp, site_url=url, **kw)
    return url, built, httpd


@pytest.fixture(scope="module")
def basic_site(tmp_path_factory):
    url, built, httpd = build_and_serve("basic", tmp_path_factory.mktemp("browser"))
    yield url, built
    httpd.shutdown()
    httpd.server_close()


READER = Path(__file__).resolve().parent / "fixtures" / "reader"


@pytest.fixture(scope="module")
def reader_site(tmp_path_factory):
    """The reader fixture (tests/browser/fixtures/reader): a page of display math like the
    flagship's, a mermaid diagram, notes without either, two hubs with leaves in three folders."""
    url, built, httpd = build_and_serve(str(READER), tmp_path_factory.mktemp("reader"))
    yield url, built
    httpd.shutdown()
    httpd.server_close()
