//! RFC 3339 timestamps in and out of JSON, with error messages that say what was expected.

use serde::{de, Deserializer, Serializer};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::limits::QUOTED_INPUT_CHARS;

pub(crate) const EXPECTED_TIMESTAMP: &str =
    "an RFC 3339 timestamp with a UTC offset, such as `2026-11-21T09:30:00+08:00`";

/// Parses an RFC 3339 timestamp; the error message names what was expected.
///
/// ```
/// let t = partner_rules::parse_timestamp("2026-11-21T09:30:00+08:00").unwrap();
/// assert_eq!(t.unix_timestamp(), 1_795_224_600);
/// assert!(partner_rules::parse_timestamp("2026-11-21 09:30").is_err());
/// ```
pub fn parse_timestamp(text: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|_| format!("expected {EXPECTED_TIMESTAMP}, got {}", quote(text)))
}

/// Formats an instant as RFC 3339 in the offset it carries.
pub(crate) fn format_timestamp(t: OffsetDateTime) -> Result<String, String> {
    t.format(&Rfc3339)
        .map_err(|e| format!("timestamp {t} cannot be written as RFC 3339: {e}"))
}

/// Quotes user input in backticks, shortened on a character boundary if it is long.
pub(crate) fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTED_INPUT_CHARS) {
        Some((cut, _)) => format!("`{}…`", text.get(..cut).unwrap_or_default()),
        None => format!("`{text}`"),
    }
}

struct TimestampVisitor;

impl de::Visitor<'_> for TimestampVisitor {
    type Value = OffsetDateTime;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(EXPECTED_TIMESTAMP)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        parse_timestamp(v).map_err(E::custom)
    }
}

/// `#[serde(with = "rfc3339")]` for a required `OffsetDateTime`.
pub(crate) mod rfc3339 {
    use super::*;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
        d.deserialize_str(TimestampVisitor)
    }

    pub(crate) fn serialize<S: Serializer>(t: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        let text = format_timestamp(*t).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }
}

/// `#[serde(with = "rfc3339_option")]` for an optional `OffsetDateTime` (`null` is `None`).
pub(crate) mod rfc3339_option {
    use super::*;

    struct OptionVisitor;

    impl<'de> de::Visitor<'de> for OptionVisitor {
        type Value = Option<OffsetDateTime>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{EXPECTED_TIMESTAMP} or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(TimestampVisitor).map(Some)
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        d.deserialize_option(OptionVisitor)
    }

    pub(crate) fn serialize<S: Serializer>(
        t: &Option<OffsetDateTime>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => super::rfc3339::serialize(t, s),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_input_is_shortened_in_messages() {
        let long = "x".repeat(10_000);
        let message = parse_timestamp(&long).unwrap_err();
        assert!(message.len() < 200, "{message}");
        assert!(message.ends_with("…`"));
    }

    #[test]
    fn shortening_respects_characters() {
        let text = "报".repeat(100);
        let quoted = quote(&text);
        assert_eq!(
            quoted.chars().filter(|c| *c == '报').count(),
            QUOTED_INPUT_CHARS
        );
    }

    #[test]
    fn offsets_round_trip() {
        let t = parse_timestamp("2026-02-28T23:59:59.5-05:00").unwrap();
        assert_eq!(format_timestamp(t).unwrap(), "2026-02-28T23:59:59.5-05:00");
    }
}
