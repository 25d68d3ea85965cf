"""Whole customer bases: one op over an Arrow table, a row per request, answered as a table.

``evaluate_table(table, op, **fields)`` reads each column as one field of the op's request,
named by its dotted path (``customer.registered_at``) or a struct column named after the field
(``customer``); fields the same for every row are keyword arguments (``partner={...}``,
``now=...``). It answers a ``pyarrow.Table`` with a row per input row (a
``pyarrow.RecordBatchReader``, lazily, for a reader or a stream). The rows are evaluated in
Rust with the GIL released, by the same typed rules ``evaluate`` runs. See the README section
"Whole customer bases" for the column names of each op's answer and the error paths.

pyarrow is needed by this API only: ``pip install 'partner-rules[arrow]'``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, Literal, Optional, Union, overload

from . import _core

if TYPE_CHECKING:
    import pyarrow as pa

    # For annotations only (this module postpones them): at run time a Literal alias would
    # be a value mypy.stubtest reads as a union and cannot compare.
    _Messages = Optional[Literal["en", "zh"]]
    _Errors = Literal["raise", "column"]

__all__ = ["TABLE_OPS", "TableMethods", "evaluate_table"]

TABLE_OPS: tuple[str, ...] = _core.TableJob.ops
"""The ops ``evaluate_table`` answers."""


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as err:  # pragma: no cover - CI always has pyarrow
        raise ImportError(
            "partner_rules.evaluate_table needs pyarrow (14 or later): "
            "pip install 'partner-rules[arrow]'"
        ) from err
    return pyarrow


def _empty_batch(pa: Any, schema: Any) -> Any:
    """A batch of no rows: evaluated first, it checks the columns and gives the answer's
    schema before any row is read."""
    return pa.RecordBatch.from_arrays([pa.array([], type=f.type) for f in schema], schema=schema)


def _is_stream_capsule(value: object) -> bool:
    return type(value).__name__ == "PyCapsule"


def _evaluate(
    engine: _core.Engine,
    table: Any,
    op: str,
    *,
    now: Any,
    messages: _Messages,
    errors: _Errors,
    fields: dict[str, Any],
) -> Any:
    pa = _pyarrow()
    # A keyword left None is not given, as with the typed Engine methods: the field's default
    # (or its column) applies.
    constants = {name: value for name, value in fields.items() if value is not None}
    if now is not None:
        constants["now"] = now
    job = _core.TableJob(engine, op, constants, messages=messages, errors=errors)

    if isinstance(table, pa.RecordBatchReader) or _is_stream_capsule(table):
        reader = (
            table
            if isinstance(table, pa.RecordBatchReader)
            else pa.RecordBatchReader._import_from_c_capsule(table)
        )
        return _stream(pa, job, reader)

    if isinstance(table, pa.RecordBatch):
        schema, batches = table.schema, [table]
    elif isinstance(table, pa.Table):
        schema, batches = table.schema, table.to_batches()
    elif hasattr(table, "__arrow_c_array__"):
        batch = pa.record_batch(table)
        schema, batches = batch.schema, [batch]
    else:
        # Data frames: polars, pandas, DuckDB results (the Arrow PyCapsule stream interface, or
        # pyarrow's own conversion for an older pandas).
        try:
            whole = pa.table(table)
        except (TypeError, ValueError, pa.ArrowInvalid) as err:
            raise _core_invalid_input(
                "$",
                f"expected an Arrow table, record batch, reader or data frame, got "
                f"`{type(table).__name__}` ({err})",
            ) from None
        schema, batches = whole.schema, whole.to_batches()

    answers = []
    first_row = 0
    for batch in batches or [_empty_batch(pa, schema)]:
        answers.append(job.evaluate(batch, first_row))
        first_row += batch.num_rows
    return pa.Table.from_batches(answers)


def _stream(pa: Any, job: _core.TableJob, reader: Any) -> Any:
    schema = job.evaluate(_empty_batch(pa, reader.schema), 0).schema

    def answers() -> Iterator[Any]:
        first_row = 0
        for batch in reader:
            yield job.evaluate(batch, first_row)
            first_row += batch.num_rows

    return pa.RecordBatchReader.from_batches(schema, answers())


def _core_invalid_input(path: str, message: str) -> Exception:
    from ._errors import InvalidInput

    return InvalidInput("invalid_input", path, message)


_DEFAULT_ENGINE: Optional[_core.Engine] = None


@overload
def evaluate_table(
    table: pa.RecordBatchReader,
    op: str,
    *,
    policy: Union[str, dict[str, Any], None] = None,
    now: Any = None,
    messages: _Messages = None,
    errors: _Errors = "raise",
    **fields: Any,
) -> pa.RecordBatchReader: ...
@overload
def evaluate_table(
    table: Any,
    op: str,
    *,
    policy: Union[str, dict[str, Any], None] = None,
    now: Any = None,
    messages: _Messages = None,
    errors: _Errors = "raise",
    **fields: Any,
) -> pa.Table: ...
def evaluate_table(
    table: Any,
    op: str,
    *,
    policy: Union[str, dict[str, Any], None] = None,
    now: Any = None,
    messages: _Messages = None,
    errors: _Errors = "raise",
    **fields: Any,
) -> Any:
    """Evaluates ``op`` for every row of ``table`` and answers a table of the same length.

    ``table``: a ``pyarrow.Table`` or ``RecordBatch``, any data frame with the Arrow PyCapsule
    interface (polars, pandas 2.2+, DuckDB) or a pandas ``DataFrame``: the answer is a
    ``pyarrow.Table``. A ``pyarrow.RecordBatchReader`` or an ``arrow_array_stream`` capsule is
    read lazily, batch by batch: the answer is a ``RecordBatchReader``, and memory is bounded
    by the batch size (``pa.RecordBatchReader.from_stream(frame)`` streams any data frame).

    Each column is a request field named by its dotted path (``customer.registered_at``) or a
    struct column named after the field; ``now``, ``policy`` and any field the same for every
    row (``partner={...}``, ``model="reseller"``) are keyword arguments. ``messages="en"`` or
    ``"zh"`` adds the reasons' messages; ``errors="column"`` answers a bad row in an ``error``
    column instead of raising ``InvalidInput``.

        >>> import pyarrow as pa, partner_rules
        >>> customers = pa.table({"customer.id": ["c-1", "c-2"],
        ...                       "customer.has_huawei_contract": [False, True]})
        >>> answers = partner_rules.evaluate_table(
        ...     customers, "preregistration.check",
        ...     partner={"id": "p-1", "has_reserved_contact": True},
        ...     now="2026-11-21T10:00:00+08:00")
        >>> answers["outcome"].to_pylist()
        ['allowed', 'blocked']
        >>> answers["reasons"].to_pylist()
        [[], ['customer_has_huawei_contract']]
    """
    global _DEFAULT_ENGINE
    if policy is None:
        if _DEFAULT_ENGINE is None:
            _DEFAULT_ENGINE = _core.Engine()
        engine = _DEFAULT_ENGINE
    else:
        engine = _core.Engine(policy)
    return _evaluate(
        engine, table, op, now=now, messages=messages, errors=errors, fields=fields
    )


class TableMethods:
    """``Engine.evaluate_table``: mixed into ``partner_rules.Engine``."""

    @overload
    def evaluate_table(
        self,
        table: pa.RecordBatchReader,
        op: str,
        *,
        now: Any = None,
        messages: _Messages = None,
        errors: _Errors = "raise",
        **fields: Any,
    ) -> pa.RecordBatchReader: ...
    @overload
    def evaluate_table(
        self,
        table: Any,
        op: str,
        *,
        now: Any = None,
        messages: _Messages = None,
        errors: _Errors = "raise",
        **fields: Any,
    ) -> pa.Table: ...
    def evaluate_table(
        self,
        table: Any,
        op: str,
        *,
        now: Any = None,
        messages: _Messages = None,
        errors: _Errors = "raise",
        **fields: Any,
    ) -> Any:
        """``partner_rules.evaluate_table`` under this engine's policy."""
        if not isinstance(self, _core.Engine):  # pragma: no cover - a mixin of Engine only
            raise TypeError("TableMethods is mixed into partner_rules.Engine only")
        return _evaluate(
            self, table, op, now=now, messages=messages, errors=errors, fields=fields
        )
