//! Disassociation (docs/contract.md, "Disassociation"): may a side ask to end an association, and may the partner
//! answer a customer's request.

use serde::Serialize;
use time::OffsetDateTime;

use crate::facts::{Customer, HistoryEntry, Initiator, Partner};
use crate::quota;
use crate::reason::{Reason, Rule, Ruling, Verdict};
use crate::strict::names;
use crate::Policy;

/// Decides whether `initiator` may request a disassociation at `now`.
///
/// Reasons, in the contract's order: `not_partner_admin`, `partner_frozen` and
/// `verification_code_required` (partner-initiated requests only); `disassociation_quota_reached`
/// (the initiating side's requests in `history`, see [`quota::check`]); then one reason per
/// failed account check item of the customer.
///
/// ```
/// use partner_rules::{disassociation, Customer, Partner, Policy, parse_timestamp};
/// use partner_rules::facts::Initiator;
///
/// let admin = Partner { is_admin: true, ..Partner::new("p-1") };
/// let customer = Customer { in_arrears: true, ..Customer::default() };
/// let now = parse_timestamp("2026-11-21T10:00:00+08:00").unwrap();
/// let ruling = disassociation::check(&Policy::default(), Initiator::Partner, &admin, &customer, false, &[], now);
/// let codes: Vec<_> = ruling.reasons.iter().map(|r| r.code_str()).collect();
/// assert_eq!(codes, ["account_in_arrears"]);
/// ```
pub fn check(
    policy: &Policy,
    initiator: Initiator,
    partner: &Partner,
    customer: &Customer,
    verification_code_verified: bool,
    history: &[HistoryEntry],
    now: OffsetDateTime,
) -> Ruling {
    let mut reasons = Vec::new();
    if initiator == Initiator::Partner {
        reasons.extend(partner_side_reasons(partner, verification_code_verified));
    }
    reasons.extend(quota::check(policy, history, initiator, now));
    reasons.extend(
        account_check_items(customer)
            .into_iter()
            .filter(|(failed, _)| *failed)
            .map(|(_, rule)| Reason::new(rule)),
    );
    Ruling::new(reasons)
}

/// What only the partner's own side needs: the administrator, not frozen, a verified code when
/// the partner enabled verification codes.
fn partner_side_reasons(partner: &Partner, verification_code_verified: bool) -> Vec<Reason> {
    let mut reasons = Vec::new();
    if !partner.is_admin {
        reasons.push(Reason::new(Rule::NotPartnerAdmin));
    }
    if partner.frozen {
        reasons.push(Reason::new(Rule::PartnerFrozen));
    }
    reasons.extend(verification_refusal(partner, verification_code_verified));
    reasons
}

fn verification_refusal(partner: &Partner, verification_code_verified: bool) -> Option<Reason> {
    (partner.verification_code_enabled && !verification_code_verified)
        .then(|| Reason::new(Rule::VerificationCodeRequired))
}

/// The account check items in the contract's order: whether the item fails, and its code.
fn account_check_items(customer: &Customer) -> [(bool, Rule); 8] {
    [
        (
            customer.has_independent_accounting_members,
            Rule::IndependentAccountingMembers,
        ),
        (customer.manually_frozen, Rule::AccountManuallyFrozen),
        (
            customer.valid_reserved_instances,
            Rule::ValidReservedInstances,
        ),
        (customer.support_plan_active, Rule::SupportPlanActive),
        (customer.in_arrears, Rule::AccountInArrears),
        (customer.no_currency_set, Rule::NoCurrencySet),
        (
            customer.orders_awaiting_partner_payment,
            Rule::OrdersAwaitingPartnerPayment,
        ),
        (customer.special_contract, Rule::SpecialCommerceContract),
    ]
}

names! {
    /// Where a customer's disassociation request stands, as the host stores it.
    pub enum RequestStatus {
        /// Submitted, waiting for the partner's answer.
        Pending = "pending",
        /// The partner agreed: the association ended.
        Agreed = "agreed",
        /// The partner rejected it: the association stays.
        Rejected = "rejected",
        /// The customer withdrew it before an answer.
        Cancelled = "cancelled",
    }
}

names! {
    /// The partner's answer to a customer's request.
    pub enum Action {
        /// End the association.
        Agree = "agree",
        /// Keep the association.
        Reject = "reject",
    }
}

impl Action {
    /// The status the request moves to once answered this way.
    pub const fn resulting_status(self) -> RequestStatus {
        match self {
            Action::Agree => RequestStatus::Agreed,
            Action::Reject => RequestStatus::Rejected,
        }
    }
}

