//! Python objects to JSON text and JSON text back to Python objects, without
//! `json.dumps`/`json.loads`.
//!
//! Requests accept what `json.dumps` accepts (dict or other mapping with str keys, list, tuple,
//! str, int, float, bool, None) plus aware `datetime` and `date`, which become RFC 3339 /
//! ISO 8601 text. Anything else is `invalid_input` at the JSON path of the offending value, so a
//! caller never sees a `TypeError` from inside the binding; whether a value has the right JSON
//! type for its field is the core's business, which reports it the same way.
//!
//! Both directions go through text, the core's fastest entry point: writing a dict as JSON text
//! costs a few appends to one buffer, where building a `serde_json::Value` costs an allocation
//! and a hashed insertion per field, and reading the answer text straight into Python objects
//! skips the `Value` answer the core would otherwise build and drop. Measured on a
//! pre-registration check, the text route took a third of the time of the `Value` route
//! (bindings-python/README.md). A dict is written in its own key order, as `json.dumps` writes
//! it, and answers keep the order of the core's text.

use std::cell::Cell;
use std::fmt::Write as _;

use partner_rules::Error;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple,
};
use serde::Serializer as _;

/// Nesting deeper than this is refused, as `serde_json` refuses it in text: it keeps a
/// self-containing list from recursing until the stack overflows.
const MAX_DEPTH: usize = 128;

/// One step of a JSON path, recorded only on the way out of a failed conversion.
enum Step {
    Key(String),
    Index(usize),
}

/// A conversion failure: the message and the steps from the offending value up to the root.
struct Failure {
    message: String,
    steps: Vec<Step>,
}

impl Failure {
    fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            steps: Vec::new(),
        }
    }

    fn under(mut self, step: Step) -> Failure {
        self.steps.push(step);
        self
    }

    /// The core's error, with the path spelled as the core spells it.
    fn into_error(self) -> Error {
        let mut path = String::from("$");
        for step in self.steps.iter().rev() {
            match step {
                Step::Key(key) => push_key(&mut path, key),
                Step::Index(index) => {
                    let _infallible = write!(path, "[{index}]");
                }
            }
        }
        Error::invalid_input(path, self.message)
    }
}

/// `.key` for identifier-like keys, `["key"]` otherwise, as in the core's error paths.
fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        path.push('.');
        path.push_str(key);
    } else {
        path.push('[');
        path.push_str(&serde_json::to_string(key).unwrap_or_default());
        path.push(']');
    }
}

/// Writes a Python request (or policy) as JSON text; errors are `invalid_input` with a path.
pub(crate) fn to_json_text(obj: &Bound<'_, PyAny>) -> Result<String, Error> {
    with_strings(|strings| to_json_text_with(strings, obj))
}

/// Writes a request as JSON text with the given string cache.
fn to_json_text_with(strings: &mut Strings, obj: &Bound<'_, PyAny>) -> Result<String, Error> {
    let mut out = Vec::with_capacity(512);
    Writer {
        strings,
        out: &mut out,
    }
    .write(obj, 0)
    .map_err(Failure::into_error)?;
    // Everything written is UTF-8 (str values are checked as they are read), so this never fails.
    String::from_utf8(out).map_err(|e| Error::invalid_input("$", e.to_string()))
}

/// Writes JSON text into `out`, spelling request strings from the cache.
struct Writer<'a> {
    strings: &'a mut Strings,
    out: &'a mut Vec<u8>,
}

