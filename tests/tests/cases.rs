//! Authored cases → shared vectors.
//!
//! `tests/cases/*.json` hold requests with hand-written expectations (`expect`, matched
//! partially: only the keys given are checked; a reason may be written as its code alone).
//! Every case is checked against the library, and the full response becomes the `expected` of
//! the vector with the same name in `tests/vectors/`, which the Python and JavaScript suites run.
//! This test fails when a vector file is out of date; regenerate with
//! `REGENERATE_VECTORS=1 cargo test -p partner-rules-conformance --test cases`.

// Test code: a failed expectation should stop the test loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{json, Map, Value};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    description: String,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    request: Option<Value>,
    #[serde(default)]
    request_text: Option<String>,
    #[serde(default)]
    expect: Option<Value>,
    #[serde(default)]
    error: Option<Value>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// `expected` partially matches `actual`: objects by the keys given, arrays element-wise with
/// equal length, a string against an object by that object's `code`.
fn partial_match(expected: &Value, actual: &Value, path: &str, problems: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(want), Value::Object(have)) => {
            for (key, value) in want {
                match have.get(key) {
                    Some(found) => partial_match(value, found, &format!("{path}.{key}"), problems),
                    None => problems.push(format!("{path}.{key}: missing")),
                }
            }
        }
        (Value::Array(want), Value::Array(have)) => {
            if want.len() != have.len() {
                problems.push(format!(
                    "{path}: expected {} items, got {}: {}",
                    want.len(),
                    have.len(),
                    summarize(actual)
                ));
                return;
            }
            for (i, (w, h)) in want.iter().zip(have).enumerate() {
                partial_match(w, h, &format!("{path}[{i}]"), problems);
            }
        }
        (Value::String(code), Value::Object(have)) if have.contains_key("code") => {
            if have.get("code") != Some(&Value::String(code.clone())) {
                problems.push(format!(
                    "{path}: expected code {code}, got {}",
                    have["code"]
                ));
            }
        }
        _ if expected == actual => {}
        _ => problems.push(format!("{path}: expected {expected}, got {actual}")),
    }
}

/// Arrays of reasons shown as their codes, for readable failures.
fn summarize(value: &Value) -> String {
    match value {
        Value::Array(items) => {
            let codes: Vec<String> = items
                .iter()
                .map(|item| {
                    item.get("code")
                        .map_or_else(|| item.to_string(), Value::to_string)
                })
                .collect();
            format!("[{}]", codes.join(", "))
        }
        other => other.to_string(),
    }
}

fn evaluate(case: &Case) -> Result<Value, partner_rules::Error> {
    match (&case.request, &case.request_text) {
        (Some(request), None) => partner_rules::evaluate(request.clone()),
        (None, Some(text)) => partner_rules::evaluate_json(text)
            .map(|out| serde_json::from_str(&out).expect("responses are JSON")),
        _ => panic!(
            "case {} needs exactly one of request and request_text",
            case.name
        ),
    }
}

fn vector_for(case: &Case, problems: &mut Vec<String>) -> Value {
    let outcome = evaluate(case);
    let mut vector = Map::new();
    vector.insert("name".into(), json!(case.name));
    match (&case.request, &case.request_text) {
        (Some(request), _) => vector.insert("request".into(), request.clone()),
        (_, Some(text)) => vector.insert("request_text".into(), json!(text)),
        _ => None,
    };
    match (&case.expect, &case.error, outcome) {
        (Some(expect), None, Ok(actual)) => {
            partial_match(expect, &actual, "$", problems);
            vector.insert("expected".into(), actual);
        }
        (None, Some(expect), Err(err)) => {
            let actual =
                json!({"code": err.code().as_str(), "path": err.path(), "message": err.message()});
            partial_match(expect, &actual, "error", problems);
            vector.insert("error".into(), actual);
        }
        (_, _, Ok(actual)) => problems.push(format!("expected an error, got {actual}")),
        (_, _, Err(err)) => problems.push(format!("expected a response, got error {err}")),
    }
    Value::Object(vector)
}

#[test]
fn authored_cases_hold_and_vectors_are_up_to_date() {
    let regenerate = std::env::var_os("REGENERATE_VECTORS").is_some();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("cases"))
        .expect("tests/cases exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    let mut failures = Vec::new();
    let mut total = 0;
    for path in paths {
        let file_name = path.file_name().expect("file name").to_owned();
        let text = std::fs::read_to_string(&path).expect("readable case file");
        let cases: CaseFile =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut vectors = Vec::new();
        for case in &cases.cases {
            total += 1;
            let mut problems = Vec::new();
            vectors.push(vector_for(case, &mut problems));
            for problem in problems {
                failures.push(format!(
                    "{} / {}: {problem}",
                    file_name.to_string_lossy(),
                    case.name
                ));
            }
        }
        let comment = format!(
            "Generated from tests/cases/{} by REGENERATE_VECTORS=1 cargo test -p partner-rules-conformance --test cases (or bash tests/regenerate.sh). Do not edit.",
            file_name.to_string_lossy()
        );
        let generated =
            json!({"$comment": comment, "description": cases.description, "vectors": vectors});
        let target = root().join("vectors").join(&file_name);
        if regenerate {
            let mut out = serde_json::to_string_pretty(&generated).expect("serializable");
            out.push('\n');
            std::fs::write(&target, out).expect("writable vector file");
        } else {
            let current: Option<Value> = std::fs::read_to_string(&target)
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok());
            if current.as_ref() != Some(&generated) {
                failures.push(format!(
                    "{} is out of date: run REGENERATE_VECTORS=1 cargo test -p partner-rules-conformance --test cases",
                    target.display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{total} authored cases hold");
}
