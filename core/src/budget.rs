//! Budgets (docs/contract.md, "Freezing, unfreezing and budgets"): after a reseller
//! association the partner sets the customer's budget, monthly (reset on the 1st of each month
//! at local midnight) or one-time (a package that never resets), and may unfreeze the account
//! in the same step. Alerts fire at `budget_alert_percents` of the amount.

use serde::Serialize;
use time::OffsetDateTime;

use crate::facts::{Customer, Partner, PartnerTier};
use crate::freezing::is_resale;
use crate::reason::{Reason, Rule, Verdict};
use crate::strict::names;
use crate::timefmt::rfc3339_option;
use crate::Policy;

names! {
    /// How a budget renews.
    #[derive(Default)]
    pub enum BudgetType {
        /// Renewed on the first day of every calendar month (the default).
        #[default]
        Monthly = "monthly",
        /// A one-time amount that never resets.
        Package = "package",
    }
}

/// A budget the partner sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The amount, in minor units (hundredths): `100000` is 1,000.00.
    pub amount_minor: i64,
    /// Monthly or one-time.
    pub budget_type: BudgetType,
    /// Also lift the partner's freeze of the customer account.
    pub cancel_partner_frozen: bool,
}

/// The answer to setting a budget. The last three are null when it is blocked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BudgetDecision {
    /// Allowed when there is no reason, blocked otherwise.
    pub outcome: Verdict,
    /// Every reason that applies.
    pub reasons: Vec<Reason>,
    /// A monthly budget's next reset: local midnight on the first day of the next month, in
    /// the policy's offset. Null for a package, or when blocked.
    #[serde(with = "rfc3339_option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::timefmt::Timestamp>")
    )]
    pub resets_at: Option<OffsetDateTime>,
    /// The alert thresholds in minor units, one per `budget_alert_percents` entry: the amount
    /// times the percent over 100, rounded down. Null when blocked.
    pub alerts_minor: Option<Vec<i64>>,
    /// Whether setting the budget also unfreezes the account (asked for, and the account is
    /// frozen). Null when blocked.
    pub unfreezes: Option<bool>,
}

/// Checks setting `budget` on `customer`, and what it leads to.
///
/// ```
/// use partner_rules::{budget, parse_timestamp, Customer, Partner, Policy};
/// use partner_rules::facts::{FreezeType, Model};
///
/// // A customer just associated under the reseller model, frozen by default.
/// let customer = Customer {
///     current_model: Some(Model::Reseller),
///     frozen: Some(FreezeType::Account),
///     ..Customer::default()
/// };
/// let monthly = budget::Budget {
///     amount_minor: 100_000, // 1,000.00
///     budget_type: budget::BudgetType::Monthly,
///     cancel_partner_frozen: true,
/// };
/// let now = parse_timestamp("2026-11-25T10:00:00+08:00").unwrap();
/// let decision = budget::set(&Policy::default(), &Partner::new("p-1"), &customer, monthly, now);
/// assert!(decision.reasons.is_empty());
/// assert_eq!(decision.resets_at, Some(parse_timestamp("2026-12-01T00:00:00+08:00").unwrap()));
/// assert_eq!(decision.alerts_minor, Some(vec![75_000, 90_000, 100_000]));
/// assert_eq!(decision.unfreezes, Some(true));
/// ```
pub fn set(
    policy: &Policy,
    partner: &Partner,
    customer: &Customer,
    budget: Budget,
    now: OffsetDateTime,
) -> BudgetDecision {
    let mut reasons = Vec::new();
    if !is_resale(customer) {
        reasons.push(Reason::new(Rule::CustomerNotResale));
    }
    let amount = budget.amount_minor;
    if amount <= 0 || amount > policy.budget_max_minor() {
        reasons.push(Reason::new(Rule::BudgetAmountOutOfRange));
    }
    let quota = partner
        .budget_quota_minor
        .filter(|_| partner.tier == PartnerTier::Reseller);
    if quota.is_some_and(|quota| amount > quota) {
        reasons.push(Reason::new(Rule::BudgetExceedsDistributorQuota));
    }
    if !reasons.is_empty() {
        return BudgetDecision {
            outcome: Verdict::Blocked,
            reasons,
            resets_at: None,
            alerts_minor: None,
            unfreezes: None,
        };
    }
    BudgetDecision {
        outcome: Verdict::Allowed,
        reasons,
        resets_at: match budget.budget_type {
            BudgetType::Monthly => Some(policy.calendar().next_month_start(now)),
            BudgetType::Package => None,
        },
        alerts_minor: Some(alerts(amount, policy.budget_alert_percents())),
        unfreezes: Some(budget.cancel_partner_frozen && customer.frozen.is_some()),
    }
}

