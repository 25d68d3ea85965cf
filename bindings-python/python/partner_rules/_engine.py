"""The typed ``Engine``: one method per op, each a thin wrapper that builds the op's request
dict and sends it through the same ``evaluate`` as everything else."""

from __future__ import annotations

from typing import Any, Dict, Iterable, Optional, cast

from . import _core
from ._types import (
    Customer,
    InvitationDecision,
    InvitationItem,
    InvitationMethod,
    ItemResults,
    Partner,
    PreregistrationDecision,
    PreregistrationItem,
    ReviewDue,
    Timestamp,
)


class Engine(_core.Engine):
    """Parses a policy once and evaluates any number of requests under it.

    ``Engine()`` uses the default preset ``intl-2024``; ``Engine("cn")`` a named preset
    (``intl-2024``, ``intl-2025``, ``cn``); ``Engine({"preset": "cn", ...})`` a policy object,
    validated here (errors are ``InvalidInput`` with paths inside the policy).

    Generic path: ``evaluate(request)``, ``evaluate_json(text)``, ``evaluate_many(requests)``.
    Typed path: the methods below take keyword arguments and return plain dicts typed as
    ``TypedDict``s. ``now`` is an aware ``datetime`` or RFC 3339 text; a naive datetime is
    ``InvalidInput``.
    """

    __slots__ = ()

    def check_preregistration(
        self, *, partner: Partner, customer: Optional[Customer] = None, now: Timestamp
    ) -> PreregistrationDecision:
        """``preregistration.check``: may ``partner`` pre-register ``customer`` at ``now``?"""
        request: Dict[str, Any] = {"op": "preregistration.check", "now": now, "partner": partner}
        if customer is not None:
            request["customer"] = customer
        return cast(PreregistrationDecision, self.evaluate(request))

    def delete_preregistrations(self, items: Iterable[PreregistrationItem]) -> ItemResults:
        """``preregistration.delete``: which of these pre-registrations may be deleted?"""
        request = {"op": "preregistration.delete", "items": _listed(items)}
        return cast(ItemResults, self.evaluate(request))

    def preregistration_review_due(self, *, submitted_at: Timestamp) -> ReviewDue:
        """``preregistration.review_due``: when the review of a submission is due."""
        request = {"op": "preregistration.review_due", "submitted_at": submitted_at}
        return cast(ReviewDue, self.evaluate(request))

    def send_invitation(
        self,
        *,
        partner: Partner,
        customer: Optional[Customer] = None,
        method: InvitationMethod,
        now: Timestamp,
        operator_account_name: Optional[str] = None,
    ) -> InvitationDecision:
        """``invitation.send``: may ``partner`` invite ``customer`` by ``method`` at ``now``?

        ``operator_account_name`` (whoever generates a link or QR code) becomes its custom tag.
        """
        request: Dict[str, Any] = {
            "op": "invitation.send",
            "now": now,
            "partner": partner,
            "method": method,
        }
        if customer is not None:
            request["customer"] = customer
        if operator_account_name is not None:
            request["operator_account_name"] = operator_account_name
        return cast(InvitationDecision, self.evaluate(request))

    def resend_invitations(
        self, items: Iterable[InvitationItem], *, now: Optional[Timestamp] = None
    ) -> ItemResults:
        """``invitation.resend``: which of these invitations may be resent? ``now`` is needed
        only for pending invitations with a known expiry."""
        request: Dict[str, Any] = {"op": "invitation.resend", "items": _listed(items)}
        if now is not None:
            request["now"] = now
        return cast(ItemResults, self.evaluate(request))


def _listed(items: Iterable[Any]) -> Any:
    """Lists and tuples go through as they are; other iterables (generators) become lists."""
    return items if isinstance(items, (list, tuple)) else list(items)
