//! Answers recorded as a flat tape of serde events while the GIL is released, then built into
//! Python objects with it held.
//!
//! The core hands over the typed answer ([`partner_rules::Sink`]); recording it costs a push
//! per value and one copy of its text into a single buffer, and building the Python objects
//! walks the tape with nothing left to parse or unescape. Against writing the answer as JSON
//! text and reading that back, this took a fifth off a batch (bindings-python/README.md).
//! The tape holds exactly the structure of the answer's JSON: serde_json is mirrored where it
//! decides anything (newtypes are their value, enum variants are externally tagged, map keys
//! are text, a float that is not finite is `null`).

use std::fmt;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList};
use serde::ser::{self, Impossible, Serialize};

use crate::convert::Strings;

/// One answer, in the order a serializer sees it.
pub(crate) struct Tape {
    events: Vec<Event>,
    /// The text of every `Text` and `Key` event, one after the other.
    text: String,
}

#[derive(Clone, Copy)]
enum Event {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    /// `text[start..end]`.
    Text(usize, usize),
    /// Names the answer types carry (field names, enum variants): no copy.
    Static(&'static str),
    SeqStart,
    MapStart,
    /// Ends the innermost sequence or map.
    End,
}

/// Records each answer on a tape of its own.
pub(crate) struct Recorder;

impl partner_rules::Sink for Recorder {
    type Out = Tape;
    type Error = Unrecordable;

    fn emit<T: Serialize + ?Sized>(&mut self, answer: &T) -> Result<Tape> {
        Tape::record(answer)
    }
}

impl Tape {
    /// Records `value`.
    pub(crate) fn record<T: Serialize + ?Sized>(value: &T) -> Result<Tape> {
        let mut tape = Tape {
            events: Vec::with_capacity(64),
            text: String::with_capacity(1024),
        };
        value.serialize(&mut tape)?;
        Ok(tape)
    }
}

/// Why an answer could not be recorded: the serializer's message, as serde_json would give it.
#[derive(Debug)]
pub(crate) struct Unrecordable(String);

impl fmt::Display for Unrecordable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unrecordable {}

impl ser::Error for Unrecordable {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Unrecordable(msg.to_string())
    }
}

impl Tape {
    fn push_text(&mut self, text: &str) -> Event {
        let start = self.text.len();
        self.text.push_str(text);
        Event::Text(start, self.text.len())
    }

    /// Builds the Python objects, sharing strings through `strings`.
    pub(crate) fn to_python<'py>(
        &self,
        py: Python<'py>,
        strings: &mut Strings,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mut builder = Builder {
            py,
            strings,
            tape: self,
            events: self.events.iter(),
        };
        builder.value()
    }
}

struct Builder<'a, 'py> {
    py: Python<'py>,
    strings: &'a mut Strings,
    tape: &'a Tape,
    events: std::slice::Iter<'a, Event>,
}

impl<'py> Builder<'_, 'py> {
    /// The next value on the tape; `None` at the end of a sequence or map.
    fn next(&mut self) -> PyResult<Option<Bound<'py, PyAny>>> {
        let py = self.py;
        let Some(event) = self.events.next() else {
            return Err(broken());
        };
        Ok(Some(match *event {
            Event::Null => py.None().into_bound(py),
            Event::Bool(flag) => PyBool::new(py, flag).to_owned().into_any(),
            Event::I64(n) => PyInt::new(py, n).into_any(),
            Event::U64(n) => PyInt::new(py, n).into_any(),
            Event::F64(n) => PyFloat::new(py, n).into_any(),
            Event::Text(start, end) => {
                let text = self.tape.text.get(start..end).ok_or_else(broken)?;
                self.strings.text(py, text).into_any()
            }
            Event::Static(text) => self.strings.text(py, text).into_any(),
            Event::SeqStart => {
                let list = PyList::empty(py);
                while let Some(item) = self.next()? {
                    list.append(item)?;
                }
                list.into_any()
            }
            Event::MapStart => {
                let dict = PyDict::new(py);
                while let Some(key) = self.key()? {
                    dict.set_item(key, self.value()?)?;
                }
                dict.into_any()
            }
            Event::End => return Ok(None),
        }))
    }

    fn value(&mut self) -> PyResult<Bound<'py, PyAny>> {
        self.next()?.ok_or_else(broken)
    }

    /// The next key of a map, from the cache of keys; `None` at the end of the map.
    fn key(&mut self) -> PyResult<Option<Bound<'py, PyAny>>> {
        let text = match self.events.next() {
            Some(Event::Static(key)) => *key,
            Some(Event::Text(start, end)) => self.tape.text.get(*start..*end).ok_or_else(broken)?,
            Some(Event::End) => return Ok(None),
            _ => return Err(broken()),
        };
        Ok(Some(self.strings.key(self.py, text).into_any()))
    }
}

