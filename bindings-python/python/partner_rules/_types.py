# Generated from core/schema/*.json by python3 tests/generate_types.py; do not edit.
"""Typed shapes of the JSON contract (docs/contract.md): every request, answer and fact.

They are ``TypedDict``s: at run time plain dicts, so ``Partner(id="p-1", frozen=True)`` is
``{"id": "p-1", "frozen": True}`` and any dict of the same shape is accepted. Timestamps are
RFC 3339 text in answers; in requests an aware ``datetime`` is accepted as well.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Literal, Optional, TypedDict, Union

TimestampInput = Union[str, datetime]
"""A timestamp a request may give: RFC 3339 text or an aware ``datetime``."""


AccountType = Literal["individual", "enterprise_master", "enterprise_member"]


Action = Literal["agree", "reject"]


Api = Literal["legacy", "v2"]


_AssignmentRequired = TypedDict("_AssignmentRequired", {"customer_id": str, "manager_id": str, "from": "TimestampInput"})


class Assignment(_AssignmentRequired, total=False):
    """A customer assigned to a manager over the half-open interval `[from, to)`."""
    #: When the customer was recalled (excluded); absent or null: still assigned.
    to: Optional["TimestampInput"]


class _AssociationCheckRequestRequired(TypedDict):
    op: Literal["association.check"]
    #: The instant of the request, RFC 3339 with an offset: this op needs it.
    now: "TimestampInput"
    #: The partner asking.
    partner: "Partner"
    #: The association model tried.
    model: "Model"


class AssociationCheckRequest(_AssociationCheckRequestRequired, total=False):
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]
    #: The customer.
    customer: "Customer"
    #: Absent or null: the invitation cannot be found.
    invitation: Optional["Invitation"]


class AssociationCheckResponse(TypedDict):
    """The answer to `association.check`."""
    #: Associable or failed.
    outcome: "AssociationOutcome"
    #: Every cause that holds, in catalog order. Only `customer_registered_by_another_partner` lapses by itself: its `available_from` is the other partner's pre-registration expiry.
    reasons: List["Reason"]
    #: The first cause, the one to show when there is room for one; null when associable.
    primary: Optional["CauseCode"]
    #: Whether the customer's account is frozen once associated: under the reseller model it stays frozen until the partner sets a budget and unfreezes it; under the referral model it is not frozen. Null when the association fails.
    frozen_after: Optional[bool]


class _AssociationModelsRequestRequired(TypedDict):
    op: Literal["association.models"]
    #: The instant of the request, RFC 3339 with an offset: this op needs it.
    now: "TimestampInput"
    #: The partner asking.
    partner: "Partner"


class AssociationModelsRequest(_AssociationModelsRequestRequired, total=False):
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]
    #: The customer.
    customer: "Customer"
    #: Absent or null: the invitation cannot be found.
    invitation: Optional["Invitation"]


class AssociationModelsResponse(TypedDict):
    """The answer to `association.models`."""
    #: The answer under the reseller model.
    reseller: "ModelAnswer"
    #: The answer under the referral model.
    referral: "ModelAnswer"
    #: An associable model: reseller when both are, null when neither is.
    recommended: Optional["Model"]


AssociationOutcome = Literal["associable", "failed"]


class _AssociationTypeSwitchRequestRequired(TypedDict):
    op: Literal["association_type.switch"]
    #: The instant of the request, RFC 3339 with an offset: this op needs it.
    now: "TimestampInput"
    #: The partner asking.
    partner: "Partner"
    #: The model to switch to.
    to: "Model"


class AssociationTypeSwitchRequest(_AssociationTypeSwitchRequestRequired, total=False):
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]
    #: The customer.
    customer: "Customer"
    #: The past disassociation requests and type switches of this partner and customer that count against the quota.
    history: List["HistoryEntry"]


class AssociationTypeSwitchResponse(TypedDict):
    """The answer to `association_type.switch`."""
    #: The preset the policy in force was built on.
    policy: "Preset"
    #: Allowed or blocked.
    outcome: "Verdict"
    #: Every reason, in the contract's order: `not_partner_admin`, `same_association_type`, the target model's own failure causes, `disassociation_quota_reached`.
    reasons: List["Reason"]
    #: An allowed switch takes effect only when the customer confirms it in their account center: `true` exactly when allowed.
    requires_customer_confirmation: bool


BillingMode = Literal["postpaid", "prepaid"]


class _BudgetSetRequestRequired(TypedDict):
    op: Literal["budget.set"]
    #: The instant of the request, RFC 3339 with an offset: this op needs it.
    now: "TimestampInput"
    #: The partner asking.
    partner: "Partner"
    #: The customer the budget is for.
    customer: "Customer"
    #: The budget, in minor units (hundredths): `100000` is 1,000.00.
    amount_minor: int


class BudgetSetRequest(_BudgetSetRequestRequired, total=False):
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]
    #: Monthly (the default), or a one-time package that never resets.
    budget_type: "BudgetType"
    #: Also lift the partner's freeze of the customer account.
    cancel_partner_frozen: bool


class BudgetSetResponse(TypedDict):
    """The answer to `budget.set`."""
    #: The preset the policy in force was built on.
    policy: "Preset"
    #: Allowed when there is no reason, blocked otherwise.
    outcome: "Verdict"
    #: Every reason that applies.
    reasons: List["Reason"]
    #: A monthly budget's next reset: local midnight on the first day of the next month, in the policy's offset. Null for a package, or when blocked.
    resets_at: Optional["Timestamp"]
    #: The alert thresholds in minor units, one per `budget_alert_percents` entry: the amount times the percent over 100, rounded down. Null when blocked.
    alerts_minor: Optional[List[int]]
    #: Whether setting the budget also unfreezes the account (asked for, and the account is frozen). Null when blocked.
    unfreezes: Optional[bool]


BudgetType = Literal["monthly", "package"]


class Calendar(TypedDict, total=False):
    """The JSON form of a calendar; in a policy override every field is optional and replaces the preset's value of that field only."""
    #: The UTC offset of local dates and of the instants answered, such as `+08:00`.
    utc_offset: Optional["UtcOffset"]
    #: Weekday names in lowercase English.
    weekend: Optional[List["Weekday"]]
    #: ISO dates (`2026-10-01`).
    holidays: Optional[List["IsoDate"]]
    #: ISO dates of make-up workdays.
    extra_workdays: Optional[List["IsoDate"]]


