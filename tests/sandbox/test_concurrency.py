"""Requests that arrive together: each rule holds on an honest sandbox, and each race fault breaks it.

The requests of a burst are released together from their own threads (the suite's own ``together``); the
sandbox serves them side by side as it serves any client. A race fault waits between its check and its act
(sandbox/faults.py RACE_WINDOW_SECONDS), so its check fails on every run, not now and then.
"""
from __future__ import annotations

import threading
import time
from functools import partial

import pytest
import requests
from test_faults import ONESKY_KEY, ONESKY_SITE, code_of, exhibit, lead, upload

from aether_suite.client.together import together
from sandbox.faults import CATALOGUE
from sandbox.server import EmbeddedSandbox
from sandbox.settings import Settings

BURST = 20
ROUNDS = 5
CROWD = 80  # writes at once, twice the sandbox's worker threads


def wrong_passcodes_are_judged_at_most_five_times(api):
    body = {"site_id": ONESKY_SITE, "email": "burst@unknown-visitor.example", "passcode": "000000"}
    answers = together(*[lambda: api.client.post("/v3/auth/passcode", headers={"x-aether-api-key": ONESKY_KEY},
                                                 json=body)] * BURST)
    codes = [code_of(r) for r in answers]
    assert codes.count((401, "login_failed")) <= 5 and codes.count((429, "login_locked")) == BURST - codes.count(
        (401, "login_failed")), codes


def an_exhibit_deleted_twice_at_once_is_deleted_once(api):
    api.token("osiris")
    exhibit_id = exhibit(api)
    answers = together(*[lambda: api.delete("osiris", f"/v3/crud/event_exhibit/{exhibit_id}")] * 2)
    assert sorted(code_of(r) for r in answers) == [(204, None), (404, "not_found")]


def a_file_deleted_twice_at_once_is_deleted_once(api):
    file_id = upload(api, "osiris")["file_id"]
    answers = together(*[lambda: api.delete("osiris", f"/v3/action/file/{file_id}")] * 2)
    assert sorted(code_of(r) for r in answers) == [(204, None), (404, "not_found")]


def bytes_deleted_while_uploaded_again_are_not_lost(api):
    copy = upload(api, "osiris")
    for _ in range(ROUNDS):
        _, again = together(partial(api.delete, "osiris", f"/v3/action/file/{copy['file_id']}"),
                            partial(upload, api, "osiris"))
        download = api.get("osiris", f"/v3/action/file/{again['file_id']}/download")
        assert (download.status_code, download.content) == (200, b"fault check")
        copy = again


def the_last_two_copies_deleted_at_once_leave_no_bytes(api):
    copies = [upload(api, "osiris"), upload(api, "cleo")]
    answers = together(*[partial(api.delete, who, f"/v3/action/file/{copy['file_id']}")
                         for who, copy in zip(("osiris", "cleo"), copies)])
    assert [r.status_code for r in answers] == [204, 204]
    assert not (api.app.state.storage.blob_dir / copies[0]["sha256"]).exists()


def an_export_taken_while_leads_arrive_counts_its_rows(api):
    exhibit_id = exhibit(api)
    lead(api, exhibit_id)
    adding = threading.Event()

    def add_leads():
        for _ in range(10):
            lead(api, exhibit_id)
        adding.set()

    def export_until_added():
        bodies = []
        while not adding.is_set():
            bodies.append(api.get("osiris", f"/v3/action/event_exhibit/{exhibit_id}/tracking_export",
                                  params={"return_file": "false"}).json())
        return bodies

    _, bodies = together(add_leads, export_until_added)
    assert bodies and all(body["count"] == len(body["rows"]) for body in bodies), \
        [(body["count"], len(body["rows"])) for body in bodies]


CHECKS = {
    "lockout_checked_then_counted": wrong_passcodes_are_judged_at_most_five_times,
    "exhibit_delete_checked_then_deleted": an_exhibit_deleted_twice_at_once_is_deleted_once,
    "file_delete_checked_then_deleted": a_file_deleted_twice_at_once_is_deleted_once,
    "blob_removed_outside_lock": bytes_deleted_while_uploaded_again_are_not_lost,
    "blob_shared_judged_before_delete": the_last_two_copies_deleted_at_once_leave_no_bytes,
    "export_count_outside_snapshot": an_export_taken_while_leads_arrive_counts_its_rows,
}


def test_every_race_fault_has_a_check():
    assert {name for name, (area, _) in CATALOGUE.items() if area == "concurrency"} == CHECKS.keys()


@pytest.mark.parametrize("fault", CHECKS)
def test_the_rule_holds_without_the_fault(make_api, fault):
    CHECKS[fault](make_api())


@pytest.mark.parametrize("fault", CHECKS)
def test_the_fault_breaks_its_rule(make_api, fault):
    with pytest.raises(AssertionError):
        CHECKS[fault](make_api(faults=frozenset({fault})))


def test_more_writes_at_once_than_worker_threads_are_all_answered_without_waiting_out_the_lock():
    """With every worker thread (anyio's 40) waiting for SQLite's write lock, the request holding it still
    finishes: its answer needs no worker thread of its own (sandbox/routers/__init__.py), else all would wait
    until the busy timeout (10 s) failed them."""
    with EmbeddedSandbox(Settings()) as sandbox:
        def sign_in() -> requests.Response:  # a right passcode: the failures reset, committed as it ends
            return requests.post(f"{sandbox.base_url}/v3/auth/passcode", headers={"x-aether-api-key": ONESKY_KEY},
                                 json={"site_id": ONESKY_SITE, "email": "osiris@demo.example", "passcode": "424242"},
                                 timeout=30)

        started = time.monotonic()
        answers = together(*[sign_in] * CROWD)
        assert sorted({r.status_code for r in answers}) == [200]
        assert time.monotonic() - started < 8
