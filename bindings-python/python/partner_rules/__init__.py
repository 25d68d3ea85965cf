"""partner-rules: the rules cloud partners meet when they develop customers, as a pure library.

One JSON contract serves every language: ``evaluate(request) -> response`` with plain dicts,
``evaluate_json(text) -> text``, ``evaluate_many(requests)`` for batches (the GIL is released
while the rules run). ``Engine(policy)`` parses a policy once and adds one typed method per op.
Bad input raises ``InvalidInput`` or ``UnknownOp`` (both ``PartnerRulesError``, a
``ValueError``) with ``.code``, ``.path`` and ``.message``.

    >>> import partner_rules
    >>> engine = partner_rules.Engine()
    >>> decision = engine.check_preregistration(
    ...     partner={"id": "p-1", "has_reserved_contact": True},
    ...     customer={"id": "c-1"},
    ...     now="2026-11-21T10:00:00+08:00",
    ... )
    >>> decision["outcome"], decision["expires_at"]
    ('allowed', '2026-12-06T10:00:00+08:00')
"""

from ._core import OPS, __version__, evaluate, evaluate_json, evaluate_many
from ._engine import Engine
from ._errors import ErrorDict, InvalidInput, PartnerRulesError, UnknownOp
from ._schema import schema
from ._table import TABLE_OPS, evaluate_table
from . import _types
from ._types import *  # noqa: F403 (every generated type of the contract)

__all__ = [
    "Engine",
    "ErrorDict",
    "InvalidInput",
    "OPS",
    "PartnerRulesError",
    "TABLE_OPS",
    "UnknownOp",
    "evaluate",
    "evaluate_json",
    "evaluate_many",
    "schema",
    "evaluate_table",
    "__version__",
]
__all__ += _types.__all__