impl Writer<'_> {
    fn write(&mut self, obj: &Bound<'_, PyAny>, depth: usize) -> Result<(), Failure> {
        if depth > MAX_DEPTH {
            return Err(Failure::new(format!(
                "expected at most {MAX_DEPTH} levels of nesting (is a list or dict inside itself?)"
            )));
        }
        if let Ok(text) = obj.cast::<PyString>() {
            return self.write_text(text);
        }
        if obj.is_none() {
            self.out.extend_from_slice(b"null");
            return Ok(());
        }
        // `bool` is a subclass of `int`: tested first.
        if let Ok(flag) = obj.cast::<PyBool>() {
            self.out
                .extend_from_slice(if flag.is_true() { b"true" } else { b"false" });
            return Ok(());
        }
        if obj.is_instance_of::<PyInt>() {
            return self.integer(obj);
        }
        if let Ok(float) = obj.cast::<PyFloat>() {
            let value = float.value();
            if !value.is_finite() {
                return Err(Failure::new(format!(
                    "expected a finite number, got `{value}`"
                )));
            }
            return self.serialized(|s| Ok(s.serialize_f64(value)?));
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            return self.object(dict.iter(), depth);
        }
        if let Ok(list) = obj.cast::<PyList>() {
            return self.array(list.iter(), depth);
        }
        if let Ok(tuple) = obj.cast::<PyTuple>() {
            return self.array(tuple.iter(), depth);
        }
        // `datetime` is a subclass of `date`: tested first.
        if obj.is_instance_of::<PyDateTime>() {
            return self.datetime(obj);
        }
        if obj.is_instance_of::<PyDate>() {
            return self.isoformat(obj);
        }
        if let Ok(mapping) = obj.cast::<PyMapping>() {
            // Any other `collections.abc.Mapping` (a MappingProxyType, a custom mapping...).
            let items = mapping
                .items()
                .map_err(|e| Failure::new(format!("the mapping's items() failed: {e}")))?;
            let pairs = items
                .iter()
                .map(|pair| pair.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| Failure::new(format!("the mapping's items() are not pairs: {e}")))?;
            return self.object(pairs.into_iter(), depth);
        }
        Err(Failure::new(format!(
            "expected a JSON value (dict, list, str, int, float, bool or None) or an aware \
         datetime, got `{}`",
            type_name(obj)
        )))
    }

    fn object<'py>(
        &mut self,
        pairs: impl Iterator<Item = (Bound<'py, PyAny>, Bound<'py, PyAny>)>,
        depth: usize,
    ) -> Result<(), Failure> {
        self.out.push(b'{');
        for (index, (key, item)) in pairs.enumerate() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(Failure::new(format!(
                    "expected a dict with str keys, got a key of type `{}`",
                    type_name(&key)
                )));
            };
            if index > 0 {
                self.out.push(b',');
            }
            self.write_text(key)?;
            self.out.push(b':');
            if let Err(failure) = self.write(&item, depth + 1) {
                let key = text_of(key)?.into_owned();
                return Err(failure.under(Step::Key(key)));
            }
        }
        self.out.push(b'}');
        Ok(())
    }

    fn array<'py>(
        &mut self,
        items: impl Iterator<Item = Bound<'py, PyAny>>,
        depth: usize,
    ) -> Result<(), Failure> {
        self.out.push(b'[');
        for (index, item) in items.enumerate() {
            if index > 0 {
                self.out.push(b',');
            }
            self.write(&item, depth + 1)
                .map_err(|f| f.under(Step::Index(index)))?;
        }
        self.out.push(b']');
        Ok(())
    }

    fn integer(&mut self, obj: &Bound<'_, PyAny>) -> Result<(), Failure> {
        if let Ok(n) = obj.extract::<i64>() {
            return self.serialized(|s| Ok(s.serialize_i64(n)?));
        }
        if let Ok(n) = obj.extract::<u64>() {
            return self.serialized(|s| Ok(s.serialize_u64(n)?));
        }
        Err(Failure::new(format!(
            "expected an integer that fits in 64 bits, got `{}`",
            shown(obj)
        )))
    }

    /// An aware datetime becomes RFC 3339 text in its own offset; a naive one names no instant.
    fn datetime(&mut self, obj: &Bound<'_, PyAny>) -> Result<(), Failure> {
        let offset = obj
            .call_method0("utcoffset")
            .map_err(|e| Failure::new(format!("the datetime's tzinfo failed: {e}")))?;
        if offset.is_none() {
            return Err(Failure::new(format!(
            "expected an aware datetime (with a tzinfo, such as `timezone.utc`), got the naive \
             datetime `{}`",
            shown(obj)
        )));
        }
        self.isoformat(obj)
    }

    fn isoformat(&mut self, obj: &Bound<'_, PyAny>) -> Result<(), Failure> {
        let text = obj
            .call_method0("isoformat")
            .and_then(|text| text.extract::<String>())
            .map_err(|e| {
                Failure::new(format!("the value could not be written as ISO 8601: {e}"))
            })?;
        self.serialized(|s| Ok(s.serialize_str(&text)?))
    }

    /// A str as a JSON string, its spelling reused when the same str object was written lately.
    fn write_text(&mut self, text: &Bound<'_, PyString>) -> Result<(), Failure> {
        if let Some(spelled) = self.strings.spelled(text) {
            self.out.extend_from_slice(spelled);
            return Ok(());
        }
        let start = self.out.len();
        self.serialized(|s| Ok(s.serialize_str(&text_of(text)?)?))?;
        let spelled = self.out.get(start..).unwrap_or_default();
        self.strings.remember_spelled(text, spelled);
        Ok(())
    }

    /// Appends what `write` makes serde_json's serializer write: scalars are spelled exactly as the
    /// core's own JSON spells them.
    fn serialized(
        &mut self,
        write: impl FnOnce(&mut serde_json::Serializer<&mut Vec<u8>>) -> Result<(), Failure>,
    ) -> Result<(), Failure> {
        write(&mut serde_json::Serializer::new(&mut *self.out))
    }
}

