"""The typed API: Engine construction and policies, the typed methods, datetimes, and the
TypedDicts against what the core really accepts and answers."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from typing import Any, Dict, List

import pytest

import partner_rules
from partner_rules import (
    Customer,
    Engine,
    InvalidInput,
    InvitationItem,
    InvitationSendResponse,
    ItemResult,
    Operation,
    Partner,
    PreregistrationCheckResponse,
    PreregistrationDeleteResponse,
    PreregistrationFact,
    PreregistrationReviewDueResponse,
    Reason,
    Text,
)

NOW = "2026-11-21T10:00:00+08:00"
PARTNER: Partner = {"id": "p-1", "has_reserved_contact": True}


def test_the_public_surface() -> None:
    assert partner_rules.OPS[:2] == ("preregistration.check", "preregistration.delete")
    assert partner_rules.__version__
    assert set(partner_rules.__all__) <= set(dir(partner_rules))
    assert partner_rules._core.Engine.__module__ == "partner_rules._core"
    assert issubclass(Engine, partner_rules._core.Engine)


def test_check_preregistration_is_the_op_request() -> None:
    engine = Engine()
    customer: Customer = {"id": "c-1", "has_huawei_contract": True}
    typed = engine.check_preregistration(partner=PARTNER, customer=customer, now=NOW)
    generic = partner_rules.evaluate(
        {"op": "preregistration.check", "now": NOW, "partner": PARTNER, "customer": customer}
    )
    assert typed == generic
    assert typed["outcome"] == "blocked"
    assert [r["code"] for r in typed["reasons"]] == ["customer_has_huawei_contract"]
    assert typed["reasons"][0]["message"]["zh"]


def test_customer_may_be_left_out() -> None:
    decision = Engine().check_preregistration(partner=PARTNER, now=NOW)
    assert decision["outcome"] == "allowed"
    assert decision["expires_at"] == "2026-12-06T10:00:00+08:00"


def test_send_invitation_and_its_custom_tag() -> None:
    engine = Engine()
    decision = engine.send_invitation(
        partner={"id": "p-1", "is_admin": True},
        method="link",
        now=NOW,
        operator_account_name="ops-admin",
    )
    assert decision == partner_rules.evaluate(
        {
            "op": "invitation.send",
            "now": NOW,
            "partner": {"id": "p-1", "is_admin": True},
            "method": "link",
            "operator_account_name": "ops-admin",
        }
    )
    assert set(decision) == set(InvitationSendResponse.__required_keys__)


def test_batch_ops() -> None:
    engine = Engine()
    deleted = engine.delete_preregistrations(
        [{"id": "a", "status": "expired"}, {"id": "b", "status": "associated"}]
    )
    assert [r["outcome"] for r in deleted["results"]] == ["allowed", "blocked"]
    listed: List[InvitationItem] = [
        {"id": "i-1", "status": "expired"},
        {"id": "i-2", "status": "accepted"},
    ]
    resent = engine.resend_invitations(item for item in listed)  # any iterable works
    assert [r["id"] for r in resent["results"]] == ["i-1", "i-2"]
    assert resent["results"][1]["reasons"][0]["code"] == "invitation_not_expired"
    pending = engine.resend_invitations(
        [{"id": "i-3", "status": "pending", "expires_at": "2026-11-20T00:00:00Z"}], now=NOW
    )
    assert pending == partner_rules.evaluate(
        {
            "op": "invitation.resend",
            "now": NOW,
            "items": [{"id": "i-3", "status": "pending", "expires_at": "2026-11-20T00:00:00Z"}],
        }
    )


def test_review_due_follows_the_engine_policy() -> None:
    due = Engine("cn").preregistration_review_due(submitted_at="2026-11-20T18:00:00+08:00")
    assert due == {"policy": "cn", "due_by": "2026-11-25T00:00:00+08:00"}
    assert set(due) == set(PreregistrationReviewDueResponse.__required_keys__)


def test_presets_and_policy_objects() -> None:
    assert Engine().preset == "intl-2024"
    assert Engine(None).preset == "intl-2024"
    cn = Engine("cn")
    assert cn.preset == "cn"
    assert cn.policy["switch_shares_disassociation_quota"] is True
    assert Engine("intl-2025").policy["disassociation_max_per_side"] == 3
    custom = Engine({"preset": "cn", "preregistration_validity_days": 30})
    assert custom.preset == "cn"
    assert custom.policy["preregistration_validity_days"] == 30
    # The full policy reads back as the same policy.
    assert Engine(custom.policy).policy == custom.policy
    decision = custom.check_preregistration(partner=PARTNER, now=NOW)
    assert decision["policy"] == "cn"
    assert decision["expires_at"] == "2026-12-21T10:00:00+08:00"
    assert repr(cn) == "Engine('cn')"
    assert repr(custom) == "<Engine: a custom policy based on 'cn'>"


def test_a_request_policy_overrides_the_engine_policy() -> None:
    request = {
        "op": "preregistration.review_due",
        "submitted_at": "2026-11-20T18:00:00+08:00",
        "policy": "intl-2025",
    }
    assert Engine("cn").evaluate(request)["policy"] == "intl-2025"


def test_policy_holidays_may_be_dates() -> None:
    holiday = Engine({"calendar": {"holidays": [date(2026, 11, 23)]}})
    plain = Engine({"calendar": {"holidays": ["2026-11-23"]}})
    assert holiday.policy == plain.policy
    due = holiday.preregistration_review_due(submitted_at="2026-11-20T18:00:00+08:00")
    assert due["due_by"] == "2026-11-26T00:00:00+08:00"


@pytest.mark.parametrize(
    "policy, path",
    [
        ("intl", "$"),
        ({"preregistration_validity_days": 0}, "$.preregistration_validity_days"),
        ({"preregistration_validity_days": "15"}, "$.preregistration_validity_days"),
        ({"calendar": {"weekend": ["caturday"]}}, "$.calendar.weekend[0]"),
        ({"no_such_number": 1}, "$.no_such_number"),
        (15, "$"),
        ({"preset": {"cn"}}, "$.preset"),
    ],
)
def test_bad_policies_are_invalid_input_inside_the_policy(policy: Any, path: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Engine(policy)
    assert caught.value.path == path
    assert caught.value.message


def test_aware_datetimes_read_as_their_rfc3339_text() -> None:
    engine = Engine()
    plus8 = timezone(timedelta(hours=8))
    for now in [
        datetime(2026, 11, 21, 10, 0, tzinfo=plus8),
        datetime(2026, 11, 21, 2, 0, tzinfo=timezone.utc),
        datetime(2026, 11, 21, 10, 0, 0, 250000, tzinfo=plus8),
    ]:
        by_datetime = engine.check_preregistration(partner=PARTNER, now=now)
        by_text = engine.check_preregistration(partner=PARTNER, now=now.isoformat())
        assert by_datetime == by_text
    customer: Customer = {
        "preregistration": {
            "partner_id": "p-2",
            "expires_at": datetime(2026, 12, 1, tzinfo=timezone.utc),
        }
    }
    blocked = engine.check_preregistration(partner=PARTNER, customer=customer, now=NOW)
    assert blocked["outcome"] == "blocked"


def test_a_naive_datetime_is_invalid_input_where_it_stands() -> None:
    with pytest.raises(InvalidInput) as caught:
        Engine().check_preregistration(partner=PARTNER, now=datetime(2026, 11, 21, 10))
    assert caught.value.path == "$.now"
    assert "naive" in caught.value.message
    with pytest.raises(InvalidInput) as caught:
        Engine().check_preregistration(
            partner=PARTNER, customer={"registered_at": datetime(2026, 1, 1)}, now=NOW
        )
    assert caught.value.path == "$.customer.registered_at"


def test_missing_now_is_invalid_input() -> None:
    with pytest.raises(InvalidInput) as caught:
        Engine().evaluate({"op": "preregistration.check", "partner": PARTNER})
    assert caught.value.path == "$.now"


def core_fields(request: Dict[str, Any], path: str) -> List[str]:
    """The fields the core accepts at `path`, read from its unknown-field error, which lists
    them: the one place the Rust structs can be asked from Python."""
    with pytest.raises(InvalidInput) as caught:
        partner_rules.evaluate(request)
    assert caught.value.path == path
    expected = caught.value.message.split("expected", 1)[1]
    return re.findall(r"`([a-z_]+)`", expected)


def keys(typed_dict: Any) -> List[str]:
    return sorted(typed_dict.__required_keys__ | typed_dict.__optional_keys__)


def test_fact_typeddicts_name_exactly_the_core_fields() -> None:
    probe = "__probe__"
    base = {"op": "preregistration.check", "now": NOW}
    partner = core_fields({**base, "partner": {"id": "p", probe: 1}}, f"$.partner.{probe}")
    assert keys(Partner) == sorted(partner)
    assert Partner.__required_keys__ == {"id"}
    customer = core_fields(
        {**base, "partner": PARTNER, "customer": {probe: 1}}, f"$.customer.{probe}"
    )
    assert keys(Customer) == sorted(customer)
    prereg = core_fields(
        {**base, "partner": PARTNER, "customer": {"preregistration": {probe: 1}}},
        f"$.customer.preregistration.{probe}",
    )
    assert keys(PreregistrationFact) == sorted(prereg)
    resend = core_fields(
        {"op": "invitation.resend", "items": [{probe: 1}]}, f"$.items[0].{probe}"
    )
    assert keys(InvitationItem) == sorted(resend)
    delete = core_fields(
        {"op": "preregistration.delete", "items": [{probe: 1}]}, f"$.items[0].{probe}"
    )
    assert keys(partner_rules.PreregistrationItem) == sorted(delete)
    association = {"op": "association.check", "now": NOW, "partner": PARTNER, "model": "referral"}
    invitation = core_fields({**association, "invitation": {probe: 1}}, f"$.invitation.{probe}")
    assert keys(partner_rules.Invitation) == sorted(invitation)
    switch = {"op": "association_type.switch", "now": NOW, "partner": PARTNER, "to": "referral"}
    history = core_fields({**switch, "history": [{probe: 1}]}, f"$.history[0].{probe}")
    assert keys(partner_rules.HistoryEntry) == sorted(history)
    attribution: Dict[str, Any] = {"op": "manager.attribution"}
    assignment = core_fields(
        {**attribution, "assignments": [{probe: 1}]}, f"$.assignments[0].{probe}"
    )
    assert keys(partner_rules.Assignment) == sorted(assignment)
    consumption = core_fields(
        {**attribution, "consumption": [{probe: 1}]}, f"$.consumption[0].{probe}"
    )
    assert keys(partner_rules.Consumption) == sorted(consumption)
    funds = core_fields({"op": "funds.recover", "customers": [{probe: 1}]}, f"$.customers[0].{probe}")
    assert keys(partner_rules.FundsCustomer) == sorted(funds)
    respond = {"op": "disassociation.respond", "partner": PARTNER, "action": "agree"}
    answered = core_fields({**respond, "request": {probe: 1}}, f"$.request.{probe}")
    assert keys(partner_rules.DisassociationRequest) == sorted(answered)
    masked = core_fields({"op": "export.mask", "records": [], "fields": {probe: []}}, f"$.fields.{probe}")
    assert keys(partner_rules.MaskedFields) == sorted(masked)


def test_answer_typeddicts_name_exactly_the_answer_fields() -> None:
    decision = Engine().check_preregistration(
        partner={"id": "p-1"}, customer={"has_huawei_contract": True}, now=NOW
    )
    assert set(decision) == PreregistrationCheckResponse.__required_keys__
    reason = decision["reasons"][0]
    assert set(reason) == Reason.__required_keys__
    assert set(reason["message"]) == Text.__required_keys__
    operations = [
        r["suggested_operation"] for r in decision["reasons"] if r["suggested_operation"]
    ]
    assert operations, "a reason with a suggested operation"
    assert set(operations[0]) == Operation.__required_keys__
    results = Engine().delete_preregistrations([{"id": "a", "status": "associated"}])
    assert set(results) == PreregistrationDeleteResponse.__required_keys__
    assert set(results["results"][0]) == ItemResult.__required_keys__


def test_answers_are_plain_json_data_in_the_rust_field_order() -> None:
    decision = Engine().check_preregistration(partner=PARTNER, customer={"id": "c-1"}, now=NOW)
    assert type(decision) is dict
    text = partner_rules.evaluate_json(
        json.dumps(
            {"op": "preregistration.check", "now": NOW, "partner": PARTNER, "customer": {"id": "c-1"}}
        )
    )
    assert json.dumps(decision, ensure_ascii=False, separators=(",", ":")) == text
