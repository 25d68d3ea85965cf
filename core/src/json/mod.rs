//! The JSON contract (SPEC section 12): one entry point for every host language.
//!
//! A request is an object with `"op"`, `"now"` (RFC 3339, for ops that need a time), an optional
//! `"policy"` (a preset name or a policy object) and the op's own fields. Unknown fields are
//! errors. Each op's wire types live in a submodule; this module holds the dispatch table.

use std::borrow::Cow;

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use crate::error::{from_tracked, Error};
use crate::limits;
use crate::policy::PolicyInput;
use crate::reason::{Reason, Verdict};
use crate::timefmt::EXPECTED_TIMESTAMP;
use crate::Policy;

mod association;
mod invitation;
mod preregistration;
mod read;
mod relationship;
pub(crate) mod shape;
mod write;

pub(crate) use read::from_str;
pub(crate) use write::Prebuilt;
pub use write::{write_json, JsonOut};

/// Parse once, evaluate many: a policy held ready for any number of requests.
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
    policy: Policy,
}

impl Engine {
    /// An engine evaluating under `policy`.
    pub fn new(policy: Policy) -> Engine {
        Engine { policy }
    }

    /// The policy requests are evaluated under.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Evaluates a JSON request given as text and answers with JSON text.
    ///
    /// Text longer than [`MAX_REQUEST_BYTES`](crate::limits::MAX_REQUEST_BYTES) or nested deeper
    /// than [`MAX_NESTING`](crate::limits::MAX_NESTING) is `invalid_input` (see
    /// [`limits`](crate::limits)).
    pub fn evaluate_json(&self, request: &str) -> Result<String, Error> {
        self.evaluate_json_into::<Text>(request)
    }

    /// Like [`Engine::evaluate_json`], with the answer handed to `S` as its typed value rather
    /// than written as JSON text: a host binding builds its own objects from it, with nothing
    /// to parse, and gets exactly the structure the JSON text would have.
    ///
    /// ```
    /// use partner_rules::{Engine, Sink};
    ///
    /// /// Answers as pretty-printed JSON.
    /// struct Pretty;
    ///
    /// impl Sink for Pretty {
    ///     type Out = String;
    ///     type Error = serde_json::Error;
    ///     fn emit<T: serde::Serialize + ?Sized>(answer: &T) -> Result<String, serde_json::Error> {
    ///         serde_json::to_string_pretty(answer)
    ///     }
    /// }
    ///
    /// let answer = Engine::default().evaluate_json_into::<Pretty>(
    ///     r#"{"op": "preregistration.review_due", "submitted_at": "2026-11-20T18:00:00+08:00"}"#,
    /// ).unwrap();
    /// assert!(answer.starts_with("{\n  \"policy\": \"intl-2024\",\n"));
    /// ```
    pub fn evaluate_json_into<S: Sink>(&self, request: &str) -> Result<S::Out, Error> {
        limits::check_size(request)?;
        // The common case first: a well-formed request read once, without tracking paths.
        #[cfg(feature = "fast-path")]
        if let Some(answer) = self.evaluate_json_untracked::<S>(request) {
            return Ok(answer);
        }
        // Anything else is read again with paths tracked: only this reading decides what an
        // error says, so the fast path cannot change an answer, only how soon it comes.
        let request = read::request(request)?;
        dispatch::<S, _>(self, &request.op, request.source())
    }

    /// The untracked first reading of [`Engine::evaluate_json_into`]: the answer to a
    /// well-formed request, `None` for anything that needs the tracked reading.
    #[cfg(feature = "fast-path")]
    fn evaluate_json_untracked<S: Sink>(&self, request: &str) -> Option<S::Out> {
        let op = match leading_op(request) {
            Some(op) => Cow::Borrowed(op),
            // One more pass to find it, skipping everything else.
            None => serde_json::from_str::<OpOnly<'_>>(request).ok()?.op,
        };
        let mut de = serde_json::Deserializer::from_str(request);
        let answer = dispatch::<S, _>(self, &op, Untracked(&mut de)).ok()?;
        de.end().is_ok().then_some(answer)
    }

