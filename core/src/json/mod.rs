//! The JSON contract: one entry point for every host language (`docs/contract.md`).
//!
//! A request travels: [`Engine::evaluate_json`] (or [`Engine::evaluate`] for a parsed value)
//! finds its `op` → `dispatch` picks the op's request type from the table below → [`read`]
//! reads it, keeping every value's path for errors → the op's `run` calls the rule in the
//! domain, under the policy in force (the request's own, or the engine's) → the answer is
//! written by [`write`] (or handed to a [`Sink`]). Each op's request and answer types live in
//! the submodule of its family (`preregistration`, `invitation`, `association`,
//! `relationship`, `account`).
//!
//! The domain knows nothing of this layer: it returns [`InputError`]s with typed locations,
//! which become errors with JSON paths here.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use crate::error::{quote, Error};
use crate::input_error::InputError;
use crate::timefmt::EXPECTED_TIMESTAMP;
use crate::{Policy, PolicyTimeline};

mod account;
mod answer;
mod association;
mod invitation;
pub mod limits;
mod path;
mod policy;
mod preregistration;
mod read;
mod relationship;
#[cfg(feature = "schema")]
pub mod schema;
mod shape;
mod write;

pub(crate) use policy::PolicyInput;
pub use write::{write_json, JsonOut};

/// Parse once, evaluate many: the policy (or the timeline of policies) held ready for any
/// number of requests.
///
/// A request that carries its own `"policy"` is evaluated under that policy instead.
///
/// ```
/// use partner_rules::{Engine, Policy, Preset};
/// let engine = Engine::new(Policy::preset(Preset::Cn));
/// let response = engine.evaluate_json(
///     r#"{"op": "preregistration.review_due", "submitted_at": "2026-11-20T18:00:00+08:00"}"#,
/// ).unwrap();
/// assert_eq!(response, r#"{"policy":"cn","due_by":"2026-11-25T00:00:00+08:00"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Engine {
    policies: PolicyTimeline,
}

impl Engine {
    /// An engine evaluating under a policy, or under a timeline of policies (the entry in force
    /// at each request's instant: see [`PolicyTimeline`]).
    pub fn new(policies: impl Into<PolicyTimeline>) -> Engine {
        Engine {
            policies: policies.into(),
        }
    }

    /// The policy, or timeline of policies, requests are evaluated under.
    pub fn policies(&self) -> &PolicyTimeline {
        &self.policies
    }

    /// Evaluates a JSON request given as text and answers with JSON text.
    ///
    /// Text longer than [`MAX_REQUEST_BYTES`](limits::MAX_REQUEST_BYTES) or nested deeper
    /// than [`MAX_NESTING`](limits::MAX_NESTING) is `invalid_input` (see [`limits`]).
    pub fn evaluate_json(&self, request: &str) -> Result<String, Error> {
        self.evaluate_json_into(request, &mut Text)
    }

    /// Like [`Engine::evaluate_json`], with the answer handed to `sink` as its typed value
    /// rather than written as JSON text: a host binding builds its own objects from it, with
    /// nothing to parse, and gets exactly the structure the JSON text would have. The sink may
    /// keep state between answers (buffers, caches) in itself.
    ///
    /// ```
    /// use partner_rules::{Engine, Sink};
    ///
    /// /// Answers as pretty-printed JSON, counting them.
    /// #[derive(Default)]
    /// struct Pretty { answered: usize }
    ///
    /// impl Sink for Pretty {
    ///     type Out = String;
    ///     type Error = serde_json::Error;
    ///     fn emit<T: serde::Serialize + ?Sized>(&mut self, answer: &T) -> Result<String, serde_json::Error> {
    ///         self.answered += 1;
    ///         serde_json::to_string_pretty(answer)
    ///     }
    /// }
    ///
    /// let mut pretty = Pretty::default();
    /// let answer = Engine::default().evaluate_json_into(
    ///     r#"{"op": "preregistration.review_due", "submitted_at": "2026-11-20T18:00:00+08:00"}"#,
    ///     &mut pretty,
    /// ).unwrap();
    /// assert!(answer.starts_with("{\n  \"policy\": \"intl-2024\",\n"));
    /// assert_eq!(pretty.answered, 1);
    /// ```
    pub fn evaluate_json_into<S: Sink>(
        &self,
        request: &str,
        sink: &mut S,
    ) -> Result<S::Out, Error> {
        limits::check_size(request)?;
        self.evaluate_text(request, sink)
    }

