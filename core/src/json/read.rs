//! Reading requests and policies: one reader for JSON text and for already-parsed values.
//!
//! [`Reader`] wraps whatever serde deserializer holds the input (serde_json's parser over the
//! text, or a `serde_json::Value`) and hands every value to the type being read through
//! itself. So it knows, at every value, the path from the root (kept on the stack, written out
//! only for an error) and what the type asked for (a whole number in a range, one of some
//! names, an object with these fields), and it words every error in the contract's terms:
//! "expected a whole number from 0 to 4,294,967,295, got `-1`". The same input gives the same
//! error whichever form it came in, because only this module words errors.
//!
//! Errors in the text itself (not JSON, a key given twice, nesting too deep) come first: they
//! are found by [`parse_text`], which reads the text without any type, and are reported
//! before any error in the values. Reading straight from the text (the `fast-path` feature)
//! runs that check only once a reading has failed; without the feature the text is parsed by
//! [`parse_text`] and read as a value. Either way the same request gets the same answer.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt::{self, Display};

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, Expected, MapAccess, SeqAccess, Unexpected,
    Visitor,
};
use serde_json::{Map, Value};

use super::limits::{nesting_message, MAX_NESTING};
use super::path::{push_index, push_key};
use crate::error::{quote, quote_string, Error};
use crate::input_error::grouped;

/// Reads `T` from JSON text.
pub(crate) fn from_text<T: de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    #[cfg(feature = "fast-path")]
    {
        let mut de = serde_json::Deserializer::from_str(text);
        let context = Context::default();
        let read = T::deserialize(Reader::root(&mut de, &context))
            .map_err(|err| context.error(err))
            .and_then(|value| de.end().map(|()| value).map_err(|_| None));
        // A failed reading may have stopped at a fault of the text itself, or met a value
        // before reaching one later in the text: the text's own errors are reported first.
        read.map_err(|err| match parse_text(text) {
            Err(text_error) => text_error,
            Ok(_) => err.unwrap_or_else(unreadable),
        })
    }
    #[cfg(not(feature = "fast-path"))]
    {
        // Parsed first, so that the reading is compiled once, for values only: the web module
        // stays small.
        let value = parse_text(text)?;
        from_value(&value)
    }
}

/// Reads `T` from an already-parsed value: no value nests deeper than
/// [`MAX_NESTING`] (see [`super::limits::check_nesting`]).
pub(crate) fn from_value<'v, T: de::Deserialize<'v>>(value: &'v Value) -> Result<T, Error> {
    let context = Context::default();
    T::deserialize(Reader::root(value, &context))
        .map_err(|err| context.error(err).unwrap_or_else(unreadable))
}

/// A reading failed without saying why: only the text parser does that, and then
/// [`parse_text`] says why. Nothing else should reach this.
fn unreadable() -> Error {
    Error::invalid_input("$", "the input could not be read")
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
        path: Path::Root,
        depth: 1,
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
    path: Path<'p>,
    depth: usize,
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
    fn enter<E: de::Error>(&self) -> Result<usize, E> {
        if self.depth > MAX_NESTING {
            return Err(self
                .track
                .fault(Error::invalid_input(self.path.render(), nesting_message())));
        }
        Ok(self.depth + 1)
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
        let depth = self.enter()?;
        let mut items = Vec::new();
        loop {
            let item = TextSeed {
                path: Path::Index {
                    parent: &self.path,
                    index: items.len(),
                },
                depth,
                track: self.track,
            };
            match seq.next_element_seed(item)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let depth = self.enter()?;
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = Path::Key {
                parent: &self.path,
                key: &key,
            };
            if members.contains_key(key.as_str()) {
                return Err(self.track.fault(Error::invalid_input(
                    path.render(),
                    format!("duplicate key {}", quote(&key)),
                )));
            }
            let value = map.next_value_seed(TextSeed {
                path,
                depth,
                track: self.track,
            })?;
            members.insert(key, value);
        }
        Ok(Value::Object(members))
    }
}

// ---- Paths ----------------------------------------------------------------------------------

/// Where a value is: each level knows its parent, on the stack, and the path is written out
/// only for an error.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key { parent: &'a Path<'a>, key: &'a str },
    Index { parent: &'a Path<'a>, index: usize },
}

impl Path<'_> {
    /// `$.items[0].status`, as every error names paths.
    fn render(&self) -> String {
        match self {
            Path::Root => String::from("$"),
            Path::Key { parent, key } => {
                let mut path = parent.render();
                push_key(&mut path, key);
                path
            }
            Path::Index { parent, index } => {
                let mut path = parent.render();
                push_index(&mut path, *index);
                path
            }
        }
    }
}

