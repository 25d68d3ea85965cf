#!/usr/bin/env bash
# The Python package from scratch: a fresh venv in a temporary directory with the pinned tools,
# the abi3 wheel built by maturin (release, cargo's own target dir so rebuilds are incremental),
# the wheel installed (not editable), then pytest (every shared vector and the package's own
# tests, README and docstring examples included), mypy --strict over the tests (the public
# types as a user meets them) and mypy.stubtest (the stubs against the compiled module).
#
# Usage: bash bindings-python/ci.sh        (PYTHON=python3.X to pick the interpreter)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/partner-rules-python.XXXXXX")"
trap 'rm -rf "$work"' EXIT
step_started=$SECONDS
step() { printf '\n--- %s (previous step: %ss)\n' "$*" "$((SECONDS - step_started))"; step_started=$SECONDS; }

step "fresh venv ($("$python" --version 2>&1)) with pinned tools"
"$python" -m venv "$work/venv"
venv="$work/venv/bin"
"$venv/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements-ci.txt"

step "build the abi3 wheel"
"$venv/maturin" build --release --locked --manifest-path "$here/Cargo.toml" --out "$work/dist"

step "install the wheel"
"$venv/python" -m pip install --quiet --disable-pip-version-check --no-index --no-deps "$work"/dist/*.whl
# The tests must import the installed wheel, never the source tree.
"$venv/python" -c 'import partner_rules, sys; f = partner_rules.__file__; assert "site-packages" in f, f; print("partner_rules", partner_rules.__version__, "from", f)'

# Caches (pytest, hypothesis, mypy) go to the temporary directory, not the work tree.
cd "$work"

# The Spark test (tests/test_table_spark.py) runs a local Spark session: it needs Java 17, and
# the executors' Python must be the venv's, which has the wheel.
step "java for the Spark test"
if ! command -v java >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq openjdk-17-jre-headless >/dev/null || { apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null; } || true
fi
command -v java >/dev/null 2>&1 || { echo "ci.sh: Java 17 is needed by the Spark test (apt-get install openjdk-17-jre-headless)" >&2; exit 1; }
java -version 2>&1 | head -1
export PYSPARK_PYTHON="$venv/python"

step "pytest"
"$venv/python" -m pytest -p no:cacheprovider -q --durations=5 "$here/tests"

step "mypy --strict over the tests"
"$venv/python" -m mypy --strict --cache-dir "$work/mypy-cache" "$here/tests"

step "stubtest"
"$venv/python" -m mypy.stubtest partner_rules

step "columnar benchmark, smoke run (figures: benches/README.md)"
"$venv/python" "$here/bench_table.py" --smoke

printf '\npython package checks passed (last step: %ss)\n' "$((SECONDS - step_started))"
