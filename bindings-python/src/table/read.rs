//! Table rows read as request fields, through the fact structs' own `Deserialize`.
//!
//! A column is one field of the op's request, named by its dotted path
//! (`customer.registered_at`), or a struct column named after a field (`customer`). The columns
//! of a batch become a tree of [`Node`]s, and a [`Cell`] (a node at a row) is a serde
//! `Deserializer` that hands the fact structs the JSON value the cell stands for: a boolean, a
//! number, a string, a timestamp as RFC 3339 text, an object (a struct column or a group of
//! dotted columns) or an array (a list column), and JSON `null` for a null cell. So a new fact
//! field needs no code here, and a table answers exactly what `evaluate` answers for the
//! request the row stands for (README: "Whole customer bases").
//!
//! A fact's rows leave out the cells the fact reads exactly as absent (a null optional, a
//! false flag), learnt once per batch from the fact's own `Deserialize`
//! ([`Node::learn_omissions`]): most of a customer's many fields are such cells, and each one
//! handed over costs a key, a lookup and a value.
//!
//! The same deserializer has a probe mode, run once per batch before any row: each leaf answers
//! whatever type the fact struct asks for if its Arrow type can give one, and fails as serde
//! would otherwise. So a column of the wrong type, an unknown column and a missing required
//! column are found once, named by column, even in an empty table.

use std::cell::OnceCell;
use std::fmt;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type, UInt64Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray, UInt64Array,
};
use arrow_buffer::{BooleanBuffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, TimeUnit};
use serde::de::value::BorrowedStrDeserializer;
use serde::de::DeserializeOwned;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::Deserialize;
use time::{OffsetDateTime, UtcOffset};

/// What a probe hands a field that asks for a string: valid RFC 3339 text, so that timestamp
/// fields accept it too, and a non-empty string for ids.
const PROBE_TEXT: &str = "1970-01-01T00:00:00Z";

/// How a cell failed to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A null cell where the field takes no null.
    Null,
    /// A value of a type the field does not take (from the column's Arrow type).
    Type,
    /// A column the fact does not have.
    UnknownField,
    /// A field the fact requires and no column gives.
    MissingField,
    /// A value of the right type the field refuses (out of range, unknown variant, bad text).
    Value,
}

/// A cell that could not be read: the kind, serde's message and the path below the field the
/// reading started at.
#[derive(Debug)]
pub(crate) struct ReadError {
    pub(crate) kind: Kind,
    pub(crate) message: String,
    /// Path pieces, innermost first (pushed while the error travels outwards).
    reversed_path: Vec<Piece>,
}

#[derive(Debug)]
enum Piece {
    Key(String),
    Index(usize),
}

impl ReadError {
    fn new(kind: Kind, message: String) -> ReadError {
        ReadError {
            kind,
            message,
            reversed_path: Vec::new(),
        }
    }

    fn under_key(mut self, key: &str) -> ReadError {
        self.reversed_path.push(Piece::Key(key.to_owned()));
        self
    }

    fn under_index(mut self, index: usize) -> ReadError {
        self.reversed_path.push(Piece::Index(index));
        self
    }

