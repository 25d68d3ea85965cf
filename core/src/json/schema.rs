//! The JSON Schemas (draft 2020-12) of requests and answers, generated from the Rust types by
//! schemars: one document each, every op, the requests discriminated by `op`. The committed
//! copies are `core/schema/request.schema.json` and `core/schema/response.schema.json`
//! ([`REQUEST`](crate::schema::REQUEST), [`RESPONSE`](crate::schema::RESPONSE)); a test fails
//! when they drift from the types.

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};
use serde_json::{json, Map, Value};

use super::{op_schemas, OPS};
use crate::schema::def_name;

const REGENERATE: &str =
    "Generated from the Rust types: REGENERATE=1 cargo test -p partner-rules --features schema --test schema. Do not edit.";

/// The request schema: an object whose `op` names one of the ops, each op's request a
/// definition `<Op>Request` (`PreregistrationCheckRequest`) with `op` fixed to its name.
pub fn request() -> Value {
    let generated = Generated::new();
    let mut own = Map::new();
    let mut one_of = Vec::new();
    for op in &generated.ops {
        let name = format!("{}Request", def_name(op.op));
        let mut schema = resolve(&op.request, &generated.request_defs);
        if let Some(object) = schema.as_object_mut() {
            let properties = object.entry("properties").or_insert_with(|| json!({}));
            if let Some(properties) = properties.as_object_mut() {
                let mut with_op = Map::new();
                with_op.insert("op".into(), json!({ "const": op.op }));
                with_op.extend(std::mem::take(properties));
                *properties = with_op;
            }
            if op.needs_now {
                // Not null either: the op needs the time.
                if let Some(now) = object.get_mut("properties").and_then(|p| p.get_mut("now")) {
                    *now = json!({
                        "$ref": "#/$defs/Timestamp",
                        "description": "The instant of the request, RFC 3339 with an offset: this op needs it."
                    });
                }
            }
            let required = object.entry("required").or_insert_with(|| json!([]));
            if let Some(required) = required.as_array_mut() {
                required.insert(0, json!("op"));
                if op.needs_now && !required.contains(&json!("now")) {
                    required.insert(1, json!("now"));
                }
            }
        }
        one_of.push(json!({ "$ref": format!("#/$defs/{name}") }));
        own.insert(name, schema);
    }
    own.extend(shared(&generated.request_defs, &own));
    json!({
        "$comment": REGENERATE,
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "partner-rules request",
        "description": "A request to `evaluate`: an object with `op`, `now` (for the ops that take the time), an optional `policy`, and the op's own fields. Unknown fields are errors.",
        "type": "object",
        "properties": { "op": { "enum": OPS } },
        "required": ["op"],
        "oneOf": one_of,
        "$defs": own,
    })
}

/// The response schema: any op's answer (`<Op>Response`), and the error (`ErrorInfo`) a binding
/// raises instead.
pub fn response() -> Value {
    let generated = Generated::new();
    let mut own = Map::new();
    let mut any_of = Vec::new();
    for op in &generated.ops {
        let name = format!("{}Response", def_name(op.op));
        any_of.push(json!({ "$ref": format!("#/$defs/{name}") }));
        let mut schema = resolve(&op.answer, &generated.answer_defs);
        if let Some(object) = schema.as_object_mut() {
            let description = format!("The answer to `{}`.", op.op);
            object.insert("description".into(), json!(description));
        }
        own.insert(name, schema);
    }
    own.insert(
        "ErrorInfo".into(),
        json!({
            "description": "Bad input is never a decision: the error every binding raises, with a stable code, the JSON path of the offending value and a message saying what was expected.",
            "type": "object",
            "properties": {
                "code": { "enum": ["invalid_input", "unknown_op"] },
                "path": { "type": "string", "pattern": "^\\$" },
                "message": { "type": "string", "minLength": 1 }
            },
            "required": ["code", "path", "message"],
            "additionalProperties": false
        }),
    );
    // Not an op's answer, but what the bindings give as an engine's policy.
    own.insert(
        "PolicyTimeline".into(),
        generated.policies.as_value().clone(),
    );
    own.extend(shared(&generated.answer_defs, &own));
    json!({
        "$comment": REGENERATE,
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "partner-rules response",
        "description": "The answer to a request: one of the ops' answers. Absent values are `null`, never missing keys.",
        "anyOf": any_of,
        "$defs": own,
    })
}

