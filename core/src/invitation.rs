//! Invitations (docs/contract.md, "Invitations"): may this partner send one, and may an invitation be resent.

use serde::Serialize;
use time::OffsetDateTime;

use crate::calendar::add_days;
use crate::error::quote;
use crate::facts::{Customer, InvitationMethod, Partner};
use crate::input_error::{InputError, Location};
use crate::reason::{Reason, Rule, Verdict};
use crate::strict::names;
use crate::timefmt::{rfc3339_option, EXPECTED_TIMESTAMP};
use crate::Policy;

/// The answer to sending an invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SendDecision {
    /// Allowed or blocked.
    pub outcome: Verdict,
    /// Every reason, in the contract's order.
    pub reasons: Vec<Reason>,
    /// When the invitation would expire (email: the policy's email validity; link and QR code:
    /// the policy's link validity, by default never, so null). Null when blocked.
    #[serde(with = "rfc3339_option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::timefmt::Timestamp>")
    )]
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

names! {
    schema "InvitationStatus";
    /// The status of an invitation, as the host stores it.
    pub enum Status {
        /// Sent, not yet accepted.
        Pending = "pending",
        /// Accepted by the customer.
        Accepted = "accepted",
        /// Past its validity.
        Expired = "expired",
        /// The association attempt failed.
        Failed = "failed",
        /// Another invitation to the same member was accepted, which made this one invalid.
        Invalidated = "invalidated",
    }
}

/// When one of several invitations to the same member is accepted, the others become invalid:
/// the ids of the invitations among `invitations` that are still pending besides
/// `accepted_id`, in the order given. Closed ones (accepted, expired, failed, invalidated) stay
/// as they are.
///
/// Only a pending invitation can be accepted: `accepted_id` must name one of `invitations`,
/// and that one must be pending (errors at `accepted_id`).
///
/// ```
/// use partner_rules::invitation::{self, Status};
/// let invitations = [("i-1", Status::Pending), ("i-2", Status::Pending), ("i-3", Status::Expired)];
/// assert_eq!(invitation::accept(&invitations, "i-2").unwrap(), ["i-1"]);
/// assert!(invitation::accept(&invitations, "i-3").is_err());
/// assert!(invitation::accept(&invitations, "i-9").is_err());
/// ```
pub fn accept<'a>(
    invitations: &[(&'a str, Status)],
    accepted_id: &str,
) -> Result<Vec<&'a str>, InputError> {
    let at = || Location::field("accepted_id");
    match invitations.iter().find(|(id, _)| *id == accepted_id) {
        Some((_, Status::Pending)) => {}
        Some((_, status)) => {
            return Err(InputError::new(
                at(),
                format!(
                    "expected the id of a pending invitation, got {}, which is `{}`",
                    quote(accepted_id),
                    status.name()
                ),
            ))
        }
        None => {
            return Err(InputError::new(
                at(),
                format!(
                    "expected the id of one of `items`, got {}",
                    quote(accepted_id)
                ),
            ))
        }
    }
    Ok(invitations
        .iter()
        .filter(|(id, status)| *status == Status::Pending && *id != accepted_id)
        .map(|(id, _)| *id)
        .collect())
}

/// May an invitation be resent? Only an expired one can. A `pending` invitation whose
/// `expires_at` has passed at `now` is expired (the stored status may lag behind the clock); a
/// pending one with a known expiry is otherwise refused with `available_from` = that expiry.
/// Telling which needs `now`: without it, a pending invitation with a known expiry is an error
/// at `now` (the answer would otherwise trust a stale status).
///
/// ```
/// use partner_rules::{invitation, parse_timestamp};
/// use partner_rules::invitation::Status;
/// let now = parse_timestamp("2026-11-21T10:00:00+08:00").unwrap();
/// assert_eq!(invitation::resend_refusal(Status::Expired, None, None).unwrap(), None);
/// let refusal = invitation::resend_refusal(Status::Accepted, None, None).unwrap().unwrap();
/// assert_eq!(refusal.code_str(), "invitation_not_expired");
/// let lapsed = parse_timestamp("2026-11-21T09:00:00+08:00").unwrap();
/// assert_eq!(invitation::resend_refusal(Status::Pending, Some(lapsed), Some(now)).unwrap(), None);
/// assert!(invitation::resend_refusal(Status::Pending, Some(lapsed), None).is_err());
/// ```
pub fn resend_refusal(
    status: Status,
    expires_at: Option<OffsetDateTime>,
    now: Option<OffsetDateTime>,
) -> Result<Option<Reason>, InputError> {
    Ok(match (status, expires_at, now) {
        (Status::Expired, _, _) => None,
        (Status::Pending, Some(expiry), Some(now)) if now >= expiry => None,
        (Status::Pending, Some(expiry), Some(_)) => {
            Some(Reason::until(Rule::InvitationNotExpired, expiry))
        }
        (Status::Pending, Some(_), None) => {
            return Err(InputError::new(
                Location::field("now"),
                format!(
                    "missing field `now`, expected {EXPECTED_TIMESTAMP}: whether a pending \
                     invitation with a known expiry has expired depends on it"
                ),
            ))
        }
        _ => Some(Reason::new(Rule::InvitationNotExpired)),
    })
}