impl From<serde_json::Error> for Failure {
    // Writing to a `Vec` does not fail; the error is kept rather than unwrapped all the same.
    fn from(err: serde_json::Error) -> Failure {
        Failure::new(err.to_string())
    }
}

fn text_of<'a>(text: &'a Bound<'_, PyString>) -> Result<std::borrow::Cow<'a, str>, Failure> {
    text.to_cow()
        .map_err(|_| Failure::new("expected text that is valid UTF-8 (no lone surrogates)"))
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// `str(obj)`, cut short: a value quoted back in a message should not be a megabyte.
fn shown(obj: &Bound<'_, PyAny>) -> String {
    const LIMIT: usize = 64;
    let text = obj.str().map(|s| s.to_string()).unwrap_or_default();
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
        None => text,
    }
}

thread_local! {
    static STRINGS: Cell<Option<Box<Strings>>> = const { Cell::new(None) };
}

/// Lends this thread's string cache to `f`. The cache is taken out while lent, so a call that
/// re-enters the binding meanwhile (a finalizer run by the garbage collector) gets a fresh one
/// instead of a conflicting borrow.
pub(crate) fn with_strings<R>(f: impl FnOnce(&mut Strings) -> R) -> R {
    let mut cache = STRINGS
        .with(Cell::take)
        .unwrap_or_else(|| Box::new(Strings::new()));
    let out = f(&mut cache);
    STRINGS.with(|slot| slot.set(Some(cache)));
    out
}

/// Python strs of answers, created once and reused.
///
/// Keys are the field names of the core's answers, a small set repeated in every answer; texts
/// are mostly the reasons' codes and English and Chinese messages, the same few dozen in every
/// batch. Reusing them spares creating (and decoding) them again, lets a batch's answers share
/// them in memory (fewer pages to fault in: measured, a tenth of a batch), and a reused key has
/// its hash computed already. Each is a small direct-mapped table:
/// a string that collides replaces the older one, so strings a caller's own data brings (ids,
/// `export.mask` records) cannot make it grow.
///
/// Requests go the other way: `spellings` holds the JSON spelling of str objects lately written,
/// found by identity. The keys of request dicts are mostly the same objects call after call
/// (literals are interned, `json.load` shares the keys of one document), and so are values
/// copied from one template; a hit spares encoding the str to UTF-8 (a new bytes object under
/// the stable ABI of Python 3.9) and escaping it. An entry holds a reference to its str, so
/// its address cannot be reused by another object while it is cached.
pub(crate) struct Strings {
    keys: Vec<Option<(String, Py<PyString>)>>,
    texts: Vec<Option<(String, Py<PyString>)>>,
    spellings: Vec<Option<Spelling>>,
}