    /// The path below the field read, in the JSON path form: `.preregistration.expires_at`,
    /// `[2].at`; empty for the field itself.
    pub(crate) fn path(&self) -> String {
        let mut out = String::new();
        for piece in self.reversed_path.iter().rev() {
            match piece {
                Piece::Key(key) => {
                    out.push('.');
                    out.push_str(key);
                }
                Piece::Index(index) => {
                    out.push('[');
                    out.push_str(&index.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ReadError::new(Kind::Value, msg.to_string())
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        // A null cell reaches a visitor as `visit_unit`; serde_json words JSON null the same.
        if unexpected == Unexpected::Unit {
            ReadError::new(
                Kind::Null,
                format!("invalid type: null, expected {expected}"),
            )
        } else {
            ReadError::new(
                Kind::Type,
                format!("invalid type: {unexpected}, expected {expected}"),
            )
        }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let words = <de::value::Error as de::Error>::unknown_field(field, expected);
        ReadError::new(Kind::UnknownField, words.to_string())
    }

    fn missing_field(field: &'static str) -> Self {
        // At the missing field's own path, as the JSON contract reports it.
        ReadError::new(Kind::MissingField, format!("missing field `{field}`")).under_key(field)
    }
}

/// A problem with the columns themselves, found before any row is read: the dotted name of the
/// column (or of the field it stands for) and what is wrong.
#[derive(Debug)]
pub(crate) struct ColumnError {
    pub(crate) column: String,
    pub(crate) message: String,
}

impl ColumnError {
    /// A field that two columns give (two dotted columns, a dotted column beside its struct,
    /// a struct that repeats a name): a request object gives a key once.
    fn given_twice(column: impl Into<String>) -> ColumnError {
        ColumnError::new(column, "the field is given by more than one column")
    }

    fn new(column: impl Into<String>, message: impl Into<String>) -> ColumnError {
        ColumnError {
            column: column.into(),
            message: message.into(),
        }
    }
}

/// One field of the request: a leaf column, or a group of fields (a struct column, or the
/// dotted columns that share a prefix).
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) name: String,
    kind: NodeKind,
    /// The rows whose cell of this field is handed to its fact, one bit a row, so that a row
    /// tests one bit (see [`Node::learn_omissions`]); unset, every row's cell is.
    kept: OnceCell<BooleanBuffer>,
}

#[derive(Debug)]
enum NodeKind {
    Leaf(Column),
    Group {
        children: Vec<Node>,
        /// A struct column's own validity.
        nulls: Option<NullBuffer>,
        /// Made from a struct column: dotted columns cannot add to it.
        sealed: bool,
    },
}

/// A leaf column, cast to one of the few Arrow types read.
#[derive(Debug)]
enum Column {
    /// Arrow's null type: every cell is null.
    Null,
    Bool(BooleanArray),
    I64(Int64Array),
    U64(UInt64Array),
    F64(Float64Array),
    Str(StringArray),
    Time(Instants),
    List {
        offsets: OffsetBuffer<i32>,
        nulls: Option<NullBuffer>,
        item: Box<Node>,
    },
}

/// A timestamp column with a time zone.
#[derive(Debug)]
pub(crate) struct Instants {
    values: ScalarBuffer<i64>,
    nulls: Option<NullBuffer>,
    unit: TimeUnit,
    /// The column's fixed offset; UTC for a named zone (the instant is what the rules read).
    offset: UtcOffset,
}

impl Instants {
    fn is_null(&self, row: usize) -> bool {
        self.nulls.as_ref().is_some_and(|n| n.is_null(row))
    }

    /// The instant at `row` in the column's offset; `None` for a null cell.
    pub(crate) fn get(&self, row: usize) -> Result<Option<OffsetDateTime>, ReadError> {
        if self.is_null(row) {
            return Ok(None);
        }
        let value = self.values.get(row).copied().unwrap_or_default();
        let (seconds, nanos) = seconds_and_nanos(value, self.unit);
        OffsetDateTime::from_unix_timestamp(seconds)
            .ok()
            .and_then(|t| t.replace_nanosecond(u32::try_from(nanos).ok()?).ok())
            .and_then(|t| t.checked_to_offset(self.offset))
            .filter(|t| (0..=9999).contains(&t.year()))
            .map(Some)
            .ok_or_else(|| {
                ReadError::new(
                    Kind::Value,
                    format!(
                        "expected an instant between the years 0 and 9999, got {value} {}",
                        unit_name(self.unit)
                    ),
                )
            })
    }
}

impl Instants {
    /// The cell at `row` as RFC 3339 text in the column's offset, written straight from the
    /// stored number: a fact reads its instants from text, and building an `OffsetDateTime`
    /// first (then taking its date apart again to write it) cost more than the parse itself.
    fn text(&self, row: usize) -> Result<Option<Rfc3339Text>, ReadError> {
        if self.is_null(row) {
            return Ok(None);
        }
        let value = self.values.get(row).copied().unwrap_or_default();
        let (seconds, nanos) = seconds_and_nanos(value, self.unit);
        let local = seconds.checked_add(i64::from(self.offset.whole_seconds()));
        let text = local.and_then(|local| {
            Rfc3339Text::from_parts(
                local.div_euclid(86_400),
                local.rem_euclid(86_400),
                u32::try_from(nanos).ok()?,
                self.offset,
            )
        });
        match text {
            Some(text) => Ok(Some(text)),
            None => Err(ReadError::new(
                Kind::Value,
                format!(
                    "expected an instant between the years 0 and 9999, got {value} {}",
                    unit_name(self.unit)
                ),
            )),
        }
    }
}

/// Whole seconds since the epoch and the nanoseconds past them, of `value` `unit`s. In 64 bits
/// (128-bit arithmetic showed in profiles), each unit with its own constant divisor (a
/// division by a unit read at run time showed too).
fn seconds_and_nanos(value: i64, unit: TimeUnit) -> (i64, i64) {
    match unit {
        TimeUnit::Second => (value, 0),
        TimeUnit::Millisecond => (value.div_euclid(1_000), value.rem_euclid(1_000) * 1_000_000),
        TimeUnit::Microsecond => (
            value.div_euclid(1_000_000),
            value.rem_euclid(1_000_000) * 1_000,
        ),
        TimeUnit::Nanosecond => (
            value.div_euclid(1_000_000_000),
            value.rem_euclid(1_000_000_000),
        ),
    }
}

/// The proleptic Gregorian (year, month, day) of a count of days since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

fn unit_name(unit: TimeUnit) -> &'static str {
    match unit {
        TimeUnit::Second => "s",
        TimeUnit::Millisecond => "ms",
        TimeUnit::Microsecond => "µs",
        TimeUnit::Nanosecond => "ns",
    }
}

impl Column {
    fn is_null(&self, row: usize) -> bool {
        matches!(self, Column::Null) || self.nulls().is_some_and(|n| n.is_null(row))
    }

    /// The validity of a column that has one (not of Arrow's null type, all null).
    fn nulls(&self) -> Option<&NullBuffer> {
        match self {
            Column::Null => None,
            Column::Bool(a) => a.nulls(),
            Column::I64(a) => a.nulls(),
            Column::U64(a) => a.nulls(),
            Column::F64(a) => a.nulls(),
            Column::Str(a) => a.nulls(),
            Column::Time(t) => t.nulls.as_ref(),
            Column::List { nulls, .. } => nulls.as_ref(),
        }
    }
}

impl Node {
    fn new(name: &str, kind: NodeKind) -> Node {
        Node {
            name: name.to_owned(),
            kind,
            kept: OnceCell::new(),
        }
    }

