"""The JSON schemas of the contract, shipped in the package as ``partner_rules/schema/*.json``.

The files are not kept here: the wheel and the sdist take them from the repository's
``core/schema/`` (``partner_rules/schema`` is a symlink to it that maturin packs as files), so
Python serves exactly the schemas the core's own tests check."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import TYPE_CHECKING, Any, List

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_SUFFIX = ".schema.json"


def _directory() -> Traversable:
    # One joinpath argument at a time: Traversable takes several only from Python 3.11.
    return files("partner_rules").joinpath("schema")


def schema_names() -> List[str]:
    """The names of the schemas this package ships (``"request"``, ``"response"``), sorted."""
    directory = _directory()
    if not directory.is_dir():
        return []
    return sorted(
        entry.name[: -len(_SUFFIX)] for entry in directory.iterdir() if entry.name.endswith(_SUFFIX)
    )


def schema_text(name: str) -> str:
    """The JSON schema ``name`` as the package ships it (JSON text)."""
    if name not in schema_names():
        shipped = ", ".join(schema_names()) or "none"
        raise ValueError(f"no JSON schema named {name!r}; this package ships: {shipped}")
    return _directory().joinpath(name + _SUFFIX).read_text(encoding="utf-8")


def schema(name: str) -> dict[str, Any]:
    """The JSON schema ``name`` (``"request"`` or ``"response"``) as a dict.

    >>> import partner_rules
    >>> request = partner_rules.schema("request")
    >>> isinstance(request, dict) and request == partner_rules.schema("request")
    True

    An unknown name raises ``ValueError`` naming the schemas shipped.
    """
    document: dict[str, Any] = json.loads(schema_text(name))
    return document
