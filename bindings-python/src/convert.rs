//! Python objects to JSON text and JSON text to Python objects, without `json.dumps`/`loads`.
//!
//! Requests go to the core's text entry point and answers come back as text, so that Python
//! dicts keep the field order of the Rust structs and the same request gives the same answer
//! as `evaluate_json`.
//!
//! Requests accept what `json.dumps` accepts (dict with str keys, list, tuple, str, int, float,
//! bool, None) plus aware `datetime` and `date`, written as RFC 3339 / ISO 8601 text. Anything
//! else is `invalid_input` at the JSON path of the offending value, so a caller never sees a
//! `TypeError` from inside the binding; whether a value has the right JSON type for its field
//! is the core's business, which reports it the same way.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use partner_rules::Error;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyBytes, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString,
    PyTuple,
};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

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
                Step::Index(index) => path.push_str(&format!("[{index}]")),
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
pub(crate) fn to_json(obj: &Bound<'_, PyAny>) -> Result<String, Error> {
    let mut out = Vec::with_capacity(256);
    write(obj, &mut out, 0).map_err(Failure::into_error)?;
    // Every piece written is UTF-8 (str contents were checked, the rest is ASCII).
    String::from_utf8(out).map_err(|e| Error::invalid_input("$", e.to_string()))
}

fn write(obj: &Bound<'_, PyAny>, out: &mut Vec<u8>, depth: usize) -> Result<(), Failure> {
    if depth > MAX_DEPTH {
        return Err(Failure::new(format!(
            "expected at most {MAX_DEPTH} levels of nesting (is a list or dict inside itself?)"
        )));
    }
    if let Ok(text) = obj.cast::<PyString>() {
        push_string(out, utf8(&utf8_bytes(text)?)?);
    } else if obj.is_none() {
        out.extend_from_slice(b"null");
    } else if let Ok(flag) = obj.cast::<PyBool>() {
        // `bool` is a subclass of `int`: tested first.
        out.extend_from_slice(if flag.is_true() { b"true" } else { b"false" });
    } else if obj.is_instance_of::<PyInt>() {
        write_integer(obj, out)?;
    } else if let Ok(float) = obj.cast::<PyFloat>() {
        let value = float.value();
        if !value.is_finite() {
            return Err(Failure::new(format!(
                "expected a finite number, got `{value}`"
            )));
        }
        push_serialized(out, &value);
    } else if let Ok(dict) = obj.cast::<PyDict>() {
        write_object(dict.iter(), out, depth)?;
    } else if let Ok(list) = obj.cast::<PyList>() {
        write_sequence(list.iter(), out, depth)?;
    } else if let Ok(tuple) = obj.cast::<PyTuple>() {
        write_sequence(tuple.iter(), out, depth)?;
    } else if obj.is_instance_of::<PyDateTime>() {
        // `datetime` is a subclass of `date`: tested first.
        write_datetime(obj, out)?;
    } else if obj.is_instance_of::<PyDate>() {
        write_isoformat(obj, out)?;
    } else if let Ok(mapping) = obj.cast::<PyMapping>() {
        // Any other `collections.abc.Mapping` (MappingProxyType, a TypedDict-like view...).
        let items = mapping
            .items()
            .map_err(|e| Failure::new(format!("the mapping's items() failed: {e}")))?;
        let pairs = items
            .iter()
            .map(|pair| pair.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| Failure::new(format!("the mapping's items() are not pairs: {e}")))?;
        write_object(pairs.into_iter(), out, depth)?;
    } else {
        return Err(Failure::new(format!(
            "expected a JSON value (dict, list, str, int, float, bool or None) or an aware \
             datetime, got `{}`",
            type_name(obj)
        )));
    }
    Ok(())
}

fn write_object<'py>(
    pairs: impl Iterator<Item = (Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    out: &mut Vec<u8>,
    depth: usize,
) -> Result<(), Failure> {
    out.push(b'{');
    for (index, (key, item)) in pairs.enumerate() {
        let Ok(key) = key.cast::<PyString>() else {
            return Err(Failure::new(format!(
                "expected a dict with str keys, got a key of type `{}`",
                type_name(&key)
            )));
        };
        let bytes = utf8_bytes(key)?;
        let key = utf8(&bytes)?;
        if index > 0 {
            out.push(b',');
        }
        push_string(out, key);
        out.push(b':');
        write(&item, out, depth + 1).map_err(|f| f.under(Step::Key(key.to_owned())))?;
    }
    out.push(b'}');
    Ok(())
}

fn write_sequence<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    out: &mut Vec<u8>,
    depth: usize,
) -> Result<(), Failure> {
    out.push(b'[');
    for (index, item) in items.enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write(&item, out, depth + 1).map_err(|f| f.under(Step::Index(index)))?;
    }
    out.push(b']');
    Ok(())
}

