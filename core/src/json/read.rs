//! Reading JSON text with the path of every error: requests, and policies given as text.
//!
//! The text is read in two passes. The first parses it with serde_json into a [`Node`] tree,
//! the values as written (duplicate keys and their order kept), and finds every syntax error
//! with its path. The second deserializes the wanted type from the tree with [`Reader`], which
//! keeps the path of each value as it goes.
//!
//! Deserializing straight from the text through `serde_path_to_error` gives the same answers,
//! but compiles a wrapper around serde_json's parser for every visitor of every type: most of
//! the size of the web module. From a tree, each type is read by small code that matches a node
//! and calls the visitor.
//!
//! The second pass answers as serde_json reading the text would, word for word: the same
//! visits, the same messages (serde_json's wording, [`ReadError`]), and, for the few errors
//! serde_json writes with a position (an enum given anything but a string or an object, see
//! [`Reader::deserialize_enum`]), the same line and column, found in the text when needed.

use std::cell::Cell;
use std::fmt::{self, Display};

use serde::de::value::MapAccessDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, Expected, MapAccess,
    SeqAccess, Unexpected, VariantAccess, Visitor,
};

use crate::error::{from_message, from_serde, index_path, push_key, serde_message, Error};

/// A JSON value as the text wrote it.
#[derive(Debug)]
enum Node {
    Null,
    Bool(bool),
    /// A number as serde_json reads it: a non-negative integer that fits `u64`...
    Unsigned(u64),
    /// ...a negative integer that fits `i64`...
    Signed(i64),
    /// ...or anything else, as `f64`.
    Float(f64),
    String(String),
    Array(Vec<Node>),
    /// The members in the order written, duplicate keys included: a struct refuses them.
    Object(Vec<(String, Node)>),
    /// Where the text stops being JSON, in a tree read up to its syntax error (see [`from_str`]).
    Invalid(Cut),
}

/// Where the text stops being JSON, as seen by a reader of the tree.
#[derive(Debug, Clone, Copy)]
enum Cut {
    /// Within the text of this value: `tru`, `1.`, an unterminated string, a stray `}`.
    Token,
    /// Before this value: at the comma, colon or bracket before it.
    Value,
    /// Before this member's key: at the comma, key or brace before it.
    Member,
}

impl Node {
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Node::Null => Unexpected::Unit,
            Node::Bool(b) => Unexpected::Bool(*b),
            Node::Unsigned(n) => Unexpected::Unsigned(*n),
            Node::Signed(n) => Unexpected::Signed(*n),
            Node::Float(n) => Unexpected::Float(*n),
            Node::String(s) => Unexpected::Str(s),
            Node::Array(_) => Unexpected::Seq,
            Node::Object(_) => Unexpected::Map,
            // Never asked: a reader stops at an invalid node before it names one.
            Node::Invalid(_) => Unexpected::Other("invalid JSON"),
        }
    }
}

/// Where a value is: each level knows its parent. Keys also carry the member's index in its
/// object, which locates the value in the text (keys may repeat).
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key {
        parent: &'a Path<'a>,
        key: &'a str,
        member: usize,
    },
    Index {
        parent: &'a Path<'a>,
        index: usize,
    },
    /// The value of an enum written as an object (`{"variant": null}`): named as the enum.
    Variant {
        parent: &'a Path<'a>,
    },
}

impl Path<'_> {
    /// `$.items[0].status`, as every error names paths.
    fn render(&self) -> String {
        match self {
            Path::Root => String::from("$"),
            Path::Key { parent, key, .. } => {
                let mut path = parent.render();
                push_key(&mut path, key);
                path
            }
            Path::Index { parent, index } => index_path(&parent.render(), *index),
            Path::Variant { parent } => parent.render(),
        }
    }

    /// The member or element index at each level from the root.
    fn address(&self, out: &mut Vec<usize>) {
        match self {
            Path::Root => {}
            Path::Key { parent, member, .. } => {
                parent.address(out);
                out.push(*member);
            }
            Path::Index { parent, index } => {
                parent.address(out);
                out.push(*index);
            }
            Path::Variant { parent } => {
                parent.address(out);
                out.push(0);
            }
        }
    }
}

/// What a reading remembers of its first error as it propagates out: the path of the
/// innermost value it passed through (as `serde_path_to_error` reports it) and, in the first
/// pass, the part of the tree read before it.
#[derive(Default)]
struct Track {
    path: Cell<Option<String>>,
    partial: Cell<Option<Node>>,
}

impl Track {
    fn trigger<E>(&self, path: &Path<'_>, err: E) -> E {
        let found = self.path.take().unwrap_or_else(|| path.render());
        self.path.set(Some(found));
        err
    }

    fn path(&self) -> String {
        self.path.take().unwrap_or_else(|| String::from("$"))
    }
}

// ---- Errors in serde_json's words ----------------------------------------------------------

/// An error of the second pass, worded as serde_json words it.
///
/// serde_json's own error type would do, but its `invalid_type` falls back on serde's general
/// wording, which formats floats with `core`'s formatter: 14 KB of the web module, for a case
/// serde_json words itself anyway. [`Unexpected`]s are written here the way serde_json writes
/// them.
///
/// Boxed: a pointer, like serde_json's, keeps every `Result` that carries one small.
#[derive(Debug)]
struct ReadError(Box<Failure>);

#[derive(Debug)]
struct Failure {
    message: String,
    /// The reading reached where the text stops being JSON: the first pass's error applies.
    stopped: bool,
}

impl ReadError {
    fn new(message: String) -> Self {
        ReadError(Box::new(Failure {
            message,
            stopped: false,
        }))
    }

    /// Our error for this one, which arose at `path`.
    fn at(self, path: String) -> Error {
        from_message(path, &self.0.message)
    }

    fn stopped() -> Self {
        ReadError(Box::new(Failure {
            message: String::from("the text is not valid JSON here"),
            stopped: true,
        }))
    }
}