    /// Without the untracked reading (`fast-path`) every request is read from its parsed
    /// value, so the text is parsed once, here, before the op is known: its faults come first,
    /// whatever the op.
    #[cfg(not(feature = "fast-path"))]
    fn evaluate_text<S: Sink>(&self, request: &str, sink: &mut S) -> Result<S::Out, Error> {
        let value = read::parse_text(request)?;
        let OpOnly(op) = read::from_value::<OpOnly>(&value)?;
        dispatch(self, &op, Input::Value(&value), sink)
    }

    /// With it, the op is found in the text and the request read straight from the text.
    #[cfg(feature = "fast-path")]
    fn evaluate_text<S: Sink>(&self, request: &str, sink: &mut S) -> Result<S::Out, Error> {
        let op = match leading_op(request) {
            Some(op) => std::borrow::Cow::Borrowed(op),
            None => std::borrow::Cow::Owned(read::from_text::<OpOnly>(request)?.0),
        };
        dispatch(self, &op, Input::Text(request), sink).map_err(|err| {
            // Faults of the text itself come first, whatever the op.
            match err.code() {
                crate::ErrorCode::UnknownOp => read::parse_text(request).err().unwrap_or(err),
                _ => err,
            }
        })
    }

    /// Evaluates an already-parsed JSON request.
    ///
    /// A value nested deeper than [`MAX_NESTING`](limits::MAX_NESTING) is `invalid_input`,
    /// found without recursion before anything reads it.
    ///
    /// ```
    /// let engine = partner_rules::Engine::default();
    /// let response = engine.evaluate(&serde_json::json!({
    ///     "op": "invitation.resend",
    ///     "items": [{"id": "i-1", "status": "expired"}, {"id": "i-2", "status": "accepted"}],
    /// })).unwrap();
    /// assert_eq!(response["results"][0]["outcome"], "allowed");
    /// assert_eq!(response["results"][1]["reasons"][0]["code"], "invitation_not_expired");
    /// ```
    pub fn evaluate(&self, request: &Value) -> Result<Value, Error> {
        limits::check_nesting(request)?;
        let OpOnly(op) = read::from_value::<OpOnly>(request)?;
        dispatch(self, &op, Input::Value(request), &mut Tree)
    }
}

/// Evaluates a JSON request under the default policy (`intl-2024`, unless the request names one).
///
/// ```
/// let response = partner_rules::evaluate_json(r#"{
///     "op": "preregistration.check",
///     "now": "2026-11-21T10:00:00+08:00",
///     "partner": {"id": "p-1", "has_reserved_contact": true},
///     "customer": {"id": "c-1"}
/// }"#).unwrap();
/// let response: serde_json::Value = serde_json::from_str(&response).unwrap();
/// assert_eq!(response["outcome"], "allowed");
/// assert_eq!(response["expires_at"], "2026-12-06T10:00:00+08:00");
/// ```
pub fn evaluate_json(request: &str) -> Result<String, Error> {
    Engine::default().evaluate_json(request)
}

/// Evaluates an already-parsed JSON request under the default policy.
///
/// ```
/// let err = partner_rules::evaluate(serde_json::json!({"op": "preregistration.check", "now": "2026-11-21T10:00:00+08:00", "partner": {"id": 7}})).unwrap_err();
/// assert_eq!(err.code(), "invalid_input");
/// assert_eq!(err.path(), "$.partner.id");
/// assert_eq!(err.message(), "expected a string, got `7`");
/// ```
pub fn evaluate(request: Value) -> Result<Value, Error> {
    Engine::default().evaluate(&request)
}

/// Reads one value of the contract's types (a fact such as [`Partner`](crate::Partner), a list
/// of them, a name) from JSON text, exactly as a request's field of that type is read: the same
/// checks and the same messages, with paths from the value itself (`$`, `$.frozen`). For hosts
/// that take a request's fields one by one, such as a batch whose partner is given once.
///
/// Meant for the contract's own types, which read strictly by themselves: any other type is
/// read as it reads itself. Nesting is bounded from the value, not from a request around it.
///
/// ```
/// use partner_rules::{read_json, Partner};
/// let partner: Partner = read_json(r#"{"id": "p-1", "frozen": true}"#).unwrap();
/// assert!(partner.frozen);
/// let err = read_json::<Partner>(r#"{"id": "p-1", "frozen": "no"}"#).unwrap_err();
/// assert_eq!((err.path(), err.message()), ("$.frozen", "expected `true` or `false`, got `\"no\"`"));
/// ```
pub fn read_json<T: de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    read::from_text(text)
}