    /// Learns which cells of this fact's fields its rows may leave out: a null cell (or a
    /// false one, in a boolean column) where the fact `T` reads `{field: null}` (`{field:
    /// false}`) exactly as it reads `{}`, and an absent object of leaf columns where `T` reads
    /// both its forms (a null struct, and an object of nulls) as `{}`. Asked of `T` itself,
    /// once per batch, so a field whose null is an error, or whose default is not what null or
    /// false gives, keeps every cell; so does every field of a fact whose `{}` is an error (a
    /// `Partner`, whose `id` is required). "Exactly" is `T`'s `PartialEq`, which must tell
    /// apart what the rules tell apart (the core's facts derive it).
    ///
    /// Only for a fact read as an object (a struct, never an option, so that an object of
    /// nulls is not read as an absent one) whose `Deserialize` reads each key on its own, as
    /// a derived one does. A null cell reads the same whatever its column's type, which is
    /// what lets a column of nulls stand for it; objects nested deeper and list items keep
    /// every cell.
    pub(crate) fn learn_omissions<T: DeserializeOwned + PartialEq>(&self, rows: usize) {
        let NodeKind::Group { children, .. } = &self.kind else {
            return;
        };
        let object = |name: &str, children: Vec<Node>| {
            Node::new(
                name,
                NodeKind::Group {
                    children,
                    nulls: None,
                    sealed: true,
                },
            )
        };
        let null_leaf = |name: &str| Node::new(name, NodeKind::Leaf(Column::Null));
        let Ok(empty) = T::deserialize(object(&self.name, Vec::new()).cell(0)) else {
            return;
        };
        let reads_as_empty = |field: Node| {
            let trial = object(&self.name, vec![field]);
            T::deserialize(trial.cell(0)).is_ok_and(|fact| fact == empty)
        };
        for child in children {
            let (omit_null, omit_false) = match &child.kind {
                NodeKind::Leaf(column) => (
                    reads_as_empty(null_leaf(&child.name)),
                    matches!(column, Column::Bool(_))
                        && reads_as_empty(Node::new(
                            &child.name,
                            NodeKind::Leaf(Column::Bool(BooleanArray::from(vec![false]))),
                        )),
                ),
                NodeKind::Group { children, .. } if children.iter().all(Node::is_leaf) => {
                    let nulls = children.iter().map(|leaf| null_leaf(&leaf.name)).collect();
                    let absent = reads_as_empty(null_leaf(&child.name))
                        && reads_as_empty(object(&child.name, nulls));
                    (absent, false)
                }
                NodeKind::Group { .. } => (false, false),
            };
            if let Some(kept) = child.kept_rows(rows, omit_null, omit_false) {
                // Learnt once: a field is claimed by one fact.
                let _ = child.kept.set(kept);
            }
        }
    }

    /// The rows whose cell is handed over, when null cells (or absent objects) and, in a
    /// boolean column, false cells are left out: bit operations on the column's own buffers,
    /// so that a row tests one bit.
    fn kept_rows(&self, rows: usize, omit_null: bool, omit_false: bool) -> Option<BooleanBuffer> {
        match &self.kind {
            NodeKind::Leaf(Column::Bool(a)) if omit_false => Some(match (a.nulls(), omit_null) {
                (None, _) => a.values().clone(),
                (Some(valid), true) => a.values() & valid.inner(),
                (Some(valid), false) => a.values() | &!valid.inner(),
            }),
            NodeKind::Leaf(Column::Null) if omit_null => Some(BooleanBuffer::new_unset(rows)),
            NodeKind::Leaf(column) if omit_null => {
                column.nulls().map(|valid| valid.inner().clone())
            }
            NodeKind::Group { .. } if omit_null => Some(BooleanBuffer::collect_bool(rows, |row| {
                !self.is_absent(row)
            })),
            _ => None,
        }
    }

    fn is_leaf(&self) -> bool {
        matches!(self.kind, NodeKind::Leaf(_))
    }

    /// Whether the cell at `row` is one its fact's map leaves out (see `learn_omissions`).
    fn omitted(&self, row: usize) -> bool {
        self.kept
            .get()
            .is_some_and(|kept| row < kept.len() && !kept.value(row))
    }

    /// A null cell, or a null struct; an object of dotted columns is never null itself.
    fn is_null(&self, row: usize) -> bool {
        match &self.kind {
            NodeKind::Leaf(column) => column.is_null(row),
            NodeKind::Group { nulls, .. } => nulls.as_ref().is_some_and(|n| n.is_null(row)),
        }
    }

    /// Null where the field takes null (serde asks for an option): also an object whose cells
    /// are all null, as a flattened optional struct (`customer.preregistration.*`,
    /// `invitation.*`) is where it is absent. Where the field takes no null (`customer`), such
    /// an object stays an object of nulls, so that its fields say which value is missing.
    fn is_absent(&self, row: usize) -> bool {
        match &self.kind {
            NodeKind::Leaf(column) => column.is_null(row),
            NodeKind::Group {
                nulls, children, ..
            } => {
                nulls.as_ref().is_some_and(|n| n.is_null(row))
                    || children.iter().all(|child| child.is_absent(row))
            }
        }
    }

    /// The timestamps of a leaf timestamp column.
    pub(crate) fn instants(&self) -> Option<&Instants> {
        match &self.kind {
            NodeKind::Leaf(Column::Time(t)) => Some(t),
            _ => None,
        }
    }

