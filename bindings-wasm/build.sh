#!/usr/bin/env bash
# Builds the npm package partner-rules: one package directory, bindings-wasm/pkg/, packed by
# `npm pack` into dist/partner-rules-<version>.tgz at the repository root (DIST_DIR to change
# it). Its conditional exports give each user the build made for them:
#   pkg/node/  Node, `require` and `import`: CommonJS (wasm-bindgen --target nodejs) and an ES
#              module over it, built for speed; it reads its module from disk when loaded.
#   pkg/web/   browsers and bundlers: an ES module with `init` (wasm-bindgen --target web),
#              built for size, the module fetched beside it (bundlers copy it as an asset).
#   pkg/schema/  the JSON schemas of requests and answers (core/schema/*.json).
# The version is the workspace's (root Cargo.toml). Needs the wasm32-unknown-unknown Rust
# target and wasm-bindgen-cli at the exact version of the wasm-bindgen crate in Cargo.lock
# (ci.sh installs both when they are missing).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
dist="${DIST_DIR:-$root/dist}"
pkg="$here/pkg"

wanted="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$root/Cargo.lock")"
found="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)"
if [[ "$found" != "$wanted" ]]; then
  echo "build.sh: wasm-bindgen-cli $wanted is needed (found: ${found:-none})." >&2
  echo "          cargo install wasm-bindgen-cli --version $wanted" >&2
  exit 1
fi

metadata="$(cargo metadata --manifest-path "$root/Cargo.toml" --format-version 1 --no-deps)"
target_dir="$(node -e 'console.log(JSON.parse(process.argv[1]).target_directory)' "$metadata")"
version="$(node -e 'console.log(JSON.parse(process.argv[1]).packages.find(p => p.name === "partner-rules-wasm").version)' "$metadata")"