fn write_integer(obj: &Bound<'_, PyAny>, out: &mut Vec<u8>) -> Result<(), Failure> {
    if let Ok(n) = obj.extract::<i64>() {
        push_serialized(out, &n);
    } else if let Ok(n) = obj.extract::<u64>() {
        push_serialized(out, &n);
    } else {
        return Err(Failure::new(format!(
            "expected an integer that fits in 64 bits, got `{}`",
            shown(obj)
        )));
    }
    Ok(())
}

/// An aware datetime is written in its own offset; a naive one names no instant.
fn write_datetime(obj: &Bound<'_, PyAny>, out: &mut Vec<u8>) -> Result<(), Failure> {
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
    write_isoformat(obj, out)
}

fn write_isoformat(obj: &Bound<'_, PyAny>, out: &mut Vec<u8>) -> Result<(), Failure> {
    let text = obj
        .call_method0("isoformat")
        .and_then(|text| text.extract::<String>())
        .map_err(|e| Failure::new(format!("the value could not be written as ISO 8601: {e}")))?;
    push_string(out, &text);
    Ok(())
}

/// The UTF-8 encoding of a str, as Python's own bytes: the Python 3.9 stable ABI has no
/// borrowed UTF-8 view of a str, and reading the bytes in place spares a second copy.
fn utf8_bytes<'py>(text: &Bound<'py, PyString>) -> Result<Bound<'py, PyBytes>, Failure> {
    text.encode_utf8()
        .map_err(|_| Failure::new("expected text that is valid UTF-8 (no lone surrogates)"))
}

fn utf8<'a>(bytes: &'a Bound<'_, PyBytes>) -> Result<&'a str, Failure> {
    std::str::from_utf8(bytes.as_bytes()).map_err(|e| Failure::new(e.to_string()))
}

/// Appends a JSON string literal.
fn push_string(out: &mut Vec<u8>, text: &str) {
    push_serialized(out, text);
}

/// Appends a value serde_json can always write (a string, a finite number): writing those into
/// a `Vec` cannot fail.
fn push_serialized<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    let _infallible = serde_json::to_writer(&mut *out, value);
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

/// Parses JSON text (an answer of the core) straight into Python objects: dicts keep the order
/// of the text.
pub(crate) fn from_json<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let mut de = serde_json::Deserializer::from_str(text);
    Builder(py)
        .deserialize(&mut de)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(format!("unreadable answer: {e}")))
}

/// Builds the Python object for one JSON value.
#[derive(Clone, Copy)]
struct Builder<'py>(Python<'py>);

impl<'de, 'py> DeserializeSeed<'de> for Builder<'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

fn py_err<E: de::Error>(err: PyErr) -> E {
    E::custom(err)
}

impl<'de, 'py> Visitor<'de> for Builder<'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.0.None().into_bound(self.0))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(PyBool::new(self.0, v).to_owned().into_any())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(PyInt::new(self.0, v).into_any())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(PyInt::new(self.0, v).into_any())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(PyFloat::new(self.0, v).into_any())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(PyString::new(self.0, v).into_any())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let list = PyList::empty(self.0);
        while let Some(item) = seq.next_element_seed(self)? {
            list.append(item).map_err(py_err)?;
        }
        Ok(list.into_any())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.0);
        while let Some(key) = map.next_key_seed(KeyBuilder(self.0))? {
            let value = map.next_value_seed(self)?;
            dict.set_item(key, value).map_err(py_err)?;
        }
        Ok(dict.into_any())
    }
}

/// Builds a dict key. Keys are the field names of the core's answers, a small set repeated in
/// every answer, so each is created once (interned, its hash computed once) and reused.
#[derive(Clone, Copy)]
struct KeyBuilder<'py>(Python<'py>);

/// Bounds the cache for answers that echo keys of the caller's own (`export.mask` records).
const KEY_CACHE_LIMIT: usize = 512;

thread_local! {
    static KEYS: RefCell<HashMap<String, Py<PyString>>> = RefCell::new(HashMap::new());
}

impl<'py> KeyBuilder<'py> {
    fn key(self, text: &str) -> Bound<'py, PyString> {
        KEYS.with(|keys| {
            let mut keys = keys.borrow_mut();
            if let Some(key) = keys.get(text) {
                return key.bind(self.0).clone();
            }
            let key = PyString::intern(self.0, text);
            if keys.len() < KEY_CACHE_LIMIT {
                keys.insert(text.to_owned(), key.clone().unbind());
            }
            key
        })
    }
}

impl<'de, 'py> DeserializeSeed<'de> for KeyBuilder<'py> {
    type Value = Bound<'py, PyString>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, 'py> Visitor<'de> for KeyBuilder<'py> {
    type Value = Bound<'py, PyString>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.key(v))
    }
}
