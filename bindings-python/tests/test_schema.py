"""The JSON schemas the package ships describe what it really takes and gives: every vector's
request that gets an answer is valid against ``schema("request")``, and the answer this
package returns for it is valid against ``schema("response")`` (as is the vector's own).

Which refusals the schema alone can tell is the Rust test's concern (tests/tests/schema.rs);
here the point is that the packaged schemas and the Python answers agree."""

from __future__ import annotations

from typing import Any, Dict

import jsonschema
import pytest

import partner_rules

from conftest import load_vectors

ANSWERED = [(name, v) for name, v in load_vectors() if "request" in v and "expected" in v]
REQUEST = jsonschema.Draft202012Validator(partner_rules.schema("request"))
RESPONSE = jsonschema.Draft202012Validator(partner_rules.schema("response"))


def test_the_schemas_are_valid_schemas() -> None:
    for name in ("request", "response"):
        jsonschema.Draft202012Validator.check_schema(partner_rules.schema(name))


@pytest.mark.parametrize("vector", [v for _, v in ANSWERED], ids=[n for n, _ in ANSWERED])
def test_request_and_answer_match_the_schemas(vector: Dict[str, Any]) -> None:
    REQUEST.validate(vector["request"])
    RESPONSE.validate(vector["expected"])
    RESPONSE.validate(partner_rules.evaluate(vector["request"]))


def test_the_schemas_refuse_what_the_engine_refuses() -> None:
    request = {"op": "preregistration.check", "now": "2026-11-21T10:00:00+08:00", "partner": {"id": "p"}}
    REQUEST.validate(request)
    misspelled = dict(request, partner={"id": "p", "frozn": True})
    with pytest.raises(partner_rules.InvalidInput):
        partner_rules.evaluate(misspelled)
    assert not REQUEST.is_valid(misspelled)
    unknown_op = dict(request, op="preregistration.chek")
    with pytest.raises(partner_rules.UnknownOp):
        partner_rules.evaluate(unknown_op)
    assert not REQUEST.is_valid(unknown_op)
