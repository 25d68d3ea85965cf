#!/usr/bin/env bash
# Installs what is missing, then runs every test of every part: Rust (format, lints, unit,
# property, doc and conformance tests, docs, the sample run), the Python wheel, the WASM
# packages with their Node, TypeScript and browser checks, and a fuzz smoke.
# Safe to re-run: each step installs only what is not already there.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TERM_COLOR=never
export CI_LOG_DIR="${CI_LOG_DIR:-$PWD/.ci-logs}"
mkdir -p "$CI_LOG_DIR"

section() { printf '\n=== %s\n' "$*"; }
started=$SECONDS

section "rust toolchain components"
for component in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component"
done

section "format"
cargo fmt --all --check

section "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

section "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

section "sample run"
cargo run --quiet --locked -p partner-rules --example evaluate > "$CI_LOG_DIR/sample-run.txt"
grep -q 'outcome: "blocked"' "$CI_LOG_DIR/sample-run.txt"

section "rust tests"
cargo test --workspace --locked

section "python package"
bash bindings-python/ci.sh

section "wasm packages"
bash bindings-wasm/ci.sh

section "benchmarks run once each (criterion test mode; figures: benches/README.md)"
cargo test --quiet --locked -p partner-rules-benches --benches

section "fuzz smoke (FUZZ_SECONDS per target; fuzz/README.md)"
bash fuzz/smoke.sh

printf '\nall checks passed in %ss\n' "$((SECONDS - started))"
