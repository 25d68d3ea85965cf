//! Whole numbers in JSON (money in minor units, minutes), read as `i64` with messages that say
//! what was expected instead of naming a Rust type.

use std::fmt;

use serde::de::{self, Deserializer, Unexpected, Visitor};

/// Reads an `i64`; the text says what the number is, such as "an amount in integer minor units".
struct Whole {
    what: &'static str,
    /// Whether messages quote the 64-bit range (worth saying for money, noise for minutes).
    with_range: bool,
}

impl Visitor<'_> for Whole {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.what)?;
        if self.with_range {
            write!(f, " (a whole number from {} to {})", i64::MIN, i64::MAX)?;
        }
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        Err(E::invalid_type(Unexpected::Float(v), &self))
    }
}

const MINOR_UNITS: Whole = Whole {
    what: "an amount in integer minor units",
    with_range: true,
};

const MINUTES: Whole = Whole {
    what: "a whole number of minutes",
    with_range: false,
};

/// `#[serde(deserialize_with = "crate::integers::minor_units")]` for an `i64` amount.
pub(crate) fn minor_units<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_i64(MINOR_UNITS)
}

/// `#[serde(default, deserialize_with = "crate::integers::nullable_minutes")]`: an absent
/// field is the outer `None` (from `default`), `null` is `Some(None)`.
pub(crate) fn nullable_minutes<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<i64>>, D::Error> {
    struct Nullable;

    impl<'de> Visitor<'de> for Nullable {
        type Value = Option<i64>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{} or null", MINUTES.what)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_i64(MINUTES).map(Some)
        }
    }

    d.deserialize_option(Nullable).map(Some)
}