/// A tape the recorder did not write: a bug, reported rather than hidden.
fn broken() -> PyErr {
    pyo3::exceptions::PyRuntimeError::new_err(
        "partner_rules: an answer was recorded wrongly; please report this",
    )
}

type Result<T = ()> = std::result::Result<T, Unrecordable>;

impl<'a> ser::Serializer for &'a mut Tape {
    type Ok = ();
    type Error = Unrecordable;
    type SerializeSeq = Container<'a>;
    type SerializeTuple = Container<'a>;
    type SerializeTupleStruct = Container<'a>;
    type SerializeTupleVariant = Container<'a>;
    type SerializeMap = Container<'a>;
    type SerializeStruct = Container<'a>;
    type SerializeStructVariant = Container<'a>;

    fn serialize_bool(self, v: bool) -> Result {
        self.events.push(Event::Bool(v));
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_i64(v.into())
    }

    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_i64(v.into())
    }

    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_i64(v.into())
    }

    fn serialize_i64(self, v: i64) -> Result {
        self.events.push(Event::I64(v));
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_u64(v.into())
    }

    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_u64(v.into())
    }

    fn serialize_u32(self, v: u32) -> Result {
        self.serialize_u64(v.into())
    }

    fn serialize_u64(self, v: u64) -> Result {
        self.events.push(Event::U64(v));
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result {
        self.serialize_f64(v.into())
    }

    fn serialize_f64(self, v: f64) -> Result {
        // serde_json writes a float that is not finite as null.
        self.events.push(if v.is_finite() {
            Event::F64(v)
        } else {
            Event::Null
        });
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result {
        let event = self.push_text(v);
        self.events.push(event);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result {
        // As serde_json: an array of numbers.
        self.events.push(Event::SeqStart);
        self.events.extend(v.iter().map(|&b| Event::U64(b.into())));
        self.events.push(Event::End);
        Ok(())
    }

    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result {
        self.events.push(Event::Null);
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result {
        self.events.push(Event::Static(variant));
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.events.push(Event::MapStart);
        self.events.push(Event::Static(variant));
        value.serialize(&mut *self)?;
        self.events.push(Event::End);
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Container<'a>> {
        self.events.push(Event::SeqStart);
        Ok(Container {
            tape: self,
            ends: 1,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Container<'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Container<'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Container<'a>> {
        self.events.push(Event::MapStart);
        self.events.push(Event::Static(variant));
        self.events.push(Event::SeqStart);
        Ok(Container {
            tape: self,
            ends: 2,
        })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Container<'a>> {
        self.events.push(Event::MapStart);
        Ok(Container {
            tape: self,
            ends: 1,
        })
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Container<'a>> {
        self.serialize_map(None)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Container<'a>> {
        self.events.push(Event::MapStart);
        self.events.push(Event::Static(variant));
        self.events.push(Event::MapStart);
        Ok(Container {
            tape: self,
            ends: 2,
        })
    }
}

/// A sequence or map being recorded, and how many `End`s close it (an enum variant wraps its
/// content in a map of one key).
pub(crate) struct Container<'a> {
    tape: &'a mut Tape,
    ends: usize,
}

impl Container<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.tape)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.tape.events.push(Event::Static(key));
        value.serialize(&mut *self.tape)
    }

    fn close(self) -> Result {
        let ends = std::iter::repeat_n(Event::End, self.ends);
        self.tape.events.extend(ends);
        Ok(())
    }
}

/// Sequence-like containers: each value is an element.
macro_rules! elements {
    ($($serde_trait:ident::$method:ident),*) => {$(
        impl ser::$serde_trait for Container<'_> {
            type Ok = ();
            type Error = Unrecordable;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
                self.element(value)
            }

            fn end(self) -> Result {
                self.close()
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// Struct-like containers: each value comes with its field name.
macro_rules! fields {
    ($($serde_trait:ident),*) => {$(
        impl ser::$serde_trait for Container<'_> {
            type Ok = ();
            type Error = Unrecordable;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result {
                self.field(key, value)
            }

            fn end(self) -> Result {
                self.close()
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Container<'_> {
    type Ok = ();
    type Error = Unrecordable;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        key.serialize(MapKey { tape: self.tape })
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }

    fn end(self) -> Result {
        self.close()
    }
}

/// A map key: text, or a number or character written as text, as serde_json takes keys.
struct MapKey<'a> {
    tape: &'a mut Tape,
}

impl MapKey<'_> {
    fn text(self, key: &str) -> Result {
        let event = self.tape.push_text(key);
        self.tape.events.push(event);
        Ok(())
    }

    fn number(self, key: impl fmt::Display) -> Result {
        self.text(&key.to_string())
    }
}

fn key_must_be_text() -> Unrecordable {
    Unrecordable("key must be a string".to_owned())
}

impl ser::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = Unrecordable;
    type SerializeSeq = Impossible<(), Unrecordable>;
    type SerializeTuple = Impossible<(), Unrecordable>;
    type SerializeTupleStruct = Impossible<(), Unrecordable>;
    type SerializeTupleVariant = Impossible<(), Unrecordable>;
    type SerializeMap = Impossible<(), Unrecordable>;
    type SerializeStruct = Impossible<(), Unrecordable>;
    type SerializeStructVariant = Impossible<(), Unrecordable>;

    fn serialize_str(self, v: &str) -> Result {
        self.text(v)
    }

    fn serialize_char(self, v: char) -> Result {
        self.text(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result {
        self.tape.events.push(Event::Static(variant));
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }

    fn serialize_i8(self, v: i8) -> Result {
        self.number(v)
    }

    fn serialize_i16(self, v: i16) -> Result {
        self.number(v)
    }

    fn serialize_i32(self, v: i32) -> Result {
        self.number(v)
    }

    fn serialize_i64(self, v: i64) -> Result {
        self.number(v)
    }

    fn serialize_u8(self, v: u8) -> Result {
        self.number(v)
    }

    fn serialize_u16(self, v: u16) -> Result {
        self.number(v)
    }

    fn serialize_u32(self, v: u32) -> Result {
        self.number(v)
    }

    fn serialize_u64(self, v: u64) -> Result {
        self.number(v)
    }

    fn serialize_bool(self, _v: bool) -> Result {
        Err(key_must_be_text())
    }

    fn serialize_f32(self, _v: f32) -> Result {
        Err(key_must_be_text())
    }

    fn serialize_f64(self, _v: f64) -> Result {
        Err(key_must_be_text())
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result {
        Err(key_must_be_text())
    }

    fn serialize_none(self) -> Result {
        Err(key_must_be_text())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result {
        Err(key_must_be_text())
    }

    fn serialize_unit(self) -> Result {
        Err(key_must_be_text())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        Err(key_must_be_text())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result {
        Err(key_must_be_text())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_must_be_text())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(key_must_be_text())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(key_must_be_text())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_must_be_text())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_must_be_text())
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(key_must_be_text())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_must_be_text())
    }
}
