//! Input limits of the JSON entry points. They do not depend on the policy: they protect the
//! host, not the rules.
//!
//! - A request given as text is at most [`MAX_REQUEST_BYTES`] long.
//! - Arrays and objects nest at most [`MAX_NESTING`] levels deep, the request object counting as
//!   the first. Text is refused where it opens the first array or object too deep, before it
//!   recurses further; an already-parsed value is measured without recursion before anything
//!   else reads it. Either way the answer is `invalid_input` at the path of the first value too
//!   deep, never a stack overflow.
//! - Error messages quote offending input shortened to [`QUOTED_INPUT_CHARS`] characters, so a
//!   megabyte string never comes back as a megabyte error. Paths shorten long keys the same
//!   way.
//!
//! Everything else is linear in the size of the request: there is no per-item limit on batches,
//! and strings of any length within the request limit are read in one pass.
//!
//! ```
//! use partner_rules::limits::MAX_NESTING;
//! let deep = format!(r#"{{"op": "invitation.resend", "items": {}{}}}"#, "[".repeat(200), "]".repeat(200));
//! let err = partner_rules::evaluate_json(&deep).unwrap_err();
//! assert_eq!(err.code(), "invalid_input");
//! assert!(err.message().contains(&MAX_NESTING.to_string()), "{err}");
//! ```

use serde_json::Value;

use super::path::{push_index, push_key};
use crate::error::Error;

/// Longest request text [`evaluate_json`](crate::evaluate_json) reads: 64 MiB, room for a batch
/// of several hundred thousand items. Larger batches are split by the host, or go through the
/// typed API.
pub const MAX_REQUEST_BYTES: usize = 64 * 1024 * 1024;

/// Deepest nesting of arrays and objects in a request, the request object itself counting as
/// level 1 (serde_json's own default limit), the same for text and for parsed values.
pub const MAX_NESTING: usize = 127;

/// Characters of an offending value quoted back in an error message.
pub const QUOTED_INPUT_CHARS: usize = crate::error::QUOTED_INPUT_CHARS;

/// The message of a request nested too deeply.
pub(crate) fn nesting_message() -> String {
    format!("expected at most {MAX_NESTING} levels of nested arrays and objects")
}

/// Refuses request text over [`MAX_REQUEST_BYTES`].
pub(crate) fn check_size(request: &str) -> Result<(), Error> {
    if request.len() > MAX_REQUEST_BYTES {
        return Err(Error::invalid_input(
            "$",
            format!(
                "the request is {} bytes; expected at most {MAX_REQUEST_BYTES} bytes (split large batches)",
                request.len()
            ),
        ));
    }
    Ok(())
}

/// Refuses a parsed value nested deeper than [`MAX_NESTING`], without recursing: serde would
/// recurse once per level to read it, and dropping or cloning it recurses too.
pub(crate) fn check_nesting(request: &Value) -> Result<(), Error> {
    enum Children<'a> {
        Array(std::iter::Enumerate<std::slice::Iter<'a, Value>>),
        Object(serde_json::map::Iter<'a>),
    }
    enum Segment<'a> {
        Root,
        Index(usize),
        Key(&'a str),
    }
    fn children(value: &Value) -> Option<Children<'_>> {
        match value {
            Value::Array(items) => Some(Children::Array(items.iter().enumerate())),
            Value::Object(fields) => Some(Children::Object(fields.iter())),
            _ => None,
        }
    }

    let Some(root) = children(request) else {
        return Ok(());
    };
    // The open containers from the root down, each with the segment that led to it.
    let mut open: Vec<(Segment<'_>, Children<'_>)> = vec![(Segment::Root, root)];
    while let Some((_, siblings)) = open.last_mut() {
        let next = match siblings {
            Children::Array(items) => items.next().map(|(i, v)| (Segment::Index(i), v)),
            Children::Object(fields) => fields.next().map(|(k, v)| (Segment::Key(k.as_str()), v)),
        };
        let Some((segment, value)) = next else {
            open.pop();
            continue;
        };
        let Some(grandchildren) = children(value) else {
            continue;
        };
        open.push((segment, grandchildren));
        if open.len() > MAX_NESTING {
            let mut path = String::from("$");
            for (segment, _) in &open {
                match segment {
                    Segment::Root => {}
                    Segment::Index(i) => push_index(&mut path, *i),
                    Segment::Key(key) => push_key(&mut path, key),
                }
            }
            return Err(Error::invalid_input(path, nesting_message()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(levels: usize) -> String {
        format!(
            r#"{{"op": "invitation.resend", "items": {}{}}}"#,
            "[".repeat(levels - 1),
            "]".repeat(levels - 1)
        )
    }

    #[test]
    fn text_and_values_are_refused_at_the_same_depth_and_path() {
        // At the limit the request is read (and refused for its content, not its depth).
        let at_limit = nested(MAX_NESTING);
        let err = crate::evaluate_json(&at_limit).unwrap_err();
        assert!(!err.message().contains("levels"), "{err}");
        let value: Value = serde_json::from_str(&at_limit).unwrap();
        assert!(check_nesting(&value).is_ok());

        let over = nested(MAX_NESTING + 1);
        let from_text = crate::evaluate_json(&over).unwrap_err();
        assert_eq!(from_text.code(), "invalid_input");
        assert_eq!(from_text.message(), nesting_message());
        let mut value = Value::Null;
        for _ in 0..MAX_NESTING {
            value = Value::Array(vec![value]);
        }
        let request = serde_json::json!({"op": "invitation.resend", "items": value});
        let from_tree = crate::evaluate(request).unwrap_err();
        assert_eq!(from_tree, from_text);
        assert!(from_tree.path().starts_with("$.items[0][0]"), "{from_tree}");
    }

    #[test]
    fn very_deep_values_are_measured_without_recursion() {
        // Deep enough to overflow the stack of a recursive walk.
        let mut value = Value::Null;
        for _ in 0..1_000_000 {
            value = Value::Array(vec![value]);
        }
        let err = check_nesting(&value).unwrap_err();
        assert_eq!(err.path().matches("[0]").count(), MAX_NESTING);
        // Dropping it recursively would overflow too: unwind it by hand.
        while let Value::Array(mut items) = value {
            value = items.pop().unwrap_or(Value::Null);
        }
    }

    #[test]
    fn deep_text_is_refused_without_recursion() {
        let deep = format!(
            r#"{{"op": "invitation.resend", "items": {}"#,
            "[".repeat(1_000_000)
        );
        let err = crate::evaluate_json(&deep).unwrap_err();
        assert_eq!(err.message(), nesting_message());
        let skipped = format!(
            r#"{{"x": {}, "op": "invitation.resend"}}"#,
            "[".repeat(1_000_000)
        );
        assert_eq!(
            crate::evaluate_json(&skipped).unwrap_err().code(),
            "invalid_input"
        );
    }

    #[test]
    fn oversized_text_is_refused_before_parsing() {
        let big = " ".repeat(MAX_REQUEST_BYTES + 1);
        let err = crate::evaluate_json(&big).unwrap_err();
        assert_eq!(err.path(), "$");
        assert!(err.message().contains("bytes"), "{err}");
    }
}