impl Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    fn custom<T: Display>(msg: T) -> Self {
        let mut message = msg.to_string();
        // serde_json takes a message ending in a position as that position, and the position
        // is then dropped from data errors.
        if let Some(start) = position_suffix(&message) {
            message.truncate(start);
        }
        ReadError::new(message)
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        invalid_type(unexpected, expected)
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        de::Error::custom(format_args!(
            "invalid value: {}, expected {expected}",
            AsJson(unexpected)
        ))
    }
}

/// serde_json's `invalid_type`, for any error type (the first pass's visitors use it with
/// serde_json's own).
fn invalid_type<E: de::Error>(unexpected: Unexpected<'_>, expected: &dyn Expected) -> E {
    E::custom(format_args!(
        "invalid type: {}, expected {expected}",
        AsJson(unexpected)
    ))
}

/// Where a message ends in ` at line L column C`, as serde_json recognizes it.
fn position_suffix(message: &str) -> Option<usize> {
    let start = message.rfind(" at line ")?;
    let rest = message.get(start + " at line ".len()..)?;
    let (line, column) = rest.split_once(" column ")?;
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // serde_json also needs both numbers to fit `usize`.
    (number(line)
        && number(column)
        && line.parse::<usize>().is_ok()
        && column.parse::<usize>().is_ok())
    .then_some(start)
}

/// An unexpected value as serde_json names it in messages.
struct AsJson<'a>(Unexpected<'a>);

impl Display for AsJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(i) => write!(f, "integer `{i}`"),
            Unexpected::Signed(i) => write!(f, "integer `{i}`"),
            // serde_json writes floats as it writes them in JSON (the shortest text that reads
            // back the same); a number from JSON text is always finite.
            Unexpected::Float(v) => match serde_json::Number::from_f64(v) {
                Some(number) => write!(f, "floating point `{number}`"),
                None if v.is_nan() => f.write_str("floating point `NaN`"),
                None if v > 0.0 => f.write_str("floating point `inf`"),
                None => f.write_str("floating point `-inf`"),
            },
            Unexpected::Char(c) => write!(f, "character `{c}`"),
            Unexpected::Str(s) => write!(f, "string {s:?}"),
            Unexpected::Bytes(_) => f.write_str("byte array"),
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Option => f.write_str("Option value"),
            Unexpected::NewtypeStruct => f.write_str("newtype struct"),
            Unexpected::Seq => f.write_str("sequence"),
            Unexpected::Map => f.write_str("map"),
            Unexpected::Enum => f.write_str("enum"),
            Unexpected::UnitVariant => f.write_str("unit variant"),
            Unexpected::NewtypeVariant => f.write_str("newtype variant"),
            Unexpected::TupleVariant => f.write_str("tuple variant"),
            Unexpected::StructVariant => f.write_str("struct variant"),
            Unexpected::Other(other) => f.write_str(other),
        }
    }
}

// ---- First pass: the text into a tree ----------------------------------------------------

/// A request read into a tree by [`request`].
pub(crate) struct Request<'t> {
    text: &'t str,
    /// The value of `op`.
    pub(crate) op: String,
    /// The members of the request object, `op` included.
    members: Vec<(String, Node)>,
}

impl Request<'_> {
    /// The request, to deserialize as the op's type.
    pub(crate) fn source(&self) -> Source<'_> {
        Source {
            text: self.text,
            members: &self.members,
        }
    }
}

/// Reads request text into a tree. Syntax errors are answered here, before anything else in
/// the request (with their path), and so is a request that is not an object, has no `op` or
/// more than one, or an `op` that is not a string.
pub(crate) fn request(text: &str) -> Result<Request<'_>, Error> {
    let track = Track::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let read = de
        .deserialize_any(RequestVisitor { track: &track })
        .map_err(|err| track.trigger(&Path::Root, err));
    let (op, members) = read.map_err(|err| from_serde(track.path(), err))?;
    de.end()
        .map_err(|e| Error::invalid_input("$", e.to_string()))?;
    Ok(Request {
        text,
        op: op.ok_or_else(super::missing_op)?,
        members,
    })
}

/// Reads `T` from text with the error serde_json would give reading it directly: the first in
/// the order of the text, a syntax error included. Where the text stops being JSON, the tree
/// stops too ([`Node::Invalid`]); `T` is read from what there is, and reaching that point gives
/// the syntax error, at the path where serde_json would have met it.
///
/// Two things `T` must not do, which serde_json reads differently from a tree read up to an
/// error: ignore a value (`IgnoredAny`: serde_json skips it more leniently than the first pass
/// reads it, and reads on), or nest as deeply as the nesting limit (where the first pass
/// stops at the opening bracket, serde_json may refuse the bracket by its kind instead). No
/// type read here does either; the tests compare with serde_json.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let track = Track::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let first = NodeSeed {
        path: Path::Root,
        track: &track,
    }
    .deserialize(&mut de);
    let (root, syntax_error) = match first {
        Ok(root) => (root, None),
        Err(err) => (
            track.partial.take().unwrap_or(Node::Invalid(Cut::Token)),
            Some(err),
        ),
    };
    match (read_tree::<T>(text, &root), syntax_error) {
        // Text after the value is an error only once the value itself has none.
        (Ok(value), None) => de
            .end()
            .map(|()| value)
            .map_err(|e| Error::invalid_input("$", e.to_string())),
        (Ok(_), Some(err)) => Err(from_serde(track.path(), err)),
        (Err((err, path)), Some(syntax)) if err.0.stopped => {
            Err(from_message(path, &serde_message(&syntax)))
        }
        (Err((err, path)), _) => Err(err.at(path)),
    }
}

