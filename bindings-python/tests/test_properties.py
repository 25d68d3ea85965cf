"""Properties (hypothesis): the Python entry points agree with the JSON-text path on any JSON
request, datetimes read as their RFC 3339 text, and no input makes the binding raise anything
but a PartnerRulesError."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, List, get_type_hints

from hypothesis import given, settings
from hypothesis import strategies as st

import partner_rules
from partner_rules import Customer, Engine, Partner, PartnerRulesError

U64_MAX = 2**64 - 1
I64_MIN = -(2**63)

# What JSON text can carry: finite floats, 64-bit integers, text without lone surrogates.
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=I64_MIN, max_value=U64_MAX)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)

timestamps = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)
).flatmap(
    lambda naive: st.integers(min_value=-14 * 60, max_value=14 * 60).map(
        lambda minutes: naive.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    )
)


def facts(typed_dict: Any, required: Dict[str, Any]) -> Any:
    """Valid facts for a TypedDict: booleans for its bool fields, a few plain values else."""
    hints = get_type_hints(typed_dict)
    optional: Dict[str, Any] = {k: st.booleans() for k, t in hints.items() if t is bool}
    choices = {
        "registration_country": st.sampled_from(["SG", "MY", "cn", None]),
        "active_preregistrations": st.integers(min_value=0, max_value=150),
        "billing_mode": st.sampled_from(["postpaid", "prepaid"]),
        "registered_site": st.sampled_from(["international", "chinese_mainland", None]),
        "account_type": st.sampled_from(["individual", "enterprise_master", "enterprise_member"]),
        "current_model": st.sampled_from(["reseller", "referral", None]),
        "registered_at": st.one_of(st.none(), timestamps.map(datetime.isoformat)),
        "associated_partner_id": st.sampled_from(["p-1", "p-2", None]),
        "preregistration": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {
                    "partner_id": st.sampled_from(["p-1", "p-2"]),
                    "expires_at": timestamps.map(datetime.isoformat),
                }
            ),
        ),
    }
    optional.update({k: v for k, v in choices.items() if k in hints})
    return st.fixed_dictionaries(required, optional=optional)


partners = facts(Partner, {"id": st.sampled_from(["p-1", "p-2"])})
customers = facts(Customer, {})


def agree(left: Callable[[], Any], right: Callable[[], Any]) -> None:
    """Both give the same answer, or both raise the same code at the same path."""
    try:
        expected = left()
    except PartnerRulesError as err:
        try:
            right()
        except PartnerRulesError as other:
            assert (type(other), other.code, other.path) == (type(err), err.code, err.path)
            return
        raise AssertionError(f"only one side raised {err!r}")
    assert right() == expected


@settings(max_examples=300, deadline=None)
@given(partner=partners, customer=customers, now=timestamps, preset=st.sampled_from(["intl-2024", "intl-2025", "cn"]))
def test_typed_check_equals_evaluate_and_evaluate_json(
    partner: Partner, customer: Customer, now: datetime, preset: str
) -> None:
    engine = Engine(preset)
    request = {
        "op": "preregistration.check",
        "now": now.isoformat(),
        "partner": partner,
        "customer": customer,
        "policy": preset,
    }
    typed = engine.check_preregistration(partner=partner, customer=customer, now=now)
    assert typed == partner_rules.evaluate(request)
    assert typed == json.loads(partner_rules.evaluate_json(json.dumps(request)))
    assert typed["outcome"] in ("allowed", "manual_review", "blocked")


@settings(max_examples=300, deadline=None)
@given(
    op=st.sampled_from(partner_rules.OPS) | st.text(max_size=10),
    fields=st.dictionaries(
        st.sampled_from(["now", "partner", "customer", "items", "method", "submitted_at", "policy"])
        | st.text(max_size=6),
        json_values,
        max_size=4,
    ),
)
def test_dicts_and_json_text_give_the_same_answer(op: str, fields: Dict[str, Any]) -> None:
    request = {"op": op, **fields}
    text = json.dumps(request)
    agree(
        lambda: partner_rules.evaluate(request),
        lambda: json.loads(partner_rules.evaluate_json(text)),
    )


@settings(max_examples=200, deadline=None)
@given(now=timestamps, partner=partners)
def test_datetimes_read_as_their_isoformat(now: datetime, partner: Partner) -> None:
    engine = Engine()
    agree(
        lambda: engine.check_preregistration(partner=partner, now=now.isoformat()),
        lambda: engine.check_preregistration(partner=partner, now=now),
    )


anything = st.recursive(
    json_scalars
    | st.integers()
    | st.floats()
    | st.binary(max_size=4)
    | st.datetimes()
    | st.dates()
    | st.builds(object)
    | st.sets(st.integers(), max_size=2),
    lambda inner: st.lists(inner, max_size=3)
    | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=4) | st.integers(), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(value=anything, where=st.sampled_from(["request", "partner", "customer", "policy", "now"]))
def test_no_input_raises_anything_but_partner_rules_errors(value: Any, where: str) -> None:
    request: Any = {"op": "preregistration.check", "now": "2026-11-21T10:00:00Z", "partner": {"id": "p"}}
    if where == "request":
        request = value
    else:
        request[where] = value
    for call in (partner_rules.evaluate, lambda r: partner_rules.evaluate_many([r]), Engine().evaluate):
        try:
            answer = call(request)
        except PartnerRulesError as err:
            assert err.code in ("invalid_input", "unknown_op")
            assert err.path.startswith("$") and err.message
        else:
            assert isinstance(answer, (dict, list))


@settings(max_examples=300, deadline=None)
@given(
    records=st.lists(
        st.dictionaries(
            st.text(max_size=8).filter(lambda key: key not in ("name", "mobile", "email")),
            json_values,
            max_size=4,
        ),
        max_size=4,
    )
)
def test_text_and_numbers_cross_the_binding_unchanged(records: List[Dict[str, Any]]) -> None:
    # export.mask passes every field but name, mobile and email through: what comes back is
    # what the binding wrote as JSON and read back. Twice, because the second time the request's
    # strs are written from the binding's cache of spellings.
    request = {"op": "export.mask", "records": records}
    for _ in range(2):
        assert partner_rules.evaluate(request)["records"] == records
