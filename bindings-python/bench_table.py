#!/usr/bin/env python3
"""How fast whole customer bases go through ``evaluate_table``, and in how much memory.

One partner against N customers (default 1,000,000: the mix of facts of the Rust batch
benchmark, ``benches/src/lib.rs``: most allowed, some blocked or sent to review), as one Arrow
table of ten customer columns (ids, countries, sites, registration and pre-registration
instants, flags). It prints, for ``preregistration.check``:

- checks/s of ``Engine.evaluate_table`` on the table in memory, best of ``--rounds``;
- checks/s of ``Engine.evaluate_many`` on the same rows as request dicts, in the same run
  (the dicts are built before the clock starts), and the ratio;
- the same table read from a Parquet file: the read alone, and read plus evaluation;
- peak memory (max RSS, each in a fresh child process) of evaluating the whole table read from
  Parquet, and of streaming the file through in batches of 65,536 rows, at N and 2N rows: the
  whole-table peak grows with N, the streaming one does not.

Run it pinned to one core, with the wheel installed:

    taskset -c 1 python bindings-python/bench_table.py

``--smoke`` runs everything once on 2,000 rows and checks the answers agree (CI does this, so
the script cannot rot); its figures mean nothing.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

import partner_rules

NOW = "2026-11-21T10:00:00+08:00"
NOW_US = 1_795_226_400_000_000  # NOW in microseconds since the epoch
DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
PARTNER = {"id": "p-1", "has_reserved_contact": True, "registration_country": "SG"}
ZONE = pa.timestamp("us", tz="+08:00")
STREAM_BATCH = 65_536


def customers(n: int) -> pa.Table:
    """``benches/src/lib.rs``'s ``customers(n, now)`` as Arrow columns, same seed, same mix."""
    mask = (1 << 64) - 1
    state = 0x9E37_79B9_7F4A_7C15
    ids, countries, sites, registered_at = [], [], [], []
    followed, prereg_partner, prereg_expires, cash, contract, online = [], [], [], [], [], []
    for i in range(n):
        state ^= state >> 12
        state = (state ^ (state << 25)) & mask
        state ^= state >> 27
        roll = (state * 0x2545_F491_4F6C_DD1D) & mask

        def chance(percent: int, shift: int) -> bool:
            return (roll >> shift) % 100 < percent

        registered = chance(20, 0)
        ids.append(f"c-{i}")
        countries.append("MY" if chance(10, 7) else "SG")
        sites.append("international" if registered else None)
        registered_at.append(NOW_US - (roll % 30) * DAY_US if registered else None)
        followed.append(chance(30, 14))
        held = chance(10, 21)
        prereg_partner.append(("p-1" if chance(50, 28) else "p-2") if held else None)
        prereg_expires.append(NOW_US + ((roll % 720) - 360) * HOUR_US if held else None)
        cash.append(chance(5, 35))
        contract.append(chance(2, 42))
        online.append(chance(3, 49))
    return pa.table(
        {
            "customer.id": ids,
            "customer.registration_country": countries,
            "customer.registered_site": sites,
            "customer.registered_at": pa.array(registered_at, ZONE),
            "customer.followed_up_by_direct_sales": followed,
            "customer.preregistration.partner_id": prereg_partner,
            "customer.preregistration.expires_at": pa.array(prereg_expires, ZONE),
            "customer.has_cash_expenditure": cash,
            "customer.has_huawei_contract": contract,
            "customer.online_sales_team": online,
        }
    )


def requests(table: pa.Table) -> list[dict[str, Any]]:
    """The same rows as request dicts for ``evaluate_many`` (the row each stands for)."""
    out = []
    for row in table.to_pylist():
        customer: dict[str, Any] = {}
        for name, value in row.items():
            path = name.split(".")[1:]
            if len(path) == 2:
                if value is not None:
                    customer.setdefault(path[0], {})[path[1]] = value
            else:
                customer[path[0]] = value
        out.append({"op": "preregistration.check", "now": NOW, "partner": PARTNER, "customer": customer})
    return out


def best(rounds: int, run: Any) -> tuple[float, Any]:
    """The best wall time of ``rounds`` runs, the collector run before each (not timed)."""
    times, result = [], None
    for _ in range(rounds):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def rate(n: int, seconds: float) -> str:
    return f"{seconds:.3f} s, {n / seconds:>12,.0f} checks/s ({seconds / n * 1e9:,.0f} ns/check)"