/// Refuses, in serde_json's words, the kinds of value a first-pass visitor does not take.
macro_rules! refuse {
    ($($kind:ident)*) => { $( refuse!(@ $kind); )* };
    (@ bool) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Err(invalid_type(Unexpected::Bool(v), &self))
        }
    };
    (@ u64) => {
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Err(invalid_type(Unexpected::Unsigned(v), &self))
        }
    };
    (@ i64) => {
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Err(invalid_type(Unexpected::Signed(v), &self))
        }
    };
    (@ f64) => {
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Err(invalid_type(Unexpected::Float(v), &self))
        }
    };
    (@ str) => {
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Err(invalid_type(Unexpected::Str(v), &self))
        }
    };
    (@ unit) => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Err(invalid_type(Unexpected::Unit, &self))
        }
    };
    (@ seq) => {
        fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
            Err(invalid_type(Unexpected::Seq, &self))
        }
    };
    (@ map) => {
        fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
            Err(invalid_type(Unexpected::Map, &self))
        }
    };
}

/// The request object: `op`, a string given once, and the other members as [`Node`]s.
///
/// Read through `deserialize_any` with every other kind refused here: serde_json's
/// `deserialize_map` would refuse them in the same words, through the formatter
/// [`ReadError`] avoids.
struct RequestVisitor<'t> {
    track: &'t Track,
}

impl<'de> Visitor<'de> for RequestVisitor<'_> {
    type Value = (Option<String>, Vec<(String, Node)>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(super::EXPECTED_REQUEST)
    }

    refuse!(bool u64 i64 f64 str unit seq);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut op = None;
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = Path::Key {
                parent: &Path::Root,
                key: &key,
                member: members.len(),
            };
            let value = if key == "op" {
                if op.is_some() {
                    return Err(de::Error::duplicate_field("op"));
                }
                let name = map.next_value_seed(OpSeed {
                    path,
                    track: self.track,
                })?;
                op = Some(name.clone());
                Node::String(name)
            } else {
                map.next_value_seed(NodeSeed {
                    path,
                    track: self.track,
                })?
            };
            members.push((key, value));
        }
        Ok((op, members))
    }
}

/// The value of `op`: a string, with a message that says so.
struct OpSeed<'p, 't> {
    path: Path<'p>,
    track: &'t Track,
}

impl<'de> DeserializeSeed<'de> for OpSeed<'_, '_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        let (path, track) = (self.path, self.track);
        d.deserialize_any(self)
            .map_err(|err| track.trigger(&path, err))
    }
}

impl<'de> Visitor<'de> for OpSeed<'_, '_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(super::EXPECTED_OP_NAME)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    refuse!(bool u64 i64 f64 unit seq map);
}

/// Any JSON value, read into a [`Node`]. Through `deserialize_any`, so that serde_json's
/// recursion limit (the nesting limit) applies at the path of the first value too deep.
///
/// On an error, what was read of the value is left in the track's `partial`, and each
/// enclosing array or object adds itself around it: [`from_str`] reads the type up to there.
struct NodeSeed<'p, 't> {
    path: Path<'p>,
    track: &'t Track,
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_, '_> {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        let (path, track) = (self.path, self.track);
        d.deserialize_any(self).map_err(|err| {
            // No visit left a partial array or object: the value's own text is broken.
            let partial = track.partial.take().unwrap_or(Node::Invalid(Cut::Token));
            track.partial.set(Some(partial));
            track.trigger(&path, err)
        })
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_, '_> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Unsigned(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Signed(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::String(v.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        loop {
            let element = NodeSeed {
                path: Path::Index {
                    parent: &self.path,
                    index: items.len(),
                },
                track: self.track,
            };
            match seq.next_element_seed(element) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(Node::Array(items)),
                Err(err) => {
                    items.push(self.read_so_far(Cut::Value));
                    self.track.partial.set(Some(Node::Array(items)));
                    return Err(err);
                }
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut members = Vec::new();
        loop {
            let key = match map.next_key::<String>() {
                Ok(Some(key)) => key,
                Ok(None) => return Ok(Node::Object(members)),
                Err(err) => {
                    members.push((String::new(), Node::Invalid(Cut::Member)));
                    self.track.partial.set(Some(Node::Object(members)));
                    return Err(err);
                }
            };
            let value = NodeSeed {
                path: Path::Key {
                    parent: &self.path,
                    key: &key,
                    member: members.len(),
                },
                track: self.track,
            };
            match map.next_value_seed(value) {
                Ok(value) => members.push((key, value)),
                Err(err) => {
                    let value = self.read_so_far(Cut::Value);
                    members.push((key, value));
                    self.track.partial.set(Some(Node::Object(members)));
                    return Err(err);
                }
            }
        }
    }
}

impl NodeSeed<'_, '_> {
    /// What was read of the element or member value that failed: nothing if the failure came
    /// before it (`before`).
    fn read_so_far(&self, before: Cut) -> Node {
        self.track.partial.take().unwrap_or(Node::Invalid(before))
    }
}

// ---- Second pass: the tree into a type -----------------------------------------------------

/// Deserializes `T` from `root`, the tree of `text`; an error comes with the path where it
/// arose.
fn read_tree<'a, T: de::Deserialize<'a>>(
    text: &str,
    root: &'a Node,
) -> Result<T, (ReadError, String)> {
    let track = Track::default();
    let context = Context {
        text,
        track: &track,
    };
    let read = T::deserialize(Reader {
        node: root,
        path: Path::Root,
        context: &context,
    });
    read.map_err(|err| (err, track.path()))
}

/// A request read into a tree, to deserialize as its op's type.
pub(crate) struct Source<'a> {
    text: &'a str,
    members: &'a [(String, Node)],
}

impl<'a> super::Source<'a> for Source<'a> {
    /// The request is an object: its type is read from the members the way a struct-typed
    /// field's object is ([`shape::object`](super::shape::object)), so that each request type
    /// is compiled for that one deserializer (and not also for an array, which a request is
    /// never).
    fn parse<T: de::Deserialize<'a>>(self) -> Result<T, Error> {
        let track = Track::default();
        let context = Context {
            text: self.text,
            track: &track,
        };
        let mut map = MapReader::new(self.members, &Path::Root, &context);
        let read = T::deserialize(MapAccessDeserializer::new(&mut map))
            .and_then(|value| map.finish().map(|()| value));
        read.map_err(|err| err.at(track.path()))
    }
}

struct Context<'c> {
    text: &'c str,
    track: &'c Track,
}

