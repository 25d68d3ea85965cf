//! Masking arbitrary Unicode (docs/contract.md, "Export masking"): never panics; never gives back the original of
//! a text longer than one character; a name keeps its character count and first character;
//! a mobile number keeps every non-digit and its digit count; an email keeps its domain; and
//! `export.mask` masks a record's fields exactly as the typed functions do.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_rules::masking::{mask_email, mask_mobile, mask_name};
use partner_rules::Policy;
use serde_json::json;

fuzz_target!(|text: String| {
    let policy = Policy::default();
    let name = mask_name(&text);
    let mobile = mask_mobile(&policy, &text);
    let email = mask_email(&text);
    let longer_than_one = text.chars().nth(1).is_some();
    for masked in [&name, &mobile, &email] {
        if longer_than_one {
            assert_ne!(masked, &text, "{text:?} came back unmasked");
        }
    }
    assert_eq!(name.chars().count(), text.chars().count());
    if longer_than_one {
        assert_eq!(name.chars().next(), text.chars().next());
    }
    if text.chars().any(char::is_numeric) {
        let digits = |s: &str| {
            s.chars()
                .filter(|c| c.is_numeric() || *c == '*' || *c == '#')
                .count()
        };
        assert_eq!(
            mobile.chars().count(),
            text.chars().count(),
            "{text:?} → {mobile:?}"
        );
        assert!(digits(&mobile) >= text.chars().filter(|c| c.is_numeric()).count());
    }
    if let Some((_, domain)) = text.rsplit_once('@') {
        assert!(
            email.ends_with(&format!("@{domain}")),
            "{text:?} → {email:?}"
        );
    }
    let answer = partner_rules::evaluate(json!({
        "op": "export.mask",
        "records": [{"name": text, "mobile": text, "email": text, "note": text}],
    }))
    .expect("strings always mask");
    let record = &answer["records"][0];
    assert_eq!(record["name"], name);
    assert_eq!(record["mobile"], mobile);
    assert_eq!(record["email"], email);
    assert_eq!(record["note"], text, "other fields pass through");
});
