#!/usr/bin/env bash
# Create .venv (if missing) and install the project into it. Usage: scripts/setup.sh [site|test]
#
# Installs only when pyproject.toml changed since the last install (a stamp in .venv), so
# `scripts/serve.sh` starts at once, and works offline, once the venv is complete.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-site}"
stamp=".venv/.setup-$what"
want="$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -d' ' -f1)"
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0  # up to date: nothing to download
fi
say() { echo "setup: $*" >&2; }
if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $(python3 --version)"
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
say "installing the site: MkDocs, Material, pymdown-extensions, NumPy, matplotlib, networkx, nh3 and the plugin (about 250 MB)"
.venv/bin/python -m pip install -q -e .
if [ "$what" = "test" ]; then
  say "installing the test tools: pytest, hypothesis, Playwright (the Python package only), SciPy, scikit-learn, ProperDocs (about 400 MB)"
  .venv/bin/python -m pip install -q -e ".[test]"
  if ! .venv/bin/python -c "import torch" 2>/dev/null; then
    # A test oracle only. The CPU build, named explicitly: PyPI's plain torch wheel for Linux
    # is the CUDA build, with gigabytes of GPU libraries.
    say "installing PyTorch 2.13.0, CPU build (a test oracle; about 750 MB)"
    # A wheel already on this machine first (pip's find-links), then PyTorch's CPU index.
    if ! .venv/bin/python -m pip install -q "torch==2.13.0+cpu" 2>/dev/null \
      && ! .venv/bin/python -m pip install -q "torch==2.13.0+cpu" --extra-index-url https://download.pytorch.org/whl/cpu; then
      say "PyTorch could not be installed: the tests that use it as an oracle will be skipped (pytest says which)"
    fi
  fi
  if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium for the browser tests (apt)"
    if [ "$(id -u)" = "0" ]; then
      apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    else
      sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null
    fi
  fi
  echo "$want" > .venv/.setup-site
fi
echo "$want" > "$stamp"
say "done: .venv holds $(du -sh .venv 2>/dev/null | cut -f1)"
