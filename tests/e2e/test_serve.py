"""A real ``mkdocs serve`` on localhost: edit a note, wait for the rebuild, see the change."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from .conftest import FIXTURES, write_config

pytestmark = [pytest.mark.filterwarnings("ignore::ResourceWarning")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as resp:
        return resp.read().decode("utf-8")


def wait_for(url: str, needle: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
            if needle in last:
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{needle!r} never appeared at {url}")


@contextlib.contextmanager
def serving(cfg, port: int):
    """A real ``mkdocs serve`` of ``cfg`` on ``port`` for the duration of the block."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(cfg), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    try:
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_editing_a_note_rebuilds_the_page(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURES / "basic", docs)
    port = free_port()
    plugin = "  - vault:\n      home: Home.md\n      execute:\n        enabled: false"
    cfg = write_config(tmp_path, docs, tmp_path / "site", plugin, site_url=f"http://127.0.0.1:{port}/")
    with serving(cfg, port):
        url = f"http://127.0.0.1:{port}/v1.2%20release/"
        wait_for(url, "Release notes")
        note = docs / "v1.2 release.md"
        note.write_text(note.read_text(encoding="utf-8") + "\nA freshly added line linking [[Target]].\n", encoding="utf-8")
        page = wait_for(url, "A freshly added line")
        assert 'href="../notes/Target/"' in page  # the new link was resolved by the plugin


def test_editing_a_snippet_re_executes_the_pages_that_include_it(tmp_path):
    exec_vault = FIXTURES / "exec_vault"
    docs, snippets = tmp_path / "docs", tmp_path / "snippets"
    shutil.copytree(exec_vault / "vault", docs)
    shutil.copytree(exec_vault / "snippets", snippets)  # beside the vault: the plugin finds it there
    port = free_port()
    plugin = f"  - vault:\n      home: Home.md\n      execute:\n        workers: 1\n        cache_dir: {tmp_path / 'cache'}"
    cfg = write_config(tmp_path, docs, tmp_path / "site", plugin, site_url=f"http://127.0.0.1:{port}/")
    with serving(cfg, port):
        url = f"http://127.0.0.1:{port}/Numerics/Snippet%20Includes/"
        wait_for(url, "module demo: 2.5", timeout=120)
        snippet = snippets / "running_stats.py"
        snippet.write_text(snippet.read_text(encoding="utf-8").replace('"module demo:"', '"edited demo:"'), encoding="utf-8")
        wait_for(url, "edited demo: 2.5", timeout=120)  # snippets live outside docs_dir: serve watches them
