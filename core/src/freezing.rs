//! Freezing and unfreezing customer accounts after association (docs/contract.md, "Freezing,
//! unfreezing and budgets"). A partner may freeze or unfreeze only its own reseller-model
//! customers, a batch of at most `max_customers_per_freeze` at a time. Freezing resources too
//! starts a clock: `resource_release_days` after `frozen_at` the resources are released and
//! their data deleted, and the account can no longer be unfrozen with its resources.
//!
//! Both checks answer per customer, in request order: the request-level reasons (about the
//! batch, the reason text, the partner) repeated in every item, then the customer's own.

use serde::Serialize;
use time::OffsetDateTime;

use crate::calendar::add_days;
use crate::facts::{Customer, FreezeType, Model, Partner, PartnerTier};
use crate::input_error::{InputError, Location};
use crate::reason::{ItemResult, Reason, Rule, Verdict};
use crate::timefmt::rfc3339_option;
use crate::Policy;

/// A freeze the partner asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Freeze<'a> {
    /// The account alone, or the account and its resources.
    pub freeze_type: FreezeType,
    /// Why, as the partner wrote it; required, at most `freeze_reason_max_chars` characters.
    pub reason: Option<&'a str>,
    /// A verification code was verified for this operation.
    pub verification_code_verified: bool,
}

/// An unfreeze the partner asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unfreeze {
    /// Must be the type the account was frozen with.
    pub unfreeze_type: FreezeType,
    /// A verification code was verified for this operation.
    pub verification_code_verified: bool,
}

/// The answer for one customer of a freeze: `{id, outcome, reasons, release_at}` on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FreezeResult {
    /// The customer's id.
    pub id: String,
    /// Allowed when there is no reason, blocked otherwise.
    pub outcome: Verdict,
    /// Every reason that applies: the request's, then the customer's.
    pub reasons: Vec<Reason>,
    /// For an allowed freeze of the account and its resources: when the resources are released
    /// and their data deleted unless the account is unfrozen first. Null otherwise.
    #[serde(with = "rfc3339_option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::timefmt::Timestamp>")
    )]
    pub release_at: Option<OffsetDateTime>,
}

/// Checks freezing each of `customers` (answered by id, so each needs one).
///
/// ```
/// use partner_rules::{freezing, parse_timestamp, Customer, Partner, Policy};
/// use partner_rules::facts::{FreezeType, Model};
///
/// let now = parse_timestamp("2026-11-25T10:00:00+08:00").unwrap();
/// let customer = Customer { id: Some("c-1".into()), current_model: Some(Model::Reseller), ..Customer::default() };
/// let freeze = freezing::Freeze {
///     freeze_type: FreezeType::AccountAndResource,
///     reason: Some("overdue payments"),
///     verification_code_verified: false,
/// };
/// let results = freezing::freeze(&Policy::default(), &Partner::new("p-1"), &[customer], freeze, now).unwrap();
/// assert!(results[0].reasons.is_empty());
/// // Resources are released 15 days after the freeze unless it is lifted first.
/// assert_eq!(results[0].release_at, Some(parse_timestamp("2026-12-10T10:00:00+08:00").unwrap()));
/// ```
pub fn freeze(
    policy: &Policy,
    partner: &Partner,
    customers: &[Customer],
    freeze: Freeze<'_>,
    now: OffsetDateTime,
) -> Result<Vec<FreezeResult>, InputError> {
    let mut shared = Vec::new();
    if too_many(policy, customers) {
        shared.push(Reason::new(Rule::TooManyCustomers));
    }
    let reason = freeze.reason.unwrap_or_default();
    if reason.trim().is_empty() {
        shared.push(Reason::new(Rule::FreezeReasonRequired));
    } else if exceeds_chars(reason, policy.freeze_reason_max_chars()) {
        shared.push(Reason::new(Rule::FreezeReasonTooLong));
    }
    if freeze.freeze_type == FreezeType::AccountAndResource
        && partner.tier == PartnerTier::Reseller
        && !partner.resource_freeze_authorized
    {
        shared.push(Reason::new(Rule::ResourceFreezeNotAuthorized));
    }
    if needs_code(partner, freeze.verification_code_verified) {
        shared.push(Reason::new(Rule::VerificationCodeRequired));
    }
    let release_at = match freeze.freeze_type {
        FreezeType::AccountAndResource => Some(release_instant(policy, now)),
        FreezeType::Account => None,
    };
    customers
        .iter()
        .enumerate()
        .map(|(i, customer)| {
            let mut reasons = shared.clone();
            if !is_resale(customer) {
                reasons.push(Reason::new(Rule::CustomerNotResale));
            }
            if customer.frozen == Some(freeze.freeze_type)
                || customer.frozen == Some(FreezeType::AccountAndResource)
            {
                reasons.push(Reason::new(Rule::CustomerAlreadyFrozen));
            }
            let outcome = Verdict::from_reasons(&reasons);
            Ok(FreezeResult {
                id: id_of(customer, i)?,
                release_at: release_at.filter(|_| outcome == Verdict::Allowed),
                outcome,
                reasons,
            })
        })
        .collect()
}

