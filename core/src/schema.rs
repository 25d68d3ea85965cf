//! The JSON Schemas (draft 2020-12) of the contract: [`REQUEST`] describes every request and
//! [`RESPONSE`] every answer and the error. They are generated from the Rust types (with the
//! `schema` feature, `request()` and `response()` generate them again) and committed as
//! `schema/request.schema.json` and `schema/response.schema.json` in this crate; a test fails
//! when they drift.
//!
//! ```
//! let schema: serde_json::Value = serde_json::from_str(partner_rules::schema::REQUEST).unwrap();
//! assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
//! let ops = schema["properties"]["op"]["enum"].as_array().unwrap();
//! assert_eq!(ops.len(), partner_rules::OPS.len());
//! ```

/// The request schema: an object whose `op` names an op, each op's request a definition
/// `<Op>Request` (`PreregistrationCheckRequest`).
pub const REQUEST: &str = include_str!("../schema/request.schema.json");

/// The response schema: any op's answer (`<Op>Response`), and `ErrorInfo`.
pub const RESPONSE: &str = include_str!("../schema/response.schema.json");

#[cfg(feature = "schema")]
pub use crate::json::schema::{request, response};

/// The name of an op's definitions in the schemas: `preregistration.check` →
/// `PreregistrationCheck`, defined as `PreregistrationCheckRequest` and
/// `PreregistrationCheckResponse`.
///
/// ```
/// assert_eq!(partner_rules::schema::def_name("association_type.switch"), "AssociationTypeSwitch");
/// ```
pub fn def_name(op: &str) -> String {
    op.split(['.', '_'])
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}