def high_water_kib() -> int:
    """This process's peak resident memory (VmHWM). Not ``ru_maxrss``: Linux carries that over
    ``exec`` from the forked copy of the parent, which is this benchmark's large process."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def peak_child(mode: str, path: str) -> tuple[int, int]:
    """Peak memory in KiB of a fresh process evaluating the Parquet file at ``path`` in
    ``mode``, and of the same process before evaluating (the interpreter and the imports)."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return int(out[0]), int(out[1])


def child(mode: str, path: str) -> None:
    before = high_water_kib()
    engine = partner_rules.Engine()
    if mode == "whole":
        answers = engine.evaluate_table(
            pq.read_table(path), "preregistration.check", partner=PARTNER, now=NOW
        )
        rows = answers.num_rows
    else:
        source = pq.ParquetFile(path)
        reader = pa.RecordBatchReader.from_batches(
            source.schema_arrow, source.iter_batches(batch_size=STREAM_BATCH)
        )
        rows = 0
        for batch in engine.evaluate_table(reader, "preregistration.check", partner=PARTNER, now=NOW):
            rows += batch.num_rows
    assert rows == pq.ParquetFile(path).metadata.num_rows
    print(before, high_water_kib())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="2,000 rows, once each: CI's check")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    n, rounds = (2_000, 1) if args.smoke else (args.rows, args.rounds)

    load = os.getloadavg()[0]
    print(
        f"partner_rules {partner_rules.__version__}, pyarrow {pa.__version__}, Python "
        f"{platform.python_version()}, {platform.machine()}, CPUs allowed "
        f"{sorted(os.sched_getaffinity(0))}, load average {load:.1f}"
    )
    table = customers(n)
    engine = partner_rules.Engine()
    print(f"{n:,} customers, one partner, preregistration.check, {table.num_columns} columns, "
          f"{table.nbytes / 2**20:.1f} MiB in Arrow")

    columnar, answers = best(rounds, lambda: engine.evaluate_table(
        table, "preregistration.check", partner=PARTNER, now=NOW))
    print(f"Engine.evaluate_table (Arrow table in memory)    {rate(n, columnar)}")

    dicts = requests(table)
    many, rows = best(min(rounds, 2), lambda: engine.evaluate_many(dicts))
    print(f"Engine.evaluate_many (the same rows as dicts)    {rate(n, many)}")
    print(f"evaluate_table / evaluate_many: {many / columnar:.1f}x")
    outcomes = answers["outcome"].to_pylist()
    assert outcomes == [row["outcome"] for row in rows], "the two APIs disagree"
    del rows, dicts
    counts = answers["outcome"].value_counts().to_pylist()
    print("outcomes:", ", ".join(f"{c['values']} {c['counts']:,}" for c in counts))

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "customers.parquet")
        pq.write_table(table, path)
        print(f"Parquet file: {os.path.getsize(path) / 2**20:.1f} MiB")
        read, _ = best(rounds, lambda: pq.read_table(path))
        print(f"pq.read_table alone                              {read:.3f} s")
        both, _ = best(rounds, lambda: engine.evaluate_table(
            pq.read_table(path), "preregistration.check", partner=PARTNER, now=NOW))
        print(f"pq.read_table + Engine.evaluate_table            {rate(n, both)}")

        double = os.path.join(tmp, "customers-2x.parquet")
        pq.write_table(pa.concat_tables([table, table]), double, row_group_size=STREAM_BATCH)
        pq.write_table(table, path, row_group_size=STREAM_BATCH)
        del table, answers
        for label, file, rows_in in (("", path, n), ("", double, 2 * n)):
            for mode in ("whole", "stream"):
                before, peak = peak_child(mode, file)
                what = "whole table" if mode == "whole" else f"streamed in batches of {STREAM_BATCH:,}"
                print(f"peak memory, {rows_in:>9,} rows from Parquet, {what:<30} "
                      f"{peak / 1024:7.1f} MiB (interpreter and imports: {before / 1024:.1f} MiB)")
    if args.smoke:
        print("smoke run: ok")


if __name__ == "__main__":
    main()