/// Checks unfreezing each of `customers` (answered by id, so each needs one).
///
/// ```
/// use partner_rules::{freezing, parse_timestamp, Customer, Partner, Policy};
/// use partner_rules::facts::{FreezeType, Model};
///
/// let frozen_at = parse_timestamp("2026-11-01T10:00:00+08:00").unwrap();
/// let customer = Customer {
///     id: Some("c-1".into()),
///     current_model: Some(Model::Reseller),
///     frozen: Some(FreezeType::AccountAndResource),
///     frozen_at: Some(frozen_at),
///     ..Customer::default()
/// };
/// let unfreeze = freezing::Unfreeze { unfreeze_type: FreezeType::AccountAndResource, verification_code_verified: false };
/// // Exactly 15 days after the freeze the resources are gone.
/// let now = parse_timestamp("2026-11-16T10:00:00+08:00").unwrap();
/// let results = freezing::unfreeze(&Policy::default(), &Partner::new("p-1"), &[customer], unfreeze, now).unwrap();
/// assert_eq!(results[0].reasons[0].code_str(), "resources_released");
/// ```
pub fn unfreeze(
    policy: &Policy,
    partner: &Partner,
    customers: &[Customer],
    unfreeze: Unfreeze,
    now: OffsetDateTime,
) -> Result<Vec<ItemResult>, InputError> {
    let mut shared = Vec::new();
    if too_many(policy, customers) {
        shared.push(Reason::new(Rule::TooManyCustomers));
    }
    if partner.frozen && unfreeze.unfreeze_type == FreezeType::AccountAndResource {
        shared.push(Reason::new(Rule::PartnerFrozenCannotUnfreezeResources));
    }
    if needs_code(partner, unfreeze.verification_code_verified) {
        shared.push(Reason::new(Rule::VerificationCodeRequired));
    }
    customers
        .iter()
        .enumerate()
        .map(|(i, customer)| {
            let mut reasons = shared.clone();
            if !is_resale(customer) {
                reasons.push(Reason::new(Rule::CustomerNotResale));
            }
            match customer.frozen {
                None => reasons.push(Reason::new(Rule::CustomerNotFrozen)),
                Some(frozen) if frozen != unfreeze.unfreeze_type => {
                    reasons.push(Reason::new(Rule::UnfreezeTypeMismatch));
                }
                Some(_) => {}
            }
            if released(policy, customer, now) {
                reasons.push(Reason::new(Rule::ResourcesReleased));
            }
            Ok(ItemResult::new(id_of(customer, i)?, reasons))
        })
        .collect()
}

/// When resources frozen at `frozen_at` are released: `resource_release_days` days later, in
/// the policy's offset (the last instant of the supported range if that is beyond it).
pub fn release_instant(policy: &Policy, frozen_at: OffsetDateTime) -> OffsetDateTime {
    let released = add_days(frozen_at, policy.resource_release_days());
    policy.calendar().localize(released)
}

