"""The columnar API: inputs (tables, batches, readers, capsules, data frames), the columns of
each op's answer, errors by column and by cell, and streaming."""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Iterator, List, cast

import pyarrow as pa
import pytest

import partner_rules
from partner_rules import InvalidInput

NOW = "2026-11-21T10:00:00+08:00"
PARTNER = {"id": "p-1", "has_reserved_contact": True, "is_admin": True}
PLUS8 = timezone(timedelta(hours=8))


def customers(n: int) -> pa.Table:
    return pa.table({
        "customer.id": [f"c-{i}" for i in range(n)],
        "customer.has_huawei_contract": [i % 3 == 0 for i in range(n)],
    })


def test_ops_and_answer_columns() -> None:
    assert partner_rules.TABLE_OPS == (
        "preregistration.check", "invitation.send", "association.check", "association.models",
        "failure_cause.lookup", "association_type.switch", "disassociation.check",
    )
    zone = pa.timestamp("us", tz="+08:00")
    reasons = [("reasons", pa.list_(pa.string())), ("available_from", pa.list_(zone))]
    schema = partner_rules.evaluate_table(customers(2), "preregistration.check", partner=PARTNER, now=NOW).schema
    assert [(f.name, f.type) for f in schema] == [
        ("outcome", pa.string()), *reasons, ("expires_at", zone), ("review_due_by", zone)]
    models = partner_rules.evaluate_table(
        customers(1), "association.models", partner=PARTNER, now=NOW, messages="en").schema.names
    assert models == [
        "reseller_outcome", "reseller_reasons", "reseller_available_from", "reseller_messages",
        "referral_outcome", "referral_reasons", "referral_available_from", "referral_messages",
        "recommended"]
    # Instants are in the policy's offset.
    west = partner_rules.Engine({"preset": "intl-2024", "calendar": {"utc_offset": "-05:00"}})
    answer = west.evaluate_table(customers(1).select(["customer.id"]), "preregistration.check",
                                 partner=PARTNER, now=NOW)
    assert answer.schema.field("expires_at").type == pa.timestamp("us", tz="-05:00")
    assert answer["expires_at"][0].as_py().utcoffset() == timedelta(hours=-5)


def test_inputs_of_every_kind_answer_alike() -> None:
    table = customers(5)
    expected = partner_rules.evaluate_table(table, "preregistration.check", partner=PARTNER, now=NOW)
    assert isinstance(expected, pa.Table) and expected.num_rows == 5

    class Stream:
        def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
            return cast(Any, table).__arrow_c_stream__(requested_schema)

    sources: List[Any] = [table.to_batches()[0], table.combine_chunks(), Stream(),
                          pa.Table.from_batches(table.to_batches(max_chunksize=2))]
    for source in sources:
        answer = partner_rules.evaluate_table(source, "preregistration.check", partner=PARTNER, now=NOW)
        assert isinstance(answer, pa.Table)
        assert answer.equals(expected.combine_chunks()) or answer.to_pylist() == expected.to_pylist()
    streams: List[Any] = [table.to_reader(max_chunksize=2), cast(Any, table).__arrow_c_stream__()]
    for source in streams:
        streamed = partner_rules.evaluate_table(source, "preregistration.check", partner=PARTNER, now=NOW)
        assert isinstance(streamed, pa.RecordBatchReader)
        assert streamed.read_all().to_pylist() == expected.to_pylist()


def test_data_frames() -> None:
    pandas: Any = importlib.import_module("pandas")
    polars: Any = importlib.import_module("polars")
    expected = partner_rules.evaluate_table(customers(4), "preregistration.check", partner=PARTNER, now=NOW)
    frame = pandas.DataFrame({"customer.id": [f"c-{i}" for i in range(4)],
                              "customer.has_huawei_contract": [i % 3 == 0 for i in range(4)]})
    for source in (frame, polars.from_pandas(frame)):
        answer = partner_rules.evaluate_table(source, "preregistration.check", partner=PARTNER, now=NOW)
        assert answer.to_pylist() == expected.to_pylist()
    # polars writes strings as string views and categoricals as dictionaries: both read as text.
    frame = polars.DataFrame({"code": ["invitation_link_expired", "nope", "CBC.0151"]},
                             schema={"code": polars.Categorical})
    causes = partner_rules.evaluate_table(frame, "failure_cause.lookup")
    assert causes["cause"].to_pylist() == ["invitation_link_expired", None, None]


