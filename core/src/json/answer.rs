//! The shapes answers share: reasons as the wire carries them, per-item results of batch ops,
//! and the policy name echoed beside an op's own fields.

use std::sync::OnceLock;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use time::OffsetDateTime;

use super::write::{prebuilt, Prebuilt};
use crate::reason::{ItemResult, Operation, Reason, ReasonCode, Rule};
use crate::Cause;

/// `{"code", "en", "zh"}`.
impl Serialize for Operation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Fields(Operation);
        impl Serialize for Fields {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let text = self.0.text();
                let mut out = s.serialize_struct("Operation", 3)?;
                out.serialize_field("code", self.0.code())?;
                out.serialize_field("en", text.en)?;
                out.serialize_field("zh", text.zh)?;
                out.end()
            }
        }
        let op = *self;
        Prebuilt::new(|| prebuilt_operation(op), Fields(op)).serialize(s)
    }
}

/// `{"code", "message": {"en", "zh"}, "suggested_operation": {…} | null, "available_from": RFC
/// 3339 | null}`.
impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let code = self.code;
        let mut out = s.serialize_struct("Reason", 4)?;
        out.serialize_field("code", code.code())?;
        out.serialize_field(
            "message",
            &Prebuilt::new(|| prebuilt_message(code), code.message()),
        )?;
        out.serialize_field("suggested_operation", &code.suggested_operation())?;
        out.serialize_field("available_from", &TimestampOut(self.available_from))?;
        out.end()
    }
}

/// Makes the prebuilt texts now, before an answer's buffer is allocated: made in the middle of
/// the first answer, they would sit after its buffer on the heap, where they keep every later
/// large answer from growing its buffer in place (measured: a third more copying for the
/// catalog). Only the text answers of the `fast-path` builds call it.
#[cfg(feature = "fast-path")]
pub(crate) fn prepare() {
    messages();
    operations();
}

fn messages() -> &'static [&'static str] {
    static TEXTS: OnceLock<Box<[&'static str]>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let rules = Rule::ALL.iter().map(|rule| rule.message());
        prebuilt(rules.chain(Cause::ALL.iter().map(|cause| cause.message())))
    })
}

/// Each reason's message as prebuilt JSON: rules first, then causes, in declaration order.
fn prebuilt_message(code: ReasonCode) -> &'static str {
    let texts = messages();
    let index = match code {
        ReasonCode::Rule(rule) => rule as usize,
        ReasonCode::Cause(cause) => Rule::ALL.len() + cause as usize,
    };
    texts.get(index).copied().unwrap_or_default()
}

/// Each operation as prebuilt JSON.
fn prebuilt_operation(op: Operation) -> &'static str {
    operations().get(op as usize).copied().unwrap_or_default()
}

fn operations() -> &'static [&'static str] {
    static TEXTS: OnceLock<Box<[&'static str]>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        #[derive(Serialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        struct Plain {
            code: &'static str,
            en: &'static str,
            zh: &'static str,
        }
        prebuilt(Operation::ALL.iter().map(|op| Plain {
            code: op.code(),
            en: op.text().en,
            zh: op.text().zh,
        }))
    })
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Operation {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Operation".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = Operation::ALL.iter().map(|op| op.code()).collect();
        schemars::json_schema!({
            "type": "object",
            "description": "What the partner (or the customer) can do about a reason, in English and Chinese.",
            "properties": {
                "code": { "type": "string", "enum": codes, "description": "The operation's stable code." },
                "en": { "type": "string", "description": "What to do, in English." },
                "zh": { "type": "string", "description": "What to do, in Simplified Chinese." }
            },
            "required": ["code", "en", "zh"],
            "additionalProperties": false
        })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Reason {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Reason".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let rules = Rule::ALL.iter().map(|rule| rule.code());
        let codes: Vec<&str> = rules
            .chain(Cause::ALL.iter().map(|cause| cause.code()))
            .collect();
        let mut message = generator.subschema_for::<crate::Text>();
        message.insert(
            "description".into(),
            "What the reason means, for a person.".into(),
        );
        let mut operation = generator.subschema_for::<Option<Operation>>();
        operation.insert(
            "description".into(),
            "What to do about it, when something can be done.".into(),
        );
        let mut instant = generator.subschema_for::<Option<crate::timefmt::Timestamp>>();
        instant.insert(
            "description".into(),
            "When the reason stops applying by itself (an expiry, a window), or null.".into(),
        );
        schemars::json_schema!({
            "type": "object",
            "description": "One reason behind a decision: a stable code, a message in English and Chinese, the operation it suggests, and when it stops applying by itself.",
            "properties": {
                "code": { "type": "string", "enum": codes, "description": "The stable code: a rule's, or an association failure cause's." },
                "message": message,
                "suggested_operation": operation,
                "available_from": instant
            },
            "required": ["code", "message", "suggested_operation", "available_from"],
            "additionalProperties": false
        })
    }
}

/// Serializes an optional instant as RFC 3339 or `null`.
pub(crate) struct TimestampOut(pub(crate) Option<OffsetDateTime>);

impl Serialize for TimestampOut {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::timefmt::rfc3339_option::serialize(&self.0, s)
    }
}

/// `{"results": [...]}`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ItemResults<T = ItemResult> {
    /// One answer per item, in request order.
    pub(crate) results: Vec<T>,
}

/// A response that echoes the policy's preset name beside the op's own fields.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct WithPolicy<T: Serialize> {
    /// The preset the policy in force was built on.
    pub(crate) policy: crate::Preset,
    #[serde(flatten)]
    pub(crate) body: T,
}
