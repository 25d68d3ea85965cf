//! Policies as JSON: a preset name, a policy object (a preset and fields to override), or a
//! timeline of them (`{"timeline": [{"from": …, "policy": …}, …]}`), wherever a policy is
//! accepted. The domain's [`Policy`] and [`PolicyTimeline`] validate; this module reads and
//! writes them and turns their errors' locations into paths.

use std::cell::Cell;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use time::OffsetDateTime;

use super::{path, read};
use crate::error::{quote_string, Error};
use crate::input_error::InputError;
use crate::policy::{PolicyOverrides, Preset};
use crate::{Policy, PolicyTimeline};

impl Policy {
    /// Reads a policy from JSON text: a preset name (`"cn"`) or a policy object
    /// (`{"preset": "cn", ...fields to override}`), validated. Error paths are relative to the
    /// policy (`$.calendar.weekend`).
    ///
    /// ```
    /// use partner_rules::Policy;
    /// let custom = Policy::from_json(r#"{"preset": "cn", "disassociation_max_per_side": 2}"#).unwrap();
    /// assert_eq!(custom.disassociation_max_per_side(), 2);
    /// let err = Policy::from_json(r#"{"preregistration_validity_days": -1}"#).unwrap_err();
    /// assert_eq!(err.path(), "$.preregistration_validity_days");
    /// assert_eq!(err.message(), "expected a whole number from 0 to 4,294,967,295 or `null`, got `-1`");
    /// ```
    pub fn from_json(text: &str) -> Result<Policy, Error> {
        read::from_text::<PolicyInput>(text)?.single()
    }

    /// Like [`Policy::from_json`], for an already-parsed value.
    ///
    /// ```
    /// let policy = partner_rules::Policy::from_value(&serde_json::json!("intl-2025")).unwrap();
    /// assert_eq!(policy.disassociation_max_per_side(), 3);
    /// ```
    pub fn from_value(value: &Value) -> Result<Policy, Error> {
        super::limits::check_nesting(value)?;
        read::from_value::<PolicyInput>(value)?.single()
    }

    /// The full JSON form of this policy: every field, which reads back as the same policy.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

impl PolicyTimeline {
    /// Reads a policy or a timeline of policies from JSON text, as a request's `policy` field
    /// takes it. Error paths are relative to it (`$.timeline[1].policy.review_working_days`).
    ///
    /// ```
    /// use partner_rules::{parse_timestamp, PolicyTimeline};
    /// let timeline = PolicyTimeline::from_json(r#"{"timeline": [
    ///     {"from": "2024-01-01T00:00:00+08:00", "policy": "intl-2024"},
    ///     {"from": "2025-07-01T00:00:00+08:00", "policy": {"preset": "intl-2025"}}
    /// ]}"#).unwrap();
    /// let now = parse_timestamp("2025-08-01T00:00:00+08:00").unwrap();
    /// assert_eq!(timeline.policy_at(Some(now)).unwrap().disassociation_max_per_side(), 3);
    /// ```
    pub fn from_json(text: &str) -> Result<PolicyTimeline, Error> {
        read::from_text::<PolicyInput>(text)?.resolve()
    }

    /// Like [`PolicyTimeline::from_json`], for an already-parsed value.
    pub fn from_value(value: &Value) -> Result<PolicyTimeline, Error> {
        super::limits::check_nesting(value)?;
        read::from_value::<PolicyInput>(value)?.resolve()
    }

    /// The JSON form it reads from: a full policy, or `{"timeline": [...]}` of full policies.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// A policy as a request gives it, before validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PolicyInput {
    One(OnePolicy),
    Timeline(Vec<TimelineEntry>),
}

/// A preset name or a policy object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OnePolicy {
    Named(Preset),
    Custom(Box<PolicyOverrides>),
}

/// One entry of a timeline as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "TimelineEntry")
)]
#[serde(remote = "Self", deny_unknown_fields)]
pub(crate) struct TimelineEntry {
    #[serde(with = "crate::timefmt::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::timefmt::Timestamp"))]
    from: OffsetDateTime,
    policy: OnePolicy,
}