/// A str of a request and its JSON spelling, quotes and escapes included, held in place: a
/// batch of requests that share no strs replaces entries all the time, without allocating.
struct Spelling {
    text: Py<PyString>,
    len: usize,
    bytes: [u8; SPELLING_MAX_BYTES],
}

const KEY_SLOTS: usize = 256;
const TEXT_SLOTS: usize = 512;
const SPELLING_SLOTS: usize = 256;
/// Longer strs are rare in requests and would make the cache hold on to a lot of memory.
const SPELLING_MAX_BYTES: usize = 64;

/// The slot of a str object, from its address (Fibonacci hashing: objects are 16-byte aligned).
fn spelling_slot(text: &Bound<'_, PyString>) -> usize {
    let address = text.as_ptr() as usize as u64;
    let hash = address.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56;
    usize::try_from(hash).unwrap_or(0) % SPELLING_SLOTS
}

impl Strings {
    fn new() -> Strings {
        Strings {
            keys: (0..KEY_SLOTS).map(|_| None).collect(),
            texts: (0..TEXT_SLOTS).map(|_| None).collect(),
            spellings: (0..SPELLING_SLOTS).map(|_| None).collect(),
        }
    }

    /// The JSON spelling of `text` if this very str object was written lately.
    fn spelled(&self, text: &Bound<'_, PyString>) -> Option<&[u8]> {
        match self.spellings.get(spelling_slot(text)) {
            Some(Some(cached)) if cached.text.is(text) => cached.bytes.get(..cached.len),
            _ => None,
        }
    }

    fn remember_spelled(&mut self, text: &Bound<'_, PyString>, spelled: &[u8]) {
        let mut bytes = [0; SPELLING_MAX_BYTES];
        let (Some(place), Some(slot)) = (
            bytes.get_mut(..spelled.len()),
            self.spellings.get_mut(spelling_slot(text)),
        ) else {
            return;
        };
        place.copy_from_slice(spelled);
        *slot = Some(Spelling {
            text: text.clone().unbind(),
            len: spelled.len(),
            bytes,
        });
    }

    pub(crate) fn key<'py>(&mut self, py: Python<'py>, key: &str) -> Bound<'py, PyString> {
        reuse(&mut self.keys, py, key, |py, key| PyString::intern(py, key))
    }

    pub(crate) fn text<'py>(&mut self, py: Python<'py>, text: &str) -> Bound<'py, PyString> {
        reuse(&mut self.texts, py, text, PyString::new)
    }
}

fn reuse<'py>(
    slots: &mut [Option<(String, Py<PyString>)>],
    py: Python<'py>,
    text: &str,
    create: impl FnOnce(Python<'py>, &str) -> Bound<'py, PyString>,
) -> Bound<'py, PyString> {
    let index = usize::try_from(sample_hash(text) % slots.len().max(1) as u64).unwrap_or(0);
    let Some(slot) = slots.get_mut(index) else {
        return create(py, text);
    };
    if let Some((cached_text, cached)) = slot {
        if cached_text == text {
            return cached.bind(py).clone();
        }
    }
    let fresh = create(py, text);
    *slot = Some((text.to_owned(), fresh.clone().unbind()));
    fresh
}

/// FNV-1a over the length and at most the first and the last 16 bytes: the slot only needs to
/// spread strings (a hit compares the whole text), and long messages should not cost a pass.
fn sample_hash(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let head = bytes.get(..16).unwrap_or(bytes);
    let tail = bytes.get(bytes.len().saturating_sub(16)..).unwrap_or(bytes);
    let step = |h: u64, b: &u8| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    let seed = (0xcbf2_9ce4_8422_2325_u64 ^ bytes.len() as u64).wrapping_mul(0x0100_0000_01b3);
    tail.iter().fold(head.iter().fold(seed, step), step)
}