impl Context<'_> {
    /// A syntax error as serde_json writes it, with the line and column.
    fn syntax(&self, message: &str, at: Position) -> ReadError {
        let (line, column) = at.line_column(self.text);
        ReadError::new(format!("{message} at line {line} column {column}"))
    }

    /// Where the value at `path` starts in the text.
    fn start(&self, path: &Path<'_>) -> usize {
        let mut address = Vec::new();
        path.address(&mut address);
        locate(self.text, &address)
    }

    /// Where the value of element or member `index` of the array or object at `path` starts.
    fn child_start(&self, path: &Path<'_>, index: usize) -> usize {
        let mut address = Vec::new();
        path.address(&mut address);
        address.push(index);
        locate(self.text, &address)
    }

    /// Where the key of member `index` of the object at `path` starts.
    fn member_key_start(&self, path: &Path<'_>, index: usize) -> usize {
        let mut at = skip_whitespace(self.text, self.start(path) + 1);
        for _ in 0..index {
            at = skip_member(self.text, at);
        }
        at
    }
}

/// A deserializer of one node, at `path`.
struct Reader<'a, 'p, 'c> {
    node: &'a Node,
    path: Path<'p>,
    context: &'c Context<'c>,
}

impl<'a> Reader<'a, '_, '_> {
    /// The node, unless the text stops being JSON there.
    fn node(&self) -> Result<&'a Node, ReadError> {
        match self.node {
            Node::Invalid(_) => Err(ReadError::stopped()),
            node => Ok(node),
        }
    }

    /// The result of a visit, its error tracked here unless it arose below.
    fn tracked<T>(&self, result: Result<T, ReadError>) -> Result<T, ReadError> {
        result.map_err(|err| self.context.track.trigger(&self.path, err))
    }

    /// `[...]`: the visitor reads the elements.
    fn visit_array<V: Visitor<'a>>(
        &self,
        items: &'a [Node],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let mut seq = SeqReader {
            items,
            next: 0,
            path: &self.path,
            context: self.context,
        };
        let value = visitor.visit_seq(&mut seq)?;
        seq.finish()?;
        Ok(value)
    }

    /// `{...}`: the visitor reads the members.
    fn visit_object<V: Visitor<'a>>(
        &self,
        members: &'a [(String, Node)],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let mut map = MapReader::new(members, &self.path, self.context);
        let value = visitor.visit_map(&mut map)?;
        map.finish()?;
        Ok(value)
    }

    fn syntax(&self, message: &str, at: Position) -> ReadError {
        self.context.syntax(message, at)
    }

    /// Where this value starts in the text.
    fn start(&self) -> usize {
        self.context.start(&self.path)
    }

    /// The first byte of this value's text (`\0`: the text ends first).
    fn first_byte(&self) -> u8 {
        byte(self.context.text, self.start())
    }

    /// `{"variant": value}`: serde_json reads the first member as the variant, and expects the
    /// closing brace after it.
    fn visit_enum_object<V: Visitor<'a>>(
        &self,
        members: &'a [(String, Node)],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let text = self.context.text;
        let first = match members.first() {
            Some((_, Node::Invalid(Cut::Member))) => return Err(ReadError::stopped()),
            Some(first) => first,
            None => {
                let brace = skip_whitespace(text, self.start() + 1);
                return Err(self.syntax("expected value", Position::Peek(brace)));
            }
        };
        let read = visitor.visit_enum(Variant {
            variant: &first.0,
            value: Some(&first.1),
            enum_path: &self.path,
            context: self.context,
        })?;
        if members.len() == 1 {
            return Ok(read);
        }
        let after = skip_whitespace(
            text,
            skip_value(text, self.context.child_start(&self.path, 0)),
        );
        Err(if after < text.len() {
            self.syntax("expected value", Position::At(after))
        } else {
            self.syntax("EOF while parsing an object", Position::At(after))
        })
    }

    /// Whether an option is `None`. serde_json takes `n` for `null` and anything else for
    /// the value, so text that stops being JSON within `nul` stops here, within `tru` where
    /// the value is read.
    fn is_null(&self) -> Result<bool, ReadError> {
        match self.node {
            Node::Null => Ok(true),
            Node::Invalid(Cut::Token) if self.first_byte() != b'n' => Ok(false),
            Node::Invalid(_) => Err(ReadError::stopped()),
            _ => Ok(false),
        }
    }

    /// An enum written as neither a string nor an object: serde_json expects a value where it
    /// starts. (A string or an object whose text stops being JSON within is read as one
    /// first, and gives that error.)
    fn not_enum(&self) -> ReadError {
        match self.node {
            Node::Invalid(Cut::Token) if matches!(self.first_byte(), b'"' | b'{' | b'\0') => {
                ReadError::stopped()
            }
            Node::Invalid(Cut::Value | Cut::Member) => ReadError::stopped(),
            _ => self.syntax("expected value", Position::Peek(self.start())),
        }
    }
}

