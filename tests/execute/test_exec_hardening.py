"""Every file of a vault is untrusted input: what a run-python fence can and cannot do.

Processes a fence starts do not outlive its page; output is capped; a fence that ignores SIGTERM
or kills itself is a warning and the build goes on; the environment is an allow-list; the fence
finds neither the vault nor the project through its cwd, ``__file__``, ``sys.argv`` or
``sys.path``; where the kernel offers Landlock it cannot write into the vault (nor read the
builder's /proc entries), and where it does not, relative writes still land in its own folder.

Fences that must report while their page still runs write to ``/dev/shm``, the one shared folder
the sandbox leaves writable (POSIX shared memory).
"""

from __future__ import annotations

import hashlib
import html as html_module
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from exec_helpers import outputs, run, warnings

from mkdocs_vault_kb.execute import ExecuteOptions, ExecutionStage, pool, sandbox

LINUX = sys.platform.startswith("linux")
LANDLOCK = sandbox.landlock_abi()
PROJECT = Path(__file__).resolve().parents[2]
linux_only = pytest.mark.skipif(not LINUX, reason="subreaper, /proc and Landlock are Linux's")


def alive(pid: int) -> bool:
    """Whether ``pid`` is a running process (a zombie is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return False
    return stat[stat.rfind(b")") + 2 :].split()[0] != b"Z"


def wait_gone(pids: list[int], seconds: float) -> list[int]:
    """The pids still alive after waiting up to ``seconds`` for them to go."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.05)
    return [pid for pid in pids if alive(pid)]


def printed(html: str, tag: str) -> str:
    """The text after ``tag`` on its printed line, in the page's escaped output."""
    match = re.search(re.escape(tag) + r" (.*?)&#10;", html)
    assert match is not None, html[:3000]
    return html_module.unescape(match[1])


@pytest.fixture
def shm() -> Iterator[Path]:
    """A file in /dev/shm a fence may write while its page runs."""
    if not Path("/dev/shm").is_dir():
        pytest.skip("no /dev/shm on this machine")
    path = Path("/dev/shm") / f"vault-exec-test-{uuid.uuid4().hex}"
    yield path
    path.unlink(missing_ok=True)


def wait_for_pids(path: Path, count: int, seconds: float = 30) -> list[int]:
    deadline = time.monotonic() + seconds
    while True:
        if path.exists():
            pids = [int(word) for word in path.read_text().split()]
            if len(pids) >= count:
                return pids
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    raise AssertionError(f"the fence did not write {count} pids to {path}")


# A double-forked daemon (its own session, SIGTERM ignored) and a setsid child that starts a
# grandchild in a session of its own again; each pid is printed (and written to SHM when given).
SPAWN = '''
import os, signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
read_end, write_end = os.pipe()
first = os.fork()
if first == 0:
    os.setsid()
    if os.fork() == 0:
        os.write(write_end, b"%d\\n" % os.getpid())
        time.sleep(300)
    os._exit(0)
os.waitpid(first, 0)
daemon = int(os.read(read_end, 64))
grand = "import signal, subprocess, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); " \\
        "p = subprocess.Popen(['sleep', '300'], start_new_session=True); print(p.pid, flush=True); time.sleep(300)"
child = subprocess.Popen([sys.executable, "-c", grand], start_new_session=True, stdout=subprocess.PIPE)
grandchild = int(child.stdout.readline())
pids = [os.getpid(), daemon, child.pid, grandchild]
if SHM:
    with open(SHM, "w") as stream:
        stream.write(" ".join(map(str, pids)))
print("PIDS", *pids)
'''


def spawning_fence(shm: Path | None = None, then: str = "", options: str = "") -> str:
    code = f"SHM = {str(shm) if shm else ''!r}\n{SPAWN}{then}"
    return f"```run-python {options}\n{code}\n```\n"


# -- processes --------------------------------------------------------------------------------


@linux_only
def test_daemons_and_setsid_grandchildren_are_gone_when_the_page_is_done(
    stage: ExecutionStage,
) -> None:
    html, diagnostics = run(stage, "Daemons.md", spawning_fence())
    assert warnings(diagnostics) == []
    pids = [int(pid) for pid in printed(html, "PIDS").split()]
    assert len(set(pids)) == 4
    assert [pid for pid in pids if alive(pid)] == []  # killed before the page's results came back
    html, diagnostics = run(stage, "Next.md", "```run-python\nprint('next')\n```\n")
    assert diagnostics == [] and "next&#10;" in html


