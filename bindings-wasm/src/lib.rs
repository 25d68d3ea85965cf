//! WebAssembly bindings of partner-rules for web pages and Node.
//!
//! A thin shell over the core's JSON contract (docs/contract.md, "Requests"): requests and responses are plain
//! JavaScript objects (or JSON text); every decision is made by `partner_rules`. Errors are
//! thrown as JavaScript `Error`s carrying the core error's `code` and `path`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use js_sys::JsString;
use partner_rules::{write_json, JsonOut, PolicyTimeline, Sink};
use wasm_bindgen::prelude::*;

// The contract's types, generated from the JSON Schemas (tests/generate_types.py), and the
// declarations of every export, written so that `evaluate` is typed per op (wasm-bindgen's own
// would only say `any`).
#[wasm_bindgen(typescript_custom_section)]
const CONTRACT_TYPES: &str = include_str!("../types/contract.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const API_TYPES: &str = include_str!("../types/api.d.ts");

// Text crosses the boundary through these rather than as wasm-bindgen's `&str` and `String`:
// js/text.js says why (measured several times faster for this package's requests and answers).
#[wasm_bindgen(module = "/js/text.js")]
extern "C" {
    #[wasm_bindgen(js_name = encodeUtf8)]
    fn encode_utf8(text: &JsString, memory: &JsValue, ptr: u32, capacity: u32) -> u32;

    #[wasm_bindgen(js_name = decodeUtf16)]
    fn decode_utf16(memory: &JsValue, ptr: u32, units: u32) -> JsString;
}

#[wasm_bindgen]
extern "C" {
    // `JSON.parse` of a JavaScript string, which js-sys only offers for Rust text.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_json(text: &JsString) -> Result<JsValue, JsValue>;
}

// The web module's allocator (the `talc` feature: see Cargo.toml).
#[cfg(all(
    feature = "talc",
    target_family = "wasm",
    not(target_feature = "atomics")
))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

thread_local! {
    // The engine of the module-level functions: the default policy, and its own sink.
    static DEFAULT: Engine = Engine {
        inner: partner_rules::Engine::default(),
        sink: RefCell::default(),
    };
}

/// Evaluates a request object under the default policy (`intl-2024`, unless the request names
/// one) and returns the response as a plain object.
#[wasm_bindgen(skip_typescript)]
pub fn evaluate(request: JsValue) -> Result<JsValue, JsValue> {
    DEFAULT.with(|engine| engine.evaluate(request))
}

/// Evaluates a request given as JSON text and returns the response as JSON text.
#[wasm_bindgen(js_name = evaluateJson, skip_typescript)]
pub fn evaluate_json(request: JsValue) -> Result<JsString, JsValue> {
    DEFAULT.with(|engine| engine.evaluate_json(request))
}

/// The names of every op, in the order of the contract.
#[wasm_bindgen(skip_typescript)]
pub fn ops() -> Vec<String> {
    partner_rules::OPS.iter().map(|&op| op.to_owned()).collect()
}

/// Parse once, evaluate many: a policy held ready for any number of requests.
#[wasm_bindgen(skip_typescript)]
pub struct Engine {
    inner: partner_rules::Engine,
    /// Its answers' UTF-16, with the long static pieces kept from one answer to the next.
    sink: RefCell<Utf16Sink>,
}

#[wasm_bindgen]
impl Engine {
    /// An engine under `policy`: a preset name (`"cn"`), a policy object
    /// (`{preset: "cn", disassociation_max_per_side: 2}`), a timeline
    /// (`{timeline: [{from, policy}, ...]}`), or nothing for `intl-2024`.
    #[wasm_bindgen(constructor)]
    pub fn new(policy: JsValue) -> Result<Engine, JsValue> {
        let policies = if policy.is_undefined() {
            PolicyTimeline::default()
        } else {
            PolicyTimeline::from_json(&rust_text(&json_text(&policy)?)?)
                .map_err(|err| throwable(&err))?
        };
        Ok(Engine {
            inner: partner_rules::Engine::new(policies),
            sink: RefCell::default(),
        })
    }

    /// The policy (or timeline) requests are evaluated under, in full JSON form.
    #[wasm_bindgen(getter)]
    pub fn policy(&self) -> Result<JsValue, JsValue> {
        // Written by the answers' own writer, so that the module holds no second JSON writer.
        let units = self
            .sink
            .borrow_mut()
            .emit(self.inner.policies())
            .map_err(|err| {
                let message = format!("the policy cannot be written as JSON: {err}");
                throwable(&partner_rules::Error::invalid_input("$", message))
            })?;
        parse_json(&into_js(units))
    }

