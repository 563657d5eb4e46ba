#!/usr/bin/env bash
# Set up (first run only) and serve the flagship vault at http://127.0.0.1:8000 with live reload.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh site
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/mkdocs serve "$@"