class Cause(TypedDict):
    """A catalog entry as `failure_cause.lookup` and `failure_cause.catalog` answer it."""
    number: int
    code: str
    message: "Text"
    platform_message: "PlatformMessage"
    suggested_operation: "Operation"


CauseCode = Literal["system_busy", "invitation_link_not_found", "invitation_link_expired", "invitation_code_used", "invitation_link_used", "prepaid_partner_reseller_model", "customer_registered_by_another_partner", "customer_is_or_applying_partner", "customer_associated_with_another_partner", "customer_special_contract", "customer_internal_account", "reseller_independent_accounting_master", "reseller_enterprise_member_account", "referral_restricted_by_agreement", "referral_restricted_by_country", "customer_has_consumption_record", "topup_balance_invoice_over_limit", "customer_registration_too_old", "customer_overdue_payment", "reseller_credit_bill_run_overdue"]


class Consumption(TypedDict):
    """One consumption record of a customer, in integer minor units (cents, fen). Negative amounts (refunds, corrections) are allowed and attributed like any other."""
    #: The customer.
    customer_id: str
    #: When the consumption happened.
    at: "TimestampInput"
    #: The amount in minor units.
    amount_minor: int


class Customer(TypedDict, total=False):
    """The customer (a prospect or an account)."""
    #: The customer's id.
    id: Optional[str]
    #: Registration country; compared case-insensitively with the partner's.
    registration_country: Optional[str]
    #: The site the customer registered on, if registered.
    registered_site: Optional["RegisteredSite"]
    #: When the customer registered.
    registered_at: Optional["TimestampInput"]
    #: The partner the customer is associated with, if any.
    associated_partner_id: Optional[str]
    #: The pre-registration currently recorded for the customer, if any.
    preregistration: Optional["PreregistrationFact"]
    #: The model of the current association.
    current_model: Optional["Model"]
    #: Individual, enterprise master or enterprise member.
    account_type: "AccountType"
    #: An enterprise master with independent-accounting member accounts.
    has_independent_accounting_members: bool
    #: Signed contracts with Huawei Cloud.
    has_huawei_contract: bool
    #: Has cash expenditure records.
    has_cash_expenditure: bool
    #: Followed up by the Huawei Cloud direct sales team.
    followed_up_by_direct_sales: bool
    #: Belongs to the Huawei Cloud online sales team.
    online_sales_team: bool
    #: A consumer cloud user.
    consumer_cloud_user: bool
    #: Associated with an enterprise master account in the unified accounting model.
    unified_accounting_member: bool
    #: Is a partner or is applying to become one.
    is_or_applying_partner: bool
    #: Has a special contract.
    special_contract: bool
    #: Is a Huawei internal account.
    internal_account: bool
    #: Has consumption records.
    has_consumption_record: bool
    #: Top-up account has a balance and the outstanding invoice amount is over the limit.
    topup_balance_invoice_over_limit: bool
    #: Registration time exceeds the association limit.
    registration_over_limit: bool
    #: Has overdue payment.
    overdue_payment: bool
    #: The credit account's bill run is created and it has overdue payment.
    credit_bill_run_overdue: bool
    #: The account was manually frozen.
    manually_frozen: bool
    #: Has valid reserved instances.
    valid_reserved_instances: bool
    #: Has an active support plan.
    support_plan_active: bool
    #: The account is in arrears.
    in_arrears: bool
    #: No currency is set on the account.
    no_currency_set: bool
    #: Has orders awaiting payment by the partner.
    orders_awaiting_partner_payment: bool
    #: How the partner froze the account, or null: not frozen by the partner. A reseller customer starts frozen as `account` when associated.
    frozen: Optional["FreezeType"]
    #: When the partner froze the account.
    frozen_at: Optional["TimestampInput"]


class _CustomerFreezeRequestRequired(TypedDict):
    op: Literal["customer.freeze"]
    #: The instant of the request, RFC 3339 with an offset: this op needs it.
    now: "TimestampInput"
    #: The partner asking.
    partner: "Partner"
    #: The customers to freeze, each with its `id`; answered one by one, in order.
    customers: List["Customer"]


class CustomerFreezeRequest(_CustomerFreezeRequestRequired, total=False):
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]
    #: The account alone (the default), or the account and its resources.
    freeze_type: "FreezeType"
    #: Why the partner freezes them: required, at most `freeze_reason_max_chars` characters.
    reason: Optional[str]
    #: A verification code was verified for this operation.
    verification_code_verified: bool


class CustomerFreezeResponse(TypedDict):
    """The answer to `customer.freeze`."""
    #: The preset the policy in force was built on.
    policy: "Preset"
    #: One answer per item, in request order.
    results: List["FreezeResult"]


class _CustomerUnfreezeRequestRequired(TypedDict):
    op: Literal["customer.unfreeze"]
    #: The instant of the request, RFC 3339 with an offset: this op needs it.
    now: "TimestampInput"
    #: The partner asking.
    partner: "Partner"
    #: The customers to unfreeze, each with its `id`; answered one by one, in order.
    customers: List["Customer"]
    #: The type the accounts were frozen with: the account alone, or with its resources.
    unfreeze_type: "FreezeType"


