//! Loads the conformance vectors under `tests/vectors/` and checks a response against them.
//!
//! A vector file is `{"description": "...", "vectors": [vector, ...]}`; a vector is
//! `{"name", "request" | "request_text", "expected" | "error": {"code", "path"}}`.
//! `request` is a JSON object given to `evaluate`/`evaluate_json`; `request_text` is raw text
//! for `evaluate_json` only (malformed JSON, duplicate keys). `expected` must equal the response
//! exactly; for `error`, code and path must match and the message must not be empty.
//! The Python and JavaScript suites read the same files with the same rules.

pub mod reference;

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

/// One vector file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VectorFile {
    /// Where the file comes from and how to regenerate it.
    #[serde(rename = "$comment")]
    pub comment: String,
    /// What the file covers.
    pub description: String,
    /// The vectors.
    pub vectors: Vec<Vector>,
}

/// One request and what it must give.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vector {
    /// Unique within its file.
    pub name: String,
    /// The request as JSON.
    #[serde(default)]
    pub request: Option<Value>,
    /// The request as raw text, for inputs that are not valid JSON objects.
    #[serde(default)]
    pub request_text: Option<String>,
    /// The exact response.
    #[serde(default)]
    pub expected: Option<Value>,
    /// The error instead of a response.
    #[serde(default)]
    pub error: Option<ExpectedError>,
}

/// The error a vector expects.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedError {
    /// `invalid_input` or `unknown_op`.
    pub code: String,
    /// The JSON path.
    pub path: String,
    /// The exact message.
    pub message: String,
}

/// The vector directory of this repository.
pub fn vector_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors")
}

/// Every vector file, sorted by name.
pub fn load_all() -> Result<Vec<(String, VectorFile)>, String> {
    let dir = vector_dir();
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let file: VectorFile =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok((name, file))
        })
        .collect()
}

/// Checks one outcome of evaluating a vector; `Err` says what differs.
pub fn check(vector: &Vector, outcome: Result<Value, partner_rules::Error>) -> Result<(), String> {
    match (&vector.expected, &vector.error, outcome) {
        (Some(expected), None, Ok(actual)) if *expected == actual => Ok(()),
        (Some(expected), None, Ok(actual)) => Err(format!(
            "response differs\nexpected: {expected}\nactual:   {actual}"
        )),
        (Some(_), None, Err(err)) => Err(format!("expected a response, got error {err}")),
        (None, Some(expected), Err(err)) => {
            if err.code() == expected.code.as_str()
                && err.path() == expected.path
                && err.message() == expected.message
            {
                Ok(())
            } else {
                Err(format!(
                    "expected error {} at {}: {}, got {err}",
                    expected.code, expected.path, expected.message
                ))
            }
        }
        (None, Some(expected), Ok(actual)) => Err(format!(
            "expected error {} at {}, got response {actual}",
            expected.code, expected.path
        )),
        _ => Err("a vector needs exactly one of `expected` and `error`".to_owned()),
    }
}

/// The repository README's Rust examples, compiled and run as doctests so that they stay true
/// (the crate's own README is the core's doctest).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct RepositoryReadmeDoctests;
