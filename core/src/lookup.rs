//! Static look-up tables keyed by text, built at compile time, and the loose matching of texts a
//! person was shown.
//!
//! A table is an array of [`Key`]s sorted by a 64-bit checksum of the key text. A look-up
//! checksums the query once (without allocating), binary-searches the checksum, and confirms the
//! one candidate by comparing the texts, so an unknown text that happens to share a key's
//! checksum never matches. Tables assert at compile time that their checksums are distinct, so
//! at most one key answers any query.
//!
//! Everything that builds a table is a `const fn` walking bytes with `split_first`, so the same
//! code serves the compile-time build and the run-time query.

/// One entry of a look-up table: the text it answers to, its hash, and the value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key<T: Copy + 'static> {
    hash: u64,
    text: &'static str,
    value: T,
}

impl<T: Copy + 'static> Key<T> {
    /// A key matched exactly, byte for byte.
    pub(crate) const fn exact(text: &'static str, value: T) -> Key<T> {
        Key {
            hash: exact_hash(text),
            text,
            value,
        }
    }

    /// A key matched after [`Normalized`] normalization.
    pub(crate) const fn loose(text: &'static str, value: T) -> Key<T> {
        Key {
            hash: Normalized::new(text).hash(),
            text,
            value,
        }
    }
}

/// Sorts a table by hash and checks that no two keys share one. Meant for `const` items only:
/// evaluated at compile time, where an index out of bounds or a duplicate fails the build.
#[allow(clippy::indexing_slicing)]
pub(crate) const fn table<T: Copy + 'static, const N: usize>(mut keys: [Key<T>; N]) -> [Key<T>; N] {
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0 && keys[j - 1].hash > keys[j].hash {
            let swap = keys[j - 1];
            keys[j - 1] = keys[j];
            keys[j] = swap;
            j -= 1;
        }
        i += 1;
    }
    let mut k = 1;
    while k < N {
        assert!(
            keys[k - 1].hash < keys[k].hash,
            "two keys of a look-up table hash alike (or repeat a text)"
        );
        k += 1;
    }
    keys
}

/// The value whose key is exactly `text`.
pub(crate) fn find_exact<T: Copy>(table: &[Key<T>], text: &str) -> Option<T> {
    candidate(table, exact_hash(text))
        .filter(|key| key.text == text)
        .map(|key| key.value)
}

/// The value whose key equals `text` once both are [`Normalized`].
pub(crate) fn find_loose<T: Copy>(table: &[Key<T>], text: &str) -> Option<T> {
    let query = Normalized::new(text);
    candidate(table, query.hash())
        .filter(|key| query.eq(Normalized::new(key.text)))
        .map(|key| key.value)
}

fn candidate<T: Copy>(table: &[Key<T>], hash: u64) -> Option<&Key<T>> {
    let index = table.binary_search_by_key(&hash, |key| key.hash).ok()?;
    table.get(index)
}

/// A Fletcher-style checksum: two running sums, so each character costs two additions (no
/// multiplication chain). It only has to tell a table's keys apart, which [`table`] checks at
/// compile time; a query that happens to share a key's hash is still compared in full.
#[derive(Clone, Copy)]
struct Checksum {
    sum: u64,
    sum_of_sums: u64,
}

impl Checksum {
    const START: Checksum = Checksum {
        sum: 0,
        sum_of_sums: 0,
    };

    #[inline]
    const fn add(self, unit: u32) -> Checksum {
        // +1 so that a NUL still moves both sums.
        let sum = self.sum.wrapping_add(unit as u64 + 1);
        Checksum {
            sum,
            sum_of_sums: self.sum_of_sums.wrapping_add(sum),
        }
    }

    const fn finish(self) -> u64 {
        self.sum_of_sums.rotate_left(32) ^ self.sum
    }
}

/// The checksum of the bytes.
const fn exact_hash(text: &str) -> u64 {
    let mut checksum = Checksum::START;
    let mut rest = text.as_bytes();
    while let Some((&byte, after)) = rest.split_first() {
        checksum = checksum.add(byte as u32);
        rest = after;
    }
    checksum.finish()
}

