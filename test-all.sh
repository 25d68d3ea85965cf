#!/usr/bin/env bash
# Installs what is missing, then runs every test of every part: Rust (format, lints, unit,
# property, doc and conformance tests, docs, the sample run), the Python wheel and sdist, the
# npm package with its Node, TypeScript, bundler and browser checks, the crate as it would be
# published and on its declared rust-version, one version and the LICENSE in every package,
# and a fuzz smoke. The packages are left in dist/ (README: "Packages").
# Safe to re-run: each step installs only what is not already there.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TERM_COLOR=never
export CI_LOG_DIR="${CI_LOG_DIR:-$PWD/.ci-logs}"
mkdir -p "$CI_LOG_DIR"

current=""
# Prints how long the section before took, then the new section's name.
section() {
  [[ -n "$current" ]] && printf '=== %s: %ss\n' "$current" "$((SECONDS - section_started))"
  current="$*"
  section_started=$SECONDS
  printf '\n=== %s\n' "$*"
}
started=$SECONDS
# The packages that the Python, npm and crate sections build, for the version check.
export DIST_DIR="$PWD/dist"

section "rust toolchain components"
for component in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component"
done

section "format"
cargo fmt --all --check

section "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p partner-rules --features schema --all-targets --locked -- -D warnings
cargo clippy -p partner-rules --no-default-features --all-targets --locked -- -D warnings

section "contract: the schemas, the generated types and docs/contract.md follow the code"
# Each fails on drift and names the command that regenerates (CONTRIBUTING.md: "Generated files").
cargo test --quiet --locked -p partner-rules --features schema --test schema
python3 tests/generate_types.py --check
cargo test --quiet --locked -p partner-rules-conformance --test contract_doc

section "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

section "sample run"
cargo run --quiet --locked -p partner-rules --example evaluate > "$CI_LOG_DIR/sample-run.txt"
grep -q 'outcome: "blocked"' "$CI_LOG_DIR/sample-run.txt"

section "rust tests"
cargo test --workspace --locked
# The vectors once more through the core's tracked reading alone (without the fast path), and
# the core's own tests as the web module builds it.
cargo test --quiet --locked -p partner-rules-conformance --no-default-features
cargo test --quiet --locked -p partner-rules --no-default-features --lib

section "python package"
bash bindings-python/ci.sh

section "wasm packages"
bash bindings-wasm/ci.sh

section "crate: cargo publish --dry-run (packaged alone, built from its own files)"
# A developer's uncommitted work is packaged too; CI's fresh clone must be clean.
cargo publish --dry-run --locked -p partner-rules $([[ "${CI:-}" == true ]] || echo --allow-dirty)
version="$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "partner-rules"))')"
# The dry run leaves its .crate where each cargo version likes; this writes it to a known place
# (no second build).
cargo package --no-verify --locked -p partner-rules $([[ "${CI:-}" == true ]] || echo --allow-dirty) 2>/dev/null
cp "target/package/partner-rules-$version.crate" "$DIST_DIR/"

section "crate: the declared rust-version, with that toolchain"
msrv="$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(next(p["rust_version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "partner-rules"))')"
rustup toolchain list | grep -q "^$msrv-" || rustup toolchain install "$msrv" --profile minimal
cargo "+$msrv" check --locked -p partner-rules
echo "partner-rules checks with rustc $msrv (rust-version = \"$msrv\")"

section "versions and licenses of every package"
python3 .ci/versions.py "$DIST_DIR"

section "benchmarks run once each (criterion test mode; figures: benches/README.md)"
cargo test --quiet --locked -p partner-rules-benches --benches

section "fuzz smoke (FUZZ_SECONDS per target; fuzz/README.md)"
bash fuzz/smoke.sh

section "done"
printf 'all checks passed in %ss\n' "$((SECONDS - started))"
