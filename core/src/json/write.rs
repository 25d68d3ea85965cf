//! Compact JSON text for answers, byte for byte what `serde_json::to_string` writes, faster.
//!
//! Answers are mostly our own fixed texts (every reason's English and Chinese message and
//! suggested operation): about 4 KB for a pre-registration check with every reason. serde_json
//! checks each byte of a string for characters to escape one at a time, which measured ~70 % of
//! `evaluate_json`. Here a string is first checked as a whole by a branch-free pass the compiler
//! vectorizes, and copied in one piece when, as nearly always, nothing needs escaping.
//! Everything else (structure, numbers, escapes) follows serde_json exactly; the tests compare
//! the two on arbitrary values.

use std::fmt::Write as _;

use serde::ser::{self, Error as _, Impossible, Serialize};

type Error = serde_json::Error;

/// Marks a newtype name that carries the value's JSON text.
const PREBUILT: &str = "$partner_rules::json:";

/// A value whose JSON text was written once, ahead of time (every reason's message and
/// suggested operation: fixed texts, about two thirds of a typical answer).
///
/// It serializes as a newtype struct whose *name* carries the text after [`PREBUILT`]: this
/// writer copies the text in one piece; every other serializer (serde_json's, the bindings')
/// treats a newtype struct as its value and serializes `value` as usual. The tests check, for
/// every code, that both give the same JSON.
///
/// Without the `fast-path` feature the texts are not made (the size-tuned web module) and
/// `value` is written as usual: the same JSON, a little slower.
pub(crate) struct Prebuilt<T> {
    #[cfg(feature = "fast-path")]
    json: &'static str,
    value: T,
}

impl<T: Serialize> Prebuilt<T> {
    /// `json()` gives [`PREBUILT`] followed by the JSON text of `value`, built once by
    /// [`prebuilt`] and kept for the life of the program.
    pub(crate) fn new(
        #[allow(unused_variables)] json: impl FnOnce() -> &'static str,
        value: T,
    ) -> Self {
        Prebuilt {
            #[cfg(feature = "fast-path")]
            json: json(),
            value,
        }
    }
}

/// The texts of `values` as [`Prebuilt`] names, made once: the first answer that needs them
/// writes them with serde_json (so they are exactly its JSON), and they live as long as the
/// program, as the writer's hosts expect of static text.
pub(crate) fn prebuilt<T: Serialize>(values: impl Iterator<Item = T>) -> Box<[&'static str]> {
    values
        .map(|value| {
            let json = serde_json::to_string(&value).unwrap_or_default();
            &*Box::leak(format!("{PREBUILT}{json}").into_boxed_str())
        })
        .collect()
}

impl<T: Serialize> Serialize for Prebuilt<T> {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[cfg(feature = "fast-path")]
        return s.serialize_newtype_struct(self.json, &self.value);
        #[cfg(not(feature = "fast-path"))]
        self.value.serialize(s)
    }
}

/// Where [`write_json`] puts compact JSON text: UTF-8 pieces, in order.
///
/// `String` is the usual one. A host whose strings are not UTF-8 implements it to transcode as
/// the text is written, in one pass: the WebAssembly binding writes UTF-16, JavaScript's own
/// string form, this way.
pub trait JsonOut {
    /// Appends `text`.
    fn push_str(&mut self, text: &str);

    /// Appends `text`, a piece of the answer that is part of the program: punctuation, field
    /// names and, most of an answer's length, every reason's message and suggested operation.
    /// The same address always holds the same text, so a host that transcodes can keep the
    /// result by address and copy it next time.
    fn push_static(&mut self, text: &'static str) {
        self.push_str(text);
    }
}

impl JsonOut for String {
    fn push_str(&mut self, text: &str) {
        String::push_str(self, text);
    }
}

