//! Remitter names (docs/contract.md, "Fund recovery and remitter names"): at most
//! `max_active_remitter_names` can be in effect at once; to add or update one at the limit,
//! the partner first invalidates a payment-on-behalf agreement.

use crate::reason::{Reason, Rule, Ruling};
use crate::strict::names;
use crate::Policy;

names! {
    schema "RemitterAction";
    /// What the partner does with a remitter name.
    pub enum Action {
        /// Adds a new remitter name.
        Add = "add",
        /// Changes one in effect.
        Update = "update",
    }
}

/// Whether the partner may add or update a remitter name while `active` are in effect. The
/// guide refuses both alike at the limit, so the [`Action`] does not change the answer.
///
/// ```
/// use partner_rules::{remitters, Policy};
/// let policy = Policy::default();
/// assert!(remitters::check(&policy, 4).reasons.is_empty());
/// let full = remitters::check(&policy, 5);
/// assert_eq!(full.reasons[0].code_str(), "remitter_name_limit_reached");
/// ```
pub fn check(policy: &Policy, active: u32) -> Ruling {
    let mut reasons = Vec::new();
    if active >= policy.max_active_remitter_names() {
        reasons.push(Reason::new(Rule::RemitterNameLimitReached));
    }
    Ruling::new(reasons)
}
