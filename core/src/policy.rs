//! Policy: every number the rules use, as data, with named presets and validated overrides.

use serde::{Deserialize, Deserializer, Serialize};

use crate::calendar::{Calendar, CalendarSpec};
use crate::input_error::{grouped, InputError, Location};
use crate::strict::names;

names! {
    /// The named presets. `intl-2024` is the default.
    ///
    /// ```
    /// use partner_rules::Preset;
    /// assert_eq!(Preset::Cn.name(), "cn");
    /// assert_eq!(Preset::from_name("intl-2025"), Some(Preset::Intl2025));
    /// assert_eq!(Preset::from_name("intl"), None);
    /// ```
    #[derive(Default)]
    pub enum Preset {
        /// The international site as documented in 2024 (the seeds): one disassociation per side per
        /// three months.
        #[default]
        Intl2024 = "intl-2024",
        /// The international site from 2025: three disassociations per side per three months.
        Intl2025 = "intl-2025",
        /// The Chinese mainland site: type switches count against the disassociation quota.
        Cn = "cn",
    }
}

/// Declares the numeric policy fields once: the `Policy` field and getter, the override field,
/// the allowed range and each preset's value all come from one line.
macro_rules! policy_numbers {
    ($( $(#[$doc:meta])* $name:ident : $min:literal ..= $max:literal = [$intl24:expr, $intl25:expr, $cn:expr]; )*) => {
        /// A validated policy. Build it from a [`Preset`], from JSON ([`Policy::from_json`]), or
        /// from [`PolicyOverrides`]; read it through the getters. Serializing gives the full JSON
        /// form, which reads back as the same policy.
        ///
        /// ```
        /// use partner_rules::{Policy, Preset};
        /// let cn = Policy::preset(Preset::Cn);
        /// assert!(cn.switch_shares_disassociation_quota());
        /// let custom = Policy::from_json(r#"{"preset": "cn", "disassociation_max_per_side": 2}"#).unwrap();
        /// assert_eq!(custom.disassociation_max_per_side(), 2);
        /// assert_eq!(custom.preset_name(), "cn");
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub struct Policy {
            preset: Preset,
            $( $name: u32, )*
            link_invitation_validity_days: Option<u32>,
            switch_shares_disassociation_quota: bool,
            budget_max_minor: i64,
            budget_alert_percents: Vec<u32>,
            #[serde(serialize_with = "serialize_calendar")]
            #[cfg_attr(feature = "schema", schemars(with = "CalendarSpec"))]
            calendar: Calendar,
        }

        impl Policy {
            /// A preset as it ships.
            pub fn preset(preset: Preset) -> Policy {
                let column = match preset {
                    Preset::Intl2024 => 0,
                    Preset::Intl2025 => 1,
                    Preset::Cn => 2,
                };
                Policy {
                    preset,
                    $( $name: [$intl24, $intl25, $cn].get(column).copied().unwrap_or($intl24), )*
                    link_invitation_validity_days: None,
                    switch_shares_disassociation_quota: matches!(preset, Preset::Cn),
                    budget_max_minor: BUDGET_MAX_MINOR,
                    budget_alert_percents: BUDGET_ALERT_PERCENTS.to_vec(),
                    calendar: Calendar::default(),
                }
            }

            $(
                $(#[$doc])*
                pub fn $name(&self) -> u32 {
                    self.$name
                }
            )*

            fn apply_numbers(&mut self, overrides: &PolicyOverrides) -> Result<(), InputError> {
                $(
                    if let Some(value) = overrides.$name {
                        check_range(stringify!($name), value, $min, $max)?;
                        self.$name = value;
                    }
                )*
                Ok(())
            }
        }

        /// The JSON form of a policy: a preset name and any fields to override. Absent fields
        /// keep the preset's value.
        ///
        /// ```
        /// use partner_rules::{Policy, PolicyOverrides, Preset};
        /// let policy = Policy::from_overrides(PolicyOverrides {
        ///     preset: Some(Preset::Intl2025),
        ///     preregistration_validity_days: Some(30),
        ///     ..PolicyOverrides::default()
        /// }).unwrap();
        /// assert_eq!(policy.preregistration_validity_days(), 30);
        /// assert_eq!(policy.disassociation_max_per_side(), 3);
        /// ```
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(deny_unknown_fields)]
        pub struct PolicyOverrides {
            /// The preset the overrides apply to; absent means `intl-2024`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub preset: Option<Preset>,
            $(
                $(#[$doc])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                #[cfg_attr(feature = "schema", schemars(range(min = $min, max = $max)))]
                pub $name: Option<u32>,
            )*
            /// Link and QR-code invitation validity in days; `null` means
            /// they never expire.
            #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
            #[cfg_attr(feature = "schema", schemars(with = "Option<u32>", range(min = 1, max = 3650)))]
            pub link_invitation_validity_days: Option<Option<u32>>,
            /// Whether association type switches count against the disassociation quota.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub switch_shares_disassociation_quota: Option<bool>,
            /// The largest budget, in minor units.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
            pub budget_max_minor: Option<i64>,
            /// Budget alert thresholds in percent of the budget, each from 1 to 100, increasing.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            #[cfg_attr(feature = "schema", schemars(inner(range(min = 1, max = 100))))]
            pub budget_alert_percents: Option<Vec<u32>>,
            /// Calendar fields to replace.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub calendar: Option<CalendarSpec>,
        }
    };
}

policy_numbers! {
    /// Days a pre-registration stays valid (from approval, for a reviewed one).
    preregistration_validity_days: 1..=3650 = [15, 15, 15];
    /// Most customers a partner may hold pending review or pre-registered at once.
    max_active_preregistrations: 1..=1_000_000 = [100, 100, 100];
    /// Days after registration from which a followed-up registered customer may be reviewed.
    registered_review_after_days: 0..=3650 = [7, 7, 7];
    /// Working days within which a manual review is answered.
    review_working_days: 1..=365 = [2, 2, 2];
    /// Days an email invitation link stays valid.
    email_invitation_validity_days: 1..=3650 = [7, 7, 7];
    /// Length of the disassociation window in calendar months.
    disassociation_window_months: 1..=120 = [3, 3, 3];
    /// Requests each side may make per window.
    disassociation_max_per_side: 1..=1000 = [1, 3, 1];
    /// Verification code timeout when none is given (both APIs).
    verification_code_default_minutes: 1..=100_000 = [10, 10, 10];
    /// Largest timeout the legacy API takes as given.
    verification_code_legacy_max_minutes: 1..=100_000 = [60, 60, 60];
    /// What the legacy API uses instead of a timeout above its maximum.
    verification_code_legacy_over_max_minutes: 1..=100_000 = [5, 5, 5];
    /// Largest timeout the v2 API accepts.
    verification_code_v2_max_minutes: 1..=100_000 = [3000, 3000, 3000];
    /// Longest mobile number (in characters) the send-code API accepts.
    mobile_max_chars: 1..=1000 = [32, 32, 32];
    /// Leading digits of a mobile number kept by export masking.
    mask_mobile_keep_leading: 0..=32 = [3, 3, 3];
    /// Trailing digits of a mobile number kept by export masking.
    mask_mobile_keep_trailing: 0..=32 = [4, 4, 4];
    /// Most customers in one freeze or unfreeze request.
    max_customers_per_freeze: 1..=100_000 = [10, 10, 10];
    /// Longest reason for freezing, in characters (not bytes).
    freeze_reason_max_chars: 1..=100_000 = [256, 256, 256];
    /// Days after an account-and-resource freeze at which the resources are released (their
    /// data deleted) unless unfrozen first.
    resource_release_days: 1..=3650 = [15, 15, 15];
    /// Most remitter names in effect at once.
    max_active_remitter_names: 1..=1000 = [5, 5, 5];
}

/// The largest budget of every preset, in minor units: 2,147,483,647.00.
const BUDGET_MAX_MINOR: i64 = 214_748_364_700;

/// The budget alert thresholds of every preset, in percent of the budget.
const BUDGET_ALERT_PERCENTS: [u32; 3] = [75, 90, 100];

impl Default for Policy {
    /// The `intl-2024` preset.
    fn default() -> Self {
        Policy::preset(Preset::Intl2024)
    }
}

impl Policy {
    /// Applies overrides on top of their preset and validates the result. Error locations are
    /// relative to the policy object (`calendar.weekend`).
    pub fn from_overrides(overrides: PolicyOverrides) -> Result<Policy, InputError> {
        let mut policy = Policy::preset(overrides.preset.unwrap_or_default());
        policy.apply_numbers(&overrides)?;
        if let Some(link) = overrides.link_invitation_validity_days {
            if let Some(days) = link {
                check_range("link_invitation_validity_days", days, 1, 3650)?;
            }
            policy.link_invitation_validity_days = link;
        }
        if let Some(shares) = overrides.switch_shares_disassociation_quota {
            policy.switch_shares_disassociation_quota = shares;
        }
        if let Some(max) = overrides.budget_max_minor {
            if max < 1 {
                return Err(InputError::new(
                    Location::field("budget_max_minor"),
                    format!(
                        "expected a whole number from 1 to {}, got `{max}`",
                        grouped(i64::MAX)
                    ),
                ));
            }
            policy.budget_max_minor = max;
        }
        if let Some(percents) = overrides.budget_alert_percents {
            check_alert_percents(&percents)?;
            policy.budget_alert_percents = percents;
        }
        if let Some(calendar) = overrides.calendar {
            policy.calendar = calendar
                .apply_to(&policy.calendar)
                .map_err(|e| e.under(&Location::field("calendar")))?;
        }
        if policy.verification_code_default_minutes > policy.verification_code_v2_max_minutes {
            return Err(InputError::new(
                Location::field("verification_code_default_minutes"),
                format!(
                    "expected at most `verification_code_v2_max_minutes` ({}), got `{}`",
                    grouped(policy.verification_code_v2_max_minutes),
                    policy.verification_code_default_minutes
                ),
            ));
        }
        Ok(policy)
    }

    /// The preset this policy was built on.
    pub fn preset_kind(&self) -> Preset {
        self.preset
    }

    /// The name of the preset this policy was built on, echoed in responses.
    pub fn preset_name(&self) -> &'static str {
        self.preset.name()
    }

    /// Link and QR-code invitation validity in days; `None`: they never expire.
    pub fn link_invitation_validity_days(&self) -> Option<u32> {
        self.link_invitation_validity_days
    }

    /// Whether association type switches count against the disassociation quota (`cn`).
    pub fn switch_shares_disassociation_quota(&self) -> bool {
        self.switch_shares_disassociation_quota
    }

    /// The business calendar.
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The largest budget a partner may set, in minor units.
    pub fn budget_max_minor(&self) -> i64 {
        self.budget_max_minor
    }

    /// The budget alert thresholds, in percent of the budget: each from 1 to 100, increasing.
    pub fn budget_alert_percents(&self) -> &[u32] {
        &self.budget_alert_percents
    }
}

/// Each percent from 1 to 100 and greater than the one before: an alert per threshold, in
/// order, none above the budget.
fn check_alert_percents(percents: &[u32]) -> Result<(), InputError> {
    let mut previous = 0;
    for (i, &percent) in percents.iter().enumerate() {
        let at = || Location::field("budget_alert_percents").item(i);
        if !(1..=100).contains(&percent) {
            return Err(InputError::new(
                at(),
                format!("expected a whole number from 1 to 100, got `{percent}`"),
            ));
        }
        if percent <= previous {
            return Err(InputError::new(
                at(),
                format!("expected more than the threshold before it ({previous}), got `{percent}`"),
            ));
        }
        previous = percent;
    }
    Ok(())
}

fn check_range(field: &'static str, value: u32, min: u32, max: u32) -> Result<(), InputError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(InputError::new(
            Location::field(field),
            format!(
                "expected a whole number from {} to {}, got `{value}`",
                grouped(min),
                grouped(max)
            ),
        ))
    }
}