# wasm-opt comes from npm's binaryen (pinned in package-lock.json): Debian's is too old for the
# modules rustc writes today.
if [[ ! -x "$here/node_modules/.bin/wasm-opt" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

rm -rf "$pkg"
mkdir -p "$pkg"

# One module per flavour, each built for what its users pay for (see the profiles in the root
# Cargo.toml): pages download web/, so it is built and optimized for size; Node reads node/
# from disk, so it is built and optimized for speed.
# The Node build also takes the core's untracked first reading of each request (`fast-path`),
# which is faster and larger, and more of the instruction set and inlining than the defaults:
# WebAssembly SIMD (every Node since 16 has it) made a pre-registration check about a tenth
# faster; inlining up to LLVM's threshold 1000 (225 at opt-level 3), another seventh, for a
# module 60 % larger (README: "Size and speed"). Pages keep the baseline instruction set, so
# that older browsers still load them, and take the smaller allocator (`talc`: Cargo.toml).
#   wasm-bindgen target, directory, cargo profile, wasm-opt level, cargo features, speed flags
for build in "web web wasm-web -Oz talc no" "nodejs node wasm-node -O3 fast-path yes"; do
  read -r target dir profile level features speed <<<"$build"
  out="$pkg/$dir"
  # Only for this target, so that the flags of a host build are left alone.
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$([[ "$speed" == yes ]] &&
    echo "-C target-feature=+simd128 -C llvm-args=-inline-threshold=1000")" \
    cargo build --manifest-path "$root/Cargo.toml" -p partner-rules-wasm \
    --target wasm32-unknown-unknown --profile "$profile" \
    $([[ "$features" == none ]] || echo "--features $features")
  # The name section only serves debuggers: a quarter of the module.
  wasm-bindgen --target "$target" --out-dir "$out" --out-name partner_rules \
    --remove-name-section --remove-producers-section \
    "$target_dir/wasm32-unknown-unknown/$profile/partner_rules_wasm.wasm"
  # After wasm-bindgen, which must see the module rustc wrote.
  "$here/node_modules/.bin/wasm-opt" "$level" $([[ "$speed" == yes ]] && echo "--enable-simd") \
    "$out/partner_rules_bg.wasm" -o "$out/partner_rules_bg.wasm"
  # Declarations of the raw module's exports, for wasm-bindgen's bundler target only.
  rm -f "$out/.gitignore" "$out/partner_rules_bg.wasm.d.ts"
  size="$(wc -c <"$out/partner_rules_bg.wasm")"
  gzipped="$(gzip -9 -c "$out/partner_rules_bg.wasm" | wc -c)"
  echo "build.sh: pkg/$dir/ built ($profile, wasm-opt $level); partner_rules_bg.wasm: $size bytes raw, $gzipped bytes gzipped"
done

# Each flavour says what its .js files are, whatever a tool assumes of the package: web/ holds
# ES modules; node/ CommonJS, except wasm-bindgen's copy of js/text.js (an ES module that the
# CommonJS glue requires: Node 20.19 and later load it).
echo '{"type": "module"}' >"$pkg/web/package.json"
echo '{"type": "commonjs"}' >"$pkg/node/package.json"
echo '{"type": "module"}' >"$pkg/node/snippets/package.json"

# Node's `import` gets an ES module over the same CommonJS instance (one module, one memory,
# whichever way it is loaded), with the names the glue exports and the web build's `init` and
# `initSync` as no-ops, so that code written for pages runs in Node unchanged.
node - "$pkg/node" <<'JS'
const { writeFileSync } = require("node:fs");
const dir = process.argv[2];
const names = Object.keys(require(`${dir}/partner_rules.js`)).sort();
const banner = "// Generated by bindings-wasm/build.sh: the Node build as an ES module; do not edit.";
writeFileSync(`${dir}/partner_rules.mjs`, `${banner}
import { createRequire } from "node:module";

const glue = createRequire(import.meta.url)("./partner_rules.js");

export const { ${names.join(", ")} } = glue;

/** Resolves at once: in Node the module is compiled when the package is loaded. */
export default async function init(_options) {}

/** Does nothing: in Node the module is compiled when the package is loaded. */
export function initSync(_options) {}
`);
writeFileSync(`${dir}/partner_rules.d.mts`, `${banner}
export * from "./partner_rules.js";

/** Resolves at once: in Node the module is compiled when the package is loaded. Accepts and
 * ignores what the web build's \`init\` takes, so that code written for pages runs in Node. */
export default function init(_options?: unknown): Promise<void>;

/** Does nothing: in Node the module is compiled when the package is loaded. */
export function initSync(_options?: unknown): void;
`);
console.log(`build.sh: pkg/node/partner_rules.mjs exports ${names.join(", ")}, init, initSync`);
JS

# The JSON schemas, whichever the core has.
mkdir -p "$pkg/schema"
shopt -s nullglob
schemas=("$root"/core/schema/*.json)
shopt -u nullglob
((${#schemas[@]})) && cp "${schemas[@]}" "$pkg/schema/"
echo "build.sh: pkg/schema/ holds ${#schemas[@]} schema(s)"

cp "$root/LICENSE" "$root/CHANGELOG.md" "$pkg/"
cp "$here/README.md" "$pkg/README.md"

VERSION="$version" node - "$pkg/package.json" <<'JS'
const { writeFileSync } = require("node:fs");
const node = {
  import: { types: "./node/partner_rules.d.mts", default: "./node/partner_rules.mjs" },
  require: { types: "./node/partner_rules.d.ts", default: "./node/partner_rules.js" },
};
const web = { types: "./web/partner_rules.d.ts", default: "./web/partner_rules.js" };
const pkg = {
  name: "partner-rules",
  version: process.env.VERSION,
  description:
    "Rules cloud partners meet when they develop customers (pre-registration, invitations, association), as WebAssembly for Node, web pages and bundlers.",
  keywords: ["rules", "partner", "policy", "webassembly", "wasm"],
  license: "Apache-2.0",
  // Conditions are matched in order: Node (and bundlers building for Node) take node/; pages,
  // bundlers building for browsers and everything else take web/.
  exports: {
    ".": { node, ...web },
    "./node": node,
    "./web": web,
    // For bundlers that do not follow `new URL(..., import.meta.url)` (esbuild): import the
    // module's URL and hand it to `init`.
    "./web/partner_rules_bg.wasm": "./web/partner_rules_bg.wasm",
    "./schema/*": "./schema/*",
    "./package.json": "./package.json",
  },
  // For tools that predate `exports` (old TypeScript settings, old Node): the Node build.
  main: "./node/partner_rules.js",
  types: "./node/partner_rules.d.ts",
  files: ["node/", "web/", "schema/", "CHANGELOG.md"],
  // Bundlers may drop any module whose exports go unused, except the glue's JavaScript
  // snippets, which it imports for their functions alone.
  sideEffects: ["./web/snippets/*"],
  // The CommonJS glue requires an ES module (wasm-bindgen's copy of js/text.js).
  engines: { node: ">=20.19" },
};
writeFileSync(process.argv[2], JSON.stringify(pkg, null, 2) + "\n");
JS

mkdir -p "$dist"
rm -f "$dist"/partner-rules-*.tgz
tarball="$(cd "$pkg" && npm pack --pack-destination "$dist" --loglevel=warn | tail -1)"
echo "build.sh: $dist/$tarball: $(wc -c <"$dist/$tarball") bytes"
