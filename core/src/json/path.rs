//! JSON paths, as every error names the offending value: `$` is the whole request,
//! `$.items[2].status` a value inside it.

use std::borrow::Cow;

use crate::error::{json_string, shortened};
use crate::input_error::{Location, Step};

/// Appends a key: `.key` for identifiers, `["a b"]` otherwise, so that any key gives an
/// unambiguous path. A key longer than
/// [`QUOTED_INPUT_CHARS`](crate::error::QUOTED_INPUT_CHARS) characters is shortened
/// (`["aaaa…"]`), like quoted input in messages.
pub(crate) fn push_key(out: &mut String, key: &str) {
    let key = shortened(key);
    let plain = matches!(key, Cow::Borrowed(_))
        && !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        out.push('.');
        out.push_str(&key);
    } else {
        out.push('[');
        out.push_str(&json_string(&key));
        out.push(']');
    }
}

/// Appends an item index: `[3]`.
pub(crate) fn push_index(out: &mut String, index: usize) {
    out.push('[');
    out.push_str(&index.to_string());
    out.push(']');
}

/// The path of a domain location under `root` (`$`, or `$.policy` for a policy's own fields).
pub(crate) fn of(location: &Location, root: &str) -> String {
    let mut path = root.to_owned();
    for step in location.steps() {
        match step {
            Step::Field(name) => push_key(&mut path, name),
            Step::Item(index) => push_index(&mut path, *index),
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::QUOTED_INPUT_CHARS;

    #[test]
    fn odd_keys_are_quoted_and_long_ones_shortened() {
        let mut out = String::from("$");
        push_key(&mut out, "a b");
        assert_eq!(out, "$[\"a b\"]");
        let mut out = String::from("$");
        push_key(&mut out, &"k".repeat(1000));
        assert_eq!(out, format!("$[\"{}…\"]", "k".repeat(QUOTED_INPUT_CHARS)));
    }

    #[test]
    fn locations_become_paths() {
        let at = Location::field("assignments").item(2).then("to");
        assert_eq!(of(&at, "$"), "$.assignments[2].to");
        assert_eq!(of(&Location::root(), "$.policy"), "$.policy");
    }
}
