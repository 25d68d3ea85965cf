//! The one error type of the library: bad input is never a decision.

use std::fmt;

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
        let mut message = format!("unknown op `{op}`, expected one of ");
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
///
/// Data errors drop serde_json's "at line L column C" suffix so that the same request gives the
/// same message whether it arrived as text or as an already-parsed value; syntax errors keep it
/// because there the position is the only useful hint.
pub(crate) fn from_serde(err: serde_path_to_error::Error<serde_json::Error>) -> Error {
    let mut path = json_path(err.path());
    let inner = err.into_inner();
    let message = match inner.classify() {
        serde_json::error::Category::Data => strip_position(&inner),
        _ => inner.to_string(),
    };
    // serde reports a missing field at the object that lacks it; the field itself is the
    // more useful place to point at.
    if let Some(field) = missing_field(&message) {
        push_key(&mut path, field);
    }
    Error::invalid_input(path, message)
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

fn push_key(out: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        out.push('.');
        out.push_str(key);
    } else {
        // Keys that are not identifiers are quoted so the path stays unambiguous.
        out.push('[');
        out.push_str(&serde_json::Value::String(key.to_owned()).to_string());
        out.push(']');
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
    fn unknown_op_lists_the_known_ones() {
        let err = Error::unknown_op("x", &["a", "b"]);
        assert_eq!(err.code(), "unknown_op");
        assert_eq!(err.message(), "unknown op `x`, expected one of `a`, `b`");
    }
}