class CustomerUnfreezeRequest(_CustomerUnfreezeRequestRequired, total=False):
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]
    #: A verification code was verified for this operation.
    verification_code_verified: bool


class CustomerUnfreezeResponse(TypedDict):
    """The answer to `customer.unfreeze`."""
    #: The preset the policy in force was built on.
    policy: "Preset"
    #: One answer per item, in request order.
    results: List["ItemResult"]


DatedPolicy = TypedDict("DatedPolicy", {"from": "Timestamp", "policy": "Policy"})
"""One entry of a dated timeline: the policy in force from an instant on."""


class DatedTimeline(TypedDict):
    """The policies in force over time, each in full."""
    timeline: List["DatedPolicy"]


class _DisassociationCheckRequestRequired(TypedDict):
    op: Literal["disassociation.check"]
    #: The instant of the request, RFC 3339 with an offset: this op needs it.
    now: "TimestampInput"
    #: Who asks to disassociate.
    initiator: "Initiator"
    #: The partner asking.
    partner: "Partner"


class DisassociationCheckRequest(_DisassociationCheckRequestRequired, total=False):
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]
    #: The customer.
    customer: "Customer"
    #: A verification code was verified for this operation.
    verification_code_verified: bool
    #: The past disassociation requests and type switches of this partner and customer that count against the quota.
    history: List["HistoryEntry"]


class DisassociationCheckResponse(TypedDict):
    """The answer to `disassociation.check`."""
    #: The preset the policy in force was built on.
    policy: "Preset"
    #: Allowed when there is no reason, blocked otherwise.
    outcome: "Verdict"
    #: Every reason that applies.
    reasons: List["Reason"]


class DisassociationRequest(TypedDict):
    """The customer's request being answered, as the host stores it."""
    #: Its status as the host stores it.
    status: "RequestStatus"


class _DisassociationRespondRequestRequired(TypedDict):
    op: Literal["disassociation.respond"]
    #: The partner asking.
    partner: "Partner"
    #: The customer's request being answered.
    request: "DisassociationRequest"
    #: The partner's answer.
    action: "Action"


class DisassociationRespondRequest(_DisassociationRespondRequestRequired, total=False):
    #: The instant of the request, RFC 3339 with an offset.
    now: Optional["TimestampInput"]
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]
    #: A verification code was verified for this operation.
    verification_code_verified: bool


class DisassociationRespondResponse(TypedDict):
    """The answer to `disassociation.respond`."""
    #: Allowed or blocked.
    outcome: "Verdict"
    #: Every reason, in the contract's order.
    reasons: List["Reason"]
    #: The status the host should store when allowed (`agreed` or `rejected`); null when blocked.
    request_status: Optional["RequestStatus"]


class _ErrorCodeLookupRequestRequired(TypedDict):
    op: Literal["error_code.lookup"]
    #: A platform error code, such as `CBC.0100`.
    code: str


class ErrorCodeLookupRequest(_ErrorCodeLookupRequestRequired, total=False):
    #: The instant of the request, RFC 3339 with an offset.
    now: Optional["TimestampInput"]
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]


class ErrorCodeLookupResponse(TypedDict):
    """The answer to `error_code.lookup`."""
    #: The platform error, or null for an unknown code.
    error: Optional["PlatformError"]


class ErrorInfo(TypedDict):
    """Bad input is never a decision: the error every binding raises, with a stable code, the JSON path of the offending value and a message saying what was expected."""
    code: Literal["invalid_input", "unknown_op"]
    path: str
    message: str


class _ExportMaskRequestRequired(TypedDict):
    op: Literal["export.mask"]
    #: The records to export: objects of any fields.
    records: List["Record"]


class ExportMaskRequest(_ExportMaskRequestRequired, total=False):
    #: The instant of the request, RFC 3339 with an offset.
    now: Optional["TimestampInput"]
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]
    #: Which fields hold names, mobile numbers and emails; absent: `name`, `mobile`, `email`.
    fields: Optional["MaskedFields"]


class ExportMaskResponse(TypedDict):
    """The answer to `export.mask`."""
    #: The preset the policy in force was built on.
    policy: "Preset"
    #: The records in order, their listed fields masked.
    records: List["Record"]


class _FailureCauseCatalogRequestRequired(TypedDict):
    op: Literal["failure_cause.catalog"]


class FailureCauseCatalogRequest(_FailureCauseCatalogRequestRequired, total=False):
    #: The instant of the request, RFC 3339 with an offset.
    now: Optional["TimestampInput"]
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]


class FailureCauseCatalogResponse(TypedDict):
    """The answer to `failure_cause.catalog`."""
    #: All twenty causes, in catalog order.
    causes: List["Cause"]


class _FailureCauseLookupRequestRequired(TypedDict):
    op: Literal["failure_cause.lookup"]


class FailureCauseLookupRequest(_FailureCauseLookupRequestRequired, total=False):
    #: The instant of the request, RFC 3339 with an offset.
    now: Optional["TimestampInput"]
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]
    #: A cause code, such as `invitation_link_expired`.
    code: Optional[str]
    #: The message a person was shown, in English or Chinese.
    message: Optional[str]


class FailureCauseLookupResponse(TypedDict):
    """The answer to `failure_cause.lookup`."""
    #: The cause found, or null when nothing matches.
    cause: Optional["Cause"]


class FreezeResult(TypedDict):
    """The answer for one customer of a freeze: `{id, outcome, reasons, release_at}` on the wire."""
    #: The customer's id.
    id: str
    #: Allowed when there is no reason, blocked otherwise.
    outcome: "Verdict"
    #: Every reason that applies: the request's, then the customer's.
    reasons: List["Reason"]
    #: For an allowed freeze of the account and its resources: when the resources are released and their data deleted unless the account is unfrozen first. Null otherwise.
    release_at: Optional["Timestamp"]


