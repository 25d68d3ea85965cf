//! A timeline of one entry answers exactly as that policy alone: every answered vector, its
//! policy (or the default) wrapped as a one-entry timeline that comes into force at some
//! instant at or before the request's own, gives the vector's answer. Both the request's
//! `policy` and an `Engine` built from the timeline are checked.

// Test code: a failed expectation should stop the test loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use partner_rules::{Engine, PolicyTimeline};
use partner_rules_conformance::load_all;
use proptest::prelude::*;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// Every vector that has a request and an expected answer and no timeline of its own:
/// (request, answer).
fn answered() -> &'static [(Value, Value)] {
    static VECTORS: std::sync::OnceLock<Vec<(Value, Value)>> = std::sync::OnceLock::new();
    VECTORS.get_or_init(load_answered)
}

fn load_answered() -> Vec<(Value, Value)> {
    let mut out = Vec::new();
    for (_, file) in load_all().unwrap() {
        for vector in file.vectors {
            let (Some(request), Some(expected)) = (vector.request, vector.expected) else {
                continue;
            };
            if request["policy"].get("timeline").is_some() {
                continue;
            }
            out.push((request, expected));
        }
    }
    out
}

/// The instant that picks a timeline's entry for this request, if it has one.
fn instant(request: &Value) -> Option<OffsetDateTime> {
    let field = if request["op"] == "preregistration.review_due" {
        "submitted_at"
    } else {
        "now"
    };
    OffsetDateTime::parse(request.get(field)?.as_str()?, &Rfc3339).ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_one_entry_timeline_answers_as_its_policy(pick in any::<prop::sample::Index>(), before in 0i64..=4_000_000_000) {
        let vectors = answered();
        let (request, expected) = &vectors[pick.index(vectors.len())];
        // An op without an instant uses the (last) entry whenever it starts.
        let start = instant(request).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        // RFC 3339 writes years 0000 to 9999 only.
        let from = start
            .checked_sub(Duration::seconds(before))
            .filter(|from| from.year() >= 0)
            .unwrap_or(start);
        let policy = request.get("policy").cloned().unwrap_or(json!("intl-2024"));
        let timeline = json!({"timeline": [{"from": from.format(&Rfc3339).unwrap(), "policy": policy}]});

        let mut wrapped = request.clone();
        wrapped["policy"] = timeline.clone();
        prop_assert_eq!(&partner_rules::evaluate(wrapped).unwrap(), expected);

        let engine = Engine::new(PolicyTimeline::from_value(&timeline).unwrap());
        let mut bare = request.clone();
        if let Some(object) = bare.as_object_mut() {
            object.remove("policy");
        }
        prop_assert_eq!(&engine.evaluate(&bare).unwrap(), expected);
    }
}
