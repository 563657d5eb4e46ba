#!/usr/bin/env bash
# Create .venv (if missing) and install the project into it. Usage: scripts/setup.sh [site|test]
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-site}"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ "$what" = "test" ]; then
  # torch is a test oracle only; 2.13.0 is the CPU build (a plain "torch" would pull a CUDA build).
  .venv/bin/python -m pip install -q -e ".[test]" "torch==2.13.0"
  if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ]; then
      apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    else
      sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null
    fi
  fi
else
  .venv/bin/python -m pip install -q -e .
fi
