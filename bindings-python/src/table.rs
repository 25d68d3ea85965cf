//! The columnar API's compiled half: `_core.TableJob` evaluates one op over Arrow record
//! batches, a row per request, with the GIL released. The Python half
//! (`partner_rules/_table.py`) turns tables, readers and data frames into batches and back.
//!
//! Batches come and go through the Arrow PyCapsule interface (pyo3-arrow), with no copy of the
//! columns. Rows are read into the core's fact structs by their own `Deserialize` (module
//! `read`), and each row runs the typed rule the JSON contract runs for that op (module `ops`);
//! the answers are written into Arrow builders (module `write`).

use std::sync::Arc;

use arrow_array::{RecordBatch, RecordBatchOptions};
use arrow_schema::Schema;
use partner_rules::Error;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use pyo3_arrow::PyRecordBatch;

mod ops;
mod read;
mod write;

use write::{Lang, Style};

/// One op over any number of record batches, under one engine's policy, with the request
/// fields given once (keyword arguments) already converted to JSON text.
#[pyclass(frozen, module = "partner_rules._core")]
pub(crate) struct TableJob {
    engine: Py<crate::Engine>,
    op: &'static str,
    run: ops::OpFn,
    constants: Vec<(String, String)>,
    messages: Option<Lang>,
    error_column: bool,
}

#[pymethods]
impl TableJob {
    #[new]
    #[pyo3(signature = (engine, op, constants, *, messages = None, errors = "raise"))]
    fn new(
        py: Python<'_>,
        engine: Py<crate::Engine>,
        op: &str,
        constants: &Bound<'_, PyDict>,
        messages: Option<&str>,
        errors: &str,
    ) -> PyResult<TableJob> {
        let bad =
            |path: &str, message: String| crate::raise(py, &Error::invalid_input(path, message));
        let Some((name, run)) = ops::TABLE_OPS
            .iter()
            .find(|name| **name == op)
            .and_then(|name| ops::op(name).map(|run| (*name, run)))
        else {
            let known = ops::TABLE_OPS.join("`, `");
            return Err(bad(
                "$.op",
                format!("`{op}` is not an op tables answer; expected one of `{known}`"),
            ));
        };
        let messages = match messages {
            None => None,
            Some("en") => Some(Lang::En),
            Some("zh") => Some(Lang::Zh),
            Some(other) => {
                return Err(bad(
                    "$.messages",
                    format!("expected `en`, `zh` or None, got `{other}`"),
                ))
            }
        };
        let error_column = match errors {
            "raise" => false,
            "column" => true,
            other => {
                return Err(bad(
                    "$.errors",
                    format!("expected `raise` or `column`, got `{other}`"),
                ))
            }
        };
        let mut texts = Vec::with_capacity(constants.len());
        for (key, value) in constants.iter() {
            let key: String = key.extract()?;
            let text = crate::convert::to_json_text(&value)
                .map_err(|err| {
                    let tail = err.path().strip_prefix('$').unwrap_or(err.path());
                    Error::invalid_input(format!("$[*].{key}{tail}"), err.message())
                })
                .map_err(|err| crate::raise(py, &err))?;
            texts.push((key, text));
        }
        Ok(TableJob {
            engine,
            op: name,
            run,
            constants: texts,
            messages,
            error_column,
        })
    }

    /// The answers to the rows of `batch` (any object with `__arrow_c_array__`), as a pyarrow
    /// `RecordBatch`; `first_row` is the table row of the batch's first row, for error paths.
    #[pyo3(signature = (batch, first_row = 0))]
    fn evaluate<'py>(
        &self,
        py: Python<'py>,
        batch: PyRecordBatch,
        first_row: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let batch = batch.into_inner();
        let engine = &self.engine.get().inner;
        let answers = py
            .detach(|| self.answer(engine, &batch, first_row))
            .map_err(|err| crate::raise(py, &err))?;
        PyRecordBatch::new(answers).into_pyarrow(py)
    }

    /// The ops tables answer.
    #[classattr]
    fn ops(py: Python<'_>) -> PyResult<Bound<'_, PyTuple>> {
        PyTuple::new(py, ops::TABLE_OPS)
    }
}

impl TableJob {
    fn answer(
        &self,
        engine: &partner_rules::Engine,
        batch: &RecordBatch,
        first_row: usize,
    ) -> Result<RecordBatch, Error> {
        let tree = read::Tree::new(batch)
            .map_err(|err| Error::invalid_input(format!("$[*].{}", err.column), err.message))?;
        let style = Style {
            // Answers are in the offset of the policy in force; a timeline's last entry names
            // the zone of the columns (its entries share a calendar in practice).
            zone: zone_name(
                engine
                    .policies()
                    .policy_at(None)
                    .map_err(|err| Error::invalid_input("$.policy", err.message()))?
                    .calendar()
                    .utc_offset(),
            )
            .into(),
            messages: self.messages,
        };
        let ctx = ops::Ctx {
            engine,
            style: &style,
        };
        let mut input = ops::Input::new(&tree, &self.constants, first_row, self.op);
        let count = batch.num_rows();
        let mut rows = ops::Rows {
            count,
            errors: self.error_column.then(|| write::Errors::new(count)),
        };
        let mut columns = (self.run)(&ctx, &mut input, &mut rows)?;
        if let Some(errors) = rows.errors {
            errors.finish(&mut columns);
        }
        let schema = Arc::new(Schema::new(columns.fields));
        RecordBatch::try_new_with_options(
            schema,
            columns.arrays,
            &RecordBatchOptions::new().with_row_count(Some(count)),
        )
        .map_err(|err| Error::invalid_input("$", format!("the answer table: {err}")))
    }
}

/// A fixed offset as Arrow names a time zone: `+08:00`.
fn zone_name(offset: time::UtcOffset) -> String {
    let (hours, minutes, _) = offset.as_hms();
    let sign = if offset.is_negative() { '-' } else { '+' };
    format!(
        "{sign}{:02}:{:02}",
        hours.unsigned_abs(),
        minutes.unsigned_abs()
    )
}
