//! Policy timelines: the policies in force over time. Rules change on dates (the international
//! guides moved from one to three disassociations per three months during 2025), so a host can
//! give the policy of each period instead of one policy. The entry in force at an instant is the
//! last one whose `from` is at or before it.

use serde::Serialize;
use time::OffsetDateTime;

use crate::input_error::{InputError, Location};
use crate::timefmt::{format_timestamp, rfc3339};
use crate::Policy;

/// The policies in force over time: one policy in force at every instant, or dated entries.
///
/// ```
/// use partner_rules::{parse_timestamp, Policy, PolicyTimeline, Preset};
///
/// let timeline = PolicyTimeline::dated(vec![
///     (parse_timestamp("2024-01-01T00:00:00+08:00").unwrap(), Policy::preset(Preset::Intl2024)),
///     (parse_timestamp("2025-07-01T00:00:00+08:00").unwrap(), Policy::preset(Preset::Intl2025)),
/// ]).unwrap();
/// let at = |t| timeline.policy_at(Some(parse_timestamp(t).unwrap())).unwrap().preset_name();
/// assert_eq!(at("2025-06-30T23:59:59+08:00"), "intl-2024");
/// assert_eq!(at("2025-07-01T00:00:00+08:00"), "intl-2025");
/// // A single policy is in force at every instant.
/// let always = PolicyTimeline::from(Policy::default());
/// assert!(always.policy_at(None).is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyTimeline(Periods);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Periods {
    Always(Policy),
    /// At least one entry, `from` strictly increasing.
    Dated(Vec<Dated>),
}

/// One entry of a dated timeline: the policy in force from an instant on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dated {
    /// When it comes into force.
    #[serde(with = "rfc3339")]
    pub from: OffsetDateTime,
    /// The policy in force from then on, until the next entry.
    pub policy: Policy,
}

impl PolicyTimeline {
    /// A dated timeline: at least one entry, their instants strictly increasing. Error
    /// locations are relative to the timeline object (`timeline[1].from`).
    pub fn dated(entries: Vec<(OffsetDateTime, Policy)>) -> Result<PolicyTimeline, InputError> {
        if entries.is_empty() {
            return Err(InputError::new(
                Location::field("timeline"),
                "expected at least one entry, such as `{\"from\": \"2025-01-01T00:00:00+08:00\", \"policy\": \"intl-2025\"}`",
            ));
        }
        for (index, pair) in entries.windows(2).enumerate() {
            if let [(earlier, _), (later, _)] = pair {
                if later <= earlier {
                    return Err(InputError::new(
                        Location::field("timeline").item(index + 1).then("from"),
                        format!(
                            "expected an instant after the previous entry's `{}`, got `{}`",
                            shown(*earlier),
                            shown(*later)
                        ),
                    ));
                }
            }
        }
        let entries = entries
            .into_iter()
            .map(|(from, policy)| Dated { from, policy })
            .collect();
        Ok(PolicyTimeline(Periods::Dated(entries)))
    }

    /// The policy in force at `instant`; with no instant (an op that takes no time), the last
    /// entry. An instant before the first entry has no policy in force: an error at
    /// `timeline`.
    pub fn policy_at(&self, instant: Option<OffsetDateTime>) -> Result<&Policy, InputError> {
        let entries = match &self.0 {
            Periods::Always(policy) => return Ok(policy),
            Periods::Dated(entries) => entries,
        };
        let in_force = match instant {
            Some(t) => entries.iter().rev().find(|entry| entry.from <= t),
            None => entries.last(),
        };
        in_force.map(|entry| &entry.policy).ok_or_else(|| {
            let first = entries.first().map(|e| shown(e.from)).unwrap_or_default();
            let at = instant.map(shown).unwrap_or_default();
            InputError::new(
                Location::field("timeline"),
                format!("no entry is in force at `{at}`: the first comes into force at `{first}`"),
            )
        })
    }

    /// The single policy in force at every instant, if this is not a dated timeline.
    pub fn single(&self) -> Option<&Policy> {
        match &self.0 {
            Periods::Always(policy) => Some(policy),
            Periods::Dated(_) => None,
        }
    }

    /// The entries of a dated timeline (empty for a single policy).
    pub fn entries(&self) -> &[Dated] {
        match &self.0 {
            Periods::Always(_) => &[],
            Periods::Dated(entries) => entries,
        }
    }
}

impl From<Policy> for PolicyTimeline {
    fn from(policy: Policy) -> Self {
        PolicyTimeline(Periods::Always(policy))
    }
}

impl Default for PolicyTimeline {
    /// The default policy (`intl-2024`) at every instant.
    fn default() -> Self {
        PolicyTimeline::from(Policy::default())
    }
}

/// Serializes as the form it reads from: a policy, or `{"timeline": [{from, policy}, ...]}`.
impl Serialize for PolicyTimeline {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Form<'a> {
            timeline: &'a [Dated],
        }
        match &self.0 {
            Periods::Always(policy) => policy.serialize(s),
            Periods::Dated(timeline) => Form { timeline }.serialize(s),
        }
    }
}

fn shown(t: OffsetDateTime) -> String {
    format_timestamp(t).unwrap_or_else(|_| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_timestamp, Preset};

    fn at(text: &str) -> OffsetDateTime {
        parse_timestamp(text).unwrap()
    }

    #[test]
    fn entries_must_increase_strictly() {
        let same = at("2025-01-01T00:00:00Z");
        let err = PolicyTimeline::dated(vec![
            (same, Policy::default()),
            (same, Policy::preset(Preset::Cn)),
        ])
        .unwrap_err();
        assert_eq!(
            err.location(),
            &Location::field("timeline").item(1).then("from")
        );
        assert!(PolicyTimeline::dated(Vec::new()).is_err());
    }

    #[test]
    fn the_switch_instant_belongs_to_the_new_entry() {
        let switch = at("2025-07-01T00:00:00+08:00");
        let timeline = PolicyTimeline::dated(vec![
            (at("2024-01-01T00:00:00+08:00"), Policy::default()),
            (switch, Policy::preset(Preset::Intl2025)),
        ])
        .unwrap();
        let before = switch - time::Duration::nanoseconds(1);
        assert_eq!(
            timeline.policy_at(Some(before)).unwrap().preset_kind(),
            Preset::Intl2024
        );
        assert_eq!(
            timeline.policy_at(Some(switch)).unwrap().preset_kind(),
            Preset::Intl2025
        );
        assert_eq!(
            timeline.policy_at(None).unwrap().preset_kind(),
            Preset::Intl2025
        );
        let err = timeline
            .policy_at(Some(at("2023-12-31T23:59:59+08:00")))
            .unwrap_err();
        assert_eq!(err.location(), &Location::field("timeline"));
    }
}
