//! The tables of `docs/contract.md` that restate the code (every reason with its texts and
//! suggested operation, the failure-cause catalog, the platform error codes, the policy's
//! fields and presets, and each op's fields and answer from the schemas) are generated here,
//! between `<!-- generated: NAME -->` and `<!-- end: NAME -->`: the test fails when they drift,
//! and `REGENERATE=1 cargo test -p partner-rules-conformance --test contract_doc` rewrites them.

// Test code: a failed expectation should stop the test loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use partner_rules::error_codes::PLATFORM_ERRORS;
use partner_rules::{Cause, Operation, Policy, Preset, Rule};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn schema(name: &str) -> Value {
    let path = root().join("core/schema").join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Text for a table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.replace('\n', " ").replace('|', "\\|")
}

fn reasons() -> String {
    let mut out = String::from(
        "| code | message (en) | message (zh) | suggested operation |\n|---|---|---|---|\n",
    );
    for rule in Rule::ALL {
        let message = rule.message();
        let operation = rule
            .suggested_operation()
            .map_or_else(|| String::from("—"), |op| format!("`{}`", op.code()));
        writeln!(
            out,
            "| `{}` | {} | {} | {operation} |",
            rule.code(),
            cell(message.en),
            cell(message.zh)
        )
        .unwrap();
    }
    out
}

fn operations() -> String {
    let mut out = String::from("| code | en | zh |\n|---|---|---|\n");
    for op in Operation::ALL {
        let text = op.text();
        writeln!(
            out,
            "| `{}` | {} | {} |",
            op.code(),
            cell(text.en),
            cell(text.zh)
        )
        .unwrap();
    }
    out
}

fn causes() -> String {
    let mut out = String::from(
        "| # | code | only under | platform message | our message (en / zh) | suggested operation |\n|---|---|---|---|---|---|\n",
    );
    for cause in Cause::ALL {
        let model = cause.model().map_or("—", |m| m.name());
        let platform = match cause.platform_message_zh() {
            Some(zh) => format!("{}<br>{}", cell(cause.platform_message_en()), cell(zh)),
            None => cell(cause.platform_message_en()),
        };
        let message = cause.message();
        writeln!(
            out,
            "| {} | `{}` | {model} | {platform} | {}<br>{} | `{}` |",
            cause.number(),
            cause.code(),
            cell(message.en),
            cell(message.zh),
            cause.suggested_operation().code()
        )
        .unwrap();
    }
    out
}

fn platform_errors() -> String {
    let mut out = String::from("| code | HTTP status | en | zh |\n|---|---|---|---|\n");
    for error in PLATFORM_ERRORS.iter() {
        writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            error.code,
            error.http_status,
            cell(error.message.en),
            cell(error.message.zh)
        )
        .unwrap();
    }
    out
}

fn policy() -> String {
    let overrides = &schema("request.schema.json")["$defs"]["PolicyOverrides"]["properties"];
    let presets: Vec<Value> = Preset::ALL
        .iter()
        .map(|p| Policy::preset(*p).to_json())
        .collect();
    let mut out = String::from("| field | meaning | allowed |");
    for preset in Preset::ALL {
        write!(out, " `{}` |", preset.name()).unwrap();
    }
    out.push_str("\n|---|---|---|");
    out.push_str(&"---|".repeat(Preset::ALL.len()));
    out.push('\n');
    for (field, spec) in overrides.as_object().unwrap() {
        if field == "preset" || field == "calendar" {
            continue;
        }
        let items = spec.get("items");
        let allowed = match (spec.get("minimum"), spec.get("maximum")) {
            (Some(min), Some(max)) => format!("{min} to {max}"),
            _ if items.is_some_and(|i| i.get("minimum").is_some()) => {
                let items = items.unwrap();
                format!("a list, each {} to {}", items["minimum"], items["maximum"])
            }
            _ if spec["type"] == "boolean" || spec["type"][0] == "boolean" => {
                String::from("`true`, `false`")
            }
            _ => String::from("—"),
        };
        let allowed = if field == "link_invitation_validity_days" {
            format!("{allowed}, or `null`")
        } else {
            allowed
        };
        write!(
            out,
            "| `{field}` | {} | {allowed} |",
            cell(spec["description"].as_str().unwrap_or(""))
        )
        .unwrap();
        for preset in &presets {
            write!(out, " {} |", preset[field]).unwrap();
        }
        out.push('\n');
    }
    let calendar = &presets[0]["calendar"];
    writeln!(
        out,
        "| `calendar` | The business calendar (below). | | `{}` | same | same |",
        serde_json::to_string(calendar).unwrap()
    )
    .unwrap();
    out
}

thread_local! {
    static DEFS: Value = {
        let mut defs = schema("request.schema.json")["$defs"].clone();
        if let (Some(all), Some(more)) = (defs.as_object_mut(), schema("response.schema.json")["$defs"].as_object()) {
            all.extend(more.clone());
        }
        defs
    };
}