crate::strict::record!(TimelineEntry);

impl OnePolicy {
    fn resolve(self) -> Result<Policy, InputError> {
        match self {
            OnePolicy::Named(preset) => Ok(Policy::preset(preset)),
            OnePolicy::Custom(overrides) => Policy::from_overrides(*overrides),
        }
    }
}

impl PolicyInput {
    /// Validates the policy or timeline; error paths are relative to it (`$.x`).
    pub(crate) fn resolve(self) -> Result<PolicyTimeline, Error> {
        match self {
            PolicyInput::One(one) => Ok(PolicyTimeline::from(one.resolve()?)),
            PolicyInput::Timeline(entries) => {
                let mut policies = Vec::with_capacity(entries.len());
                for (i, entry) in entries.into_iter().enumerate() {
                    let policy = entry.policy.resolve().map_err(|err| {
                        let root = format!("$.timeline[{i}].policy");
                        Error::invalid_input(path::of(err.location(), &root), err.message())
                    })?;
                    policies.push((entry.from, policy));
                }
                Ok(PolicyTimeline::dated(policies)?)
            }
        }
    }

    /// The one policy this is; a timeline where one policy is expected is an error.
    fn single(self) -> Result<Policy, Error> {
        match self {
            PolicyInput::One(one) => Ok(one.resolve()?),
            PolicyInput::Timeline(_) => Err(Error::invalid_input(
                "$",
                "expected a preset name or a policy object, got a timeline (read timelines with `PolicyTimeline::from_json`)",
            )),
        }
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for OnePolicy {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OnePolicy".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let preset = generator.subschema_for::<Preset>();
        let object = generator.subschema_for::<PolicyOverrides>();
        schemars::json_schema!({
            "description": "A preset name, or a policy object: a preset and the fields to override.",
            "oneOf": [preset, object]
        })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for PolicyInput {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PolicyInput".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let one = generator.subschema_for::<OnePolicy>();
        let timeline = generator.subschema_for::<TimelineForm>();
        schemars::json_schema!({
            "description": "A preset name, a policy object, or a timeline of them.",
            "oneOf": [one, timeline]
        })
    }
}

/// The schema of a timeline object (read by [`PolicyInput`]'s own reading).
#[cfg(feature = "schema")]
struct TimelineForm;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for TimelineForm {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timeline".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let entry = generator.subschema_for::<TimelineEntry>();
        schemars::json_schema!({
            "description": "The policies in force over time: the entry in force at an instant is the last whose `from` is at or before it.",
            "type": "object",
            "properties": {
                "timeline": { "type": "array", "items": entry, "minItems": 1 }
            },
            "required": ["timeline"],
            "additionalProperties": false
        })
    }
}

const PRESET_NAMES: &str = "one of `intl-2024`, `intl-2025`, `cn`";

fn preset<E: de::Error>(name: &str) -> Result<Preset, E> {
    Preset::from_name(name).ok_or_else(|| {
        E::custom(format!(
            "expected {PRESET_NAMES}, got {}",
            quote_string(name)
        ))
    })
}

impl<'de> Deserialize<'de> for OnePolicy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct OneVisitor;

        impl<'de> Visitor<'de> for OneVisitor {
            type Value = OnePolicy;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "a preset name ({PRESET_NAMES}) or a policy object")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<OnePolicy, E> {
                preset(v).map(OnePolicy::Named)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OnePolicy, A::Error> {
                overrides(Prepended { first: None, map }).map(OnePolicy::Custom)
            }
        }

        d.deserialize_any(OneVisitor)
    }
}