/// A domain error about a request, at the path of its location.
impl From<InputError> for Error {
    fn from(err: InputError) -> Error {
        Error::invalid_input(path::of(err.location(), "$"), err.message())
    }
}

/// Declares the ops once: the dispatch table and the list of names come from the same lines.
macro_rules! ops {
    ($($name:literal => $request:ty,)*) => {
        /// Every op this library answers, in the order of the contract.
        pub const OPS: &[&str] = &[$($name),*];

        fn dispatch<S: Sink>(
            engine: &Engine,
            op: &str,
            input: Input<'_>,
            sink: &mut S,
        ) -> Result<S::Out, Error> {
            match op {
                $($name => {
                    let answer = run::<$request>(engine, input)?;
                    sink.emit(&answer).map_err(unwritable)
                })*
                _ => Err(unknown_op(op)),
            }
        }

        /// Each op's request and answer types, for the schemas.
        #[cfg(feature = "schema")]
        fn op_schemas(
            requests: &mut schemars::SchemaGenerator,
            answers: &mut schemars::SchemaGenerator,
        ) -> Vec<schema::OpSchema> {
            vec![$(schema::OpSchema {
                op: $name,
                needs_now: <$request as Op>::NEEDS_NOW,
                request: requests.subschema_for::<$request>(),
                answer: answers.subschema_for::<<$request as Op>::Response>(),
            },)*]
        }
    };
}

ops! {
    "preregistration.check" => preregistration::CheckRequest,
    "preregistration.delete" => preregistration::DeleteRequest,
    "preregistration.review_due" => preregistration::ReviewDueRequest,
    "preregistration.approve" => preregistration::ApproveRequest,
    "invitation.send" => invitation::SendRequest,
    "invitation.resend" => invitation::ResendRequest,
    "invitation.accept" => invitation::AcceptRequest,
    "association.check" => association::CheckRequest,
    "association.models" => association::ModelsRequest,
    "failure_cause.lookup" => association::LookupRequest,
    "failure_cause.catalog" => association::CatalogRequest,
    "association_type.switch" => association::SwitchRequest,
    "disassociation.check" => relationship::DisassociationCheckRequest,
    "disassociation.respond" => relationship::DisassociationRespondRequest,
    "manager.attribution" => relationship::ManagerAttributionRequest,
    "export.mask" => relationship::ExportMaskRequest,
    "verification_code.timeout" => relationship::VerificationTimeoutRequest,
    "verification_code.check_mobile" => relationship::CheckMobileRequest,
    "error_code.lookup" => relationship::ErrorCodeLookupRequest,
    "funds.recover" => relationship::FundsRecoverRequest,
    "remitter.check" => relationship::RemitterCheckRequest,
    "customer.freeze" => account::FreezeRequest,
    "customer.unfreeze" => account::UnfreezeRequest,
    "budget.set" => account::BudgetSetRequest,
}

/// One op: its request reads from the request object (envelope fields included) and answers
/// with a serializable response.
pub(crate) trait Op: de::DeserializeOwned + Envelope {
    #[cfg(not(feature = "schema"))]
    type Response: Serialize;
    #[cfg(feature = "schema")]
    type Response: Serialize + schemars::JsonSchema;

    /// Whether the op needs the time of the request: `now` is then required.
    const NEEDS_NOW: bool = false;

    /// The field holding the instant that picks the policy of a timeline: `now`, unless the op
    /// is about another instant (a review deadline is about the submission).
    const INSTANT_FIELD: &'static str = "now";

    /// The instant that picks the policy of a timeline: `now`, unless the op says otherwise.
    fn instant(&self, now: Option<OffsetDateTime>) -> Option<OffsetDateTime> {
        now
    }

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error>;
}

/// The `now` and `policy` a request carried; implemented by [`request!`].
pub(crate) trait Envelope {
    fn take_envelope(&mut self) -> (Option<OffsetDateTime>, Option<PolicyInput>);
}

/// What every op sees besides its own fields.
pub(crate) struct Context<'a> {
    pub(crate) policy: &'a Policy,
    now: Option<OffsetDateTime>,
}