FreezeType = Literal["account", "account_and_resource"]


class _FundsCustomerRequired(TypedDict):
    #: The customer.
    id: str
    #: Its available quota, in minor units.
    available_quota_minor: int


class FundsCustomer(_FundsCustomerRequired, total=False):
    """A customer selected for recovery."""
    #: The amount to recover, in minor units; absent: only whether the customer may be selected.
    amount_minor: Optional[int]


class _FundsRecoverRequestRequired(TypedDict):
    op: Literal["funds.recover"]
    #: The customers selected for recovery, each with the amount to recover.
    customers: List["FundsCustomer"]


class FundsRecoverRequest(_FundsRecoverRequestRequired, total=False):
    #: The instant of the request, RFC 3339 with an offset.
    now: Optional["TimestampInput"]
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]
    #: The partner asking; absent: the verification-code rule does not apply.
    partner: Optional["Partner"]
    #: A verification code was verified for this operation.
    verification_code_verified: bool


class FundsRecoverResponse(TypedDict):
    """The answer to `funds.recover`."""
    #: One answer per item, in request order.
    results: List["ItemResult"]


class HistoryEntry(TypedDict):
    """A past request that counts against a quota."""
    #: Disassociation or type switch.
    kind: "HistoryKind"
    #: Who made the request.
    initiator: "Initiator"
    #: When it was made.
    at: "TimestampInput"


HistoryKind = Literal["disassociation", "type_switch"]


Initiator = Literal["partner", "customer"]


class Invitation(TypedDict, total=False):
    """The invitation the customer accepted."""
    #: Email, link or QR code.
    method: Optional["InvitationMethod"]
    #: When it expires; absent or null: never.
    expires_at: Optional["TimestampInput"]
    #: The invitation code was already used.
    code_used: bool
    #: The invitation link was already used.
    link_used: bool


class _InvitationAcceptRequestRequired(TypedDict):
    op: Literal["invitation.accept"]
    #: The id of the invitation accepted (one of `items`, pending).
    accepted_id: str
    #: The member's invitations, the accepted one among them.
    items: List["InvitationStatusItem"]


class InvitationAcceptRequest(_InvitationAcceptRequestRequired, total=False):
    #: The instant of the request, RFC 3339 with an offset.
    now: Optional["TimestampInput"]
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]


class InvitationAcceptResponse(TypedDict):
    """The answer to `invitation.accept`."""
    #: The other invitations still pending, which acceptance makes invalid, in the order given.
    invalidated: List[str]


class _InvitationItemRequired(TypedDict):
    #: The invitation.
    id: str
    #: Its status as the host stores it.
    status: "InvitationStatus"


class InvitationItem(_InvitationItemRequired, total=False):
    expires_at: Optional["TimestampInput"]


InvitationMethod = Literal["email", "link", "qr_code"]


class _InvitationResendRequestRequired(TypedDict):
    op: Literal["invitation.resend"]
    #: The invitations to resend.
    items: List["InvitationItem"]


class InvitationResendRequest(_InvitationResendRequestRequired, total=False):
    #: The instant of the request, RFC 3339 with an offset.
    now: Optional["TimestampInput"]
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]


class InvitationResendResponse(TypedDict):
    """The answer to `invitation.resend`."""
    #: One answer per item, in request order.
    results: List["ItemResult"]


class _InvitationSendRequestRequired(TypedDict):
    op: Literal["invitation.send"]
    #: The instant of the request, RFC 3339 with an offset: this op needs it.
    now: "TimestampInput"
    #: The partner asking.
    partner: "Partner"
    #: How the invitation reaches the customer.
    method: "InvitationMethod"


class InvitationSendRequest(_InvitationSendRequestRequired, total=False):
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]
    #: The customer.
    customer: "Customer"
    #: The account name of whoever generates a link or QR code: its custom tag.
    operator_account_name: Optional[str]


class InvitationSendResponse(TypedDict):
    """The answer to `invitation.send`."""
    #: The preset the policy in force was built on.
    policy: "Preset"
    #: Allowed or blocked.
    outcome: "Verdict"
    #: Every reason, in the contract's order.
    reasons: List["Reason"]
    #: When the invitation would expire (email: the policy's email validity; link and QR code: the policy's link validity, by default never, so null). Null when blocked.
    expires_at: Optional["Timestamp"]
    #: For a generic link or QR code: the account name of the administrator or operator who generated it, carried as the invitation's custom tag.
    custom_tag: Optional[str]


InvitationStatus = Literal["pending", "accepted", "expired", "failed", "invalidated"]


class InvitationStatusItem(TypedDict):
    #: The invitation.
    id: str
    #: Its status as the host stores it.
    status: "InvitationStatus"


IsoDate = str
"""A date written YYYY-MM-DD, such as `2026-10-01`."""


class ItemResult(TypedDict):
    """The answer for one item of a batch (deleting pre-registrations, resending invitations, recovering funds, unfreezing): `{id, outcome, reasons}` on the wire."""
    #: The item's id, as given.
    id: str
    #: Allowed when there is no reason, blocked otherwise.
    outcome: "Verdict"
    #: Every reason that applies to the item.
    reasons: List["Reason"]


class _ManagerAttributionRequestRequired(TypedDict):
    op: Literal["manager.attribution"]


class ManagerAttributionRequest(_ManagerAttributionRequestRequired, total=False):
    #: The instant of the request, RFC 3339 with an offset.
    now: Optional["TimestampInput"]
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]
    #: Customers assigned to managers over time.
    assignments: List["Assignment"]
    #: Consumption records to attribute.
    consumption: List["Consumption"]