impl<'de> Deserialize<'de> for PolicyInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct InputVisitor;

        impl<'de> Visitor<'de> for InputVisitor {
            type Value = PolicyInput;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(
                    f,
                    "a preset name ({PRESET_NAMES}), a policy object or a timeline object"
                )
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<PolicyInput, E> {
                preset(v).map(|p| PolicyInput::One(OnePolicy::Named(p)))
            }

            /// A timeline object has the one field `timeline`; any other object is a policy
            /// object, whose first key is checked here (it is read before the object's kind
            /// is known) and the rest by the policy's own reading.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PolicyInput, A::Error> {
                let Some(first) = map.next_key_seed(FirstKey)? else {
                    return Ok(PolicyInput::One(OnePolicy::Custom(Box::default())));
                };
                if first == TIMELINE {
                    let entries = map.next_value::<Vec<TimelineEntry>>()?;
                    return match map.next_key_seed(FirstKey)? {
                        None => Ok(PolicyInput::Timeline(entries)),
                        Some(other) => Err(de::Error::custom(format!(
                            "unknown field `{other}` beside `timeline`, expected a timeline object to hold `timeline` only"
                        ))),
                    };
                }
                let rest = Prepended {
                    first: Some(first),
                    map,
                };
                overrides(rest).map(|o| PolicyInput::One(OnePolicy::Custom(o)))
            }
        }

        d.deserialize_any(InputVisitor)
    }
}

const TIMELINE: &str = "timeline";

/// The first key of a policy or timeline object: `timeline` or a policy field, refused at its
/// own path otherwise.
struct FirstKey;

impl<'de> de::DeserializeSeed<'de> for FirstKey {
    type Value = &'static str;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<&'static str, D::Error> {
        struct KeyVisitor;

        impl Visitor<'_> for KeyVisitor {
            type Value = &'static str;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<&'static str, E> {
                if v == TIMELINE {
                    return Ok(TIMELINE);
                }
                let fields = policy_fields();
                fields
                    .iter()
                    .find(|field| **field == v)
                    .copied()
                    .ok_or_else(|| E::unknown_field(v, fields))
            }
        }

        d.deserialize_str(KeyVisitor)
    }
}

/// Reads a policy object's fields. Both readings of a policy object (alone, and as the first
/// form of [`PolicyInput`]) come here with the same type of map, so that the reading of its
/// many fields is compiled once.
fn overrides<'de, A: MapAccess<'de>>(rest: Prepended<A>) -> Result<Box<PolicyOverrides>, A::Error> {
    PolicyOverrides::deserialize(de::value::MapAccessDeserializer::new(rest)).map(Box::new)
}