// ---- Errors ---------------------------------------------------------------------------------

/// The first error of a reading. The parser under the reader has its own error type, so the
/// reader keeps its error here and hands the parser a stand-in to unwind with.
#[derive(Default)]
struct Context {
    failure: Cell<Option<Error>>,
}

impl Context {
    /// Keeps `err`, completed at `path`, unless an error is kept already (it came first).
    fn record(&self, err: ReadError, at: &At<'_>) -> ReadError {
        if let Some(message) = err.message(at) {
            let mut path = at.path();
            // A missing field is pointed at where it should have been.
            if let Problem::MissingField(field) = err.0 {
                push_key(&mut path, field);
            }
            let kept = self.failure.take();
            self.failure.set(Some(
                kept.unwrap_or_else(|| Error::invalid_input(path, message)),
            ));
        }
        ReadError(Problem::Recorded)
    }

    /// The same, for a parser's error type.
    fn carry<E: de::Error>(&self, err: ReadError, at: &At<'_>) -> E {
        self.record(err, at);
        E::custom("")
    }

    /// The error of a failed reading: the one kept, or `None` when the parser failed on its
    /// own (a fault of the text, which [`parse_text`] words).
    fn error(&self, err: ReadError) -> Option<Error> {
        let at = At {
            path: &Path::Root,
            want: Want::Any,
            nullable: false,
            got: None,
        };
        self.record(err, &at);
        self.failure.take()
    }
}

/// The error type the reader gives the types it reads. Their errors (an unknown field, a
/// number out of range) carry what serde knows; the reader completes them with the path and
/// with what was expected in the contract's words.
#[derive(Debug)]
pub(crate) struct ReadError(Problem);

#[derive(Debug)]
enum Problem {
    /// Kept in the [`Context`] already: only unwinding.
    Recorded,
    /// The parser failed on its own: a fault of the text.
    Parser,
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
    fn parser() -> ReadError {
        ReadError(Problem::Parser)
    }

    /// The message of this error about the value at `at`; `None` when it is not to be kept
    /// (kept already, or the parser's own).
    fn message(&self, at: &At<'_>) -> Option<String> {
        Some(match &self.0 {
            Problem::Recorded | Problem::Parser => return None,
            Problem::Value { expected } => {
                let wanted = match at.want {
                    Want::Any => expected.clone(),
                    want => want.to_string(),
                };
                let nullable = if at.nullable { " or `null`" } else { "" };
                match &at.got {
                    Some(got) => format!("expected {wanted}{nullable}, got {got}"),
                    None => format!("expected {wanted}{nullable}"),
                }
            }
            Problem::UnknownField { field, expected } => unknown_field(field, expected),
            Problem::MissingField(field) => format!("missing field {}", quote(field)),
            Problem::DuplicateField(field) => format!("duplicate key {}", quote(field)),
            Problem::Message(message) => message.clone(),
        })
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
    let closest = expected
        .iter()
        .map(|name| (edit_distance(field, name), *name))
        .min();
    match closest {
        Some((distance, name)) if distance <= (name.chars().count() / 3).max(1) => {
            format!(
                "unknown field {}; did you mean {}?",
                quote(field),
                quote(name)
            )
        }
        Some(_) => format!(
            "unknown field {}, expected {}",
            quote(field),
            one_of(expected)
        ),
        None => format!("unknown field {}, expected no fields", quote(field)),
    }
}

/// Levenshtein distance in characters; only ever computed for an error.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
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

/// `` `a`, `b`, `c` ``.
fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| quote(n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `one of `a`, `b``, or the one name.
fn one_of(names: &[&str]) -> String {
    match names {
        [one] => quote(one),
        names => format!("one of {}", list(names)),
    }
}

/// What a type asked the reader for, in the contract's words.
#[derive(Clone, Copy)]
enum Want {
    /// Any value: the reading type says what it expected (our own types, which word it).
    Any,
    Bool,
    Integer {
        min: i128,
        max: i128,
    },
    Number,
    String,
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
            Want::Integer { min, max } => write!(
                f,
                "a whole number from {} to {}",
                grouped(*min),
                grouped(*max)
            ),
            Want::Number => f.write_str("a number"),
            Want::String => f.write_str("a string"),
            Want::Null => f.write_str("`null`"),
            Want::Array => f.write_str("an array"),
            Want::Object | Want::Fields => f.write_str("an object"),
            Want::OneOf(names) => f.write_str(&one_of(names)),
        }
    }
}

