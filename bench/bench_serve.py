"""Time from saving one note to the rebuilt page under a real ``mkdocs serve``.

    python bench/bench_serve.py [--notes 2000] [--zipf [S]] [--edits 4] [--pause 2] [--only flagship,vault,plain,flagship-plain]
                                [--dirty] [--keep] [--paired]

For each case the script starts ``python -m mkdocs serve -f CFG -a 127.0.0.1:PORT`` (its own
process, ``NO_MKDOCS_2_WARNING=1``), waits until the note's page is served, then repeatedly appends
a unique marker line to the note's file and polls the page over HTTP until the marker shows up:
that wall time is "save to page". Between edits it waits for the rebuild to finish (MkDocs logs
"Documentation built in ...") and pauses. Cases:

- ``flagship``: a copy of ``vault/`` (the real vault is never written to) with the ``vault`` plugin
  and execution on; one ``mkdocs build`` first warms a private execution cache. The edit appends
  text after a note's last ``run-python`` fence, so its code does not change: the plugin's
  "executed N cells" line, captured from serve's log for every rebuild, should say 0 cells.
- ``vault``: a synthetic vault (``bench/synthetic_vault.py``, default 2,000 notes; ``--zipf``: link
  targets drawn from a Zipf law, as in real vaults), plugin on,
  execution off.
- ``plain``: the same vault with plain MkDocs + Material (``plugins: []``; wikilinks stay text).
- ``flagship-plain``: the flagship copy with ``plugins: []``, for the flagship's own share.

With ``--paired`` each vault is served with and without the plugin at the same time (each server
on its own copy) and the two are edited in turn, A B A B: the idle server only polls its watcher,
and each pair of rebuilds meets the same machine, so a drifting machine cannot favour either.

Besides wall time, the script reads the serve process's CPU time (``/proc/PID/stat``) before and
after each rebuild: on a shared machine CPU seconds are steadier than wall seconds. Plain
``mkdocs serve`` (no ``--dirty``) rebuilds every page on each change, so "save to page" is a full
rebuild plus the watcher's delay and the poll interval (50 ms).

Everything is written under a fresh ``/tmp/servebench-*`` folder (removed unless ``--keep``).
Prints the load average (the numbers are noisy when other work shares the cores) and a Markdown
table ready for README.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic_vault import generate  # noqa: E402

FLAGSHIP_HOME = "Machine Learning Interview Topics.md"
TICKS = os.sysconf("SC_CLK_TCK")
POLL = 0.05
EXECUTED = re.compile(r"vault: executed \d+ cells on \d+ pages; \d+ pages from the cache")
HOOKS = re.compile(r"vault: \d+ notes; the plugin's own hooks took ([\d.]+) s")
BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")
# MkDocs' log drops a message equal to the one before it, so two rebuilds of equal length log
# "built in" once: the end of a rebuild is whichever of these comes first ("Reloading browsers"
# carries a timestamp).
REBUILT = re.compile(r"Documentation built in ([\d.]+) seconds|Reloading browsers")


def env() -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k not in ("VAULT_EXECUTE", "SITE_URL")}
    return {**e, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONUNBUFFERED": "1"}


def load() -> str:
    return "load average %.2f %.2f %.2f (1/5/15 min) on %d cores" % (*os.getloadavg(), os.cpu_count() or 0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page_url(src: str, home: str | None) -> str:
    """The served path of a note with ``use_directory_urls: true``."""
    if home and src == home:
        return "/"
    stem = src[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")].rstrip("/")
        return "/" + quote(stem + "/" if stem else "")
    return "/" + quote(stem + "/")


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process (the serve process; execution workers are not included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


@dataclass
class Edit:
    wall: float  # save -> marker served
    built: float | None  # MkDocs' own "Documentation built in" for that rebuild
    cpu: float  # serve process CPU seconds for the rebuild
    executed: str | None  # the plugin's executed-cells line for the rebuild
    hooks: float | None = None  # the plugin's own hooks' wall seconds in that rebuild (its log line)


@dataclass
class Case:
    name: str
    label: str
    docs: Path
    note: str
    plugins: str
    home: str | None = None
    edits: list[Edit] = field(default_factory=list)
    startup: float = 0.0
    first_executed: str | None = None
    pairs: list[tuple[float, float]] = field(default_factory=list)  # --paired: (CPU, wall) ratios to its plain twin


class Serve:
    """``mkdocs serve`` in a subprocess, its log lines collected (with arrival times) by a thread."""

    def __init__(self, cfg: Path, port: int, log_path: Path, extra: tuple[str, ...] = ()) -> None:
        self.lines: list[tuple[float, str]] = []
        self.cond = threading.Condition()
        self.log = log_path.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(cfg), "-a", f"127.0.0.1:{port}", *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env(), start_new_session=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.log.write(line)
            self.log.flush()
            with self.cond:
                self.lines.append((time.monotonic(), line.rstrip("\n")))
                self.cond.notify_all()

    def mark(self) -> int:
        with self.cond:
            return len(self.lines)

    def wait_for(self, pattern: re.Pattern[str], start: int, timeout: float) -> str | None:
        """The first line at index >= start matching ``pattern``, waiting up to ``timeout``."""
        deadline = time.monotonic() + timeout
        with self.cond:
            i = start
            while True:
                while i < len(self.lines):
                    if pattern.search(self.lines[i][1]):
                        return self.lines[i][1]
                    i += 1
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    return None
                self.cond.wait(left)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM to our own child only; it shuts its workers down
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.reader.join(5)
        self.log.close()


def write_config(work: Path, case: Case) -> Path:
    cfg = work / f"{case.name}.yml"
    cfg.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {case.docs}\nsite_dir: {work / ('site-' + case.name)}\n{case.plugins}",
        encoding="utf-8",
    )
    return cfg


class Running:
    """One case's ``mkdocs serve``, started and settled; ``edit()`` times one save-to-page."""

    def __init__(self, work: Path, case: Case, pause: float, timeout: float, extra: tuple[str, ...] = ()) -> None:
        self.case, self.timeout = case, timeout
        cfg = write_config(work, case)
        port = free_port()
        self.url = f"http://127.0.0.1:{port}" + page_url(case.note, case.home)
        self.note_file = case.docs / case.note
        self.original = self.text = self.note_file.read_text(encoding="utf-8")
        print(f"\n== {case.label}: serving {cfg.name} on :{port}, editing {case.note!r} -> {self.url}", flush=True)
        print(f"   {load()}", flush=True)
        t0 = time.monotonic()
        self.serve = serve = Serve(cfg, port, work / f"{case.name}.serve.log", extra)
        try:
            while fetch(self.url) is None:
                if serve.proc.poll() is not None or time.monotonic() - t0 > timeout:
                    tail = "\n".join(line for _, line in serve.lines[-30:])
                    raise SystemExit(f"mkdocs serve did not serve {self.url}:\n{tail}")
                time.sleep(0.2)
            case.startup = time.monotonic() - t0
            case.first_executed = serve.wait_for(EXECUTED, 0, 5) if "vault" in case.plugins else None
            # let serve settle (its first build is done once the page is served; the watcher starts right after)
            time.sleep(max(pause, 1.0))
        except BaseException:
            self.stop()
            raise
        print(f"   first build served after {case.startup:.1f} s" + (f"; {case.first_executed.split('vault: ')[-1]}" if case.first_executed else ""), flush=True)

    def edit(self) -> Edit:
        case, serve = self.case, self.serve
        marker = f"servebench-{uuid.uuid4().hex}"
        self.text = self.text.rstrip("\n") + f"\n\n{marker}\n"
        start_line = serve.mark()
        cpu0 = cpu_seconds(serve.proc.pid)
        t_save = time.monotonic()
        self.note_file.write_text(self.text, encoding="utf-8")
        while True:
            page = fetch(self.url)
            if page is not None and marker in page:
                wall = time.monotonic() - t_save
                break
            if serve.proc.poll() is not None or time.monotonic() - t_save > self.timeout:
                raise SystemExit(f"{case.label}: marker {marker} not served after {self.timeout} s")
            time.sleep(POLL)
        built_line = serve.wait_for(REBUILT, start_line, self.timeout)
        executed = serve.wait_for(EXECUTED, start_line, 5) if "execute:\n        enabled: true" in case.plugins else None
        hooks_line = serve.wait_for(HOOKS, start_line, 5) if "vault" in case.plugins else None
        time.sleep(0.3)  # "Reloading browsers" and any trailing work of the rebuild
        cpu = cpu_seconds(serve.proc.pid) - cpu0
        m = BUILT.search(built_line or "")
        h = HOOKS.search(hooks_line or "")
        e = Edit(wall, float(m.group(1)) if m else None, cpu, executed.split("vault: ")[-1] if executed else None,
                 float(h.group(1)) if h else None)
        case.edits.append(e)
        print(
            f"   {case.name:14s} edit {len(case.edits)}: save->page {wall:6.2f} s | mkdocs build {e.built if e.built is not None else float('nan'):6.2f} s"
            f" | serve CPU {cpu:6.2f} s" + (f" | plugin's hooks {e.hooks:.2f} s" if e.hooks is not None else "")
            + (f" | {e.executed}" if e.executed else "") + f" | {load()}",
            flush=True,
        )
        return e

    def stop(self) -> None:
        self.serve.stop()
        self.note_file.write_text(self.original, encoding="utf-8")


