"""What keeps a page's code in its box (Linux); every function degrades to a no-op elsewhere.

Every file of a vault is untrusted input, and a ``run-python`` fence is code from it. The worker
(see ``worker``) uses these pieces:

- ``become_subreaper``: the worker is a child subreaper, so processes a page leaves behind (a
  double-forked daemon, a ``setsid`` child with a session of its own) are re-parented to the
  worker instead of init, and ``kill_descendants`` finds and kills them after every page.
- ``die_with_parent``: a process gets a signal when its parent dies (``PR_SET_PDEATHSIG``).
- ``fence_environ``: the allow-list of environment variables a page sees.
- ``restrict``: Landlock (Linux 5.13+, unprivileged): the page's processes may write only under
  the page's temporary folder (and ``/dev/null``, ``/dev/shm``), so the vault, the snippets, the
  project, the virtualenv and the cache are read-only to them. Reads are allowed everywhere except
  ``/proc``, where only the page's own process directory and a few system files are readable: the
  environment (``/proc/<pid>/environ``) and command lines of the builder and its ancestors, which
  can hold secrets, are out of reach. From Landlock ABI 6 on, the page can neither signal nor
  connect to abstract sockets of processes outside its sandbox (MkDocs, the worker).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from collections.abc import Iterable, Mapping

_PR_SET_PDEATHSIG = 1
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_CHILD_SUBREAPER = 36
_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446  # the same on every arch
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1

# Landlock filesystem rights (include/uapi/linux/landlock.h)
_EXECUTE, _WRITE_FILE, _READ_FILE, _READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_REMOVE_DIR, _REMOVE_FILE, _MAKE_CHAR, _MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
_MAKE_REG, _MAKE_SOCK, _MAKE_FIFO, _MAKE_BLOCK = 1 << 8, 1 << 9, 1 << 10, 1 << 11
_MAKE_SYM, _REFER, _TRUNCATE = 1 << 12, 1 << 13, 1 << 14  # REFER: ABI 2, TRUNCATE: ABI 3
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1 << 0, 1 << 1  # ABI 6
_WRITES_V1 = (
    _WRITE_FILE | _REMOVE_DIR | _REMOVE_FILE | _MAKE_CHAR | _MAKE_DIR | _MAKE_REG | _MAKE_SOCK
    | _MAKE_FIFO | _MAKE_BLOCK | _MAKE_SYM
)
_READS = _READ_FILE | _READ_DIR
_FILE_RIGHTS = _EXECUTE | _WRITE_FILE | _READ_FILE | _TRUNCATE  # what a rule on a file may grant
_WRITABLE_DEVICES = ("/dev/null", "/dev/zero", "/dev/full")
_READABLE_PROC = (
    "/proc/cpuinfo", "/proc/meminfo", "/proc/stat", "/proc/loadavg", "/proc/uptime",
    "/proc/version", "/proc/filesystems", "/proc/sys",
)

# The variables a page's code sees, besides HOME and TMPDIR (its own folders) and MPLBACKEND.
ALLOWED_ENV = frozenset({
    "PATH", "LANG", "LANGUAGE", "TZ", "PYTHONHASHSEED", "PYTHONUTF8", "PYTHONIOENCODING",
    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
})
# The worker process itself also keeps these (matplotlib finds its font cache through HOME/XDG);
# the page's process replaces them before any fence runs.
WORKER_ENV = ALLOWED_ENV | {"HOME", "TMPDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "MPLCONFIGDIR",
                            "PYTHONPATH", "MPLBACKEND"}


def allowed(name: str, names: frozenset[str]) -> bool:
    """Whether the variable ``name`` is in ``names`` (``LC_*`` locale variables always are)."""
    return name in names or name.startswith("LC_")


def fence_environ(source: Mapping[str, str], home: str, tmp: str) -> dict[str, str]:
    """The environment of a page's code: the allow-list from ``source``, its own HOME and TMPDIR."""
    env = {name: value for name, value in source.items() if allowed(name, ALLOWED_ENV)}
    env.update(HOME=home, TMPDIR=tmp, MPLBACKEND="Agg")
    env.setdefault("PATH", os.defpath)
    return env


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        return libc
    except (OSError, AttributeError):
        return None


_LIBC = _libc()


def _prctl(option: int, value: int) -> bool:
    if _LIBC is None:
        return False
    return _LIBC.prctl(option, ctypes.c_ulong(value), 0, 0, 0) == 0


def become_subreaper() -> bool:
    """Orphans among our descendants are re-parented to us (True when the kernel agreed)."""
    return _prctl(_PR_SET_CHILD_SUBREAPER, 1)