    /// The strings of a leaf string column.
    pub(crate) fn strings(&self) -> Option<&StringArray> {
        match &self.kind {
            NodeKind::Leaf(Column::Str(s)) => Some(s),
            _ => None,
        }
    }

    /// A leaf of Arrow's null type.
    pub(crate) fn is_null_column(&self) -> bool {
        matches!(self.kind, NodeKind::Leaf(Column::Null))
    }

    /// The cell at `row`, to deserialize.
    pub(crate) fn cell(&self, row: usize) -> Cell<'_> {
        Cell {
            node: self,
            row,
            probe: false,
        }
    }

    /// The probe of this field (see the module documentation).
    pub(crate) fn probe(&self) -> Cell<'_> {
        Cell {
            node: self,
            row: 0,
            probe: true,
        }
    }
}

/// The columns of a batch as a tree of request fields, by top-level name in column order.
#[derive(Debug)]
pub(crate) struct Tree {
    pub(crate) fields: Vec<Node>,
    /// The batch's rows: the length of a field's kept rows, which a column of Arrow's null
    /// type (no buffers) cannot give.
    pub(crate) rows: usize,
}

impl Tree {
    pub(crate) fn new(batch: &RecordBatch) -> Result<Tree, ColumnError> {
        let mut fields = Vec::new();
        let schema = batch.schema();
        for (field, array) in schema.fields().iter().zip(batch.columns()) {
            let name = field.name();
            let segments: Vec<&str> = name.split('.').collect();
            if segments.iter().any(|s| s.is_empty()) {
                return Err(ColumnError::new(
                    name.as_str(),
                    "expected a field name or a dotted path such as `customer.registered_at`",
                ));
            }
            let kind = node_kind(array, name)?;
            insert(&mut fields, &segments, kind, name)?;
        }
        Ok(Tree {
            fields,
            rows: batch.num_rows(),
        })
    }

    pub(crate) fn get(&self, name: &str) -> Option<&Node> {
        self.fields.iter().find(|node| node.name == name)
    }
}

fn insert(
    level: &mut Vec<Node>,
    segments: &[&str],
    kind: NodeKind,
    column: &str,
) -> Result<(), ColumnError> {
    let twice = || ColumnError::given_twice(column);
    let Some((first, rest)) = segments.split_first() else {
        return Err(twice());
    };
    let existing = level.iter_mut().position(|node| node.name == *first);
    if rest.is_empty() {
        return match existing {
            Some(_) => Err(twice()),
            None => {
                level.push(Node::new(first, kind));
                Ok(())
            }
        };
    }
    let index = match existing {
        Some(index) => index,
        None => {
            level.push(Node::new(
                first,
                NodeKind::Group {
                    children: Vec::new(),
                    nulls: None,
                    sealed: false,
                },
            ));
            level.len() - 1
        }
    };
    match level.get_mut(index).map(|node| &mut node.kind) {
        Some(NodeKind::Group {
            children,
            sealed: false,
            ..
        }) => insert(children, rest, kind, column),
        _ => Err(twice()),
    }
}

/// The node of one Arrow array, its columns cast to the types read.
fn node_kind(array: &ArrayRef, column: &str) -> Result<NodeKind, ColumnError> {
    let cast = |to: &DataType| {
        arrow_cast::cast(array, to).map_err(|e| {
            ColumnError::new(
                column,
                format!("cannot read Arrow type {} as {to}: {e}", array.data_type()),
            )
        })
    };
    let leaf = |column: Column| Ok(NodeKind::Leaf(column));
    match array.data_type() {
        DataType::Null => leaf(Column::Null),
        DataType::Boolean => leaf(Column::Bool(array.as_boolean().clone())),
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64 => leaf(Column::I64(
            cast(&DataType::Int64)?.as_primitive::<Int64Type>().clone(),
        )),
        DataType::UInt8 | DataType::UInt16 | DataType::UInt32 | DataType::UInt64 => {
            leaf(Column::U64(
                cast(&DataType::UInt64)?
                    .as_primitive::<UInt64Type>()
                    .clone(),
            ))
        }
        DataType::Float16 | DataType::Float32 | DataType::Float64 => leaf(Column::F64(
            cast(&DataType::Float64)?
                .as_primitive::<Float64Type>()
                .clone(),
        )),
        DataType::Utf8 => leaf(Column::Str(array.as_string::<i32>().clone())),
        DataType::LargeUtf8 | DataType::Utf8View => leaf(Column::Str(
            cast(&DataType::Utf8)?.as_string::<i32>().clone(),
        )),
        DataType::Dictionary(_, values)
            if matches!(
                values.as_ref(),
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            ) =>
        {
            leaf(Column::Str(
                cast(&DataType::Utf8)?.as_string::<i32>().clone(),
            ))
        }
        DataType::Timestamp(unit, zone) => {
            let Some(zone) = zone else {
                return Err(ColumnError::new(
                    column,
                    "a timestamp without a time zone names no instant: give the column a time \
                     zone (pyarrow: `.cast(pa.timestamp(\"us\", tz=\"+08:00\"))`) or RFC 3339 text",
                ));
            };
            let offset = parse_zone(zone)
                .ok_or_else(|| ColumnError::new(column, format!("unknown time zone `{zone}`")))?;
            let values = match unit {
                TimeUnit::Second => array
                    .as_primitive::<arrow_array::types::TimestampSecondType>()
                    .values()
                    .clone(),
                TimeUnit::Millisecond => array
                    .as_primitive::<arrow_array::types::TimestampMillisecondType>()
                    .values()
                    .clone(),
                TimeUnit::Microsecond => array
                    .as_primitive::<arrow_array::types::TimestampMicrosecondType>()
                    .values()
                    .clone(),
                TimeUnit::Nanosecond => array
                    .as_primitive::<arrow_array::types::TimestampNanosecondType>()
                    .values()
                    .clone(),
            };
            leaf(Column::Time(Instants {
                values,
                nulls: array.nulls().cloned(),
                unit: *unit,
                offset,
            }))
        }
        DataType::Struct(fields) => {
            let array = array.as_struct();
            let mut children = Vec::with_capacity(fields.len());
            for (field, child) in fields.iter().zip(array.columns()) {
                let name = format!("{column}.{}", field.name());
                // Arrow lets a struct repeat a name.
                if children.iter().any(|c: &Node| c.name == *field.name()) {
                    return Err(ColumnError::given_twice(name));
                }
                children.push(Node::new(field.name(), node_kind(child, &name)?));
            }
            Ok(NodeKind::Group {
                children,
                nulls: array.nulls().cloned(),
                sealed: true,
            })
        }
        DataType::List(_) => list(array.as_list::<i32>(), column),
        DataType::LargeList(item)
        | DataType::ListView(item)
        | DataType::LargeListView(item)
        | DataType::FixedSizeList(item, _) => {
            let item = Arc::new(Field::new("item", item.data_type().clone(), true));
            list(cast(&DataType::List(item))?.as_list::<i32>(), column)
        }
        other => Err(ColumnError::new(
            column,
            format!(
                "Arrow type {other} is not read; expected a boolean, integer, float, string, \
                     timestamp with a time zone, struct or list column"
            ),
        )),
    }
}