/// A policy object's members, its first key possibly already read.
struct Prepended<A> {
    first: Option<&'static str>,
    map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Prepended<A> {
    type Error = A::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(first) => seed
                .deserialize(de::value::BorrowedStrDeserializer::new(first))
                .map(Some),
            None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

/// The field names of a policy object, as its reading declares them (found once by asking it
/// to read a struct from a deserializer that only notes the names).
fn policy_fields() -> &'static [&'static str] {
    struct Names<'a>(&'a Cell<&'static [&'static str]>);

    impl<'de> Deserializer<'de> for Names<'_> {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("only the field names are read"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.set(fields);
            Err(de::Error::custom("only the field names are read"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }

    static FIELDS: std::sync::OnceLock<&'static [&'static str]> = std::sync::OnceLock::new();
    FIELDS.get_or_init(|| {
        let names = Cell::new(&[][..]);
        let _ = PolicyOverrides::deserialize(Names(&names));
        names.get()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_json_form_round_trips() {
        for &preset in Preset::ALL {
            let policy = Policy::preset(preset);
            let text = serde_json::to_string(&policy).unwrap();
            assert_eq!(Policy::from_json(&text).unwrap(), policy, "{text}");
        }
        let custom = Policy::from_json(
            r#"{"preset":"cn","link_invitation_validity_days":30,
                "calendar":{"utc_offset":"-05:00","holidays":["2026-12-25"],"weekend":["friday","saturday"]}}"#,
        )
        .unwrap();
        let text = serde_json::to_string(&custom).unwrap();
        assert_eq!(Policy::from_json(&text).unwrap(), custom);
    }

    #[test]
    fn null_link_validity_means_never() {
        let policy = Policy::from_json(r#"{"link_invitation_validity_days": 5}"#).unwrap();
        assert_eq!(policy.link_invitation_validity_days(), Some(5));
        let policy = Policy::from_json(r#"{"link_invitation_validity_days": null}"#).unwrap();
        assert_eq!(policy.link_invitation_validity_days(), None);
    }

    #[test]
    fn bad_policies_name_the_field() {
        let cases = [
            (r#"{"preset": "intl"}"#, "$.preset"),
            (r#""intl""#, "$"),
            (
                r#"{"preregistration_validity_days": 0}"#,
                "$.preregistration_validity_days",
            ),
            (
                r#"{"preregistration_validity_days": "15"}"#,
                "$.preregistration_validity_days",
            ),
            (
                r#"{"max_active_preregistrations": -3}"#,
                "$.max_active_preregistrations",
            ),
            (r#"{"validity": 15}"#, "$.validity"),
            (r#"{"preset": "cn", "validity": 15}"#, "$.validity"),
            (r#"{"calendar": {"weekend": []}}"#, "$.calendar.weekend"),
            (r#"{"calendar": []}"#, "$.calendar"),
            (
                r#"{"calendar": {"weekend": ["caturday"]}}"#,
                "$.calendar.weekend[0]",
            ),
            (
                r#"{"calendar": {"holidays": ["2026-13-01"]}}"#,
                "$.calendar.holidays[0]",
            ),
            (
                r#"{"calendar": {"utc_offset": "+8"}}"#,
                "$.calendar.utc_offset",
            ),
            (
                r#"{"verification_code_default_minutes": 4000}"#,
                "$.verification_code_default_minutes",
            ),
            (r#"42"#, "$"),
        ];
        for (json, path) in cases {
            let err = Policy::from_json(json).unwrap_err();
            assert_eq!(err.code(), "invalid_input", "{json}");
            assert_eq!(err.path(), path, "{json}: {err}");
            let value: Value = serde_json::from_str(json).unwrap();
            assert_eq!(Policy::from_value(&value).unwrap_err(), err, "{json}");
        }
    }

    #[test]
    fn timelines_are_validated_entry_by_entry() {
        let cases = [
            (r#"{"timeline": []}"#, "$.timeline"),
            (
                r#"{"timeline": [{"from": "2025-01-01T00:00:00Z", "policy": "cn"}, {"from": "2024-01-01T00:00:00Z", "policy": "cn"}]}"#,
                "$.timeline[1].from",
            ),
            (
                r#"{"timeline": [{"from": "2025-01-01T00:00:00Z", "policy": {"disassociation_max_per_side": 0}}]}"#,
                "$.timeline[0].policy.disassociation_max_per_side",
            ),
            (
                r#"{"timeline": [{"from": "2025-01-01T00:00:00Z", "policy": {"timeline": []}}]}"#,
                "$.timeline[0].policy.timeline",
            ),
            (
                r#"{"timeline": [{"from": "2025-01-01T00:00:00Z", "policy": "cn"}], "preset": "cn"}"#,
                "$",
            ),
            (r#"{"timeline": [{"policy": "cn"}]}"#, "$.timeline[0].from"),
        ];
        for (json, path) in cases {
            let err = PolicyTimeline::from_json(json).unwrap_err();
            assert_eq!(err.path(), path, "{json}: {err}");
        }
        assert!(Policy::from_json(
            r#"{"timeline": [{"from": "2025-01-01T00:00:00Z", "policy": "cn"}]}"#
        )
        .is_err());
    }

    #[test]
    fn the_policy_object_knows_its_fields() {
        let fields = policy_fields();
        assert!(fields.contains(&"preset"));
        assert!(fields.contains(&"calendar"));
        assert!(fields.contains(&"disassociation_max_per_side"));
    }
}
