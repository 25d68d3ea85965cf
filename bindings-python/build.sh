#!/usr/bin/env bash
# Builds the Python packages of partner-rules into dist/ at the repository root (DIST_DIR to
# change it):
#   partner_rules-<version>-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl
#       one wheel for CPython 3.9 and later on any x86_64 Linux with glibc 2.17 or later
#   partner_rules-<version>.tar.gz
#       the sdist: pip builds it anywhere with cargo
# The version is the workspace's (root Cargo.toml). maturin and zig come from PyPI, pinned in
# requirements-build.txt, in a venv kept in target/python-build-tools. zig links the module
# against glibc 2.17's symbols whatever glibc the build machine has (with the system linker
# the wheel would need the build machine's glibc: manylinux_2_34 on Debian 12).
#
# Usage: bash bindings-python/build.sh        (PYTHON=python3.X to pick the tools' interpreter)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
dist="${DIST_DIR:-$root/dist}"
python="${PYTHON:-python3}"
tools="$root/target/python-build-tools"

if ! cmp -s "$here/requirements-build.txt" "$tools/requirements-build.txt"; then
  rm -rf "$tools"
  "$python" -m venv "$tools"
  "$tools/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements-build.txt"
  cp "$here/requirements-build.txt" "$tools/requirements-build.txt"
fi

mkdir -p "$dist"
rm -f "$dist"/partner_rules-*.whl "$dist"/partner_rules-*.tar.gz
# maturin finds zig as the ziglang module of the python first on PATH.
export PATH="$tools/bin:$PATH"
maturin build --release --locked --zig --compatibility manylinux2014 \
  --manifest-path "$here/Cargo.toml" --out "$dist"
maturin sdist --manifest-path "$here/Cargo.toml" --out "$dist"
ls -l "$dist"/partner_rules-*
