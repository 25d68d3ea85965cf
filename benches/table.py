#!/usr/bin/env python3
"""Prints the medians criterion recorded under target/criterion as the markdown table of
benches/README.md, with each target beside the figure it bounds.

    taskset -c 1 cargo bench -p partner-rules-benches && python3 benches/table.py
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"

# Benchmark id -> the target of the issue it is measured against.
TARGETS = {
    "typed/preregistration.check/allowed": ("≤ 100 ns", 100e-9),
    "typed/preregistration.check/manual_review": ("≤ 100 ns", 100e-9),
    "typed/preregistration.check/all_reasons": ("≤ 100 ns", 100e-9),
    "json/preregistration.check/all_reasons": ("≤ 3 µs", 3e-6),
    "json/preregistration.check/allowed": ("≤ 3 µs", 3e-6),
    "json/preregistration.check/manual_review": ("≤ 3 µs", 3e-6),
    "batch/typed/preregistration.check/1M_customers": ("≤ 0.3 s", 0.3),
    "lookup/failure_cause_by_text/platform_en_exact": ("≤ 1 µs", 1e-6),
    "lookup/failure_cause_by_text/platform_en_copied": ("≤ 1 µs", 1e-6),
    "lookup/failure_cause_by_text/explanation_zh": ("≤ 1 µs", 1e-6),
    "lookup/failure_cause_by_text/miss_short": ("≤ 1 µs", 1e-6),
    "typed/failure_cause.lookup/by_message": ("≤ 1 µs", 1e-6),
    "batch/typed/manager.attribution/1M_records": ("≤ 0.5 s", 0.5),
}


def human(seconds):
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def main():
    rows = []
    for bench in sorted(ROOT.rglob("new/benchmark.json")):
        full_id = json.loads(bench.read_text())["full_id"]
        median = json.loads((bench.parent / "estimates.json").read_text())["median"]["point_estimate"] * 1e-9
        rows.append((full_id, median))
    if not rows:
        sys.exit(f"no criterion results under {ROOT}: run `cargo bench -p partner-rules-benches` first")
    print("| benchmark | median | target |")
    print("|---|---:|---|")
    for full_id, median in rows:
        target = TARGETS.get(full_id)
        mark = ""
        if target:
            mark = f"{target[0]} {'met' if median <= target[1] else '**missed**'}"
        print(f"| `{full_id}` | {human(median)} | {mark} |")


if __name__ == "__main__":
    main()
