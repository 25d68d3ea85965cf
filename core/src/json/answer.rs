//! The shapes answers share: reasons as the wire carries them, per-item results of batch ops,
//! and the policy name echoed beside an op's own fields.

use std::sync::OnceLock;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use time::OffsetDateTime;

use super::write::{prebuilt, Prebuilt};
use crate::reason::{Operation, Reason, ReasonCode, Rule, Verdict};
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

/// Each reason's message as prebuilt JSON: rules first, then causes, in declaration order.
fn prebuilt_message(code: ReasonCode) -> &'static str {
    static TEXTS: OnceLock<Box<[&'static str]>> = OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        let rules = Rule::ALL.iter().map(|rule| rule.message());
        prebuilt(rules.chain(Cause::ALL.iter().map(|cause| cause.message())))
    });
    let index = match code {
        ReasonCode::Rule(rule) => rule as usize,
        ReasonCode::Cause(cause) => Rule::ALL.len() + cause as usize,
    };
    texts.get(index).copied().unwrap_or_default()
}

/// Each operation as prebuilt JSON.
fn prebuilt_operation(op: Operation) -> &'static str {
    static TEXTS: OnceLock<Box<[&'static str]>> = OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        #[derive(Serialize)]
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
    });
    texts.get(op as usize).copied().unwrap_or_default()
}

/// Serializes an optional instant as RFC 3339 or `null`.
pub(crate) struct TimestampOut(pub(crate) Option<OffsetDateTime>);

impl Serialize for TimestampOut {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::timefmt::rfc3339_option::serialize(&self.0, s)
    }
}

/// The per-item answer of batch ops (deleting pre-registrations, resending invitations,
/// recovering funds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ItemResult {
    pub(crate) id: String,
    pub(crate) outcome: Verdict,
    pub(crate) reasons: Vec<Reason>,
}

impl ItemResult {
    pub(crate) fn new(id: String, reasons: Vec<Reason>) -> ItemResult {
        ItemResult {
            id,
            outcome: Verdict::from_reasons(&reasons),
            reasons,
        }
    }
}

/// `{"results": [...]}`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ItemResults<T = ItemResult> {
    pub(crate) results: Vec<T>,
}

/// A response that echoes the policy's preset name beside the op's own fields.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct WithPolicy<T: Serialize> {
    /// The preset the policy in force was built on.
    pub(crate) policy: &'static str,
    #[serde(flatten)]
    pub(crate) body: T,
}