fn list(array: &arrow_array::ListArray, column: &str) -> Result<NodeKind, ColumnError> {
    let item = Node::new("item", node_kind(array.values(), &format!("{column}[]"))?);
    Ok(NodeKind::Leaf(Column::List {
        offsets: array.offsets().clone(),
        nulls: array.nulls().cloned(),
        item: Box::new(item),
    }))
}

/// A column's time zone as a fixed offset: `+08:00`, `+0800`, `-05`, `UTC`, `Z`; a named zone
/// (`Asia/Shanghai`) that arrow knows reads as UTC, which names the same instants.
fn parse_zone(zone: &str) -> Option<UtcOffset> {
    let trimmed = zone.trim();
    if ["UTC", "Z", "Etc/UTC", "GMT", "Etc/GMT", "utc", "z"].contains(&trimmed) {
        return Some(UtcOffset::UTC);
    }
    let bytes = trimmed.as_bytes();
    let sign = match bytes.first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => {
            return trimmed
                .parse::<arrow_array::timezone::Tz>()
                .ok()
                .map(|_| UtcOffset::UTC)
        }
    };
    let digits: Vec<u8> = bytes
        .iter()
        .skip(1)
        .filter(|b| **b != b':')
        .copied()
        .collect();
    if !digits.iter().all(u8::is_ascii_digit) || !(digits.len() == 2 || digits.len() == 4) {
        return None;
    }
    let number = |i: usize| -> i8 {
        let tens = digits.get(i).map_or(0, |d| d - b'0');
        let ones = digits.get(i + 1).map_or(0, |d| d - b'0');
        i8::try_from(tens * 10 + ones).unwrap_or(i8::MAX)
    };
    UtcOffset::from_hms(sign * number(0), sign * number(2), 0).ok()
}

/// RFC 3339 text of an instant, written by hand: every timestamp cell a fact reads is written
/// so, then parsed by the fact's own deserializer, and `time`'s general formatter took several
/// times as long.
struct Rfc3339Text {
    bytes: [u8; 40],
    len: usize,
}

impl Rfc3339Text {
    /// The text of local day `days` (since 1970-01-01) at second `second_of_day` and `nanos`,
    /// at `offset`; `None` outside the years 0 to 9999, which RFC 3339 cannot write.
    fn from_parts(
        days: i64,
        second_of_day: i64,
        nanos: u32,
        offset: UtcOffset,
    ) -> Option<Rfc3339Text> {
        let (year, month, day) = civil_from_days(days);
        let year = u32::try_from(year).ok().filter(|y| *y <= 9999)?;
        let second_of_day = u32::try_from(second_of_day).ok()?;
        let mut out = Rfc3339Text {
            bytes: [0; 40],
            len: 0,
        };
        out.pair(year / 100);
        out.pair(year % 100);
        out.push(b'-');
        out.pair(month);
        out.push(b'-');
        out.pair(day);
        out.push(b'T');
        out.pair(second_of_day / 3_600);
        out.push(b':');
        out.pair(second_of_day / 60 % 60);
        out.push(b':');
        out.pair(second_of_day % 60);
        let mut nanos = nanos;
        if nanos != 0 {
            out.push(b'.');
            let mut width = 9;
            while nanos.is_multiple_of(10) {
                nanos /= 10;
                width -= 1;
            }
            out.digits(nanos, width);
        }
        if offset.is_utc() {
            out.push(b'Z');
        } else {
            out.push(if offset.is_negative() { b'-' } else { b'+' });
            out.pair(u32::from(offset.whole_hours().unsigned_abs()));
            out.push(b':');
            out.pair(u32::from(offset.minutes_past_hour().unsigned_abs()));
        }
        Some(out)
    }