@linux_only
def test_closing_the_stage_kills_a_running_page_and_its_daemons(tmp_path: Path, shm: Path) -> None:
    stage = ExecutionStage(ExecuteOptions(cache_dir=tmp_path, workers=1, timeout=60), None)
    stage.submit("Running.md", spawning_fence(shm, then="time.sleep(60)\n"))
    pids = wait_for_pids(shm, 4)
    assert all(alive(pid) for pid in pids)
    stage.close()
    assert wait_gone(pids, 1) == []


@linux_only
def test_a_fence_ignoring_sigterm_is_killed_after_its_timeout(stage: ExecutionStage, shm: Path) -> None:
    page = spawning_fence(shm, then="while True:\n    time.sleep(0.01)\n", options='timeout="2"')
    page += "\n```run-python\nprint('after')\n```\n"
    started = time.monotonic()
    html, diagnostics = run(stage, "Stubborn.md", page)
    assert time.monotonic() - started < 15
    (warning,) = warnings(diagnostics)
    assert warning.line == 1 and "timed out" in warning.message and "2 s" in warning.message
    assert "vault-exec-error--timeout" in html and "after&#10;" not in html
    pids = wait_for_pids(shm, 4, seconds=0)
    assert [pid for pid in pids if alive(pid)] == []


@linux_only
def test_killing_mkdocs_takes_the_workers_and_every_fence_process_along(
    tmp_path: Path, shm: Path
) -> None:
    """The builder dies without closing the stage (SIGKILL), and a process it forked earlier
    still holds the worker's stdin open (so the worker sees no end of file): PR_SET_PDEATHSIG
    tells the worker, which kills its page and everything the page started."""
    fence = spawning_fence(shm, then="time.sleep(120)\n").replace(
        "pids = [os.getpid(),", "pids = [os.getppid(), os.getpid(),"
    )
    driver = textwrap.dedent(f"""
        import os, signal, sys, time
        from pathlib import Path
        from mkdocs_vault_kb.execute import ExecuteOptions, ExecutionStage
        stage = ExecutionStage(ExecuteOptions(cache_dir=Path({str(tmp_path)!r}), workers=1,
                                              timeout=120), None)
        stage.submit("Running.md", {fence!r})
        shm = Path({str(shm)!r})
        while not (shm.exists() and len(shm.read_text().split()) >= 5):
            time.sleep(0.05)
        holder = os.fork()  # inherits the pipe to the worker's stdin, and outlives us
        if holder == 0:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)  # not the test's pipes: it reads them to their end
            os.dup2(devnull, 2)
            time.sleep(60)
            os._exit(0)
        Path({str(tmp_path / "holder")!r}).write_text(str(holder))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    # not waiting for the ends of pipes: the worker inherits the builder's stderr
    with subprocess.Popen([sys.executable, "-c", driver], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL) as process:
        returncode = process.wait(timeout=120)
    holder = int((tmp_path / "holder").read_text())
    try:
        assert returncode == -signal.SIGKILL
        pids = wait_for_pids(shm, 5, seconds=0)  # worker, page, daemon, setsid child, its child
        assert wait_gone(pids, 10) == []
    finally:
        os.kill(holder, signal.SIGKILL)


# -- output, memory, crashes ------------------------------------------------------------------


def test_twenty_megabytes_of_output_are_capped_with_a_notice(stage: ExecutionStage) -> None:
    page = (
        "```run-python\nfor i in range(200_000):\n    print(f'line {i:06d} ' + 'x' * 90)\n```\n\n"
        "```run-python\nimport subprocess, sys\n"
        "subprocess.run([sys.executable, '-c', \"import os\\nfor _ in range(200): "
        "os.write(1, b'FD' * 50_000)\"])\n```\n\n"
        "```run-python\nprint('after')\n```\n"
    )
    html, diagnostics = run(stage, "Loud.md", page)
    assert diagnostics == []
    python_level, fd_level, after = outputs(html)
    limit = 1024 * 1024
    for block in (python_level, fd_level):
        notice = re.search(r"output truncated: ([\d,]+) more characters not shown", block)
        assert notice is not None
        assert int(notice[1].replace(",", "")) > 18_000_000
        text = block.replace("&#10;", "\n")
        assert limit < len(text) < limit + 2000
    assert python_level.startswith('<div class="vault-exec-output"><pre class="vault-exec-streams">'
                                   '<span class="vault-exec-stdout">line 000000 xxx')
    assert "FDFDFD" in fd_level[:200]
    assert "after&#10;" in after
    assert len(html) < 2.2 * limit


def test_the_output_limit_is_an_option(tmp_path: Path) -> None:
    stage = ExecutionStage(ExecuteOptions(cache_dir=tmp_path, workers=1, output_limit_kb=4), None)
    try:
        html, _ = run(stage, "Small.md", "```run-python\nprint('y' * 10_000)\n'z' * 10_000\n```\n")
    finally:
        stage.close()
    (block,) = outputs(html)
    assert block.count("y") == 4096 and "output truncated: 5,905 more characters" in block
    value = re.search(r'<pre class="vault-exec-value">(.*?)</pre>', block)
    assert value is not None and value[1].count("z") == 4095  # the repr's quote, then 4095 z
    assert "output truncated: 5,906 more characters" in value[1]


def test_the_memory_cap_covers_processes_a_fence_starts(stage: ExecutionStage) -> None:
    code = (
        "import subprocess, sys\n"
        "child = subprocess.run([sys.executable, '-c', 'bytearray(8 * 1024**3)'],"
        " capture_output=True, text=True)\n"
        "print('CHILD', child.returncode, child.stderr.strip().splitlines()[-1])\n"
    )
    html, diagnostics = run(stage, "Child Memory.md", f"```run-python\n{code}```\n")
    assert diagnostics == []
    assert printed(html, "CHILD") == "1 MemoryError"


@pytest.mark.parametrize(
    ("code", "signal_name"),
    [
        ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n", "SIGKILL"),
        ("import ctypes\nctypes.memset(0, 1, 8)\n", "SIGSEGV"),
        # a forked child keeps the page's result pipe open: the page's own exit is noticed
        ("import os, signal, time\nif os.fork() == 0:\n    time.sleep(60)\n"
         "os.kill(os.getpid(), signal.SIGKILL)\n", "SIGKILL"),
    ],
    ids=["sigkill", "sigsegv", "sigkill-with-child"],
)
def test_a_fence_killed_by_a_signal_warns_with_note_and_line(
    stage: ExecutionStage, code: str, signal_name: str
) -> None:
    page = (
        "# Dies\n\n```run-python\nprint('first')\n```\n\ntext\n\n"
        f"```run-python\n{code}```\n\n```run-python\nprint('never')\n```\n"
    )
    started = time.monotonic()
    html, diagnostics = run(stage, "Folder/Dies.md", page, offset=2)
    assert time.monotonic() - started < 8  # well before the fence's timeout (10 s)
    (warning,) = warnings(diagnostics)
    assert (warning.path, warning.line) == ("Folder/Dies.md", 11)  # fence line 9 + offset 2
    assert f"killed by signal {signal_name}" in warning.message
    skipped = 14 + code.count("\n")  # the next fence's line, + offset 2
    assert [d.line for d in diagnostics if d.level == "info"] == [skipped]
    assert "first&#10;" in html and "never&#10;" not in html
    html, diagnostics = run(stage, "Later.md", "```run-python\nprint('later page')\n```\n")
    assert diagnostics == [] and "later page&#10;" in html


@linux_only
def test_a_fence_cannot_kill_its_worker_or_if_it_can_the_build_goes_on(stage: ExecutionStage) -> None:
    page = (
        "```run-python\nimport os, signal\n"
        "try:\n    os.kill(os.getppid(), signal.SIGKILL)\n"
        "except PermissionError as exc:\n    print('REFUSED', exc.errno)\n```\n"
    )
    html, diagnostics = run(stage, "Parricide.md", page)
    if LANDLOCK >= 6:  # Landlock's signal scope: processes outside the sandbox are out of reach
        assert diagnostics == [] and printed(html, "REFUSED") == "1"
    else:
        assert "vault-exec-error--crash" in html
    html, diagnostics = run(stage, "After.md", "```run-python\nprint('still building')\n```\n")
    assert diagnostics == [] and "still building&#10;" in html


# -- what a fence sees ------------------------------------------------------------------------

SECRETS = {"AWS_SECRET_ACCESS_KEY": "aws-secret-4f1c9", "GITHUB_TOKEN": "ghp_secret_9a7e2",
           "DATABASE_PASSWORD": "db-secret-77c1"}

LOOK_AROUND = '''
import json, os, sys
targets = [os.getppid(), *globals().get("TARGETS", [])]  # the worker; the builder and its parent
read = {}
for pid in targets:
    for name in ("environ", "cmdline", "stat"):
        try:
            with open(f"/proc/{pid}/{name}", "rb") as stream:
                read[f"{pid}/{name}"] = stream.read().decode(errors="replace")
        except OSError as exc:
            read[f"{pid}/{name}"] = f"refused: {exc.errno}"
with open("/proc/self/environ", "rb") as stream:
    own = stream.read().decode(errors="replace")
print("SEEN", json.dumps({"environ": dict(os.environ), "own": own, "targets": targets,
                          "read": read, "cwd": os.getcwd(), "argv": sys.argv, "path": sys.path,
                          "file": "__file__" in globals(), "spec": repr(globals().get("__spec__"))}))
'''


@linux_only
@pytest.mark.parametrize("sandboxed", [True, False], ids=["sandbox-on", "sandbox-off"])
def test_fences_see_an_allow_listed_environment_and_no_secret_of_the_builder(
    tmp_path: Path, sandboxed: bool
) -> None:
    """The builder (a process started with secrets in its environment, as CI starts MkDocs) runs
    a page that looks for them everywhere: its environment, its own /proc entry and its
    ancestors' (the worker's, the builder's). With Landlock, the ancestors' entries are refused;
    without, the builder's /proc/<pid>/environ is readable by any process of the same user, and
    the test checks only what the fence is handed."""
    driver = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from mkdocs_vault_kb.execute import ExecuteOptions, ExecutionStage
        stage = ExecutionStage(ExecuteOptions(cache_dir=Path({str(tmp_path)!r}), workers=1,
                                              sandbox={sandboxed!r}), None)
        page = ("```run-python" + chr(10) + f"TARGETS = [{{os.getpid()}}, {{os.getppid()}}]"
                + {LOOK_AROUND!r} + "```" + chr(10))
        html, diagnostics = stage.apply("Look.md", page)
        stage.close()
        print(html)
        assert not diagnostics, diagnostics
    """)
    env = {"PATH": os.environ.get("PATH", os.defpath), "LANG": "C.UTF-8", "TZ": "UTC",
           "HOME": os.environ.get("HOME", "/"), **SECRETS,
           "XDG_CONFIG_HOME": str(tmp_path / "config")}  # the worker's (matplotlib), not the page's
    process = subprocess.run([sys.executable, "-c", driver], env=env, capture_output=True,
                             text=True, timeout=120, cwd=PROJECT)
    assert process.returncode == 0, process.stderr
    seen = json.loads(printed(process.stdout, "SEEN"))
    handed = json.dumps([seen["environ"], seen["own"], seen["path"], seen["cwd"], seen["argv"]])
    for secret in SECRETS.values():
        assert secret not in handed
    environ = seen["environ"]
    assert set(environ) <= sandbox.ALLOWED_ENV | {"HOME", "TMPDIR", "MPLBACKEND"}
    assert {"PATH", "HOME", "TMPDIR", "MPLBACKEND", "LANG", "TZ"} <= set(environ)
    workdir = str(Path(seen["cwd"]).parent)
    assert environ["HOME"].startswith(workdir) and environ["TMPDIR"].startswith(workdir)
    assert environ["MPLBACKEND"] == "Agg" and environ["TZ"] == "UTC"
    assert len(seen["targets"]) == 3 and len(seen["read"]) == 9
    if LANDLOCK and sandboxed:  # the worker's, the builder's and its parent's /proc entries
        assert all(value.startswith("refused: ") for value in seen["read"].values()), seen["read"]
        for secret in SECRETS.values():
            assert secret not in process.stdout


