"""The core and the executor import nothing from MkDocs (the adapter is the only bridge)."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "mkdocs" or name.startswith("mkdocs.") or name == "properdocs":
            raise ImportError("blocked: " + name)
sys.meta_path.insert(0, Block())
import importlib, pkgutil
import mkdocs_vault_kb.core, mkdocs_vault_kb.execute
for package in (mkdocs_vault_kb.core, mkdocs_vault_kb.execute):  # every module of both, as they grow
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
print("ok")
"""


def test_core_imports_without_mkdocs():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=False)
    assert out.stdout.strip() == "ok", out.stderr