    /// Evaluates a request object; a request carrying its own `policy` uses that one instead.
    pub fn evaluate(&self, request: JsValue) -> Result<JsValue, JsValue> {
        parse_json(&self.answer(&rust_text(&json_text(&request)?)?)?)
    }

    /// Evaluates a request given as JSON text and returns JSON text.
    #[wasm_bindgen(js_name = evaluateJson)]
    pub fn evaluate_json(&self, request: JsValue) -> Result<JsString, JsValue> {
        let Some(request) = request.dyn_ref::<JsString>() else {
            return Err(throwable(&partner_rules::Error::invalid_input(
                "$",
                "expected the request as JSON text (a string); pass an object to `evaluate`",
            )));
        };
        self.answer(&rust_text(request)?)
    }
}

impl Engine {
    /// An answer evaluated straight into UTF-16, the JavaScript string it becomes.
    fn answer(&self, request: &str) -> Result<JsString, JsValue> {
        let mut sink = self.sink.borrow_mut();
        self.inner
            .evaluate_json_into(request, &mut *sink)
            .map(into_js)
            .map_err(|err| throwable(&err))
    }
}

thread_local! {
    // The module's memory, which the text helpers write into and read from.
    static MEMORY: JsValue = wasm_bindgen::memory();
}

/// A JavaScript string as Rust text.
fn rust_text(text: &JsString) -> Result<String, JsValue> {
    let too_long = || {
        throwable(&partner_rules::Error::invalid_input(
            "$",
            "the request is longer than this module can hold",
        ))
    };
    // At most three UTF-8 bytes per UTF-16 unit.
    let capacity = text.length().checked_mul(3).ok_or_else(too_long)?;
    let mut bytes = vec![0_u8; usize::try_from(capacity).map_err(|_| too_long())?];
    let written = MEMORY.with(|memory| encode_utf8(text, memory, address(&bytes), capacity));
    bytes.truncate(usize::try_from(written).unwrap_or(usize::MAX));
    // encodeInto writes well-formed UTF-8 (lone surrogates become U+FFFD), so this always holds.
    String::from_utf8(bytes)
        .map_err(|err| throwable(&partner_rules::Error::invalid_input("$", err.to_string())))
}

/// UTF-16 code units as a JavaScript string.
fn into_js(units: Vec<u16>) -> JsString {
    let count = u32::try_from(units.len()).unwrap_or(u32::MAX);
    MEMORY.with(|memory| decode_utf16(memory, address(&units), count))
}

/// Writes answers as UTF-16 code units: the core's JSON text, transcoded piece by piece as it
/// is written. The long static pieces are kept here once transcoded.
#[derive(Default)]
struct Utf16Sink {
    kept: Kept,
}

impl Sink for Utf16Sink {
    type Out = Vec<u16>;
    type Error = serde_json::Error;

    fn emit<T: serde::Serialize + ?Sized>(
        &mut self,
        answer: &T,
    ) -> Result<Vec<u16>, serde_json::Error> {
        let mut out = Utf16 {
            // Room for a pre-registration check with every reason, as the core reserves for text.
            units: Vec::with_capacity(4096),
            kept: &mut self.kept,
        };
        write_json(answer, &mut out)?;
        Ok(out.units)
    }
}

/// One answer's UTF-16, being written.
struct Utf16<'k> {
    units: Vec<u16>,
    kept: &'k mut Kept,
}

/// Pieces shorter than this (punctuation, field names, codes, instants) cost less to widen
/// again every time than to look up, and ASCII ones are widened without the setup of the
/// general conversion. Longer static pieces (every reason's message and suggested operation,
/// most of an answer) are transcoded once and then copied.
const SHORT_PIECE_BYTES: usize = 32;

/// A static piece's address and length.
type PieceKey = (usize, usize);

/// The UTF-16 of every long static piece met so far. The core hands over only text that is
/// part of the program (`&'static str`), so the same address always holds the same text and
/// the map stays as small as the program's own texts.
type Kept = HashMap<PieceKey, Box<[u16]>, BuildHasherDefault<PieceHasher>>;

impl JsonOut for Utf16<'_> {
    fn push_str(&mut self, text: &str) {
        if text.len() < SHORT_PIECE_BYTES && text.is_ascii() {
            self.units.extend(text.bytes().map(u16::from));
        } else {
            extend_utf16(&mut self.units, text);
        }
    }

    fn push_static(&mut self, text: &'static str) {
        if text.len() < SHORT_PIECE_BYTES {
            return self.push_str(text);
        }
        let units = self
            .kept
            .entry((text.as_ptr() as usize, text.len()))
            .or_insert_with(|| {
                let mut units = Vec::with_capacity(text.len());
                extend_utf16(&mut units, text);
                units.into_boxed_slice()
            });
        self.units.extend_from_slice(units);
    }
}