    fn push(&mut self, byte: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = byte;
            self.len += 1;
        }
    }

    /// The two digits of `value` (below 100), from a table: the date and time fields, without
    /// the general loop below (measured with the reasons' room: benches/README.md).
    fn pair(&mut self, value: u32) {
        const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
            2021222324252627282930313233343536373839\
            4041424344454647484950515253545556575859\
            6061626364656667686970717273747576777879\
            8081828384858687888990919293949596979899";
        let at = usize::try_from(value % 100).unwrap_or(0) * 2;
        let (Some(first), Some(second)) = (PAIRS.get(at), PAIRS.get(at + 1)) else {
            return;
        };
        self.push(*first);
        self.push(*second);
    }

    fn digits(&mut self, mut value: u32, width: usize) {
        let start = self.len;
        for _ in 0..width {
            self.push(b'0');
        }
        for at in (start..self.len).rev() {
            if let Some(slot) = self.bytes.get_mut(at) {
                // `value % 10` is a digit, so this stays within ASCII.
                *slot = b'0' + u8::try_from(value % 10).unwrap_or(0);
            }
            value /= 10;
        }
    }

    fn as_str(&self) -> &str {
        // Only ASCII is ever written.
        self.bytes
            .get(..self.len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }
}

/// A node at a row: the deserializer of the JSON value that cell stands for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cell<'a> {
    node: &'a Node,
    row: usize,
    probe: bool,
}

impl<'a> Cell<'a> {
    /// Probe mode: a value of the Arrow type's kind, whichever row.
    fn probe_any<V: Visitor<'a>>(
        self,
        column: &'a Column,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        match column {
            Column::Null => visitor.visit_unit(),
            Column::Bool(_) => visitor.visit_bool(false),
            Column::I64(_) => visitor.visit_i64(0),
            Column::U64(_) => visitor.visit_u64(0),
            Column::F64(_) => visitor.visit_f64(0.0),
            Column::Str(_) | Column::Time(_) => visitor.visit_borrowed_str(PROBE_TEXT),
            Column::List { item, .. } => visitor.visit_seq(Items {
                item,
                next: 0,
                start: 0,
                end: 1,
                probe: true,
            }),
        }
    }
}

impl<'a> Deserializer<'a> for Cell<'a> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let row = self.row;
        match &self.node.kind {
            NodeKind::Group { children, .. } => {
                if !self.probe && self.node.is_null(row) {
                    return visitor.visit_unit();
                }
                visitor.visit_map(Fields {
                    children: children.iter(),
                    current: None,
                    row,
                    probe: self.probe,
                })
            }
            NodeKind::Leaf(column) if self.probe => self.probe_any(column, visitor),
            NodeKind::Leaf(column) => match column {
                Column::Null => visitor.visit_unit(),
                Column::Bool(a) if a.is_valid(row) => visitor.visit_bool(a.value(row)),
                Column::I64(a) if a.is_valid(row) => visitor.visit_i64(a.value(row)),
                Column::U64(a) if a.is_valid(row) => visitor.visit_u64(a.value(row)),
                Column::F64(a) if a.is_valid(row) => visitor.visit_f64(a.value(row)),
                Column::Str(a) if a.is_valid(row) => visitor.visit_borrowed_str(a.value(row)),
                Column::Time(t) => match t.text(row)? {
                    Some(text) => visitor.visit_str(text.as_str()),
                    None => visitor.visit_unit(),
                },
                Column::List {
                    offsets,
                    nulls,
                    item,
                } if !nulls.as_ref().is_some_and(|n| n.is_null(row)) => {
                    let bound = |i: usize| {
                        offsets
                            .get(i)
                            .and_then(|o| usize::try_from(*o).ok())
                            .unwrap_or_default()
                    };
                    let (start, end) = (bound(row), bound(row + 1));
                    visitor.visit_seq(Items {
                        item,
                        next: start,
                        start,
                        end,
                        probe: false,
                    })
                }
                _ => visitor.visit_unit(),
            },
        }
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, ReadError> {
        if !self.probe && self.node.is_absent(self.row) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        match &self.node.kind {
            NodeKind::Leaf(Column::Str(_)) if self.probe => match variants.first() {
                Some(first) => visitor.visit_enum(BorrowedStrDeserializer::new(first)),
                None => self.deserialize_any(visitor),
            },
            NodeKind::Leaf(Column::Str(a)) if a.is_valid(self.row) => {
                visitor.visit_enum(BorrowedStrDeserializer::new(a.value(self.row)))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    /// Struct fields come from objects only: serde's derive would fill a struct from a list by
    /// position, which the JSON contract refuses.
    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        match &self.node.kind {
            NodeKind::Leaf(column) if !column.is_null(self.row) || self.probe => {
                if matches!(column, Column::Null) {
                    return visitor.visit_unit();
                }
                Err(de::Error::invalid_type(
                    Unexpected::Other("a non-object column"),
                    &"an object",
                ))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'a>>
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

/// The fields of an object cell, in column order.
struct Fields<'a> {
    children: std::slice::Iter<'a, Node>,
    current: Option<&'a Node>,
    row: usize,
    probe: bool,
}

impl<'a> MapAccess<'a> for Fields<'a> {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        for child in self.children.by_ref() {
            // A probe leaves out columns of nulls: whether a field takes null shows per row.
            if self.probe && child.is_null_column() {
                continue;
            }
            if !self.probe && child.omitted(self.row) {
                continue;
            }
            self.current = Some(child);
            return seed
                .deserialize(BorrowedStrDeserializer::<ReadError>::new(
                    child.name.as_str(),
                ))
                .map(Some)
                .map_err(|e: ReadError| e.under_key(&child.name));
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, ReadError> {
        let Some(child) = self.current.take() else {
            return Err(ReadError::new(
                Kind::Value,
                "a value was asked for before its key".to_owned(),
            ));
        };
        seed.deserialize(Cell {
            node: child,
            row: self.row,
            probe: self.probe,
        })
        .map_err(|e| e.under_key(&child.name))
    }
}

/// The items of a list cell.
struct Items<'a> {
    item: &'a Node,
    next: usize,
    start: usize,
    end: usize,
    probe: bool,
}

impl<'a> SeqAccess<'a> for Items<'a> {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ReadError> {
        if self.next >= self.end {
            return Ok(None);
        }
        let row = self.next;
        self.next += 1;
        seed.deserialize(Cell {
            node: self.item,
            row,
            probe: self.probe,
        })
        .map(Some)
        .map_err(|e| e.under_index(row - self.start))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.end.saturating_sub(self.next))
    }
}

