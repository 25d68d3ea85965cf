//! Fund recovery (docs/contract.md, "Fund recovery and remitter names"): the partner selects
//! customers, sets an amount to recover from each and confirms. Only customers with available
//! quota can be selected, an amount must be positive and within that quota, and a partner that
//! enabled verification codes must have verified one.

use serde::Deserialize;

use crate::facts::Partner;
use crate::freezing::needs_code;
use crate::reason::{ItemResult, Reason, Rule};

/// A customer selected for recovery.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "FundsCustomer")
)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    /// The customer.
    pub id: String,
    /// Its available quota, in minor units.
    pub available_quota_minor: i64,
    /// The amount to recover, in minor units; absent: only whether the customer may be selected.
    #[serde(default)]
    pub amount_minor: Option<i64>,
}

/// Checks each selected customer, in order. `partner` absent: no verification-code rule.
///
/// ```
/// use partner_rules::{funds, Partner};
/// let selected = [
///     funds::Selection { id: "c-1".into(), available_quota_minor: 5_000, amount_minor: Some(5_000) },
///     funds::Selection { id: "c-2".into(), available_quota_minor: 5_000, amount_minor: Some(5_001) },
/// ];
/// let partner = Partner { verification_code_enabled: true, ..Partner::new("p-1") };
/// let results = funds::recover(Some(&partner), true, &selected);
/// assert!(results[0].reasons.is_empty());
/// assert_eq!(results[1].reasons[0].code_str(), "recovery_amount_exceeds_quota");
/// ```
pub fn recover(
    partner: Option<&Partner>,
    verification_code_verified: bool,
    customers: &[Selection],
) -> Vec<ItemResult> {
    customers
        .iter()
        .map(|customer| {
            let reasons = reasons(partner, verification_code_verified, customer);
            ItemResult::new(customer.id.clone(), reasons)
        })
        .collect()
}

/// Why the funds of one selected customer cannot be recovered; empty: they can. What
/// [`recover`] answers for each customer, for a caller that owns the selections and would
/// rather move each id into its result than copy it (the JSON contract does).
///
/// ```
/// use partner_rules::funds;
/// let selected = funds::Selection { id: "c-1".into(), available_quota_minor: 0, amount_minor: None };
/// let reasons = funds::reasons(None, false, &selected);
/// assert_eq!(reasons[0].code_str(), "no_available_quota");
/// ```
pub fn reasons(
    partner: Option<&Partner>,
    verification_code_verified: bool,
    customer: &Selection,
) -> Vec<Reason> {
    let mut reasons = Vec::new();
    if partner.is_some_and(|p| needs_code(p, verification_code_verified)) {
        reasons.push(Reason::new(Rule::VerificationCodeRequired));
    }
    let quota = customer.available_quota_minor;
    if quota <= 0 {
        reasons.push(Reason::new(Rule::NoAvailableQuota));
    }
    if let Some(amount) = customer.amount_minor {
        if amount <= 0 {
            reasons.push(Reason::new(Rule::RecoveryAmountNotPositive));
        }
        if quota > 0 && amount > quota {
            reasons.push(Reason::new(Rule::RecoveryAmountExceedsQuota));
        }
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(
        partner: Option<&Partner>,
        verified: bool,
        quota: i64,
        amount: Option<i64>,
    ) -> Vec<&'static str> {
        let selected = [Selection {
            id: "c".into(),
            available_quota_minor: quota,
            amount_minor: amount,
        }];
        recover(partner, verified, &selected)[0]
            .reasons
            .iter()
            .map(Reason::code_str)
            .collect()
    }

    #[test]
    fn each_reason_at_its_boundary() {
        assert!(codes(None, false, 1, None).is_empty());
        assert_eq!(codes(None, false, 0, None), ["no_available_quota"]);
        assert!(codes(None, false, 100, Some(100)).is_empty());
        assert_eq!(
            codes(None, false, 100, Some(101)),
            ["recovery_amount_exceeds_quota"]
        );
        assert_eq!(
            codes(None, false, 100, Some(0)),
            ["recovery_amount_not_positive"]
        );
        // No quota: the amount is not also said to exceed it.
        assert_eq!(codes(None, false, 0, Some(5)), ["no_available_quota"]);
        assert_eq!(
            codes(None, false, -1, Some(-1)),
            ["no_available_quota", "recovery_amount_not_positive"]
        );
    }

    #[test]
    fn the_verification_code_rule_needs_a_partner_that_enabled_codes() {
        let enabled = Partner {
            verification_code_enabled: true,
            ..Partner::new("p")
        };
        assert_eq!(
            codes(Some(&enabled), false, 0, None),
            ["verification_code_required", "no_available_quota"]
        );
        assert!(codes(Some(&enabled), true, 1, None).is_empty());
        assert!(codes(Some(&Partner::new("p")), false, 1, None).is_empty());
    }
}
