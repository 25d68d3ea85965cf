//! Every conformance vector against the committed JSON Schemas (`core/schema/`): each request
//! that is answered validates against the request schema and its answer against its op's
//! response definition; each request refused for a mistake of shape (an unknown field, a wrong
//! type, a missing field, a value outside its type, an unknown op or name, not an object) fails
//! the request schema. Only the mistakes a schema cannot express (the rules' own checks, listed
//! in `SEMANTIC`) may pass it.

// Test code: a failed expectation should stop the test loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use partner_rules_conformance::load_all;
use serde_json::{json, Value};

/// Errors about input a schema can describe but not judge: what they say, and why a schema
/// cannot say it.
const SEMANTIC: &[(&str, &str)] = &[
    ("expected an RFC 3339 timestamp", "a `date-time` format, which validators need not assert"),
    ("expected a date written YYYY-MM-DD", "a `date` format, which validators need not assert"),
    ("the JSON text", "not JSON at all"),
    ("the text is not valid JSON", "not JSON at all"),
    ("duplicate key", "a JSON value cannot hold the same key twice"),
    ("expected at most 127 levels", "nesting depth"),
    ("this assignment", "overlapping assignments, across items"),
    ("expected `to` at or after `from`", "an order between two fields"),
    ("the total", "a sum over items"),
    ("expected exactly one of `code`", "one of two optional fields"),
    ("expected the id of", "a reference between fields"),
    ("missing field `now`, expected an RFC 3339 timestamp with a UTC offset, such as `2026-11-21T09:30:00+08:00`: whether", "needed only by some items"),
    ("missing field `current_model`", "needed only by this op, in a shared fact"),
    ("field `", "a name listed under two kinds"),
    ("expected at least one day of the week to be a working day", "all seven days listed"),
    ("the date `", "a date listed both as a holiday and as a make-up workday"),
    ("expected at most `verification_code_v2_max_minutes`", "an order between two fields"),
    ("expected a whole number of minutes from 1 to", "a bound set by the policy"),
    ("expected a positive whole number of minutes", "the legacy rule on a number the schema allows"),
    ("expected an instant after the previous entry", "an order between items"),
    ("expected a string or `null` to mask as", "set by the request's own `fields`"),
    ("no entry is in force", "an instant before the timeline"),
    ("expected at least one entry", "checked after reading"),
    ("missing field `id`: each customer is answered by its id", "needed only by these ops, in a shared fact"),
    ("expected more than the threshold before it", "an order between items"),
];

/// `1000.0` is a whole number to JSON Schema, which compares values, not how they are
/// written; the reader takes whole numbers written without a fraction only.
fn written_as_fraction(message: &str) -> Option<&'static str> {
    (message.starts_with("expected a whole number") && message.ends_with(".0`"))
        .then_some("a whole number written with a fraction")
}

fn schema(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/schema")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// A validator of the definition `name` of `document`.
fn validator_for(document: &Value, name: &str) -> jsonschema::Validator {
    let mut wrapper = document.clone();
    let object = wrapper.as_object_mut().unwrap();
    for key in ["oneOf", "anyOf", "properties", "required", "type"] {
        object.remove(key);
    }
    object.insert("$ref".into(), json!(format!("#/$defs/{name}")));
    jsonschema::draft202012::new(&wrapper).unwrap()
}

#[test]
fn vectors_conform_to_the_schemas() {
    let requests = jsonschema::draft202012::new(&schema("request.schema.json")).unwrap();
    let response_document = schema("response.schema.json");
    let responses = jsonschema::draft202012::new(&response_document).unwrap();
    let mut failures = Vec::new();
    let (mut valid, mut refused, mut semantic) = (0, 0, 0);
    for (file, vectors) in load_all().unwrap() {
        for vector in &vectors.vectors {
            let id = format!("{file} / {}", vector.name);
            // Text that is not one JSON value with each key once says nothing of the schema.
            let Some(request) = vector.request.as_ref() else {
                continue;
            };
            let errors: Vec<String> = requests
                .iter_errors(request)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            match (&vector.expected, &vector.error) {
                (Some(answer), None) => {
                    valid += 1;
                    if !errors.is_empty() {
                        failures.push(format!(
                            "{id}: an answered request fails the request schema: {errors:?}"
                        ));
                    }
                    let op = request["op"].as_str().unwrap();
                    let name = format!("{}Response", partner_rules::schema::def_name(op));
                    let own = validator_for(&response_document, &name);
                    for e in own.iter_errors(answer) {
                        failures.push(format!(
                            "{id}: the answer fails {name}: {e} at {}",
                            e.instance_path()
                        ));
                    }
                    if !responses.is_valid(answer) {
                        failures.push(format!("{id}: the answer fails the response schema"));
                    }
                }
                (None, Some(error)) => {
                    let reason = SEMANTIC
                        .iter()
                        .find(|(start, _)| error.message.starts_with(start))
                        .map(|(_, why)| *why)
                        .or_else(|| written_as_fraction(&error.message));
                    match (errors.is_empty(), reason) {
                        (false, _) => refused += 1,
                        (true, Some(_)) => semantic += 1,
                        (true, None) => failures.push(format!(
                            "{id}: refused with `{}` at {}, but the request schema accepts it",
                            error.message, error.path
                        )),
                    }
                }
                _ => failures.push(format!("{id}: needs exactly one of expected and error")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        valid > 200 && refused > 50,
        "{valid} valid, {refused} refused"
    );
    println!("{valid} answered requests valid, {refused} refused by the schema, {semantic} refused by the rules only");
}

#[test]
fn the_schemas_are_draft_2020_12_documents() {
    for name in ["request.schema.json", "response.schema.json"] {
        let document = schema(name);
        assert_eq!(
            document["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert!(jsonschema::meta::is_valid(&document), "{name}");
    }
    let requests = jsonschema::draft202012::new(&schema("request.schema.json")).unwrap();
    for not_a_request in [
        json!([]),
        json!({"op": "preregistration.chek"}),
        json!({"op": "funds.recover", "customers": [], "extra": 1}),
    ] {
        assert!(!requests.is_valid(&not_a_request), "{not_a_request}");
    }
}
