//! Reading requests and policies: one reader for JSON text and for already-parsed values.
//!
//! Text is first parsed into a `serde_json::Value` by [`parse_text`], which refuses what no
//! type could read (not JSON, a key given twice, nesting too deep): those errors come first.
//! [`Reader`] then reads the type from the value. It knows, at every value, the path from the
//! root (kept on the stack, written out only for an error) and what the type asked for (a whole
//! number in a range, one of some names, an object with these fields), and it words every
//! error in the contract's terms: "expected a whole number from 0 to 4,294,967,295, got `-1`".
//! The same input gives the same error whichever form it came in, because only this module
//! words errors.
//!
//! With the `fast-path` feature a request is first read without any of this, straight from the
//! text; only a request that fails is read again this way (see `untracked_text`). Either way the
//! same request gets the same answer and the same error.

use std::cell::Cell;
use std::fmt::{self, Display};

use serde::de::{
    self, DeserializeSeed, Deserializer, Expected, MapAccess, SeqAccess, Unexpected, Visitor,
};
use serde_json::{Map, Value};

use super::limits::{nesting_message, MAX_NESTING};
use super::path::{push_index, push_key};
use crate::error::{quote, quote_string, Error};
use crate::input_error::grouped;
use crate::strict::one_of;

/// Reads `T` from JSON text.
pub(crate) fn from_text<T: de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    #[cfg(feature = "fast-path")]
    if let Some(value) = untracked_text(text) {
        return Ok(value);
    }
    tracked(&parse_text(text)?)
}

/// Reads `T` from an already-parsed value: no value nests deeper than [`MAX_NESTING`] (see
/// [`super::limits::check_nesting`]).
pub(crate) fn from_value<'v, T: de::Deserialize<'v>>(value: &'v Value) -> Result<T, Error> {
    #[cfg(feature = "fast-path")]
    if let Ok(read) = T::deserialize(value) {
        return Ok(read);
    }
    tracked(value)
}

/// The fast reading of a well-formed request: straight from the text, without tracking paths
/// (tracking costs a third of a small request). The types read strictly by themselves
/// (`crate::strict`, [`super::shape`]), so this takes exactly what [`tracked`] takes; anything
/// it refuses is read again, tracked, which alone decides what an error says.
#[cfg(feature = "fast-path")]
fn untracked_text<T: de::DeserializeOwned>(text: &str) -> Option<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(&mut de).ok()?;
    de.end().ok().map(|()| value)
}

/// Reads `T` from `value` with the path of every value tracked, for the error it gives.
fn tracked<'v, T: de::Deserialize<'v>>(value: &'v Value) -> Result<T, Error> {
    let reader = Reader {
        value,
        path: &Path::ROOT,
        nullable: false,
    };
    T::deserialize(reader).map_err(|err| err.at(&Spot::value(&Path::ROOT)))
}

// ---- The text itself ------------------------------------------------------------------------

/// Parses JSON text into a value, refusing what no type could read: text that is not JSON, a
/// key given twice in one object, arrays and objects nested deeper than [`MAX_NESTING`].
pub(crate) fn parse_text(text: &str) -> Result<Value, Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    // Nesting is bounded here, where the path is known, rather than by the parser.
    de.disable_recursion_limit();
    let track = TextTrack::default();
    let value = TextSeed {
        path: &Path::ROOT,
        track: &track,
    }
    .deserialize(&mut de)
    .map_err(|err| track.error(&err))?;
    de.end().map_err(|err| {
        Error::invalid_input(
            "$",
            format!(
                "unexpected text after the JSON value {}",
                position(err.line(), err.column())
            ),
        )
    })?;
    Ok(value)
}

/// The first fault of the text, found where the parse was when it stopped.
#[derive(Default)]
struct TextTrack {
    found: Cell<Option<Error>>,
    /// The path of the innermost value the parser was in when it failed.
    at: Cell<Option<String>>,
}

