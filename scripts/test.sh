#!/usr/bin/env bash
# Set up (first run only) and run every test: core, end-to-end builds, executor, snippets, browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest -n 2 -q "$@"