    /// Evaluates an already-parsed JSON request.
    ///
    /// A value nested deeper than [`MAX_NESTING`](crate::limits::MAX_NESTING) is
    /// `invalid_input`, found without recursion before anything reads it.
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
        let Value::Object(fields) = request else {
            return Err(Error::invalid_input(
                "$",
                format!("expected {EXPECTED_REQUEST}"),
            ));
        };
        limits::check_nesting(request)?;
        let op = match fields.get("op") {
            Some(Value::String(op)) => op.as_str(),
            Some(_) => {
                return Err(Error::invalid_input(
                    "$.op",
                    format!("expected {EXPECTED_OP_NAME}"),
                ))
            }
            None => return Err(missing_op()),
        };
        // As for text: a fast first reading, and a tracked one for errors.
        #[cfg(feature = "fast-path")]
        if let Ok(answer) = dispatch::<Tree, _>(self, op, Untracked(request)) {
            return Ok(answer);
        }
        dispatch::<Tree, _>(self, op, Tracked(request))
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
/// ```
pub fn evaluate(request: Value) -> Result<Value, Error> {
    Engine::default().evaluate(&request)
}

/// Declares the ops once: the dispatch table and the list of names come from the same lines.
macro_rules! ops {
    ($($name:literal => $request:ty,)*) => {
        /// Every op this library answers, in the order of the specification.
        pub const OPS: &[&str] = &[$($name),*];

        fn dispatch<'de, S: Sink, R: Source<'de>>(
            engine: &Engine,
            op: &str,
            request: R,
        ) -> Result<S::Out, Error> {
            match op {
                $($name => S::emit(&run::<$request, R>(engine, request)?).map_err(unwritable),)*
                _ => Err(Error::unknown_op(op, OPS)),
            }
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
}

/// One op: its request deserializes from the request object (envelope fields included) and
/// answers with a serializable response.
pub(crate) trait Op: DeserializeOwned + Envelope {
    type Response: Serialize;

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
        self.now.ok_or_else(|| {
            Error::invalid_input(
                "$.now",
                format!("missing field `now`, expected {EXPECTED_TIMESTAMP}"),
            )
        })
    }
}

fn run<'de, R: Op, S: Source<'de>>(engine: &Engine, source: S) -> Result<R::Response, Error> {
    let mut request: R = source.parse()?;
    let (now, policy) = request.take_envelope();
    let policy = engine.policy_for(policy)?;
    request.run(&Context {
        policy: &policy,
        now,
    })
}

impl Engine {
    /// The policy a request is evaluated under: its own, or the engine's.
    fn policy_for(&self, request: Option<PolicyInput>) -> Result<Cow<'_, Policy>, Error> {
        Ok(match request {
            Some(input) => Cow::Owned(input.resolve().map_err(|e| e.nested_under("$.policy"))?),
            None => Cow::Borrowed(&self.policy),
        })
    }
}

/// A request to read as an op's type, and how its errors are reported.
trait Source<'de> {
    fn parse<T: de::Deserialize<'de>>(self) -> Result<T, Error>;
}

/// An already-parsed value, with the JSON path of every value tracked, for errors that name
/// where they are. (Request text is read with paths by [`read`].)
struct Tracked<D>(D);

impl<'de, D: Deserializer<'de, Error = serde_json::Error>> Source<'de> for Tracked<D> {
    fn parse<T: de::Deserialize<'de>>(self) -> Result<T, Error> {
        serde_path_to_error::deserialize(self.0).map_err(from_tracked)
    }
}

/// Without tracking (tracking copies every key): for the first reading, whose errors are
/// dropped in favour of a tracked reading.
#[cfg(feature = "fast-path")]
struct Untracked<D>(D);

#[cfg(feature = "fast-path")]
impl<'de, D: Deserializer<'de, Error = serde_json::Error>> Source<'de> for Untracked<D> {
    fn parse<T: de::Deserialize<'de>>(self) -> Result<T, Error> {
        T::deserialize(self.0).map_err(|e| Error::invalid_input("$", e.to_string()))
    }
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
        #[serde(deny_unknown_fields)]
        pub(crate) struct $name {
            #[allow(dead_code)]
            op: serde::de::IgnoredAny,
            #[serde(default, with = "crate::timefmt::rfc3339_option")]
            now: Option<time::OffsetDateTime>,
            #[serde(default)]
            policy: Option<crate::policy::PolicyInput>,
            $( $(#[$fmeta])* $field: $ty, )*
        }

        impl crate::json::Envelope for $name {
            fn take_envelope(&mut self) -> (Option<time::OffsetDateTime>, Option<crate::policy::PolicyInput>) {
                (self.now, self.policy.take())
            }
        }
    };
}
pub(crate) use request;