impl TextTrack {
    fn fault<E: de::Error>(&self, error: Error) -> E {
        self.found.set(Some(error));
        E::custom("")
    }

    fn error(&self, err: &serde_json::Error) -> Error {
        if let Some(found) = self.found.take() {
            return found;
        }
        let path = self.at.take().unwrap_or_else(|| String::from("$"));
        let what = match err.classify() {
            serde_json::error::Category::Eof => "the JSON text ends before it is complete",
            _ => "the text is not valid JSON",
        };
        Error::invalid_input(
            path,
            format!("{what} {}", position(err.line(), err.column())),
        )
    }
}

fn position(line: usize, column: usize) -> String {
    format!("(line {line}, column {column})")
}

struct TextSeed<'p, 't> {
    path: &'p Path<'p>,
    track: &'t TextTrack,
}

impl<'de> DeserializeSeed<'de> for TextSeed<'_, '_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        let (path, track) = (self.path, self.track);
        d.deserialize_any(self).inspect_err(|_| {
            // The innermost value sees the failure first.
            let at = track.at.take().unwrap_or_else(|| path.render());
            track.at.set(Some(at));
        })
    }
}

impl TextSeed<'_, '_> {
    fn enter<E: de::Error>(&self) -> Result<(), E> {
        if self.path.depth > MAX_NESTING {
            return Err(self
                .track
                .fault(Error::invalid_input(self.path.render(), nesting_message())));
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for TextSeed<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        // JSON text holds finite numbers only.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.enter()?;
        let mut items = Vec::new();
        loop {
            let path = self.path.index(items.len());
            let item = TextSeed {
                path: &path,
                track: self.track,
            };
            match seq.next_element_seed(item)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.enter()?;
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = self.path.key(&key);
            if members.contains_key(key.as_str()) {
                return Err(self.track.fault(Error::invalid_input(
                    path.render(),
                    format!("duplicate key {}", quote(&key)),
                )));
            }
            let value = map.next_value_seed(TextSeed {
                path: &path,
                track: self.track,
            })?;
            members.insert(key, value);
        }
        Ok(Value::Object(members))
    }
}

// ---- Paths ----------------------------------------------------------------------------------

/// Where a value is, and how deep: each level knows its parent, on the stack, and the path is
/// written out only for an error.
struct Path<'a> {
    step: Step<'a>,
    parent: Option<&'a Path<'a>>,
    /// The arrays and objects this value is inside of, plus one: the root is 1.
    depth: usize,
}

enum Step<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    const ROOT: Path<'static> = Path {
        step: Step::Root,
        parent: None,
        depth: 1,
    };

    fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            step: Step::Key(key),
            parent: Some(self),
            depth: self.depth + 1,
        }
    }

    fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            step: Step::Index(index),
            parent: Some(self),
            depth: self.depth + 1,
        }
    }

    /// `$.items[0].status`, as every error names paths.
    fn render(&self) -> String {
        let mut path = match self.parent {
            Some(parent) => parent.render(),
            None => String::from("$"),
        };
        match self.step {
            Step::Root => {}
            Step::Key(key) => push_key(&mut path, key),
            Step::Index(index) => push_index(&mut path, index),
        }
        path
    }
}

// ---- Errors ---------------------------------------------------------------------------------

/// The error type the reader gives the types it reads. Their errors (an unknown field, a
/// number out of range) carry what serde knows; the reader completes them where it knows the
/// value's path and what was expected in the contract's words.
#[derive(Debug)]
pub(crate) struct ReadError(Problem);

