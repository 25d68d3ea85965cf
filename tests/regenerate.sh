#!/usr/bin/env bash
# Rewrites every generated file of the repository from its source, in dependency order:
#   1. core/schema/{request,response}.schema.json   from the Rust types (schemars)
#   2. bindings-wasm/types/contract.d.ts and
#      bindings-python/python/partner_rules/_types.py from those schemas
#   3. tests/vectors/*.json                          from tests/cases/*.json, run by the library
#   4. the generated tables of docs/contract.md      from the code and the schemas
# Each step's test fails in CI when its output is stale, and names this script.
# Usage: bash tests/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
REGENERATE=1 cargo test --quiet --locked -p partner-rules --features schema --test schema
python3 tests/generate_types.py
REGENERATE_VECTORS=1 cargo test --quiet --locked -p partner-rules-conformance --test cases
REGENERATE=1 cargo test --quiet --locked -p partner-rules-conformance --test contract_doc
git status --short -- core/schema bindings-wasm/types bindings-python/python/partner_rules/_types.py tests/vectors docs/contract.md