impl Context<'_> {
    /// `now`, which ops that depend on time require.
    pub(crate) fn now(&self) -> Result<OffsetDateTime, Error> {
        self.now.ok_or_else(missing_now)
    }

    /// `now` if the request carried it: for ops that need it only for some inputs.
    pub(crate) fn now_if_given(&self) -> Option<OffsetDateTime> {
        self.now
    }
}

fn missing_now() -> Error {
    Error::invalid_input(
        "$.now",
        format!("missing field `now`, expected {EXPECTED_TIMESTAMP}"),
    )
}

/// The request as it came.
#[derive(Clone, Copy)]
enum Input<'a> {
    /// Read straight from the text first (see `read::from_text`).
    #[cfg(feature = "fast-path")]
    Text(&'a str),
    Value(&'a Value),
}

fn run<R: Op>(engine: &Engine, input: Input<'_>) -> Result<R::Response, Error> {
    let mut request: R = match input {
        #[cfg(feature = "fast-path")]
        Input::Text(text) => read::from_text(text)?,
        Input::Value(value) => read::from_value(value)?,
    };
    let (now, policy) = request.take_envelope();
    let when = When {
        now,
        needs_now: R::NEEDS_NOW,
        instant: request.instant(now),
        instant_field: R::INSTANT_FIELD,
    };
    let mut own = None;
    let policy = policy_for(engine, policy, &when, &mut own)?;
    request.run(&Context { policy, now })
}

/// The policy a request is evaluated under: the request's own (resolved into `own`) or the
/// engine's, the entry of a timeline in force at the request's instant. A missing `now` is
/// refused first, before anything about the policy. Kept apart from [`run`], which is
/// compiled once per op.
fn policy_for<'p>(
    engine: &'p Engine,
    policy: Option<PolicyInput>,
    when: &When,
    own: &'p mut Option<PolicyTimeline>,
) -> Result<&'p Policy, Error> {
    if when.needs_now && when.now.is_none() {
        return Err(missing_now());
    }
    match policy {
        Some(input) => {
            let resolved = own.insert(input.resolve().map_err(|e| e.nested_under("$.policy"))?);
            in_force(resolved, when, true)
        }
        None => in_force(&engine.policies, when, false),
    }
}

/// The instants of a request, and what its op asks of them.
struct When {
    now: Option<OffsetDateTime>,
    needs_now: bool,
    instant: Option<OffsetDateTime>,
    instant_field: &'static str,
}

/// The entry of `policies` in force at the request's instant.
fn in_force<'p>(
    policies: &'p PolicyTimeline,
    when: &When,
    from_request: bool,
) -> Result<&'p Policy, Error> {
    policies.policy_at(when.instant).map_err(|err| {
        if from_request {
            Error::from(err).nested_under("$.policy")
        } else {
            // The engine's timeline starts after the request's instant: the instant is what is
            // out of place.
            Error::invalid_input(format!("$.{}", when.instant_field), err.message())
        }
    })
}