def test_struct_columns_and_lists() -> None:
    registered = datetime(2026, 11, 1, 9, 0, tzinfo=PLUS8)
    table = pa.table({
        "customer": pa.array([
            {"id": "c-1", "registered_at": None, "preregistration": None},
            {"id": "c-2", "registered_at": registered,
             "preregistration": {"partner_id": "p-2", "expires_at": datetime(2026, 11, 30, tzinfo=PLUS8)}},
        ], pa.struct([("id", pa.string()), ("registered_at", pa.timestamp("us", tz="+08:00")),
                      ("preregistration", pa.struct([("partner_id", pa.string()),
                                                     ("expires_at", pa.timestamp("s", tz="+08:00"))]))])),
        "partner": pa.array([{**PARTNER, "frozen": False}, {**PARTNER, "frozen": True}]),
    })
    answer = partner_rules.evaluate_table(table, "preregistration.check", now=NOW)
    assert answer["outcome"].to_pylist() == ["allowed", "blocked"]
    assert answer["reasons"][1].as_py() == ["customer_preregistered_by_other_partner", "customer_registered"]
    assert answer["available_from"][1].as_py()[0] == datetime(2026, 11, 30, tzinfo=PLUS8)
    # Invitations: dotted columns all null in a row are no invitation.
    invitations = pa.table({"invitation.method": ["link", None], "invitation.code_used": [False, None]})
    checked = partner_rules.evaluate_table(invitations, "association.check", partner=PARTNER, model="referral", now=NOW)
    assert checked["primary"].to_pylist() == [None, "invitation_link_not_found"]


def test_column_errors_name_the_column() -> None:
    def error(table: pa.Table, **kwargs: Any) -> InvalidInput:
        kwargs.setdefault("partner", PARTNER)
        kwargs.setdefault("now", NOW)
        with pytest.raises(InvalidInput) as caught:
            partner_rules.evaluate_table(table, "preregistration.check", errors="column", **kwargs)
        return caught.value

    err = error(pa.table({"customer.has_huawei_contract": pa.array([], pa.string())}))
    assert err.path == "$[*].customer.has_huawei_contract" and "expected a boolean" in err.message
    err = error(pa.table({"customer.frozn": [True]}))
    assert err.path == "$[*].customer.frozn" and "unknown field" in err.message
    err = error(pa.table({"customer.registered_at": pa.array([None], pa.timestamp("us"))}))
    assert err.path == "$[*].customer.registered_at" and "time zone" in err.message
    err = error(pa.table({"partner.id": ["p-1"]}))
    assert err.path == "$[*].partner" and "both as a column and as a keyword argument" in err.message
    err = error(pa.table({"partner.is_admin": [True]}), partner=None)
    assert err.path == "$[*].partner.id" and "missing field `id`" in err.message
    err = error(customers(1), now=None)
    assert err.path == "$[*].now"
    err = error(customers(1), model="reseller")
    assert err.path == "$[*].model" and "unknown field" in err.message
    err = error(customers(1), partner={"id": "p-1", "frozen": "no"})
    assert err.path == "$[*].partner.frozen"
    # Keyword arguments are read by the core's own reading, in the contract's words.
    assert err.message == 'keyword argument `partner`: expected `true` or `false`, got `"no"`'
    err = error(pa.table({"customer.id": pa.array([1.5])}))
    assert err.path == "$[*].customer.id"
    err = error(pa.table({"customer.registered_at": pa.array([None], pa.date32())}))
    assert err.path == "$[*].customer.registered_at" and "date32" in err.message.lower()
    # Arrow lets a struct repeat a name; a request object cannot.
    flags = pa.array([False])
    repeated = pa.StructArray.from_arrays([flags, flags], names=["online_sales_team", "online_sales_team"])
    err = error(pa.table({"customer": repeated}))
    assert err.path == "$[*].customer.online_sales_team" and "more than one column" in err.message
    with pytest.raises(InvalidInput) as caught:
        partner_rules.evaluate_table(customers(1), "funds.recover")
    assert caught.value.path == "$.op"
    with pytest.raises(InvalidInput):
        partner_rules.evaluate_table(customers(1), "preregistration.check", partner=PARTNER,
                                     now=NOW, errors="ignore")  # type: ignore[call-overload]
    with pytest.raises(InvalidInput):
        partner_rules.evaluate_table([1, 2], "preregistration.check", partner=PARTNER, now=NOW)


def test_facts_are_objects_only() -> None:
    """`partner` and `customer` are objects: a keyword argument given as a list, or a column of
    another type than a struct, is refused by name, never read field by field in order."""
    def error(table: pa.Table, **kwargs: Any) -> InvalidInput:
        kwargs.setdefault("partner", PARTNER)
        with pytest.raises(InvalidInput) as caught:
            partner_rules.evaluate_table(table, "preregistration.check", now=NOW, **kwargs)
        return caught.value

    err = error(customers(1), partner=["p-1", True])
    assert err.path == "$[*].partner"
    assert err.message == "keyword argument `partner`: expected an object, got an array"
    err = error(pa.table({"partner.id": ["p-1"]}), partner=None, customer=["c-1"])
    assert err.path == "$[*].customer" and "keyword argument `customer`" in err.message
    for column in (pa.array([["c-1"]], pa.list_(pa.string())), pa.array(["c-1"])):
        err = error(pa.table({"customer": column}))
        assert err.path == "$[*].customer" and "expected an object" in err.message
    err = error(pa.table({"partner": pa.array([1])}), partner=None)
    assert err.path == "$[*].partner" and "expected an object" in err.message


