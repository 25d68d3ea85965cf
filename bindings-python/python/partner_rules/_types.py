"""Typed shapes of the requests and responses (SPEC section 12).

They are ``TypedDict``s: at run time plain dicts, so ``Partner(id="p-1", frozen=True)`` is
``{"id": "p-1", "frozen": True}`` and any dict of the same shape is accepted. Every field but
``Partner.id`` may be left out; booleans default to false. Timestamps are RFC 3339 text in
responses; in requests an aware ``datetime`` is accepted as well.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Literal, Optional, TypedDict, Union

Timestamp = Union[str, datetime]
"""An RFC 3339 string with a UTC offset, or an aware ``datetime``."""

# The named choices below are spelled as unions of one-value Literals, which mean the same to a
# type checker as `Literal["reseller", "referral"]`; at run time they are a `Union`, which is
# what `mypy.stubtest` checks a union alias against.
Model = Union[Literal["reseller"], Literal["referral"]]
"""An association model."""

Initiator = Union[Literal["partner"], Literal["customer"]]
"""Who started a disassociation or a type switch."""

# --- facts (request side) -------------------------------------------------------------------


class _PartnerId(TypedDict):
    id: str


class Partner(_PartnerId, total=False):
    """The partner asking; ``id`` is required."""

    registration_country: Optional[str]
    billing_mode: Literal["postpaid", "prepaid"]
    has_reserved_contact: bool
    active_preregistrations: int
    is_admin: bool
    has_customer_development_permission: bool
    frozen: bool
    verification_code_enabled: bool
    referral_restricted_by_agreement: bool
    referral_restricted_by_country: bool


class Preregistration(TypedDict):
    """A pre-registration some partner holds on the customer."""

    partner_id: str
    expires_at: Timestamp


class Customer(TypedDict, total=False):
    """The customer (a prospect or an account)."""

    id: Optional[str]
    registration_country: Optional[str]
    registered_site: Optional[Literal["international", "chinese_mainland"]]
    registered_at: Optional[Timestamp]
    associated_partner_id: Optional[str]
    preregistration: Optional[Preregistration]
    current_model: Optional[Model]
    account_type: Literal["individual", "enterprise_master", "enterprise_member"]
    has_independent_accounting_members: bool
    has_huawei_contract: bool
    has_cash_expenditure: bool
    followed_up_by_direct_sales: bool
    online_sales_team: bool
    consumer_cloud_user: bool
    unified_accounting_member: bool
    is_or_applying_partner: bool
    special_contract: bool
    internal_account: bool
    has_consumption_record: bool
    topup_balance_invoice_over_limit: bool
    registration_over_limit: bool
    overdue_payment: bool
    credit_bill_run_overdue: bool
    manually_frozen: bool
    valid_reserved_instances: bool
    support_plan_active: bool
    in_arrears: bool
    no_currency_set: bool
    orders_awaiting_partner_payment: bool


InvitationMethod = Union[Literal["email"], Literal["link"], Literal["qr_code"]]

PreregistrationStatus = Union[
    Literal["pending_review"],
    Literal["preregistered"],
    Literal["expired"],
    Literal["rejected"],
    Literal["associated"],
]


class PreregistrationItem(TypedDict):
    """A pre-registration to delete."""

    id: str
    status: PreregistrationStatus


InvitationStatus = Union[
    Literal["pending"], Literal["accepted"], Literal["expired"], Literal["failed"]
]


class InvitationStatusItem(TypedDict):
    """One of a customer's invitations and its status."""

    id: str
    status: InvitationStatus


class InvitationItem(InvitationStatusItem, total=False):
    """An invitation to resend; ``expires_at`` matters only to a pending one."""

    expires_at: Optional[Timestamp]


class Invitation(TypedDict, total=False):
    """The invitation a customer accepted; no ``expires_at``: it never expires."""

    method: Optional[InvitationMethod]
    expires_at: Optional[Timestamp]
    code_used: bool
    link_used: bool


class HistoryEntry(TypedDict):
    """A past disassociation or type switch, which counts against a quota."""

    kind: Union[Literal["disassociation"], Literal["type_switch"]]
    initiator: Initiator
    at: Timestamp


# `from` is a Python keyword, so these fields are declared the functional way.
_AssignmentSpan = TypedDict(
    "_AssignmentSpan", {"customer_id": str, "manager_id": str, "from": Timestamp}
)


class Assignment(_AssignmentSpan, total=False):
    """A customer in a manager's charge from ``from`` (included) to ``to`` (excluded; absent or
    None: still assigned)."""

    to: Optional[Timestamp]


class Consumption(TypedDict):
    """An amount a customer spent, in minor units (cents)."""

    customer_id: str
    at: Timestamp
    amount_minor: int


class DisassociationRequest(TypedDict):
    """The customer's disassociation request being answered."""

    status: Union[Literal["pending"], Literal["agreed"], Literal["rejected"], Literal["cancelled"]]


