//! Export anonymization (docs/contract.md, "Export masking"): names, mobile numbers and emails are masked; every
//! other field passes through unchanged.
//!
//! A "character" is a Unicode scalar value (a Rust `char`), never a byte: `张三丰` is three
//! characters, an emoji is one, and a letter followed by a combining accent is two.
//!
//! Masking never gives back the original of an input longer than one character. The usual
//! form can only equal the original when the original already holds `*` everywhere the mask
//! goes (`a*`, `a***@x.com`); then `#` is used instead of `*` (`a#`, `a###@x.com`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::quote;
use crate::input_error::{InputError, Location};
use crate::strict::names;
use crate::Policy;

/// The character that replaces what is hidden.
pub const MASK: char = '*';

/// Replaces [`MASK`] when the usual form would equal the original.
pub const FALLBACK_MASK: char = '#';

/// Masks a name: the first character kept, every other replaced (`张三丰` → `张**`); a single
/// character becomes `*`. The character count is kept.
///
/// ```
/// use partner_rules::masking::mask_name;
/// assert_eq!(mask_name("张三丰"), "张**");
/// assert_eq!(mask_name("Ann"), "A**");
/// assert_eq!(mask_name("李"), "*");
/// assert_eq!(mask_name("a*"), "a#");
/// ```
pub fn mask_name(text: &str) -> String {
    differing(text, |mask| name_with(text, mask))
}

fn name_with(text: &str, mask: char) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.as_str().is_empty()) {
        (None, _) => String::new(),
        (Some(_), true) => mask.to_string(),
        (Some(first), false) => std::iter::once(first).chain(chars.map(|_| mask)).collect(),
    }
}