def test_cwd_file_argv_and_sys_path_do_not_lead_to_the_vault_or_the_project(
    stage: ExecutionStage,
) -> None:
    html, diagnostics = run(stage, "Look.md", "```run-python" + LOOK_AROUND + "```\n")
    assert warnings(diagnostics) == []
    seen = json.loads(printed(html, "SEEN"))
    vault = (PROJECT / "tests" / "fixtures" / "exec_vault").resolve()
    cwd = Path(seen["cwd"]).resolve()
    assert not cwd.is_relative_to(PROJECT) and not cwd.is_relative_to(vault)
    assert cwd.name == "cwd" and cwd.parent.name.startswith("vault-exec-")
    assert seen["argv"] == [""] and seen["file"] is False and seen["spec"] == "None"
    prefixes = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix)}
    for entry in seen["path"]:
        resolved = Path(entry).resolve()
        assert resolved not in {PROJECT, PROJECT / "plugins", vault, vault / "snippets"}, entry
        assert not resolved.is_relative_to(vault), entry
        if resolved.is_relative_to(PROJECT):  # only the project's virtualenv, for its packages
            assert any(resolved.is_relative_to(prefix) for prefix in prefixes), entry
    assert seen["path"][0] == seen["cwd"]
    for value in seen["environ"].values():
        assert str(vault) not in value and str(PROJECT / "plugins") not in value