/// Writes `value` as compact JSON text into `out`: byte for byte what `serde_json::to_string`
/// writes.
///
/// ```
/// use partner_rules::write_json;
///
/// let mut out = String::new();
/// write_json(&serde_json::json!({"outcome": "allowed", "reasons": []}), &mut out).unwrap();
/// assert_eq!(out, r#"{"outcome":"allowed","reasons":[]}"#);
/// ```
///
/// # Errors
///
/// What `serde_json` refuses too: a map key that is not a string, a number or a boolean, or a
/// value whose own serialization fails.
pub fn write_json<T: Serialize + ?Sized, O: JsonOut + ?Sized>(
    value: &T,
    out: &mut O,
) -> Result<(), Error> {
    value.serialize(Writer { out })
}

/// Room reserved for an answer. Most answers are a few hundred bytes; a buffer of 1 KB comes
/// from and returns to glibc's per-thread cache (up to 1,032 bytes), where one of 4 KB went
/// through the general bins (an eighth of a small request's time, in `_int_malloc`,
/// `_int_free` and `unlink_chunk`). The few long answers (a pre-registration check with every
/// reason takes about 4 KB) grow by doubling, which measured the same as reserving 4 KB.
const ANSWER_CAPACITY: usize = 1024;

/// Writes `value` as compact JSON text.
pub(crate) fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = String::with_capacity(ANSWER_CAPACITY);
    write_json(value, &mut out)?;
    Ok(out)
}

struct Writer<'o, O: ?Sized> {
    out: &'o mut O,
}

/// Whether any byte needs an escape in a JSON string: a control character, `"` or `\`.
/// Blocks of 32 bytes are checked without early exit inside a block, which compiles to SIMD
/// compares; the rest (most strings are short: codes, instants) eight bytes at a time, then
/// byte by byte.
fn needs_escape(bytes: &[u8]) -> bool {
    let mut blocks = bytes.chunks_exact(32);
    if blocks.any(|block| {
        block
            .iter()
            .fold(0u8, |found, &b| found | u8::from(escaped(b)))
            != 0
    }) {
        return true;
    }
    let mut words = blocks.remainder().chunks_exact(8);
    if words.any(|word| {
        <[u8; 8]>::try_from(word).is_ok_and(|word| word_needs_escape(u64::from_le_bytes(word)))
    }) {
        return true;
    }
    words.remainder().iter().any(|&b| escaped(b))
}

/// Whether JSON escapes `byte` in a string.
fn escaped(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// The eight-byte check ("has a byte less than n" and "has a zero byte" bit tricks): exact for
/// whether any byte matches, which is all that is asked.
fn word_needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    (control
        | has_zero(word ^ (ONES * u64::from(b'"')))
        | has_zero(word ^ (ONES * u64::from(b'\\'))))
        != 0
}

fn push_string<O: JsonOut + ?Sized>(out: &mut O, text: &str) {
    out.push_static("\"");
    if needs_escape(text.as_bytes()) {
        push_escaped(out, text);
    } else {
        out.push_str(text);
    }
    out.push_static("\"");
}

/// A string of the program's own (a variant name): the same text as [`push_string`], marked
/// as static for the hosts that keep transcoded pieces.
fn push_static_string<O: JsonOut + ?Sized>(out: &mut O, text: &'static str) {
    if needs_escape(text.as_bytes()) {
        push_string(out, text);
    } else {
        out.push_static("\"");
        out.push_static(text);
        out.push_static("\"");
    }
}

/// The runs between escapes in one piece each, the escapes as serde_json spells them.
fn push_escaped<O: JsonOut + ?Sized>(out: &mut O, text: &str) {
    let mut rest = text;
    // Every escaped byte is ASCII, so the cuts fall on character boundaries.
    while let Some(at) = rest.bytes().position(escaped) {
        let (Some(run), Some(&byte), Some(tail)) =
            (rest.get(..at), rest.as_bytes().get(at), rest.get(at + 1..))
        else {
            break;
        };
        out.push_str(run);
        match byte {
            b'"' => out.push_static("\\\""),
            b'\\' => out.push_static("\\\\"),
            b'\n' => out.push_static("\\n"),
            b'\r' => out.push_static("\\r"),
            b'\t' => out.push_static("\\t"),
            0x08 => out.push_static("\\b"),
            0x0C => out.push_static("\\f"),
            control => push_display(out, format_args!("\\u{control:04x}")),
        }
        rest = tail;
    }
    out.push_str(rest);
}

