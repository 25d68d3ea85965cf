//! Runs every shared conformance vector through both Rust JSON entry points.

// Test code: a failed expectation should stop the test loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashSet;

use partner_rules_conformance::{check, load_all};
use serde_json::Value;

#[test]
fn every_vector_passes_through_evaluate_and_evaluate_json() {
    let files = load_all().expect("vector files load");
    assert!(!files.is_empty(), "no vector files found");
    let mut failures = Vec::new();
    let mut count = 0;
    for (file, vectors) in &files {
        let mut names = HashSet::new();
        for vector in &vectors.vectors {
            count += 1;
            let id = format!("{file} / {}", vector.name);
            if !names.insert(vector.name.as_str()) {
                failures.push(format!("{id}: duplicate vector name"));
            }
            let text = match (&vector.request, &vector.request_text) {
                (Some(request), None) => {
                    let via_value = partner_rules::evaluate(request.clone());
                    if let Err(why) = check(vector, via_value) {
                        failures.push(format!("{id} [evaluate]: {why}"));
                    }
                    request.to_string()
                }
                (None, Some(text)) => text.clone(),
                _ => {
                    failures.push(format!(
                        "{id}: needs exactly one of request and request_text"
                    ));
                    continue;
                }
            };
            let via_text = partner_rules::evaluate_json(&text)
                .map(|out| serde_json::from_str::<Value>(&out).expect("responses are valid JSON"));
            if let Err(why) = check(vector, via_text) {
                failures.push(format!("{id} [evaluate_json]: {why}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} vectors failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    println!("{count} vectors passed");
}
