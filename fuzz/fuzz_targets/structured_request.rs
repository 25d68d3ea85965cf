//! Structured requests built from random facts, for every op, with and without a policy:
//! never panics; outcomes follow from their reasons in the contract's order (an `allowed`
//! answer never carries a reason); responses re-serialize; `evaluate` and `evaluate_json`
//! agree; pre-registration and association answers equal the reference model's
//! (`partner_rules_conformance::reference`); each op's own invariants hold (see
//! `check_answer`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_rules_fuzz::{allowed_refusal, check_answer, evaluate_both, Envelope};

fuzz_target!(|data: &[u8]| {
    let Ok(envelope) = Envelope::from_bytes(data) else {
        return;
    };
    let request = envelope.json();
    let text = request.to_string();
    match evaluate_both(&text) {
        Ok(answer) => check_answer(&envelope, &request, &answer),
        Err(err) => {
            assert_eq!(err.code(), "invalid_input", "{text}: {err}");
            assert!(allowed_refusal(envelope.op(), err.path()), "{text}: {err}");
        }
    }
});
