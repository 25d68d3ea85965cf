//! Records stay records where requests hold the fact types: serde's derived reading also takes
//! an array and fills the fields by position, so `"partner": ["p-1"]` would read as a partner
//! with id `p-1`. The fields of the request types holding records go through these, which take
//! a JSON object only and leave everything else to the record's own reading. (The fact types
//! that nest records, and every name, are strict by themselves: see `crate::strict`.)

use std::marker::PhantomData;

use serde::de::{
    self, value::MapAccessDeserializer, DeserializeSeed, Deserializer, MapAccess, SeqAccess,
    Visitor,
};
use serde::Deserialize;

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map))
    }
}

/// `#[serde(deserialize_with = "shape::object")]`: an object only.
pub(crate) fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ObjectVisitor(PhantomData))
}

/// `#[serde(default, deserialize_with = "shape::optional_object")]`: `null` or an object.
pub(crate) fn optional_object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    struct OptionVisitor<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for OptionVisitor<T> {
        type Value = Option<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object or `null`")
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

/// `#[serde(deserialize_with = "shape::objects")]`: an array of objects.
pub(crate) fn objects<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    struct ListVisitor<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an array of objects")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            // Bounded: a hint from the input must not reserve memory for items that never come.
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(item) = seq.next_element_seed(ObjectSeed(PhantomData))? {
                items.push(item);
            }
            Ok(items)
        }
    }

    d.deserialize_seq(ListVisitor(PhantomData))
}

struct ObjectSeed<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for ObjectSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        object(d)
    }
}

/// Any JSON value, with no key given twice in any of its objects: serde_json's own `Value`
/// would keep the last silently, where the text's reading refuses it.
#[derive(Debug)]
pub(crate) struct AnyValue(pub(crate) serde_json::Value);

impl<'de> Deserialize<'de> for AnyValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct AnyVisitor;

        impl<'de> Visitor<'de> for AnyVisitor {
            type Value = AnyValue;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any JSON value")
            }

            fn visit_unit<E: de::Error>(self) -> Result<AnyValue, E> {
                Ok(AnyValue(serde_json::Value::Null))
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<AnyValue, E> {
                Ok(AnyValue(v.into()))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AnyValue, E> {
                Ok(AnyValue(v.into()))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AnyValue, E> {
                Ok(AnyValue(v.into()))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<AnyValue, E> {
                Ok(AnyValue(
                    serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into),
                ))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<AnyValue, E> {
                Ok(AnyValue(v.into()))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnyValue, A::Error> {
                let mut items = Vec::new();
                while let Some(AnyValue(item)) = seq.next_element()? {
                    items.push(item);
                }
                Ok(AnyValue(serde_json::Value::Array(items)))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<AnyValue, A::Error> {
                members(map).map(|m| AnyValue(serde_json::Value::Object(m)))
            }
        }

        d.deserialize_any(AnyVisitor)
    }
}

/// The members of an object, none given twice.
pub(crate) fn members<'de, A: MapAccess<'de>>(
    mut map: A,
) -> Result<serde_json::Map<String, serde_json::Value>, A::Error> {
    let mut members = serde_json::Map::new();
    while let Some(key) = map.next_key::<String>()? {
        let AnyValue(value) = map.next_value()?;
        if members.contains_key(key.as_str()) {
            return Err(de::Error::custom(format!(
                "duplicate key {}",
                crate::error::quote(&key)
            )));
        }
        members.insert(key, value);
    }
    Ok(members)
}