/// Numbers and other `Display` values, written without an intermediate `String`.
fn push_display<O: JsonOut + ?Sized>(out: &mut O, value: impl std::fmt::Display) {
    struct Adapter<'a, O: ?Sized>(&'a mut O);
    impl<O: JsonOut + ?Sized> std::fmt::Write for Adapter<'_, O> {
        fn write_str(&mut self, text: &str) -> std::fmt::Result {
            self.0.push_str(text);
            Ok(())
        }
    }
    let _ = write!(Adapter(out), "{value}");
}

/// Arrays and objects: whether the next element is the first.
struct Compound<'a, O: ?Sized> {
    out: &'a mut O,
    first: bool,
}

impl<O: JsonOut + ?Sized> Compound<'_, O> {
    fn separate(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.out.push_static(",");
        }
    }

    /// A struct's field name: part of the program, and escaped like any other string.
    fn field(&mut self, key: &'static str) {
        self.separate();
        // Names are short: a plain scan beats the block check's setup.
        if key.bytes().any(escaped) {
            push_string(&mut *self.out, key);
            self.out.push_static(":");
        } else {
            self.out.push_static("\"");
            self.out.push_static(key);
            self.out.push_static("\":");
        }
    }
}

impl<'a, O: JsonOut + ?Sized> ser::Serializer for Writer<'a, O> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, O>;
    type SerializeTuple = Compound<'a, O>;
    type SerializeTupleStruct = Compound<'a, O>;
    type SerializeTupleVariant = Compound<'a, O>;
    type SerializeMap = Compound<'a, O>;
    type SerializeStruct = Compound<'a, O>;
    type SerializeStructVariant = Compound<'a, O>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_static(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        push_display(self.out, v);
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        push_display(self.out, v);
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        push_display(self.out, v);
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        push_display(self.out, v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        push_display(self.out, v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        push_display(self.out, v);
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        push_display(self.out, v);
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        push_display(self.out, v);
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        push_display(self.out, v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        push_display(self.out, v);
        Ok(())
    }
    // Floats are rare in answers; serde_json's own formatting (shortest round trip, `null` for
    // non-finite values) is reused rather than imitated.
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.out.push_str(&serde_json::to_string(&v)?);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.out.push_str(&serde_json::to_string(&v)?);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        push_string(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        push_string(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for byte in v {
            ser::SerializeSeq::serialize_element(&mut seq, byte)?;
        }
        ser::SerializeSeq::end(seq)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.out.push_static("null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_static("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        push_static_string(self.out, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        match name.strip_prefix(PREBUILT) {
            Some(json) => {
                self.out.push_static(json);
                Ok(())
            }
            None => value.serialize(self),
        }
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.out.push_static("{");
        push_static_string(self.out, variant);
        self.out.push_static(":");
        value.serialize(Writer {
            out: &mut *self.out,
        })?;
        self.out.push_static("}");
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, O>, Error> {
        self.out.push_static("[");
        Ok(Compound {
            out: self.out,
            first: true,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, O>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a, O>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, O>, Error> {
        self.out.push_static("{");
        push_static_string(self.out, variant);
        self.out.push_static(":");
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, O>, Error> {
        self.out.push_static("{");
        Ok(Compound {
            out: self.out,
            first: true,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, O>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, O>, Error> {
        self.out.push_static("{");
        push_static_string(self.out, variant);
        self.out.push_static(":");
        self.serialize_map(Some(len))
    }
}

impl<O: JsonOut + ?Sized> ser::SerializeSeq for Compound<'_, O> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.separate();
        value.serialize(Writer {
            out: &mut *self.out,
        })
    }
    fn end(self) -> Result<(), Error> {
        self.out.push_static("]");
        Ok(())
    }
}

impl<O: JsonOut + ?Sized> ser::SerializeTuple for Compound<'_, O> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl<O: JsonOut + ?Sized> ser::SerializeTupleStruct for Compound<'_, O> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl<O: JsonOut + ?Sized> ser::SerializeTupleVariant for Compound<'_, O> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        self.out.push_static("]}");
        Ok(())
    }
}

impl<O: JsonOut + ?Sized> ser::SerializeMap for Compound<'_, O> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.separate();
        key.serialize(KeyWriter {
            out: &mut *self.out,
        })?;
        self.out.push_static(":");
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(Writer {
            out: &mut *self.out,
        })
    }
    fn end(self) -> Result<(), Error> {
        self.out.push_static("}");
        Ok(())
    }
}

impl<O: JsonOut + ?Sized> ser::SerializeStruct for Compound<'_, O> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key);
        value.serialize(Writer {
            out: &mut *self.out,
        })
    }
    fn end(self) -> Result<(), Error> {
        ser::SerializeMap::end(self)
    }
}

impl<O: JsonOut + ?Sized> ser::SerializeStructVariant for Compound<'_, O> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.out.push_static("}}");
        Ok(())
    }
}

/// Object keys: strings, and what serde_json also writes as strings (characters, integers,
/// booleans, unit variants, newtypes of those).
struct KeyWriter<'a, O: ?Sized> {
    out: &'a mut O,
}

fn key_must_be_a_string() -> Error {
    Error::custom("key must be a string")
}

impl<O: JsonOut + ?Sized> KeyWriter<'_, O> {
    fn quoted(self, value: impl std::fmt::Display) -> Result<(), Error> {
        self.out.push_static("\"");
        push_display(&mut *self.out, value);
        self.out.push_static("\"");
        Ok(())
    }
}