#[derive(Debug)]
enum Problem {
    /// Complete, with its path.
    Done(Error),
    /// A value of the wrong kind or out of range; `expected` is the reading type's own words,
    /// used where the reader asked for "any value".
    Value {
        expected: String,
    },
    UnknownField {
        field: String,
        expected: &'static [&'static str],
    },
    MissingField(&'static str),
    DuplicateField(&'static str),
    /// Already in the contract's words (our own types' messages).
    Message(String),
}

impl ReadError {
    /// The error about the value at `spot`, completed if it is not yet.
    fn at(self, spot: &Spot<'_>) -> Error {
        let mut path = spot.path.render();
        let message = match self.0 {
            Problem::Done(error) => return error,
            Problem::Value { expected } => {
                let wanted = match spot.want {
                    Want::Any => expected,
                    want => want.to_string(),
                };
                let nullable = if spot.nullable { " or `null`" } else { "" };
                match &spot.got {
                    Some(got) => format!("expected {wanted}{nullable}, got {got}"),
                    None => format!("expected {wanted}{nullable}"),
                }
            }
            Problem::UnknownField { field, expected } => unknown_field(&field, expected),
            Problem::MissingField(field) => {
                // A missing field is pointed at where it should have been.
                push_key(&mut path, field);
                format!("missing field {}", quote(field))
            }
            Problem::DuplicateField(field) => format!("duplicate key {}", quote(field)),
            Problem::Message(message) => message,
        };
        Error::invalid_input(path, message)
    }

    /// The same, completed and kept as it is from here up.
    fn done(self, spot: &Spot<'_>) -> ReadError {
        ReadError(Problem::Done(self.at(spot)))
    }

    /// The same for a value known only by its path. Called from the reading of every type, so
    /// kept out of line: inlined, it made each of them larger (5.8 KB of the web module).
    #[inline(never)]
    fn done_at(self, path: &Path<'_>) -> ReadError {
        self.done(&Spot::value(path))
    }
}

impl Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    fn custom<T: Display>(msg: T) -> Self {
        ReadError(Problem::Message(msg.to_string()))
    }

    fn invalid_type(_: Unexpected<'_>, expected: &dyn Expected) -> Self {
        ReadError(Problem::Value {
            expected: expected.to_string(),
        })
    }

    fn invalid_value(_: Unexpected<'_>, expected: &dyn Expected) -> Self {
        ReadError(Problem::Value {
            expected: expected.to_string(),
        })
    }

    fn invalid_length(_: usize, expected: &dyn Expected) -> Self {
        ReadError(Problem::Value {
            expected: expected.to_string(),
        })
    }

    fn unknown_variant(_: &str, expected: &'static [&'static str]) -> Self {
        ReadError(Problem::Value {
            expected: one_of(expected),
        })
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        ReadError(Problem::UnknownField {
            field: field.to_owned(),
            expected,
        })
    }

    fn missing_field(field: &'static str) -> Self {
        ReadError(Problem::MissingField(field))
    }

    fn duplicate_field(field: &'static str) -> Self {
        ReadError(Problem::DuplicateField(field))
    }
}

/// `unknown field `frozn`; did you mean `frozen`?`, or the fields there are.
fn unknown_field(field: &str, expected: &[&str]) -> String {
    match closest(field, expected) {
        Some(name) => format!(
            "unknown field {}; did you mean {}?",
            quote(field),
            quote(name)
        ),
        None if expected.is_empty() => {
            format!("unknown field {}, expected no fields", quote(field))
        }
        None => format!(
            "unknown field {}, expected {}",
            quote(field),
            one_of(expected)
        ),
    }
}

/// The name `given` is most likely a misspelling of: within a third of its length in edits.
pub(crate) fn closest<'n>(given: &str, names: &[&'n str]) -> Option<&'n str> {
    let length = given.chars().count();
    names
        .iter()
        .filter_map(|name| {
            let allowed = (name.chars().count() / 3).max(1);
            // Too far apart in length to be that close (and never a long computation).
            if length.abs_diff(name.chars().count()) > allowed {
                return None;
            }
            let distance = edit_distance(given, name);
            (distance <= allowed).then_some((distance, *name))
        })
        .min()
        .map(|(_, name)| name)
}