/// Frozen with its resources, and the release instant has come (`frozen_at` is needed).
fn released(policy: &Policy, customer: &Customer, now: OffsetDateTime) -> bool {
    customer.frozen == Some(FreezeType::AccountAndResource)
        && customer
            .frozen_at
            .is_some_and(|at| now >= release_instant(policy, at))
}

/// The partner's own reseller-model customer (the facts a host passes are the partner's).
pub(crate) fn is_resale(customer: &Customer) -> bool {
    customer.current_model == Some(Model::Reseller)
}

fn too_many(policy: &Policy, customers: &[Customer]) -> bool {
    customers.len() > usize::try_from(policy.max_customers_per_freeze()).unwrap_or(usize::MAX)
}

/// Verification codes are enabled and none was verified.
pub(crate) fn needs_code(partner: &Partner, verified: bool) -> bool {
    partner.verification_code_enabled && !verified
}

/// More than `max` characters (Unicode scalar values), counted only as far as needed.
fn exceeds_chars(text: &str, max: u32) -> bool {
    let max = usize::try_from(max).unwrap_or(usize::MAX);
    text.chars().nth(max).is_some()
}

fn id_of(customer: &Customer, index: usize) -> Result<String, InputError> {
    customer.id.clone().ok_or_else(|| {
        InputError::new(
            Location::field("customers").item(index).then("id"),
            "missing field `id`: each customer is answered by its id",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_timestamp;

    fn at(text: &str) -> OffsetDateTime {
        parse_timestamp(text).unwrap()
    }

    fn resale(id: &str) -> Customer {
        Customer {
            id: Some(id.into()),
            current_model: Some(Model::Reseller),
            ..Customer::default()
        }
    }

    fn codes(reasons: &[Reason]) -> Vec<&'static str> {
        reasons.iter().map(Reason::code_str).collect()
    }

    const NOW: &str = "2026-11-25T10:00:00+08:00";

    fn account(reason: &str) -> Freeze<'_> {
        Freeze {
            freeze_type: FreezeType::Account,
            reason: Some(reason),
            verification_code_verified: false,
        }
    }

    #[test]
    fn a_batch_of_the_limit_passes_and_one_more_fails_every_item() {
        let policy = Policy::default();
        let ten: Vec<Customer> = (0..10).map(|i| resale(&format!("c-{i}"))).collect();
        let partner = Partner::new("p");
        let results = freeze(&policy, &partner, &ten, account("r"), at(NOW)).unwrap();
        assert!(results.iter().all(|r| r.outcome == Verdict::Allowed));
        let eleven: Vec<Customer> = (0..11).map(|i| resale(&format!("c-{i}"))).collect();
        let results = freeze(&policy, &partner, &eleven, account("r"), at(NOW)).unwrap();
        assert_eq!(results.len(), 11);
        assert!(results
            .iter()
            .all(|r| codes(&r.reasons) == ["too_many_customers"]));
    }

    #[test]
    fn reasons_are_counted_in_characters() {
        let policy = Policy::default();
        let partner = Partner::new("p");
        let fits = "冻".repeat(256);
        let over = "冻".repeat(257);
        let c = [resale("c")];
        assert!(
            freeze(&policy, &partner, &c, account(&fits), at(NOW)).unwrap()[0]
                .reasons
                .is_empty()
        );
        let results = freeze(&policy, &partner, &c, account(&over), at(NOW)).unwrap();
        assert_eq!(codes(&results[0].reasons), ["freeze_reason_too_long"]);
        let results = freeze(&policy, &partner, &c, account(" \t "), at(NOW)).unwrap();
        assert_eq!(codes(&results[0].reasons), ["freeze_reason_required"]);
    }

    #[test]
    fn every_reason_in_the_contract_order() {
        let policy = Policy::default();
        let partner = Partner {
            tier: PartnerTier::Reseller,
            verification_code_enabled: true,
            ..Partner::new("p")
        };
        let mut customers: Vec<Customer> = (0..11).map(|i| resale(&format!("c-{i}"))).collect();
        customers[0] = Customer {
            id: Some("x".into()),
            current_model: Some(Model::Referral),
            frozen: Some(FreezeType::AccountAndResource),
            ..Customer::default()
        };
        let request = Freeze {
            freeze_type: FreezeType::AccountAndResource,
            reason: None,
            verification_code_verified: false,
        };
        let results = freeze(&policy, &partner, &customers, request, at(NOW)).unwrap();
        assert_eq!(
            codes(&results[0].reasons),
            [
                "too_many_customers",
                "freeze_reason_required",
                "resource_freeze_not_authorized",
                "verification_code_required",
                "customer_not_resale",
                "customer_already_frozen"
            ]
        );
        assert_eq!(results[0].release_at, None);
    }

    #[test]
    fn an_account_freeze_can_grow_to_resources_but_not_repeat() {
        let policy = Policy::default();
        let partner = Partner::new("p");
        let frozen = Customer {
            frozen: Some(FreezeType::Account),
            ..resale("c")
        };
        let again = freeze(
            &policy,
            &partner,
            std::slice::from_ref(&frozen),
            account("r"),
            at(NOW),
        )
        .unwrap();
        assert_eq!(codes(&again[0].reasons), ["customer_already_frozen"]);
        let wider = Freeze {
            freeze_type: FreezeType::AccountAndResource,
            ..account("r")
        };
        let grown = freeze(&policy, &partner, &[frozen], wider, at(NOW)).unwrap();
        assert!(grown[0].reasons.is_empty());
        assert_eq!(grown[0].release_at, Some(at("2026-12-10T10:00:00+08:00")));
    }

    #[test]
    fn resources_are_released_exactly_at_the_release_instant() {
        let policy = Policy::default();
        let customer = Customer {
            frozen: Some(FreezeType::AccountAndResource),
            frozen_at: Some(at("2026-11-01T10:00:00+08:00")),
            ..resale("c")
        };
        let unfreeze_both = Unfreeze {
            unfreeze_type: FreezeType::AccountAndResource,
            verification_code_verified: false,
        };
        let partner = Partner::new("p");
        let before = unfreeze(
            &policy,
            &partner,
            std::slice::from_ref(&customer),
            unfreeze_both,
            at("2026-11-16T09:59:59+08:00"),
        )
        .unwrap();
        assert!(before[0].reasons.is_empty());
        let exactly = unfreeze(
            &policy,
            &partner,
            &[customer],
            unfreeze_both,
            at("2026-11-16T02:00:00Z"),
        )
        .unwrap();
        assert_eq!(codes(&exactly[0].reasons), ["resources_released"]);
    }

    #[test]
    fn unfreezing_needs_the_freeze_type_and_a_partner_free_to_unfreeze_resources() {
        let policy = Policy::default();
        let partner = Partner {
            frozen: true,
            ..Partner::new("p")
        };
        let customer = Customer {
            frozen: Some(FreezeType::Account),
            ..resale("c")
        };
        let request = Unfreeze {
            unfreeze_type: FreezeType::AccountAndResource,
            verification_code_verified: false,
        };
        let results = unfreeze(
            &policy,
            &partner,
            &[customer, resale("d")],
            request,
            at(NOW),
        )
        .unwrap();
        assert_eq!(
            codes(&results[0].reasons),
            [
                "partner_frozen_cannot_unfreeze_resources",
                "unfreeze_type_mismatch"
            ]
        );
        assert_eq!(
            codes(&results[1].reasons),
            [
                "partner_frozen_cannot_unfreeze_resources",
                "customer_not_frozen"
            ]
        );
    }

    #[test]
    fn a_customer_without_an_id_is_an_error_at_its_place() {
        let err = freeze(
            &Policy::default(),
            &Partner::new("p"),
            &[resale("c"), Customer::default()],
            account("r"),
            at(NOW),
        )
        .unwrap_err();
        assert_eq!(err.location().to_string(), "customers[1].id");
    }
}
