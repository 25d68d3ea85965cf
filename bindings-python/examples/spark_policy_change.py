#!/usr/bin/env python3
"""The nightly job: re-evaluate every customer under a new policy, and report what changes.

Disassociation moves from ``intl-2024`` to ``intl-2025``, whose per-side quota goes from 1 to
3 disassociations per 3 months. For every customer (a Spark DataFrame with a ``customer``
struct and a ``history`` list of past requests), ``disassociation.check`` runs under both
policies through ``partner_rules.Engine.evaluate_table`` inside ``mapInArrow``: each executor
gets Arrow batches, evaluates them in Rust, and hands Arrow batches back, with no row ever
turned into Python objects. The job writes, per reason code, how many decisions change and
how (a reason that no longer applies, or a new one) as a Parquet file, and prints that table.

Locally (Java 17 and ``pip install pyspark==4.0.5 'partner-rules[arrow]'``)::

    PYSPARK_PYTHON=$(which python) python examples/spark_policy_change.py --customers 200000 --out /tmp/policy-change

On a cluster, see the README ("Whole customer bases", "On a Spark cluster").
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Iterator

import pyarrow as pa

import partner_rules

OLD, NEW = "intl-2024", "intl-2025"
NOW = "2026-11-21T10:00:00+08:00"
PARTNER = {"id": "p-1", "is_admin": True, "has_customer_development_permission": True}

# The answer of mapInArrow, per customer: both decisions and whether they differ.
RESULT_SCHEMA = (
    "customer_id string, old_outcome string, old_reasons array<string>, "
    "new_outcome string, new_reasons array<string>, changed boolean"
)


def customers(spark: Any, n: int, seed: int = 2026) -> Any:
    """``n`` customers with account check items and a history of up to four past requests,
    made by Spark itself from ``seed`` (deterministic, and nothing passes through the driver)."""
    from pyspark.sql import functions as F

    def chance(percent: int, salt: int) -> Any:
        return (F.abs(F.hash(F.col("id"), F.lit(seed), F.lit(salt))) % 100) < percent

    def entry(k: int) -> Any:
        days = F.abs(F.hash(F.col("id"), F.lit(seed), F.lit(100 + k))) % 200
        return F.struct(
            F.when(chance(85, 200 + k), "disassociation").otherwise("type_switch").alias("kind"),
            F.when(chance(70, 300 + k), "partner").otherwise("customer").alias("initiator"),
            (F.lit(NOW).cast("timestamp") - F.make_interval(days=days.cast("int"))).alias("at"),
        )

    count = F.abs(F.hash(F.col("id"), F.lit(seed), F.lit(9))) % 5
    return spark.range(n).select(
        F.struct(
            F.format_string("c-%06d", F.col("id")).alias("id"),
            chance(4, 1).alias("in_arrears"),
            chance(2, 2).alias("manually_frozen"),
            chance(3, 3).alias("valid_reserved_instances"),
            chance(2, 4).alias("support_plan_active"),
            chance(1, 5).alias("no_currency_set"),
        ).alias("customer"),
        F.slice(F.array(*[entry(k) for k in range(4)]), 1, count.cast("int")).alias("history"),
    )


def evaluate_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """mapInArrow's function: runs on the executors, a batch at a time."""
    old, new = partner_rules.Engine(OLD), partner_rules.Engine(NEW)
    for batch in batches:
        facts = {"partner": PARTNER, "initiator": "partner", "now": NOW}
        before = old.evaluate_table(batch, "disassociation.check", **facts)
        after = new.evaluate_table(batch, "disassociation.check", **facts)
        customer_id = batch.column(batch.schema.get_field_index("customer")).field("id")
        changed = pa.compute.or_(
            pa.compute.not_equal(before["outcome"], after["outcome"]),
            pa.compute.not_equal(
                pa.compute.list_value_length(before["reasons"]),
                pa.compute.list_value_length(after["reasons"]),
            ),
        )
        yield pa.RecordBatch.from_arrays(
            [customer_id, before["outcome"].combine_chunks(), before["reasons"].combine_chunks(),
             after["outcome"].combine_chunks(), after["reasons"].combine_chunks(),
             changed.combine_chunks()],
            names=["customer_id", "old_outcome", "old_reasons", "new_outcome", "new_reasons", "changed"],
        )


def decisions(frame: Any) -> Any:
    """Every customer's decision under both policies (a DataFrame of RESULT_SCHEMA)."""
    return frame.mapInArrow(evaluate_batches, RESULT_SCHEMA)


def summary(results: Any) -> Any:
    """Per reason code, the decisions that changed: `lifted` (applies under the old policy
    only) or `added` (under the new one only), and the outcomes it moves between."""
    from pyspark.sql import functions as F

    changed = results.where("changed")
    lifted = changed.select(
        F.explode(F.array_except("old_reasons", "new_reasons")).alias("reason"),
        F.lit("lifted").alias("change"), "old_outcome", "new_outcome")
    added = changed.select(
        F.explode(F.array_except("new_reasons", "old_reasons")).alias("reason"),
        F.lit("added").alias("change"), "old_outcome", "new_outcome")
    return (
        lifted.unionByName(added)
        .groupBy("reason", "change", "old_outcome", "new_outcome")
        .count()
        .orderBy(F.desc("count"), "reason")
    )


def run(spark: Any, n: int, out: str) -> tuple[int, int, Any]:
    """The job: returns (customers, decisions changed, the summary DataFrame), and writes the
    summary to ``out/summary.parquet``."""
    results = decisions(customers(spark, n)).cache()
    total = results.count()
    changed = results.where("changed").count()
    table = summary(results)
    table.coalesce(1).write.mode("overwrite").parquet(os.path.join(out, "summary.parquet"))
    return total, changed, table


def session(app: str = "partner-rules policy change") -> Any:
    from pyspark.sql import SparkSession

    # Executors' Python: this interpreter, unless PYSPARK_PYTHON says otherwise (on a cluster,
    # the archived venv: see the README).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.appName(app)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "20000")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--out", default="policy-change")
    args = parser.parse_args()
    spark = session()
    try:
        total, changed, table = run(spark, args.customers, args.out)
        print(f"{total:,} customers, {changed:,} decisions change from {OLD} to {NEW} "
              f"({os.path.join(args.out, 'summary.parquet')}):")
        table.show(truncate=False)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