/// Declares an op's request struct with the envelope fields (`op`, `now`, `policy`) every
/// request may carry, so that each op still rejects unknown fields of its own.
macro_rules! request {
    (
        $(#[$meta:meta])*
        pub(crate) struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, serde::Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(deny_unknown_fields)]
        pub(crate) struct $name {
            /// The op's name (checked before the request is read).
            #[allow(dead_code)]
            #[cfg_attr(feature = "schema", schemars(skip))]
            op: serde::de::IgnoredAny,
            /// The instant of the request, RFC 3339 with an offset.
            #[serde(default, with = "crate::timefmt::rfc3339_option")]
            #[cfg_attr(feature = "schema", schemars(with = "Option<crate::timefmt::Timestamp>"))]
            now: Option<time::OffsetDateTime>,
            /// The policy to evaluate under instead of the engine's: a preset name, a policy
            /// object, or a timeline.
            #[serde(default)]
            policy: Option<crate::json::PolicyInput>,
            $( $(#[$fmeta])* $field: $ty, )*
        }

        impl crate::json::Envelope for $name {
            fn take_envelope(&mut self) -> (Option<time::OffsetDateTime>, Option<crate::json::PolicyInput>) {
                (self.now, self.policy.take())
            }
        }
    };
}
pub(crate) use request;

/// What becomes of an answer: JSON text ([`Engine::evaluate_json`]), a `serde_json::Value`
/// ([`Engine::evaluate`]), or whatever a host makes of the typed answer
/// ([`Engine::evaluate_json_into`]).
pub trait Sink {
    /// What an answer becomes.
    type Out;
    /// Why it could not: the core reports it as `invalid_input` at `$`, this error's text in
    /// the message. Only an instant beyond the year 9999, which comes from input, fails to
    /// serialize.
    type Error: std::fmt::Display;
    /// Makes `answer` into [`Sink::Out`]; `answer` serializes as the JSON of the answer does.
    fn emit<T: Serialize + ?Sized>(&mut self, answer: &T) -> Result<Self::Out, Self::Error>;
}

struct Text;

impl Sink for Text {
    type Out = String;
    type Error = serde_json::Error;
    fn emit<T: Serialize + ?Sized>(&mut self, answer: &T) -> Result<String, serde_json::Error> {
        #[cfg(feature = "fast-path")]
        answer::prepare();
        write::to_string(answer)
    }
}

struct Tree;

impl Sink for Tree {
    type Out = Value;
    type Error = serde_json::Error;
    fn emit<T: Serialize + ?Sized>(&mut self, answer: &T) -> Result<Value, serde_json::Error> {
        serde_json::to_value(answer)
    }
}

fn unwritable(err: impl std::fmt::Display) -> Error {
    Error::invalid_input("$", format!("the answer cannot be written as JSON: {err}"))
}

const EXPECTED_REQUEST: &str = "a JSON object with an `op` field";
const EXPECTED_OP_NAME: &str = "the op name as a string, such as `preregistration.check`";

fn unknown_op(op: &str) -> Error {
    Error::unknown_op(match read::closest(op, OPS) {
        Some(name) => format!("unknown op {}; did you mean {}?", quote(op), quote(name)),
        None => format!(
            "unknown op {}, expected one of {}",
            quote(op),
            OPS.iter().map(|n| quote(n)).collect::<Vec<_>>().join(", ")
        ),
    })
}

/// A request's `op` and nothing else (other members are read past): where the request text
/// does not start with it, and for parsed values.
struct OpOnly(String);

impl<'de> de::Deserialize<'de> for OpOnly {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RequestVisitor;

        impl<'de> Visitor<'de> for RequestVisitor {
            type Value = OpOnly;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(EXPECTED_REQUEST)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OpOnly, A::Error> {
                let mut op = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key == "op" {
                        op = Some(map.next_value::<OpName>()?.0);
                    } else {
                        map.next_value::<de::IgnoredAny>()?;
                    }
                }
                op.map(OpOnly).ok_or_else(|| de::Error::missing_field("op"))
            }
        }

        d.deserialize_any(RequestVisitor)
    }
}

/// The value of `op`: a string, with a message that says what it names.
struct OpName(String);

impl<'de> de::Deserialize<'de> for OpName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NameVisitor;

        impl Visitor<'_> for NameVisitor {
            type Value = OpName;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(EXPECTED_OP_NAME)
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<OpName, E> {
                Ok(OpName(v.to_owned()))
            }
        }

        d.deserialize_any(NameVisitor)
    }
}