impl<O: JsonOut + ?Sized> ser::Serializer for KeyWriter<'_, O> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        push_string(self.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        push_string(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_f32(self, _v: f32) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_f64(self, _v: f64) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    fn same_as_serde_json<T: Serialize + ?Sized>(value: &T) {
        assert_eq!(
            to_string(value).map_err(|e| e.to_string()),
            serde_json::to_string(value).map_err(|e| e.to_string())
        );
    }

    fn any_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            any::<String>().prop_map(Value::from),
            "[\"\\\\\\n\\t\\u{0}-\\u{1f}a-z报备]{0,12}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn writes_what_serde_json_writes(value in any_value()) {
            same_as_serde_json(&value);
        }

        #[test]
        fn the_escape_check_is_exact(bytes in prop::collection::vec(any::<u8>(), 0..100)) {
            let expected = bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            prop_assert_eq!(needs_escape(&bytes), expected);
        }

        #[test]
        fn escapes_every_string_like_serde_json(text in any::<String>()) {
            same_as_serde_json(&text);
            prop_assert_eq!(needs_escape(text.as_bytes()), serde_json::to_string(&text).map(|t| t.len() != text.len() + 2).unwrap_or(true));
        }
    }

    /// Records each piece and whether it came as static.
    #[derive(Default)]
    struct Pieces(Vec<(bool, String)>);

    impl JsonOut for Pieces {
        fn push_str(&mut self, text: &str) {
            self.0.push((false, text.to_owned()));
        }
        fn push_static(&mut self, text: &'static str) {
            self.0.push((true, text.to_owned()));
        }
    }

    #[test]
    fn pieces_make_the_text_and_fixed_texts_come_as_static() {
        use crate::reason::{Reason, Rule};
        let reasons: Vec<Reason> = Rule::ALL.iter().map(|rule| Reason::new(*rule)).collect();
        let mut pieces = Pieces::default();
        write_json(&reasons, &mut pieces).unwrap();
        let text: String = pieces.0.iter().map(|(_, piece)| piece.as_str()).collect();
        assert_eq!(text, serde_json::to_string(&reasons).unwrap());
        for rule in Rule::ALL {
            let zh = rule.message().zh;
            // With the prebuilt texts, every message is handed over as part of the
            // program, never as passing text: hosts that transcode keep static pieces by
            // address (without them, messages are written from their values, as strings).
            assert!(
                !cfg!(feature = "fast-path")
                    || pieces
                        .0
                        .iter()
                        .all(|(fixed, piece)| *fixed || !piece.contains(zh)),
                "{zh}"
            );
            assert!(pieces.0.iter().any(|(_, piece)| piece.contains(zh)), "{zh}");
        }
    }

    #[test]
    fn prebuilt_texts_are_what_serialization_gives() {
        use crate::reason::{Operation, Reason, Rule};
        use crate::Cause;
        for op in Operation::ALL {
            same_as_serde_json(op);
        }
        for rule in Rule::ALL {
            same_as_serde_json(&Reason::new(*rule));
        }
        for cause in Cause::ALL {
            same_as_serde_json(&Reason::new(*cause));
        }
        let marked = Prebuilt::new(|| "$partner_rules::json:[1]", "one");
        assert_eq!(serde_json::to_string(&marked).unwrap(), r#""one""#);
        // The marker makes this writer copy the text, where serde_json writes the value; without
        // `fast-path` the text is dropped and both write the value.
        let copied = if cfg!(feature = "fast-path") {
            "[1]"
        } else {
            r#""one""#
        };
        assert_eq!(to_string(&marked).unwrap(), copied);
        let unmarked = Prebuilt::new(|| "[1]", "one");
        assert_eq!(to_string(&unmarked).unwrap(), r#""one""#);
    }

    #[derive(serde::Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(u8, char),
        Struct { a: Option<u8>, b: () },
    }

    #[derive(serde::Serialize)]
    struct Flattened {
        policy: &'static str,
        #[serde(flatten)]
        body: BTreeMap<String, Shape>,
    }

    #[derive(serde::Serialize)]
    enum Odd {
        #[serde(rename = "say \"hi\"\n")]
        Quoted,
    }

    #[derive(serde::Serialize)]
    struct OddNames {
        #[serde(rename = "a\\b\u{1}")]
        field: Odd,
    }

    #[test]
    fn names_are_escaped_like_any_string() {
        same_as_serde_json(&OddNames { field: Odd::Quoted });
        assert_eq!(
            to_string(&OddNames { field: Odd::Quoted }).unwrap(),
            r#"{"a\\b\u0001":"say \"hi\"\n"}"#
        );
    }

    #[test]
    fn every_serde_shape_matches() {
        same_as_serde_json(&[Shape::Unit, Shape::Newtype(7), Shape::Tuple(1, '"')]);
        same_as_serde_json(&Shape::Struct { a: None, b: () });
        same_as_serde_json(&Shape::Struct { a: Some(3), b: () });
        same_as_serde_json(&(1u8, -2i32, 3.5f32, f64::NAN, 'x', b"by".as_slice()));
        same_as_serde_json(&Flattened {
            policy: "cn",
            body: [("k".to_owned(), Shape::Newtype(1))].into_iter().collect(),
        });
        let numeric_keys: BTreeMap<i32, bool> = [(-1, true), (2, false)].into_iter().collect();
        same_as_serde_json(&numeric_keys);
        let char_keys: BTreeMap<char, u8> = [('a', 1)].into_iter().collect();
        same_as_serde_json(&char_keys);
        let bad_keys: BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into_iter().collect();
        assert!(to_string(&bad_keys).is_err());
        same_as_serde_json(&json!({"a": [1, {"b": null}], "c": "\u{7f}\u{1}"}));
    }
}
