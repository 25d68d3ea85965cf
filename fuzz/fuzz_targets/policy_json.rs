//! `Policy::from_json` on arbitrary bytes: never panics; a rejected policy is `invalid_input`
//! at a path under `$`; an accepted one writes out as JSON that reads back as the same policy,
//! from text and from a parsed value alike.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_rules::Policy;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Policy::from_json(text) {
        Ok(policy) => {
            let written = serde_json::to_string(&policy).expect("a policy serializes");
            assert_eq!(
                Policy::from_json(&written).as_ref(),
                Ok(&policy),
                "{written}"
            );
            assert_eq!(Policy::from_value(&policy.to_json()).as_ref(), Ok(&policy));
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
                // Duplicate keys aside (text rejects them), the parsed value reads the same.
                if let Ok(from_value) = Policy::from_value(&value) {
                    assert_eq!(from_value, policy, "{text}");
                }
            }
        }
        Err(err) => {
            assert_eq!(err.code(), "invalid_input");
            partner_rules_fuzz::check_error(&err);
        }
    }
});
