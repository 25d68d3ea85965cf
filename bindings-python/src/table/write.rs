//! The answer columns: builders for the pieces every op's answer is made of (an outcome, a
//! list of reasons, an instant, a flag), and the optional `error` column.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, ListBuilder, StringBuilder, TimestampMicrosecondBuilder, UInt8Builder,
};
use arrow_array::{ArrayRef, StructArray};
use arrow_buffer::NullBufferBuilder;
use arrow_schema::{DataType, Field, Fields};
use partner_rules::{Error, Reason, Text};
use time::OffsetDateTime;

/// The language of the optional `messages` columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    En,
    Zh,
}

impl Lang {
    pub(crate) fn pick(self, text: Text) -> &'static str {
        match self {
            Lang::En => text.en,
            Lang::Zh => text.zh,
        }
    }
}

/// What every op's columns share: the time zone of the instants and the messages' language.
#[derive(Debug, Clone)]
pub(crate) struct Style {
    /// The policy's UTC offset, as Arrow writes a fixed zone (`+08:00`).
    pub(crate) zone: Arc<str>,
    pub(crate) messages: Option<Lang>,
}

/// The answer columns of one op, in order.
#[derive(Default)]
pub(crate) struct Columns {
    pub(crate) fields: Vec<Field>,
    pub(crate) arrays: Vec<ArrayRef>,
}

impl Columns {
    pub(crate) fn add(&mut self, name: &str, array: ArrayRef) {
        self.fields
            .push(Field::new(name, array.data_type().clone(), true));
        self.arrays.push(array);
    }
}

/// A string column (outcomes, codes, tags).
pub(crate) struct Texts(StringBuilder);

impl Texts {
    /// Room for `rows` short strings: growing a builder by doubling copied it over and over.
    pub(crate) fn new(rows: usize) -> Texts {
        Texts(StringBuilder::with_capacity(rows, rows * 8))
    }

    pub(crate) fn push(&mut self, value: Option<&str>) {
        self.0.append_option(value);
    }

    pub(crate) fn finish(mut self, name: &str, out: &mut Columns) {
        out.add(name, Arc::new(self.0.finish()));
    }
}

/// A boolean column.
pub(crate) struct Flags(BooleanBuilder);

impl Flags {
    pub(crate) fn new(rows: usize) -> Flags {
        Flags(BooleanBuilder::with_capacity(rows))
    }

    pub(crate) fn push(&mut self, value: Option<bool>) {
        self.0.append_option(value);
    }

    pub(crate) fn finish(mut self, name: &str, out: &mut Columns) {
        out.add(name, Arc::new(self.0.finish()));
    }
}

/// A small unsigned integer column (a cause's number).
pub(crate) struct Numbers(UInt8Builder);

impl Numbers {
    pub(crate) fn new(rows: usize) -> Numbers {
        Numbers(UInt8Builder::with_capacity(rows))
    }

    pub(crate) fn push(&mut self, value: Option<u8>) {
        self.0.append_option(value);
    }

    pub(crate) fn finish(mut self, name: &str, out: &mut Columns) {
        out.add(name, Arc::new(self.0.finish()));
    }
}

/// Microseconds since the epoch: Arrow's timestamps hold an instant, the column its zone.
/// Spark, Parquet and pandas all read microseconds. An answer instant finer than that (the
/// last instant, `9999-12-31T23:59:59.999999999`, where the rules saturate, or one computed
/// from an input with nanoseconds) is truncated to the microsecond before it.
pub(crate) fn micros(t: OffsetDateTime) -> Result<i64, Error> {
    // Whole seconds and the sub-second part apart: 128-bit division was a tenth of a check.
    t.unix_timestamp()
        .checked_mul(1_000_000)
        .and_then(|us| us.checked_add(i64::from(t.nanosecond() / 1_000)))
        .ok_or_else(|| Error::invalid_input("$", format!("the instant {t} is out of range")))
}

/// A timestamp column in the policy's offset.
pub(crate) struct Instants {
    builder: TimestampMicrosecondBuilder,
}

impl Instants {
    pub(crate) fn new(style: &Style, rows: usize) -> Instants {
        Instants {
            builder: TimestampMicrosecondBuilder::with_capacity(rows)
                .with_timezone(Arc::clone(&style.zone)),
        }
    }

    /// An answer's instant in microseconds, converted once before anything of its row is
    /// written (a row either writes all its columns or none).
    pub(crate) fn of(value: Option<OffsetDateTime>) -> Result<Option<i64>, Error> {
        value.map(micros).transpose()
    }

