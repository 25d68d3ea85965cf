"""Bad input of every kind is a PartnerRulesError with a code and a JSON path: never a crash,
never a TypeError from inside the binding."""

from __future__ import annotations

import math
import pickle
from collections import OrderedDict
from datetime import time
from types import MappingProxyType
from typing import Any, Dict, List

import pytest

import partner_rules
from partner_rules import Engine, InvalidInput, PartnerRulesError, UnknownOp

NOW = "2026-11-21T10:00:00+08:00"


def check(partner: Any = None, customer: Any = None, **extra: Any) -> Dict[str, Any]:
    request: Dict[str, Any] = {"op": "preregistration.check", "now": NOW, "partner": partner or {"id": "p"}}
    if customer is not None:
        request["customer"] = customer
    request.update(extra)
    return request


def raised(request: Any) -> PartnerRulesError:
    with pytest.raises(PartnerRulesError) as caught:
        partner_rules.evaluate(request)
    return caught.value


@pytest.mark.parametrize(
    "request_, path",
    [
        # the request itself is not a dict
        (None, "$"),
        ("{}", "$"),
        ([{"op": "preregistration.check"}], "$"),
        (42, "$"),
        # JSON types the core rejects for the field
        (check({"id": "p", "active_preregistrations": "3"}), "$.partner.active_preregistrations"),
        (check({"id": "p", "active_preregistrations": 3.5}), "$.partner.active_preregistrations"),
        (check({"id": "p", "active_preregistrations": -1}), "$.partner.active_preregistrations"),
        (check({"id": 7}), "$.partner.id"),
        (check({"id": "p", "frozen": "yes"}), "$.partner.frozen"),
        (check(customer="c-1"), "$.customer"),
        (check(customer={"registered_at": "yesterday"}), "$.customer.registered_at"),
        (check(now=1_795_224_600), "$.now"),
        ({"op": 3}, "$.op"),
        ({}, "$.op"),
        (
            {"op": "preregistration.delete", "items": [{"id": "a", "status": "x"}]},
            "$.items[0].status",
        ),
        # Python values with no JSON form
        (check({"id": {"p"}}), "$.partner.id"),
        (check({"id": b"p"}), "$.partner.id"),
        (check({"id": "p", "frozen": object()}), "$.partner.frozen"),
        (check({"id": "p", 1: True}), "$.partner"),
        (check({"id": "p", "active_preregistrations": math.nan}), "$.partner.active_preregistrations"),
        (check({"id": "p", "active_preregistrations": math.inf}), "$.partner.active_preregistrations"),
        (check({"id": "p", "active_preregistrations": 2**64}), "$.partner.active_preregistrations"),
        (check(customer={"registered_at": time(10, 0)}), "$.customer.registered_at"),
        (check(customer={"id": "\ud800"}), "$.customer.id"),
        (
            {"op": "preregistration.delete", "items": [{"id": "a", "status": "expired"}, {"id": {1}}]},
            "$.items[1].id",
        ),
        (check(customer={"odd key": 1}), '$.customer["odd key"]'),
    ],
)
def test_invalid_input_has_a_path(request_: Any, path: str) -> None:
    err = raised(request_)
    assert type(err) is InvalidInput
    assert (err.code, err.path) == ("invalid_input", path), err
    assert err.message
    assert str(err) == f"invalid_input at {path}: {err.message}"


def test_unknown_ops_name_the_known_ones() -> None:
    err = raised({"op": "preregistration.chek"})
    assert type(err) is UnknownOp
    assert (err.code, err.path) == ("unknown_op", "$.op")
    assert "`preregistration.check`" in err.message


def test_the_classes() -> None:
    assert issubclass(PartnerRulesError, ValueError)
    assert issubclass(InvalidInput, PartnerRulesError)
    assert issubclass(UnknownOp, PartnerRulesError)
    with pytest.raises(ValueError):
        partner_rules.evaluate({"op": "x"})


def test_errors_survive_pickling_and_read_as_dicts() -> None:
    err = raised(check({"id": 7}))
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is InvalidInput
    assert (copy.code, copy.path, copy.message) == (err.code, err.path, err.message)
    assert copy.to_dict() == {"code": err.code, "path": err.path, "message": err.message}


def test_self_containing_values_are_refused_not_overflowed() -> None:
    loop: List[Any] = []
    loop.append(loop)
    err = raised(check(customer={"id": loop}))
    assert type(err) is InvalidInput
    assert err.path.startswith("$.customer.id[0][0]")
    deep: Any = "x"
    for _ in range(500):
        deep = {"a": deep}
    assert type(raised(check(customer=deep))) is InvalidInput


def test_other_mappings_and_tuples_are_accepted() -> None:
    plain = partner_rules.evaluate(check({"id": "p", "has_reserved_contact": True}))
    proxied = partner_rules.evaluate(
        MappingProxyType(check(OrderedDict(id="p", has_reserved_contact=True)))
    )
    assert proxied == plain
    items = ({"id": "a", "status": "expired"},)
    assert partner_rules.evaluate({"op": "preregistration.delete", "items": items}) == (
        partner_rules.evaluate({"op": "preregistration.delete", "items": list(items)})
    )


@pytest.mark.parametrize(
    "text, path",
    [
        ("", "$"),
        ("{", "$"),
        ("[]", "$"),
        ('{"op": "x", "op": "y"}', "$.op"),
        ('{"op": "preregistration.review_due"} trailing', "$"),
        (b"\xff", "$"),
        (42, "$"),
        (None, "$"),
        ({"op": "preregistration.check"}, "$"),
    ],
)
def test_evaluate_json_wants_text(text: Any, path: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        partner_rules.evaluate_json(text)
    assert caught.value.path == path
    assert caught.value.message


def test_engine_methods_raise_the_same_errors() -> None:
    with pytest.raises(InvalidInput) as caught:
        Engine().check_preregistration(partner={"id": "p", "frozn": True}, now=NOW)  # type: ignore[typeddict-unknown-key]
    assert caught.value.path == "$.partner.frozn"
    with pytest.raises(InvalidInput) as caught:
        Engine().send_invitation(partner={"id": "p"}, method="pigeon", now=NOW)  # type: ignore[arg-type]
    assert caught.value.path == "$.method"
