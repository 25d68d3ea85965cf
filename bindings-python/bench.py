"""Calls per second of a pre-registration check from Python, beside the Rust JSON path.

Not a test: it measures and prints. Run it with the wheel installed (see README.md):

    python bindings-python/bench.py            # also runs the Rust baseline through cargo
    python bindings-python/bench.py --no-rust  # Python figures only

Every per-call figure is the best of many short rounds (the least disturbed ones, so that other
work on the machine weighs less), single-threaded; the batch figure is the best of five. The
request is bench_request.json, which the Rust baseline (examples/json_path.rs) reads too.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import partner_rules

HERE = Path(__file__).resolve().parent
REQUEST: Dict[str, Any] = json.loads((HERE / "bench_request.json").read_text(encoding="utf-8"))
TEXT = json.dumps(REQUEST)
BATCH = 100_000


def per_call_ns(call: Callable[[], Any], calls: int = 2_000, rounds: int = 200) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter_ns()
        for _ in range(calls):
            call()
        best = min(best, (time.perf_counter_ns() - start) / calls)
    return best


def batch_seconds(engine: partner_rules.Engine, requests: List[Dict[str, Any]], rounds: int = 5) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        answers = engine.evaluate_many(requests)
        best = min(best, time.perf_counter() - start)
        assert len(answers) == len(requests)
    return best


def rust_ns() -> float:
    out = subprocess.run(
        ["cargo", "run", "--release", "--quiet", "-p", "partner-rules-python", "--example", "json_path"],
        cwd=HERE,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-rust", action="store_true", help="skip the cargo Rust baseline")
    args = parser.parse_args()

    engine = partner_rules.Engine()
    partner, customer, now = REQUEST["partner"], REQUEST["customer"], REQUEST["now"]
    expected = engine.evaluate(REQUEST)
    assert engine.check_preregistration(partner=partner, customer=customer, now=now) == expected
    assert json.loads(partner_rules.evaluate_json(TEXT)) == expected

    rows = [
        (
            "Engine.check_preregistration(partner=..., customer=..., now=...)",
            per_call_ns(lambda: engine.check_preregistration(partner=partner, customer=customer, now=now)),
        ),
        ("Engine.evaluate(dict)", per_call_ns(lambda: engine.evaluate(REQUEST))),
        ("partner_rules.evaluate(dict)", per_call_ns(lambda: partner_rules.evaluate(REQUEST))),
        ("partner_rules.evaluate_json(str) -> str", per_call_ns(lambda: partner_rules.evaluate_json(TEXT))),
        (
            "json.loads(evaluate_json(json.dumps(dict)))  [alternative conversion]",
            per_call_ns(lambda: json.loads(partner_rules.evaluate_json(json.dumps(REQUEST)))),
        ),
    ]
    requests = [
        {**REQUEST, "customer": {**customer, "id": f"c-{i}"}} for i in range(BATCH)
    ]
    seconds = batch_seconds(engine, requests)

    load = ", load average {:.1f} on {} CPUs".format(os.getloadavg()[0], os.cpu_count())
    print(f"partner_rules {partner_rules.__version__}, Python {platform.python_version()}, {platform.machine()}{load}")
    print(f"request: {HERE.name}/bench_request.json (preregistration.check)\n")
    rust = None if args.no_rust else rust_ns()
    width = max(len(name) for name, _ in rows)
    if rust is not None:
        print(f"{'Rust Engine::evaluate_json (examples/json_path.rs)':<{width}}  {rust / 1000:6.2f} µs/call")
    for name, ns in rows:
        extra = f"  (+{(ns - rust) / 1000:.2f} µs over Rust)" if rust is not None else ""
        print(f"{name:<{width}}  {ns / 1000:6.2f} µs/call  {1e9 / ns:>10,.0f} calls/s{extra}")
    print(
        f"\nEngine.evaluate_many, {BATCH:,} checks: {seconds:.3f} s, "
        f"{BATCH / seconds:,.0f} checks/s ({seconds / BATCH * 1e6:.2f} µs/check)"
    )


if __name__ == "__main__":
    sys.exit(main())