/// One op's types as the schema generators see them.
pub(crate) struct OpSchema {
    pub(crate) op: &'static str,
    pub(crate) needs_now: bool,
    pub(crate) request: Schema,
    pub(crate) answer: Schema,
}

/// Every op's request (read) and answer (written) types, with the definitions they use.
struct Generated {
    ops: Vec<OpSchema>,
    /// An engine's policy in full ([`crate::PolicyTimeline`]).
    policies: Schema,
    request_defs: Map<String, Value>,
    answer_defs: Map<String, Value>,
}

impl Generated {
    fn new() -> Generated {
        let settings = SchemaSettings::draft2020_12()
            .with_transform(RecursiveTransform(bounds))
            .with_transform(RecursiveTransform(prose));
        let mut requests = settings.clone().for_deserialize().into_generator();
        let mut answers = settings.for_serialize().into_generator();
        let ops = op_schemas(&mut requests, &mut answers);
        let policies = crate::PolicyTimeline::json_schema(&mut answers);
        Generated {
            ops,
            policies,
            request_defs: requests.take_definitions(true),
            answer_defs: answers.take_definitions(true),
        }
    }
}

/// A reference to one of `defs` replaced by the definition itself (each op's own type).
fn resolve(schema: &Schema, defs: &Map<String, Value>) -> Value {
    let value = schema.as_value().clone();
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference
            .strip_prefix("#/$defs/")
            .and_then(|name| defs.get(name))
            .cloned()
            .unwrap_or(value),
        None => value,
    }
}

/// The definitions referenced from `own` (and from each other), by the names schemars gave
/// them, sorted.
fn shared(defs: &Map<String, Value>, own: &Map<String, Value>) -> Map<String, Value> {
    let mut wanted: Vec<String> = Vec::new();
    let mut pending: Vec<Value> = own.values().cloned().collect();
    while let Some(value) = pending.pop() {
        references(&value, &mut |name| {
            if !wanted.iter().any(|w| w == name) && !own.contains_key(name) {
                wanted.push(name.to_owned());
                if let Some(def) = defs.get(name) {
                    pending.push(def.clone());
                }
            }
        });
    }
    wanted.sort();
    wanted
        .into_iter()
        .filter_map(|name| defs.get(&name).map(|def| (name, def.clone())))
        .collect()
}

fn references(value: &Value, found: &mut impl FnMut(&str)) {
    match value {
        Value::Object(members) => {
            if let Some(name) = members
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/$defs/"))
            {
                found(name);
            }
            members.values().for_each(|v| references(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, found)),
        _ => {}
    }
}

/// Descriptions come from the doc comments: their examples (Rust code) are left out, and lines
/// wrapped in the source are joined, paragraphs kept.
fn prose(schema: &mut Schema) {
    let Some(Value::String(text)) = schema.get("description") else {
        return;
    };
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_code = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    if paragraphs.is_empty() {
        schema.remove("description");
    } else {
        schema.insert("description".into(), Value::String(paragraphs.join("\n\n")));
    }
}

/// Whole numbers of a Rust integer type get that type's range: the reader refuses anything
/// outside it, so the schema says so.
fn bounds(schema: &mut Schema) {
    let range: Option<(Value, Value)> = match schema.get("format").and_then(Value::as_str) {
        Some("uint32") => Some((json!(0), json!(u32::MAX))),
        Some("uint64") => Some((json!(0), json!(u64::MAX))),
        Some("int64") => Some((json!(i64::MIN), json!(i64::MAX))),
        _ => None,
    };
    if let Some((min, max)) = range {
        // A narrower range given on the field itself stays.
        if schema.get("minimum").is_none() {
            schema.insert("minimum".into(), min);
        }
        if schema.get("maximum").is_none() {
            schema.insert("maximum".into(), max);
        }
    }
}