/// What a value was, as messages show it: scalars as written, containers by kind.
fn got_scalar(value: Unexpected<'_>) -> String {
    match value {
        Unexpected::Bool(b) => format!("`{b}`"),
        Unexpected::Unsigned(n) => format!("`{n}`"),
        Unexpected::Signed(n) => format!("`{n}`"),
        Unexpected::Float(n) => match serde_json::Number::from_f64(n) {
            Some(number) => format!("`{number}`"),
            None => format!("`{n}`"),
        },
        Unexpected::Str(s) => quote_string(s),
        Unexpected::Unit => String::from("`null`"),
        Unexpected::Seq => String::from("an array"),
        Unexpected::Map => String::from("an object"),
        other => other.to_string(),
    }
}

/// Everything known about a value where an error about it is completed.
struct At<'a> {
    path: &'a Path<'a>,
    want: Want,
    nullable: bool,
    got: Option<String>,
}

impl At<'_> {
    fn path(&self) -> String {
        self.path.render()
    }

    /// At a value known only by its path.
    fn value<'a>(path: &'a Path<'a>) -> At<'a> {
        At {
            path,
            want: Want::Any,
            nullable: false,
            got: None,
        }
    }
}

// ---- The reader -----------------------------------------------------------------------------

/// A deserializer of one value: the input's own deserializer, the value's path and depth.
struct Reader<'c, 'p, D> {
    inner: D,
    path: Path<'p>,
    /// Arrays and objects this value is inside of, the root counting as one.
    depth: usize,
    /// Inside an option: `null` would also have done.
    nullable: bool,
    context: &'c Context,
}

impl<'c, D> Reader<'c, 'static, D> {
    fn root(inner: D, context: &'c Context) -> Self {
        Reader {
            inner,
            path: Path::Root,
            depth: 1,
            nullable: false,
            context,
        }
    }
}

impl<'de, 'c, 'p, D: Deserializer<'de>> Reader<'c, 'p, D> {
    /// Reads the value through `visitor`, wanting `want`.
    fn read<V: Visitor<'de>>(self, want: Want, visitor: V) -> Result<V::Value, ReadError> {
        let context = self.context;
        let spot = Spot {
            want,
            path: self.path,
            depth: self.depth,
            nullable: self.nullable,
            context,
        };
        self.inner
            .deserialize_any(Expect { visitor, spot })
            .map_err(|_| settled(context))
    }
}

/// After the parser unwound: recorded by the reader, or the parser's own failure.
fn settled(context: &Context) -> ReadError {
    match context.failure.take() {
        Some(kept) => {
            context.failure.set(Some(kept));
            ReadError(Problem::Recorded)
        }
        None => ReadError::parser(),
    }
}