impl<'a> Deserializer<'a> for Reader<'a, '_, '_> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let result = match self.node()? {
            Node::Null => visitor.visit_unit(),
            Node::Bool(b) => visitor.visit_bool(*b),
            Node::Unsigned(n) => visitor.visit_u64(*n),
            Node::Signed(n) => visitor.visit_i64(*n),
            Node::Float(n) => visitor.visit_f64(*n),
            Node::String(s) => visitor.visit_borrowed_str(s),
            Node::Array(items) => self.visit_array(items, visitor),
            Node::Object(members) => self.visit_object(members, visitor),
            Node::Invalid(_) => Err(ReadError::stopped()),
        };
        self.tracked(result)
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let result = match self.node()? {
            Node::Bool(b) => visitor.visit_bool(*b),
            node => Err(invalid_type(node.unexpected(), &visitor)),
        };
        self.tracked(result)
    }

    /// Every number type up to 64 bits: serde_json reads the number, then visits it as it is.
    /// (It reads an `f32` at single precision, and 128-bit integers, from the text itself; no
    /// type read here has one. `i128` and `u128` stay serde's default: refused.)
    fn deserialize_i64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let result = match self.node()? {
            Node::Unsigned(n) => visitor.visit_u64(*n),
            Node::Signed(n) => visitor.visit_i64(*n),
            Node::Float(n) => visitor.visit_f64(*n),
            node => Err(invalid_type(node.unexpected(), &visitor)),
        };
        self.tracked(result)
    }

    fn deserialize_i8<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i16<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u8<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u16<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_f32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_f64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let result = match self.node()? {
            Node::String(s) => visitor.visit_borrowed_str(s),
            node => Err(invalid_type(node.unexpected(), &visitor)),
        };
        self.tracked(result)
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let result = match self.node()? {
            Node::String(s) => visitor.visit_borrowed_bytes(s.as_bytes()),
            Node::Array(items) => self.visit_array(items, visitor),
            node => Err(invalid_type(node.unexpected(), &visitor)),
        };
        self.tracked(result)
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let (path, context) = (self.path, self.context);
        let result = match self.is_null()? {
            true => visitor.visit_none(),
            false => visitor.visit_some(self),
        };
        result.map_err(|err| context.track.trigger(&path, err))
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let result = match self.node()? {
            Node::Null => visitor.visit_unit(),
            node => Err(invalid_type(node.unexpected(), &visitor)),
        };
        self.tracked(result)
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let (path, context) = (self.path, self.context);
        visitor
            .visit_newtype_struct(self)
            .map_err(|err| context.track.trigger(&path, err))
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let result = match self.node()? {
            Node::Array(items) => self.visit_array(items, visitor),
            node => Err(invalid_type(node.unexpected(), &visitor)),
        };
        self.tracked(result)
    }

    fn deserialize_tuple<V: Visitor<'a>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let result = match self.node()? {
            Node::Object(members) => self.visit_object(members, visitor),
            node => Err(invalid_type(node.unexpected(), &visitor)),
        };
        self.tracked(result)
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let result = match self.node()? {
            Node::Array(items) => self.visit_array(items, visitor),
            Node::Object(members) => self.visit_object(members, visitor),
            node => Err(invalid_type(node.unexpected(), &visitor)),
        };
        self.tracked(result)
    }

    /// serde_json reads an enum from a string (a unit variant) or from an object (the first
    /// member: the variant and its value); anything else is a syntax error with its position.
    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let result = match self.node {
            Node::String(variant) => visitor.visit_enum(Variant {
                variant,
                value: None,
                enum_path: &self.path,
                context: self.context,
            }),
            Node::Object(members) => self.visit_enum_object(members, visitor),
            _ => Err(self.not_enum()),
        };
        self.tracked(result)
    }

    /// serde_json skips the value, more leniently than the first pass reads it: no type read
    /// from a tree ignores a value the first pass has not already checked (a request's `op`).
    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let result = self.node().and_then(|_| visitor.visit_unit());
        self.tracked(result)
    }
}

struct SeqReader<'a, 'p, 'c> {
    items: &'a [Node],
    next: usize,
    path: &'p Path<'p>,
    context: &'c Context<'c>,
}

impl<'a> SeqAccess<'a> for &mut SeqReader<'a, '_, '_> {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ReadError> {
        let Some((node, index)) = self.element()? else {
            return Ok(None);
        };
        let path = Path::Index {
            parent: self.path,
            index,
        };
        let reader = Reader {
            node,
            path,
            context: self.context,
        };
        seed.deserialize(reader)
            .map(Some)
            .map_err(|err| self.context.track.trigger(&path, err))
    }

    fn size_hint(&self) -> Option<usize> {
        // serde_json does not know how many elements follow.
        None
    }
}

impl<'a> SeqReader<'a, '_, '_> {
    /// A visitor that stops before the end of an array makes serde_json expect the closing
    /// bracket where the first unread element starts. (None of ours stops early.)
    fn finish(&self) -> Result<(), ReadError> {
        if self.next == self.items.len() {
            return Ok(());
        }
        let at = self.context.child_start(self.path, self.next);
        Err(self
            .context
            .syntax("trailing characters", Position::Peek(at)))
    }

    /// The next element and its index, if any. (Out of the generic reading, which every type
    /// read has a copy of.)
    fn element(&mut self) -> Result<Option<(&'a Node, usize)>, ReadError> {
        let Some(node) = self.items.get(self.next) else {
            return Ok(None);
        };
        // serde_json fails before the element, and reports the failure at the array.
        if let Node::Invalid(Cut::Value) = node {
            return Err(ReadError::stopped());
        }
        self.next += 1;
        Ok(Some((node, self.next - 1)))
    }
}

struct MapReader<'a, 'p, 'c> {
    members: &'a [(String, Node)],
    next: usize,
    /// A key was read whose value was not.
    value_pending: bool,
    path: &'p Path<'p>,
    context: &'c Context<'c>,
}

impl<'a> MapAccess<'a> for &mut MapReader<'a, '_, '_> {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        let Some(key) = self.key()? else {
            return Ok(None);
        };
        let path = Path::Key {
            parent: self.path,
            key,
            member: self.next,
        };
        seed.deserialize(Key(key))
            .map(Some)
            .map_err(|err| self.context.track.trigger(&path, err))
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, ReadError> {
        let (key, node, member) = self.value()?;
        let path = Path::Key {
            parent: self.path,
            key,
            member,
        };
        let reader = Reader {
            node,
            path,
            context: self.context,
        };
        seed.deserialize(reader)
            .map_err(|err| self.context.track.trigger(&path, err))
    }

    fn size_hint(&self) -> Option<usize> {
        // serde_json does not know how many members follow.
        None
    }
}

impl<'a, 'p, 'c> MapReader<'a, 'p, 'c> {
    fn new(members: &'a [(String, Node)], path: &'p Path<'p>, context: &'c Context<'c>) -> Self {
        MapReader {
            members,
            next: 0,
            value_pending: false,
            path,
            context,
        }
    }

