#!/usr/bin/env bash
# The Python packages from scratch: the wheel and the sdist built by build.sh (into dist/ at
# the repository root), the wheel's manylinux tag confirmed by auditwheel, its contents
# checked; then a fresh venv with the pinned tools and the wheel installed (not editable, its
# dependencies from requirements-runtime.txt), pytest (every shared vector, the package's own
# tests and the command's, README and docstring examples included), mypy --strict over the
# tests and the package, mypy.stubtest (the stubs against the compiled module); the wheel under
# the machine's other CPythons (Debian's python3, and pyenv's oldest and newest when there is
# a pyenv) with a smoke test each; the sdist installed by pip in a fresh venv, and the same
# smoke test. Each step prints its time.
#
# Usage: bash bindings-python/ci.sh        (PYTHON=python3.X to pick the main interpreter)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
python="${PYTHON:-python3}"
dist="${DIST_DIR:-$root/dist}"
export DIST_DIR="$dist"
work="$(mktemp -d "${TMPDIR:-/tmp}/partner-rules-python.XXXXXX")"
trap 'rm -rf "$work"' EXIT
pip_quiet=(--quiet --disable-pip-version-check)
started=$SECONDS
current=""
# Prints how long the step before took, then the new step's name.
step() {
  [[ -n "$current" ]] && printf -- '--- %s: %ss\n' "$current" "$((SECONDS - step_started))"
  current="$*"
  step_started=$SECONDS
  printf '\n--- %s\n' "$*"
}

step "build the wheel and the sdist (build.sh)"
bash "$here/build.sh"
wheel="$(ls "$dist"/partner_rules-*.whl)"
sdist="$(ls "$dist"/partner_rules-*.tar.gz)"

step "fresh venv ($("$python" --version 2>&1)) with pinned tools"
"$python" -m venv "$work/venv"
venv="$work/venv/bin"
"$venv/python" -m pip install "${pip_quiet[@]}" -r "$here/requirements-ci.txt"

step "the wheel's platform tag (auditwheel show) and contents"
"$venv/auditwheel" show "$wheel" | tee "$work/auditwheel.txt"
# One line in auditwheel's wording: 'is consistent with the following platform tag:
# "manylinux_2_17_x86_64".' (a wheel needing a newer glibc names that one instead).
tr '\n' ' ' <"$work/auditwheel.txt" | grep -q 'platform tag: "manylinux_2_17_x86_64"'
"$venv/python" - "$wheel" "$root/core/schema" <<'PY'
import sys, zipfile
from pathlib import Path
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
wanted = {f"{info}/licenses/LICENSE", f"{info}/entry_points.txt", "partner_rules/py.typed"}
missing = wanted - names
assert not missing, f"the wheel lacks {sorted(missing)}"
# Whatever schemas the core has, and only those.
schemas = {f"partner_rules/schema/{p.name}" for p in Path(sys.argv[2]).glob("*.json")}
shipped = {n for n in names if n.startswith("partner_rules/schema/")}
assert shipped == schemas, f"the wheel's schemas {sorted(shipped)} are not core/schema's {sorted(schemas)}"
print(f"wheel holds {len(names)} files: LICENSE, the console script and {len(schemas)} schema(s) among them")
PY

step "install the wheel"
"$venv/python" -m pip install "${pip_quiet[@]}" -c "$here/requirements-runtime.txt" "$wheel"
"$venv/python" -m pip check
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

step "mypy --strict over the tests and the installed package"
"$venv/python" -m mypy --strict --cache-dir "$work/mypy-cache" "$here/tests"
"$venv/python" -m mypy --strict --cache-dir "$work/mypy-cache" -p partner_rules

step "stubtest"
# The compiled module against its stubs; the pure-Python modules are their own stubs (and
# stubtest misreads their Literal aliases as functions).
"$venv/python" -m mypy.stubtest partner_rules._core

step "columnar benchmark, smoke run (figures: benches/README.md)"
"$venv/python" "$here/bench_table.py" --smoke

# The wheel is abi3 for CPython 3.9 and later: beyond the interpreter above, every other one
# this machine has. Debian's python3 is another build of CPython (against Debian's libraries);
# pyenv, where the machine has it, holds older and newer minor versions.
others=()
if [[ -x /usr/bin/python3 ]]; then
  # Debian keeps venv's pip bootstrap in a package of its own.
  if ! /usr/bin/python3 -c 'import ensurepip' 2>/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv
  fi
  others+=(/usr/bin/python3)
fi
if command -v pyenv >/dev/null; then
  versions="$(pyenv versions --bare 2>/dev/null | grep -E '^3\.[0-9]+\.[0-9]+$' |
    awk -F. '$2 >= 9' | sort -t. -k2,2n -k3,3n || true)"
  for version in $(printf '%s\n' "$versions" | head -1) $(printf '%s\n' "$versions" | tail -1); do
    others+=("$(pyenv root)/versions/$version/bin/python3")
  done
fi
n=0
for other in $(printf '%s\n' "${others[@]}" | awk '!seen[$0]++'); do
  step "the wheel under $other ($("$other" --version 2>&1)): smoke test"
  n=$((n + 1))
  env_dir="$work/smoke-$n"
  "$other" -m venv "$env_dir"
  "$env_dir/bin/python" -m pip install "${pip_quiet[@]}" -c "$here/requirements-runtime.txt" "$wheel"
  "$env_dir/bin/python" "$here/tests/smoke.py"
done

step "the sdist, built and installed by pip in a fresh venv: smoke test"
"$python" -m venv "$work/sdist-venv"
# pip builds the sdist in an isolated environment, which takes maturin from the constraints.
PIP_CONSTRAINT="$here/requirements-build.txt $here/requirements-runtime.txt" \
  "$work/sdist-venv/bin/python" -m pip install "${pip_quiet[@]}" "$sdist"
"$work/sdist-venv/bin/python" "$here/tests/smoke.py"

step "done"
printf 'python package checks passed in %ss\n' "$((SECONDS - started))"
