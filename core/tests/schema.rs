//! The committed JSON Schemas are the ones the Rust types give.
//! `REGENERATE=1 cargo test -p partner-rules --features schema --test schema` rewrites them.
#![cfg(feature = "schema")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

fn check(file: &str, generated: serde_json::Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(file);
    let mut text = serde_json::to_string_pretty(&generated).unwrap();
    text.push('\n');
    if std::env::var_os("REGENERATE").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} differs from the Rust types: run REGENERATE=1 cargo test -p partner-rules --features schema --test schema",
        path.display()
    );
}

#[test]
fn the_request_schema_is_current() {
    check("request.schema.json", partner_rules::schema::request());
}

#[test]
fn the_response_schema_is_current() {
    check("response.schema.json", partner_rules::schema::response());
}
