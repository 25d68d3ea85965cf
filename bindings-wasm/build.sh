#!/usr/bin/env bash
# Builds the WebAssembly packages of partner-rules:
#   bindings-wasm/pkg/       ES module for web pages (wasm-bindgen --target web)
#   bindings-wasm/pkg-node/  CommonJS module for Node (wasm-bindgen --target nodejs)
# Needs the wasm32-unknown-unknown Rust target and wasm-bindgen-cli at the exact version of
# the wasm-bindgen crate in Cargo.lock (ci.sh installs both when they are missing).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

wanted="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$root/Cargo.lock")"
found="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)"
if [[ "$found" != "$wanted" ]]; then
  echo "build.sh: wasm-bindgen-cli $wanted is needed (found: ${found:-none})." >&2
  echo "          cargo install wasm-bindgen-cli --version $wanted" >&2
  exit 1
fi

target_dir="$(cargo metadata --manifest-path "$root/Cargo.toml" --format-version 1 --no-deps |
  node -e 'let s = ""; process.stdin.on("data", d => s += d).on("end", () => console.log(JSON.parse(s).target_directory))')"
version="$(cargo metadata --manifest-path "$root/Cargo.toml" --format-version 1 --no-deps |
  node -e 'let s = ""; process.stdin.on("data", d => s += d).on("end", () => console.log(JSON.parse(s).packages.find(p => p.name === "partner-rules-wasm").version))')"

# wasm-opt comes from npm's binaryen (pinned in package-lock.json): Debian's is too old for the
# modules rustc writes today.
if [[ ! -x "$here/node_modules/.bin/wasm-opt" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

# One module per package, each built for what its users pay for (see the profiles in the root
# Cargo.toml): pages download pkg/, so it is built and optimized for size; Node reads pkg-node/
# from disk, so it is built and optimized for speed.
#   wasm-bindgen target, directory, cargo profile, wasm-opt level
# The Node build also takes the core's untracked first reading of each request (`fast-path`),
# which is faster and larger, and more of the instruction set and inlining than the defaults:
# WebAssembly SIMD (every Node since 16 has it) made a pre-registration check about a tenth
# faster; inlining up to LLVM's threshold 1000 (225 at opt-level 3), another seventh, for a
# module 60 % larger (README: "Size and speed"). Pages keep the baseline instruction set, so
# that older browsers still load them.
#   wasm-bindgen target, directory, cargo profile, wasm-opt level, cargo features, speed flags
for build in "web pkg wasm-web -Oz none no" "nodejs pkg-node wasm-node -O3 fast-path yes"; do
  read -r target dir profile level features speed <<<"$build"
  out="$here/$dir"
  rm -rf "$out"
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
  # wasm-bindgen writes no package.json for these targets; the module type differs per target.
  TARGET="$target" VERSION="$version" node -e '
    const web = process.env.TARGET === "web";
    const pkg = {
      name: "partner-rules",
      version: process.env.VERSION,
      description: "Rules cloud partners meet when they develop customers, as WebAssembly.",
      license: "Apache-2.0",
      ...(web ? { type: "module" } : {}),
      main: "partner_rules.js",
      types: "partner_rules.d.ts",
      files: ["partner_rules_bg.wasm", "partner_rules.js", "partner_rules.d.ts", "snippets/"],
      sideEffects: web ? ["./snippets/*"] : false,
    };
    process.stdout.write(JSON.stringify(pkg, null, 2) + "\n");
  ' >"$out/package.json"
  rm -f "$out/.gitignore"
  size="$(wc -c <"$out/partner_rules_bg.wasm")"
  gzipped="$(gzip -9 -c "$out/partner_rules_bg.wasm" | wc -c)"
  echo "build.sh: $dir/ built ($profile, wasm-opt $level); partner_rules_bg.wasm: $size bytes raw, $gzipped bytes gzipped"
done
