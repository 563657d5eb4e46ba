"""Where a one-note ``mkdocs serve`` rebuild spends its CPU, per plugin hook.

    python bench/bench_rebuild_hooks.py CONFIG NOTE

Builds the site of ``CONFIG`` twice in this process with one plugin instance, as ``mkdocs serve``
does (``on_startup(command="serve")``, a second thread running, so the plugin keeps its caches and
forks nothing), appending a line to ``NOTE`` (a file of the vault: use a copy) before the second
build. Prints the second build's CPU seconds, each plugin's hooks' CPU seconds (MkDocs' plugin
events, timed one by one), a few of the plugin's stages inside them, and the garbage collector's
share. The whole-server figure (save to served page) is ``bench/bench_serve.py``'s.
"""

from __future__ import annotations

import collections
import functools
import gc
import logging
import sys
import threading
import time
from pathlib import Path

from mkdocs import plugins as mkdocs_plugins
from mkdocs.commands.build import build
from mkdocs.config import load_config

SECONDS: collections.Counter[str] = collections.Counter()


def _timed(key: str, fn):
    @functools.wraps(fn)
    def run(*args, **kwargs):
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            SECONDS[key] += time.process_time() - start

    return run


def _instrument() -> None:
    register = mkdocs_plugins.PluginCollection._register_event

    def timed_register(self, event_name, method, *args, **kwargs):
        owner = type(getattr(method, "__self__", method)).__module__.split(".")[0]
        return register(self, event_name, _timed(f"{owner}.on_{event_name}", method), *args, **kwargs)

    mkdocs_plugins.PluginCollection._register_event = timed_register
    import mkdocs_vault_kb.machine as machine
    import mkdocs_vault_kb.plugin as plugin

    for module, names in ((plugin, ("build_index", "_mentions", "sanitize_html", "write_outputs", "description")), (machine, ("markdown_copy", "_write"))):
        for name in names:
            setattr(module, name, _timed(f"   {name}", getattr(module, name)))
    for name in ("_render_all", "_write_graph"):
        setattr(plugin.VaultPlugin, name, _timed(f"   {name}", getattr(plugin.VaultPlugin, name)))
    started = [0.0]

    def collector(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.process_time()
        else:
            SECONDS["garbage collector"] += time.process_time() - started[0]

    gc.callbacks.append(collector)


def main() -> None:
    cfg, note = sys.argv[1], Path(sys.argv[2])
    _instrument()
    threading.Thread(target=threading.Event().wait, daemon=True).start()  # serve's server thread
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(cfg)
    config.plugins.on_startup(command="serve", dirty=False)
    start = time.process_time()
    build(config)
    print(f"first build: {time.process_time() - start:.1f} s CPU", flush=True)
    SECONDS.clear()
    note.write_text(note.read_text(encoding="utf-8") + "\n\nAn edit.\n", encoding="utf-8")
    config = load_config(cfg)  # as serve's builder does; the plugin instance is MkDocs' cached one
    start = time.process_time()
    build(config)
    total = time.process_time() - start
    hooks = sum(v for k, v in SECONDS.items() if k.startswith("mkdocs_vault_kb."))
    print(f"one-note rebuild: {total:.1f} s CPU; the vault plugin's hooks {hooks:.1f} s ({hooks / total:.1%})")
    for key, value in sorted(SECONDS.items(), key=lambda kv: -kv[1]):
        if value >= 0.05:
            print(f"{value:8.2f} s  {key}")


if __name__ == "__main__":
    main()
