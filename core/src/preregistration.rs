//! Pre-registration (docs/contract.md, "Pre-registration"): may this partner reserve this prospect, may a
//! pre-registration be deleted, and when is a manual review due.

use serde::Serialize;
use time::OffsetDateTime;

use crate::calendar::add_days;
use crate::facts::{same_country, Customer, Partner};
use crate::reason::{Reason, ReasonList, Rule};
use crate::strict::names;
use crate::timefmt::rfc3339_option;
use crate::Policy;

names! {
    schema "PreregistrationOutcome";
    /// The outcome of a pre-registration check.
    pub enum Outcome {
        /// The partner may pre-register the customer now.
        Allowed = "allowed",
        /// The automatic path is closed; the partner may file a manual review request.
        ManualReview = "manual_review",
        /// No path now.
        Blocked = "blocked",
    }
}

/// The answer to a pre-registration check: the outcome, every reason that applies in the
/// contract's order, and the instants that follow from it (in the policy's UTC offset).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Decision {
    /// Allowed, manual review or blocked.
    pub outcome: Outcome,
    /// Blocking reasons first, then review reasons.
    pub reasons: Vec<Reason>,
    /// On `allowed`: when the pre-registration would expire.
    #[serde(with = "rfc3339_option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::timefmt::Timestamp>")
    )]
    pub expires_at: Option<OffsetDateTime>,
    /// On `manual_review`: when the review is due.
    #[serde(with = "rfc3339_option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::timefmt::Timestamp>")
    )]
    pub review_due_by: Option<OffsetDateTime>,
}

/// The reasons of docs/contract.md, "Pre-registration": ten blocking, four for review. A check gives each at most
/// once, so never more than this.
const CHECK_REASONS: usize = 14;

/// Decides whether `partner` may pre-register `customer` at `now`.
///
/// ```
/// use partner_rules::{preregistration, Customer, Partner, Policy, parse_timestamp};
/// use partner_rules::preregistration::Outcome;
///
/// let policy = Policy::default();
/// let partner = Partner { has_reserved_contact: true, ..Partner::new("p-1") };
/// let now = parse_timestamp("2026-11-21T10:00:00+08:00").unwrap();
///
/// let decision = preregistration::check(&policy, &partner, &Customer::default(), now);
/// assert_eq!(decision.outcome, Outcome::Allowed);
/// assert_eq!(decision.expires_at, Some(parse_timestamp("2026-12-06T10:00:00+08:00").unwrap()));
///
/// let followed = Customer { online_sales_team: true, ..Customer::default() };
/// let decision = preregistration::check(&policy, &partner, &followed, now);
/// assert_eq!(decision.outcome, Outcome::ManualReview);
/// assert_eq!(decision.reasons[0].code_str(), "online_sales_team_customer");
/// ```
pub fn check(
    policy: &Policy,
    partner: &Partner,
    customer: &Customer,
    now: OffsetDateTime,
) -> Decision {
    let calendar = policy.calendar();
    let mut reasons = ReasonList::<CHECK_REASONS>::new();

    if !partner.has_reserved_contact {
        reasons.push(Reason::new(Rule::PartnerContactMissing));
    }
    if partner.active_preregistrations >= policy.max_active_preregistrations() {
        reasons.push(Reason::new(Rule::PreregistrationQuotaReached));
    }
    if customer.associated_partner_id.is_some() {
        reasons.push(Reason::new(Rule::CustomerAssociatedWithPartner));
    }
    if let Some(held) = customer.valid_preregistration(now) {
        let rule = if held.partner_id == partner.id {
            Rule::CustomerAlreadyPreregistered
        } else {
            Rule::CustomerPreregisteredByOtherPartner
        };
        reasons.push(Reason::until(rule, held.expires_at));
    }
    if customer.has_huawei_contract {
        reasons.push(Reason::new(Rule::CustomerHasHuaweiContract));
    }
    let registration = registration_review(policy, customer, now);
    if let RegistrationReview::Blocked { reviewable_from } = registration {
        reasons.push(Reason {
            code: Rule::CustomerRegistered.into(),
            available_from: reviewable_from,
        });
    }
    if customer.has_cash_expenditure && !customer.followed_up_by_direct_sales {
        reasons.push(Reason::new(Rule::CustomerCashExpenditureNotFollowedUp));
    }
    if customer.consumer_cloud_user {
        reasons.push(Reason::new(Rule::CustomerConsumerCloudUser));
    }
    if customer.unified_accounting_member {
        reasons.push(Reason::new(Rule::CustomerUnifiedAccountingMember));
    }
    let blocked = !reasons.is_empty();

    if registration == RegistrationReview::Reviewable {
        reasons.push(Reason::new(Rule::CustomerRegisteredFollowedUp));
    }
    if customer.has_cash_expenditure && customer.followed_up_by_direct_sales {
        reasons.push(Reason::new(Rule::CustomerCashExpenditureFollowedUp));
    }
    if let (Some(theirs), Some(ours)) = (
        &customer.registration_country,
        &partner.registration_country,
    ) {
        if !same_country(theirs, ours) {
            reasons.push(Reason::new(Rule::RegistrationCountryDiffers));
        }
    }
    if customer.online_sales_team {
        reasons.push(Reason::new(Rule::OnlineSalesTeamCustomer));
    }

    let reasons = reasons.into_vec(calendar);
    let (outcome, expires_at, review_due_by) = if blocked {
        (Outcome::Blocked, None, None)
    } else if !reasons.is_empty() {
        let due = calendar.working_day_deadline(now, policy.review_working_days());
        (Outcome::ManualReview, None, Some(due))
    } else {
        (Outcome::Allowed, Some(expires_at(policy, now)), None)
    };
    Decision {
        outcome,
        reasons,
        expires_at,
        review_due_by,
    }
}