def test_cell_errors_name_the_row_over_the_whole_table() -> None:
    table = pa.table({"customer.registered_at": ["2026-11-01T09:00:00+08:00", None, "yesterday", None]})
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=1))
    answer = partner_rules.evaluate_table(reader, "preregistration.check", partner=PARTNER, now=NOW, errors="column")
    errors = answer.read_all()["error"].to_pylist()
    assert [e and e["path"] for e in errors] == [None, None, "$[row 2].customer.registered_at", None]
    with pytest.raises(InvalidInput) as caught:
        partner_rules.evaluate_table(table, "preregistration.check", partner=PARTNER, now=NOW)
    assert caught.value.path == "$[row 2].customer.registered_at"
    assert "RFC 3339" in caught.value.message
    nulls = pa.table({"customer.has_huawei_contract": [True, None]})
    with pytest.raises(InvalidInput) as caught:
        partner_rules.evaluate_table(nulls, "preregistration.check", partner=PARTNER, now=NOW)
    assert (caught.value.path, caught.value.message) == (
        "$[row 1].customer.has_huawei_contract", "invalid type: null, expected a boolean")


def test_streams_are_read_lazily() -> None:
    pulled: List[int] = []
    schema = customers(1).schema

    def batches() -> Iterator[pa.RecordBatch]:
        for index in range(1_000):
            pulled.append(index)
            yield customers(100).to_batches()[0]

    reader = pa.RecordBatchReader.from_batches(schema, batches())
    answers = partner_rules.Engine().evaluate_table(reader, "preregistration.check", partner=PARTNER, now=NOW)
    assert pulled == []  # nothing read until asked
    first = answers.read_next_batch()
    assert first.num_rows == 100 and len(pulled) <= 2
    rest = sum(batch.num_rows for batch in answers)
    assert rest == 99_900 and len(pulled) == 1_000


def test_messages_and_failure_causes() -> None:
    lookups = pa.table({"message": ["The invitation link has expired", "no such thing", None]})
    answer = partner_rules.evaluate_table(lookups.slice(0, 2), "failure_cause.lookup", messages="zh")
    row = answer.to_pylist()[0]
    expected = partner_rules.evaluate({"op": "failure_cause.lookup", "message": "The invitation link has expired"})["cause"]
    assert row == {"cause": expected["code"], "number": expected["number"],
                   "suggested_operation": expected["suggested_operation"]["code"],
                   "message": expected["message"]["zh"], "platform_message": expected["platform_message"]["zh"]}
    assert answer.to_pylist()[1]["cause"] is None
    with pytest.raises(InvalidInput) as caught:
        partner_rules.evaluate_table(lookups, "failure_cause.lookup")
    assert caught.value.path == "$[row 2]" and "neither" in caught.value.message


def test_empty_tables_answer_empty_tables() -> None:
    empty = customers(0)
    answer = partner_rules.evaluate_table(empty, "disassociation.check", partner=PARTNER,
                                          initiator="partner", now=NOW)
    assert answer.num_rows == 0 and answer.schema.names == ["outcome", "reasons", "available_from"]


def test_keyword_now_takes_a_datetime() -> None:
    now = datetime(2026, 11, 21, 10, 0, tzinfo=PLUS8)
    by_datetime = partner_rules.evaluate_table(customers(3), "preregistration.check", partner=PARTNER, now=now)
    by_text = partner_rules.evaluate_table(customers(3), "preregistration.check", partner=PARTNER, now=NOW)
    assert by_datetime.equals(by_text)
    with pytest.raises(InvalidInput) as caught:
        partner_rules.evaluate_table(customers(1), "preregistration.check", partner=PARTNER,
                                     now=datetime(2026, 11, 21))
    assert caught.value.path.startswith("$[*].now")


def rows_of(answer: pa.Table) -> List[Dict[str, Any]]:
    return answer.to_pylist()


def test_policy_argument() -> None:
    history = pa.table({"history": [[{"kind": "disassociation", "initiator": "partner",
                                      "at": "2026-10-01T10:00:00+08:00"}]]})
    kwargs: Dict[str, Any] = {"partner": {**PARTNER, "verification_code_enabled": False},
                              "initiator": "partner", "now": NOW}
    strict = rows_of(partner_rules.evaluate_table(history, "disassociation.check", policy="intl-2024", **kwargs))
    loose = rows_of(partner_rules.evaluate_table(history, "disassociation.check", policy="intl-2025", **kwargs))
    assert "disassociation_quota_reached" in strict[0]["reasons"]
    assert "disassociation_quota_reached" not in loose[0]["reasons"]
