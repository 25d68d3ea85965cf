"""evaluate_many: the same answers as one call at a time, errors located in the batch."""

from __future__ import annotations

import gc
import threading
from typing import Any, Dict, List

import pytest

import partner_rules
from partner_rules import Engine, InvalidInput, PartnerRulesError, UnknownOp

NOW = "2026-11-21T10:00:00+08:00"


def requests(n: int) -> List[Dict[str, Any]]:
    return [
        {
            "op": "preregistration.check",
            "now": NOW,
            "partner": {"id": f"p-{i}", "has_reserved_contact": i % 2 == 0},
            "customer": {"id": f"c-{i}", "has_huawei_contract": i % 3 == 0},
        }
        for i in range(n)
    ]


def test_answers_match_single_calls_in_order() -> None:
    batch = requests(50)
    engine = Engine("cn")
    assert engine.evaluate_many(batch) == [engine.evaluate(r) for r in batch]
    assert partner_rules.evaluate_many(batch) == [partner_rules.evaluate(r) for r in batch]
    outcomes = {a["outcome"] for a in engine.evaluate_many(batch)}
    assert outcomes == {"allowed", "blocked"}


def test_any_iterable_and_the_empty_batch() -> None:
    batch = requests(5)
    assert partner_rules.evaluate_many(r for r in batch) == partner_rules.evaluate_many(batch)
    assert partner_rules.evaluate_many(tuple(batch)) == partner_rules.evaluate_many(batch)
    assert partner_rules.evaluate_many([]) == []


@pytest.mark.parametrize("bad, path", [(7, "$[3].partner.id"), ({7}, "$[3].partner.id")])
def test_the_first_bad_request_raises_with_its_index(bad: Any, path: str) -> None:
    batch = requests(6)
    batch[3]["partner"]["id"] = bad
    batch[5] = {"op": "nope"}
    with pytest.raises(InvalidInput) as caught:
        partner_rules.evaluate_many(batch)
    assert caught.value.path == path


def test_unknown_ops_in_a_batch() -> None:
    with pytest.raises(UnknownOp) as caught:
        Engine().evaluate_many([*requests(2), {"op": "nope"}])
    assert caught.value.path == "$[2].op"


def test_return_exceptions_answers_every_request() -> None:
    batch: List[Any] = requests(4)
    batch[1] = {"op": "nope"}
    batch[2] = "not a request"
    answers = Engine().evaluate_many(batch, return_exceptions=True)
    assert len(answers) == 4
    assert answers[0] == partner_rules.evaluate(batch[0])
    assert answers[3] == partner_rules.evaluate(batch[3])
    assert isinstance(answers[1], UnknownOp) and answers[1].path == "$.op"
    assert isinstance(answers[2], InvalidInput) and answers[2].path == "$"


@pytest.mark.parametrize(
    "not_a_batch", [None, 5, "requests", b"requests", {"op": "x"}, {"op": "x"}.items]
)
def test_a_batch_must_be_iterable(not_a_batch: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        partner_rules.evaluate_many(not_a_batch)
    assert caught.value.path == "$"


def test_a_failing_iterator_is_invalid_input_at_its_index() -> None:
    def produce() -> Any:
        yield requests(1)[0]
        raise RuntimeError("source went away")

    with pytest.raises(PartnerRulesError) as caught:
        partner_rules.evaluate_many(produce())
    assert caught.value.path == "$[1]"
    assert "source went away" in caught.value.message


def test_threads_share_one_engine() -> None:
    engine = Engine()
    batch = requests(200)
    expected = engine.evaluate_many(batch)
    results: List[Any] = [None] * 4

    def work(slot: int) -> None:
        results[slot] = engine.evaluate_many(batch)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4
    assert gc.isenabled()


def test_the_collector_is_paused_only_while_a_batch_runs() -> None:
    assert gc.isenabled()
    partner_rules.evaluate_many(requests(40))
    assert gc.isenabled()
    with pytest.raises(UnknownOp):
        partner_rules.evaluate_many([*requests(40), {"op": "nope"}])
    assert gc.isenabled()
    gc.disable()
    try:
        partner_rules.evaluate_many(requests(40))
        assert not gc.isenabled(), "a collector the caller paused stays paused"
    finally:
        gc.enable()



def test_long_texts_come_back_as_given() -> None:
    """Answers reuse the strs of long texts; texts of the caller's own must still come back
    exactly, whatever else was seen before (2,000 names over a table of a few hundred)."""
    names = [f"operator account number {i:05d} of the partner" for i in range(2000)]
    batch = [
        {
            "op": "invitation.send",
            "now": NOW,
            "partner": {"id": "p", "is_admin": True, "has_customer_development_permission": True},
            "method": "link",
            "operator_account_name": name,
        }
        for name in names
    ]
    for answers in (partner_rules.evaluate_many(batch), [partner_rules.evaluate(r) for r in batch]):
        assert [a["custom_tag"] for a in answers] == names