class ManagerAttributionResponse(TypedDict):
    """The answer to `manager.attribution`."""
    #: Per manager, sorted by manager id.
    by_manager: List["ManagerTotal"]
    #: The sum of the records no assignment holds.
    unattributed_minor: int
    #: The sum of all records.
    total_minor: int


class ManagerTotal(TypedDict):
    """One manager's attributed total."""
    #: The manager.
    manager_id: str
    #: The sum of the records attributed to this manager, in minor units.
    amount_minor: int


class MaskedFields(TypedDict, total=False):
    """Which top-level record fields hold names, mobile numbers and emails. A kind left out keeps its default list (`name`, `mobile`, `email`); an empty list masks no field of that kind."""
    #: Fields masked as names.
    name: List[str]
    #: Fields masked as mobile numbers.
    mobile: List[str]
    #: Fields masked as emails.
    email: List[str]


Model = Literal["reseller", "referral"]


class ModelAnswer(TypedDict):
    """One model's answer within `association.models`: the association check's answer without `primary` (the model's first reason)."""
    #: Associable or failed.
    outcome: "AssociationOutcome"
    #: Every cause that holds under this model, in catalog order.
    reasons: List["Reason"]
    #: Whether the account is frozen once associated under this model; null when it fails.
    frozen_after: Optional[bool]


OnePolicy = Union["Preset", "PolicyOverrides"]
"""A preset name, or a policy object: a preset and the fields to override."""


class Operation(TypedDict):
    """What the partner (or the customer) can do about a reason, in English and Chinese."""
    #: The operation's stable code.
    code: Literal["contact_customer_service", "resend_invitation", "not_associable", "not_associable_reseller", "associate_by_reseller", "submit_service_ticket", "repay_overdue_then_service_ticket", "repay_all_overdue_then_service_ticket", "add_reserved_contact", "delete_preregistrations", "send_invitation", "submit_manual_review", "contact_ecosystem_manager", "preregister_customer", "ask_partner_administrator", "verify_code", "remove_independent_accounting_members", "unfreeze_account", "release_reserved_instances", "cancel_support_plan", "repay_arrears", "set_currency", "settle_pending_orders", "enter_positive_recovery_amount", "reduce_recovery_amount", "invalidate_payment_agreement", "select_fewer_customers", "enter_freeze_reason", "shorten_freeze_reason", "freeze_account_only", "unfreeze_account_only", "unfreeze_with_freeze_type", "enter_budget_in_range", "ask_distributor_budget_quota"]
    #: What to do, in English.
    en: str
    #: What to do, in Simplified Chinese.
    zh: str


class _PartnerRequired(TypedDict):
    #: The partner's id (required).
    id: str


class Partner(_PartnerRequired, total=False):
    """The partner asking."""
    #: Registration country, e.g. an ISO 3166 code; compared case-insensitively.
    registration_country: Optional[str]
    #: Prepaid or postpaid.
    billing_mode: "BillingMode"
    #: A mobile number or email is reserved in the partner center.
    has_reserved_contact: bool
    #: Customers pending review or validly pre-registered by this partner.
    active_preregistrations: int
    #: The person acting is the partner administrator.
    is_admin: bool
    #: The partner holds the customer development permission.
    has_customer_development_permission: bool
    #: The partner is frozen.
    frozen: bool
    #: The partner enabled verification codes for sensitive operations.
    verification_code_enabled: bool
    #: The partner's agreement with Huawei restricts referral associations.
    referral_restricted_by_agreement: bool
    #: The partner's registration country restricts referral associations.
    referral_restricted_by_country: bool
    #: Direct partner, distributor, or a reseller under a distributor.
    tier: "PartnerTier"
    #: A reseller's distributor authorized it to freeze customers' resources.
    resource_freeze_authorized: bool
    #: The budget quota, in minor units, a distributor granted this reseller; null: no limit.
    budget_quota_minor: Optional[int]


PartnerTier = Literal["direct", "distributor", "reseller"]


class PlatformError(TypedDict):
    """One platform error code."""
    #: The code as the platform writes it (`CBC.0100`).
    code: str
    #: The HTTP status the platform answers with. Some business errors come with 200.
    http_status: int
    #: What it means, in English and Chinese.
    message: "Text"


class PlatformMessage(TypedDict):
    en: str
    zh: Optional[str]


class Policy(TypedDict):
    """A validated policy. Build it from a [`Preset`], from JSON ([`Policy::from_json`]), or from [`PolicyOverrides`]; read it through the getters. Serializing gives the full JSON form, which reads back as the same policy."""
    preset: "Preset"
    preregistration_validity_days: int
    max_active_preregistrations: int
    registered_review_after_days: int
    review_working_days: int
    email_invitation_validity_days: int
    disassociation_window_months: int
    disassociation_max_per_side: int
    verification_code_default_minutes: int
    verification_code_legacy_max_minutes: int
    verification_code_legacy_over_max_minutes: int
    verification_code_v2_max_minutes: int
    mobile_max_chars: int
    mask_mobile_keep_leading: int
    mask_mobile_keep_trailing: int
    max_customers_per_freeze: int
    freeze_reason_max_chars: int
    resource_release_days: int
    max_active_remitter_names: int
    link_invitation_validity_days: Optional[int]
    switch_shares_disassociation_quota: bool
    budget_max_minor: int
    budget_alert_percents: List[int]
    calendar: "Calendar"


PolicyInput = Union["OnePolicy", "Timeline"]
"""A preset name, a policy object, or a timeline of them."""


