//! The one error type of the library: bad input is never a decision.

use std::fmt;

use crate::limits::{nesting_message, MAX_MESSAGE_BYTES, QUOTED_INPUT_CHARS};
use crate::timefmt::quote;

/// What kind of error: the stable code every binding exposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The request or policy is malformed: wrong type, unknown field, bad timestamp, out of range.
    InvalidInput,
    /// The request names an `op` this library does not know.
    UnknownOp,
}

impl ErrorCode {
    /// The stable snake_case code (`invalid_input`, `unknown_op`).
    ///
    /// ```
    /// assert_eq!(partner_rules::ErrorCode::UnknownOp.as_str(), "unknown_op");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::UnknownOp => "unknown_op",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error with a stable [`code`](Error::code), the JSON [`path`](Error::path) of the
/// offending value (`$` is the whole request, `$.partner.id`, `$.items[2].status`) and a
/// message for a person that says what was expected.
///
/// ```
/// let err = partner_rules::evaluate_json(r#"{"op": "no.such.op"}"#).unwrap_err();
/// assert_eq!(err.code(), "unknown_op");
/// assert_eq!(err.path(), "$.op");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code} at {path}: {message}")]
pub struct Error {
    code: ErrorCode,
    path: String,
    message: String,
}

impl Error {
    /// An `invalid_input` error at `path` (a JSON path such as `$.partner.id`).
    ///
    /// ```
    /// let err = partner_rules::Error::invalid_input("$.now", "expected an RFC 3339 timestamp");
    /// assert_eq!(err.to_string(), "invalid_input at $.now: expected an RFC 3339 timestamp");
    /// ```
    pub fn invalid_input(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            code: ErrorCode::InvalidInput,
            path: path.into(),
            message: message.into(),
        }
    }

    /// An `unknown_op` error for the op name the request gave.
    pub(crate) fn unknown_op(op: &str, known: &[&str]) -> Self {
        let mut message = format!("unknown op {}, expected one of ", quote(op));
        for (i, name) in known.iter().enumerate() {
            if i > 0 {
                message.push_str(", ");
            }
            message.push('`');
            message.push_str(name);
            message.push('`');
        }
        Error {
            code: ErrorCode::UnknownOp,
            path: "$.op".to_owned(),
            message,
        }
    }

    /// The stable code as a string: `invalid_input` or `unknown_op`.
    ///
    /// ```
    /// let err = partner_rules::evaluate_json(r#"{"op": "preregistration.review_due", "submitted_at": "soon"}"#).unwrap_err();
    /// assert_eq!(err.code(), "invalid_input");
    /// assert_eq!(err.path(), "$.submitted_at");
    /// assert!(err.message().contains("RFC 3339"));
    /// ```
    pub fn code(&self) -> &'static str {
        self.code.as_str()
    }

    /// The stable code as an enum.
    pub fn kind(&self) -> ErrorCode {
        self.code
    }

    /// The JSON path of the offending value, `$` for the request as a whole.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was wrong and what was expected, for a person.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The error as the JSON object every binding returns: `{code, path, message}`.
    ///
    /// ```
    /// let err = partner_rules::evaluate_json("[]").unwrap_err();
    /// let json = err.to_json();
    /// assert_eq!(json["code"], "invalid_input");
    /// assert_eq!(json["path"], "$");
    /// ```
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "code": self.code(),
            "path": self.path,
            "message": self.message,
        })
    }

    /// The same error moved under a parent path: `$.x` under `$.policy` is `$.policy.x`.
    pub(crate) fn nested_under(mut self, parent: &str) -> Self {
        self.path = match self.path.strip_prefix('$') {
            Some(rest) => format!("{parent}{rest}"),
            None => format!("{parent}.{}", self.path),
        };
        self
    }
}

/// Builds JSON paths the way every error reports them.
pub(crate) fn field_path(parent: &str, field: &str) -> String {
    format!("{parent}.{field}")
}

/// `$.records[0]` + `mobile` → `$.records[0].mobile`; keys that are not identifiers are quoted
/// (`$.records[0]["e-mail address"]`) so that any key gives an unambiguous path.
pub(crate) fn key_path(parent: &str, key: &str) -> String {
    let mut path = parent.to_owned();
    push_key(&mut path, key);
    path
}