/// Levenshtein distance in characters; only ever computed for an error.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or_default();
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or_default();
            let left = row.get(j).copied().unwrap_or_default();
            let best = (above + 1)
                .min(left + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = best;
            }
        }
    }
    row.last().copied().unwrap_or_default()
}

/// What a type asked the reader for, in the contract's words.
#[derive(Clone, Copy)]
enum Want {
    /// Any value: the reading type says what it expected (our own types, which word it).
    Any,
    Bool,
    /// A whole number in this range.
    Integer(fn() -> (i128, i128)),
    Number,
    Null,
    Array,
    Object,
    /// An object with these fields (a struct: never an array, as serde would also take).
    Fields,
    /// One of these names (a unit enum).
    OneOf(&'static [&'static str]),
}

impl Display for Want {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Want::Any => f.write_str("a value"),
            Want::Bool => f.write_str("`true` or `false`"),
            Want::Integer(range) => {
                let (min, max) = range();
                write!(
                    f,
                    "a whole number from {} to {}",
                    grouped(min),
                    grouped(max)
                )
            }
            Want::Number => f.write_str("a number"),
            Want::Null => f.write_str("`null`"),
            Want::Array => f.write_str("an array"),
            Want::Object | Want::Fields => f.write_str("an object"),
            Want::OneOf(names) => f.write_str(&one_of(names)),
        }
    }
}

/// A visitor's expectation, as text.
struct Expecting<'a, V>(&'a V);

impl<'de, V: Visitor<'de>> Display for Expecting<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
}

/// What a value was, as messages show it: scalars as written, containers by kind.
pub(crate) fn got(value: &Value) -> String {
    match value {
        Value::Null => String::from("`null`"),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("`{n}`"),
        Value::String(s) => quote_string(s),
        Value::Array(_) => String::from("an array"),
        Value::Object(_) => String::from("an object"),
    }
}

/// Everything known about a value where an error about it is completed.
struct Spot<'a> {
    path: &'a Path<'a>,
    want: Want,
    nullable: bool,
    got: Option<String>,
}

impl<'a> Spot<'a> {
    /// A value known only by its path.
    fn value(path: &'a Path<'a>) -> Spot<'a> {
        Spot {
            path,
            want: Want::Any,
            nullable: false,
            got: None,
        }
    }
}

// ---- The reader -----------------------------------------------------------------------------

/// A deserializer of one value of the tree, at its path.
struct Reader<'v, 'p> {
    value: &'v Value,
    path: &'p Path<'p>,
    /// Inside an option: `null` would also have done.
    nullable: bool,
}

