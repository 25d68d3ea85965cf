"""The Spark example, run: 200,000 customers through ``mapInArrow`` in one local Spark session,
every row checked against the single-process row API (``Engine.evaluate_many``), and the
summary against counts made here. Needs Java 17 and pyspark (ci.sh installs both and fails
clearly without Java)."""

from __future__ import annotations

import collections
import importlib.util
import os
import shutil
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import partner_rules

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "spark_policy_change.py"
CUSTOMERS = int(os.environ.get("PARTNER_RULES_SPARK_CUSTOMERS", "200000"))


def load_example() -> Any:
    spec = importlib.util.spec_from_file_location("spark_policy_change", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.fail("Spark needs Java 17: install openjdk-17-jre-headless or set JAVA_HOME")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    example = load_example()
    session = example.session("partner-rules test")
    yield session
    session.stop()


def request(example: Any, row: Dict[str, Any]) -> Dict[str, Any]:
    history = [{**h, "at": h["at"].isoformat()} for h in row["history"]]
    return {
        "op": "disassociation.check",
        "now": example.NOW,
        "partner": example.PARTNER,
        "initiator": "partner",
        "customer": row["customer"],
        "history": history,
    }


def test_every_customer_as_the_row_api_decides(spark: Any, tmp_path: Path) -> None:
    example = load_example()
    total, changed, table = example.run(spark, CUSTOMERS, str(tmp_path))
    assert total == CUSTOMERS

    # The input and the answers, brought back whole, keyed by customer id.
    facts = example.customers(spark, CUSTOMERS).toArrow().to_pylist()
    answers = example.decisions(example.customers(spark, CUSTOMERS)).toArrow().to_pylist()
    by_id = {row["customer_id"]: row for row in answers}
    assert len(facts) == len(by_id) == CUSTOMERS

    requests = [request(example, row) for row in facts]
    old = partner_rules.Engine(example.OLD).evaluate_many(requests)
    new = partner_rules.Engine(example.NEW).evaluate_many(requests)
    counts: Dict[tuple[str, str, str, str], int] = collections.Counter()
    moved = 0
    for row, before, after in zip(facts, old, new):
        got = by_id[row["customer"]["id"]]
        assert got["old_outcome"] == before["outcome"]
        assert got["new_outcome"] == after["outcome"]
        assert got["old_reasons"] == [r["code"] for r in before["reasons"]]
        assert got["new_reasons"] == [r["code"] for r in after["reasons"]]
        old_codes = [r["code"] for r in before["reasons"]]
        new_codes = [r["code"] for r in after["reasons"]]
        is_changed = before["outcome"] != after["outcome"] or len(old_codes) != len(new_codes)
        assert got["changed"] == is_changed
        if is_changed:
            moved += 1
            for code in set(old_codes) - set(new_codes):
                counts[(code, "lifted", before["outcome"], after["outcome"])] += 1
            for code in set(new_codes) - set(old_codes):
                counts[(code, "added", before["outcome"], after["outcome"])] += 1
    assert changed == moved
    # The policy change must matter for this population, or the test checks nothing.
    assert counts[("disassociation_quota_reached", "lifted", "blocked", "allowed")] > 1_000

    written = pq.read_table(tmp_path / "summary.parquet").to_pylist()
    assert {(r["reason"], r["change"], r["old_outcome"], r["new_outcome"]): r["count"] for r in written} == dict(counts)
    assert [r["count"] for r in written] == sorted((r["count"] for r in written), reverse=True)
