"""The conformance vectors of the ops tables answer, replayed through ``evaluate_table``: each
as a one-row table, and all the accepted ones of an op (under one policy) as one big table.
A row's answer must be the vector's ``expected`` flattened as the README documents; a rejected
request must fail with the vector's code at the vector's path, put under the row
(``$[row 0].customer.registered_at``) or, for a column, under every row (``$[*]...``)."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Dict, List, Optional, Tuple

import pyarrow as pa
import pytest

import partner_rules
from partner_rules import PartnerRulesError

from conftest import load_vectors
from table_rows import OBJECTS, OP_FIELDS, dotted, flatten_answer, normalize, table_of

VECTORS = [
    (n, v)
    for n, v in load_vectors()
    if isinstance(v.get("request"), dict) and v["request"].get("op") in OP_FIELDS
]
# Objects that take null: where a row has none of their cells, the object is absent.
OPTIONAL_OBJECTS = ("invitation", "customer.preregistration")
# Defaults of fields that are neither false, zero nor null, for rows of a big table that leave
# them out (a new such fact field shows here as a failing row, not as a silent pass).
DEFAULTS = {"customer.account_type": "individual", "partner.billing_mode": "postpaid"}


def representable(request: Any) -> Optional[str]:
    """Why a request cannot be a table row, or None."""
    if not isinstance(request, dict):
        return "not an object"
    op = request["op"]
    if '"0000-' in json.dumps(request) or '"0000-' in json.dumps(request.get("expected")):
        return "an instant of the year 0, which Python's datetime cannot hold"
    if not dotted({key: value for key, value in request.items() if key != "expected"}):
        return "no field but op, now and policy: a table of no columns has no rows"
    for key, value in request.items():
        if key in ("op", "now", "policy", "expected"):
            continue
        if key not in OP_FIELDS[op]:
            return f"field {key} is not one of {op}"
        if key in OBJECTS and value is not None and (not isinstance(value, dict) or not value):
            return f"{key} is not a non-empty object"
        if key == "history" and not (
            isinstance(value, list) and all(isinstance(h, dict) and h for h in value)
        ):
            return "history is not a list of objects"
    return None


def table_args(request: Dict[str, Any]) -> Dict[str, Any]:
    return {"policy": request["policy"]} if "policy" in request else {}


def one_row(request: Dict[str, Any]) -> Tuple[Optional[pa.Table], str]:
    try:
        return table_of([dotted(request)]), ""
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as err:
        return None, str(err)


def test_most_vectors_are_replayed() -> None:
    replayable = [v for _, v in VECTORS if representable(v["request"]) is None]
    assert len(VECTORS) >= 60, len(VECTORS)
    assert len(replayable) >= 0.8 * len(VECTORS), (len(replayable), len(VECTORS))


@pytest.mark.parametrize("vector", [v for _, v in VECTORS], ids=[n for n, _ in VECTORS])
def test_vector_as_a_one_row_table(vector: Dict[str, Any]) -> None:
    request = vector["request"]
    why = representable({**request, "expected": vector.get("expected")})
    if why is not None:
        pytest.skip(f"not a table row: {why}")
    if "error" in vector and vector["error"]["path"].startswith("$.policy"):
        pytest.skip("a bad policy is the engine's error, tested with Engine")
    table, why = one_row(request)
    if table is None:
        pytest.skip(f"pyarrow cannot hold the value: {why}")
    op = request["op"]
    if "expected" in vector:
        answer = partner_rules.evaluate_table(table, op, **table_args(request))
        assert answer.num_rows == 1
        assert normalize(answer.to_pylist()[0]) == flatten_answer(op, vector["expected"])
        with_zh = partner_rules.evaluate_table(table, op, messages="zh", **table_args(request))
        assert normalize(with_zh.to_pylist()[0]) == flatten_answer(op, vector["expected"], "zh")
    else:
        expected = vector["error"]
        tail = expected["path"][1:]
        with pytest.raises(PartnerRulesError) as caught:
            partner_rules.evaluate_table(table, op, **table_args(request))
        err = caught.value
        assert err.code == expected["code"], err
        assert err.path in (f"$[row 0]{tail}", f"$[*]{tail}"), err
        assert err.message
        # Row errors (not column errors) can be answered in the error column instead.
        if err.path.startswith("$[row 0]"):
            answer = partner_rules.evaluate_table(table, op, errors="column", **table_args(request))
            row = answer.to_pylist()[0]
            assert row["error"] == {"code": err.code, "path": err.path, "message": err.message}
            assert all(v is None for k, v in row.items() if k != "error"), row


def big_tables() -> List[Tuple[str, str, List[Tuple[str, Dict[str, Any]]]]]:
    """Per op and policy, the accepted vectors that can be rows."""
    groups: Dict[Tuple[str, str], List[Tuple[str, Dict[str, Any]]]] = defaultdict(list)
    for name, vector in VECTORS:
        request = vector["request"]
        if "expected" in vector and representable({**request, "expected": vector["expected"]}) is None:
            groups[(request["op"], json.dumps(request.get("policy")))].append((name, vector))
    return [(op, policy, members) for (op, policy), members in groups.items() if len(members) > 1]


BIG = big_tables()


@pytest.mark.parametrize("op, policy, members", BIG, ids=[f"{o} {p}" for o, p, _ in BIG])
def test_vectors_as_one_big_table(op: str, policy: str, members: List[Any]) -> None:
    rows = [dotted(vector["request"]) for _, vector in members]
    names = sorted({name for row in rows for name in row})
    sample = {name: next(r[name] for r in rows if name in r and r[name] is not None) for name in names
              if any(name in r and r[name] is not None for r in rows)}

    def fill(row: Dict[str, Any], name: str) -> Any:
        if name in row:
            return row[name]
        absent_object = any(
            name.startswith(prefix + ".") and not any(k.startswith(prefix + ".") for k in row)
            for prefix in OPTIONAL_OBJECTS
        )
        if absent_object:
            return None
        if name in DEFAULTS:
            return DEFAULTS[name]
        kind = sample.get(name)
        if isinstance(kind, bool):
            return False
        if isinstance(kind, int):
            return 0
        if isinstance(kind, list):
            return []
        return None

    table = table_of([{name: fill(row, name) for name in names} for row in rows])
    kwargs = {} if policy == "null" else {"policy": json.loads(policy)}
    answers = partner_rules.evaluate_table(table, op, **kwargs).to_pylist()
    assert len(answers) == len(members)
    for (name, vector), answer in zip(members, answers):
        assert normalize(answer) == flatten_answer(op, vector["expected"]), name
    # The same rows streamed in batches of three answer the same.
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=3))
    streamed = partner_rules.evaluate_table(reader, op, **kwargs)
    assert isinstance(streamed, pa.RecordBatchReader)
    assert streamed.read_all().to_pylist() == answers