def vault_state(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        if path.is_file() else "dir"
        for path in sorted(root.rglob("*"))
    }


VANDAL = '''
import os
attempts = {{
    "create": lambda: open({vault!r} + "/x.md", "w"),
    "overwrite": lambda: open({vault!r} + "/Note.md", "w"),
    "append": lambda: open({vault!r} + "/Note.md", "a"),
    "truncate": lambda: os.truncate({vault!r} + "/Note.md", 0),
    "remove": lambda: os.remove({vault!r} + "/Note.md"),
    "rename": lambda: os.rename({vault!r} + "/Note.md", {vault!r} + "/Moved.md"),
    "mkdir": lambda: os.mkdir({vault!r} + "/new"),
    "symlink": lambda: os.symlink("/etc/passwd", {vault!r} + "/link.md"),
    "snippet": lambda: open({snippets!r} + "/lib.py", "a"),
    "escape": lambda: open("../../x.md", "w"),
}}
for name, attempt in attempts.items():
    try:
        attempt()
        print("WROTE", name)
    except OSError as exc:
        print("REFUSED", name, exc.errno)
'''

# Without Landlock: code that does not know where the vault is writes relative to its folder.
RELATIVE = '''
import os
for name in ("Note.md", "x.md", "Sub/Other.md"):
    os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
    with open(name, "w") as stream:
        stream.write("overwritten")
    print("WROTE", os.path.abspath(name))
'''