/// `$.items` + 3 → `$.items[3]`.
pub(crate) fn index_path(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

/// Converts a serde error, with the path `serde_path_to_error` tracked, into our error.
pub(crate) fn from_tracked(err: serde_path_to_error::Error<serde_json::Error>) -> Error {
    from_serde(json_path(err.path()), err.into_inner())
}

/// Converts a serde error that arose at `path` (as rendered by [`push_key`] and
/// [`index_path`]) into our error.
///
/// Data errors drop serde_json's "at line L column C" suffix so that the same request gives the
/// same message whether it arrived as text or as an already-parsed value; syntax errors keep it
/// because there the position is the only useful hint.
pub(crate) fn from_serde(path: String, inner: serde_json::Error) -> Error {
    from_message(path, &serde_message(&inner))
}

/// The message of a serde_json error as our errors give it.
pub(crate) fn serde_message(err: &serde_json::Error) -> String {
    match err.classify() {
        serde_json::error::Category::Data => strip_position(err),
        // The parser's recursion limit is our nesting limit: the path says where, as for a
        // parsed value that nests too deeply.
        serde_json::error::Category::Syntax if is_recursion_limit(err) => nesting_message(),
        _ => err.to_string(),
    }
}

/// An `invalid_input` error from a serde error message about the value at `path`.
pub(crate) fn from_message(mut path: String, message: &str) -> Error {
    let message = shorten_quoted_input(message);
    // serde reports a missing field at the object that lacks it; the field itself is the
    // more useful place to point at.
    if let Some(field) = missing_field(&message) {
        push_key(&mut path, field);
    }
    Error::invalid_input(path, message)
}

fn is_recursion_limit(err: &serde_json::Error) -> bool {
    err.to_string().starts_with("recursion limit exceeded")
}

/// serde quotes offending input in its messages (``unknown field `…` ``, `invalid type: string
/// "…"`): each quoted stretch is shortened to [`QUOTED_INPUT_CHARS`] characters and the whole
/// message capped near [`MAX_MESSAGE_BYTES`], so a megabyte string never comes back as a megabyte
/// error.
fn shorten_quoted_input(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(MAX_MESSAGE_BYTES + 4));
    // Inside a quote: its delimiter, the characters kept so far, and whether a `\` escapes the
    // next one (serde writes strings with Rust escapes).
    let mut quoted: Option<(char, usize, bool)> = None;
    for c in message.chars() {
        if out.len() >= MAX_MESSAGE_BYTES {
            out.push('…');
            break;
        }
        quoted = match quoted {
            None => {
                out.push(c);
                matches!(c, '`' | '"').then_some((c, 0, false))
            }
            Some((delimiter, _, false)) if c == delimiter => {
                out.push(c);
                None
            }
            Some((delimiter, kept, escaped)) => {
                if kept < QUOTED_INPUT_CHARS {
                    out.push(c);
                } else if kept == QUOTED_INPUT_CHARS {
                    out.push('…');
                }
                let escapes = delimiter == '"' && c == '\\' && !escaped;
                Some((delimiter, kept.saturating_add(1), escapes))
            }
        };
    }
    out
}

fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

fn strip_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    if err.line() == 0 {
        return text;
    }
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    match text.strip_suffix(&suffix) {
        Some(stripped) => stripped.to_owned(),
        None => text,
    }
}

fn json_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("$");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => push_key(&mut out, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// Appends a key to a JSON path: `.key` for identifiers, `["a b"]` otherwise. A key longer than
/// [`QUOTED_INPUT_CHARS`] characters is shortened (`["aaaa…"]`), like quoted input in messages.
pub(crate) fn push_key(out: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    match key.char_indices().nth(QUOTED_INPUT_CHARS) {
        None if plain => {
            out.push('.');
            out.push_str(key);
        }
        None => {
            // Keys that are not identifiers are quoted so the path stays unambiguous.
            out.push('[');
            out.push_str(&serde_json::Value::String(key.to_owned()).to_string());
            out.push(']');
        }
        Some((cut, _)) => {
            let kept = key.get(..cut).unwrap_or_default();
            out.push('[');
            out.push_str(&serde_json::Value::String(format!("{kept}…")).to_string());
            out.push(']');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_paths_keep_the_tail() {
        let err = Error::invalid_input("$.calendar.weekend", "x").nested_under("$.policy");
        assert_eq!(err.path(), "$.policy.calendar.weekend");
        let root = Error::invalid_input("$", "x").nested_under("$.policy");
        assert_eq!(root.path(), "$.policy");
    }

    #[test]
    fn missing_fields_are_named() {
        assert_eq!(missing_field("missing field `id`"), Some("id"));
        assert_eq!(missing_field("unknown field `id`"), None);
    }

    #[test]
    fn odd_keys_are_quoted() {
        let mut out = String::from("$");
        push_key(&mut out, "a b");
        assert_eq!(out, "$[\"a b\"]");
    }

    #[test]
    fn long_input_is_shortened_in_messages_and_paths() {
        let long = "k".repeat(1_000_000);
        let requests = [
            // An unknown field: the key is quoted in the message and named in the path.
            format!(r#"{{"op": "invitation.resend", "{long}": 1}}"#),
            // An unknown variant, quoted in backticks.
            format!(
                r#"{{"op": "invitation.resend", "items": [{{"id": "a", "status": "{long}"}}]}}"#
            ),
            // A wrong type, quoted as a Rust string with escapes.
            format!(r#"{{"op": "invitation.resend", "items": "\"{long}"}}"#),
            // An unknown op.
            format!(r#"{{"op": "{long}"}}"#),
        ];
        for request in &requests {
            let err = crate::evaluate_json(request).unwrap_err();
            assert!(err.message().len() < 1024, "{} bytes", err.message().len());
            assert!(err.path().len() < 256, "{}", err.path());
            assert!(
                err.message().contains('…') || err.path().contains('…'),
                "{err}"
            );
        }
        let err = crate::evaluate_json(&requests[0]).unwrap_err();
        assert_eq!(
            err.path(),
            format!("$[\"{}…\"]", "k".repeat(QUOTED_INPUT_CHARS))
        );
    }

    #[test]
    fn quotes_are_shortened_one_by_one() {
        let message = format!("unknown field `{}`, expected `a` or `b`", "x".repeat(100));
        let short = shorten_quoted_input(&message);
        assert_eq!(
            short,
            format!(
                "unknown field `{}…`, expected `a` or `b`",
                "x".repeat(QUOTED_INPUT_CHARS)
            )
        );
        // An escaped quote does not end a string.
        let escaped = format!("invalid type: string \"a\\\"{}\"", "y".repeat(100));
        assert!(shorten_quoted_input(&escaped).ends_with("…\""));
        // Many short quotes still give a bounded message.
        let many = "`a` ".repeat(10_000);
        assert!(shorten_quoted_input(&many).len() <= MAX_MESSAGE_BYTES + '…'.len_utf8());
    }

    #[test]
    fn unknown_op_lists_the_known_ones() {
        let err = Error::unknown_op("x", &["a", "b"]);
        assert_eq!(err.code(), "unknown_op");
        assert_eq!(err.message(), "unknown op `x`, expected one of `a`, `b`");
    }
}
