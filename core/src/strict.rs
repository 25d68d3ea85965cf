//! Reading strictly, in any serde format: a name (a unit enum) reads only from a string, never
//! from serde's `{"name": null}`; a record (a struct) only from a map, never from a sequence by
//! position, as serde's derive would also take. So a request reads the same whichever way it is
//! read (the JSON layer reads a well-formed request without tracking paths, and only a failing
//! one again with them: both must agree on what is well-formed).

/// Declares a unit enum with the name each variant has in the contract: the enum, `ALL`,
/// `name()`, `from_name()`, `Serialize` and `Deserialize` as that name, and (with the `schema`
/// feature) a JSON Schema listing the names, under the enum's name or the one given first
/// (`schema "AssociationOutcome";`) where two enums share a name.
macro_rules! names {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $crate::strict::names! {
            schema stringify!($name);
            $(#[$meta])*
            pub enum $name {
                $( $(#[$vmeta])* $variant = $text, )*
            }
        }
    };
    (
        schema $schema:expr;
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// Every value, in the order of the contract.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The names, in the same order.
            pub const NAMES: &'static [&'static str] = &[$($text),*];

            /// The name in the contract.
            pub const fn name(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            /// The value with this name.
            pub fn from_name(name: &str) -> Option<$name> {
                match name {
                    $($text => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct NameVisitor;

                impl serde::de::Visitor<'_> for NameVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(&$crate::strict::one_of($name::NAMES))
                    }

                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        $name::from_name(v).ok_or_else(|| E::unknown_variant(v, $name::NAMES))
                    }
                }

                d.deserialize_any(NameVisitor)
            }
        }

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $schema.into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "enum": $name::NAMES })
            }
        }
    };
}
pub(crate) use names;

/// Makes a struct that derives `Deserialize` with `#[serde(remote = "Self")]` (and
/// `Serialize`, when given) read only from a map.
macro_rules! record {
    ($name:ident $(, $serialize:ident)?) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct RecordVisitor;

                impl<'de> serde::de::Visitor<'de> for RecordVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("an object")
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<$name, A::Error> {
                        $name::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    }
                }

                d.deserialize_map(RecordVisitor)
            }
        }

        $($crate::strict::record!(@ $serialize $name);)?
    };
    (@ serialize $name:ident) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $name::serialize(self, s)
            }
        }
    };
}
pub(crate) use record;

/// `one of `a`, `b``, or the one name: how messages list what was expected.
pub(crate) fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| crate::error::quote(n)).collect();
    match quoted.as_slice() {
        [one] => one.clone(),
        all => format!("one of {}", all.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use crate::facts::{Model, PreregistrationFact};

    #[test]
    fn names_read_from_strings_only() {
        assert_eq!(
            serde_json::from_str::<Model>(r#""referral""#).unwrap(),
            Model::Referral
        );
        for not_a_name in [r#"{"referral": null}"#, "1", r#""Referral""#, "null"] {
            assert!(
                serde_json::from_str::<Model>(not_a_name).is_err(),
                "{not_a_name}"
            );
        }
        assert_eq!(
            serde_json::to_string(&Model::Reseller).unwrap(),
            r#""reseller""#
        );
    }

    #[test]
    fn records_read_from_maps_only() {
        let by_name = r#"{"partner_id": "p-2", "expires_at": "2026-12-01T00:00:00Z"}"#;
        assert!(serde_json::from_str::<PreregistrationFact>(by_name).is_ok());
        let by_position = r#"["p-2", "2026-12-01T00:00:00Z"]"#;
        assert!(serde_json::from_str::<PreregistrationFact>(by_position).is_err());
    }
}
