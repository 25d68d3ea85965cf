//! Failure-cause look-up by message text on arbitrary Unicode: never panics; the typed look-up
//! and `failure_cause.lookup` agree, by message and by code; an ASCII text that finds a cause
//! finds it again whatever its case and surrounding white space; and every catalog message,
//! varied the ways matching forgives, finds its own cause.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_rules::Cause;
use serde_json::json;

// The first byte picks a catalog message to vary; the rest is the text to look up.
fuzz_target!(|data: &[u8]| {
    let Some((&index, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let typed = Cause::from_message(text);
    let answer = partner_rules::evaluate(json!({"op": "failure_cause.lookup", "message": text}))
        .expect("a look-up always answers");
    assert_eq!(
        answer["cause"]["code"].as_str(),
        typed.map(Cause::code),
        "{text:?}"
    );
    let by_code = partner_rules::evaluate(json!({"op": "failure_cause.lookup", "code": text}))
        .expect("a look-up by code always answers");
    assert_eq!(
        by_code["cause"]["code"].as_str(),
        Cause::from_code(text).map(Cause::code)
    );
    // Upper-casing can change a character's length or meaning outside ASCII (ß → SS), so only
    // ASCII texts are held to it.
    if let (Some(cause), true) = (typed, text.is_ascii()) {
        let varied = format!(" \u{3000}{}\t", text.to_uppercase());
        assert_eq!(Cause::from_message(&varied), Some(cause), "{varied:?}");
    }
    let cause = Cause::ALL[usize::from(index) % Cause::ALL.len()];
    for message in [
        cause.platform_message_en(),
        cause.message().en,
        cause.message().zh,
    ] {
        let varied = format!("\n {}.", message.to_lowercase().replace(' ', "  "));
        assert_eq!(Cause::from_message(&varied), Some(cause), "{varied:?}");
    }
});
