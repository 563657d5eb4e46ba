"""End-to-end builds of fixture vaults with the real MkDocs, in-process, into ``tmp_path``."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


@dataclass
class Built:
    site: Path
    docs: Path
    records: list[logging.LogRecord]

    def html(self, url: str) -> str:
        path = self.site / url
        if url.endswith("/") or url == "":
            path = path / "index.html"
        return path.read_text(encoding="utf-8")

    def messages(self, level: int = logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno == level]


def write_config(tmp: Path, docs: Path, site: Path, plugin_yaml: str, extra: str = "", site_url: str = "http://127.0.0.1/") -> Path:
    cfg = tmp / "mkdocs.yml"
    cfg.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs}\nsite_dir: {site}\nsite_url: {site_url}\n"
        f"plugins:\n{plugin_yaml}\n{extra}",
        encoding="utf-8",
    )
    return cfg


VAULT_PLUGIN = """  - vault:
      home: Home.md
      execute:
        enabled: false"""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build(
    name: str,
    tmp: Path,
    *,
    strict: bool = True,
    plugin_yaml: str = VAULT_PLUGIN,
    extra: str = "",
    copy: bool = True,
    site_url: str = "http://127.0.0.1/",
    dirty: bool = False,
    docs: Path | None = None,
) -> Built:
    """Build fixture vault ``name`` (a copy, unless ``copy`` is false), or the vault folder
    ``docs``, into ``tmp/site``."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    if docs is not None:
        copy = False
    else:
        docs = FIXTURES / name
    if copy:
        docs = tmp / "docs"
        shutil.copytree(FIXTURES / name, docs)
    site = tmp / "site"
    cfg = write_config(tmp, docs, site, plugin_yaml, extra, site_url)
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.INFO)
    config = load_config(str(cfg), strict=strict)
    config.plugins.on_startup(command="build", dirty=dirty)  # as `mkdocs build` does
    try:
        mkdocs_build(config, dirty=dirty)
    finally:
        config.plugins.on_shutdown()
        logger.removeHandler(handler)
        logger.setLevel(old)
    return Built(site, docs, handler.records)


@pytest.fixture
def build_vault(tmp_path):
    """Build a fixture vault in this test's tmp_path; raises Abort on a strict failure."""
    return lambda name, **kw: build(name, tmp_path, **kw)
