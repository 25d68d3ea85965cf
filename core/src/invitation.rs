//! Invitations (SPEC section 5): may this partner send one, and may an invitation be resent.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::calendar::add_days;
use crate::facts::{Customer, InvitationMethod, Partner};
use crate::reason::{Reason, Rule, Verdict};
use crate::timefmt::rfc3339_option;
use crate::Policy;

/// The answer to sending an invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SendDecision {
    /// Allowed or blocked.
    pub outcome: Verdict,
    /// Every reason, in the specification's order.
    pub reasons: Vec<Reason>,
    /// When the invitation would expire (email: the policy's email validity; link and QR code:
    /// the policy's link validity, by default never, so `None`). `None` when blocked.
    #[serde(with = "rfc3339_option")]
    pub expires_at: Option<OffsetDateTime>,
    /// For a generic link or QR code: the account name of the administrator or operator who
    /// generated it, carried as the invitation's custom tag.
    pub custom_tag: Option<String>,
}

/// Decides whether `partner` may invite `customer` by `method` at `now`. `operator` is the
/// account name of whoever generates the invitation; it becomes a link's or QR code's custom tag.
///
/// ```
/// use partner_rules::{invitation, Customer, Partner, Policy, parse_timestamp};
/// use partner_rules::facts::InvitationMethod;
/// use partner_rules::Verdict;
///
/// let partner = Partner { has_customer_development_permission: true, ..Partner::new("p-1") };
/// let now = parse_timestamp("2026-11-21T10:00:00+08:00").unwrap();
/// let by_link = invitation::send(&Policy::default(), &partner, &Customer::default(), InvitationMethod::Link, Some("ops-anna"), now);
/// assert_eq!(by_link.outcome, Verdict::Allowed);
/// assert_eq!(by_link.custom_tag.as_deref(), Some("ops-anna"));
///
/// let by_email = invitation::send(&Policy::default(), &partner, &Customer::default(), InvitationMethod::Email, None, now);
/// assert_eq!(by_email.reasons[0].code_str(), "email_requires_preregistration");
/// ```
pub fn send(
    policy: &Policy,
    partner: &Partner,
    customer: &Customer,
    method: InvitationMethod,
    operator: Option<&str>,
    now: OffsetDateTime,
) -> SendDecision {
    let mut reasons = Vec::new();
    if !partner.has_customer_development_permission {
        reasons.push(Reason::new(Rule::NoCustomerDevelopmentPermission));
    }
    if partner.frozen {
        reasons.push(Reason::new(Rule::PartnerFrozen));
    }
    let holds_preregistration = customer
        .valid_preregistration(now)
        .is_some_and(|p| p.partner_id == partner.id);
    if method == InvitationMethod::Email && !holds_preregistration {
        reasons.push(Reason::new(Rule::EmailRequiresPreregistration));
    }
    if customer.associated_partner_id.is_some() {
        reasons.push(Reason::new(Rule::CustomerAssociatedWithPartner));
    }
    let outcome = Verdict::from_reasons(&reasons);
    let (expires_at, custom_tag) = match (outcome, method) {
        (Verdict::Blocked, _) => (None, None),
        (Verdict::Allowed, InvitationMethod::Email) => {
            let expiry = add_days(now, policy.email_invitation_validity_days());
            (Some(policy.calendar().localize(expiry)), None)
        }
        (Verdict::Allowed, InvitationMethod::Link | InvitationMethod::QrCode) => {
            let expiry = policy
                .link_invitation_validity_days()
                .map(|days| policy.calendar().localize(add_days(now, days)));
            (expiry, operator.map(str::to_owned))
        }
    };
    SendDecision {
        outcome,
        reasons,
        expires_at,
        custom_tag,
    }
}

/// The status of an invitation, as the host stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Sent, not yet accepted.
    Pending,
    /// Accepted by the customer.
    Accepted,
    /// Past its validity.
    Expired,
    /// The association attempt failed.
    Failed,
    /// Another invitation to the same member was accepted, which made this one invalid.
    Invalidated,
}

/// When one of several invitations to the same member is accepted, the others become invalid:
/// the ids of the invitations among `invitations` that are still pending besides `accepted_id`,
/// in the order given. Closed ones (accepted, expired, failed, invalidated) stay as they are.
///
/// ```
/// use partner_rules::invitation::{self, Status};
/// let invitations = [("i-1", Status::Pending), ("i-2", Status::Pending), ("i-3", Status::Expired)];
/// assert_eq!(invitation::invalidated_by_acceptance(&invitations, "i-2"), ["i-1"]);
/// ```
pub fn invalidated_by_acceptance<'a>(
    invitations: &[(&'a str, Status)],
    accepted_id: &str,
) -> Vec<&'a str> {
    invitations
        .iter()
        .filter(|(id, status)| *status == Status::Pending && *id != accepted_id)
        .map(|(id, _)| *id)
        .collect()
}

/// May an invitation be resent? Only an expired one can. A `pending` invitation whose
/// `expires_at` has passed at `now` is expired (the stored status may lag behind the clock); a
/// pending one with a known expiry is otherwise refused with `available_from` = that expiry.
/// Without `now`, a pending invitation is taken at its stored status.
///
/// ```
/// use partner_rules::{invitation, parse_timestamp};
/// use partner_rules::invitation::Status;
/// let now = parse_timestamp("2026-11-21T10:00:00+08:00").unwrap();
/// assert_eq!(invitation::resend_refusal(Status::Expired, None, None), None);
/// let refusal = invitation::resend_refusal(Status::Accepted, None, None).unwrap();
/// assert_eq!(refusal.code_str(), "invitation_not_expired");
/// let lapsed = parse_timestamp("2026-11-21T09:00:00+08:00").unwrap();
/// assert_eq!(invitation::resend_refusal(Status::Pending, Some(lapsed), Some(now)), None);
/// ```
pub fn resend_refusal(
    status: Status,
    expires_at: Option<OffsetDateTime>,
    now: Option<OffsetDateTime>,
) -> Option<Reason> {
    match (status, expires_at, now) {
        (Status::Expired, _, _) => None,
        (Status::Pending, Some(expiry), Some(now)) if now >= expiry => None,
        (Status::Pending, Some(expiry), _) => {
            Some(Reason::until(Rule::InvitationNotExpired, expiry))
        }
        _ => Some(Reason::new(Rule::InvitationNotExpired)),
    }
}
