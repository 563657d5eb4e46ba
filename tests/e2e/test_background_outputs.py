"""Work the plugin does on another core (``parallel.Background``): the linked mentions, made by a
forked child while MkDocs converts the pages (started in ``on_files``), and graph.json, llms.txt,
llms-full.txt, the Markdown copies and feed.xml, written while MkDocs renders the templates
(started in ``on_env``). A ``mkdocs build`` process forks; a build made as under ``mkdocs serve``
stays serial. Both must give the same files and pages, byte for byte."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from mkdocs_vault_kb import parallel

from .conftest import FIXTURES, VAULT_PLUGIN, build, write_config

OUTPUTS = ("graph.json", "llms.txt", "llms-full.txt", "feed.xml")


def _machine_files(site) -> dict[str, bytes]:
    files = {name: (site / name).read_bytes() for name in OUTPUTS}
    files.update({str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*.md")})
    return files


def _articles(site) -> dict[str, str]:
    """Each page's article and table of contents (the linked mentions, made by a forked child)."""
    out = {}
    for p in site.rglob("index.html"):
        html = p.read_text(encoding="utf-8")
        if "<article" in html:
            toc = html[html.find('data-md-component="toc"') :]
            out[str(p.relative_to(site))] = html[html.index("<article") : html.index("</article>")] + toc[: toc.find("</nav>")]
    return out


def test_a_forked_build_gives_the_serial_builds_files_and_pages(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURES / "basic", docs)
    (tmp_path / "serial").mkdir()
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)  # as under mkdocs serve
    serial = build("basic", tmp_path / "serial", docs=docs)  # in-process: the runner has threads
    monkeypatch.undo()
    forked = tmp_path / "forked"
    cfg = write_config(tmp_path, docs, forked, VAULT_PLUGIN)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(cfg)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    a, b = _machine_files(serial.site), _machine_files(forked)
    assert len(a) > len(OUTPUTS)  # the notes' Markdown copies are there too
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    pages, forked_pages = _articles(serial.site), _articles(forked)
    assert pages.keys() == forked_pages.keys()
    assert sum('class="vault-backlinks"' in html for html in pages.values()) >= 3
    assert [k for k in pages if pages[k] != forked_pages[k]] == []


class _AtOnce:
    """A Background whose child finishes before the parent goes on: the earliest it can."""

    def __init__(self, fn) -> None:
        self.value = fn()

    def join(self):
        return self.value

    def cancel(self) -> None:
        pass


def test_outputs_written_before_mkdocs_made_the_site_folder(tmp_path, monkeypatch):
    """The child may write graph.json and llms.txt before MkDocs has written anything, so before
    the site folder exists (a fresh one, in a folder that does not exist either)."""
    import mkdocs_vault_kb.plugin as plugin_module

    monkeypatch.setattr(plugin_module, "Background", _AtOnce)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "Home.md").write_text("# Home\n\nA note.\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    built = build("", tmp_path / "out", docs=docs)
    assert (built.site / "graph.json").is_file() and (built.site / "llms.txt").is_file()