/// A JSON object only: a fact read from a list or a scalar column would otherwise fill a
/// struct by position (serde's derive accepts sequences), which the JSON contract refuses.
#[derive(Debug, Clone)]
pub(crate) struct Object<T>(pub(crate) T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(std::marker::PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = T;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
            }
        }

        d.deserialize_map(ObjectVisitor(std::marker::PhantomData))
            .map(Object)
    }
}

/// A JSON array of objects only (`history`), for the same reason as [`Object`].
#[derive(Debug, Clone)]
pub(crate) struct Objects<T>(pub(crate) Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Objects<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let items = Vec::<Object<T>>::deserialize(d)?;
        Ok(Objects(items.into_iter().map(|item| item.0).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones() {
        assert_eq!(parse_zone("+08:00"), UtcOffset::from_hms(8, 0, 0).ok());
        assert_eq!(parse_zone("-0530"), UtcOffset::from_hms(-5, -30, 0).ok());
        assert_eq!(parse_zone("+01"), UtcOffset::from_hms(1, 0, 0).ok());
        assert_eq!(parse_zone("UTC"), Some(UtcOffset::UTC));
        assert_eq!(parse_zone("Asia/Shanghai"), Some(UtcOffset::UTC));
        assert_eq!(parse_zone("+8"), None);
        assert_eq!(parse_zone("Mars/Olympus"), None);
    }

    #[test]
    fn rfc3339_text_names_the_instant() -> Result<(), String> {
        let plus8 = UtcOffset::from_hms(8, 0, 0).map_err(|e| e.to_string())?;
        let minus5 = UtcOffset::from_hms(-5, -30, 0).map_err(|e| e.to_string())?;
        // Every 7,919th second from the year 1 to 9999, and fractions of each unit.
        let mut cases = vec![
            (1_795_226_400_123_456_i64, TimeUnit::Microsecond, plus8),
            (-1, TimeUnit::Nanosecond, UtcOffset::UTC),
            (951_782_400_000, TimeUnit::Millisecond, minus5),
        ];
        let mut second = -62_135_596_800_i64; // 0001-01-01T00:00:00Z
        while second < 253_402_300_799 {
            cases.push((second, TimeUnit::Second, plus8));
            second += 7_919 * 3_607;
        }
        for (value, unit, offset) in cases {
            let instants = Instants {
                values: ScalarBuffer::from(vec![value]),
                nulls: None,
                unit,
                offset,
            };
            let text = instants.text(0).map_err(|e| e.message)?.ok_or("null")?;
            let expected = instants.get(0).map_err(|e| e.message)?.ok_or("null")?;
            let parsed =
                partner_rules::parse_timestamp(text.as_str()).map_err(|e| e.to_string())?;
            assert_eq!(parsed, expected, "{}", text.as_str());
            assert_eq!(parsed.offset(), offset, "{}", text.as_str());
        }
        Ok(())
    }

    /// A fact whose fields read null, false and absence in every way a fact can.
    #[derive(Debug, Clone, PartialEq, Deserialize)]
    struct Fact {
        #[serde(default)]
        note: Option<String>,
        #[serde(default)]
        flag: bool,
        #[serde(default = "yes")]
        on: bool,
        #[serde(default = "some")]
        maybe: Option<String>,
        #[serde(default)]
        inner: Option<Inner>,
        #[serde(default)]
        strict: Inner,
    }

    #[derive(Debug, Clone, Default, PartialEq, Deserialize)]
    struct Inner {
        #[serde(default)]
        a: Option<String>,
        #[serde(default)]
        b: Option<String>,
    }

    fn yes() -> bool {
        true
    }

    fn some() -> Option<String> {
        Some("default".to_owned())
    }

    fn fact_rows() -> Result<RecordBatch, String> {
        let text = |cells: Vec<Option<&str>>| -> ArrayRef { Arc::new(StringArray::from(cells)) };
        let flags = |cells: Vec<Option<bool>>| -> ArrayRef { Arc::new(BooleanArray::from(cells)) };
        RecordBatch::try_from_iter(vec![
            ("fact.note", text(vec![None, Some("n"), None])),
            ("fact.flag", flags(vec![Some(false), Some(true), None])),
            ("fact.on", flags(vec![Some(false), Some(true), Some(false)])),
            ("fact.maybe", text(vec![None, Some("m"), None])),
            ("fact.inner.a", text(vec![None, Some("a"), None])),
            ("fact.inner.b", Arc::new(arrow_array::NullArray::new(3))),
            ("fact.strict.a", text(vec![None, Some("a"), None])),
        ])
        .map_err(|e| e.to_string())
    }

    /// Each field of a fact, and the rows that leave it out.
    fn omissions(node: &Node, rows: usize) -> Vec<(String, Vec<usize>)> {
        match &node.kind {
            NodeKind::Group { children, .. } => children
                .iter()
                .map(|c| {
                    (
                        c.name.clone(),
                        (0..rows).filter(|r| c.omitted(*r)).collect(),
                    )
                })
                .collect(),
            NodeKind::Leaf(_) => Vec::new(),
        }
    }

    #[test]
    fn omitted_cells_are_those_that_read_as_absent() -> Result<(), String> {
        let batch = fact_rows()?;
        let fields = |omitted: [&[usize]; 6]| {
            ["note", "flag", "on", "maybe", "inner", "strict"]
                .iter()
                .zip(omitted)
                .map(|(name, rows)| (name.to_string(), rows.to_vec()))
                .collect::<Vec<_>>()
        };
        let expected = fields([
            &[0, 2],
            // A boolean's null is an error, not false: only row 0's false is left out.
            &[0],
            // Its default is true, so false is a value.
            &[],
            // Its default is `Some`, so null is a value.
            &[],
            &[0, 2],
            // A struct of nulls is read as one, not as absent.
            &[],
        ]);
        // The same rows from the second on: the columns' buffers start at an offset.
        let sliced = fields([&[1], &[], &[], &[], &[1], &[]]);
        for (batch, expected) in [(batch.clone(), expected), (batch.slice(1, 2), sliced)] {
            let rows = batch.num_rows();
            let learnt = Tree::new(&batch).map_err(|e| e.message)?;
            let plain = Tree::new(&batch).map_err(|e| e.message)?;
            let (Some(fact), Some(unlearnt)) = (learnt.get("fact"), plain.get("fact")) else {
                return Err("no fact".to_owned());
            };
            fact.learn_omissions::<Fact>(rows);
            assert_eq!(omissions(fact, rows), expected);
            for row in 0..rows {
                let read = |node: &Node| Fact::deserialize(node.cell(row)).map_err(|e| e.message);
                assert_eq!(read(fact), read(unlearnt), "row {row}");
                // The last row's null flag is an error either way.
                assert_eq!(read(fact).is_ok(), row + 1 != rows, "row {row}");
            }
        }
        Ok(())
    }

    #[test]
    fn a_fact_whose_empty_object_is_an_error_keeps_every_cell() -> Result<(), String> {
        // As a `Partner`: its `id` is required, so there is no `{}` to compare with.
        #[derive(Debug, PartialEq, Deserialize)]
        struct Required {
            id: String,
            #[serde(default)]
            note: Option<String>,
            #[serde(default)]
            flag: bool,
        }
        let batch = RecordBatch::try_from_iter(vec![
            (
                "fact.id",
                Arc::new(StringArray::from(vec!["p-1"])) as ArrayRef,
            ),
            (
                "fact.note",
                Arc::new(StringArray::from(vec![None::<&str>])) as ArrayRef,
            ),
            (
                "fact.flag",
                Arc::new(BooleanArray::from(vec![false])) as ArrayRef,
            ),
        ])
        .map_err(|e| e.to_string())?;
        let tree = Tree::new(&batch).map_err(|e| e.message)?;
        let fact = tree.get("fact").ok_or("no fact")?;
        fact.learn_omissions::<Required>(1);
        let kept = |name: &str| (name.to_owned(), Vec::new());
        assert_eq!(
            omissions(fact, 1),
            vec![kept("id"), kept("note"), kept("flag")]
        );
        let read = Required::deserialize(fact.cell(0)).map_err(|e| e.message)?;
        assert_eq!(
            read,
            Required {
                id: "p-1".to_owned(),
                note: None,
                flag: false
            }
        );
        Ok(())
    }

    #[test]
    fn a_struct_that_repeats_a_name_is_refused() -> Result<(), String> {
        let flags: ArrayRef = Arc::new(BooleanArray::from(vec![false]));
        let repeated = arrow_array::StructArray::try_new(
            vec![
                Arc::new(Field::new("frozen", DataType::Boolean, true)),
                Arc::new(Field::new("frozen", DataType::Boolean, true)),
            ]
            .into(),
            vec![Arc::clone(&flags), flags],
            None,
        )
        .map_err(|e| e.to_string())?;
        let batch = RecordBatch::try_from_iter(vec![("partner", Arc::new(repeated) as ArrayRef)])
            .map_err(|e| e.to_string())?;
        let err = Tree::new(&batch).err().ok_or("a repeated name was read")?;
        assert_eq!(err.column, "partner.frozen");
        assert_eq!(err.message, "the field is given by more than one column");
        Ok(())
    }

    #[test]
    fn instants_out_of_range_are_errors() {
        let instants = Instants {
            values: ScalarBuffer::from(vec![i64::MAX, i64::MIN]),
            nulls: None,
            unit: TimeUnit::Microsecond,
            offset: UtcOffset::UTC,
        };
        assert!(instants.text(0).is_err() && instants.text(1).is_err());
        assert!(instants.get(0).is_err() && instants.get(1).is_err());
    }
}