def run_case(work: Path, case: Case, edits: int, pause: float, timeout: float, extra: tuple[str, ...] = ()) -> None:
    running = Running(work, case, pause, timeout, extra)
    try:
        for _ in range(edits):
            running.edit()
            time.sleep(pause)
    finally:
        running.stop()


def run_paired(work: Path, a: Case, b: Case, edits: int, pause: float, timeout: float, extra: tuple[str, ...] = ()) -> None:
    """Both servers up at once (on separate copies of the vault), edited in turn A B A B ...: the
    other server is idle while one rebuilds, and each pair of rebuilds sees the same machine."""
    ra = Running(work, a, pause, timeout, extra)
    try:
        rb = Running(work, b, pause, timeout, extra)
        try:
            for k in range(edits):
                x = ra.edit()
                time.sleep(pause)
                y = rb.edit()
                time.sleep(pause)
                a.pairs.append((x.cpu / y.cpu, x.wall / y.wall))
                print(f"   pair {k + 1}: {a.name} / {b.name} = {x.cpu / y.cpu:.2f} (serve CPU), {x.wall / y.wall:.2f} (save to page)", flush=True)
        finally:
            rb.stop()
    finally:
        ra.stop()


def med(xs: list[float | None]) -> float:
    vals = [x for x in xs if x is not None]
    return statistics.median(vals) if vals else float("nan")