impl<'de> Reader<'de, '_> {
    /// The error for a value of the wrong kind.
    fn refuse(&self, want: Want) -> ReadError {
        let expected = want.to_string();
        self.complete(want, ReadError(Problem::Value { expected }))
    }

    /// What is known of this value, for an error about it.
    fn spot(&self, want: Want) -> Spot<'_> {
        Spot {
            path: self.path,
            want,
            nullable: self.nullable,
            got: Some(got(self.value)),
        }
    }

    /// Completes `read`'s error, from a visitor given this value.
    fn finish<T>(&self, want: Want, read: Result<T, ReadError>) -> Result<T, ReadError> {
        read.map_err(|err| self.complete(want, err))
    }

    /// Completes `err`, about this value (out of line, as [`ReadError::done_at`]: 1.4 KB).
    #[inline(never)]
    fn complete(&self, want: Want, err: ReadError) -> ReadError {
        err.done(&self.spot(want))
    }

    /// Any value, handed to the visitor as it is (our own types, `serde_json::Value`).
    fn any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let read = match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (None, Some(i)) => visitor.visit_i64(i),
                (None, None) => visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => visitor.visit_seq(self.items(items)),
            Value::Object(members) => visitor.visit_map(self.members(members)),
        };
        self.finish(Want::Any, read)
    }

    /// A whole number: only integers reach the visitor, which checks its own range. (Each kind
    /// of value is handed over only where it is wanted, so that a type's reading compiles one
    /// visit per value it takes: a third of the web module otherwise.)
    fn integer<V: Visitor<'de>>(self, want: Want, visitor: V) -> Result<V::Value, ReadError> {
        let read = match self.value {
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (None, Some(i)) => visitor.visit_i64(i),
                (None, None) => return Err(self.refuse(want)),
            },
            _ => return Err(self.refuse(want)),
        };
        self.finish(want, read)
    }

    /// A string: anything else is refused in the words of the visitor's own expectation (serde's
    /// "a string", our types' "an RFC 3339 timestamp…" or "one of `reseller`, `referral`").
    fn string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.value {
            Value::String(s) => self.finish(Want::Any, visitor.visit_borrowed_str(s)),
            _ => {
                let expected = Expecting(&visitor).to_string();
                Err(self.complete(Want::Any, ReadError(Problem::Value { expected })))
            }
        }
    }

    fn array<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.value {
            Value::Array(items) => self.finish(Want::Array, visitor.visit_seq(self.items(items))),
            _ => Err(self.refuse(Want::Array)),
        }
    }

    fn object<V: Visitor<'de>>(self, want: Want, visitor: V) -> Result<V::Value, ReadError> {
        match self.value {
            Value::Object(members) => self.finish(want, visitor.visit_map(self.members(members))),
            _ => Err(self.refuse(want)),
        }
    }

    fn items(&self, items: &'de [Value]) -> SeqReader<'de, '_> {
        SeqReader {
            items: items.iter(),
            path: self.path,
            next: 0,
        }
    }

    fn members(&self, members: &'de Map<String, Value>) -> MapReader<'de, '_> {
        MapReader {
            members: members.iter(),
            path: self.path,
            value: None,
        }
    }
}

macro_rules! integers {
    ($($method:ident $type:ty,)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
            self.integer(Want::Integer(|| (<$type>::MIN.into(), <$type>::MAX.into())), visitor)
        }
    )*};
}

