#!/usr/bin/env bash
# Rebuild the browser libraries shipped in the plugin package from js/package-lock.json.
# Usage: scripts/build_vendor.sh [OUT_DIR]   (default: the package's assets/vendor)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-plugins/mkdocs_vault_kb/assets/vendor}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp js/package.json js/package-lock.json "$work/"
(cd "$work" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
mkdir -p "$out"
cp "$work/node_modules/force-graph/dist/force-graph.min.js" "$out/force-graph.min.js"
# MathJax with SVG output: one self-contained file (no web fonts to ship), so math renders offline.
cp "$work/node_modules/mathjax/es5/tex-svg.js" "$out/mathjax-tex-svg.js"
# Mermaid's minified browser build (it bundles its dependencies), so Material's diagrams need no CDN.
cp "$work/node_modules/mermaid/dist/mermaid.min.js" "$out/mermaid.min.js"
# force-graph's and mermaid's bundles include their dependencies: ship every installed package's licence.
python3 - "$work/node_modules" "$out/LICENSES.txt" <<'PY'
import json, pathlib, sys
root, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
parts = ["Licences of the npm packages shipped in this folder (force-graph.min.js and mermaid.min.js with the packages they bundle; mathjax-tex-svg.js), from js/package-lock.json.\n"]
for pkg in sorted(p for p in root.glob("**/package.json") if p.parent.parent.name in ("node_modules",) or p.parent.parent.parent.name == "node_modules" and p.parent.parent.name.startswith("@")):
    meta = json.loads(pkg.read_text(encoding="utf-8"))
    lic = next((f for f in sorted(pkg.parent.iterdir()) if f.name.upper().startswith(("LICENSE", "LICENCE"))), None)
    parts.append(f"\n==== {meta['name']} {meta.get('version', '')} ({meta.get('license', 'see below')}) ====\n")
    parts.append(lic.read_text(encoding="utf-8", errors="replace") if lic else "(no licence file in the package)\n")
out.write_text("".join(parts), encoding="utf-8")
PY
echo "vendor files written to $out"