/// Hashes a [`PieceKey`]: two words, one multiply each (SipHash, the default, is built to
/// resist chosen keys, which addresses in the program are not).
#[derive(Default)]
struct PieceHasher(u64);

impl Hasher for PieceHasher {
    fn write(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&byte| self.write_u8(byte));
    }

    fn write_u8(&mut self, byte: u8) {
        self.write_usize(usize::from(byte));
    }

    fn write_usize(&mut self, word: usize) {
        const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;
        self.0 = (self.0.rotate_left(32) ^ word as u64).wrapping_mul(GOLDEN);
    }

    fn finish(&self) -> u64 {
        // hashbrown takes the bucket from the low bits and a tag from the top seven.
        self.0 ^ (self.0 >> 29)
    }
}

/// Appends `text.encode_utf16()` to `units`, five times faster on answers. Their ASCII runs
/// (most of the text) are found a word at a time and widened in one pass the compiler
/// vectorizes; the runs between them are mostly Chinese, three bytes a character, and are
/// found and decoded three bytes at a time, without the general decoder's branches.
fn extend_utf16(units: &mut Vec<u16>, text: &str) {
    let mut rest = text;
    while !rest.is_empty() {
        // Every cut below falls before an ASCII byte, a lead byte or the end: always
        // character boundaries.
        let Some((ascii, tail)) = rest.split_at_checked(ascii_prefix_len(rest.as_bytes())) else {
            break;
        };
        units.extend(ascii.bytes().map(u16::from));
        let Some((wide, tail)) = tail.split_at_checked(three_byte_prefix_len(tail.as_bytes()))
        else {
            break;
        };
        units.extend(wide.as_bytes().chunks_exact(3).map(|chunk| match *chunk {
            [lead, second, third] => {
                (u16::from(lead & 0x0F) << 12)
                    | (u16::from(second & 0x3F) << 6)
                    | u16::from(third & 0x3F)
            }
            _ => 0xFFFD,
        }));
        // Anything else (a two- or four-byte character) one at a time.
        let mut chars = tail.chars();
        match chars.next() {
            Some(c) if !c.is_ascii() => {
                units.extend_from_slice(c.encode_utf16(&mut [0; 2]));
                rest = chars.as_str();
            }
            _ => rest = tail,
        }
    }
}

/// How many bytes `bytes` starts with that are ASCII.
fn ascii_prefix_len(bytes: &[u8]) -> usize {
    const WORD: usize = 16;
    // The high bit of every byte: a word is ASCII when none is set.
    const HIGH_BITS: u128 = u128::from_ne_bytes([0x80; WORD]);
    let ascii_word = |word: &&[u8]| {
        <[u8; WORD]>::try_from(*word).is_ok_and(|word| u128::from_ne_bytes(word) & HIGH_BITS == 0)
    };
    let words = bytes.chunks_exact(WORD).take_while(ascii_word).count() * WORD;
    let tail = bytes.get(words..).unwrap_or_default();
    words + tail.iter().take_while(|b| b.is_ascii()).count()
}

/// How many bytes `bytes` (valid UTF-8 from a character boundary on) starts with that are
/// characters of three bytes: a lead byte every three bytes means exactly that.
fn three_byte_prefix_len(bytes: &[u8]) -> usize {
    let three_byte_lead = |chunk: &&[u8]| chunk.first().is_some_and(|lead| lead & 0xF0 == 0xE0);
    bytes.chunks_exact(3).take_while(three_byte_lead).count() * 3
}

/// Where `items` start in the module's memory (WebAssembly addresses are 32 bits wide).
fn address<T>(items: &[T]) -> u32 {
    u32::try_from(items.as_ptr() as usize).unwrap_or(0)
}

/// A JavaScript value as JSON text, by the rules of `JSON.stringify`: properties that are
/// `undefined` (or functions) are absent, dates become RFC 3339 text. Values it cannot write
/// (BigInts, cycles, a bare `undefined`) are invalid input at `$`.
///
/// Going through text rather than converting value by value (serde-wasm-bindgen) keeps one
/// deserializer per op in the module, the one `evaluateJson` needs: the module was a third
/// larger the other way, and no faster (the engines' JSON codecs are fast).
fn json_text(value: &JsValue) -> Result<JsString, JsValue> {
    let text = js_sys::JSON::stringify(value).map_err(|err| {
        let reason = err
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_default();
        throwable(&partner_rules::Error::invalid_input(
            "$",
            format!("expected JSON data, but JSON.stringify failed: {reason}"),
        ))
    })?;
    // JSON.stringify answers `undefined`, not text, for `undefined`, functions and symbols.
    JsValue::from(text).dyn_into::<JsString>().map_err(|_| {
        throwable(&partner_rules::Error::invalid_input(
            "$",
            "expected a JSON object with an `op` field",
        ))
    })
}