/// `amount × percent / 100` for each percent, rounded down (toward zero: amounts here are
/// positive). Computed in 128 bits, so no amount overflows.
pub fn alerts(amount_minor: i64, percents: &[u32]) -> Vec<i64> {
    percents
        .iter()
        .map(|&percent| {
            let share = i128::from(amount_minor) * i128::from(percent) / 100;
            i64::try_from(share).unwrap_or(amount_minor)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{FreezeType, Model};
    use crate::parse_timestamp;

    fn at(text: &str) -> OffsetDateTime {
        parse_timestamp(text).unwrap()
    }

    fn resale() -> Customer {
        Customer {
            current_model: Some(Model::Reseller),
            ..Customer::default()
        }
    }

    fn monthly(amount_minor: i64) -> Budget {
        Budget {
            amount_minor,
            budget_type: BudgetType::Monthly,
            cancel_partner_frozen: false,
        }
    }

    fn codes(decision: &BudgetDecision) -> Vec<&'static str> {
        decision.reasons.iter().map(Reason::code_str).collect()
    }

    #[test]
    fn the_amount_range_is_inclusive_at_the_maximum() {
        let policy = Policy::default();
        let partner = Partner::new("p");
        let now = at("2026-11-25T10:00:00+08:00");
        let max = policy.budget_max_minor();
        assert!(set(&policy, &partner, &resale(), monthly(max), now)
            .reasons
            .is_empty());
        for amount in [max + 1, 0, -1] {
            let decision = set(&policy, &partner, &resale(), monthly(amount), now);
            assert_eq!(codes(&decision), ["budget_amount_out_of_range"], "{amount}");
            assert_eq!(decision.resets_at, None);
            assert_eq!(decision.alerts_minor, None);
            assert_eq!(decision.unfreezes, None);
        }
    }

    #[test]
    fn a_distributor_quota_binds_second_tier_resellers_only() {
        let policy = Policy::default();
        let now = at("2026-11-25T10:00:00+08:00");
        let reseller = Partner {
            tier: PartnerTier::Reseller,
            budget_quota_minor: Some(50_000),
            ..Partner::new("p")
        };
        assert!(set(&policy, &reseller, &resale(), monthly(50_000), now)
            .reasons
            .is_empty());
        assert_eq!(
            codes(&set(&policy, &reseller, &resale(), monthly(50_001), now)),
            ["budget_exceeds_distributor_quota"]
        );
        let direct = Partner {
            tier: PartnerTier::Direct,
            ..reseller
        };
        assert!(set(&policy, &direct, &resale(), monthly(50_001), now)
            .reasons
            .is_empty());
    }

    #[test]
    fn monthly_budgets_reset_at_local_midnight_on_the_first() {
        let policy = Policy::default();
        let partner = Partner::new("p");
        let cases = [
            // Across the year end, `now` given in another offset.
            ("2026-12-31T15:59:59Z", "2027-01-01T00:00:00+08:00"),
            ("2026-12-31T16:00:00Z", "2027-02-01T00:00:00+08:00"),
            // Exactly at a reset: the next one is a month later.
            ("2026-12-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00"),
        ];
        for (now, reset) in cases {
            let decision = set(&policy, &partner, &resale(), monthly(1), at(now));
            assert_eq!(decision.resets_at, Some(at(reset)), "{now}");
        }
        let package = Budget {
            budget_type: BudgetType::Package,
            ..monthly(1)
        };
        let decision = set(&policy, &partner, &resale(), package, at(cases[0].0));
        assert_eq!(decision.resets_at, None);
    }

    #[test]
    fn unfreezes_only_a_frozen_account_when_asked() {
        let policy = Policy::default();
        let partner = Partner::new("p");
        let now = at("2026-11-25T10:00:00+08:00");
        let frozen = Customer {
            frozen: Some(FreezeType::Account),
            ..resale()
        };
        let lift = Budget {
            cancel_partner_frozen: true,
            ..monthly(100)
        };
        assert_eq!(
            set(&policy, &partner, &frozen, lift, now).unfreezes,
            Some(true)
        );
        assert_eq!(
            set(&policy, &partner, &resale(), lift, now).unfreezes,
            Some(false)
        );
        assert_eq!(
            set(&policy, &partner, &frozen, monthly(100), now).unfreezes,
            Some(false)
        );
    }

    #[test]
    fn alerts_round_down() {
        assert_eq!(alerts(333, &[75, 90, 100]), [249, 299, 333]);
        assert_eq!(alerts(i64::MAX, &[100]), [i64::MAX]);
    }

    proptest::proptest! {
        #[test]
        fn alerts_never_exceed_the_amount_and_never_decrease(
            amount in 1..=i64::MAX,
            raw in proptest::collection::btree_set(1u32..=100, 0..8),
        ) {
            let percents: Vec<u32> = raw.into_iter().collect();
            let thresholds = alerts(amount, &percents);
            proptest::prop_assert_eq!(thresholds.len(), percents.len());
            proptest::prop_assert!(thresholds.iter().all(|&t| (0..=amount).contains(&t)));
            proptest::prop_assert!(thresholds.windows(2).all(|w| w[0] <= w[1]));
        }
    }
}
