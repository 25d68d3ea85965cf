//! The error of the JSON contract: bad input is never a decision.
//!
//! A leaf of the module graph: the JSON layer builds these errors (and renders their paths),
//! the domain returns [`InputError`](crate::InputError)s, which say where without knowing JSON.

use std::borrow::Cow;
use std::fmt;

/// Characters of an offending value quoted back in an error message (and of a key in a path).
pub(crate) const QUOTED_INPUT_CHARS: usize = 64;

/// What kind of error: the stable code every binding exposes.
///
/// It compares equal to its code as text, so `err.code() == "invalid_input"` reads as the
/// contract does.
///
/// ```
/// use partner_rules::ErrorCode;
/// assert_eq!(ErrorCode::UnknownOp.as_str(), "unknown_op");
/// assert_eq!(ErrorCode::InvalidInput, "invalid_input");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The request or policy is malformed: wrong type, unknown field, bad timestamp, out of range.
    InvalidInput,
    /// The request names an `op` this library does not know.
    UnknownOp,
}

impl ErrorCode {
    /// The stable snake_case code (`invalid_input`, `unknown_op`).
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

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// An error with a stable [`code`](Error::code), the JSON [`path`](Error::path) of the
/// offending value (`$` is the whole request, `$.partner.id`, `$.items[2].status`) and a
/// [`message`](Error::message) for a person that says what was expected, in the words of the
/// contract (`docs/contract.md`, "Errors").
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

    /// An `unknown_op` error, always at `$.op`.
    pub(crate) fn unknown_op(message: String) -> Self {
        Error {
            code: ErrorCode::UnknownOp,
            path: "$.op".to_owned(),
            message,
        }
    }

    /// The stable code.
    ///
    /// ```
    /// let err = partner_rules::evaluate_json(r#"{"op": "preregistration.review_due", "submitted_at": "soon"}"#).unwrap_err();
    /// assert_eq!(err.code(), "invalid_input");
    /// assert_eq!(err.code().as_str(), "invalid_input");
    /// assert_eq!(err.path(), "$.submitted_at");
    /// assert!(err.message().contains("RFC 3339"));
    /// ```
    pub fn code(&self) -> ErrorCode {
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
            "code": self.code.as_str(),
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

/// Quotes user input in backticks, shortened to [`QUOTED_INPUT_CHARS`] characters (on a
/// character boundary) so that a megabyte string never comes back as a megabyte error.
pub(crate) fn quote(text: &str) -> String {
    format!("`{}`", shortened(text))
}

/// Quotes a string value the way messages show what was given: as JSON text in backticks
/// (`` `"yesterday"` ``), so that the string `"5"` and the number `5` read differently, shortened
/// like [`quote`].
pub(crate) fn quote_string(text: &str) -> String {
    format!("`{}`", json_string(&shortened(text)))
}

/// `text` cut to [`QUOTED_INPUT_CHARS`] characters with `…` after them, or `text` itself when
/// it is no longer than that (borrowed: nothing was cut).
pub(crate) fn shortened(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(QUOTED_INPUT_CHARS) {
        Some((cut, _)) => Cow::Owned(format!("{}…", text.get(..cut).unwrap_or_default())),
        None => Cow::Borrowed(text),
    }
}

/// `text` as a JSON string literal, quotes and escapes included.
pub(crate) fn json_string(text: &str) -> String {
    // Serializing a string cannot fail.
    serde_json::to_string(text).unwrap_or_default()
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
    fn quotes_are_shortened_on_character_boundaries() {
        let quoted = quote(&"报".repeat(100));
        assert_eq!(
            quoted.chars().filter(|c| *c == '报').count(),
            QUOTED_INPUT_CHARS
        );
        assert!(quoted.ends_with("…`"));
        assert_eq!(quote("short"), "`short`");
        assert_eq!(quote_string("a \"b\""), "`\"a \\\"b\\\"\"`");
    }
}
