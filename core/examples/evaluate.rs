//! Evaluates requests from a JSON file and prints each decision with its reasons in English and
//! Chinese.
//!
//! ```text
//! cargo run -p partner-rules --example evaluate                      # bundled sample day
//! cargo run -p partner-rules --example evaluate -- tests/vectors/invitation_send.json
//! ```
//!
//! The file may be a list of requests (each optionally with a `"name"`, which is not sent), a
//! conformance vector file (`{"vectors": [...]}`), or a single request.

use std::process::ExitCode;

use serde_json::Value;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/sample-day.json");

fn main() -> ExitCode {
    let path = std::env::args().nth(1).unwrap_or_else(|| SAMPLE.to_owned());
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("cannot read {path}: {err}");
            return ExitCode::FAILURE;
        }
    };
    let document: Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(err) => {
            eprintln!("{path} is not JSON: {err}");
            return ExitCode::FAILURE;
        }
    };
    let requests = requests_in(document);
    println!("{} request(s) from {path}\n", requests.len());
    for (index, (name, request)) in requests.into_iter().enumerate() {
        let title = name.unwrap_or_else(|| format!("request {}", index + 1));
        let op = request
            .get("op")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned();
        println!("== {title}  [{op}]");
        match request {
            Value::String(text) => print_outcome(
                partner_rules::evaluate_json(&text)
                    .map(|out| serde_json::from_str(&out).unwrap_or(Value::Null)),
            ),
            request => print_outcome(partner_rules::evaluate(request)),
        }
        println!();
    }
    ExitCode::SUCCESS
}

/// Pulls `(name, request)` pairs out of the accepted file shapes.
fn requests_in(document: Value) -> Vec<(Option<String>, Value)> {
    let items = match document {
        Value::Array(items) => items,
        Value::Object(mut map) => match map.remove("vectors") {
            Some(Value::Array(vectors)) => vectors,
            Some(other) => vec![other],
            None => vec![Value::Object(map)],
        },
        other => vec![other],
    };
    items
        .into_iter()
        .map(|item| match item {
            Value::Object(mut map) => {
                let name = map
                    .remove("name")
                    .and_then(|n| n.as_str().map(str::to_owned));
                let request = map
                    .remove("request")
                    .or_else(|| map.remove("request_text"))
                    .unwrap_or(Value::Object(map));
                (name, request)
            }
            other => (None, other),
        })
        .collect()
}

fn print_outcome(outcome: Result<Value, partner_rules::Error>) {
    let response = match outcome {
        Ok(response) => response,
        Err(err) => {
            println!(
                "   error {} at {}: {}",
                err.code(),
                err.path(),
                err.message()
            );
            return;
        }
    };
    let Value::Object(fields) = &response else {
        println!("   {response}");
        return;
    };
    // The outcome first, then everything else in the order the response gives it.
    let mut entries: Vec<(&String, &Value)> = fields.iter().collect();
    entries.sort_by_key(|(key, _)| key.as_str() != "outcome");
    for (key, value) in entries {
        match (key.as_str(), value) {
            ("reasons", Value::Array(reasons)) => print_reasons(reasons, "   "),
            ("results", Value::Array(results)) => {
                for result in results {
                    let id = result.get("id").map(Value::to_string).unwrap_or_default();
                    let outcome = result
                        .get("outcome")
                        .map(Value::to_string)
                        .unwrap_or_default();
                    println!("   item {id}: {outcome}");
                    if let Some(Value::Array(reasons)) = result.get("reasons") {
                        print_reasons(reasons, "      ");
                    }
                }
            }
            (_, Value::Object(inner)) if inner.contains_key("reasons") => {
                let outcome = inner
                    .get("outcome")
                    .map(Value::to_string)
                    .unwrap_or_default();
                println!("   {key}: {outcome}");
                if let Some(Value::Array(reasons)) = inner.get("reasons") {
                    print_reasons(reasons, "      ");
                }
            }
            _ => println!("   {key}: {value}"),
        }
    }
}

fn print_reasons(reasons: &[Value], indent: &str) {
    for reason in reasons {
        let text = |path: &[&str]| {
            path.iter()
                .try_fold(reason, |v, key| v.get(*key))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        println!("{indent}- {}", text(&["code"]));
        println!("{indent}    en: {}", text(&["message", "en"]));
        println!("{indent}    zh: {}", text(&["message", "zh"]));
        let operation = text(&["suggested_operation", "code"]);
        if !operation.is_empty() {
            println!(
                "{indent}    do: {operation}: {}",
                text(&["suggested_operation", "en"])
            );
            println!("{indent}        {}", text(&["suggested_operation", "zh"]));
        }
        if let Some(Value::String(from)) = reason.get("available_from") {
            println!("{indent}    lapses at {from}");
        }
    }
}