class PolicyOverrides(TypedDict, total=False):
    """The JSON form of a policy: a preset name and any fields to override. Absent fields keep the preset's value."""
    #: The preset the overrides apply to; absent means `intl-2024`.
    preset: Optional["Preset"]
    #: Days a pre-registration stays valid (from approval, for a reviewed one).
    preregistration_validity_days: Optional[int]
    #: Most customers a partner may hold pending review or pre-registered at once.
    max_active_preregistrations: Optional[int]
    #: Days after registration from which a followed-up registered customer may be reviewed.
    registered_review_after_days: Optional[int]
    #: Working days within which a manual review is answered.
    review_working_days: Optional[int]
    #: Days an email invitation link stays valid.
    email_invitation_validity_days: Optional[int]
    #: Length of the disassociation window in calendar months.
    disassociation_window_months: Optional[int]
    #: Requests each side may make per window.
    disassociation_max_per_side: Optional[int]
    #: Verification code timeout when none is given (both APIs).
    verification_code_default_minutes: Optional[int]
    #: Largest timeout the legacy API takes as given.
    verification_code_legacy_max_minutes: Optional[int]
    #: What the legacy API uses instead of a timeout above its maximum.
    verification_code_legacy_over_max_minutes: Optional[int]
    #: Largest timeout the v2 API accepts.
    verification_code_v2_max_minutes: Optional[int]
    #: Longest mobile number (in characters) the send-code API accepts.
    mobile_max_chars: Optional[int]
    #: Leading digits of a mobile number kept by export masking.
    mask_mobile_keep_leading: Optional[int]
    #: Trailing digits of a mobile number kept by export masking.
    mask_mobile_keep_trailing: Optional[int]
    #: Most customers in one freeze or unfreeze request.
    max_customers_per_freeze: Optional[int]
    #: Longest reason for freezing, in characters (not bytes).
    freeze_reason_max_chars: Optional[int]
    #: Days after an account-and-resource freeze at which the resources are released (their data deleted) unless unfrozen first.
    resource_release_days: Optional[int]
    #: Most remitter names in effect at once.
    max_active_remitter_names: Optional[int]
    #: Link and QR-code invitation validity in days; `null` means they never expire.
    link_invitation_validity_days: Optional[int]
    #: Whether association type switches count against the disassociation quota.
    switch_shares_disassociation_quota: Optional[bool]
    #: The largest budget, in minor units.
    budget_max_minor: Optional[int]
    #: Budget alert thresholds in percent of the budget, each from 1 to 100, increasing.
    budget_alert_percents: Optional[List[int]]
    #: Calendar fields to replace.
    calendar: Optional["Calendar"]


PolicyTimeline = Union["Policy", "DatedTimeline"]
"""The policy an engine evaluates under, in full: one policy, or a timeline of them."""


class _PreregistrationApproveRequestRequired(TypedDict):
    op: Literal["preregistration.approve"]
    #: The instant of the request, RFC 3339 with an offset: this op needs it.
    now: "TimestampInput"


class PreregistrationApproveRequest(_PreregistrationApproveRequestRequired, total=False):
    """The review approved the pre-registration at `now`."""
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]


class PreregistrationApproveResponse(TypedDict):
    """The answer to `preregistration.approve`."""
    #: The preset the policy in force was built on.
    policy: "Preset"
    #: When the pre-registration approved at `now` expires.
    expires_at: "Timestamp"


class _PreregistrationCheckRequestRequired(TypedDict):
    op: Literal["preregistration.check"]
    #: The instant of the request, RFC 3339 with an offset: this op needs it.
    now: "TimestampInput"
    #: The partner asking.
    partner: "Partner"


class PreregistrationCheckRequest(_PreregistrationCheckRequestRequired, total=False):
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]
    #: The customer.
    customer: "Customer"


class PreregistrationCheckResponse(TypedDict):
    """The answer to `preregistration.check`."""
    #: The preset the policy in force was built on.
    policy: "Preset"
    #: Allowed, manual review or blocked.
    outcome: "PreregistrationOutcome"
    #: Blocking reasons first, then review reasons.
    reasons: List["Reason"]
    #: On `allowed`: when the pre-registration would expire.
    expires_at: Optional["Timestamp"]
    #: On `manual_review`: when the review is due.
    review_due_by: Optional["Timestamp"]


class _PreregistrationDeleteRequestRequired(TypedDict):
    op: Literal["preregistration.delete"]
    #: The pre-registrations to delete.
    items: List["PreregistrationItem"]


class PreregistrationDeleteRequest(_PreregistrationDeleteRequestRequired, total=False):
    #: The instant of the request, RFC 3339 with an offset.
    now: Optional["TimestampInput"]
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]


class PreregistrationDeleteResponse(TypedDict):
    """The answer to `preregistration.delete`."""
    #: One answer per item, in request order.
    results: List["ItemResult"]


class PreregistrationFact(TypedDict):
    """A pre-registration of a customer held by some partner."""
    #: The partner holding it.
    partner_id: str
    #: When it stops reserving the customer.
    expires_at: "TimestampInput"


class PreregistrationItem(TypedDict):
    #: The pre-registration.
    id: str
    #: Its status as the host stores it.
    status: "PreregistrationStatus"


PreregistrationOutcome = Literal["allowed", "manual_review", "blocked"]


class _PreregistrationReviewDueRequestRequired(TypedDict):
    op: Literal["preregistration.review_due"]
    #: When the manual review request was submitted.
    submitted_at: "TimestampInput"


class PreregistrationReviewDueRequest(_PreregistrationReviewDueRequestRequired, total=False):
    #: The instant of the request, RFC 3339 with an offset.
    now: Optional["TimestampInput"]
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]


class PreregistrationReviewDueResponse(TypedDict):
    """The answer to `preregistration.review_due`."""
    #: The preset the policy in force was built on.
    policy: "Preset"
    #: The end (local midnight) of the last working day of the review.
    due_by: "Timestamp"


PreregistrationStatus = Literal["pending_review", "preregistered", "expired", "rejected", "associated"]


Preset = Literal["intl-2024", "intl-2025", "cn"]