impl<'de> Deserializer<'de> for Reader<'de, '_> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.any(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.value {
            Value::Bool(b) => self.finish(Want::Bool, visitor.visit_bool(*b)),
            _ => Err(self.refuse(Want::Bool)),
        }
    }

    integers! {
        deserialize_i8 i8, deserialize_i16 i16, deserialize_i32 i32, deserialize_i64 i64,
        deserialize_u8 u8, deserialize_u16 u16, deserialize_u32 u32, deserialize_u64 u64,
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.value {
            Value::Number(n) => {
                let read = visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN));
                self.finish(Want::Number, read)
            }
            _ => Err(self.refuse(Want::Number)),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.string(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.string(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.string(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.string(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        if self.value.is_null() {
            return visitor
                .visit_none()
                .map_err(|err: ReadError| err.done_at(self.path));
        }
        let path = self.path;
        let inner = Reader {
            nullable: true,
            ..self
        };
        visitor
            .visit_some(inner)
            .map_err(|err: ReadError| err.done_at(path))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.value {
            Value::Null => self.finish(Want::Null, visitor.visit_unit()),
            _ => Err(self.refuse(Want::Null)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let path = self.path;
        visitor
            .visit_newtype_struct(self)
            .map_err(|err: ReadError| err.done_at(path))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.array(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.array(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.array(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.object(Want::Object, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.object(Want::Fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let want = Want::OneOf(variants);
        match self.value {
            Value::String(s) => {
                let read = visitor.visit_enum(de::value::BorrowedStrDeserializer::new(s));
                self.finish(want, read)
            }
            _ => Err(self.refuse(want)),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.string(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        visitor.visit_unit()
    }
}

/// The items of an array, each read at its path.
struct SeqReader<'v, 'p> {
    items: std::slice::Iter<'v, Value>,
    path: &'p Path<'p>,
    next: usize,
}

impl<'de> SeqAccess<'de> for SeqReader<'de, '_> {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ReadError> {
        let Some(value) = self.items.next() else {
            return Ok(None);
        };
        let path = self.path.index(self.next);
        self.next += 1;
        read_at(seed, value, &path).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The members of an object: each key read as itself (an unknown one refused at its own
/// path), each value at its path.
struct MapReader<'v, 'p> {
    members: serde_json::map::Iter<'v>,
    path: &'p Path<'p>,
    /// The key and value of the member whose key was read last.
    value: Option<(&'v str, &'v Value)>,
}

impl<'de> MapAccess<'de> for MapReader<'de, '_> {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        let Some((key, value)) = self.members.next() else {
            return Ok(None);
        };
        self.value = Some((key, value));
        let read = seed.deserialize(de::value::BorrowedStrDeserializer::<ReadError>::new(key));
        read.map(Some)
            .map_err(|err| err.done_at(&self.path.key(key)))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, ReadError> {
        let (key, value) = self.value.take().unwrap_or(("", &Value::Null));
        read_at(seed, value, &self.path.key(key))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

/// Reads one value at `path`; an error its type raises after reading it (our own types refusing
/// a well-formed value) is about it.
fn read_at<'de, T: DeserializeSeed<'de>>(
    seed: T,
    value: &'de Value,
    path: &Path<'_>,
) -> Result<T::Value, ReadError> {
    let reader = Reader {
        value,
        path,
        nullable: false,
    };
    seed.deserialize(reader).map_err(|err| err.done_at(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    // The comparison of the two readings, below, needs the untracked one (`fast-path`).
    #[cfg(feature = "fast-path")]
    use {
        crate::json::{association, invitation, policy, preregistration, relationship},
        proptest::prelude::*,
        serde::de::DeserializeOwned,
        std::fmt::Debug,
    };

    /// The two readings agree: what the untracked reading takes, the tracked one takes as the
    /// same value; what it refuses, the tracked one refuses (with the error it reports).
    #[cfg(feature = "fast-path")]
    fn readings_agree<T: DeserializeOwned + Debug>(text: &str) -> Result<(), TestCaseError> {
        let fast = untracked_text::<T>(text).map(|v| format!("{v:?}"));
        let slow = parse_text(text).and_then(|value| tracked::<T>(&value));
        let slow = slow.map(|v| format!("{v:?}")).ok();
        prop_assert_eq!(fast, slow, "{}", text);
        Ok(())
    }

    /// A comparison of the readings on a text.
    #[cfg(feature = "fast-path")]
    type Check = fn(&str) -> Result<(), TestCaseError>;

    /// Requests and policies to vary, each with the type it is read as.
    #[cfg(feature = "fast-path")]
    const SAMPLES: &[(&str, Check)] = &[
        (
            r#"{"preset": "cn", "review_working_days": 3, "link_invitation_validity_days": null,
                "calendar": {"utc_offset": "+08:00", "weekend": ["saturday", "sunday"],
                             "holidays": ["2026-10-01"], "extra_workdays": ["2026-09-27"]}}"#,
            readings_agree::<policy::PolicyInput>,
        ),
        (
            r#"{"timeline": [{"from": "2025-01-01T00:00:00Z", "policy": "cn"},
                             {"from": "2025-07-01T00:00:00Z", "policy": {"preset": "intl-2025"}}]}"#,
            readings_agree::<policy::PolicyInput>,
        ),
        (
            r#"{"op": "preregistration.check", "now": "2026-11-21T10:00:00+08:00", "policy": "cn",
                "partner": {"id": "p-1", "billing_mode": "prepaid", "has_reserved_contact": true},
                "customer": {"id": "c-1", "registered_site": "international",
                             "preregistration": {"partner_id": "p-2", "expires_at": "2026-12-01T00:00:00Z"}}}"#,
            readings_agree::<preregistration::CheckRequest>,
        ),
        (
            r#"{"op": "preregistration.delete", "items": [{"id": "a", "status": "expired"},
                {"id": "b", "status": "pending_review"}]}"#,
            readings_agree::<preregistration::DeleteRequest>,
        ),
        (
            r#"{"op": "invitation.resend", "now": "2026-11-21T10:00:00Z",
                "items": [{"id": "a", "status": "pending", "expires_at": "2026-11-20T00:00:00Z"}]}"#,
            readings_agree::<invitation::ResendRequest>,
        ),
        (
            r#"{"op": "association.check", "now": "2026-11-21T10:00:00Z", "model": "referral",
                "partner": {"id": "p"}, "invitation": {"method": "email", "code_used": false}}"#,
            readings_agree::<association::CheckRequest>,
        ),
        (
            r#"{"op": "association_type.switch", "now": "2026-11-21T10:00:00Z", "to": "reseller",
                "partner": {"id": "p", "is_admin": true}, "customer": {"current_model": "referral"},
                "history": [{"kind": "type_switch", "initiator": "partner", "at": "2026-10-01T00:00:00Z"}]}"#,
            readings_agree::<association::SwitchRequest>,
        ),
        (
            r#"{"op": "disassociation.respond", "partner": {"id": "p"}, "action": "agree",
                "request": {"status": "pending"}}"#,
            readings_agree::<relationship::DisassociationRespondRequest>,
        ),
        (
            r#"{"op": "export.mask", "records": [{"name": "张三", "n": [1, -2, 2.5e3, {"x": null}]}],
                "fields": {"name": ["name"]}}"#,
            readings_agree::<relationship::ExportMaskRequest>,
        ),
        (
            r#"{"op": "manager.attribution",
                "assignments": [{"customer_id": "c", "manager_id": "m", "from": "2026-01-01T00:00:00Z", "to": null}],
                "consumption": [{"customer_id": "c", "at": "2026-02-01T00:00:00Z", "amount_minor": -5}]}"#,
            readings_agree::<relationship::ManagerAttributionRequest>,
        ),
        (
            r#"{"op": "verification_code.timeout", "api": "v2", "timeout_minutes": null}"#,
            readings_agree::<relationship::VerificationTimeoutRequest>,
        ),
    ];

    /// Values put in place of a sample's values: every kind, names written as objects, records
    /// written as arrays, duplicate keys, numbers at the edges of the integer types, escapes.
    #[cfg(feature = "fast-path")]
    const REPLACEMENTS: &[&str] = &[
        "null",
        "true",
        "0",
        "-0",
        "7",
        "-3",
        "1.5",
        "1e2",
        "1e300",
        "4294967296",
        "18446744073709551616",
        "-9223372036854775809",
        r#""""#,
        r#""cn""#,
        r#""expired""#,
        r#""referral""#,
        r#""2026-11-21T10:00:00Z""#,
        r#""a\"b\u00e9\n""#,
        "[]",
        "[1]",
        r#"["p-1"]"#,
        r#"["p-2", "2026-12-01T00:00:00Z"]"#,
        "{}",
        r#"{"x": 1}"#,
        r#"{"expired": null}"#,
        r#"{"referral": null}"#,
        r#"{"id": "p", "id": "q"}"#,
        r#"{"status": "expired", "status": 1}"#,
    ];

    /// Where the text stops being JSON, if it does.
    #[cfg(feature = "fast-path")]
    const DAMAGE: &[&str] = &["", "x", ",", "}", "]", "\"", ":", "tru", "1.", "[", "{"];

    /// The JSON pointers of every value of `value`.
    #[cfg(feature = "fast-path")]
    fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::Object(members) => {
                for (key, member) in members {
                    pointers(member, format!("{at}/{key}"), out);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    pointers(item, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
        out.push(at);
    }

    /// `sample` with the value at the `which`-th pointer written as `raw`.
    #[cfg(feature = "fast-path")]
    fn varied(sample: &str, which: usize, raw: &str) -> String {
        const MARK: &str = "\u{1}mark\u{1}";
        let mut value: Value = serde_json::from_str(sample).unwrap();
        let mut all = Vec::new();
        pointers(&value, String::new(), &mut all);
        // Neither the root nor `op`: a request reaches its type only once its `op` was found,
        // a string, in an object (`super::OpOnly`).
        all.retain(|pointer| !pointer.is_empty() && pointer != "/op");
        let pointer = &all[which % all.len()];
        *value.pointer_mut(pointer).unwrap() = Value::String(MARK.to_owned());
        serde_json::to_string(&value).unwrap().replacen(
            &serde_json::to_string(MARK).unwrap(),
            raw,
            1,
        )
    }

    #[cfg(feature = "fast-path")]
    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn the_untracked_reading_takes_what_the_tracked_one_takes(
            sample in 0..SAMPLES.len(),
            which in 0..64usize,
            raw in 0..REPLACEMENTS.len(),
            at in any::<usize>(),
            damage in 0..DAMAGE.len(),
            damaged in prop::bool::weighted(0.2),
        ) {
            let (text, agree) = SAMPLES[sample];
            let mut text = varied(text, which, REPLACEMENTS[raw]);
            if damaged {
                let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
                let at = boundaries.get(at % boundaries.len().max(1)).copied().unwrap_or(0);
                text.insert_str(at, DAMAGE[damage]);
            }
            agree(&text)?;
        }
    }

    #[test]
    fn errors_name_what_was_expected_in_the_contracts_words() {
        let cases = [
            (r#"{"id": 5}"#, "$.id", "expected a string, got `5`"),
            (
                r#"{"id": "p", "frozen": 1}"#,
                "$.frozen",
                "expected `true` or `false`, got `1`",
            ),
            (
                r#"{"id": "p", "billing_mode": {"prepaid": null}}"#,
                "$.billing_mode",
                "expected one of `postpaid`, `prepaid`, got an object",
            ),
            (
                r#"{"id": "p", "active_preregistrations": 4294967296}"#,
                "$.active_preregistrations",
                "expected a whole number from 0 to 4,294,967,295, got `4294967296`",
            ),
            (
                r#"{"id": "p", "registration_country": ["SG"]}"#,
                "$.registration_country",
                "expected a string or `null`, got an array",
            ),
        ];
        for (text, path, message) in cases {
            let err = parse_text(text)
                .and_then(|v| tracked::<crate::Partner>(&v))
                .unwrap_err();
            assert_eq!((err.path(), err.message()), (path, message), "{text}");
        }
        let long = format!("{{\"id\": \"p\", \"frozen\": \"{}\"}}", "é".repeat(100));
        let err = parse_text(&long)
            .and_then(|v| tracked::<crate::Partner>(&v))
            .unwrap_err();
        assert_eq!(
            err.message(),
            format!("expected `true` or `false`, got `\"{}…\"`", "é".repeat(64))
        );
    }

    #[test]
    fn messages_stay_short_whatever_the_input() {
        let long = "ключ".repeat(100_000);
        let requests = [
            format!(
                r#"{{"op": "preregistration.check", "now": "2026-11-21T10:00:00Z", "partner": {{"id": "p"}}, "customer": {{"{long}": 1}}}}"#
            ),
            format!(r#"{{"op": "{long}"}}"#),
            format!(
                r#"{{"op": "invitation.send", "now": "2026-11-21T10:00:00Z", "partner": {{"id": "p"}}, "method": "{long}"}}"#
            ),
            format!(r#"{{"op": "preregistration.review_due", "submitted_at": "{long}"}}"#),
        ];
        for request in &requests {
            let err = crate::evaluate_json(request).unwrap_err();
            assert!(
                err.message().len() <= super::super::limits::MAX_MESSAGE_BYTES,
                "{}",
                err.message().len()
            );
            assert!(err.path().len() < 512, "{}", err.path().len());
        }
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("frozn", "frozen"), 1);
        assert_eq!(edit_distance("报备", "报"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
