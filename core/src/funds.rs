//! Fund recovery (docs/contract.md, "Verification codes"): only customers with available quota can be selected for a
//! batch recovery.

use crate::reason::{Reason, Rule};

/// Why a customer cannot be selected for fund recovery: `no_available_quota` when its
/// available quota (in minor units) is not greater than 0.
///
/// ```
/// use partner_rules::funds;
/// assert!(funds::recovery_refusal(1).is_none());
/// assert_eq!(funds::recovery_refusal(0).unwrap().code_str(), "no_available_quota");
/// ```
pub fn recovery_refusal(available_quota_minor: i64) -> Option<Reason> {
    (available_quota_minor <= 0).then(|| Reason::new(Rule::NoAvailableQuota))
}