/// How a registration bears on pre-registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RegistrationReview {
    /// Not registered: no reason.
    NotRegistered,
    /// Registered and followed up for at least the review period: a review reason.
    Reviewable,
    /// Registered otherwise: a blocking reason, which turns into a review reason at
    /// `reviewable_from` when the customer is followed up and the time is known.
    Blocked {
        reviewable_from: Option<OffsetDateTime>,
    },
}

/// When a pre-registration that starts at `start` expires: at creation for an automatic one, at
/// approval for one that went through manual review.
///
/// ```
/// use partner_rules::{preregistration, Policy, parse_timestamp};
/// let approved = parse_timestamp("2026-11-24T15:30:00+08:00").unwrap();
/// assert_eq!(preregistration::expires_at(&Policy::default(), approved),
///            parse_timestamp("2026-12-09T15:30:00+08:00").unwrap());
/// ```
pub fn expires_at(policy: &Policy, start: OffsetDateTime) -> OffsetDateTime {
    policy
        .calendar()
        .localize(add_days(start, policy.preregistration_validity_days()))
}

/// "Registered more than N days ago" reads as: at least N × 24 h have elapsed since
/// `registered_at`, the same half-open convention as every expiry (a state that starts at an
/// instant holds from that instant on). A followed-up customer whose registration time is
/// unknown cannot be shown to qualify, so it stays blocked.
fn registration_review(
    policy: &Policy,
    customer: &Customer,
    now: OffsetDateTime,
) -> RegistrationReview {
    if !customer.is_registered() {
        return RegistrationReview::NotRegistered;
    }
    let reviewable_from = customer
        .registered_at
        .filter(|_| customer.followed_up_by_direct_sales)
        .map(|at| add_days(at, policy.registered_review_after_days()));
    match reviewable_from {
        Some(from) if now >= from => RegistrationReview::Reviewable,
        _ => RegistrationReview::Blocked { reviewable_from },
    }
}

/// The deadline of a manual review submitted at `submitted_at`: the end of the
/// `review_working_days`-th working day after the local submission date.
///
/// ```
/// use partner_rules::{preregistration, Policy, parse_timestamp};
/// let due = preregistration::review_due(&Policy::default(), parse_timestamp("2026-11-18T09:00:00+08:00").unwrap());
/// assert_eq!(due, parse_timestamp("2026-11-21T00:00:00+08:00").unwrap());
/// ```
pub fn review_due(policy: &Policy, submitted_at: OffsetDateTime) -> OffsetDateTime {
    policy
        .calendar()
        .working_day_deadline(submitted_at, policy.review_working_days())
}

names! {
    schema "PreregistrationStatus";
    /// The status of a pre-registration record, as the host stores it.
    pub enum Status {
        /// Waiting for a manual review.
        PendingReview = "pending_review",
        /// Pre-registered (valid or not).
        Preregistered = "preregistered",
        /// Past its validity.
        Expired = "expired",
        /// The manual review rejected it.
        Rejected = "rejected",
        /// The customer is associated.
        Associated = "associated",
    }
}

