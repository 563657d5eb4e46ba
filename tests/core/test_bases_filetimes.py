"""``file.ctime``/``file.mtime`` (Bases syntax.md, "File properties": created and modified time):
the first and last commit touching a file when the vault is in git, read by one ``git log``;
the file system's times otherwise (no repository, a file git does not know)."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from mkdocs_vault_kb.core.bases import filetimes, render_base
from mkdocs_vault_kb.core.bases.evaluate import Evaluator, VaultData
from mkdocs_vault_kb.core.headings import AnchorMaker
from mkdocs_vault_kb.core.index import build_index

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

T1, T2, T3 = 1_700_000_000, 1_710_000_000, 1_720_000_000  # 2023-11-14, 2024-03-09, 2024-07-03 (UTC)


def git(repo: Path, *args: str, when: int | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}  # fmt: skip
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{when} +0000"
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def commit(repo: Path, files: dict[str, str], when: int) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"at {when}", when=when)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose vault is the folder ``vault/``: a.md made at T1 and changed at T3,
    sub/b é.md made at T2, and c.md never committed."""
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, {"vault/a.md": "one\n", "outside.md": "x\n"}, T1)
    commit(tmp_path, {"vault/sub/b é.md": "two\n"}, T2)
    commit(tmp_path, {"vault/a.md": "one, changed\n"}, T3)
    (tmp_path / "vault" / "c.md").write_text("new\n", encoding="utf-8")
    return tmp_path


def at(ts: int) -> datetime:
    return datetime.fromtimestamp(ts)


def test_first_and_last_commit_of_each_file(repo):
    times = filetimes.file_times(repo / "vault", ["a.md", "sub/b é.md", "c.md"])
    assert times["a.md"] == (at(T1), at(T3))
    assert times["sub/b é.md"] == (at(T2), at(T2))
    c = os.stat(repo / "vault" / "c.md")  # not committed: the file system's times
    assert times["c.md"][1] == datetime.fromtimestamp(c.st_mtime)
    assert "outside.md" not in filetimes.git_times(repo / "vault")


def test_one_git_call_for_the_whole_vault(repo, monkeypatch):
    calls = []
    real = subprocess.run
    monkeypatch.setattr(filetimes.subprocess, "run", lambda *a, **k: (calls.append(a), real(*a, **k))[1])
    paths = [f"n{i}.md" for i in range(200)] + ["a.md"]
    filetimes.file_times(repo / "vault", paths)
    assert len(calls) == 1


def test_outside_git_the_file_system_times(tmp_path):
    (tmp_path / "v").mkdir()
    note = tmp_path / "v" / "n.md"
    note.write_text("x\n", encoding="utf-8")
    os.utime(note, (T2, T2))
    times = filetimes.file_times(tmp_path / "v", ["n.md", "missing.md"])
    assert times["n.md"][1] == at(T2) and times["n.md"][0] <= at(T2)
    assert "missing.md" not in times


def test_a_shallow_clone_knows_the_commits_it_holds(repo, tmp_path_factory):
    clone = tmp_path_factory.mktemp("clone") / "c"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True, capture_output=True)
    times = filetimes.file_times(clone / "vault", ["a.md", "sub/b é.md"])
    # the clone's one commit (T3) is the earliest it can tell for every file it holds
    assert times == {"a.md": (at(T3), at(T3)), "sub/b é.md": (at(T3), at(T3))}


def test_a_base_reads_them_as_dates(repo):
    notes = {"a.md": "one\n", "sub/b é.md": "two\n"}
    index = build_index(notes, [], AnchorMaker(lambda s, sep: s.lower(), "-"))
    data = VaultData.build(index, {}, [], times=lambda: filetimes.file_times(repo / "vault", list(notes)))
    ev = Evaluator(data, {}, None)
    assert ev.value('file.mtime.format("YYYY-MM-DD")', "a.md") == (at(T3).strftime("%Y-%m-%d"), None)
    assert ev.value("file.mtime > file.ctime", "a.md") == (True, None)
    assert ev.value("file.mtime - file.ctime", "sub/b é.md") == (0, None)
    src = "views:\n  - type: table\n    order: [file.name, file.ctime]\n    sort:\n      - property: file.ctime\n        direction: DESC\n"
    out, diags = render_base(src, data, lambda p: p, path="t.base")
    assert not diags and out.index("b é") < out.index(">a<")  # b (T2) is newer than a (T1)
