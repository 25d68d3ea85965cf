//! RFC 3339 timestamps: parsing with a message that says what was expected, formatting, and
//! the serde adapters the fact and answer types use for their instants.

use serde::{de, Deserializer, Serializer};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::error::{quote_string, Error};

/// What a timestamp must look like, as messages say it.
pub(crate) const EXPECTED_TIMESTAMP: &str =
    "an RFC 3339 timestamp with a UTC offset, such as `2026-11-21T09:30:00+08:00`";

/// Parses an RFC 3339 timestamp. A malformed one is `invalid_input` at `$` (the text itself),
/// with a message that names what was expected.
///
/// ```
/// let t = partner_rules::parse_timestamp("2026-11-21T09:30:00+08:00").unwrap();
/// assert_eq!(t.unix_timestamp(), 1_795_224_600);
/// let err = partner_rules::parse_timestamp("2026-11-21 09:30").unwrap_err();
/// assert_eq!((err.code().as_str(), err.path()), ("invalid_input", "$"));
/// ```
pub fn parse_timestamp(text: &str) -> Result<OffsetDateTime, Error> {
    parse(text).map_err(|message| Error::invalid_input("$", message))
}

/// Parses an RFC 3339 timestamp; the error is the message.
pub(crate) fn parse(text: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|_| format!("expected {EXPECTED_TIMESTAMP}, got {}", quote_string(text)))
}

/// Formats an instant as RFC 3339 in the offset it carries.
pub(crate) fn format_timestamp(t: OffsetDateTime) -> Result<String, String> {
    t.format(&Rfc3339)
        .map_err(|e| format!("timestamp {t} cannot be written as RFC 3339: {e}"))
}

/// Reads a timestamp from any value, so that a number or an object given instead is refused
/// in the same words as a malformed string.
struct TimestampVisitor;

impl de::Visitor<'_> for TimestampVisitor {
    type Value = OffsetDateTime;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(EXPECTED_TIMESTAMP)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        parse(v).map_err(E::custom)
    }
}

/// `#[serde(with = "rfc3339")]` for a required `OffsetDateTime`.
pub(crate) mod rfc3339 {
    use super::*;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
        d.deserialize_any(TimestampVisitor)
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
            d.deserialize_any(TimestampVisitor).map(Some)
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
        let message = parse(&"x".repeat(10_000)).unwrap_err();
        assert!(message.len() < 200, "{message}");
        assert!(message.ends_with("…\"`"), "{message}");
    }

    #[test]
    fn offsets_round_trip() {
        let t = parse_timestamp("2026-02-28T23:59:59.5-05:00").unwrap();
        assert_eq!(format_timestamp(t).unwrap(), "2026-02-28T23:59:59.5-05:00");
    }
}
