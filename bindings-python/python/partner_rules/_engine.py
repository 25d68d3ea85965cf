"""The typed ``Engine``: one method per op, each a thin wrapper that builds the op's request
dict from its keyword arguments (named as the request fields, docs/contract.md, "Requests") and sends it
through the same ``evaluate`` as everything else. Arguments left as ``None`` are left out of
the request, so the core's defaults apply."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Dict, Iterable, Mapping, Optional, cast

from . import _core
from ._table import TableMethods
from ._types import (
    Action,
    Api,
    Assignment,
    AssociationCheckResponse,
    AssociationModelsResponse,
    AssociationTypeSwitchResponse,
    BudgetSetResponse,
    BudgetType,
    Consumption,
    Customer,
    CustomerFreezeResponse,
    CustomerUnfreezeResponse,
    DisassociationCheckResponse,
    DisassociationRequest,
    DisassociationRespondResponse,
    ErrorCodeLookupResponse,
    ExportMaskResponse,
    FailureCauseCatalogResponse,
    FailureCauseLookupResponse,
    FundsCustomer,
    FreezeType,
    FundsRecoverResponse,
    HistoryEntry,
    Initiator,
    Invitation,
    InvitationAcceptResponse,
    InvitationItem,
    InvitationMethod,
    InvitationResendResponse,
    InvitationSendResponse,
    InvitationStatusItem,
    ManagerAttributionResponse,
    MaskedFields,
    Model,
    Partner,
    PreregistrationApproveResponse,
    PreregistrationCheckResponse,
    PreregistrationDeleteResponse,
    PreregistrationItem,
    PreregistrationReviewDueResponse,
    RemitterAction,
    RemitterCheckResponse,
    TimestampInput,
    VerificationCodeCheckMobileResponse,
    VerificationCodeTimeoutResponse,
)

OP_METHODS: Dict[str, str] = {
    "preregistration.check": "check_preregistration",
    "preregistration.delete": "delete_preregistrations",
    "preregistration.review_due": "preregistration_review_due",
    "preregistration.approve": "approve_preregistration",
    "invitation.send": "send_invitation",
    "invitation.resend": "resend_invitations",
    "invitation.accept": "accept_invitation",
    "association.check": "check_association",
    "association.models": "association_models",
    "failure_cause.lookup": "lookup_failure_cause",
    "failure_cause.catalog": "failure_cause_catalog",
    "association_type.switch": "switch_association_type",
    "disassociation.check": "check_disassociation",
    "disassociation.respond": "respond_to_disassociation",
    "manager.attribution": "attribute_to_managers",
    "export.mask": "mask_export",
    "verification_code.timeout": "verification_code_timeout",
    "verification_code.check_mobile": "check_mobile",
    "error_code.lookup": "lookup_error_code",
    "funds.recover": "recover_funds",
    "remitter.check": "check_remitter",
    "customer.freeze": "freeze_customers",
    "customer.unfreeze": "unfreeze_customers",
    "budget.set": "set_budget",
}
"""Which method sends which op; the conformance suite runs every vector of an op through its
method too."""


class Engine(_core.Engine, TableMethods):
    """Parses a policy once and evaluates any number of requests under it.

    ``Engine()`` uses the default preset ``intl-2024``; ``Engine("cn")`` a named preset
    (``intl-2024``, ``intl-2025``, ``cn``); ``Engine({"preset": "cn", ...})`` a policy object,
    validated here (errors are ``InvalidInput`` with paths inside the policy).

    Generic path: ``evaluate(request)``, ``evaluate_json(text)``, ``evaluate_many(requests)``.
    Typed path: the methods below take keyword arguments and return plain dicts typed as
    ``TypedDict``s. ``now`` is an aware ``datetime`` or RFC 3339 text; a naive datetime is
    ``InvalidInput``. Every method raises ``InvalidInput`` for bad input.
    """

    __slots__ = ()

    def _op(self, op: str, **fields: Any) -> Any:
        request: Dict[str, Any] = {"op": op}
        for name, value in fields.items():
            if value is not None:
                request[name] = value
        return self.evaluate(request)

    # --- pre-registration ---------------------------------------------------------------

    def check_preregistration(
        self, *, partner: Partner, customer: Optional[Customer] = None, now: TimestampInput
    ) -> PreregistrationCheckResponse:
        """``preregistration.check``: may ``partner`` pre-register ``customer`` at ``now``?"""
        request: Dict[str, Any] = {"op": "preregistration.check", "now": now, "partner": partner}
        if customer is not None:
            request["customer"] = customer
        return cast(PreregistrationCheckResponse, self.evaluate(request))

    def delete_preregistrations(
        self, items: Iterable[PreregistrationItem]
    ) -> PreregistrationDeleteResponse:
        """``preregistration.delete``: which of these pre-registrations may be deleted?"""
        return cast(
            PreregistrationDeleteResponse,
            self._op("preregistration.delete", items=_listed(items)),
        )

    def preregistration_review_due(self, *, submitted_at: TimestampInput) -> PreregistrationReviewDueResponse:
        """``preregistration.review_due``: when the review of a submission is due."""
        return cast(PreregistrationReviewDueResponse, self._op("preregistration.review_due", submitted_at=submitted_at))

    def approve_preregistration(self, *, now: TimestampInput) -> PreregistrationApproveResponse:
        """``preregistration.approve``: when a pre-registration approved at ``now`` expires."""
        return cast(PreregistrationApproveResponse, self._op("preregistration.approve", now=now))

    # --- invitations --------------------------------------------------------------------

    def send_invitation(
        self,
        *,
        partner: Partner,
        customer: Optional[Customer] = None,
        method: InvitationMethod,
        now: TimestampInput,
        operator_account_name: Optional[str] = None,
    ) -> InvitationSendResponse:
        """``invitation.send``: may ``partner`` invite ``customer`` by ``method`` at ``now``?

        ``operator_account_name`` (whoever generates a link or QR code) becomes its custom tag.
        """
        return cast(
            InvitationSendResponse,
            self._op(
                "invitation.send",
                now=now,
                partner=partner,
                customer=customer,
                method=method,
                operator_account_name=operator_account_name,
            ),
        )

    def resend_invitations(
        self, items: Iterable[InvitationItem], *, now: Optional[TimestampInput] = None
    ) -> InvitationResendResponse:
        """``invitation.resend``: which of these invitations may be resent? ``now`` is needed
        only for pending invitations with a known expiry."""
        return cast(
            InvitationResendResponse,
            self._op("invitation.resend", now=now, items=_listed(items)),
        )

    def accept_invitation(
        self, *, accepted_id: str, items: Iterable[InvitationStatusItem]
    ) -> InvitationAcceptResponse:
        """``invitation.accept``: which other pending invitations of the customer lapse when
        the pending invitation ``accepted_id`` (one of ``items``) is accepted."""
        return cast(
            InvitationAcceptResponse,
            self._op("invitation.accept", accepted_id=accepted_id, items=_listed(items)),
        )

    # --- association ---------------------------------------------------------------------

    def check_association(
        self,
        *,
        partner: Partner,
        customer: Optional[Customer] = None,
        model: Model,
        invitation: Optional[Invitation] = None,
        now: TimestampInput,
    ) -> AssociationCheckResponse:
        """``association.check``: can the customer be associated under ``model``? No
        ``invitation``: the invitation link cannot be found."""
        return cast(
            AssociationCheckResponse,
            self._op(
                "association.check",
                now=now,
                partner=partner,
                customer=customer,
                model=model,
                invitation=invitation,
            ),
        )

    def association_models(
        self,
        *,
        partner: Partner,
        customer: Optional[Customer] = None,
        invitation: Optional[Invitation] = None,
        now: TimestampInput,
    ) -> AssociationModelsResponse:
        """``association.models``: both models checked, and the one to recommend."""
        return cast(
            AssociationModelsResponse,
            self._op(
                "association.models",
                now=now,
                partner=partner,
                customer=customer,
                invitation=invitation,
            ),
        )

    def lookup_failure_cause(
        self, *, code: Optional[str] = None, message: Optional[str] = None
    ) -> FailureCauseLookupResponse:
        """``failure_cause.lookup``: the catalog cause for a code or a platform message."""
        return cast(FailureCauseLookupResponse, self._op("failure_cause.lookup", code=code, message=message))

    def failure_cause_catalog(self) -> FailureCauseCatalogResponse:
        """``failure_cause.catalog``: every association failure cause, in order."""
        return cast(FailureCauseCatalogResponse, self._op("failure_cause.catalog"))

    def switch_association_type(
        self,
        *,
        partner: Partner,
        customer: Optional[Customer] = None,
        to: Model,
        history: Optional[Iterable[HistoryEntry]] = None,
        now: TimestampInput,
    ) -> AssociationTypeSwitchResponse:
        """``association_type.switch``: may the association switch ``to`` the other model?"""
        return cast(
            AssociationTypeSwitchResponse,
            self._op(
                "association_type.switch",
                now=now,
                partner=partner,
                customer=customer,
                to=to,
                history=_listed(history),
            ),
        )

    # --- disassociation -----------------------------------------------------------------

    def check_disassociation(
        self,
        *,
        initiator: Initiator,
        partner: Partner,
        customer: Optional[Customer] = None,
        verification_code_verified: Optional[bool] = None,
        history: Optional[Iterable[HistoryEntry]] = None,
        now: TimestampInput,
    ) -> DisassociationCheckResponse:
        """``disassociation.check``: may ``initiator`` (partner or customer) disassociate?"""
        return cast(
            DisassociationCheckResponse,
            self._op(
                "disassociation.check",
                now=now,
                initiator=initiator,
                partner=partner,
                customer=customer,
                verification_code_verified=verification_code_verified,
                history=_listed(history),
            ),
        )

    def respond_to_disassociation(
        self,
        *,
        partner: Partner,
        request: DisassociationRequest,
        action: Action,
        verification_code_verified: Optional[bool] = None,
        now: Optional[TimestampInput] = None,
    ) -> DisassociationRespondResponse:
        """``disassociation.respond``: may the partner ``action`` the customer's request?"""
        return cast(
            DisassociationRespondResponse,
            self._op(
                "disassociation.respond",
                now=now,
                partner=partner,
                request=request,
                action=action,
                verification_code_verified=verification_code_verified,
            ),
        )

    # --- account managers, export, verification codes, funds ----------------------------

    def attribute_to_managers(
        self,
        *,
        assignments: Optional[Iterable[Assignment]] = None,
        consumption: Optional[Iterable[Consumption]] = None,
    ) -> ManagerAttributionResponse:
        """``manager.attribution``: consumption attributed to the managers in charge."""
        return cast(
            ManagerAttributionResponse,
            self._op(
                "manager.attribution",
                assignments=_listed(assignments),
                consumption=_listed(consumption),
            ),
        )

    def mask_export(
        self,
        *,
        records: Iterable[Mapping[str, Any]],
        fields: Optional[MaskedFields] = None,
    ) -> ExportMaskResponse:
        """``export.mask``: the records with names, mobiles and emails masked."""
        return cast(
            ExportMaskResponse, self._op("export.mask", records=_listed(records), fields=fields)
        )

    def verification_code_timeout(
        self, *, api: Optional[Api] = None, timeout_minutes: Optional[int] = None
    ) -> VerificationCodeTimeoutResponse:
        """``verification_code.timeout``: the timeout the platform applies (no
        ``timeout_minutes``: the default)."""
        return cast(
            VerificationCodeTimeoutResponse,
            self._op("verification_code.timeout", api=api, timeout_minutes=timeout_minutes),
        )

    def check_mobile(self, *, mobile: str) -> VerificationCodeCheckMobileResponse:
        """``verification_code.check_mobile``: can a code be sent to this mobile number?"""
        return cast(
            VerificationCodeCheckMobileResponse,
            self._op("verification_code.check_mobile", mobile=mobile),
        )

    def lookup_error_code(self, *, code: str) -> ErrorCodeLookupResponse:
        """``error_code.lookup``: the platform error with this code, if there is one."""
        return cast(ErrorCodeLookupResponse, self._op("error_code.lookup", code=code))

    def recover_funds(
        self,
        *,
        customers: Iterable[FundsCustomer],
        partner: Optional[Partner] = None,
        verification_code_verified: Optional[bool] = None,
    ) -> FundsRecoverResponse:
        """``funds.recover``: for which customers funds can be recovered, and whether each
        ``amount_minor`` can be (no ``partner``: no verification-code rule)."""
        return cast(
            FundsRecoverResponse,
            self._op(
                "funds.recover",
                customers=_listed(customers),
                partner=partner,
                verification_code_verified=verification_code_verified,
            ),
        )

    def check_remitter(
        self, *, active_remitter_names: int, action: RemitterAction
    ) -> RemitterCheckResponse:
        """``remitter.check``: may a remitter name be added or updated while
        ``active_remitter_names`` are in effect?"""
        return cast(
            RemitterCheckResponse,
            self._op(
                "remitter.check", active_remitter_names=active_remitter_names, action=action
            ),
        )

    # --- after association: freezing, unfreezing, budgets ---------------------------------

    def freeze_customers(
        self,
        *,
        partner: Partner,
        customers: Iterable[Customer],
        reason: Optional[str] = None,
        freeze_type: Optional[FreezeType] = None,
        verification_code_verified: Optional[bool] = None,
        now: TimestampInput,
    ) -> CustomerFreezeResponse:
        """``customer.freeze``: may ``partner`` freeze each of ``customers`` (each with its
        ``id``)? An allowed ``account_and_resource`` freeze answers ``release_at``."""
        return cast(
            CustomerFreezeResponse,
            self._op(
                "customer.freeze",
                now=now,
                partner=partner,
                customers=_listed(customers),
                freeze_type=freeze_type,
                reason=reason,
                verification_code_verified=verification_code_verified,
            ),
        )

    def unfreeze_customers(
        self,
        *,
        partner: Partner,
        customers: Iterable[Customer],
        unfreeze_type: FreezeType,
        verification_code_verified: Optional[bool] = None,
        now: TimestampInput,
    ) -> CustomerUnfreezeResponse:
        """``customer.unfreeze``: may ``partner`` unfreeze each of ``customers`` (each with its
        ``id``) with ``unfreeze_type``, the type they were frozen with?"""
        return cast(
            CustomerUnfreezeResponse,
            self._op(
                "customer.unfreeze",
                now=now,
                partner=partner,
                customers=_listed(customers),
                unfreeze_type=unfreeze_type,
                verification_code_verified=verification_code_verified,
            ),
        )

    def set_budget(
        self,
        *,
        partner: Partner,
        customer: Customer,
        amount_minor: int,
        budget_type: Optional[BudgetType] = None,
        cancel_partner_frozen: Optional[bool] = None,
        now: TimestampInput,
    ) -> BudgetSetResponse:
        """``budget.set``: may ``partner`` set this budget, and what follows: the next monthly
        reset, the alert thresholds, whether the account is unfrozen.

        >>> import partner_rules
        >>> answer = partner_rules.Engine().set_budget(
        ...     partner={"id": "p-1"},
        ...     customer={"id": "c-1", "current_model": "reseller", "frozen": "account"},
        ...     amount_minor=100_000,
        ...     cancel_partner_frozen=True,
        ...     now="2026-11-25T10:00:00+08:00",
        ... )
        >>> answer["resets_at"], answer["alerts_minor"], answer["unfreezes"]
        ('2026-12-01T00:00:00+08:00', [75000, 90000, 100000], True)
        """
        return cast(
            BudgetSetResponse,
            self._op(
                "budget.set",
                now=now,
                partner=partner,
                customer=customer,
                amount_minor=amount_minor,
                budget_type=budget_type,
                cancel_partner_frozen=cancel_partner_frozen,
            ),
        )


def _listed(items: Any) -> Any:
    """A one-shot iterator (a generator) becomes a list; anything else (None included) goes
    through as it is, for the core to accept or reject with a path."""
    return list(items) if isinstance(items, Iterator) else items
