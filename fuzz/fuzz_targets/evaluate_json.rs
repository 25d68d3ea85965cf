//! `evaluate_json` on arbitrary bytes: never panics; a response is a JSON object that
//! re-serializes; an error is `invalid_input` or `unknown_op` with a path and a bounded message;
//! `evaluate` on the parsed text agrees with `evaluate_json` wherever the text is accepted.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = partner_rules_fuzz::evaluate_both(text);
});
