"""Hypothesis: for random tables (random columns, random cells, nulls and bad values
included), each row of ``evaluate_table`` answers what ``evaluate`` answers for the request the
row stands for, or fails where and how it fails (with ``errors="column"``)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Tuple

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partner_rules
from partner_rules import PartnerRulesError

from table_rows import flatten_answer, normalize, row_request

ZONES = {"+08:00": timezone(timedelta(hours=8)), "UTC": timezone.utc, "-05:30": timezone(-timedelta(hours=5, minutes=30))}
BASE = datetime(2026, 11, 21, 10, 0, tzinfo=timezone.utc)
OPTIONAL = ("customer.preregistration", "invitation")


def instants(zone: str) -> st.SearchStrategy[datetime]:
    return st.integers(-400 * 86_400, 400 * 86_400).map(
        lambda s: (BASE + timedelta(seconds=s)).astimezone(ZONES[zone])
    )


def maybe(strategy: st.SearchStrategy[Any], nulls: bool) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy) if nulls else strategy


BOOLS = [
    "has_huawei_contract", "has_cash_expenditure", "followed_up_by_direct_sales",
    "online_sales_team", "consumer_cloud_user", "unified_accounting_member", "in_arrears",
    "overdue_payment", "manually_frozen", "valid_reserved_instances", "has_consumption_record",
]


@st.composite
def columns(draw: st.DrawFn, op: str) -> Tuple[Dict[str, Tuple[st.SearchStrategy[Any], Any]], Dict[str, Any]]:
    """Random columns (name -> (cell strategy, Arrow type or None to infer)) and keyword
    arguments for ``op``."""
    cols: Dict[str, Tuple[st.SearchStrategy[Any], Any]] = {}
    kwargs: Dict[str, Any] = {}
    rare_nulls = draw(st.booleans())
    for name in draw(st.lists(st.sampled_from(BOOLS), max_size=6, unique=True)):
        cols[f"customer.{name}"] = (maybe(st.booleans(), rare_nulls), pa.bool_())
    text = {
        "customer.id": st.text(max_size=6),
        "customer.registration_country": st.sampled_from(["SG", "MY", "sg", " SG "]),
        "customer.registered_site": st.sampled_from(["international", "chinese_mainland", "moon"]),
        "customer.associated_partner_id": st.sampled_from(["p-1", "p-2"]),
        "customer.current_model": st.sampled_from(["reseller", "referral"]),
        "customer.account_type": st.sampled_from(["individual", "enterprise_master", "enterprise_member"]),
    }
    for name in draw(st.lists(st.sampled_from(sorted(text)), max_size=4, unique=True)):
        cols[name] = (maybe(text[name], True), pa.string())
    if draw(st.booleans()):
        zone = draw(st.sampled_from(sorted(ZONES)))
        cols["customer.registered_at"] = (maybe(instants(zone), True), pa.timestamp("us", tz=zone))
    if draw(st.booleans()):
        zone = draw(st.sampled_from(sorted(ZONES)))
        cols["customer.preregistration.partner_id"] = (maybe(st.sampled_from(["p-1", "p-2"]), True), pa.string())
        cols["customer.preregistration.expires_at"] = (maybe(instants(zone), True), pa.timestamp("us", tz=zone))

    partner = {"id": "p-1", "has_reserved_contact": True, "is_admin": True, "registration_country": "SG"}
    if draw(st.booleans()):
        kwargs["partner"] = partner
    else:
        cols["partner.id"] = (st.sampled_from(["p-1", "p-2"]), pa.string())
        cols["partner.has_reserved_contact"] = (maybe(st.booleans(), rare_nulls), pa.bool_())
        cols["partner.active_preregistrations"] = (st.integers(-1, 120), pa.int64())
        cols["partner.frozen"] = (st.booleans(), pa.bool_())
        cols["partner.verification_code_enabled"] = (st.booleans(), pa.bool_())

    if draw(st.booleans()):
        kwargs["now"] = BASE.astimezone(ZONES["+08:00"])
    elif draw(st.booleans()):
        zone = draw(st.sampled_from(sorted(ZONES)))
        cols["now"] = (maybe(instants(zone), rare_nulls), pa.timestamp("us", tz=zone))
    else:
        good = instants("+08:00").map(lambda t: t.isoformat())
        cols["now"] = (st.one_of(good, st.sampled_from(["yesterday", "2026-11-21 10:00"])), pa.string())

    if op == "association.check":
        kwargs["model"] = draw(st.sampled_from(["reseller", "referral"]))
        if draw(st.booleans()):
            cols["invitation.method"] = (maybe(st.sampled_from(["email", "link", "qr_code"]), True), pa.string())
            cols["invitation.code_used"] = (maybe(st.booleans(), True), pa.bool_())
            zone = draw(st.sampled_from(sorted(ZONES)))
            cols["invitation.expires_at"] = (maybe(instants(zone), True), pa.timestamp("us", tz=zone))
    if op == "disassociation.check":
        cols["initiator"] = (st.sampled_from(["partner", "customer"]), pa.string())
        kwargs["verification_code_verified"] = draw(st.booleans())
        entry = st.fixed_dictionaries({
            "kind": st.sampled_from(["disassociation", "type_switch"]),
            "initiator": st.sampled_from(["partner", "customer"]),
            "at": instants("UTC"),
        })
        cols["history"] = (st.lists(entry, max_size=4), pa.list_(pa.struct([
            ("kind", pa.string()), ("initiator", pa.string()), ("at", pa.timestamp("us", tz="UTC"))])))
    return cols, kwargs


@st.composite
def tables(draw: st.DrawFn) -> Tuple[str, List[Dict[str, Any]], pa.Table, Dict[str, Any], str]:
    op = draw(st.sampled_from(["preregistration.check", "association.check", "disassociation.check"]))
    cols, kwargs = draw(columns(op))
    if not cols:  # a table of no columns has no rows
        cols["customer.id"] = (st.text(max_size=3), pa.string())
    count = draw(st.integers(1, 12))
    rows = [{name: draw(strategy) for name, (strategy, _) in cols.items()} for _ in range(count)]
    table = pa.table({name: pa.array([row[name] for row in rows], type) for name, (_, type) in cols.items()})
    policy = draw(st.sampled_from(["intl-2024", "intl-2025", "cn"]))
    return op, rows, table, kwargs, policy


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tables(), st.sampled_from([None, "en", "zh"]))
def test_each_row_answers_as_evaluate(case: Tuple[str, List[Dict[str, Any]], pa.Table, Dict[str, Any], str], messages: Any) -> None:
    op, rows, table, kwargs, policy = case
    engine = partner_rules.Engine(policy)
    answers = engine.evaluate_table(table, op, errors="column", messages=messages, **kwargs).to_pylist()
    assert len(answers) == len(rows)
    for index, (row, got) in enumerate(zip(rows, answers)):
        request = row_request(op, {**row, **{k: v for k, v in kwargs.items()}}, OPTIONAL)
        try:
            expected = engine.evaluate(request)
        except PartnerRulesError as err:
            assert got["error"] is not None, (request, got)
            assert got["error"]["code"] == err.code
            assert got["error"]["path"] == f"$[row {index}]{err.path[1:]}", (request, got["error"], err)
            continue
        assert got["error"] is None, (request, got["error"])
        del got["error"]
        assert normalize(got) == flatten_answer(op, expected, messages), request


@settings(max_examples=40, deadline=None)
@given(tables())
def test_raising_names_the_first_bad_row(case: Tuple[str, List[Dict[str, Any]], pa.Table, Dict[str, Any], str]) -> None:
    op, rows, table, kwargs, policy = case
    engine = partner_rules.Engine(policy)
    first_bad: Any = None
    for index, row in enumerate(rows):
        try:
            engine.evaluate(row_request(op, {**row, **kwargs}, OPTIONAL))
        except PartnerRulesError as err:
            first_bad = (index, err)
            break
    if first_bad is None:
        assert engine.evaluate_table(table, op, **kwargs).num_rows == len(rows)
    else:
        bad_row, bad = first_bad
        try:
            engine.evaluate_table(table, op, **kwargs)
        except PartnerRulesError as raised:
            assert (raised.code, raised.path) == (bad.code, f"$[row {bad_row}]{bad.path[1:]}")
        else:
            raise AssertionError(f"row {bad_row} should have raised {bad}")