class Reason(TypedDict):
    """One reason behind a decision: a stable code, a message in English and Chinese, the operation it suggests, and when it stops applying by itself."""
    #: The stable code: a rule's, or an association failure cause's.
    code: Literal["partner_contact_missing", "preregistration_quota_reached", "customer_associated_with_partner", "customer_already_preregistered", "customer_preregistered_by_other_partner", "customer_has_huawei_contract", "customer_registered", "customer_cash_expenditure_not_followed_up", "customer_consumer_cloud_user", "customer_unified_accounting_member", "customer_registered_followed_up", "customer_cash_expenditure_followed_up", "registration_country_differs", "online_sales_team_customer", "preregistration_pending_review", "preregistration_associated", "no_customer_development_permission", "partner_frozen", "email_requires_preregistration", "invitation_not_expired", "not_partner_admin", "same_association_type", "verification_code_required", "disassociation_quota_reached", "independent_accounting_members", "account_manually_frozen", "valid_reserved_instances", "support_plan_active", "account_in_arrears", "no_currency_set", "orders_awaiting_partner_payment", "special_commerce_contract", "request_not_pending", "mobile_too_long", "mobile_not_chinese_mainland", "no_available_quota", "recovery_amount_not_positive", "recovery_amount_exceeds_quota", "remitter_name_limit_reached", "too_many_customers", "freeze_reason_required", "freeze_reason_too_long", "resource_freeze_not_authorized", "customer_not_resale", "customer_already_frozen", "partner_frozen_cannot_unfreeze_resources", "customer_not_frozen", "unfreeze_type_mismatch", "resources_released", "budget_amount_out_of_range", "budget_exceeds_distributor_quota", "system_busy", "invitation_link_not_found", "invitation_link_expired", "invitation_code_used", "invitation_link_used", "prepaid_partner_reseller_model", "customer_registered_by_another_partner", "customer_is_or_applying_partner", "customer_associated_with_another_partner", "customer_special_contract", "customer_internal_account", "reseller_independent_accounting_master", "reseller_enterprise_member_account", "referral_restricted_by_agreement", "referral_restricted_by_country", "customer_has_consumption_record", "topup_balance_invoice_over_limit", "customer_registration_too_old", "customer_overdue_payment", "reseller_credit_bill_run_overdue"]
    #: What the reason means, for a person.
    message: "Text"
    #: What to do about it, when something can be done.
    suggested_operation: Optional["Operation"]
    #: When the reason stops applying by itself (an expiry, a window), or null.
    available_from: Optional["Timestamp"]


Record = Dict[str, Any]
"""One record of an export: any object, its members kept in order."""


RegisteredSite = Literal["international", "chinese_mainland"]


RemitterAction = Literal["add", "update"]


class _RemitterCheckRequestRequired(TypedDict):
    op: Literal["remitter.check"]
    #: Remitter names in effect now.
    active_remitter_names: int
    #: Adding a remitter name, or updating one.
    action: "RemitterAction"


class RemitterCheckRequest(_RemitterCheckRequestRequired, total=False):
    #: The instant of the request, RFC 3339 with an offset.
    now: Optional["TimestampInput"]
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]


class RemitterCheckResponse(TypedDict):
    """The answer to `remitter.check`."""
    #: The preset the policy in force was built on.
    policy: "Preset"
    #: Allowed when there is no reason, blocked otherwise.
    outcome: "Verdict"
    #: Every reason that applies.
    reasons: List["Reason"]


RequestStatus = Literal["pending", "agreed", "rejected", "cancelled"]


class Text(TypedDict):
    """A text for a person, in English and Chinese."""
    #: English.
    en: str
    #: Simplified Chinese.
    zh: str


class Timeline(TypedDict):
    """The policies in force over time: the entry in force at an instant is the last whose `from` is at or before it."""
    timeline: List["TimelineEntry"]


TimelineEntry = TypedDict("TimelineEntry", {"from": "TimestampInput", "policy": "OnePolicy"})
"""One entry of a timeline as written."""


Timestamp = str
"""An RFC 3339 timestamp with a UTC offset, such as `2026-11-21T09:30:00+08:00`."""


UtcOffset = str
"""A UTC offset such as `+08:00` or `-05:30`."""


Verdict = Literal["allowed", "blocked"]


class _VerificationCodeCheckMobileRequestRequired(TypedDict):
    op: Literal["verification_code.check_mobile"]
    #: The mobile number a code would be sent to.
    mobile: str


class VerificationCodeCheckMobileRequest(_VerificationCodeCheckMobileRequestRequired, total=False):
    #: The instant of the request, RFC 3339 with an offset.
    now: Optional["TimestampInput"]
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]


class VerificationCodeCheckMobileResponse(TypedDict):
    """The answer to `verification_code.check_mobile`."""
    #: The preset the policy in force was built on.
    policy: "Preset"
    #: Allowed when there is no reason, blocked otherwise.
    outcome: "Verdict"
    #: Every reason that applies.
    reasons: List["Reason"]


class _VerificationCodeTimeoutRequestRequired(TypedDict):
    op: Literal["verification_code.timeout"]


class VerificationCodeTimeoutRequest(_VerificationCodeTimeoutRequestRequired, total=False):
    #: The instant of the request, RFC 3339 with an offset.
    now: Optional["TimestampInput"]
    #: The policy to evaluate under instead of the engine's: a preset name, a policy object, or a timeline.
    policy: Optional["PolicyInput"]
    #: The send-code API: `legacy` (lenient) or `v2` (strict).
    api: "Api"
    #: Minutes. Absent and `null` both mean the default for the legacy API; the v2 API takes only an absent field for it.
    timeout_minutes: Optional[int]


