"""A vault holding every kind of bad input builds: one warning per problem naming the file (and
line), every note published, nothing from outside the vault published, no live script in any file
of the site, no process left behind, bounded memory and time, and the vault byte-identical.

The build runs as MkDocs runs it (a subprocess, README's ``INHERIT`` recipe), so its peak memory
and the processes it leaves can be measured."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT
from .hostile import CANARY, CHAIN, fingerprint, make_hostile_vault
from .test_xss import MATERIAL_INLINE, _theme_form, _theme_script, checker

pytestmark = pytest.mark.slow

SECRET = "builder-secret-5d1e"


def _build(tmp: Path, vault: Path, *, strict: bool) -> tuple[int, str, int, float]:
    """(exit code, log, peak resident memory in MiB of the build and its children, seconds)."""
    site = tmp / ("site-strict" if strict else "site")
    cfg = tmp / f"hostile-{'strict' if strict else 'plain'}.yml"
    cfg.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {vault}\nsite_dir: {site}\n", encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", VAULT_TEST_SECRET=SECRET)
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(cfg)] + (["--strict"] if strict else [])
    log = tmp / "build.log"
    start = time.monotonic()
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tmp)
        deadline = start + 600
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                proc.wait()
                pytest.fail("the hostile build took more than 10 minutes")
            time.sleep(0.2)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, log.read_text(encoding="utf-8"), usage.ru_maxrss // 1024, time.monotonic() - start


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    vault, outside = make_hostile_vault(tmp)
    before = fingerprint(vault)
    code, log, peak, seconds = _build(tmp, vault, strict=False)
    return tmp, vault, before, code, log, peak, seconds


def _warnings(log: str) -> list[str]:
    return [line.removeprefix("WARNING -  ") for line in log.splitlines() if line.startswith("WARNING")]


def test_it_builds_in_bounded_time_and_memory(hostile):
    tmp, vault, before, code, log, peak, seconds = hostile
    assert code == 0, log[-3000:]
    assert "Traceback" not in log
    assert peak < 4096, f"peak memory {peak} MiB"
    assert seconds < 600
    print(f"hostile vault: {seconds:.0f} s, peak {peak} MiB")


def test_each_problem_is_one_warning_naming_file_and_line(hostile):
    warnings = _warnings(hostile[4])
    expected = [
        "vault: Frontmatter/Alias Bomb.md:8: malformed frontmatter: aliases expand to more than",
        "vault: Frontmatter/Deep Nesting.md:2: malformed frontmatter: nested more than 32 levels deep",
        "vault: Frontmatter/Syntax Error.md:3: malformed frontmatter",
        "vault: Frontmatter/Python Tag.md:2: malformed frontmatter",
        "vault: Contents/Latin1.md:3: not valid UTF-8 (byte 13): read as Windows-1252",
        "vault: Contents/Control Bytes.md:3: 5 control character(s)",
        "vault: Links/Secret.md: a symbolic link to a file outside the vault",
        "vault: Links/secret.png: a symbolic link to a file outside the vault",
        "vault: Links/loop: a symbolic link to a folder",
        "vault: Shared: a symbolic link to a folder",
        "vault: Escapes/Self Embed.md:5: embed cycle stopped",
        "vault: Escapes/Traversal.md:3: unresolved link [[../../../etc/passwd]]",
        "vault: Escapes/Traversal.md:3: unresolved link [[/etc/passwd]]",
        "vault: Escapes/Traversal.md:4: unresolved embed ![[../../../etc/passwd]]",
        "vault: Escapes/Traversal.md:5: unresolved link [dot dot](../../../etc/passwd): it points outside the vault",
        "vault: Escapes/Traversal.md:5: unresolved link [encoded](%2e%2e/%2e%2e/%2e%2e/etc/passwd.md)",
        "vault: Escapes/Traversal.md:6: unresolved link [file](file:///etc/passwd): it points outside the vault",
        "vault: Escapes/Traversal.md:6: unresolved link [absolute](/etc/passwd): it points outside the vault",
        "vault: Escapes/Traversal.md:6: unresolved embed ![image](../../../../etc/hostname): it points outside the vault",
    ]
    for prefix in expected:
        assert sum(w.startswith(prefix) for w in warnings) == 1, (prefix, warnings)
    # the 200-deep chain and the two-note loop: one warning each, naming the chain
    depth = [w for w in warnings if "embeds nested deeper than" in w]
    assert len(depth) == 1 and "Chain/Chain 0.md -> Chain/Chain 1.md" in depth[0], depth
    loops = [w for w in warnings if "embed cycle stopped" in w and "Loop" in w]
    assert len(loops) == 1 and "Loop A.md" in loops[0] and "Loop B.md" in loops[0], loops
    # what YAML reads as other types is the author's text, without a warning
    for note in ("Impossible Date", "Typed 404", "Typed Null", "Typed No", "Typed Date", "CRLF", "BOM"):
        assert not [w for w in warnings if f"/{note}.md" in w], note
    # a fence killed by a signal: a warning naming the note and the fence's line
    assert any(re.match(r"vault: Escapes/Processes\.md:\d+: .*(signal|SIGKILL|killed)", w) for w in warnings), warnings


def test_strict_fails_on_the_same_warnings(hostile, tmp_path):
    # the same vault without the two big notes (they cost minutes and hold no problem)
    vault = tmp_path / "vault"
    shutil.copytree(hostile[1], vault, symlinks=True, ignore=lambda d, names: ["Size"] if d == str(hostile[1]) else [])
    code, log, _, _ = _build(tmp_path, vault, strict=True)
    assert code == 1 and "Aborted with" in log and "in strict mode" in log, log[-2000:]
    assert "Traceback" not in log


def _page(tmp: Path, url: str) -> str:
    return (tmp / "site" / url / "index.html").read_text(encoding="utf-8")


def test_every_note_is_published(hostile):
    tmp = hostile[0]
    site = tmp / "site"
    for url in ("Frontmatter/Impossible Date", "Frontmatter/Alias Bomb", "Frontmatter/Deep Nesting",
                "Frontmatter/Syntax Error", "Frontmatter/Python Tag", "Frontmatter/CRLF", "Frontmatter/BOM",
                "Frontmatter/Only Frontmatter", "Contents/Empty", "Contents/Control Bytes", "Contents/Latin1",
                "Contents/No Final Newline", "Size/Big", "Size/Many Links", "Chain/Chain 199", "Escapes/Processes"):
        assert (site / url / "index.html").is_file(), url
    assert "Café crème" in _page(tmp, "Contents/Latin1")
    assert "this first line is text, not MultiMarkdown metadata" in _page(tmp, "Contents/MultiMarkdown")
    assert "not: frontmatter" in _page(tmp, "Contents/Body Like Frontmatter")
    # titles: the author's text; a broken frontmatter keeps the properties that parse alone
    assert "<title>404 - " in _page(tmp, "Frontmatter/Typed 404")
    assert "<title>no - " in _page(tmp, "Frontmatter/Typed No")
    assert "<title>2024-01-05 - " in _page(tmp, "Frontmatter/Typed Date")
    assert "<title>Alias Bomb - " in _page(tmp, "Frontmatter/Alias Bomb")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="Frontmatter/CRLF/"' in home  # [[Windows Alias]]: an alias in CRLF frontmatter
    # [[Still Read]]: an alias from the line before the syntax error still resolves (to its own page)
    assert "vault-unresolved" not in _page(tmp, "Frontmatter/Syntax Error")
    assert "[[Still Read]]" not in " ".join(_warnings(hostile[4]))


def test_big_notes_are_whole(hostile):
    tmp = hostile[0]
    big = _page(tmp, "Size/Big")
    assert 'id="last-section"' in big and "The end of the big note." in big
    into = _page(tmp, "Size/Links Into Big")
    assert "#last-section" in into and "#^last" in into  # the heading and block of a 10 MiB note resolve
    import json

    graph = json.loads((tmp / "site" / "graph.json").read_text(encoding="utf-8"))
    edges = {(e["source"], e["target"]) for e in graph["links"]}
    assert sum(1 for s, _ in edges if s == "Size/Many%20Links/" or s == "Size/Many Links/") == CHAIN


def test_nothing_from_outside_the_vault_is_published(hostile):
    site = hostile[0] / "site"
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".md", ".png", ".js"):
            assert CANARY.encode() not in path.read_bytes(), path
    assert not (site / "Links" / "Secret").exists() and not (site / "Shared").exists()
    assert not (site / "Links" / "loop").exists()


def test_no_live_script_in_any_file_of_the_site(hostile):
    site = hostile[0] / "site"
    for path in site.rglob("*"):
        if not path.is_file() or path.relative_to(site).parts[0] == "assets":
            continue
        rel = path.relative_to(site).as_posix()
        if path.suffix in (".html", ".svg", ".xml"):
            parser = checker.LiveScript(_theme_script, _theme_form)
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            parser.close()
            assert parser.found == [], rel
            for attrs, text in parser.scripts:
                if not attrs:
                    assert text.startswith(MATERIAL_INLINE) and "alert" not in text, rel
        elif path.suffix in (".md", ".txt"):  # Markdown copies and llms.txt: text, never a page
            assert path.name in ("llms.txt", "llms-full.txt") or path.name.endswith(".md"), rel
        else:
            assert path.suffix in (".json", ".gz", ".png"), rel


def test_fences_leave_no_process_and_see_no_secret(hostile):
    tmp, vault = hostile[0], hostile[1]
    page = _page(tmp, "Escapes/Processes")
    m = re.search(r"PIDS (\d+) (\d+)", page)
    assert m, "the process fence did not run"
    for pid in map(int, m.groups()):
        alive = Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()
        if alive:
            os.kill(pid, signal.SIGKILL)
        assert not alive, f"process {pid} outlived the build"
    assert "SECRET absent" in page and SECRET not in page
    assert str(vault) not in page.replace(f"@VAULT@", "")  or "WRITE refused" in page
    assert "output truncated" in page
    assert len(page) < 3_000_000, len(page)


def test_the_vault_is_byte_identical(hostile):
    tmp, vault, before = hostile[0], hostile[1], hostile[2]
    assert fingerprint(vault) == before
    assert not (vault / "Escapes" / "pwned.md").exists()
