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
import gc
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import partner_rules

HERE = Path(__file__).resolve().parent
REQUEST: Dict[str, Any] = json.loads((HERE / "bench_request.json").read_text(encoding="utf-8"))
TEXT = json.dumps(REQUEST)
BATCH = 100_000


def per_call_ns(calls: Dict[str, Callable[[], Any]], per_round: int = 2_000, rounds: int = 150) -> Dict[str, float]:
    """Best ns per call of each, the rounds of all interleaved so that a busy spell on the
    machine does not fall on one of them only."""
    best = {name: float("inf") for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            start = time.perf_counter_ns()
            for _ in range(per_round):
                call()
            best[name] = min(best[name], (time.perf_counter_ns() - start) / per_round)
    return best


def batch_seconds(engine: partner_rules.Engine, requests: List[Dict[str, Any]], rounds: int = 5) -> Tuple[float, float]:
    """Best wall-clock and best CPU seconds of one `evaluate_many` over `requests`.

    Each includes the collection of Python's young generation that follows the batch: the batch
    pauses the cyclic collector (see `GcPause` in src/lib.rs), and the first allocation after it
    pays for a collection over the answers, which a caller cannot avoid."""
    wall = cpu = float("inf")
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        answers = engine.evaluate_many(requests)
        gc.collect(0)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
        assert len(answers) == len(requests)
        del answers
    return wall, cpu


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

    load = ", load average {:.1f} on {} CPUs".format(os.getloadavg()[0], os.cpu_count())
    engine = partner_rules.Engine()
    partner, customer, now = REQUEST["partner"], REQUEST["customer"], REQUEST["now"]
    expected = engine.evaluate(REQUEST)
    assert engine.check_preregistration(partner=partner, customer=customer, now=now) == expected
    assert json.loads(partner_rules.evaluate_json(TEXT)) == expected

    rows = per_call_ns(
        {
            "Engine.check_preregistration(partner=..., customer=..., now=...)": lambda: engine.check_preregistration(
                partner=partner, customer=customer, now=now
            ),
            "Engine.evaluate(dict)": lambda: engine.evaluate(REQUEST),
            "partner_rules.evaluate(dict)": lambda: partner_rules.evaluate(REQUEST),
            "partner_rules.evaluate_json(str) -> str": lambda: partner_rules.evaluate_json(TEXT),
            "json.loads(evaluate_json(json.dumps(dict)))  [for comparison]": lambda: json.loads(
                partner_rules.evaluate_json(json.dumps(REQUEST))
            ),
        }
    )
    # Requests built from one template share their strs (as dicts built in code do); requests
    # parsed one by one from JSON text share none, the worst case for the binding's str cache.
    requests = [{**REQUEST, "customer": {**customer, "id": f"c-{i}"}} for i in range(BATCH)]
    wall, cpu = batch_seconds(engine, requests)
    parsed = [json.loads(TEXT.replace('"c-lumen"', f'"c-{i}"')) for i in range(BATCH)]
    assert parsed[1]["customer"]["id"] == "c-1"
    parsed_wall, parsed_cpu = batch_seconds(engine, parsed)

    print(f"partner_rules {partner_rules.__version__}, Python {platform.python_version()}, {platform.machine()}{load}")
    print(f"request: {HERE.name}/bench_request.json (preregistration.check)\n")
    rust = None if args.no_rust else rust_ns()
    width = max(len(name) for name in rows)
    if rust is not None:
        print(f"{'Rust Engine::evaluate_json (examples/json_path.rs)':<{width}}  {rust / 1000:6.2f} µs/call")
    for name, ns in rows.items():
        extra = f"  (+{(ns - rust) / 1000:.2f} µs over Rust)" if rust is not None else ""
        print(f"{name:<{width}}  {ns / 1000:6.2f} µs/call  {1e9 / ns:>10,.0f} calls/s{extra}")
    print()
    for name, (w, c) in {
        "built from one template": (wall, cpu),
        "each parsed from its own JSON text": (parsed_wall, parsed_cpu),
    }.items():
        print(
            f"Engine.evaluate_many, {BATCH:,} checks {name}: {w:.3f} s, {BATCH / w:,.0f} checks/s "
            f"({w / BATCH * 1e6:.2f} µs/check); in CPU time {c:.3f} s, {BATCH / c:,.0f} checks/s"
        )


if __name__ == "__main__":
    sys.exit(main())