/// The answer to a partner's response to a customer's request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Response {
    /// Allowed or blocked.
    pub outcome: Verdict,
    /// Every reason, in the contract's order.
    pub reasons: Vec<Reason>,
    /// The status the host should store when allowed (`agreed` or `rejected`); null when
    /// blocked.
    pub request_status: Option<RequestStatus>,
}

/// Decides whether `partner` may answer a customer's disassociation request with `action`.
///
/// Reasons, in order: `not_partner_admin` ("a partner answer needs the administrator"),
/// `verification_code_required` ("also for a partner answer"), `request_not_pending`.
/// `partner_frozen` is not a reason here: the contract extends rules 1 and 3 to answers
/// but not rule 2, and a frozen partner must not be able to hold a customer who wants to leave.
/// Neither the quota nor the account check items apply: both were checked when the customer
/// submitted the request, against the customer's side.
///
/// ```
/// use partner_rules::{disassociation, Partner};
/// use partner_rules::disassociation::{Action, RequestStatus};
///
/// let admin = Partner { is_admin: true, ..Partner::new("p-1") };
/// let answer = disassociation::respond(&admin, RequestStatus::Pending, Action::Reject, false);
/// assert_eq!(answer.request_status, Some(RequestStatus::Rejected));
/// let late = disassociation::respond(&admin, RequestStatus::Cancelled, Action::Agree, false);
/// assert_eq!(late.reasons[0].code_str(), "request_not_pending");
/// assert_eq!(late.request_status, None);
/// ```
pub fn respond(
    partner: &Partner,
    status: RequestStatus,
    action: Action,
    verification_code_verified: bool,
) -> Response {
    let mut reasons = Vec::new();
    if !partner.is_admin {
        reasons.push(Reason::new(Rule::NotPartnerAdmin));
    }
    reasons.extend(verification_refusal(partner, verification_code_verified));
    if status != RequestStatus::Pending {
        reasons.push(Reason::new(Rule::RequestNotPending));
    }
    let outcome = Verdict::from_reasons(&reasons);
    Response {
        outcome,
        reasons,
        request_status: (outcome == Verdict::Allowed).then(|| action.resulting_status()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::HistoryKind;
    use crate::{parse_timestamp, Preset};
    use proptest::prelude::*;
    use time::Duration;

    fn at(text: &str) -> OffsetDateTime {
        parse_timestamp(text).unwrap()
    }

    fn codes(reasons: &[Reason]) -> Vec<&'static str> {
        reasons.iter().map(Reason::code_str).collect()
    }

    #[test]
    fn every_reason_applies_at_once_in_order() {
        let partner = Partner {
            frozen: true,
            verification_code_enabled: true,
            ..Partner::new("p-1")
        };
        let customer = Customer {
            has_independent_accounting_members: true,
            manually_frozen: true,
            valid_reserved_instances: true,
            support_plan_active: true,
            in_arrears: true,
            no_currency_set: true,
            orders_awaiting_partner_payment: true,
            special_contract: true,
            ..Customer::default()
        };
        let history = [HistoryEntry {
            kind: HistoryKind::Disassociation,
            initiator: Initiator::Partner,
            at: at("2026-11-01T00:00:00+08:00"),
        }];
        let now = at("2026-11-21T00:00:00+08:00");
        let ruling = check(
            &Policy::default(),
            Initiator::Partner,
            &partner,
            &customer,
            false,
            &history,
            now,
        );
        assert_eq!(
            codes(&ruling.reasons),
            [
                "not_partner_admin",
                "partner_frozen",
                "verification_code_required",
                "disassociation_quota_reached",
                "independent_accounting_members",
                "account_manually_frozen",
                "valid_reserved_instances",
                "support_plan_active",
                "account_in_arrears",
                "no_currency_set",
                "orders_awaiting_partner_payment",
                "special_commerce_contract",
            ]
        );
        // The customer's side: no partner-side reasons, and the partner's request does not count.
        let ruling = check(
            &Policy::default(),
            Initiator::Customer,
            &partner,
            &Customer::default(),
            false,
            &history,
            now,
        );
        assert_eq!(ruling.outcome, Verdict::Allowed);
    }

    #[test]
    fn a_verified_code_satisfies_an_enabled_partner() {
        let partner = Partner {
            is_admin: true,
            verification_code_enabled: true,
            ..Partner::new("p-1")
        };
        let now = at("2026-11-21T00:00:00+08:00");
        let policy = Policy::default();
        let customer = Customer::default();
        let verified = check(
            &policy,
            Initiator::Partner,
            &partner,
            &customer,
            true,
            &[],
            now,
        );
        assert_eq!(verified.outcome, Verdict::Allowed);
        let answer = respond(&partner, RequestStatus::Pending, Action::Agree, false);
        assert_eq!(codes(&answer.reasons), ["verification_code_required"]);
    }

    #[test]
    fn answers_need_the_administrator_and_a_pending_request() {
        let operator = Partner {
            frozen: true,
            ..Partner::new("p-1")
        };
        let answer = respond(&operator, RequestStatus::Agreed, Action::Agree, false);
        assert_eq!(
            codes(&answer.reasons),
            ["not_partner_admin", "request_not_pending"]
        );
        let admin = Partner {
            is_admin: true,
            frozen: true,
            ..Partner::new("p-1")
        };
        let answer = respond(&admin, RequestStatus::Pending, Action::Agree, false);
        assert_eq!(answer.outcome, Verdict::Allowed);
        assert_eq!(answer.request_status, Some(RequestStatus::Agreed));
    }

    /// Requests an initiator tries at the given offsets (hours after a fixed start): each one
    /// the check allows is made, and goes into the history.
    fn simulate(policy: &Policy, attempts: &[u32]) -> Vec<OffsetDateTime> {
        let start = at("2026-01-31T12:00:00+08:00");
        let partner = Partner {
            is_admin: true,
            ..Partner::new("p-1")
        };
        let customer = Customer::default();
        let mut history = Vec::new();
        let mut made = Vec::new();
        for hours in attempts {
            let now = start + Duration::hours(i64::from(*hours));
            let ruling = check(
                policy,
                Initiator::Partner,
                &partner,
                &customer,
                false,
                &history,
                now,
            );
            if ruling.outcome == Verdict::Allowed {
                history.push(HistoryEntry {
                    kind: HistoryKind::Disassociation,
                    initiator: Initiator::Partner,
                    at: now,
                });
                made.push(now);
            } else {
                let reason = ruling.reasons.first().unwrap();
                assert_eq!(reason.code_str(), "disassociation_quota_reached");
                let from = reason.available_from.unwrap();
                assert!(from > now, "available_from {from} is not after {now}");
            }
        }
        made
    }

    proptest! {
        /// Whatever the order of attempts, no window of the policy's length ever holds more
        /// requests than the policy's maximum.
        #[test]
        fn the_quota_never_admits_more_than_the_maximum_in_any_window(
            mut attempts in proptest::collection::vec(0u32..24 * 400, 1..40),
            window in 1u32..=4,
            max in 1u32..=3,
        ) {
            attempts.sort_unstable();
            let policy = Policy::from_json(&format!(
                r#"{{"disassociation_window_months": {window}, "disassociation_max_per_side": {max}}}"#
            )).unwrap();
            let made = simulate(&policy, &attempts);
            let calendar = policy.calendar();
            for first in &made {
                let leaves = calendar.add_months(*first, i32::try_from(window).unwrap());
                let inside = made.iter().filter(|t| *t >= first && **t < leaves).count();
                prop_assert!(inside <= max as usize, "{inside} requests in the window from {first}");
            }
        }

        /// A request the quota refuses is allowed at its `available_from`, not a moment before.
        #[test]
        fn available_from_is_exact(
            mut attempts in proptest::collection::vec(0u32..24 * 200, 1..12),
            probe in 0u32..24 * 300,
        ) {
            attempts.sort_unstable();
            let policy = Policy::preset(Preset::Intl2025);
            let made = simulate(&policy, &attempts);
            let history: Vec<HistoryEntry> = made.iter().map(|t| HistoryEntry {
                kind: HistoryKind::Disassociation,
                initiator: Initiator::Partner,
                at: *t,
            }).collect();
            let now = at("2026-01-31T12:00:00+08:00") + Duration::hours(i64::from(probe));
            if let Some(reason) = quota::check(&policy, &history, Initiator::Partner, now) {
                let from = reason.available_from.unwrap();
                prop_assert!(quota::check(&policy, &history, Initiator::Partner, from).is_none());
                let before = from - Duration::seconds(1);
                prop_assert!(before < now || quota::check(&policy, &history, Initiator::Partner, before).is_some());
            }
        }
    }

    #[test]
    fn the_window_clamps_at_month_end() {
        // Nov 30 + 3 months is Feb 29 in a leap year.
        let history = [HistoryEntry {
            kind: HistoryKind::Disassociation,
            initiator: Initiator::Customer,
            at: at("2027-11-30T23:30:00+08:00"),
        }];
        let partner = Partner::new("p-1");
        let now = at("2028-02-01T00:00:00+08:00");
        let ruling = check(
            &Policy::default(),
            Initiator::Customer,
            &partner,
            &Customer::default(),
            false,
            &history,
            now,
        );
        assert_eq!(
            ruling.reasons[0].available_from,
            Some(at("2028-02-29T23:30:00+08:00"))
        );
    }
}