def die_with_parent(signum: int = signal.SIGKILL) -> bool:
    """Get ``signum`` when the parent (the thread that started us) dies."""
    return _prctl(_PR_SET_PDEATHSIG, int(signum))


# -- finding and killing descendants --------------------------------------------------------------


def _parents() -> dict[int, int]:
    """``{pid: parent pid}`` for every process in /proc (zombies included)."""
    parents: dict[int, int] = {}
    try:
        entries = os.scandir("/proc")
    except OSError:
        return parents
    with entries:
        for entry in entries:
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stream:
                    stat = stream.read()
            except OSError:
                continue  # gone meanwhile
            fields = stat[stat.rfind(b")") + 2 :].split()  # the name may hold spaces and ')'
            if len(fields) > 1:
                parents[int(entry.name)] = int(fields[1])
    return parents


def descendants(root: int) -> list[int]:
    """Every process below ``root`` in the process tree, parents before their children."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    found: list[int] = []
    level = [root]
    while level:
        level = [child for pid in level for child in children.get(pid, ())]
        found += level
    return found


def _reap_children() -> bool:
    """Collect exited children without blocking; False when we have no child at all."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return False
        if pid == 0:
            return True


def kill_descendants(rounds: int = 200) -> int:
    """SIGKILL every descendant of this process and reap them; return how many were killed.

    Cheap when nothing is left: a subreaper with no child has no descendant at all (an orphan
    would have been re-parented to it), so /proc is walked only when a child remains.
    """
    me = os.getpid()
    killed: set[int] = set()
    for _ in range(rounds):
        if not _reap_children():
            break
        tree = descendants(me)
        if not tree:
            break
        for pid in tree:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
            killed.add(pid)
        parents = _parents()
        for pid in tree:
            if parents.get(pid) == me:  # our child: wait for it (grandchildren come to us next)
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
    return len(killed)


# -- Landlock -------------------------------------------------------------------------------------


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def landlock_abi() -> int:
    """The kernel's Landlock ABI version; 0 when Landlock is missing or turned off."""
    if _LIBC is None:
        return 0
    version = _LIBC.syscall(
        _SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_CREATE_RULESET_VERSION)
    )
    return max(0, int(version))


def _writes(abi: int) -> int:
    rights = _WRITES_V1
    if abi >= 2:
        rights |= _REFER
    if abi >= 3:
        rights |= _TRUNCATE
    return rights


def _add_rule(ruleset: int, path: str, access: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a path this machine does not have
    try:
        if not os.path.isdir(path):
            access &= _FILE_RIGHTS
        rule = _PathBeneath(access, fd)
        assert _LIBC is not None
        if _LIBC.syscall(_SYS_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(_RULE_PATH_BENEATH),
                         ctypes.byref(rule), ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), f"landlock_add_rule({path})")
    finally:
        os.close(fd)


def _readable_roots() -> list[str]:
    """Every top-level directory but /proc: reads are allowed beneath each of them."""
    try:
        names = os.listdir("/")
    except OSError:
        return []
    return [os.path.join("/", name) for name in sorted(names) if name != "proc"]


def restrict(writable: Iterable[str], abi: int | None = None) -> int:
    """Sandbox this process and every process it starts from now on (see the module's doc).

    ``writable``: directories the page may write beneath. Returns the Landlock ABI applied, 0
    when the kernel offers none (nothing is restricted then). Irreversible.
    """
    abi = landlock_abi() if abi is None else abi
    if abi < 1 or _LIBC is None:
        return 0
    writes = _writes(abi)
    attr = _RulesetAttr(writes | _READS, 0, 0)
    size = 8  # ABI 1-3 know only handled_access_fs
    if abi >= 4:
        size = 16
    if abi >= 6:
        attr.scoped = _SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL
        size = 24
    ruleset = int(_LIBC.syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size),
                                ctypes.c_uint32(0)))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset")
    try:
        for root in _readable_roots():
            _add_rule(ruleset, root, _READS)
        for path in (*_READABLE_PROC, f"/proc/{os.getpid()}"):
            _add_rule(ruleset, path, _READS)
        for path in writable:
            _add_rule(ruleset, path, writes | _READS)
        for path in _WRITABLE_DEVICES:
            _add_rule(ruleset, path, _WRITE_FILE | _READ_FILE | (_TRUNCATE if abi >= 3 else 0))
        if os.path.isdir("/dev/shm"):  # POSIX semaphores and shared memory (multiprocessing)
            _add_rule(ruleset, "/dev/shm", writes | _READS)
        if not _prctl(_PR_SET_NO_NEW_PRIVS, 1):
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
        if _LIBC.syscall(_SYS_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self")
    finally:
        os.close(ruleset)
    return abi
