#!/usr/bin/env bash
# CI of the npm package, from a fresh clone on a fresh machine: installs what is missing (Rust
# wasm target, the pinned wasm-bindgen-cli, Debian's Chromium and a CJK font, the npm dev
# tools), builds the package and its tarball (build.sh), enforces the size budget, runs the
# Node vector and API suites against both builds and the TypeScript check of the
# declarations; then installs the tarball into fresh temporary projects as users do: a
# CommonJS program, an ES module program, TypeScript checked by tsc (Node and bundler
# resolution), and the demo page (www/) bundled by Vite (pinned in www/package-lock.json) and
# checked in headless Chromium. Each step prints its time.
# Screenshots: ${CI_LOG_DIR:-<repo>/.ci-logs}/demo.png and demo-zh.png.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
export CI_LOG_DIR="${CI_LOG_DIR:-$root/.ci-logs}"
mkdir -p "$CI_LOG_DIR"
cd "$here"

# The budget for the web module, raw (README "Size and speed": the size now, and what it took).
budget_bytes=400000
# The browser test checks the module the page fetched against the same budget.
export WEB_BUDGET_BYTES="$budget_bytes"
dist="${DIST_DIR:-$root/dist}"
export DIST_DIR="$dist"
work="$(mktemp -d "${TMPDIR:-/tmp}/partner-rules-npm.XXXXXX")"
trap 'rm -rf "$work"' EXIT
npm_quiet=(--no-audit --no-fund --loglevel=error)

current=""
# Prints how long the step before took, then the new step's name.
step() {
  [[ -n "$current" ]] && printf '== wasm: %s: %ss\n' "$current" "$((SECONDS - step_started))"
  current="$*"
  step_started=$SECONDS
  printf '\n== wasm: %s\n' "$*"
}

step_started=$SECONDS
step "tools"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
wanted="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$root/Cargo.lock")"
if [[ "$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)" != "$wanted" ]]; then
  # Without --locked: the CLI's own lock file does not build with this toolchain.
  cargo install wasm-bindgen-cli --version "$wanted"
fi
apt_packages=()
[[ -x /usr/bin/chromium ]] || apt_packages+=(chromium)
# Without a CJK font the Chinese screenshot shows boxes instead of characters.
[[ -n "$(fc-list :lang=zh 2>/dev/null || true)" ]] || apt_packages+=(fonts-wqy-microhei)
if ((${#apt_packages[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}"
fi
npm ci --no-audit --no-fund --loglevel=error
echo "wasm-bindgen $(wasm-bindgen --version | awk '{ print $2 }'), node $(node --version), $(/usr/bin/chromium --version 2>/dev/null)"

step "build"
./build.sh
tarball="$(ls "$dist"/partner-rules-*.tgz)"
version="$(node -p 'require("./pkg/package.json").version')"
# The budget is for pages, which download web/; node/ is built for speed (its size is printed
# by build.sh, not budgeted).
raw="$(wc -c <pkg/web/partner_rules_bg.wasm)"
gzipped="$(gzip -9 -c pkg/web/partner_rules_bg.wasm | wc -c)"
echo "web module size: $raw bytes raw, $gzipped bytes gzipped (budget: $budget_bytes bytes raw)"
echo "npm tarball: $tarball, $(wc -c <"$tarball") bytes"
# Over budget fails the run, but only at the end, so that every other check still reports.
over_budget=$((raw > budget_bytes))

step "node: conformance vectors and API, both builds"
node --test test/*.test.mjs

step "typescript: the declarations against typed usage and every vector"
node test/vector-types.mjs
npx --no-install tsc --noEmit -p tsconfig.json
echo "tsc --noEmit: types/usage.ts and .generated/vectors.ts check"

# A fresh project with the tarball installed from a copy of test/package/<name> (or of the
# directory given second), as a user installs it.
project() {
  local name="$1" from="${2:-$here/test/package/$1}"
  mkdir "$work/$name"
  tar -C "$from" --exclude=node_modules --exclude=dist -cf - . | tar -C "$work/$name" -xf -
  if [[ -f "$work/$name/package-lock.json" ]]; then
    (cd "$work/$name" && npm ci "${npm_quiet[@]}")
  fi
  (cd "$work/$name" && npm install "${npm_quiet[@]}" "$tarball")
}

step "installed package: a CommonJS program"
project cjs
(cd "$work/cjs" && EXPECTED_VERSION="$version" SCHEMA_DIR="$root/core/schema" node main.cjs)

step "installed package: an ES module program"
project esm
schemas="$(cd "$root/core/schema" 2>/dev/null && ls -- *.json 2>/dev/null | paste -sd, || true)"
(cd "$work/esm" && SCHEMAS="$schemas" node main.mjs)

step "installed package: TypeScript (Node and bundler resolution) checked by tsc"
project ts
"$here/node_modules/.bin/tsc" -p "$work/ts/tsconfig.node.json"
"$here/node_modules/.bin/tsc" -p "$work/ts/tsconfig.web.json"
echo "tsc: node.mts, node.cts (nodenext) and web.ts (bundler) check against the installed package"

step "installed package: the demo page bundled by Vite, in headless Chromium"
project page "$here/www"
(cd "$work/page" && npx --no-install vite build --logLevel warn)
ls -l "$work/page/dist/assets"
DEMO_PROJECT="$work/page" node --test test/browser/
echo "screenshot: $CI_LOG_DIR/demo.png (Chinese: $CI_LOG_DIR/demo-zh.png)"

step "done"
if ((over_budget)); then
  echo "ci.sh: pkg/web/partner_rules_bg.wasm is $raw bytes, over the $budget_bytes-byte budget" >&2
  exit 1
fi