fn serialize_calendar<S: serde::Serializer>(calendar: &Calendar, s: S) -> Result<S::Ok, S::Error> {
    CalendarSpec::of(calendar).serialize(s)
}

/// Distinguishes an absent field (outer `None`, via `#[serde(default)]`) from `null`.
fn nullable<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<u32>>, D::Error> {
    Option::<u32>::deserialize(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_match_the_spec_table() {
        let intl24 = Policy::preset(Preset::Intl2024);
        assert_eq!(intl24.preregistration_validity_days(), 15);
        assert_eq!(intl24.max_active_preregistrations(), 100);
        assert_eq!(intl24.registered_review_after_days(), 7);
        assert_eq!(intl24.review_working_days(), 2);
        assert_eq!(intl24.email_invitation_validity_days(), 7);
        assert_eq!(intl24.link_invitation_validity_days(), None);
        assert_eq!(intl24.disassociation_window_months(), 3);
        assert_eq!(intl24.disassociation_max_per_side(), 1);
        assert!(!intl24.switch_shares_disassociation_quota());
        assert_eq!(
            Policy::preset(Preset::Intl2025).disassociation_max_per_side(),
            3
        );
        let cn = Policy::preset(Preset::Cn);
        assert_eq!(cn.disassociation_max_per_side(), 1);
        assert!(cn.switch_shares_disassociation_quota());
        assert_eq!(Policy::default(), intl24);
        for &preset in Preset::ALL {
            let policy = Policy::preset(preset);
            assert_eq!(policy.max_customers_per_freeze(), 10);
            assert_eq!(policy.freeze_reason_max_chars(), 256);
            assert_eq!(policy.resource_release_days(), 15);
            assert_eq!(policy.budget_max_minor(), 214_748_364_700);
            assert_eq!(policy.budget_alert_percents(), [75, 90, 100]);
            assert_eq!(policy.max_active_remitter_names(), 5);
        }
    }

    #[test]
    fn overrides_are_validated_with_their_location() {
        let at = |overrides: PolicyOverrides| {
            Policy::from_overrides(overrides)
                .unwrap_err()
                .location()
                .to_string()
        };
        let percents = |list: &[u32]| PolicyOverrides {
            budget_alert_percents: Some(list.to_vec()),
            ..PolicyOverrides::default()
        };
        assert_eq!(at(percents(&[75, 101])), "budget_alert_percents[1]");
        assert_eq!(at(percents(&[0])), "budget_alert_percents[0]");
        assert_eq!(at(percents(&[90, 90])), "budget_alert_percents[1]");
        assert!(Policy::from_overrides(percents(&[])).is_ok());
        let max = PolicyOverrides {
            budget_max_minor: Some(0),
            ..PolicyOverrides::default()
        };
        assert_eq!(at(max), "budget_max_minor");
        let days = PolicyOverrides {
            resource_release_days: Some(0),
            ..PolicyOverrides::default()
        };
        assert_eq!(at(days), "resource_release_days");
    }
}