/// A text as loose matching sees it, one character at a time:
///
/// 1. leading and trailing white space and punctuation are dropped (so a final `.` or `。`,
///    quotes or brackets around the text do not matter);
/// 2. every run of white space inside becomes one ASCII space;
/// 3. full-width and half-width forms are folded as NFKC folds them ([`fold`]): `，` `（` `Ａ`
///    become `,` `(` `A`, `｡` becomes `。`;
/// 4. ASCII letters become lower case (the catalog texts are ASCII English or Chinese, which
///    has no case).
///
/// White space is Unicode `White_Space` (including the ideographic space U+3000); punctuation is
/// ASCII punctuation, the Latin-1 marks `¡ § « ¶ · » ¿`, General Punctuation
/// (U+2010–U+2027, U+2030–U+205E: dashes, curly quotes, `…`), CJK punctuation (`、 。 〃`,
/// the brackets `〈 … 】`, `〔 … 〟`, `〰 〽`), the CJK compatibility and small form variants
/// (U+FE10–U+FE19, U+FE30–U+FE6B) and half-width CJK punctuation (U+FF5F–U+FF65). Punctuation
/// inside the text is kept.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Normalized<'a> {
    rest: &'a [u8],
}

impl<'a> Normalized<'a> {
    pub(crate) const fn new(text: &'a str) -> Normalized<'a> {
        Normalized {
            rest: trim_edges(text.as_bytes()),
        }
    }

    /// The checksum of the normalized characters.
    #[inline]
    pub(crate) const fn hash(self) -> u64 {
        let mut checksum = Checksum::START;
        let mut cursor = self;
        while let Some((c, next)) = cursor.step() {
            checksum = checksum.add(c as u32);
            cursor = next;
        }
        checksum.finish()
    }

    /// The next character and the cursor after it.
    #[inline(always)]
    const fn step(self) -> Option<(char, Normalized<'a>)> {
        // Visible ASCII, the bulk of most texts, needs neither decoding nor width folding; this
        // path is inlined into the loops, the rest is a call.
        if let Some((&byte, rest)) = self.rest.split_first() {
            if byte.is_ascii_graphic() {
                return Some((byte.to_ascii_lowercase() as char, Normalized { rest }));
            }
        }
        self.step_decoding()
    }

    #[inline(never)]
    const fn step_decoding(self) -> Option<(char, Normalized<'a>)> {
        let Some((c, mut rest)) = decode(self.rest) else {
            return None;
        };
        if !is_space(c) {
            return Some((fold(c), Normalized { rest }));
        }
        // Edges are trimmed, so a run of white space here always has text after it.
        while let Some((next, after)) = decode(rest) {
            if !is_space(next) {
                break;
            }
            rest = after;
        }
        Some((' ', Normalized { rest }))
    }
}

impl Iterator for Normalized<'_> {
    type Item = char;

    #[inline]
    fn next(&mut self) -> Option<char> {
        let (c, next) = self.step()?;
        *self = next;
        Some(c)
    }
}

/// The bytes between the first and the last character that is neither white space nor
/// punctuation. Only the edges are scanned, so this costs nothing per character of the text.
const fn trim_edges(bytes: &[u8]) -> &[u8] {
    let mut rest = bytes;
    while let Some((c, after)) = decode(rest) {
        if !is_edge(c) {
            break;
        }
        rest = after;
    }
    while let Some((c, before)) = decode_last(rest) {
        if !is_edge(c) {
            break;
        }
        rest = before;
    }
    rest
}

/// The last character of UTF-8 `bytes` and the bytes before it.
const fn decode_last(bytes: &[u8]) -> Option<(char, &[u8])> {
    // A character is its lead byte and up to three continuation bytes (0b10xx_xxxx) after it.
    let mut before = bytes;
    let mut width = 0;
    while let Some((&byte, head)) = before.split_last() {
        before = head;
        width += 1;
        if byte & 0xC0 != 0x80 || width == 4 {
            break;
        }
    }
    let Some((_, last)) = bytes.split_at_checked(before.len()) else {
        return None;
    };
    match decode(last) {
        Some((c, _)) => Some((c, before)),
        None => None,
    }
}

