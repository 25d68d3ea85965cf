//! Verification codes (docs/contract.md, "Verification codes"): the timeout a send-code request gets, and which mobile
//! numbers it accepts.

use crate::input_error::{grouped, InputError, Location};
use crate::reason::{Reason, Rule, Ruling};
use crate::strict::names;
use crate::Policy;

names! {
    /// The send-code API a request goes to.
    #[derive(Default)]
    pub enum Api {
        /// The legacy API: lenient, it replaces a too-long timeout instead of refusing it.
        #[default]
        Legacy = "legacy",
        /// The newer API: strict, out-of-range timeouts are refused.
        V2 = "v2",
    }
}

/// The timeout a send-code request carried: none at all, an explicit `null`, or minutes.
/// The legacy API reads `null` as "the default"; the v2 API documents only an absent field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Requested {
    /// The request carried no timeout.
    Absent,
    /// The request carried `null`.
    Null,
    /// The request carried this many minutes (any whole number, to be checked).
    Minutes(i64),
}

/// The timeout in minutes a send-code request gets.
///
/// - Legacy: absent or `null` → `verification_code_default_minutes` (10); above
///   `verification_code_legacy_max_minutes` (60) → `verification_code_legacy_over_max_minutes`
///   (5); 1 to the maximum as given; 0 or negative → invalid input.
/// - v2: absent → the default; 1 to `verification_code_v2_max_minutes` (3000) as given;
///   anything else, `null` included, invalid input.
///
/// Errors are at `timeout_minutes`.
///
/// ```
/// use partner_rules::{verification::{self, Api, Requested}, Policy};
/// let policy = Policy::default();
/// assert_eq!(verification::effective_timeout(&policy, Api::Legacy, Requested::Absent).unwrap(), 10);
/// assert_eq!(verification::effective_timeout(&policy, Api::Legacy, Requested::Null).unwrap(), 10);
/// assert_eq!(verification::effective_timeout(&policy, Api::Legacy, Requested::Minutes(61)).unwrap(), 5);
/// assert_eq!(verification::effective_timeout(&policy, Api::V2, Requested::Minutes(3000)).unwrap(), 3000);
/// assert!(verification::effective_timeout(&policy, Api::V2, Requested::Minutes(3001)).is_err());
/// assert!(verification::effective_timeout(&policy, Api::V2, Requested::Null).is_err());
/// ```
pub fn effective_timeout(
    policy: &Policy,
    api: Api,
    requested: Requested,
) -> Result<u32, InputError> {
    let max = match api {
        Api::Legacy => policy.verification_code_legacy_max_minutes(),
        Api::V2 => policy.verification_code_v2_max_minutes(),
    };
    let refused = |got: String| {
        let expected = match api {
            Api::Legacy => String::from("a positive whole number of minutes"),
            Api::V2 => format!(
                "a whole number of minutes from 1 to {}, or no field at all",
                grouped(max)
            ),
        };
        InputError::new(
            Location::field("timeout_minutes"),
            format!("expected {expected}, got {got}"),
        )
    };
    let minutes = match (requested, api) {
        (Requested::Absent, _) | (Requested::Null, Api::Legacy) => {
            return Ok(policy.verification_code_default_minutes())
        }
        (Requested::Null, Api::V2) => return Err(refused(String::from("`null`"))),
        (Requested::Minutes(minutes), _) => minutes,
    };
    let within = u32::try_from(minutes)
        .ok()
        .filter(|m| (1..=max).contains(m));
    match (within, api) {
        (Some(given), _) => Ok(given),
        (None, Api::Legacy) if minutes > 0 => {
            Ok(policy.verification_code_legacy_over_max_minutes())
        }
        (None, _) => Err(refused(format!("`{minutes}`"))),
    }
}

/// The prefixes a Chinese mainland mobile number may carry.
const MAINLAND_PREFIXES: [&str; 2] = ["+86", "0086"];

/// Digits of a Chinese mainland mobile number, without prefix.
const MAINLAND_DIGITS: usize = 11;

/// The first digit of every Chinese mainland mobile number.
const MAINLAND_LEADING_DIGIT: char = '1';

