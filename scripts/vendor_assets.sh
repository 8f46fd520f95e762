#!/usr/bin/env bash
# Vendor front-end assets from the npm registry into static/vendor/.
# Rerunnable: pinned versions, `npm pack` into a temp dir, extract, copy.
# The results are committed; this script is NOT run at build time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/static/vendor"

BOOTSTRAP_VERSION="5.3.9"
HTMX_VERSION="2.0.11"
ECHARTS_VERSION="5.6.0"
AXE_VERSION="4.14.1"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# fetch <package> <version>  -> extracts to $TMP/<package>-<version>/package
fetch() {
  local pkg="$1" ver="$2" dir="$TMP/$1-$2"
  mkdir -p "$dir"
  (cd "$dir" && npm pack --silent "$pkg@$ver" >/dev/null && tar -xzf ./*.tgz)
  echo "$dir/package"
}

# put <src-dir> <package> <version> <file>...  (files relative to src-dir; LICENSE copied too)
put() {
  local src="$1" pkg="$2" ver="$3"; shift 3
  local out="$DEST/$pkg-$ver"
  rm -rf "$DEST/$pkg"-*
  mkdir -p "$out"
  for f in "$@"; do
    cp "$src/$f" "$out/$(basename "$f")"
    # drop the sourceMappingURL comment: the .map files are not vendored
    sed -i -E '/^\/[*\/]# sourceMappingURL=.*$/d' "$out/$(basename "$f")"
  done
  local lic
  for lic in LICENSE LICENSE.txt LICENSE.md license; do
    if [ -f "$src/$lic" ]; then cp "$src/$lic" "$out/LICENSE"; break; fi
  done
  [ -f "$out/LICENSE" ] || { echo "no licence file in $pkg" >&2; exit 1; }
}

mkdir -p "$DEST"

src="$(fetch bootstrap "$BOOTSTRAP_VERSION")"
put "$src" bootstrap "$BOOTSTRAP_VERSION" dist/css/bootstrap.min.css dist/js/bootstrap.bundle.min.js

src="$(fetch htmx.org "$HTMX_VERSION")"
put "$src" htmx.org "$HTMX_VERSION" dist/htmx.min.js

src="$(fetch echarts "$ECHARTS_VERSION")"
put "$src" echarts "$ECHARTS_VERSION" dist/echarts.min.js

src="$(fetch axe-core "$AXE_VERSION")"
put "$src" axe-core "$AXE_VERSION" axe.min.js

licence_of() { node -e "console.log(require('$1/package.json').license)"; }

cat > "$DEST/SOURCES.md" <<MD
# Vendored front-end assets

Fetched from the npm registry by \`scripts/vendor_assets.sh\` (\`npm pack\`, pinned versions).
Source maps and unminified copies are omitted. Each folder holds its package's LICENSE.

| package | version | files | licence |
|---|---|---|---|
| bootstrap | $BOOTSTRAP_VERSION | \`bootstrap-$BOOTSTRAP_VERSION/bootstrap.min.css\`, \`bootstrap-$BOOTSTRAP_VERSION/bootstrap.bundle.min.js\` (includes Popper) | $(licence_of "$TMP/bootstrap-$BOOTSTRAP_VERSION/package") |
| htmx.org | $HTMX_VERSION | \`htmx.org-$HTMX_VERSION/htmx.min.js\` | $(licence_of "$TMP/htmx.org-$HTMX_VERSION/package") |
| echarts | $ECHARTS_VERSION | \`echarts-$ECHARTS_VERSION/echarts.min.js\` | $(licence_of "$TMP/echarts-$ECHARTS_VERSION/package") |
| axe-core | $AXE_VERSION | \`axe-core-$AXE_VERSION/axe.min.js\` (browser accessibility tests only; not loaded by pages) | $(licence_of "$TMP/axe-core-$AXE_VERSION/package") |

Rerun \`bash scripts/vendor_assets.sh\` after changing a pinned version, then update the paths in \`templates/base.html\`.
MD

du -sh "$DEST"
