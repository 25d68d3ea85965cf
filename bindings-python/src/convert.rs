//! Python objects to `serde_json::Value` and back, without `json.dumps`/`json.loads`.
//!
//! Requests accept what `json.dumps` accepts (dict or other mapping with str keys, list, tuple,
//! str, int, float, bool, None) plus aware `datetime` and `date`, which become RFC 3339 /
//! ISO 8601 text. Anything else is `invalid_input` at the JSON path of the offending value, so a
//! caller never sees a `TypeError` from inside the binding; whether a value has the right JSON
//! type for its field is the core's business, which reports it the same way.
//!
//! Going through `Value` rather than JSON text measured about a fifth fewer instructions per
//! call: the core then neither parses text twice nor writes it, and nothing is parsed back.
//! The workspace's `serde_json` keeps object keys in order (`preserve_order`), so a dict is read
//! in its own order, as its JSON text would be, and answers keep the field order of the Rust
//! structs.

use std::cell::Cell;
use std::fmt::Write as _;

use partner_rules::Error;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple,
};
use serde_json::{Map, Number, Value};

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
        path.push_str(&Value::String(key.to_owned()).to_string());
        path.push(']');
    }
}

/// Converts a Python request (or policy); errors are `invalid_input` with a path.
pub(crate) fn to_value(obj: &Bound<'_, PyAny>) -> Result<Value, Error> {
    convert(obj, 0).map_err(Failure::into_error)
}

fn convert(obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, Failure> {
    if depth > MAX_DEPTH {
        return Err(Failure::new(format!(
            "expected at most {MAX_DEPTH} levels of nesting (is a list or dict inside itself?)"
        )));
    }
    if let Ok(text) = obj.cast::<PyString>() {
        return text_of(text).map(Value::String);
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // `bool` is a subclass of `int`: tested first.
    if let Ok(flag) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(flag.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        return integer(obj);
    }
    if let Ok(float) = obj.cast::<PyFloat>() {
        let value = float.value();
        return Number::from_f64(value)
            .map(Value::Number)
            .ok_or_else(|| Failure::new(format!("expected a finite number, got `{value}`")));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        return object(dict.iter(), dict.len(), depth);
    }
    if let Ok(list) = obj.cast::<PyList>() {
        return array(list.iter(), list.len(), depth);
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return array(tuple.iter(), tuple.len(), depth);
    }
    // `datetime` is a subclass of `date`: tested first.
    if obj.is_instance_of::<PyDateTime>() {
        return datetime(obj);
    }
    if obj.is_instance_of::<PyDate>() {
        return isoformat(obj);
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
        let len = pairs.len();
        return object(pairs.into_iter(), len, depth);
    }
    Err(Failure::new(format!(
        "expected a JSON value (dict, list, str, int, float, bool or None) or an aware \
         datetime, got `{}`",
        type_name(obj)
    )))
}

fn object<'py>(
    pairs: impl Iterator<Item = (Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    len: usize,
    depth: usize,
) -> Result<Value, Failure> {
    let mut map = Map::with_capacity(len);
    for (key, item) in pairs {
        let Ok(key) = key.cast::<PyString>() else {
            return Err(Failure::new(format!(
                "expected a dict with str keys, got a key of type `{}`",
                type_name(&key)
            )));
        };
        let key = text_of(key)?;
        match convert(&item, depth + 1) {
            Ok(value) => {
                map.insert(key, value);
            }
            Err(failure) => return Err(failure.under(Step::Key(key))),
        }
    }
    Ok(Value::Object(map))
}

fn array<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    len: usize,
    depth: usize,
) -> Result<Value, Failure> {
    let mut out = Vec::with_capacity(len);
    for (index, item) in items.enumerate() {
        out.push(convert(&item, depth + 1).map_err(|f| f.under(Step::Index(index)))?);
    }
    Ok(Value::Array(out))
}

fn integer(obj: &Bound<'_, PyAny>) -> Result<Value, Failure> {
    if let Ok(n) = obj.extract::<i64>() {
        return Ok(Value::from(n));
    }
    if let Ok(n) = obj.extract::<u64>() {
        return Ok(Value::from(n));
    }
    Err(Failure::new(format!(
        "expected an integer that fits in 64 bits, got `{}`",
        shown(obj)
    )))
}

/// An aware datetime becomes RFC 3339 text in its own offset; a naive one names no instant.
fn datetime(obj: &Bound<'_, PyAny>) -> Result<Value, Failure> {
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
    isoformat(obj)
}

fn isoformat(obj: &Bound<'_, PyAny>) -> Result<Value, Failure> {
    obj.call_method0("isoformat")
        .and_then(|text| text.extract::<String>())
        .map(Value::String)
        .map_err(|e| Failure::new(format!("the value could not be written as ISO 8601: {e}")))
}

fn text_of(text: &Bound<'_, PyString>) -> Result<String, Failure> {
    text.to_cow()
        .map(|text| text.into_owned())
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

/// Converts an answer into plain Python objects (dict, list, str, int, float, bool, None).
pub(crate) fn answer<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    with_strings(|strings| to_python(py, strings, value))
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

/// Converts an answer with the given string cache.
pub(crate) fn to_python<'py>(
    py: Python<'py>,
    strings: &mut Strings,
    value: &Value,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => PyInt::new(py, i).into_any(),
            (None, Some(u)) => PyInt::new(py, u).into_any(),
            (None, None) => PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any(),
        },
        Value::String(text) => strings.text(py, text).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, strings, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(strings.key(py, key), to_python(py, strings, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// Python strs of answers, created once and reused.
///
/// Keys are the field names of the core's answers, a small set repeated in every answer; long
/// texts are mostly the reasons' English and Chinese messages, the same few dozen in every batch.
/// Reusing them spares creating (and decoding) them again, lets a batch's answers share them in
/// memory, and a reused key has its hash computed already. Each is a small direct-mapped table:
/// a string that collides replaces the older one, so strings a caller's own data brings (ids,
/// `export.mask` records) cannot make it grow.
pub(crate) struct Strings {
    keys: Vec<Option<(String, Py<PyString>)>>,
    texts: Vec<Option<(String, Py<PyString>)>>,
}

const KEY_SLOTS: usize = 256;
const TEXT_SLOTS: usize = 512;
/// Shorter texts (ids, codes, timestamps) vary more and cost little to create.
const TEXT_MIN_BYTES: usize = 32;

impl Strings {
    fn new() -> Strings {
        Strings {
            keys: (0..KEY_SLOTS).map(|_| None).collect(),
            texts: (0..TEXT_SLOTS).map(|_| None).collect(),
        }
    }

    fn key<'py>(&mut self, py: Python<'py>, key: &str) -> Bound<'py, PyString> {
        reuse(&mut self.keys, py, key, |py, key| PyString::intern(py, key))
    }

    fn text<'py>(&mut self, py: Python<'py>, text: &str) -> Bound<'py, PyString> {
        if text.len() < TEXT_MIN_BYTES {
            return PyString::new(py, text);
        }
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
