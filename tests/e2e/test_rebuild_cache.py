"""Rebuilds by one plugin instance (what ``mkdocs serve`` does): unchanged notes are not rendered
again, and every edit that can change another note's page does re-render it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import mkdocs_vault_kb.plugin as plugin_module

from .conftest import VAULT_PLUGIN, write_config


@pytest.fixture
def vault(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "A.md").write_text("# A\n\nSee [[B#Old]].\n\n![[B#^q]]\n", encoding="utf-8")
    (docs / "B.md").write_text("# B\n\n## Old\n\nA quoted line. ^q\n", encoding="utf-8")
    for k in range(5):
        (docs / f"Other {k}.md").write_text(f"# Other {k}\n\nLinks to [[A]].\n", encoding="utf-8")
    return docs


def _builder(tmp_path: Path, docs: Path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = write_config(tmp_path, docs, tmp_path / "site", VAULT_PLUGIN.replace("home: Home.md", "home: A.md"))
    config = load_config(str(cfg))
    config.plugins.on_startup(command="serve", dirty=False)

    def rebuild() -> str:
        logging.getLogger("mkdocs").setLevel(logging.ERROR)
        build(config)
        return (tmp_path / "site" / "index.html").read_text(encoding="utf-8")

    return config, rebuild


def test_rebuilds_render_only_what_changed(tmp_path, vault, monkeypatch):
    rendered: list[str] = []
    real = plugin_module.render_note

    def counting(index, path, *args, **kwargs):
        rendered.append(path)
        return real(index, path, *args, **kwargs)

    monkeypatch.setattr(plugin_module, "render_note", counting)
    config, rebuild = _builder(tmp_path, vault)
    try:
        rebuild()
        assert len(rendered) == 7
        rendered.clear()
        (vault / "Other 3.md").write_text("# Other 3\n\nEdited, links to [[A]].\n", encoding="utf-8")
        rebuild()
        assert rendered == ["Other 3.md"]  # a body edit re-renders that note only

        rendered.clear()
        (vault / "B.md").write_text("# B\n\n## Old\n\nA changed line. ^q\n", encoding="utf-8")
        page = rebuild()
        assert sorted(rendered) == ["A.md", "B.md"]  # A renders B's block into its own Markdown
        assert "A changed line." in page and 'href="B/#old"' in page

        rendered.clear()
        (vault / "B.md").write_text("# B\n\n## New\n\nA changed line. ^q\n", encoding="utf-8")
        page = rebuild()
        assert len(rendered) == 7  # a heading changed: any link may now land elsewhere
        assert 'href="B/#old"' not in page and 'href="B/"' in page  # [[B#Old]] now reaches only the note
    finally:
        config.plugins.on_shutdown()


def test_rebuilds_redo_the_markdown_copies_of_what_changed(tmp_path, vault, monkeypatch):
    import mkdocs_vault_kb.machine as machine
    from mkdocs_vault_kb import parallel

    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)  # serve's server thread: no fork
    copied: list[str] = []
    real = machine.markdown_copy
    monkeypatch.setattr(machine, "markdown_copy", lambda note, *a, **k: (copied.append(note.path), real(note, *a, **k))[1])
    config, rebuild = _builder(tmp_path, vault)
    try:
        rebuild()
        assert len(copied) == 14  # each note's copy and its part of llms-full.txt
        copied.clear()
        (vault / "Other 3.md").write_text("# Other 3\n\nEdited, links to [[A]].\n", encoding="utf-8")
        rebuild()
        assert copied == ["Other 3.md", "Other 3.md"]
        assert "Edited, links to [A](http://127.0.0.1/)" in (tmp_path / "site" / "Other 3" / "index.md").read_text(encoding="utf-8")
        assert "Edited, links to" in (tmp_path / "site" / "llms-full.txt").read_text(encoding="utf-8")

        copied.clear()
        (vault / "B.md").write_text("# B\n\n## New\n\nA quoted line. ^q\n", encoding="utf-8")
        rebuild()
        assert len(copied) == 14  # a heading changed: any link may now land elsewhere
    finally:
        config.plugins.on_shutdown()