class FundsCustomer(TypedDict):
    """A customer whose funds a partner wants to recover."""

    id: str
    available_quota_minor: int


class MaskedFields(TypedDict, total=False):
    """Which record fields hold names, mobile numbers and email addresses."""

    name: List[str]
    mobile: List[str]
    email: List[str]


# --- answers (response side) ----------------------------------------------------------------


class LocalizedText(TypedDict):
    en: str
    zh: str


class SuggestedOperation(TypedDict):
    """What the partner can do about a reason: a stable code and its text."""

    code: str
    en: str
    zh: str


class Reason(TypedDict):
    """One reason, with its stable ``code``; ``available_from`` is when it lapses by itself."""

    code: str
    message: LocalizedText
    suggested_operation: Optional[SuggestedOperation]
    available_from: Optional[str]


Verdict = Union[Literal["allowed"], Literal["blocked"]]


class PreregistrationDecision(TypedDict):
    """The answer of ``preregistration.check``."""

    policy: str
    outcome: Literal["allowed", "manual_review", "blocked"]
    reasons: List[Reason]
    expires_at: Optional[str]
    review_due_by: Optional[str]


class ReviewDue(TypedDict):
    """The answer of ``preregistration.review_due``."""

    policy: str
    due_by: str


class Approved(TypedDict):
    """The answer of ``preregistration.approve``."""

    policy: str
    expires_at: str


class Invalidated(TypedDict):
    """The answer of ``invitation.accept``: the ids of the invitations that lapse."""

    invalidated: List[str]


class InvitationDecision(TypedDict):
    """The answer of ``invitation.send``; ``custom_tag`` names who generated a link or QR code."""

    policy: str
    outcome: Verdict
    reasons: List[Reason]
    expires_at: Optional[str]
    custom_tag: Optional[str]


class AssociationDecision(TypedDict):
    """The answer of ``association.check``: every failure cause from the catalog that holds,
    the first of them as ``primary``, and whether the customer is frozen after association
    (None when it fails)."""

    outcome: Union[Literal["associable"], Literal["failed"]]
    reasons: List[Reason]
    primary: Optional[str]
    frozen_after: Optional[bool]


class ModelAnswer(TypedDict):
    outcome: Union[Literal["associable"], Literal["failed"]]
    reasons: List[Reason]


class AssociationModels(TypedDict):
    """The answer of ``association.models``: both models, and the one recommended (if any)."""

    reseller: ModelAnswer
    referral: ModelAnswer
    recommended: Optional[Model]


class PlatformMessage(TypedDict):
    en: str
    zh: Optional[str]


class Cause(TypedDict):
    """An association failure cause of the catalog."""

    number: int
    code: str
    message: LocalizedText
    platform_message: PlatformMessage
    suggested_operation: Optional[SuggestedOperation]


class CauseLookup(TypedDict):
    """The answer of ``failure_cause.lookup``."""

    cause: Optional[Cause]


class CauseCatalog(TypedDict):
    """The answer of ``failure_cause.catalog``: all causes, in order."""

    causes: List[Cause]


class SwitchDecision(TypedDict):
    """The answer of ``association_type.switch``."""

    policy: str
    outcome: Verdict
    reasons: List[Reason]
    requires_customer_confirmation: bool


class PolicyDecision(TypedDict):
    """An allowed/blocked answer under a policy (``disassociation.check``,
    ``verification_code.check_mobile``)."""

    policy: str
    outcome: Verdict
    reasons: List[Reason]


class DisassociationAnswer(TypedDict):
    """The answer of ``disassociation.respond``: the status the request moves to, if allowed."""

    outcome: Verdict
    reasons: List[Reason]
    request_status: Optional[Union[Literal["agreed"], Literal["rejected"]]]


class ManagerAmount(TypedDict):
    manager_id: str
    amount_minor: int


class Attribution(TypedDict):
    """The answer of ``manager.attribution``, managers sorted by id."""

    by_manager: List[ManagerAmount]
    unattributed_minor: int
    total_minor: int


class MaskedRecords(TypedDict):
    """The answer of ``export.mask``."""

    policy: str
    records: List[Dict[str, Any]]


class EffectiveTimeout(TypedDict):
    """The answer of ``verification_code.timeout``."""

    policy: str
    effective_minutes: int


class PlatformError(TypedDict):
    code: str
    http_status: int
    message: LocalizedText


class ErrorCodeLookup(TypedDict):
    """The answer of ``error_code.lookup``."""

    error: Optional[PlatformError]


class ItemResult(TypedDict):
    """The answer for one item of a batch op."""

    id: str
    outcome: Verdict
    reasons: List[Reason]


class ItemResults(TypedDict):
    """The answer of the batch ops (``preregistration.delete``, ``invitation.resend``,
    ``funds.recover``)."""

    results: List[ItemResult]
