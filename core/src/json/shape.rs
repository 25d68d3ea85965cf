//! Objects stay objects. serde's derived struct deserializers also accept a JSON array and fill
//! the fields by position, so `"partner": ["p-1"]` would read as a partner with id `p-1`. Every
//! struct-typed field of a request goes through these instead, which accept a JSON object only
//! and leave everything else (unknown fields, paths, messages) to the struct's own derive.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, value::MapAccessDeserializer, DeserializeSeed, Deserializer, MapAccess, SeqAccess,
    Visitor,
};
use serde::Deserialize;

const EXPECTED_OBJECT: &str = "a JSON object";

/// Largest capacity reserved up front from a length hint, so a hint cannot allocate for
/// elements that never arrive.
const MAX_RESERVED: usize = 4096;

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTED_OBJECT)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map))
    }
}

struct ObjectSeed<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for ObjectSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        object(d)
    }
}

/// `#[serde(deserialize_with = "shape::object")]`: a JSON object only.
pub(crate) fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ObjectVisitor(PhantomData))
}

/// `#[serde(default, deserialize_with = "shape::optional_object")]`: `null` or a JSON object.
pub(crate) fn optional_object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    struct OptionVisitor<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for OptionVisitor<T> {
        type Value = Option<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{EXPECTED_OBJECT} or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            object(d).map(Some)
        }
    }

    d.deserialize_option(OptionVisitor(PhantomData))
}

/// `#[serde(deserialize_with = "shape::objects")]`: a JSON array of objects.
pub(crate) fn objects<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    struct ListVisitor<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "an array of JSON objects")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_RESERVED));
            while let Some(item) = seq.next_element_seed(ObjectSeed(PhantomData))? {
                items.push(item);
            }
            Ok(items)
        }
    }

    d.deserialize_seq(ListVisitor(PhantomData))
}

#[cfg(test)]
mod tests {
    use crate::evaluate_json;

    #[test]
    fn arrays_are_not_read_as_objects_by_position() {
        let cases = [
            (
                r#"{"op": "preregistration.check", "now": "2026-11-21T10:00:00Z", "partner": ["p-1", null, "prepaid", true]}"#,
                "$.partner",
            ),
            (
                r#"{"op": "preregistration.check", "now": "2026-11-21T10:00:00Z", "partner": {"id": "p"}, "customer": []}"#,
                "$.customer",
            ),
            (
                r#"{"op": "preregistration.check", "now": "2026-11-21T10:00:00Z", "partner": {"id": "p"}, "customer": {"preregistration": ["p-2", "2026-12-01T00:00:00Z"]}}"#,
                "$.customer.preregistration",
            ),
            (
                r#"{"op": "preregistration.delete", "items": [["r-1", "expired"]]}"#,
                "$.items[0]",
            ),
            (
                r#"{"op": "association.check", "now": "2026-11-21T10:00:00Z", "partner": {"id": "p"}, "model": "referral", "invitation": [null, null, false, false]}"#,
                "$.invitation",
            ),
            (
                r#"{"op": "preregistration.review_due", "submitted_at": "2026-11-21T10:00:00Z", "policy": {"calendar": ["+08:00"]}}"#,
                "$.policy.calendar",
            ),
        ];
        for (request, path) in cases {
            let err = evaluate_json(request).unwrap_err();
            assert_eq!(
                (err.code(), err.path()),
                ("invalid_input", path),
                "{request}: {err}"
            );
            assert!(err.message().contains("expected a JSON object"), "{err}");
        }
    }
}