    /// A visitor that stops before the end of an object makes serde_json expect the closing
    /// brace after what it read: it finds the colon of a key whose value was not read, the
    /// first key when nothing was read, or else the comma after the last value read. (None of
    /// ours stops early.)
    fn finish(&self) -> Result<(), ReadError> {
        let (context, path, text) = (self.context, self.path, self.context.text);
        let (message, at) = match self.next {
            _ if self.value_pending => (
                "trailing characters",
                skip_whitespace(
                    text,
                    skip_string(text, context.member_key_start(path, self.next)),
                ),
            ),
            read if read == self.members.len() => return Ok(()),
            0 => ("trailing characters", context.member_key_start(path, 0)),
            read => (
                "trailing comma",
                skip_whitespace(text, skip_value(text, context.child_start(path, read - 1))),
            ),
        };
        Err(context.syntax(message, Position::Peek(at)))
    }

    /// The next member's key, if any. (Out of the generic reading, which every type read has
    /// a copy of.)
    fn key(&mut self) -> Result<Option<&'a str>, ReadError> {
        let Some((key, value)) = self.members.get(self.next) else {
            return Ok(None);
        };
        // serde_json fails before the key, and reports the failure at the object.
        if let Node::Invalid(Cut::Member) = value {
            return Err(ReadError::stopped());
        }
        self.value_pending = true;
        Ok(Some(key))
    }

    /// The next member: its key, value and index.
    fn value(&mut self) -> Result<(&'a str, &'a Node, usize), ReadError> {
        let Some((key, node)) = self.members.get(self.next) else {
            return Err(de::Error::custom(
                "a value was asked for after the last member",
            ));
        };
        // serde_json fails before the value (at the colon), and reports the failure at the
        // object.
        if let Node::Invalid(Cut::Value) = node {
            return Err(ReadError::stopped());
        }
        self.next += 1;
        self.value_pending = false;
        Ok((key, node, self.next - 1))
    }
}

/// An object key. serde_json reads keys as strings for every type our requests use as keys
/// (field names, `String`); only a number or boolean type would have it parse the key, which
/// no request has.
struct Key<'a>(&'a str);

impl<'de> Deserializer<'de> for Key<'de> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        // A key is never null.
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// An enum's variant: a string, or the first member of an object with its value.
struct Variant<'a, 'p, 'c> {
    variant: &'a str,
    value: Option<&'a Node>,
    enum_path: &'p Path<'p>,
    context: &'c Context<'c>,
}

impl<'a, 'p, 'c> EnumAccess<'a> for Variant<'a, 'p, 'c> {
    type Error = ReadError;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'a>>(self, seed: S) -> Result<(S::Value, Self), ReadError> {
        let variant = seed.deserialize(Key(self.variant))?;
        Ok((variant, self))
    }
}

impl<'a> Variant<'a, '_, '_> {
    /// The reader of the variant's value, or the error serde_json gives a variant written as
    /// a string (no value) where `expected` a variant with one.
    fn value(&self, expected: &'static str) -> Result<Reader<'a, '_, '_>, ReadError> {
        match self.value {
            Some(node) => Ok(Reader {
                node,
                path: Path::Variant {
                    parent: self.enum_path,
                },
                context: self.context,
            }),
            None => Err(invalid_type(Unexpected::UnitVariant, &expected)),
        }
    }
}

impl<'a> VariantAccess<'a> for Variant<'a, '_, '_> {
    type Error = ReadError;

    fn unit_variant(self) -> Result<(), ReadError> {
        match self.value {
            None => Ok(()),
            Some(_) => de::Deserialize::deserialize(self.value("unit variant")?),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'a>>(self, seed: T) -> Result<T::Value, ReadError> {
        seed.deserialize(self.value("newtype variant")?)
    }

    fn tuple_variant<V: Visitor<'a>>(self, _len: usize, visitor: V) -> Result<V::Value, ReadError> {
        self.value("tuple variant")?.deserialize_seq(visitor)
    }

    fn struct_variant<V: Visitor<'a>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.value("struct variant")?
            .deserialize_struct("", &[], visitor)
    }
}

// ---- Positions in the text, for the errors serde_json writes with one ---------------------
//
// Everything before the place of such an error was parsed by the first pass: it is JSON, and
// these only skip over it.

/// A position as serde_json reports it: `At` an index (the end of what it read), or the byte
/// it `Peek`ed, which it reports one further.
enum Position {
    At(usize),
    Peek(usize),
}

impl Position {
    /// Line and column as serde_json counts them (columns in bytes).
    fn line_column(&self, text: &str) -> (usize, usize) {
        let index = match *self {
            Position::At(i) => i.min(text.len()),
            Position::Peek(i) => (i + 1).min(text.len()),
        };
        let before = text.as_bytes().get(..index).unwrap_or_default();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |newline| newline + 1);
        let lines = before
            .get(..line_start)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        (lines + 1, index - line_start)
    }
}

/// The byte at `at`; `\0` past the end (JSON text has none outside its strings' escapes).
fn byte(text: &str, at: usize) -> u8 {
    text.as_bytes().get(at).copied().unwrap_or(b'\0')
}

fn skip_whitespace(text: &str, mut at: usize) -> usize {
    while matches!(byte(text, at), b' ' | b'\n' | b'\t' | b'\r') {
        at += 1;
    }
    at
}