def flagship_note(docs: Path) -> str:
    """A note with ``run-python`` fences (not the home page): its code stays unchanged by the edit."""
    best = None
    for p in sorted(docs.rglob("*.md")):
        rel = p.relative_to(docs).as_posix()
        if rel == FLAGSHIP_HOME or rel.startswith("."):
            continue
        n = p.read_text(encoding="utf-8").count("```run-python")
        if n and (best is None or n > best[0]):
            best = (n, rel)
    if best is None:
        raise SystemExit("no note with run-python fences in the flagship vault")
    return best[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=2000, help="size of the synthetic vault")
    parser.add_argument("--zipf", type=float, nargs="?", const=1.0, default=None, metavar="S",
                        help="the Zipf-law synthetic vault (hub notes with hundreds of backlinks)")
    parser.add_argument("--edits", type=int, default=4, help="edits per case (median reported)")
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between edits")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--only", default="flagship,vault,plain,flagship-plain")
    parser.add_argument("--dirty", action="store_true", help="run `mkdocs serve --dirty` (rebuild only changed pages)")
    parser.add_argument("--keep", action="store_true", help="keep the /tmp/servebench-* folder (configs, serve logs)")
    parser.add_argument("--paired", action="store_true",
                        help="serve each vault with and without the plugin at once and edit them in turn (A B A B ...)")
    args = parser.parse_args()
    wanted = [w.strip() for w in args.only.split(",") if w.strip()]

    work = Path(tempfile.mkdtemp(prefix="servebench-"))
    print(f"work folder {work}; {load()}", flush=True)
    print("NOTE: the machine may be shared; wall times are noisy, serve CPU seconds are steadier.", flush=True)
    cases: dict[str, Case] = {}
    try:
        flag_docs = work / "vault-flagship"
        if any(w.startswith("flagship") for w in wanted):
            shutil.copytree(ROOT / "vault", flag_docs)
            note = flagship_note(flag_docs)
            vault_flag = (
                "plugins:\n  - vault:\n"
                f"      home: {FLAGSHIP_HOME}\n"
                f"      snippets_dir: {ROOT / 'snippets'}\n"
                f"      execute:\n        enabled: true\n        cache_dir: {work / 'cache'}\n"
            )
            cases["flagship"] = Case("flagship", "flagship, vault plugin (execution on, warm cache)", flag_docs, note, vault_flag, FLAGSHIP_HOME)
            plain_docs = flag_docs
            if args.paired:  # two servers at once: each watches its own copy
                plain_docs = work / "vault-flagship-plain"
                shutil.copytree(flag_docs, plain_docs)
            cases["flagship-plain"] = Case("flagship-plain", "flagship, plain MkDocs", plain_docs, note, "plugins: []\n")
        syn_docs = work / f"vault-{args.notes}"
        if "vault" in wanted or "plain" in wanted:
            paths = generate(syn_docs, args.notes, zipf=args.zipf)
            note = paths[len(paths) // 2]
            cases["vault"] = Case("vault", f"{args.notes:,} notes, vault plugin (execution off)", syn_docs, note,
                                  "plugins:\n  - vault:\n      execute:\n        enabled: false\n")
            plain_docs = syn_docs
            if args.paired:
                plain_docs = work / f"vault-{args.notes}-plain"
                shutil.copytree(syn_docs, plain_docs)
            cases["plain"] = Case("plain", f"{args.notes:,} notes, plain MkDocs", plain_docs, note, "plugins: []\n")

        for name in wanted:
            case = cases[name]
            if name == "flagship":  # warm the execution cache with one build
                cfg = write_config(work, case)
                t = time.monotonic()
                out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(cfg)], capture_output=True, text=True, env=env())
                line = EXECUTED.search(out.stderr)
                print(f"\nwarm-up build of the flagship: {time.monotonic() - t:.1f} s, exit {out.returncode}; "
                      f"{line.group(0) if line else 'no executed line'}", flush=True)
            extra = ("--dirty",) if args.dirty else ()
            plain_of = {"vault": "plain", "flagship": "flagship-plain"}
            if args.paired and plain_of.get(name) in wanted:
                run_paired(work, case, cases[plain_of[name]], args.edits, args.pause, args.timeout, extra)
            elif args.paired and name in plain_of.values() and any(plain_of[v] == name for v in plain_of if v in wanted):
                continue  # served beside its plugin case above
            else:
                run_case(work, case, args.edits, args.pause, args.timeout, extra)
    finally:
        if args.keep:
            print(f"\nkept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    if args.dirty:
        print("\nserved with `mkdocs serve --dirty`: only pages whose source changed are rebuilt.")
    print(f"\n{load()} at the end. The machine may be shared: treat wall seconds as noisy.\n")
    print("Medians over edits; \"save to page\" is wall time from writing the note to the page serving the change.\n")
    print("| vault | plugins | save to page | MkDocs build | serve CPU | plugin's own hooks | executed on rebuild |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    for name in wanted:
        c = cases[name]
        vault, _, how = c.label.partition(", ")
        ex = sorted({e.executed for e in c.edits if e.executed}) or ["-"]
        hooks = [e.hooks for e in c.edits if e.hooks is not None]
        hooks = f"{med(hooks):.2f} s" if hooks else "-"
        print(f"| {vault} | {how} | {med([e.wall for e in c.edits]):.2f} s | {med([e.built for e in c.edits]):.2f} s "
              f"| {med([e.cpu for e in c.edits]):.2f} s | {hooks} | {'; '.join(ex)} |")

    def share(a: str, b: str, what: str) -> None:
        if a in cases and b in cases and cases[a].edits and cases[b].edits:
            for label, key in (("save to page", "wall"), ("MkDocs build", "built"), ("serve CPU", "cpu")):
                x = med([getattr(e, key) for e in cases[a].edits])
                y = med([getattr(e, key) for e in cases[b].edits])
                print(f"plugin's share, {what}, {label}: ({x:.2f} - {y:.2f}) / {y:.2f} = {(x - y) / y:+.0%}")

    print()
    for name in ("flagship", "vault"):
        c = cases.get(name)
        if c is not None and c.pairs:
            cpu = sorted(r[0] for r in c.pairs)
            wall = sorted(r[1] for r in c.pairs)
            print(f"paired, {c.label}: median of the per-pair ratios {statistics.median(cpu):.2f} (serve CPU), "
                  f"{statistics.median(wall):.2f} (save to page); pairs {', '.join(f'{r:.2f}' for r in cpu)} (CPU)")
    share("vault", "plain", f"{args.notes:,} notes")
    share("flagship", "flagship-plain", "flagship (execution on, warm cache)")


if __name__ == "__main__":
    main()