/// The op name when the request text starts with it (`{"op": "name", ...`): found without
/// reading the rest. `None` for anything else (escapes included).
#[cfg(feature = "fast-path")]
fn leading_op(request: &str) -> Option<&str> {
    let rest = request.trim_start().strip_prefix('{')?.trim_start();
    let rest = rest.strip_prefix("\"op\"")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find(['"', '\\'])?;
    let (name, after) = rest.split_at(end);
    after.starts_with('"').then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_come_back_as_they_were_written() {
        // Read and written back to the last bit: serde_json's `float_roundtrip`.
        let numbers = "1.6129743245657377e+49,0.1,5e-324,1.7976931348623157e+308,\
                       -2.2250738585072014e-308,18446744073709551615,-9223372036854775808";
        let request = format!(r#"{{"op": "export.mask", "records": [{{"n": [{numbers}]}}]}}"#);
        let answer = evaluate_json(&request).unwrap_or_else(|e| e.to_string());
        assert!(
            answer.contains(&format!(r#"{{"n":[{numbers}]}}"#)),
            "{answer}"
        );
    }

    #[test]
    fn malformed_requests_are_invalid_input_at_the_right_path() {
        let cases = [
            ("", "$"),
            ("[]", "$"),
            ("{", "$"),
            ("{}", "$.op"),
            (r#"{"op": 3}"#, "$.op"),
            (r#"{"op": "x", "op": "y"}"#, "$.op"),
            (r#"{"op": "preregistration.review_due"} trailing"#, "$"),
            (
                r#"{"op": "preregistration.review_due", "submitted_at": "yesterday"}"#,
                "$.submitted_at",
            ),
            (r#"{"op": "preregistration.review_due"}"#, "$.submitted_at"),
            (
                r#"{"op": "preregistration.review_due", "submitted_at": "2026-11-21T10:00:00Z", "extra": 1}"#,
                "$.extra",
            ),
            (
                r#"{"op": "preregistration.review_due", "submitted_at": "2026-11-21T10:00:00Z", "policy": "nope"}"#,
                "$.policy",
            ),
            (
                r#"{"op": "preregistration.review_due", "submitted_at": "2026-11-21T10:00:00Z", "policy": {"review_working_days": 0}}"#,
                "$.policy.review_working_days",
            ),
            (
                r#"{"op": "preregistration.check", "now": "2026-11-21T10:00:00Z", "partner": {"id": "p"}, "customer": {"frozn": true}}"#,
                "$.customer.frozn",
            ),
            (
                r#"{"op": "preregistration.check", "partner": {"id": "p"}, "customer": {}}"#,
                "$.now",
            ),
            (
                r#"{"op": "preregistration.delete", "items": [{"id": "a", "status": "gone"}]}"#,
                "$.items[0].status",
            ),
        ];
        for (request, path) in cases {
            let err = evaluate_json(request).unwrap_err();
            assert_eq!(err.code(), "invalid_input", "{request}: {err}");
            assert_eq!(err.path(), path, "{request}: {err}");
            assert!(!err.message().is_empty());
            // The same request as a parsed value (where the text is JSON) fails the same way.
            if let Ok(value) = read::parse_text(request) {
                assert_eq!(evaluate(value).unwrap_err(), err, "{request}");
            }
        }
    }

    #[test]
    fn masked_exports_keep_the_order_of_record_fields() {
        // An export is read as columns: masking must not reorder them.
        let request = r#"{"op": "export.mask", "records": [{"zone": "SG", "name": "张三丰", "amount": 12, "email": "alice@example.com"}]}"#;
        let response = evaluate_json(request).unwrap();
        assert_eq!(
            response,
            r#"{"policy":"intl-2024","records":[{"zone":"SG","name":"张**","amount":12,"email":"a***@example.com"}]}"#
        );
    }

    #[test]
    fn a_request_that_is_not_an_object_says_so_once() {
        for err in [
            evaluate_json("[]").unwrap_err(),
            evaluate(serde_json::json!([])).unwrap_err(),
        ] {
            assert_eq!(err.path(), "$");
            assert_eq!(
                err.message(),
                "expected a JSON object with an `op` field, got an array"
            );
        }
    }

    #[test]
    fn unknown_ops_are_named() {
        let err = evaluate_json(r#"{"op": "preregistration.chek"}"#).unwrap_err();
        assert_eq!(err.code(), "unknown_op");
        assert_eq!(
            err.message(),
            "unknown op `preregistration.chek`; did you mean `preregistration.check`?"
        );
    }

    #[test]
    fn text_and_value_entry_points_agree() {
        let request = r#"{"op": "preregistration.check", "now": "2026-11-21T10:00:00Z",
            "partner": {"id": "p-1", "has_reserved_contact": true, "registration_country": "SG"},
            "customer": {"registration_country": "MY"}}"#;
        let text: Value = serde_json::from_str(&evaluate_json(request).unwrap()).unwrap();
        let tree = evaluate(serde_json::from_str(request).unwrap()).unwrap();
        assert_eq!(text, tree);
        let bad = r#"{"op": "preregistration.check", "now": "2026-11-21T10:00:00Z", "partner": {"id": "p", "active_preregistrations": -1}, "customer": {}}"#;
        let from_text = evaluate_json(bad).unwrap_err();
        let from_tree = evaluate(serde_json::from_str(bad).unwrap()).unwrap_err();
        assert_eq!(from_text, from_tree);
        assert_eq!(
            from_text.message(),
            "expected a whole number from 0 to 4,294,967,295, got `-1`"
        );
    }
}