    pub(crate) fn push(&mut self, micros: Option<i64>) {
        self.builder.append_option(micros);
    }

    pub(crate) fn finish(mut self, name: &str, out: &mut Columns) {
        out.add(name, Arc::new(self.builder.finish()));
    }
}

/// A decision's reasons as parallel lists: the codes, when each lapses by itself, and
/// optionally the messages in one language.
pub(crate) struct Reasons {
    codes: ListBuilder<StringBuilder>,
    available_from: ListBuilder<TimestampMicrosecondBuilder>,
    messages: Option<(Lang, ListBuilder<StringBuilder>)>,
}

impl Reasons {
    pub(crate) fn new(style: &Style, rows: usize) -> Reasons {
        // Room for one reason a row, as `Texts` reserves: the lists' values grew by doubling,
        // each time copied into fresh pages. Room never written is never touched.
        Reasons {
            codes: ListBuilder::with_capacity(StringBuilder::with_capacity(rows, rows * 16), rows),
            available_from: ListBuilder::with_capacity(
                TimestampMicrosecondBuilder::with_capacity(rows)
                    .with_timezone(Arc::clone(&style.zone)),
                rows,
            ),
            messages: style
                .messages
                .map(|lang| (lang, ListBuilder::with_capacity(StringBuilder::new(), rows))),
        }
    }

    /// Whether every reason's instant can be written (checked before the row is written).
    pub(crate) fn check(reasons: &[Reason]) -> Result<(), Error> {
        reasons
            .iter()
            .filter_map(|r| r.available_from)
            .try_for_each(|t| micros(t).map(|_| ()))
    }

    pub(crate) fn push(&mut self, reasons: &[Reason]) {
        for reason in reasons {
            self.codes.values().append_value(reason.code_str());
            self.available_from
                .values()
                .append_option(reason.available_from.and_then(|t| micros(t).ok()));
            if let Some((lang, messages)) = &mut self.messages {
                messages
                    .values()
                    .append_value(lang.pick(reason.code.message()));
            }
        }
        self.codes.append(true);
        self.available_from.append(true);
        if let Some((_, messages)) = &mut self.messages {
            messages.append(true);
        }
    }

    pub(crate) fn push_null(&mut self) {
        self.codes.append_null();
        self.available_from.append_null();
        if let Some((_, messages)) = &mut self.messages {
            messages.append_null();
        }
    }

    /// `reasons`, `available_from`, `messages`, each name after `prefix`.
    pub(crate) fn finish(mut self, prefix: &str, out: &mut Columns) {
        out.add(&format!("{prefix}reasons"), Arc::new(self.codes.finish()));
        out.add(
            &format!("{prefix}available_from"),
            Arc::new(self.available_from.finish()),
        );
        if let Some((_, mut messages)) = self.messages {
            out.add(&format!("{prefix}messages"), Arc::new(messages.finish()));
        }
    }
}

/// The `error` column of `errors="column"`: `{code, path, message}`, null where the row was
/// answered.
pub(crate) struct Errors {
    code: StringBuilder,
    path: StringBuilder,
    message: StringBuilder,
    valid: NullBufferBuilder,
}

impl Errors {
    pub(crate) fn new(capacity: usize) -> Errors {
        Errors {
            code: StringBuilder::new(),
            path: StringBuilder::new(),
            message: StringBuilder::new(),
            valid: NullBufferBuilder::new(capacity),
        }
    }

    pub(crate) fn push(&mut self, error: Option<&Error>) {
        match error {
            Some(error) => {
                self.code.append_value(error.code().as_str());
                self.path.append_value(error.path());
                self.message.append_value(error.message());
                self.valid.append_non_null();
            }
            None => {
                self.code.append_null();
                self.path.append_null();
                self.message.append_null();
                self.valid.append_null();
            }
        }
    }

    pub(crate) fn finish(mut self, out: &mut Columns) {
        let fields = Fields::from(vec![
            Field::new("code", DataType::Utf8, true),
            Field::new("path", DataType::Utf8, true),
            Field::new("message", DataType::Utf8, true),
        ]);
        let arrays: Vec<ArrayRef> = vec![
            Arc::new(self.code.finish()),
            Arc::new(self.path.finish()),
            Arc::new(self.message.finish()),
        ];
        let array = StructArray::new(fields, arrays, self.valid.finish());
        out.add("error", Arc::new(array));
    }
}
