//! The disassociation quota (docs/contract.md, "Association" to "Disassociation"): each side may make at most
//! `disassociation_max_per_side` requests in a sliding window of `disassociation_window_months`
//! calendar months; under `cn` type switches count against the same quota.

use time::OffsetDateTime;

use crate::facts::{HistoryEntry, HistoryKind, Initiator};
use crate::reason::{Reason, Rule};
use crate::Policy;

/// Whether `initiator` may make one more request now. `None`: it may. Otherwise the
/// `disassociation_quota_reached` reason, available from the instant enough of the counted
/// requests have left the window for one more to fit (with a full quota, when the oldest leaves).
///
/// A request made at `at` counts while `now < at + window` (calendar months, month-end clamped):
/// it leaves the window at that instant.
///
/// ```
/// use partner_rules::{quota, parse_timestamp, Policy};
/// use partner_rules::facts::{HistoryEntry, HistoryKind, Initiator};
///
/// let policy = Policy::default(); // 1 request per side per 3 months
/// let history = [HistoryEntry {
///     kind: HistoryKind::Disassociation,
///     initiator: Initiator::Partner,
///     at: parse_timestamp("2026-08-31T09:00:00+08:00").unwrap(),
/// }];
/// let now = parse_timestamp("2026-11-21T10:00:00+08:00").unwrap();
/// let reason = quota::check(&policy, &history, Initiator::Partner, now).unwrap();
/// assert_eq!(reason.code_str(), "disassociation_quota_reached");
/// // Aug 31 + 3 months clamps to Nov 30.
/// assert_eq!(reason.available_from, Some(parse_timestamp("2026-11-30T09:00:00+08:00").unwrap()));
/// assert!(quota::check(&policy, &history, Initiator::Customer, now).is_none());
/// ```
pub fn check(
    policy: &Policy,
    history: &[HistoryEntry],
    initiator: Initiator,
    now: OffsetDateTime,
) -> Option<Reason> {
    let calendar = policy.calendar();
    let months = i32::try_from(policy.disassociation_window_months()).unwrap_or(i32::MAX);
    let mut leaves: Vec<OffsetDateTime> = history
        .iter()
        .filter(|entry| entry.initiator == initiator && counts(policy, entry.kind))
        .map(|entry| calendar.add_months(entry.at, months))
        .filter(|leaves_at| now < *leaves_at)
        .collect();
    let max = usize::try_from(policy.disassociation_max_per_side()).unwrap_or(usize::MAX);
    if leaves.len() < max {
        return None;
    }
    leaves.sort_unstable();
    // One more fits once `len - max + 1` requests have left: the (len - max)-th leaving time.
    let available_from = leaves.get(leaves.len() - max).copied();
    Some(Reason {
        code: Rule::DisassociationQuotaReached.into(),
        available_from: available_from.map(|t| calendar.localize(t)),
    })
}

/// Disassociations always count; type switches only where the policy shares the quota.
fn counts(policy: &Policy, kind: HistoryKind) -> bool {
    match kind {
        HistoryKind::Disassociation => true,
        HistoryKind::TypeSwitch => policy.switch_shares_disassociation_quota(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_timestamp, Preset};

    fn entry(kind: HistoryKind, initiator: Initiator, at: &str) -> HistoryEntry {
        HistoryEntry {
            kind,
            initiator,
            at: parse_timestamp(at).unwrap(),
        }
    }

    #[test]
    fn switches_count_only_under_cn() {
        let history = [entry(
            HistoryKind::TypeSwitch,
            Initiator::Partner,
            "2026-11-01T00:00:00+08:00",
        )];
        let now = parse_timestamp("2026-11-21T00:00:00+08:00").unwrap();
        assert!(check(
            &Policy::preset(Preset::Intl2024),
            &history,
            Initiator::Partner,
            now
        )
        .is_none());
        assert!(check(
            &Policy::preset(Preset::Cn),
            &history,
            Initiator::Partner,
            now
        )
        .is_some());
    }

    #[test]
    fn a_request_leaves_the_window_at_its_anniversary() {
        let history = [entry(
            HistoryKind::Disassociation,
            Initiator::Customer,
            "2026-08-21T10:00:00+08:00",
        )];
        let policy = Policy::default();
        let just_before = parse_timestamp("2026-11-21T09:59:59+08:00").unwrap();
        let at = parse_timestamp("2026-11-21T10:00:00+08:00").unwrap();
        assert!(check(&policy, &history, Initiator::Customer, just_before).is_some());
        assert!(check(&policy, &history, Initiator::Customer, at).is_none());
    }

    #[test]
    fn with_several_allowed_the_right_one_must_leave() {
        let policy = Policy::preset(Preset::Intl2025); // 3 per 3 months
        let history = [
            entry(
                HistoryKind::Disassociation,
                Initiator::Partner,
                "2026-10-05T00:00:00+08:00",
            ),
            entry(
                HistoryKind::Disassociation,
                Initiator::Partner,
                "2026-09-01T00:00:00+08:00",
            ),
            entry(
                HistoryKind::Disassociation,
                Initiator::Partner,
                "2026-11-10T00:00:00+08:00",
            ),
            entry(
                HistoryKind::Disassociation,
                Initiator::Partner,
                "2026-09-20T00:00:00+08:00",
            ),
        ];
        let now = parse_timestamp("2026-11-21T00:00:00+08:00").unwrap();
        // Four counted, three allowed: two must leave; the second to leave is Sep 20's.
        let reason = check(&policy, &history, Initiator::Partner, now).unwrap();
        assert_eq!(
            reason.available_from,
            Some(parse_timestamp("2026-12-20T00:00:00+08:00").unwrap())
        );
    }
}
