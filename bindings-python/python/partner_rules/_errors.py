"""The exceptions every call raises for bad input: one base class, one subclass per code."""

from __future__ import annotations

from typing import Any, TypedDict


class ErrorDict(TypedDict):
    """An error as the JSON contract writes it."""

    code: str
    path: str
    message: str


class PartnerRulesError(ValueError):
    """Bad input: never a decision. Carries the stable ``code``, the JSON ``path`` of the
    offending value (``$`` is the whole request, ``$.partner.id``, ``$.items[2].status``) and a
    ``message`` for a person saying what was expected."""

    code: str
    path: str
    message: str

    def __init__(self, code: str, path: str, message: str) -> None:
        super().__init__(f"{code} at {path}: {message}")
        self.code = code
        self.path = path
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        # The default reduce would call the class with the one formatted string; batch jobs
        # that move errors between processes need the three fields back.
        return (type(self), (self.code, self.path, self.message))

    def to_dict(self) -> ErrorDict:
        """``{"code", "path", "message"}``, as the Rust and JavaScript bindings report it."""
        return {"code": self.code, "path": self.path, "message": self.message}


class InvalidInput(PartnerRulesError):
    """Code ``invalid_input``: a malformed request or policy (wrong type, unknown field, bad
    timestamp, value out of range, a Python object with no JSON form)."""


class UnknownOp(PartnerRulesError):
    """Code ``unknown_op``: the request names an op this library does not know (see ``OPS``)."""