macro_rules! integers {
    ($($method:ident $type:ty,)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
            let want = Want::Integer { min: <$type>::MIN.into(), max: <$type>::MAX.into() };
            self.read(want, visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Reader<'_, '_, D> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.read(Want::Any, visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.read(Want::Bool, visitor)
    }

    integers! {
        deserialize_i8 i8, deserialize_i16 i16, deserialize_i32 i32, deserialize_i64 i64,
        deserialize_u8 u8, deserialize_u16 u16, deserialize_u32 u32, deserialize_u64 u64,
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.read(Want::Number, visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.read(Want::Number, visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.read(Want::String, visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.read(Want::String, visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.read(Want::String, visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.read(Want::String, visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.read(Want::String, visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let context = self.context;
        self.inner
            .deserialize_option(OptionVisitor {
                visitor,
                path: self.path,
                depth: self.depth,
                context,
            })
            .map_err(|_| settled(context))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.read(Want::Null, visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.read(Want::Null, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.read(Want::Array, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.read(Want::Array, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.read(Want::Array, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.read(Want::Object, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.read(Want::Fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.read(Want::OneOf(variants), visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.read(Want::String, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.read(Want::Any, visitor)
    }
}

/// The visitor the input's deserializer calls for one value: it checks the kind where serde
/// would be lenient, passes the value on to the reading type's visitor, with arrays and
/// objects read through [`SeqReader`] and [`MapReader`], and completes the type's errors.
struct Expect<'c, 'p, V> {
    visitor: V,
    spot: Spot<'c, 'p>,
}

/// What is known of the value being read, for its errors.
struct Spot<'c, 'p> {
    want: Want,
    path: Path<'p>,
    depth: usize,
    nullable: bool,
    context: &'c Context,
}

impl Spot<'_, '_> {
    /// Completes and keeps `err`, about a value shown as `got`.
    fn fail<E: de::Error>(&self, err: ReadError, got: String) -> E {
        let at = At {
            path: &self.path,
            want: self.want,
            nullable: self.nullable,
            got: Some(got),
        };
        self.context.carry(err, &at)
    }

    /// Refuses the value outright: the wanted kind is not this one.
    fn refuse<E: de::Error>(&self, got: String) -> E {
        let err = ReadError(Problem::Value {
            expected: self.want.to_string(),
        });
        self.fail(err, got)
    }

    /// Whether the wanted kind is never this scalar (serde would take a name or a position).
    fn refuses_scalars(&self) -> bool {
        matches!(self.want, Want::OneOf(_) | Want::Fields)
    }

    /// The depth of this value's items, or the error for nesting too deeply.
    fn enter<E: de::Error>(&self) -> Result<usize, E> {
        if self.depth > MAX_NESTING {
            let err = ReadError(Problem::Message(nesting_message()));
            return Err(self.context.carry(err, &At::value(&self.path)));
        }
        Ok(self.depth + 1)
    }
}

macro_rules! scalars {
    ($($method:ident $type:ty => $unexpected:ident,)*) => {$(
        fn $method<E: de::Error>(self, v: $type) -> Result<V::Value, E> {
            let Expect { visitor, spot } = self;
            let got = || got_scalar(Unexpected::$unexpected(v));
            if spot.refuses_scalars() {
                return Err(spot.refuse(got()));
            }
            visitor.$method(v).map_err(|err| spot.fail(err, got()))
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Expect<'_, '_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.spot.want {
            Want::Any => self.visitor.expecting(f),
            want => want.fmt(f),
        }
    }

    scalars! {
        visit_bool bool => Bool,
        visit_u64 u64 => Unsigned,
        visit_i64 i64 => Signed,
        visit_f64 f64 => Float,
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        let Expect { visitor, spot } = self;
        let got = || got_scalar(Unexpected::Unit);
        if spot.refuses_scalars() {
            return Err(spot.refuse(got()));
        }
        visitor.visit_unit().map_err(|err| spot.fail(err, got()))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        let Expect { visitor, spot } = self;
        let read = match spot.want {
            Want::OneOf(_) => visitor.visit_enum(de::value::BorrowedStrDeserializer::new(v)),
            Want::Fields => return Err(spot.refuse(quote_string(v))),
            _ => visitor.visit_borrowed_str(v),
        };
        read.map_err(|err| spot.fail(err, quote_string(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        let Expect { visitor, spot } = self;
        let read = match spot.want {
            Want::OneOf(_) => visitor.visit_enum(de::value::StrDeserializer::new(v)),
            Want::Fields => return Err(spot.refuse(quote_string(v))),
            _ => visitor.visit_str(v),
        };
        read.map_err(|err| spot.fail(err, quote_string(v)))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.visit_str(&v)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        let Expect { visitor, spot } = self;
        let got = || got_scalar(Unexpected::Seq);
        if spot.refuses_scalars() {
            return Err(spot.refuse(got()));
        }
        let items = SeqReader {
            seq,
            path: &spot.path,
            next: 0,
            depth: spot.enter()?,
            context: spot.context,
        };
        visitor
            .visit_seq(items)
            .map_err(|err| spot.fail(err, got()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let Expect { visitor, spot } = self;
        let got = || got_scalar(Unexpected::Map);
        if matches!(spot.want, Want::OneOf(_)) {
            return Err(spot.refuse(got()));
        }
        let members = MapReader {
            map,
            path: &spot.path,
            key: None,
            depth: spot.enter()?,
            context: spot.context,
        };
        visitor
            .visit_map(members)
            .map_err(|err| spot.fail(err, got()))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, _: A) -> Result<V::Value, A::Error> {
        // Neither serde_json's parser nor its values call this from `deserialize_any`.
        Err(self.spot.refuse(String::from("an enum")))
    }
}

/// `null`, or the value inside an option.
struct OptionVisitor<'c, 'p, V> {
    visitor: V,
    path: Path<'p>,
    depth: usize,
    context: &'c Context,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for OptionVisitor<'_, '_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        let at = At::value(&self.path);
        self.visitor
            .visit_none()
            .map_err(|err| self.context.carry(err, &at))
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        let reader = Reader {
            inner: d,
            path: self.path,
            depth: self.depth,
            nullable: true,
            context: self.context,
        };
        let at = At::value(&self.path);
        self.visitor
            .visit_some(reader)
            .map_err(|err| self.context.carry(err, &at))
    }
}

/// The items of an array, each read through a [`Reader`].
struct SeqReader<'c, 'p, A> {
    seq: A,
    path: &'p Path<'p>,
    next: usize,
    depth: usize,
    context: &'c Context,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for SeqReader<'_, '_, A> {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ReadError> {
        let path = Path::Index {
            parent: self.path,
            index: self.next,
        };
        self.next += 1;
        let item = ValueSeed {
            seed,
            path,
            depth: self.depth,
            context: self.context,
        };
        self.seq
            .next_element_seed(item)
            .map_err(|_| settled(self.context))
    }

    fn size_hint(&self) -> Option<usize> {
        // Bounded: a hint from the input must not reserve memory for items that never come.
        self.seq.size_hint().map(|n| n.min(4096))
    }
}

/// The members of an object: each key recorded (borrowed from the text where it can be) for
/// the path of its value, each value read through a [`Reader`].
struct MapReader<'c, 'p, 'de, A> {
    map: A,
    path: &'p Path<'p>,
    key: Option<Cow<'de, str>>,
    depth: usize,
    context: &'c Context,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for MapReader<'_, '_, 'de, A> {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        self.key = None;
        let key = KeySeed {
            seed,
            object: self.path,
            key: &mut self.key,
            context: self.context,
        };
        self.map
            .next_key_seed(key)
            .map_err(|_| settled(self.context))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, ReadError> {
        let key = self.key.as_deref().unwrap_or_default();
        let value = ValueSeed {
            seed,
            path: Path::Key {
                parent: self.path,
                key,
            },
            depth: self.depth,
            context: self.context,
        };
        self.map
            .next_value_seed(value)
            .map_err(|_| settled(self.context))
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint().map(|n| n.min(4096))
    }
}

/// One value of an array or object, read through a [`Reader`] at its path.
struct ValueSeed<'c, 'p, T> {
    seed: T,
    path: Path<'p>,
    depth: usize,
    context: &'c Context,
}

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for ValueSeed<'_, '_, T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T::Value, D::Error> {
        let reader = Reader {
            inner: d,
            path: self.path,
            depth: self.depth,
            nullable: false,
            context: self.context,
        };
        // An error raised by the reading type after its value was read (our own types
        // refusing a well-formed value) is completed here.
        self.seed
            .deserialize(reader)
            .map_err(|err| self.context.carry(err, &At::value(&self.path)))
    }
}

/// A key, read as a string and recorded; the reading type's errors about it (an unknown
/// field) are about the key's own path.
struct KeySeed<'c, 'p, 'k, 'de, K> {
    seed: K,
    object: &'p Path<'p>,
    key: &'k mut Option<Cow<'de, str>>,
    context: &'c Context,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, '_, '_, 'de, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<K::Value, D::Error> {
        let KeySeed {
            seed,
            object,
            key,
            context,
        } = self;
        let read = seed.deserialize(KeyReader {
            inner: d,
            key: &mut *key,
        });
        read.map_err(|err| match err.0 {
            Problem::Parser => de::Error::custom(""),
            _ => {
                let name = key_text(key);
                let path = Path::Key {
                    parent: object,
                    key: &name,
                };
                context.carry(err, &At::value(&path))
            }
        })
    }
}

fn key_text(key: &Option<Cow<'_, str>>) -> String {
    key.as_deref().unwrap_or_default().to_owned()
}

/// A key's deserializer: every request for it reads a string.
struct KeyReader<'k, 'de, D> {
    inner: D,
    key: &'k mut Option<Cow<'de, str>>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeyReader<'_, 'de, D> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let mut failure = None;
        let read = self.inner.deserialize_any(KeyVisitor {
            visitor,
            key: self.key,
            failure: &mut failure,
        });
        read.map_err(|_| failure.unwrap_or_else(ReadError::parser))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// Records the key's text, then hands it to the reading type's visitor; the visitor's error
/// is passed back through `failure` (the parser's error type cannot hold it).
struct KeyVisitor<'k, 'f, 'de, V> {
    visitor: V,
    key: &'k mut Option<Cow<'de, str>>,
    failure: &'f mut Option<ReadError>,
}

/// Passes the visitor's error back through `failure`.
fn keep<T, E: de::Error>(
    failure: &mut Option<ReadError>,
    read: Result<T, ReadError>,
) -> Result<T, E> {
    read.map_err(|err| {
        *failure = Some(err);
        E::custom("")
    })
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeyVisitor<'_, '_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        *self.key = Some(Cow::Borrowed(v));
        keep(self.failure, self.visitor.visit_borrowed_str(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        *self.key = Some(Cow::Owned(v.to_owned()));
        keep(self.failure, self.visitor.visit_str(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        *self.key = Some(Cow::Owned(v.clone()));
        keep(self.failure, self.visitor.visit_string(v))
    }
}
