"""aether_suite/fuzz/pregeneration.py: the generated requests, made in a process of their own about stand-in
ids, are the same requests about the real ids, and a process that cannot make them says why in one line."""
import time

import pytest

from aether_suite.errors import SuiteError
from aether_suite.fuzz.generated import Budget, GeneratedRequest
from aether_suite.fuzz.pregeneration import Pregeneration, stand_in_ids

SMALL = Budget(examples=2, sequences=1, steps=1, seconds=120)
REAL = {"event_id": "pjrcghqwert", "exhibit_id": "Ex4mpleExh1", "tracking_id": "Tr4ckingLd1", "file_id": "F1leOfOsir1",
        "sha256": "ab" * 32}


def made(budget: Budget = SMALL) -> tuple[Pregeneration, list[GeneratedRequest]]:
    pregeneration = Pregeneration(budget)
    try:
        return pregeneration, pregeneration.requests(REAL)
    finally:
        pregeneration.stop()


def test_the_requests_made_elsewhere_are_about_the_real_ids_and_the_same_every_time():
    first, requests = made()
    second, again = made()
    assert first.stand_ins != second.stand_ins  # each made about ids nobody has ...
    assert requests == again  # ... and the same requests once the real ids are in
    assert {request.label.split(" ", 1)[1] for request in requests} >= {
        "/v3/crud/event_exhibit/{exhibit_id}", "/v3/action/file/by_hash/{sha256}/download"}
    for request in requests:
        assert not any(stand_in in repr(request) for stand_in in first.stand_ins.values()), request
        for name, value in REAL.items():
            if f"{{{name}}}" in request.label:
                assert value in request.path, (name, request)


def test_a_later_fuzz_scenario_of_the_run_gets_the_same_requests_about_its_own_ids():
    pregeneration = Pregeneration(SMALL)
    try:
        first = pregeneration.requests(REAL)
        other = {**REAL, "exhibit_id": "AnotherExh1"}
        again = pregeneration.requests(other)
    finally:
        pregeneration.stop()
    assert again == [request.with_ids({"exhibit_id": REAL["exhibit_id"]}, other) for request in first]
    assert any(other["exhibit_id"] in request.path for request in again)


def test_stand_in_ids_have_the_shape_of_real_ones():
    for _ in range(200):
        ids = stand_in_ids()
        assert all(len(ids[name]) == 11 and not ids[name].startswith("-") for name in REAL if name != "sha256")
        assert len(ids["sha256"]) == 64 and int(ids["sha256"], 16) >= 0


def test_a_stand_in_is_swapped_wherever_the_request_carries_it():
    request = GeneratedRequest(label="POST /x/{exhibit_id}", method="POST", path="/x/STANDIN?e=STANDIN",
                               params={"STANDIN": ["STANDIN", 1]}, headers={"h": "STANDIN"},
                               body={"files": [("file", ("STANDIN.txt", b"<STANDIN>", "text/plain"))]}, valid=True)
    assert request.with_ids({"exhibit_id": "STANDIN"}, {"exhibit_id": "RealId"}) == GeneratedRequest(
        label="POST /x/{exhibit_id}", method="POST", path="/x/RealId?e=RealId", params={"RealId": ["RealId", 1]},
        headers={"h": "RealId"}, body={"files": [("file", ("RealId.txt", b"<RealId>", "text/plain"))]}, valid=True)


def test_a_process_that_cannot_make_them_says_why_in_one_line():
    with pytest.raises(SuiteError) as refused:
        made(Budget(examples=0, seconds=120))
    assert str(refused.value).startswith("the generated requests could not be made: InvalidArgument: ")
    assert "max_examples" in str(refused.value) and "\n" not in str(refused.value)


def test_stopping_ends_the_process_at_once():
    pregeneration = Pregeneration(Budget(examples=10_000, seconds=120))  # minutes of work
    started = time.monotonic()
    pregeneration.stop()
    assert time.monotonic() - started < 2
    assert not pregeneration._process.is_alive()
