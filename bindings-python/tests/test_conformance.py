"""Every shared conformance vector (tests/vectors/*.json), through every Python entry point.

The rules are those of tests/src/lib.rs: `expected` must equal the response exactly (as parsed
JSON); for `error`, code and path must match and the message must not be empty. `request_text`
vectors are raw text and go through `evaluate_json` only.
"""

from __future__ import annotations

import inspect
import json
from typing import Any, Counter, Dict, get_type_hints

import pytest

import partner_rules
from partner_rules import Engine, InvalidInput, PartnerRulesError, UnknownOp
from partner_rules._engine import OP_METHODS

from conftest import VECTOR_DIR, load_vectors

VECTORS = load_vectors()
ERROR_CLASSES = {"invalid_input": InvalidInput, "unknown_op": UnknownOp}


def test_the_corpus_is_there() -> None:
    assert sorted(VECTOR_DIR.glob("*.json")), f"no vector files in {VECTOR_DIR}"
    assert VECTORS, "no vectors"
    names = [name for name, _ in VECTORS]
    assert len(names) == len(set(names)), "vector names repeat within a file"


def check_outcome(vector: Dict[str, Any], call: Any) -> None:
    """Runs `call()` and checks its answer or error against the vector."""
    if "expected" in vector:
        assert "error" not in vector
        assert call() == vector["expected"]
    else:
        expected = vector["error"]
        with pytest.raises(PartnerRulesError) as caught:
            call()
        err = caught.value
        assert (err.code, err.path) == (expected["code"], expected["path"]), err
        assert err.message == expected["message"], err
        assert type(err) is ERROR_CLASSES[expected["code"]]
        assert isinstance(err, ValueError)


@pytest.mark.parametrize("vector", [v for _, v in VECTORS], ids=[n for n, _ in VECTORS])
def test_vector(vector: Dict[str, Any]) -> None:
    assert ("request" in vector) != ("request_text" in vector), "needs request or request_text"
    assert ("expected" in vector) != ("error" in vector), "needs expected or error"
    if "request" in vector:
        request = vector["request"]
        check_outcome(vector, lambda: partner_rules.evaluate(request))
        check_outcome(vector, lambda: partner_rules.Engine().evaluate(request))
        text = json.dumps(request, ensure_ascii=False)
    else:
        text = vector["request_text"]
    check_outcome(vector, lambda: json.loads(partner_rules.evaluate_json(text)))
    check_outcome(vector, lambda: json.loads(partner_rules.evaluate_json(text.encode("utf-8"))))


def test_the_whole_corpus_as_one_batch() -> None:
    """evaluate_many answers each request of a batch as evaluate answers it alone."""
    with_requests = [v for _, v in VECTORS if "request" in v]
    answers = partner_rules.evaluate_many(
        [v["request"] for v in with_requests], return_exceptions=True
    )
    assert len(answers) == len(with_requests)
    for vector, answer in zip(with_requests, answers):
        if "expected" in vector:
            assert answer == vector["expected"], vector["name"]
        else:
            assert isinstance(answer, ERROR_CLASSES[vector["error"]["code"]]), vector["name"]
            assert answer.path == vector["error"]["path"], vector["name"]


def test_every_op_has_a_typed_method() -> None:
    assert set(OP_METHODS) == set(partner_rules.OPS)
    for op, method in OP_METHODS.items():
        assert callable(getattr(Engine, method, None)), op


def test_every_vector_through_the_typed_method_of_its_op() -> None:
    """A vector's request fields are the keyword arguments of its op's typed method.

    Each answer has exactly the keys of the method's declared `TypedDict`. Skipped: error vectors the typed method cannot express (a missing required argument, an
    unknown field, a bad policy, which `Engine(policy)` reports at paths inside the policy),
    and vectors with top-level nulls, which the typed methods leave out by design. A valid
    request the typed method cannot express fails the test.
    """
    exercised: Counter[str] = Counter()
    wanted = set()
    for name, vector in VECTORS:
        request = vector.get("request")
        if not isinstance(request, dict) or request.get("op") not in OP_METHODS:
            continue
        op = request["op"]
        wanted.add(op)
        method = getattr(Engine, OP_METHODS[op])
        params = inspect.signature(method).parameters
        # `now` is part of every request's envelope; a method whose op ignores it takes none.
        ignored = ("op", "policy") if "now" in params else ("op", "policy", "now")
        fields = {k: v for k, v in request.items() if k not in ignored}
        unknown = set(fields) - set(params)
        missing = {
            p.name
            for p in params.values()
            if p.default is p.empty and p.name != "self" and p.name not in fields
        }
        if unknown or missing:
            assert "error" in vector, f"{name}: typed method lacks {unknown or missing}"
            continue
        if any(v is None for v in fields.values()) or ("policy" in request and "error" in vector):
            continue
        engine = Engine(request.get("policy"))
        check_outcome(vector, lambda: getattr(engine, OP_METHODS[op])(**fields))
        exercised[op] += 1
        if "expected" in vector:
            answer_type = get_type_hints(method)["return"]
            declared = answer_type.__required_keys__ | answer_type.__optional_keys__
            assert set(vector["expected"]) == declared, f"{name}: {answer_type.__name__}"
    assert not wanted - set(exercised), f"ops whose vectors never reached their method: {wanted - set(exercised)}"