/// The per-item answer of batch ops (deleting pre-registrations, resending invitations,
/// recovering funds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
pub(crate) struct ItemResults {
    pub(crate) results: Vec<ItemResult>,
}

/// A response that echoes the policy's preset name beside the op's own fields.
#[derive(Debug, Serialize)]
pub(crate) struct WithPolicy<T: Serialize> {
    pub(crate) policy: &'static str,
    #[serde(flatten)]
    pub(crate) body: T,
}

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
    fn emit<T: Serialize + ?Sized>(answer: &T) -> Result<Self::Out, Self::Error>;
}

struct Text;

impl Sink for Text {
    type Out = String;
    type Error = serde_json::Error;
    fn emit<T: Serialize + ?Sized>(answer: &T) -> Result<String, serde_json::Error> {
        write::to_string(answer)
    }
}

/// A [`Sink`] writing the answer's compact JSON text into a new `O`, through [`write_json`]:
/// for hosts whose strings are not UTF-8, which transcode piece by piece as it is written.
///
/// ```
/// use partner_rules::{Engine, JsonInto, JsonOut};
///
/// /// JSON text as UTF-16 code units, the string form of JavaScript, Java and .NET.
/// #[derive(Default)]
/// struct Utf16(Vec<u16>);
///
/// impl JsonOut for Utf16 {
///     fn push_str(&mut self, text: &str) {
///         self.0.extend(text.encode_utf16());
///     }
/// }
///
/// let answer = Engine::default().evaluate_json_into::<JsonInto<Utf16>>(
///     r#"{"op": "preregistration.review_due", "submitted_at": "2026-11-20T18:00:00+08:00"}"#,
/// ).unwrap();
/// assert_eq!(String::from_utf16(&answer.0).unwrap(),
///            r#"{"policy":"intl-2024","due_by":"2026-11-25T00:00:00+08:00"}"#);
/// ```
pub struct JsonInto<O>(std::marker::PhantomData<O>);

impl<O: JsonOut + Default> Sink for JsonInto<O> {
    type Out = O;
    type Error = serde_json::Error;
    fn emit<T: Serialize + ?Sized>(answer: &T) -> Result<O, serde_json::Error> {
        let mut out = O::default();
        write_json(answer, &mut out)?;
        Ok(out)
    }
}

struct Tree;

impl Sink for Tree {
    type Out = Value;
    type Error = serde_json::Error;
    fn emit<T: Serialize + ?Sized>(answer: &T) -> Result<Value, serde_json::Error> {
        serde_json::to_value(answer)
    }
}

fn unwritable(err: impl std::fmt::Display) -> Error {
    Error::invalid_input("$", format!("the answer cannot be written as JSON: {err}"))
}

const EXPECTED_REQUEST: &str = "a JSON object with an `op` field";
const EXPECTED_OP_NAME: &str = "the op name as a string, such as `preregistration.check`";

fn missing_op() -> Error {
    Error::invalid_input(
        "$.op",
        format!("missing field `op`, expected {EXPECTED_OP_NAME}"),
    )
}

/// A request's `op` and nothing else (other members are skipped unread): where the request
/// does not start with it. Anything amiss, such as a second `op`, is left to the reading
/// of the whole request.
#[cfg(feature = "fast-path")]
#[derive(serde::Deserialize)]
struct OpOnly<'a> {
    #[serde(borrow)]
    op: Cow<'a, str>,
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
        // Read and written back to the last bit: serde_json's `float_roundtrip`. Without it the
        // first float reads one step off and comes back as ...374e+49, which comparing parsed
        // JSON in Rust cannot see (both sides read it the same wrong way).
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
            (r#"{"op": "x", "op": "y"}"#, "$"),
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
            assert!(
                err.message()
                    .contains("expected a JSON object with an `op` field"),
                "{err}"
            );
            assert!(!err.message().contains("expected expected"), "{err}");
        }
    }

    #[test]
    fn unknown_ops_are_named() {
        let err = evaluate_json(r#"{"op": "preregistration.chek"}"#).unwrap_err();
        assert_eq!(err.code(), "unknown_op");
        assert!(err.message().contains("`preregistration.check`"), "{err}");
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
    }
}