/// Checks a mobile number for the send-code API: at most `mobile_max_chars` characters
/// (`mobile_too_long`), and a Chinese mainland mobile number (`mobile_not_chinese_mainland`):
/// 11 ASCII digits starting with `1`, optionally after `+86` or `0086`, nothing else (no spaces
/// or dashes). Both reasons can apply at once.
///
/// ```
/// use partner_rules::{verification, Policy, Verdict};
/// let policy = Policy::default();
/// assert_eq!(verification::check_mobile(&policy, "+8613812345678").outcome, Verdict::Allowed);
/// let ruling = verification::check_mobile(&policy, "138 1234 5678");
/// assert_eq!(ruling.reasons[0].code_str(), "mobile_not_chinese_mainland");
/// ```
pub fn check_mobile(policy: &Policy, mobile: &str) -> Ruling {
    let mut reasons = Vec::new();
    let max = usize::try_from(policy.mobile_max_chars()).unwrap_or(usize::MAX);
    if mobile.chars().nth(max).is_some() {
        reasons.push(Reason::new(Rule::MobileTooLong));
    }
    if !is_chinese_mainland_mobile(mobile) {
        reasons.push(Reason::new(Rule::MobileNotChineseMainland));
    }
    Ruling::new(reasons)
}

fn is_chinese_mainland_mobile(mobile: &str) -> bool {
    let national = MAINLAND_PREFIXES
        .iter()
        .find_map(|prefix| mobile.strip_prefix(prefix))
        .unwrap_or(mobile);
    national.len() == MAINLAND_DIGITS
        && national.starts_with(MAINLAND_LEADING_DIGIT)
        && national.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Verdict;

    #[test]
    fn legacy_timeouts() {
        let policy = Policy::default();
        let legacy = |m| effective_timeout(&policy, Api::Legacy, m);
        assert_eq!(legacy(Requested::Absent).unwrap(), 10);
        assert_eq!(legacy(Requested::Minutes(1)).unwrap(), 1);
        assert_eq!(legacy(Requested::Minutes(60)).unwrap(), 60);
        assert_eq!(legacy(Requested::Minutes(61)).unwrap(), 5);
        assert_eq!(legacy(Requested::Minutes(i64::MAX)).unwrap(), 5);
        for bad in [0, -1, i64::MIN] {
            let err = legacy(Requested::Minutes(bad)).unwrap_err();
            assert_eq!(err.location().to_string(), "timeout_minutes");
        }
    }

    #[test]
    fn v2_timeouts() {
        let policy = Policy::default();
        let v2 = |m| effective_timeout(&policy, Api::V2, m);
        assert_eq!(v2(Requested::Absent).unwrap(), 10);
        assert_eq!(v2(Requested::Minutes(1)).unwrap(), 1);
        assert_eq!(v2(Requested::Minutes(3000)).unwrap(), 3000);
        for bad in [0, -5, 3001, i64::MAX, i64::MIN] {
            assert!(v2(Requested::Minutes(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn mainland_mobiles() {
        let policy = Policy::default();
        for good in ["13812345678", "+8613812345678", "008619912345678"] {
            assert_eq!(
                check_mobile(&policy, good).outcome,
                Verdict::Allowed,
                "{good}"
            );
        }
        for bad in [
            "",
            "1381234567",
            "138123456789",
            "23812345678",
            "+86 13812345678",
            "+85213812345678",
            "８６13812345678",
            "1381234567８",
            "+86+8613812345678",
        ] {
            let codes: Vec<_> = check_mobile(&policy, bad)
                .reasons
                .iter()
                .map(Reason::code_str)
                .collect();
            assert_eq!(codes, ["mobile_not_chinese_mainland"], "{bad}");
        }
        let long = "1".repeat(33);
        let codes: Vec<_> = check_mobile(&policy, &long)
            .reasons
            .iter()
            .map(Reason::code_str)
            .collect();
        assert_eq!(codes, ["mobile_too_long", "mobile_not_chinese_mainland"]);
        // Characters, not bytes: 32 CJK characters are not too long.
        let wide = "一".repeat(32);
        assert_eq!(check_mobile(&policy, &wide).reasons.len(), 1);
    }
}