@pytest.mark.parametrize("sandboxed", [True, False], ids=["sandbox-on", "sandbox-off"])
def test_a_fence_cannot_write_into_the_vault(tmp_path: Path, snippets: Path, sandboxed: bool) -> None:
    """With Landlock (checked where the kernel offers it and the ``sandbox`` option is on): every
    write into the vault or the snippets by absolute path, and out of the fence's folder, is
    refused. Without (no Landlock, or ``sandbox: false``): a fence writing relative to its folder
    still leaves the vault byte-identical; an absolute path would not be refused."""
    landlock = LANDLOCK and sandboxed
    vault = tmp_path / "vault"
    (vault / "Sub").mkdir(parents=True)
    (vault / "Note.md").write_text("# Note\n\ntext\n", encoding="utf-8")
    (vault / "Sub" / "Other.md").write_text("other\n", encoding="utf-8")
    before, snippets_before = vault_state(vault), vault_state(snippets)
    options = ExecuteOptions(cache_dir=tmp_path / "cache", workers=1, sandbox=sandboxed)
    stage = ExecutionStage(options, snippets)
    code = VANDAL.format(vault=str(vault), snippets=str(snippets)) if landlock else RELATIVE
    try:
        html, diagnostics = run(stage, "Vandal.md", f"```run-python\n{code}```\n")
    finally:
        stage.close()
    assert warnings(diagnostics) == []
    assert vault_state(vault) == before and vault_state(snippets) == snippets_before
    (shown,) = outputs(html)
    if landlock:
        assert "WROTE" not in shown
        refused = re.findall(r"REFUSED (\w+) (\d+)", shown)
        assert [name for name, _ in refused] == re.findall(r'"(\w+)": lambda', code)
    else:
        assert shown.count("WROTE /") == 3 and shown.count("/vault-exec-") == 3


def test_without_landlock_it_says_so_once_at_info_level(caplog: pytest.LogCaptureFixture) -> None:
    pool._reported.clear()
    with caplog.at_level("INFO", logger="mkdocs.plugins.vault"):
        pool._report_once({"ready": 1, "landlock": 0})
        pool._report_once({"ready": 2, "landlock": 0})
        pool._report_once({"ready": 3, "landlock": 7})
    messages = [r for r in caplog.records if r.name == "mkdocs.plugins.vault"]
    assert len(messages) == 1 and messages[0].levelname == "INFO"
    assert ("Landlock" if LINUX else "Linux only") in messages[0].getMessage()
    pool._reported.clear()