/// The core error as a thrown JavaScript `Error` with `code` and `path` properties.
fn throwable(err: &partner_rules::Error) -> JsValue {
    let error = js_sys::Error::new(err.message());
    error.set_name("PartnerRulesError");
    let object: &JsValue = error.as_ref();
    // Setting a property on a fresh, unfrozen Error cannot fail.
    let _ = js_sys::Reflect::set(object, &"code".into(), &err.code().as_str().into());
    let _ = js_sys::Reflect::set(object, &"path".into(), &err.path().into());
    error.into()
}

#[cfg(test)]
mod tests {
    use super::{extend_utf16, JsonOut, Kept, Utf16, Utf16Sink};
    use proptest::prelude::*;

    fn utf16(text: &str) -> Vec<u16> {
        let mut units = Vec::new();
        extend_utf16(&mut units, text);
        units
    }

    proptest! {
        #[test]
        fn utf16_agrees_with_the_standard_library_on_any_text(text in any::<String>()) {
            prop_assert_eq!(utf16(&text), text.encode_utf16().collect::<Vec<_>>());
        }

        // Mostly ASCII with a few wide characters, like answers: runs of every length around
        // the 16-byte words.
        #[test]
        fn utf16_agrees_on_answer_like_text(text in "([a-z\"{}:,]{0,40}[该客户😀é]{0,3}){0,8}") {
            prop_assert_eq!(utf16(&text), text.encode_utf16().collect::<Vec<_>>());
        }

        #[test]
        fn utf16_appends(before in ".{0,20}", text in ".{0,40}") {
            let mut units = utf16(&before);
            extend_utf16(&mut units, &text);
            prop_assert_eq!(units, format!("{before}{text}").encode_utf16().collect::<Vec<_>>());
        }
    }

    /// Answers written as UTF-16 are the UTF-16 of the core's JSON text, the first time (when
    /// the long static pieces are transcoded and kept) and every time after (when they are
    /// copied), for every op's vectors.
    #[test]
    fn answers_in_utf16_are_the_json_text() {
        let engine = partner_rules::Engine::default();
        let mut sink = Utf16Sink::default();
        let mut checked = 0;
        for (_, file) in partner_rules_conformance::load_all().expect("the shared vectors") {
            for vector in &file.vectors {
                let request = match (&vector.request_text, &vector.request) {
                    (Some(text), _) => text.clone(),
                    (None, Some(request)) => request.to_string(),
                    (None, None) => continue,
                };
                let Ok(text) = engine.evaluate_json(&request) else {
                    continue;
                };
                for _ in 0..2 {
                    let units = engine
                        .evaluate_json_into(&request, &mut sink)
                        .expect("the same answer");
                    assert_eq!(units, text.encode_utf16().collect::<Vec<_>>(), "{request}");
                }
                checked += 1;
            }
        }
        assert!(checked > 100, "only {checked} vectors answered");
    }

    #[test]
    fn long_static_pieces_are_kept_then_copied() {
        const LONG: &str = "该客户已被其他伙伴报备，在该报备过期前无法报备。 (a reason's message)";
        let mut kept = Kept::default();
        let mut out = Utf16 {
            units: Vec::new(),
            kept: &mut kept,
        };
        for piece in [LONG, "{", LONG] {
            out.push_static(piece);
        }
        assert_eq!(
            out.units,
            format!("{LONG}{{{LONG}").encode_utf16().collect::<Vec<_>>()
        );
        let key = (LONG.as_ptr() as usize, LONG.len());
        assert!(kept.contains_key(&key));
        assert!(!kept.keys().any(|&(_, len)| len == 1));
    }

    #[test]
    fn utf16_agrees_with_the_standard_library() {
        let answer =
            partner_rules::evaluate_json(include_str!("../bench/preregistration_check.json"));
        let samples = [
            "",
            "a",
            "é",
            "aé",
            "😀x",
            "该客户",
            "a😀",
            "0123456789abcdef0123456789abcdef😀0123456789abcdefé",
            "0123456789abcdef",
            "0123456789abcde该",
        ];
        for text in samples.iter().copied().chain(answer.as_deref().ok()) {
            assert_eq!(
                utf16(text),
                text.encode_utf16().collect::<Vec<_>>(),
                "{text}"
            );
        }
    }
}
