#!/usr/bin/env bash
# Fuzz smoke: installs what is missing (the nightly toolchain, a pinned cargo-fuzz), seeds the
# corpora from the conformance vectors, builds every target once, then runs each for a short
# while. Fails on the first crash, leak of a panic, or slow unit (the input is left under
# fuzz/artifacts/<target>/).
#
#   bash fuzz/smoke.sh                      # every target, FUZZ_SECONDS (default 15) each
#   FUZZ_SECONDS=600 bash fuzz/smoke.sh     # a longer run (see fuzz/README.md)
#   bash fuzz/smoke.sh evaluate_json        # named targets only
set -euo pipefail
cd "$(dirname "$0")"

CARGO_FUZZ_VERSION=0.13.1
FUZZ_SECONDS="${FUZZ_SECONDS:-15}"
# The core forbids unsafe code, so AddressSanitizer finds nothing the panic checks do not: without
# it builds and runs are about twice as fast. Debug assertions (overflow checks) stay on.
BUILD_FLAGS=(--sanitizer none)

if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if [[ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]]; then
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

# Seeds: every conformance request as text (evaluate_json), every policy a request carries plus
# the presets (policy_json), and the mined regression inputs kept under fuzz/regressions/.
python3 - <<'PY'
import hashlib, json, pathlib

vectors = pathlib.Path("../tests/vectors")
corpus = pathlib.Path("corpus")

def seed(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = corpus / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)

policies = ['"intl-2024"', '"intl-2025"', '"cn"', "{}"]
for path in sorted(vectors.glob("*.json")):
    for vector in json.loads(path.read_text(encoding="utf-8"))["vectors"]:
        if "request_text" in vector:
            seed("evaluate_json", vector["request_text"])
            continue
        request = vector["request"]
        seed("evaluate_json", json.dumps(request, ensure_ascii=False))
        if not isinstance(request, dict):
            continue
        if "policy" in request:
            policies.append(json.dumps(request["policy"], ensure_ascii=False))
        # Look-up texts (after the byte that picks a catalog entry) and exported strings.
        for key in ("message", "code"):
            if request.get("op") == "failure_cause.lookup" and isinstance(request.get(key), str):
                seed("failure_cause_lookup", b"\x07" + request[key].encode("utf-8"))
        for record in request.get("records", []) if request.get("op") == "export.mask" else []:
            for value in record.values() if isinstance(record, dict) else []:
                if isinstance(value, str):
                    seed("mask_unicode", value)
for policy in policies:
    seed("policy_json", policy)

regressions = pathlib.Path("regressions")
if regressions.is_dir():
    for folder in sorted(p for p in regressions.iterdir() if p.is_dir()):
        for file in sorted(folder.iterdir()):
            seed(folder.name, file.read_bytes())
PY

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

cargo +nightly fuzz build "${BUILD_FLAGS[@]}"

mkdir -p artifacts
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  log="artifacts/$target.log"
  # -timeout flags any single input slower than 5 s (a quadratic path); -rss_limit_mb bounds memory.
  if ! cargo +nightly fuzz run "${BUILD_FLAGS[@]}" "$target" "corpus/$target" -- \
      -max_total_time="$FUZZ_SECONDS" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
      >"$log" 2>&1; then
    tail -n 60 "$log" | cut -c1-300 >&2
    echo "fuzz target $target failed; the input is under fuzz/artifacts/$target/, the log in fuzz/$log" >&2
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  printf 'fuzz %-20s %ss, %s inputs, no crash\n' "$target" "$FUZZ_SECONDS" "${runs:-?}"
done
printf '\nfuzz smoke: %s targets ran %ss each without a crash\n' "${#targets[@]}" "$FUZZ_SECONDS"