/// The first character of UTF-8 `bytes` and the bytes after it. The bytes come from a `str`,
/// so they are well-formed; a malformed sequence would read as U+FFFD rather than fail.
#[inline]
const fn decode(bytes: &[u8]) -> Option<(char, &[u8])> {
    let Some((&lead, mut rest)) = bytes.split_first() else {
        return None;
    };
    let (mut code, continuation) = match lead {
        0x00..=0x7F => return Some((lead as char, rest)),
        0xC0..=0xDF => ((lead & 0x1F) as u32, 1),
        0xE0..=0xEF => ((lead & 0x0F) as u32, 2),
        _ => ((lead & 0x07) as u32, 3),
    };
    let mut read = 0;
    while read < continuation {
        let Some((&byte, after)) = rest.split_first() else {
            break;
        };
        code = (code << 6) | (byte & 0x3F) as u32;
        rest = after;
        read += 1;
    }
    match char::from_u32(code) {
        Some(c) => Some((c, rest)),
        None => Some((char::REPLACEMENT_CHARACTER, rest)),
    }
}

/// The width forms a Chinese or English text can hold folded as Unicode compatibility
/// normalization (NFKC) folds them, then ASCII letters to lower case.
///
/// Folded: the full-width ASCII forms U+FF01–U+FF5E (`，` to `,`, `Ａ` to `A`), the full-width
/// brackets `｟ ｠`, the half-width CJK punctuation U+FF61–U+FF65 (`｡` to `。`) and the
/// full-width signs U+FFE0–U+FFE6 but the macron (`￥` to `¥`). NFKC's other mappings
/// (half-width katakana and hangul, circled digits, ligatures, Kangxi radicals…) never occur in
/// the catalog's texts, and its full tables would add about 120 KB to the web module, a third of
/// its budget; a test checks every folding here against NFKC itself.
#[inline]
const fn fold(c: char) -> char {
    let code = c as u32;
    // Everything but the width forms (Chinese text above all) leaves at once.
    if code < 0xFF01 || code > 0xFFE6 {
        return c.to_ascii_lowercase();
    }
    let narrow = match code {
        0xFF01..=0xFF5E => code - 0xFEE0,
        0xFF5F => 0x2985,
        0xFF60 => 0x2986,
        0xFF61 => 0x3002,
        0xFF62 => 0x300C,
        0xFF63 => 0x300D,
        0xFF64 => 0x3001,
        0xFF65 => 0x30FB,
        0xFFE0 => 0xA2,
        0xFFE1 => 0xA3,
        0xFFE2 => 0xAC,
        0xFFE4 => 0xA6,
        0xFFE5 => 0xA5,
        0xFFE6 => 0x20A9,
        _ => code,
    };
    match char::from_u32(narrow) {
        Some(folded) => folded.to_ascii_lowercase(),
        None => c,
    }
}

/// The code points [`fold`] changes other than by case, for the test against NFKC.
#[cfg(test)]
const FOLDED: [core::ops::RangeInclusive<u32>; 3] =
    [0xFF01..=0xFF65, 0xFFE0..=0xFFE2, 0xFFE4..=0xFFE6];

/// Dropped at either end of a text.
const fn is_edge(c: char) -> bool {
    is_space(c) || is_punctuation(fold(c))
}

/// Unicode `White_Space` (what `char::is_whitespace` answers, in a `const fn`).
#[inline]
const fn is_space(c: char) -> bool {
    matches!(
        c as u32,
        0x09..=0x0D
            | 0x20
            | 0x85
            | 0xA0
            | 0x1680
            | 0x2000..=0x200A
            | 0x2028
            | 0x2029
            | 0x202F
            | 0x205F
            | 0x3000
    )
}

const fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c as u32,
            0xA1 | 0xA7
                | 0xAB
                | 0xB6
                | 0xB7
                | 0xBB
                | 0xBF
                | 0x2010..=0x2027
                | 0x2030..=0x205E
                | 0x3001..=0x3003
                | 0x2985
                | 0x2986
                | 0x3008..=0x3011
                | 0x3014..=0x301F
                | 0x3030
                | 0x303D
                | 0x30FB
                | 0xFE10..=0xFE19
                | 0xFE30..=0xFE6B
                | 0xFF5F..=0xFF65
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(text: &str) -> String {
        Normalized::new(text).collect()
    }

    #[test]
    fn normalization_drops_edges_collapses_space_and_folds_case_and_width() {
        assert_eq!(
            normalized("  The System is BUSY.\t\n Try later.  "),
            "the system is busy. try later"
        );
        assert_eq!(
            normalized("“The invitation link has expired”"),
            "the invitation link has expired"
        );
        assert_eq!(
            normalized("该客户已与其他伙伴关联。"),
            "该客户已与其他伙伴关联"
        );
        assert_eq!(
            normalized("【该客户\u{3000}\u{3000}已关联】！"),
            "该客户 已关联"
        );
        assert_eq!(normalized("Ａ（Ｂ），ｃ"), "a(b),c");
        assert_eq!(normalized("..."), "");
        assert_eq!(normalized(""), "");
        assert_eq!(normalized(" x "), "x");
    }

    #[test]
    fn folding_is_nfkc_where_it_folds() {
        use unicode_normalization::UnicodeNormalization;
        for c in FOLDED.into_iter().flatten().filter_map(char::from_u32) {
            let nfkc: String = std::iter::once(c).nfkc().collect();
            let folded = fold(c);
            assert_eq!(
                folded.to_string(),
                nfkc.to_ascii_lowercase(),
                "U+{:04X}",
                c as u32
            );
        }
        // The macron folds to a space and a combining mark under NFKC: left alone.
        assert_eq!(fold('\u{FFE3}'), '\u{FFE3}');
    }

    #[test]
    fn white_space_is_unicode_white_space() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_space(c), c.is_whitespace(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn decoding_agrees_with_std() {
        let text = "aé中𝄞。ｚ";
        let mut rest = text.as_bytes();
        let mut decoded = String::new();
        while let Some((c, after)) = decode(rest) {
            decoded.push(c);
            rest = after;
        }
        assert_eq!(decoded, text);
        let mut rest = text.as_bytes();
        let mut backwards = String::new();
        while let Some((c, before)) = decode_last(rest) {
            backwards.insert(0, c);
            rest = before;
        }
        assert_eq!(backwards, text);
    }

    #[test]
    fn hashes_agree_with_the_normalized_text() {
        let a = Normalized::new("  Hello,   World. ");
        let b = Normalized::new("hello, world");
        assert_eq!(a.hash(), b.hash());
        assert!(a.eq(b));
    }

    proptest::proptest! {
        #[test]
        fn normalizing_twice_changes_nothing(text in "\\PC{0,40}") {
            let once = normalized(&text);
            proptest::prop_assert_eq!(normalized(&once), once.clone());
            proptest::prop_assert_eq!(Normalized::new(&text).hash(), Normalized::new(&once).hash());
        }

        /// On the alphabet of platform messages (ASCII, CJK, the ideographic space and the
        /// width forms), normalizing a text and normalizing its NFKC form agree: the look-up
        /// matches as if both sides were NFKC.
        #[test]
        fn normalizing_agrees_with_nfkc_on_message_alphabets(
            text in "[ -~\u{3000}-\u{3003}\u{4E00}-\u{4E2F}\u{FF01}-\u{FF65}\u{FFE0}-\u{FFE2}\u{FFE4}-\u{FFE6}]{0,40}",
        ) {
            use unicode_normalization::UnicodeNormalization;
            let nfkc: String = text.nfkc().collect();
            proptest::prop_assert_eq!(normalized(&text), normalized(&nfkc));
        }

        #[test]
        fn a_table_answers_any_text_by_its_normalized_form(
            text in "(\\PC|\\s){0,60}|[ .]*(ALPHA|alpha)[ \t]+[Bb]eta[.。]?",
        ) {
            let expected = match normalized(&text).as_str() {
                "alpha beta" => Some(1),
                "gamma" => Some(2),
                _ => None,
            };
            proptest::prop_assert_eq!(find_loose(&LOOSE, &text), expected);
        }
    }

    const LOOSE: [Key<u8>; 2] = table([Key::loose("Alpha beta.", 1), Key::loose("Gamma", 2)]);

    const TABLE: [Key<u8>; 3] = table([
        Key::loose("Alpha beta.", 1),
        Key::loose("Gamma", 2),
        Key::exact("delta", 3),
    ]);

    #[test]
    fn tables_find_what_they_hold_and_nothing_else() {
        assert_eq!(find_loose(&TABLE, "ALPHA   BETA"), Some(1));
        assert_eq!(find_loose(&TABLE, "gamma!"), Some(2));
        assert_eq!(find_loose(&TABLE, "alphabeta"), None);
        assert_eq!(find_exact(&TABLE, "delta"), Some(3));
        assert_eq!(find_exact(&TABLE, "Delta"), None);
        assert!(TABLE.windows(2).all(|w| w[0].hash < w[1].hash));
    }
}