/// Masks a mobile number.
///
/// - A leading `+` (after any white space) and the country code after it are kept as written.
///   The country code is read by the ITU-T E.164 assignments, in which no code is a prefix of
///   another: `1` and `7` are one digit, the two-digit codes of [`TWO_DIGIT_COUNTRY_CODES`] two,
///   every other code three; reading stops early at a non-digit (`+9 …`). So `+86 138 1234 5678`,
///   `+8613812345678` and `+86-138-1234-5678` all keep `+86`.
/// - Of the remaining digits (any Unicode numeric character counts, so full-width digits are
///   masked too), the first `mask_mobile_keep_leading` and last `mask_mobile_keep_trailing` are
///   kept and those between replaced by `*`; when there are too few digits for at least one to
///   be masked (fewer than 8 with the presets), every digit is. Separators and every other
///   non-digit stay as written.
/// - With no digit outside the country code there is nothing to mask by this rule, and the
///   whole text is masked as a name.
///
/// A `00` international prefix is not a `+`: its digits count like the others.
///
/// ```
/// use partner_rules::{masking::mask_mobile, Policy};
/// let policy = Policy::default(); // keep 3 leading and 4 trailing digits
/// assert_eq!(mask_mobile(&policy, "13812345678"), "138****5678");
/// assert_eq!(mask_mobile(&policy, "+86 138 1234 5678"), "+86 138 **** 5678");
/// assert_eq!(mask_mobile(&policy, "+8613812345678"), "+86138****5678");
/// assert_eq!(mask_mobile(&policy, "1234567"), "*******");
/// ```
pub fn mask_mobile(policy: &Policy, text: &str) -> String {
    let (prefix, national) = split_country_code(text);
    let digits = national.chars().filter(|c| is_digit(*c)).count();
    if digits == 0 {
        return mask_name(text);
    }
    let leading = usize::try_from(policy.mask_mobile_keep_leading()).unwrap_or(usize::MAX);
    let trailing = usize::try_from(policy.mask_mobile_keep_trailing()).unwrap_or(usize::MAX);
    let (keep_first, keep_last) = if digits > leading.saturating_add(trailing) {
        (leading, trailing)
    } else {
        (0, 0)
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(prefix);
    let mut seen = 0;
    for c in national.chars() {
        if is_digit(c) {
            let kept = seen < keep_first || seen >= digits - keep_last;
            out.push(if kept { c } else { MASK });
            seen += 1;
        } else {
            out.push(c);
        }
    }
    // At least one digit was replaced by `*`, so `out` differs from `text`.
    out
}

/// The E.164 country codes of two digits (ITU-T, "List of ITU-T Recommendation E.164 assigned
/// country codes"). `1` and `7` are the one-digit codes; all others have three digits.
pub const TWO_DIGIT_COUNTRY_CODES: [&str; 44] = [
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
    "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
    "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
];

const ONE_DIGIT_COUNTRY_CODES: [char; 2] = ['1', '7'];

const LONGEST_COUNTRY_CODE: usize = 3;

/// Splits `text` into the part kept as written (white space, `+`, country code) and the rest.
fn split_country_code(text: &str) -> (&str, &str) {
    let body = text.trim_start();
    let Some(after_plus) = body.strip_prefix('+') else {
        return ("", text);
    };
    let mut length = 0;
    for c in after_plus.chars().take(LONGEST_COUNTRY_CODE) {
        if !c.is_ascii_digit() {
            break;
        }
        length += 1;
        let code = after_plus.get(..length).unwrap_or_default();
        let complete = match length {
            1 => ONE_DIGIT_COUNTRY_CODES.contains(&c),
            2 => TWO_DIGIT_COUNTRY_CODES.contains(&code),
            _ => true,
        };
        if complete {
            break;
        }
    }
    // `+` and ASCII digits are one byte each.
    let cut = text.len() - after_plus.len() + length;
    (
        text.get(..cut).unwrap_or_default(),
        text.get(cut..).unwrap_or_default(),
    )
}

/// ASCII digits and every other Unicode numeric character (full-width `１`, Arabic-Indic `٣`,
/// …): a mobile number written in any script is masked.
fn is_digit(c: char) -> bool {
    c.is_numeric()
}

/// Masks an email: the first character of the local part, then `***`, then `@` and the domain
/// (`alice@example.com` → `a***@example.com`). The local part ends at the last `@`. Without an
/// `@` the text is masked as a name. The local part's length is hidden, so the character
/// count is not kept.
///
/// ```
/// use partner_rules::masking::mask_email;
/// assert_eq!(mask_email("alice@example.com"), "a***@example.com");
/// assert_eq!(mask_email("张伟@例子.中国"), "张***@例子.中国");
/// assert_eq!(mask_email("a***@x.com"), "a###@x.com");
/// assert_eq!(mask_email("not an email"), "n***********");
/// ```
pub fn mask_email(text: &str) -> String {
    match text.rsplit_once('@') {
        Some((local, domain)) => differing(text, |mask| {
            let mut out = String::with_capacity(text.len() + 3);
            out.extend(local.chars().next());
            out.extend([mask; 3]);
            out.push('@');
            out.push_str(domain);
            out
        }),
        None => mask_name(text),
    }
}

/// The masked form with `*`, or with `#` if that would give back the original.
fn differing(original: &str, with: impl Fn(char) -> String) -> String {
    let masked = with(MASK);
    if masked == original && original.chars().nth(1).is_some() {
        with(FALLBACK_MASK)
    } else {
        masked
    }
}

names! {
    /// What a field holds, and so how it is masked.
    pub enum FieldKind {
        /// A person's or company's name.
        Name = "name",
        /// A mobile number.
        Mobile = "mobile",
        /// An email address.
        Email = "email",
    }
}

impl FieldKind {
    /// Masks `text` as this kind of value.
    pub fn mask(self, policy: &Policy, text: &str) -> String {
        match self {
            FieldKind::Name => mask_name(text),
            FieldKind::Mobile => mask_mobile(policy, text),
            FieldKind::Email => mask_email(text),
        }
    }
}

/// Which top-level record fields hold names, mobile numbers and emails. A kind left out keeps
/// its default list (`name`, `mobile`, `email`); an empty list masks no field of that kind.
///
/// ```
/// use partner_rules::masking::{FieldKind, Fields};
/// let fields: Fields = serde_json::from_str(r#"{"name": ["customer_name", "contact"]}"#).unwrap();
/// assert_eq!(fields.mobile, ["mobile"]);
/// let kinds = fields.kinds().unwrap();
/// assert_eq!(kinds.get("contact"), Some(&FieldKind::Name));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "MaskedFields")
)]
#[serde(deny_unknown_fields)]
pub struct Fields {
    /// Fields masked as names.
    #[serde(default = "default_name")]
    pub name: Vec<String>,
    /// Fields masked as mobile numbers.
    #[serde(default = "default_mobile")]
    pub mobile: Vec<String>,
    /// Fields masked as emails.
    #[serde(default = "default_email")]
    pub email: Vec<String>,
}

