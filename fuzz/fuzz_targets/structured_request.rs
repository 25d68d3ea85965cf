//! Structured requests built from random facts (every op, with and without a policy):
//! never panics; an `allowed` answer never carries a blocking reason; outcomes follow from their
//! reasons in the specification's order; responses re-serialize; the typed API gives the same
//! decision as the JSON contract.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_rules::{preregistration, Customer, Partner, Policy};
use partner_rules_fuzz::{check_preregistration_response, check_verdict, evaluate_both, Envelope};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(envelope) = Envelope::from_bytes(data) else {
        return;
    };
    let request = envelope.json();
    let text = request.to_string();
    let response = match evaluate_both(&text) {
        Ok(response) => response,
        Err(err) => {
            // Generated facts are well-formed; only a missing `now`/`submitted_at`, an unknown
            // status or method, or a policy out of range is refused, at a path that says so.
            assert_eq!(err.code(), "invalid_input", "{text}: {err}");
            let path = err.path();
            assert!(
                path == "$.now"
                    || path == "$"
                    || path.starts_with("$.policy")
                    || path.starts_with("$.items[")
                    || path == "$.submitted_at",
                "{text}: {err}"
            );
            return;
        }
    };
    match envelope.op() {
        "preregistration.check" => {
            check_preregistration_response(&response);
            check_typed_preregistration(&request, &response);
        }
        "invitation.send" => {
            check_verdict(&response);
            if response["outcome"] == "blocked" {
                assert!(response["expires_at"].is_null());
            }
        }
        "preregistration.delete" | "invitation.resend" => {
            let items = request["items"].as_array().expect("items");
            let results = response["results"].as_array().expect("results");
            assert_eq!(items.len(), results.len(), "one answer per item");
            for (item, result) in items.iter().zip(results) {
                assert_eq!(item["id"], result["id"], "answers keep the items' order");
                check_verdict(result);
            }
        }
        "preregistration.review_due" => {
            assert!(response["due_by"].is_string());
        }
        other => panic!("no invariants for {other}"),
    }
});

/// The typed API and the JSON contract give the same decision.
fn check_typed_preregistration(request: &Value, response: &Value) {
    let policy = match request.get("policy") {
        Some(policy) => Policy::from_value(policy).expect("the engine accepted this policy"),
        None => Policy::default(),
    };
    let partner: Partner = serde_json::from_value(request["partner"].clone()).expect("partner");
    let customer: Customer = match request.get("customer") {
        Some(customer) => serde_json::from_value(customer.clone()).expect("customer"),
        None => Customer::default(),
    };
    let now = partner_rules::parse_timestamp(request["now"].as_str().expect("now"))
        .expect("the engine accepted now");
    let decision = preregistration::check(&policy, &partner, &customer, now);
    let mut typed = serde_json::to_value(&decision).expect("a decision serializes");
    typed["policy"] = Value::from(policy.preset_name());
    assert_eq!(&typed, response);
}