/// May a pre-registration in `status` be deleted? `None` means yes; deleting it stops it from
/// reserving the customer.
///
/// ```
/// use partner_rules::{preregistration, Rule};
/// use partner_rules::preregistration::Status;
/// assert_eq!(preregistration::delete_refusal(Status::Expired), None);
/// assert_eq!(preregistration::delete_refusal(Status::PendingReview), Some(Rule::PreregistrationPendingReview));
/// ```
pub fn delete_refusal(status: Status) -> Option<Rule> {
    match status {
        Status::PendingReview => Some(Rule::PreregistrationPendingReview),
        Status::Associated => Some(Rule::PreregistrationAssociated),
        Status::Preregistered | Status::Expired | Status::Rejected => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{PreregistrationFact, RegisteredSite};
    use crate::parse_timestamp;

    fn ts(text: &str) -> OffsetDateTime {
        parse_timestamp(text).unwrap()
    }

    fn partner() -> Partner {
        Partner {
            has_reserved_contact: true,
            ..Partner::new("p-1")
        }
    }

    fn codes(decision: &Decision) -> Vec<&'static str> {
        decision.reasons.iter().map(Reason::code_str).collect()
    }

    #[test]
    fn every_reason_is_reported_in_order() {
        let now = ts("2026-11-21T10:00:00+08:00");
        let partner = Partner {
            has_reserved_contact: false,
            active_preregistrations: 100,
            registration_country: Some("SG".into()),
            ..Partner::new("p-1")
        };
        let customer = Customer {
            associated_partner_id: Some("p-9".into()),
            preregistration: Some(PreregistrationFact {
                partner_id: "p-2".into(),
                expires_at: ts("2026-11-25T00:00:00Z"),
            }),
            has_huawei_contract: true,
            registered_site: Some(RegisteredSite::International),
            has_cash_expenditure: true,
            consumer_cloud_user: true,
            unified_accounting_member: true,
            registration_country: Some("MY".into()),
            online_sales_team: true,
            ..Customer::default()
        };
        let decision = check(&Policy::default(), &partner, &customer, now);
        assert_eq!(decision.outcome, Outcome::Blocked);
        assert_eq!(
            codes(&decision),
            [
                "partner_contact_missing",
                "preregistration_quota_reached",
                "customer_associated_with_partner",
                "customer_preregistered_by_other_partner",
                "customer_has_huawei_contract",
                "customer_registered",
                "customer_cash_expenditure_not_followed_up",
                "customer_consumer_cloud_user",
                "customer_unified_accounting_member",
                "registration_country_differs",
                "online_sales_team_customer",
            ]
        );
        // Expiry is echoed in the policy's offset.
        assert_eq!(
            decision.reasons[3]
                .available_from
                .map(|t| t.offset().whole_hours()),
            Some(8)
        );
        assert_eq!(decision.expires_at, None);
        assert_eq!(decision.review_due_by, None);
    }

    #[test]
    fn registration_turns_reviewable_after_the_period() {
        let registered = ts("2026-11-01T10:00:00+08:00");
        let customer = Customer {
            registered_at: Some(registered),
            followed_up_by_direct_sales: true,
            ..Customer::default()
        };
        let just_before = check(
            &Policy::default(),
            &partner(),
            &customer,
            ts("2026-11-08T09:59:59+08:00"),
        );
        assert_eq!(codes(&just_before), ["customer_registered"]);
        assert_eq!(
            just_before.reasons[0].available_from,
            Some(ts("2026-11-08T10:00:00+08:00"))
        );
        let at = check(
            &Policy::default(),
            &partner(),
            &customer,
            ts("2026-11-08T10:00:00+08:00"),
        );
        assert_eq!(at.outcome, Outcome::ManualReview);
        assert_eq!(codes(&at), ["customer_registered_followed_up"]);
        assert_eq!(at.review_due_by, Some(ts("2026-11-11T00:00:00+08:00")));
    }

    #[test]
    fn own_preregistration_blocks_until_expiry() {
        let expiry = ts("2026-11-21T12:00:00+08:00");
        let customer = Customer {
            preregistration: Some(PreregistrationFact {
                partner_id: "p-1".into(),
                expires_at: expiry,
            }),
            ..Customer::default()
        };
        let before = check(
            &Policy::default(),
            &partner(),
            &customer,
            ts("2026-11-21T11:59:59+08:00"),
        );
        assert_eq!(codes(&before), ["customer_already_preregistered"]);
        let at = check(&Policy::default(), &partner(), &customer, expiry);
        assert_eq!(at.outcome, Outcome::Allowed);
    }

    #[test]
    fn countries_compare_case_insensitively() {
        let partner = Partner {
            registration_country: Some("cn".into()),
            ..partner()
        };
        let customer = Customer {
            registration_country: Some(" CN ".into()),
            ..Customer::default()
        };
        let decision = check(
            &Policy::default(),
            &partner,
            &customer,
            ts("2026-11-21T10:00:00Z"),
        );
        assert_eq!(decision.outcome, Outcome::Allowed);
    }
}