fn default_name() -> Vec<String> {
    vec![FieldKind::Name.name().to_owned()]
}

fn default_mobile() -> Vec<String> {
    vec![FieldKind::Mobile.name().to_owned()]
}

fn default_email() -> Vec<String> {
    vec![FieldKind::Email.name().to_owned()]
}

impl Default for Fields {
    /// `name`, `mobile` and `email`.
    fn default() -> Self {
        Fields {
            name: default_name(),
            mobile: default_mobile(),
            email: default_email(),
        }
    }
}

impl Fields {
    fn list(&self, kind: FieldKind) -> &[String] {
        match kind {
            FieldKind::Name => &self.name,
            FieldKind::Mobile => &self.mobile,
            FieldKind::Email => &self.email,
        }
    }

    /// Field name → kind. A field listed under two kinds is invalid (at `fields.email[0]`,
    /// say): it could only be masked one way.
    pub fn kinds(&self) -> Result<HashMap<&str, FieldKind>, InputError> {
        let mut kinds = HashMap::new();
        for &kind in FieldKind::ALL {
            for (i, field) in self.list(kind).iter().enumerate() {
                match kinds.insert(field.as_str(), kind) {
                    Some(other) if other != kind => {
                        return Err(InputError::new(
                            Location::field("fields").then(kind.name()).item(i),
                            format!(
                                "field {} is already listed under `{}`, expected each field under one kind",
                                quote(field),
                                other.name()
                            ),
                        ));
                    }
                    _ => {}
                }
            }
        }
        Ok(kinds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Preset;
    use proptest::prelude::*;

    fn chars(text: &str) -> usize {
        text.chars().count()
    }

    #[test]
    fn names_count_characters_not_bytes() {
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_name("张三丰"), "张**");
        assert_eq!(mask_name("🙂🙂"), "🙂*");
        // A combining accent is a character of its own.
        assert_eq!(mask_name("e\u{301}"), "e*");
        assert_eq!(mask_name("\u{301}e"), "\u{301}*");
        assert_eq!(mask_name("*"), "*");
        assert_eq!(mask_name("**"), "*#");
        assert_eq!(mask_name("张*"), "张#");
    }

    #[test]
    fn mobiles_keep_separators_and_country_codes() {
        let policy = Policy::default();
        let cases = [
            ("13812345678", "138****5678"),
            ("138-1234-5678", "138-****-5678"),
            ("+86 138 1234 5678", "+86 138 **** 5678"),
            ("+8613812345678", "+86138****5678"),
            (" +1 (202) 555-0143", " +1 (202) ***-0143"),
            ("+85291234567", "+852912*4567"),
            ("+852 9123 4567", "+852 912* 4567"),
            ("+447911123456", "+44791***3456"),
            ("+9 123", "+9 ***"),
            ("+ 86 138 1234 5678", "+ 86 1** **** 5678"),
            ("008613812345678", "008********5678"),
            ("12345678", "123*5678"),
            ("1234567", "*******"),
            ("１３８１２３４５６７８", "１３８****５６７８"),
            ("+86", "+**"),
            ("---", "-**"),
            ("***", "*##"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(mask_mobile(&policy, input), expected, "{input}");
        }
    }

    #[test]
    fn kept_digits_come_from_the_policy() {
        let policy =
            Policy::from_json(r#"{"mask_mobile_keep_leading": 0, "mask_mobile_keep_trailing": 2}"#)
                .unwrap();
        assert_eq!(mask_mobile(&policy, "13812345678"), "*********78");
        assert_eq!(mask_mobile(&policy, "12"), "**");
        assert_eq!(mask_mobile(&policy, "123"), "*23");
    }

    #[test]
    fn emails() {
        assert_eq!(mask_email("alice@example.com"), "a***@example.com");
        assert_eq!(mask_email("@example.com"), "***@example.com");
        assert_eq!(mask_email("a@b@example.com"), "a***@example.com");
        assert_eq!(mask_email("****@x"), "*###@x");
        assert_eq!(mask_email("🙂@x"), "🙂***@x");
        assert_eq!(mask_email("ab"), "a*");
    }

    /// Text drawn to hit the edge cases: masks, separators, digits of several scripts, CJK,
    /// emoji, combining marks, `@` and `+`.
    fn tricky_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just('*'),
                Just('#'),
                Just('@'),
                Just('+'),
                Just(' '),
                Just('-'),
                Just('\u{301}'),
                Just('🙂'),
                Just('张'),
                Just('１'),
                proptest::char::range('0', '9'),
                proptest::char::range('a', 'z'),
                any::<char>(),
            ],
            0..24,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #[test]
        fn names_never_come_back_and_keep_their_length(text in tricky_text()) {
            let masked = mask_name(&text);
            prop_assert_eq!(chars(&masked), chars(&text));
            if chars(&text) > 1 {
                prop_assert_ne!(&masked, &text);
                prop_assert_eq!(masked.chars().next(), text.chars().next());
            }
        }

        #[test]
        fn mobiles_never_come_back_and_keep_their_length(
            text in tricky_text(),
            leading in 0u32..=6,
            trailing in 0u32..=6,
        ) {
            let policy = Policy::from_json(&format!(
                r#"{{"mask_mobile_keep_leading": {leading}, "mask_mobile_keep_trailing": {trailing}}}"#
            )).unwrap();
            let masked = mask_mobile(&policy, &text);
            prop_assert_eq!(chars(&masked), chars(&text));
            if chars(&text) > 1 {
                prop_assert_ne!(&masked, &text);
            }
            // Whatever is not a digit stays where it was, unless the text had no digit to mask.
            if text.chars().filter(|c| c.is_numeric()).count() > 0
                && split_country_code(&text).1.chars().any(char::is_numeric)
            {
                for (before, after) in text.chars().zip(masked.chars()) {
                    if !before.is_numeric() {
                        prop_assert_eq!(before, after);
                    }
                }
            }
        }

        #[test]
        fn emails_never_come_back(text in tricky_text()) {
            let masked = mask_email(&text);
            if chars(&text) > 1 {
                prop_assert_ne!(&masked, &text);
            }
            if let Some((_, domain)) = text.rsplit_once('@') {
                let suffix = format!("@{domain}");
                prop_assert!(masked.ends_with(&suffix));
            }
        }

        #[test]
        fn long_national_numbers_show_exactly_the_kept_digits(digits in "[0-9]{8,20}") {
            let policy = Policy::preset(Preset::Cn);
            let masked = mask_mobile(&policy, &digits);
            prop_assert_eq!(masked.get(..3), digits.get(..3));
            prop_assert_eq!(masked.get(masked.len() - 4..), digits.get(digits.len() - 4..));
            prop_assert_eq!(masked.chars().filter(|c| *c == MASK).count(), digits.len() - 7);
        }
    }
}