/// A type as the tables show it: names spelled out as their values, objects by their name.
fn type_of(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/$defs/");
        let definition = DEFS.with(|defs| defs[name].clone());
        return match name {
            "Timestamp" => String::from("timestamp"),
            "IsoDate" => String::from("date"),
            "PolicyInput" => String::from("policy"),
            _ if definition["enum"]
                .as_array()
                .is_some_and(|names| names.len() <= 6) =>
            {
                type_of(&definition)
            }
            _ => format!("`{name}`"),
        };
    }
    if let Some(value) = schema.get("const") {
        return format!("`{value}`");
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        if values.len() > 6 {
            return String::from("a code (tables below)");
        }
        return values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(" \\| ");
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            return options.iter().map(type_of).collect::<Vec<_>>().join(" or ");
        }
    }
    match &schema["type"] {
        Value::Array(kinds) => kinds
            .iter()
            .map(|kind| {
                let mut one = schema.clone();
                one["type"] = kind.clone();
                type_of(&one)
            })
            .collect::<Vec<_>>()
            .join(" or "),
        Value::String(kind) => match kind.as_str() {
            "string" => String::from("string"),
            "integer" => match (schema.get("minimum"), schema.get("maximum")) {
                (Some(min), Some(max)) => format!("integer {min}…{max}"),
                _ => String::from("integer"),
            },
            "number" => String::from("number"),
            "boolean" => String::from("boolean"),
            "null" => String::from("null"),
            "array" => format!("array of {}", type_of(&schema["items"])),
            "object" => String::from("object"),
            other => String::from(other),
        },
        _ => String::from("any"),
    }
}

/// The fields of an object definition: name, type, required or default, meaning.
fn fields(definition: &Value, skip: &[&str]) -> String {
    let required: Vec<&str> = definition["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut out = String::from("| field | type | if absent | meaning |\n|---|---|---|---|\n");
    for (field, spec) in definition["properties"].as_object().unwrap() {
        if skip.contains(&field.as_str()) {
            continue;
        }
        let absent = if required.contains(&field.as_str()) {
            String::from("required")
        } else {
            match spec.get("default") {
                Some(Value::Null) | None => String::from("`null`"),
                Some(Value::Object(_)) => String::from("every field at its default"),
                Some(default) => format!("`{default}`"),
            }
        };
        writeln!(
            out,
            "| `{field}` | {} | {absent} | {} |",
            type_of(spec),
            cell(spec["description"].as_str().unwrap_or(""))
        )
        .unwrap();
    }
    out
}

/// The answer's fields, all always present.
fn answer(definition: &Value) -> String {
    let mut out = String::from("| field | type | meaning |\n|---|---|---|\n");
    for (field, spec) in definition["properties"].as_object().unwrap() {
        writeln!(
            out,
            "| `{field}` | {} | {} |",
            type_of(spec),
            cell(spec["description"].as_str().unwrap_or(""))
        )
        .unwrap();
    }
    out
}

/// Every generated section: its name and its text.
fn sections() -> Vec<(String, String)> {
    let request = schema("request.schema.json");
    let response = schema("response.schema.json");
    let mut sections = vec![
        (String::from("reasons"), reasons()),
        (String::from("operations"), operations()),
        (String::from("causes"), causes()),
        (String::from("platform-errors"), platform_errors()),
        (String::from("policy"), policy()),
    ];
    for fact in [
        "Partner",
        "Customer",
        "PreregistrationFact",
        "Invitation",
        "HistoryEntry",
        "FundsCustomer",
    ] {
        sections.push((format!("fact {fact}"), fields(&request["$defs"][fact], &[])));
    }
    for op in partner_rules::OPS {
        let name = partner_rules::schema::def_name(op);
        let fields_of = fields(
            &request["$defs"][format!("{name}Request")],
            &["op", "now", "policy"],
        );
        let answer_of = answer(&response["$defs"][format!("{name}Response")]);
        sections.push((format!("request {op}"), fields_of));
        sections.push((format!("answer {op}"), answer_of));
    }
    for def in ["Reason", "Text", "Operation", "FreezeResult"] {
        sections.push((format!("answer {def}"), answer(&response["$defs"][def])));
    }
    sections
}

#[test]
fn the_contract_documents_what_the_code_says() {
    let path = root().join("docs/contract.md");
    let mut text = std::fs::read_to_string(&path).unwrap();
    let mut missing = Vec::new();
    let mut stale = Vec::new();
    for (name, body) in sections() {
        let begin = format!("<!-- generated: {name} -->\n");
        let end = format!("<!-- end: {name} -->");
        let Some(start) = text.find(&begin).map(|at| at + begin.len()) else {
            missing.push(name);
            continue;
        };
        let Some(stop) = text.get(start..).and_then(|rest| rest.find(&end)) else {
            missing.push(name);
            continue;
        };
        let stop = start + stop;
        if text.get(start..stop) != Some(body.as_str()) {
            stale.push(name);
            text.replace_range(start..stop, &body);
        }
    }
    assert!(
        missing.is_empty(),
        "docs/contract.md lacks the sections {missing:?}"
    );
    if std::env::var_os("REGENERATE").is_some() {
        std::fs::write(&path, text).unwrap();
    } else {
        assert!(
            stale.is_empty(),
            "docs/contract.md is out of date in {stale:?}: REGENERATE=1 cargo test -p partner-rules-conformance --test contract_doc"
        );
    }
}