class VerificationCodeTimeoutResponse(TypedDict):
    """The answer to `verification_code.timeout`."""
    #: The preset the policy in force was built on.
    policy: "Preset"
    #: The timeout the platform applies, in minutes.
    effective_minutes: int


Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


__all__ = [
    "TimestampInput",
    "AccountType",
    "Action",
    "Api",
    "Assignment",
    "AssociationCheckRequest",
    "AssociationCheckResponse",
    "AssociationModelsRequest",
    "AssociationModelsResponse",
    "AssociationOutcome",
    "AssociationTypeSwitchRequest",
    "AssociationTypeSwitchResponse",
    "BillingMode",
    "BudgetSetRequest",
    "BudgetSetResponse",
    "BudgetType",
    "Calendar",
    "Cause",
    "CauseCode",
    "Consumption",
    "Customer",
    "CustomerFreezeRequest",
    "CustomerFreezeResponse",
    "CustomerUnfreezeRequest",
    "CustomerUnfreezeResponse",
    "DatedPolicy",
    "DatedTimeline",
    "DisassociationCheckRequest",
    "DisassociationCheckResponse",
    "DisassociationRequest",
    "DisassociationRespondRequest",
    "DisassociationRespondResponse",
    "ErrorCodeLookupRequest",
    "ErrorCodeLookupResponse",
    "ErrorInfo",
    "ExportMaskRequest",
    "ExportMaskResponse",
    "FailureCauseCatalogRequest",
    "FailureCauseCatalogResponse",
    "FailureCauseLookupRequest",
    "FailureCauseLookupResponse",
    "FreezeResult",
    "FreezeType",
    "FundsCustomer",
    "FundsRecoverRequest",
    "FundsRecoverResponse",
    "HistoryEntry",
    "HistoryKind",
    "Initiator",
    "Invitation",
    "InvitationAcceptRequest",
    "InvitationAcceptResponse",
    "InvitationItem",
    "InvitationMethod",
    "InvitationResendRequest",
    "InvitationResendResponse",
    "InvitationSendRequest",
    "InvitationSendResponse",
    "InvitationStatus",
    "InvitationStatusItem",
    "IsoDate",
    "ItemResult",
    "ManagerAttributionRequest",
    "ManagerAttributionResponse",
    "ManagerTotal",
    "MaskedFields",
    "Model",
    "ModelAnswer",
    "OnePolicy",
    "Operation",
    "Partner",
    "PartnerTier",
    "PlatformError",
    "PlatformMessage",
    "Policy",
    "PolicyInput",
    "PolicyOverrides",
    "PolicyTimeline",
    "PreregistrationApproveRequest",
    "PreregistrationApproveResponse",
    "PreregistrationCheckRequest",
    "PreregistrationCheckResponse",
    "PreregistrationDeleteRequest",
    "PreregistrationDeleteResponse",
    "PreregistrationFact",
    "PreregistrationItem",
    "PreregistrationOutcome",
    "PreregistrationReviewDueRequest",
    "PreregistrationReviewDueResponse",
    "PreregistrationStatus",
    "Preset",
    "Reason",
    "Record",
    "RegisteredSite",
    "RemitterAction",
    "RemitterCheckRequest",
    "RemitterCheckResponse",
    "RequestStatus",
    "Text",
    "Timeline",
    "TimelineEntry",
    "Timestamp",
    "UtcOffset",
    "Verdict",
    "VerificationCodeCheckMobileRequest",
    "VerificationCodeCheckMobileResponse",
    "VerificationCodeTimeoutRequest",
    "VerificationCodeTimeoutResponse",
    "Weekday",
    "OP_TYPES",
]


OP_TYPES: Dict[str, Any] = {
    "preregistration.check": (PreregistrationCheckRequest, PreregistrationCheckResponse),
    "preregistration.delete": (PreregistrationDeleteRequest, PreregistrationDeleteResponse),
    "preregistration.review_due": (PreregistrationReviewDueRequest, PreregistrationReviewDueResponse),
    "preregistration.approve": (PreregistrationApproveRequest, PreregistrationApproveResponse),
    "invitation.send": (InvitationSendRequest, InvitationSendResponse),
    "invitation.resend": (InvitationResendRequest, InvitationResendResponse),
    "invitation.accept": (InvitationAcceptRequest, InvitationAcceptResponse),
    "association.check": (AssociationCheckRequest, AssociationCheckResponse),
    "association.models": (AssociationModelsRequest, AssociationModelsResponse),
    "failure_cause.lookup": (FailureCauseLookupRequest, FailureCauseLookupResponse),
    "failure_cause.catalog": (FailureCauseCatalogRequest, FailureCauseCatalogResponse),
    "association_type.switch": (AssociationTypeSwitchRequest, AssociationTypeSwitchResponse),
    "disassociation.check": (DisassociationCheckRequest, DisassociationCheckResponse),
    "disassociation.respond": (DisassociationRespondRequest, DisassociationRespondResponse),
    "manager.attribution": (ManagerAttributionRequest, ManagerAttributionResponse),
    "export.mask": (ExportMaskRequest, ExportMaskResponse),
    "verification_code.timeout": (VerificationCodeTimeoutRequest, VerificationCodeTimeoutResponse),
    "verification_code.check_mobile": (VerificationCodeCheckMobileRequest, VerificationCodeCheckMobileResponse),
    "error_code.lookup": (ErrorCodeLookupRequest, ErrorCodeLookupResponse),
    "funds.recover": (FundsRecoverRequest, FundsRecoverResponse),
    "remitter.check": (RemitterCheckRequest, RemitterCheckResponse),
    "customer.freeze": (CustomerFreezeRequest, CustomerFreezeResponse),
    "customer.unfreeze": (CustomerUnfreezeRequest, CustomerUnfreezeResponse),
    "budget.set": (BudgetSetRequest, BudgetSetResponse),
}
"""Each op's request and answer types."""
