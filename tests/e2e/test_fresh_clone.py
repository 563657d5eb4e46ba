"""README's two commands on a fresh clone, with only the system's paths on PATH (as on a new
machine: no activated venv, no tool of ours on PATH, none of this shell's variables).

The serve command must set up ``.venv`` and serve the flagship; the test command must set up the
test tools and run pytest (here over one small test directory, since this run is itself inside
the test command). The clone is of the commit under test (``HEAD``)."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_serve import free_port, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::ResourceWarning")]

MINIMAL = {"HOME": os.environ.get("HOME", "/root"), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    dest = tmp_path_factory.mktemp("fresh") / "clone"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(dest)], check=True, env=MINIMAL)
    shared = ROOT.parent / "shared"
    if shared.is_dir() and not (dest.parent / "shared").exists():
        (dest.parent / "shared").symlink_to(shared)
    return dest


def test_serve_command_sets_up_and_serves(clone):
    port = free_port()
    env = {**MINIMAL, "VAULT_EXECUTE": "0"}  # the documented quick-preview switch: no cold execution here
    log = clone.parent / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(["bash", "scripts/serve.sh", "-a", f"127.0.0.1:{port}"], cwd=clone, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            home = wait_for(f"http://127.0.0.1:{port}/", "Machine Learning Interview Topics", timeout=1200)
            assert "graph/" in home
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=60)
    text = log.read_text(encoding="utf-8")
    assert "setup: installing the site" in text, text[-2000:]
    # a second start installs nothing (the stamp), so it works offline
    again = subprocess.run(["bash", "scripts/setup.sh", "site"], cwd=clone, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "installing" not in again.stderr, again.stderr


def test_test_command_sets_up_and_runs_pytest(clone):
    out = subprocess.run(["bash", "scripts/test.sh", "tests/core", "-x", "-p", "no:cacheprovider"], cwd=clone,
                         env=MINIMAL, capture_output=True, text=True, timeout=1800)
    assert out.returncode == 0, (out.stdout[-3000:], out.stderr[-3000:])
    assert " passed" in out.stdout
    assert (clone / ".venv" / "bin" / "python").exists()
