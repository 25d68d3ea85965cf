"""The examples of README.md and of the package docstrings run as written."""

from __future__ import annotations

import doctest
from pathlib import Path

import partner_rules
from partner_rules import _engine, _errors, _schema, _table

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_examples() -> None:
    result = doctest.testfile(str(README), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10, "the README lost its examples"
    assert result.failed == 0


def test_docstring_examples() -> None:
    attempted = 0
    for module in (partner_rules, _engine, _errors, _schema, _table):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__
        attempted += result.attempted
    assert attempted > 0
