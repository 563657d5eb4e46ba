"""The hostile vault: ``tests/fixtures/hostile`` plus what is too big or too machine-specific to
commit (a 10 MiB note, a note with 50,000 links, a 200-deep embed chain, symbolic links leaving
the vault and a loop), written into a temporary folder beside a folder of secrets outside it."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
CANARY = "CANARY-7f3a-outside-the-vault"
CHAIN = 200
BIG_MIB = 10
LINKS = 50_000


def make_hostile_vault(tmp: Path) -> tuple[Path, Path]:
    """Write the vault into ``tmp/vault`` and the secrets into ``tmp/outside``; return both."""
    vault, outside = tmp / "vault", tmp / "outside"
    shutil.copytree(FIXTURE, vault)
    (vault / ".gitattributes").unlink()
    (outside / "shared").mkdir(parents=True)
    (outside / "secret.md").write_text(f"# Secret\n\n{CANARY}\n", encoding="utf-8")
    (outside / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + CANARY.encode())
    (outside / "shared" / "Shared Note.md").write_text(f"# Shared\n\n{CANARY} [[Home]]\n", encoding="utf-8")
    links = vault / "Links"
    links.mkdir()
    os.symlink(outside / "secret.md", links / "Secret.md")
    os.symlink(outside / "secret.png", links / "secret.png")
    os.symlink(outside / "shared", vault / "Shared")
    os.symlink(".", links / "loop")  # MkDocs walks it about 40 levels deep before the OS stops it
    big = vault / "Size"
    big.mkdir()
    para = "A paragraph with a [[Home]] link, **bold**, `code` and $x^2$. " * 4
    chunks, size, i = [], 0, 0
    while size < BIG_MIB * 1024 * 1024:
        chunk = f"## Section {i}\n\n{para}\n\n- item {i} ^b{i}\n\n"
        chunks.append(chunk)
        size += len(chunk)
        i += 1
    chunks.append("## Last Section\n\nThe end of the big note. ^last\n")
    (big / "Big.md").write_text("# Big\n\n" + "".join(chunks), encoding="utf-8")
    (big / "Many Links.md").write_text(
        "# Many Links\n\n" + "\n".join(f"Link {k}: [[Chain {k % CHAIN}]]." for k in range(LINKS)) + "\n", encoding="utf-8"
    )
    (big / "Links Into Big.md").write_text("# Links Into Big\n\n[[Big#Last Section]] and [[Big#^last]]\n", encoding="utf-8")
    chain = vault / "Chain"
    chain.mkdir()
    for k in range(CHAIN):
        nxt = f"\n\n![[Chain {k + 1}]]" if k + 1 < CHAIN else ""
        (chain / f"Chain {k}.md").write_text(f"# Chain {k}\n\nLevel {k}.{nxt}\n", encoding="utf-8")
    (chain / "Loop A.md").write_text("# Loop A\n\n![[Loop B]]\n", encoding="utf-8")
    (chain / "Loop B.md").write_text("# Loop B\n\n![[Loop A]]\n", encoding="utf-8")
    xss = vault / "XSS"
    shutil.copytree(FIXTURE.parent / "xss", xss)
    (xss / "Home.md").unlink()
    (vault / "Escapes" / "Processes.md").write_text(PROCESSES.replace("@VAULT@", str(vault)), encoding="utf-8")
    return vault, outside


#: Fences that try to outlive the build, read the builder's secrets, flood the page, die by a
#: signal and write into the vault. Each prints what the test checks (pids, what it saw).
PROCESSES = """# Processes

```run-python
import os, subprocess, sys
r, w = os.pipe()
if os.fork() == 0:                      # a double-forked daemon in a session of its own
    os.setsid()
    if os.fork() == 0:
        os.write(w, str(os.getpid()).encode())
        import time; time.sleep(3600)
    os._exit(0)
os.close(w)
daemon = os.read(r, 32).decode()
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"], start_new_session=True)
print("PIDS", daemon, child.pid)
```

```run-python
import os
print("ENV", sorted(os.environ))
print("SECRET", os.environ.get("VAULT_TEST_SECRET", "absent"))
print("CWD", os.getcwd())
```

```run-python
try:
    with open("@VAULT@/Escapes/pwned.md", "w") as f:
        f.write("pwned")
    print("WRITE allowed")
except OSError as exc:
    print("WRITE refused", type(exc).__name__)
```

```run-python
print("x" * 20_000_000)
```

```run-python
import os, signal
os.kill(os.getpid(), signal.SIGKILL)
```
"""


def fingerprint(vault: Path) -> dict[str, str]:
    """Every file and link in the vault, by content hash (links by their target, unfollowed)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(vault):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = p.relative_to(vault).as_posix()
            if p.is_symlink():
                out[rel] = "link:" + os.readlink(p)
            elif p.is_file():
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out