/// Past the string starting at `at` (its opening quote).
fn skip_string(text: &str, mut at: usize) -> usize {
    at += 1;
    loop {
        match byte(text, at) {
            b'"' => return at + 1,
            b'\0' => return at,
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
}

/// Past the value starting at `at`.
fn skip_value(text: &str, start: usize) -> usize {
    let mut at = start;
    if !matches!(byte(text, at), b'[' | b'{') {
        if byte(text, at) == b'"' {
            return skip_string(text, at);
        }
        // A number or a literal runs to the next delimiter.
        while !matches!(
            byte(text, at),
            b',' | b']' | b'}' | b' ' | b'\n' | b'\t' | b'\r' | b'\0'
        ) {
            at += 1;
        }
        return at;
    }
    let mut depth = 0usize;
    loop {
        match byte(text, at) {
            b'"' => {
                at = skip_string(text, at);
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return at + 1;
                }
            }
            b'\0' => return at,
            _ => {}
        }
        at += 1;
    }
}

/// Past the member starting at `at` (its key), the comma after it, and the whitespace.
fn skip_member(text: &str, at: usize) -> usize {
    let colon = skip_whitespace(text, skip_string(text, at));
    let value = skip_whitespace(text, colon + 1);
    let comma = skip_whitespace(text, skip_value(text, value));
    skip_whitespace(text, comma + 1)
}

/// Where the value at `address` (member or element indices from the root) starts.
fn locate(text: &str, address: &[usize]) -> usize {
    let mut at = skip_whitespace(text, 0);
    for &index in address {
        let object = byte(text, at) == b'{';
        at = skip_whitespace(text, at + 1);
        for _ in 0..index {
            at = if object {
                skip_member(text, at)
            } else {
                let comma = skip_whitespace(text, skip_value(text, at));
                skip_whitespace(text, comma + 1)
            };
        }
        if object {
            let colon = skip_whitespace(text, skip_string(text, at));
            at = skip_whitespace(text, colon + 1);
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use std::fmt::Debug;

    use proptest::prelude::*;
    use serde_json::Value;

    use super::*;
    use crate::error::from_tracked;
    use crate::json::{association, preregistration, relationship};
    use crate::policy::PolicyInput;

    /// The reading this module replaced, kept as the oracle: `serde_path_to_error` over
    /// serde_json's text deserializer gives serde_json's errors and paths by construction.
    fn streaming<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        let value = serde_path_to_error::deserialize(&mut de).map_err(from_tracked)?;
        de.end()
            .map_err(|e| Error::invalid_input("$", e.to_string()))?;
        Ok(value)
    }

    /// The request reading this module replaced: a first streaming pass over the whole text
    /// for its syntax and its `op` (a string, once), then the op's type.
    fn streaming_request<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
        /// Whether the request has an `op`.
        struct Probe(bool);

        impl<'de> de::Deserialize<'de> for Probe {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Probe, D::Error> {
                d.deserialize_map(Probe(false))
            }
        }

        impl<'de> Visitor<'de> for Probe {
            type Value = Probe;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(super::super::EXPECTED_REQUEST)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
                let mut op = false;
                while let Some(key) = map.next_key::<String>()? {
                    if key == "op" {
                        if op {
                            return Err(de::Error::duplicate_field("op"));
                        }
                        op = true;
                        map.next_value_seed(OpName)?;
                    } else {
                        map.next_value::<Value>()?;
                    }
                }
                Ok(Probe(op))
            }
        }

        struct OpName;

        impl<'de> DeserializeSeed<'de> for OpName {
            type Value = ();

            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
                d.deserialize_str(self)
            }
        }

        impl Visitor<'_> for OpName {
            type Value = ();

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(super::super::EXPECTED_OP_NAME)
            }

            fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
                Ok(())
            }
        }

        match streaming::<Probe>(text)? {
            Probe(true) => streaming(text),
            Probe(false) => Err(super::super::missing_op()),
        }
    }

    fn shown<T: Debug>(read: Result<T, Error>) -> Result<String, Error> {
        read.map(|value| format!("{value:?}"))
    }

    /// [`request`] then [`Source`] answer as the request reading they replaced.
    fn same_request<T: DeserializeOwned + Debug>(text: &str) -> Result<(), TestCaseError> {
        let read = request(text).and_then(|request| super::super::Source::parse(request.source()));
        prop_assert_eq!(
            shown::<T>(read),
            shown(streaming_request::<T>(text)),
            "{}",
            text
        );
        Ok(())
    }

    /// [`from_str`] answers as reading the text with serde_json.
    fn same_read<T: DeserializeOwned + Debug>(text: &str) -> Result<(), TestCaseError> {
        prop_assert_eq!(
            shown(from_str::<T>(text)),
            shown(streaming::<T>(text)),
            "{}",
            text
        );
        Ok(())
    }

    /// A comparison of a reading with the one it replaced, on a text.
    type Check = fn(&str) -> Result<(), TestCaseError>;

    /// Requests and policies to vary, each with the type it is read as.
    const SAMPLES: &[(&str, Check)] = &[
        (
            r#"{"preset": "cn", "review_working_days": 3, "link_invitation_validity_days": null,
                "calendar": {"utc_offset": "+08:00", "weekend": ["saturday", "sunday"],
                             "holidays": ["2026-10-01"], "extra_workdays": ["2026-09-27"]}}"#,
            same_read::<PolicyInput>,
        ),
        (
            r#"{"op": "preregistration.check", "now": "2026-11-21T10:00:00+08:00", "policy": "cn",
                "partner": {"id": "p-1", "billing_mode": "prepaid", "has_reserved_contact": true},
                "customer": {"id": "c-1", "registered_site": "international",
                             "preregistration": {"partner_id": "p-2", "expires_at": "2026-12-01T00:00:00Z"}}}"#,
            same_request::<preregistration::CheckRequest>,
        ),
        (
            r#"{"op": "preregistration.delete", "items": [{"id": "a", "status": "expired"},
                {"id": "b", "status": "pending_review"}]}"#,
            same_request::<preregistration::DeleteRequest>,
        ),
        (
            r#"{"op": "association.check", "now": "2026-11-21T10:00:00Z", "model": "referral",
                "partner": {"id": "p"}, "invitation": {"method": "email", "code_used": false}}"#,
            same_request::<association::CheckRequest>,
        ),
        (
            r#"{"op": "disassociation.respond", "partner": {"id": "p"}, "action": "agree",
                "request": {"status": "pending"}}"#,
            same_request::<relationship::DisassociationRespondRequest>,
        ),
        (
            r#"{"op": "export.mask", "records": [{"name": "张三", "n": [1, -2, 2.5e3, {"x": null}]}],
                "fields": {"name": "name"}}"#,
            same_request::<relationship::ExportMaskRequest>,
        ),
    ];

    /// Values put in place of a sample's values: every kind, enums written as objects, duplicate
    /// keys, numbers at the edges of `u64` and `i64`, escapes.
    const REPLACEMENTS: &[&str] = &[
        "null",
        "true",
        "0",
        "-0",
        "7",
        "-3",
        "1.5",
        "1e300",
        "18446744073709551616",
        "-9223372036854775809",
        r#""""#,
        r#""cn""#,
        r#""expired""#,
        r#""referral""#,
        r#""a\"b\u00e9\n""#,
        "[]",
        "[1]",
        "[[]]",
        "{}",
        r#"{"x": 1}"#,
        r#"{"expired": null}"#,
        r#"{"referral": null, "x": 1}"#,
        r#"{"cn": 5}"#,
        r#"{"agree": [1]}"#,
        r#"{"id": "p", "id": "q"}"#,
        r#"{"status": "expired", "status": 1}"#,
    ];

    /// Where the text stops being JSON, if it does.
    const DAMAGE: &[&str] = &[
        "", "x", ",", "}", "]", "\"", ":", "tru", "nul", "1.", "-", "[", "{", "\n",
    ];

    /// The JSON paths of every value of `value`, as pointers (`/partner/id`).
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
    fn varied(sample: &str, which: usize, raw: &str, pretty: bool) -> String {
        const MARK: &str = "\u{1}mark\u{1}";
        let mut value: Value = serde_json::from_str(sample).unwrap();
        let mut all = Vec::new();
        pointers(&value, String::new(), &mut all);
        let pointer = &all[which % all.len()];
        *value.pointer_mut(pointer).unwrap() = Value::String(MARK.to_owned());
        let text = if pretty {
            serde_json::to_string_pretty(&value)
        } else {
            serde_json::to_string(&value)
        };
        text.unwrap()
            .replacen(&serde_json::to_string(MARK).unwrap(), raw, 1)
    }

    /// `text` cut at `at`, or with `damage` put there.
    fn damaged(text: &str, at: usize, damage: &str, cut: bool) -> String {
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let at = boundaries
            .get(at % (boundaries.len() + 1))
            .copied()
            .unwrap_or(text.len());
        let (head, tail) = text.split_at(at);
        if cut {
            head.to_owned()
        } else {
            format!("{head}{damage}{tail}")
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn reads_as_serde_json_reads_the_text(
            sample in 0..SAMPLES.len(),
            which in 0..64usize,
            raw in 0..REPLACEMENTS.len(),
            pretty in any::<bool>(),
            at in any::<usize>(),
            damage in 0..DAMAGE.len(),
            cut in prop::bool::weighted(0.2),
        ) {
            let (text, same) = SAMPLES[sample];
            let text = varied(text, which, REPLACEMENTS[raw], pretty);
            let text = damaged(&text, at, DAMAGE[damage], cut);
            same(&text)?;
        }
    }

    #[test]
    fn unexpected_values_are_named_as_serde_json_names_them() {
        let mut values = vec![
            Unexpected::Bool(true),
            Unexpected::Unsigned(7),
            Unexpected::Signed(-7),
            Unexpected::Char('x'),
            Unexpected::Str("a \"quoted\"\n string"),
            Unexpected::Bytes(b"ab"),
            Unexpected::Unit,
            Unexpected::Option,
            Unexpected::NewtypeStruct,
            Unexpected::Seq,
            Unexpected::Map,
            Unexpected::Enum,
            Unexpected::UnitVariant,
            Unexpected::NewtypeVariant,
            Unexpected::TupleVariant,
            Unexpected::StructVariant,
            Unexpected::Other("something else"),
        ];
        for float in [
            1.5,
            -0.0,
            1e300,
            5e-324,
            100.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            values.push(Unexpected::Float(float));
        }
        for unexpected in values {
            let ours: ReadError = de::Error::invalid_type(unexpected, &"x");
            let theirs: serde_json::Error = de::Error::invalid_type(unexpected, &"x");
            assert_eq!(ours.to_string(), theirs.to_string());
            let ours: ReadError = de::Error::invalid_value(unexpected, &"x");
            let theirs: serde_json::Error = de::Error::invalid_value(unexpected, &"x");
            assert_eq!(ours.to_string(), theirs.to_string());
        }
    }

    #[test]
    fn a_message_ending_in_a_position_loses_it_as_with_serde_json() {
        for message in [
            "plain",
            "got `x` at line 3 column 4",
            "got at line 3 column 4 and more",
            "at line 3 column 4",
            "x at line  column 4",
            "x at line 3 column ",
            "x at line 3 column 4x",
            "x at line 99999999999999999999999 column 4",
            "x at line 1 column 2 at line 3 column 4",
        ] {
            let ours: ReadError = de::Error::custom(message);
            let theirs: serde_json::Error = de::Error::custom(message);
            let theirs = match theirs.line() {
                0 => theirs.to_string(),
                line => theirs
                    .to_string()
                    .replace(&format!(" at line {line} column {}", theirs.column()), ""),
            };
            assert_eq!(ours.to_string(), theirs, "{message}");
        }
    }

    #[test]
    fn an_enum_given_another_kind_is_a_syntax_error_with_its_position() {
        let text =
            "{\"op\": \"preregistration.delete\", \"items\": [{\"id\": \"a\",\n  \"status\": 5}]}";
        let err = crate::evaluate_json(text).unwrap_err();
        assert_eq!(err.path(), "$.items[0].status");
        assert_eq!(err.message(), "expected value at line 2 column 13");
        let text = r#"{"op": "preregistration.delete", "items": [{"id": "a", "status": {"expired": null, "x": 1}}]}"#;
        let err = crate::evaluate_json(text).unwrap_err();
        assert_eq!(err.message(), "expected value at line 1 column 81");
        // As an object with one member, the variant's value must be null.
        let text = r#"{"op": "preregistration.delete", "items": [{"id": "a", "status": {"expired": null}}]}"#;
        assert!(crate::evaluate_json(text).is_ok());
    }
}
