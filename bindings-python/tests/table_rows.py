"""Tables and requests, both ways, written from the README's description of the columnar API
(not from its code): the request a table row stands for, a table from requests, and the row
an answer of ``evaluate`` is flattened into."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Mapping, Optional, Sequence

import pyarrow as pa

# The request fields of each op a table answers, beside `op`, `now` and `policy`.
OP_FIELDS: Dict[str, List[str]] = {
    "preregistration.check": ["partner", "customer"],
    "invitation.send": ["partner", "customer", "method", "operator_account_name"],
    "association.check": ["partner", "customer", "model", "invitation"],
    "association.models": ["partner", "customer", "invitation"],
    "failure_cause.lookup": ["code", "message"],
    "association_type.switch": ["partner", "customer", "to", "history"],
    "disassociation.check": [
        "partner",
        "customer",
        "initiator",
        "verification_code_verified",
        "history",
    ],
}
"""In the order a table row's fields are read, so that a row with several bad values fails at
the same one as ``evaluate`` of a request written in this order (then ``now``)."""
OBJECTS = {"partner", "customer", "invitation"}
LISTS = {"history"}


def dotted(request: Mapping[str, Any]) -> Dict[str, Any]:
    """The cells of the row a request stands for: objects flattened to dotted names."""
    cells: Dict[str, Any] = {}

    def put(prefix: str, value: Any) -> None:
        if isinstance(value, dict) and value:
            for key, item in value.items():
                put(f"{prefix}.{key}", item)
        else:
            cells[prefix] = value

    for name, value in request.items():
        if name in ("op", "policy") or (name in OBJECTS and value is None):
            continue
        if name in OBJECTS and isinstance(value, dict):
            for key, item in value.items():
                put(f"{name}.{key}", item)
        else:
            cells[name] = value
    return cells


def to_json_value(value: Any) -> Any:
    """A cell as the JSON value it stands for: instants as RFC 3339 text."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [to_json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json_value(item) for key, item in value.items()}
    return value


def row_request(op: str, row: Mapping[str, Any], optional: Sequence[str] = ()) -> Dict[str, Any]:
    """The request a table row stands for (README, "Whole customer bases"): each dotted column
    is a field at its path, a null cell is JSON null, and an object named in ``optional``
    (a field that takes null) whose cells are all null is left out."""
    request: Dict[str, Any] = {"op": op}
    order = OP_FIELDS[op] + ["now"]
    ordered = sorted(row.items(), key=lambda item: order.index(item[0].split(".")[0]))
    for name, value in ordered:
        node = request
        *parents, last = name.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = to_json_value(value)

    def prune(node: Dict[str, Any], path: str) -> None:
        for key in list(node):
            child = node[key]
            here = f"{path}.{key}" if path else key
            if isinstance(child, dict):
                prune(child, here)
                if here in optional and all(v is None for v in flatten_values(child)):
                    del node[key]

    prune(request, "")
    return request


def flatten_values(node: Mapping[str, Any]) -> List[Any]:
    out: List[Any] = []
    for value in node.values():
        out.extend(flatten_values(value) if isinstance(value, dict) else [value])
    return out


def instant(text: Optional[str]) -> Optional[str]:
    """An answer's RFC 3339 text as the isoformat of the datetime pyarrow gives back: tables
    hold microseconds, finer digits are truncated (README)."""
    if text is None:
        return None
    text = text.replace("Z", "+00:00")
    head, dot, rest = text.partition(".")
    if dot:
        digits = rest[: len(rest) - 6]
        text = f"{head}.{digits[:6]}{rest[len(digits):]}"
    return datetime.fromisoformat(text).isoformat()


def normalize(value: Any) -> Any:
    """A table cell with instants as isoformat text (offset included), to compare."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [normalize(item) for item in value]
    if isinstance(value, dict):
        return {key: normalize(item) for key, item in value.items()}
    return value


def flatten_answer(op: str, answer: Mapping[str, Any], messages: Optional[str] = None) -> Dict[str, Any]:
    """The table row of an ``evaluate`` answer (README: the answer columns of each op)."""
    row: Dict[str, Any] = {}

    def verdict(prefix: str, part: Mapping[str, Any]) -> None:
        row[f"{prefix}outcome"] = part["outcome"]
        row[f"{prefix}reasons"] = [r["code"] for r in part["reasons"]]
        row[f"{prefix}available_from"] = [instant(r["available_from"]) for r in part["reasons"]]
        if messages:
            row[f"{prefix}messages"] = [r["message"][messages] for r in part["reasons"]]

    if op == "association.models":
        verdict("reseller_", answer["reseller"])
        verdict("referral_", answer["referral"])
        row["recommended"] = answer["recommended"]
    elif op == "failure_cause.lookup":
        cause = answer["cause"]
        row["cause"] = cause and cause["code"]
        row["number"] = cause and cause["number"]
        row["suggested_operation"] = cause and cause["suggested_operation"]["code"]
        if messages:
            row["message"] = cause and cause["message"][messages]
            row["platform_message"] = cause and cause["platform_message"][messages]
    else:
        verdict("", answer)
        for key in ("expires_at", "review_due_by"):
            if key in answer:
                row[key] = instant(answer[key])
        for key in ("custom_tag", "primary", "frozen_after", "requires_customer_confirmation"):
            if key in answer:
                row[key] = answer[key]
    return row


def table_of(rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """A table of cells by dotted name (every row has the same names)."""
    names = list(rows[0]) if rows else []
    return pa.table({name: [row[name] for row in rows] for name in names})
