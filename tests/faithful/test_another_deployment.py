"""Every scenario holds on a deployment of the contract that is not the sandbox (tests/faithful/variant.py):
its own demo dataset, secrets and settings, other people's data, and answers shaped in every way the
contract leaves open. The suite runs against it as against staging, through a named environment and
secrets in the environment; afterwards the server is as the run found it.
"""
from __future__ import annotations

import pytest
import requests

from tests.faithful.variant import (
    ACCOUNTS,
    SANDBOX_ARGS,
    SECRETS,
    Colleagues,
    FaithfulVariant,
    environment_file,
    suite_env,
)
from tools.suite_runs import ServedSandbox, run_suite, scenario_locations, storage_state

SANDBOX_S, OURS = 0, 1  # the two values of a field in variant.py's tables
RUN_TIMEOUT = 600  # the whole suite through the front, the 5,000-lead volume included: about 2 minutes


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """(the front, the colleagues with their data made, the sandbox behind it, the folder of its named
    environment)."""
    folder = tmp_path_factory.mktemp("another-deployment")
    with ServedSandbox(folder / "data", *SANDBOX_ARGS) as sandbox:
        front = FaithfulVariant(sandbox.base_url).start()
        try:
            environment_file(folder, front.url)
            yield front, Colleagues(front.url).make(), sandbox, folder
        finally:
            front.stop()


def test_every_scenario_passes_there_and_the_server_is_left_as_found(deployment):
    _, colleagues, sandbox, folder = deployment
    before = storage_state(sandbox)
    result = run_suite("--tags=not @wip", env={**suite_env(folder), "AETHER_JOURNAL": str(folder / "journal.jsonl")},
                       timeout=RUN_TIMEOUT)
    assert result.returncode == 0 and not result.failed, (
        f"{result.summary()}; failed: {[str(s) for s in result.failed]}\n{result.stderr[-3000:]}")
    embedded_only = set(scenario_locations("--tags=not @wip and @sandbox"))
    everything = set(scenario_locations("--tags=not @wip"))
    assert {s.location for s in result.scenarios if s.status == "passed"} == everything - embedded_only
    assert {s.location for s in result.scenarios if s.status == "skipped" and s.location in everything} == embedded_only
    assert storage_state(sandbox) == before, "the run changed what it found on the server"
    there = colleagues.what_is_there()
    assert {acct: {kind: sorted(ids) for kind, ids in lists.items()} for acct, lists in there.items()} == \
        {acct: {kind: sorted(ids) for kind, ids in lists.items()} for acct, lists in colleagues.made.items()}


def test_the_front_makes_the_sandbox_s_own_values_unknown(deployment):
    """A scenario that wrote down a sandbox value (its domain, an email, a key) fails there: the front
    translates this deployment's values and turns the sandbox's into unknown ones."""
    front, *_ = deployment
    domain, site = ACCOUNTS["One Sky"]["domain"], ACCOUNTS["One Sky"]["site_id"]
    key = SECRETS["api_key_onesky"]

    def look_up(domain: str, key: str) -> requests.Response:
        return requests.get(f"{front.url}/v3/site/bootstrap", params={"domain": domain},
                            headers={"x-aether-api-key": key}, timeout=10)

    found = look_up(domain[OURS].upper(), key[OURS])
    assert found.status_code == 200 and found.json()["site_id"] == site[OURS], found.text
    assert look_up(domain[SANDBOX_S], key[OURS]).status_code == 404
    assert look_up(domain[OURS], key[SANDBOX_S]).status_code == 401


def test_the_front_answers_as_another_framework_would(deployment):
    """Chunked JSON, members in reverse order, its own words for an error, the allowed methods reordered."""
    front, _, sandbox, _ = deployment
    path = "/v3/crud/event_exhibit/Abcdefghijk"
    direct, answer = requests.put(sandbox.base_url + path, timeout=10), requests.put(front.url + path, timeout=10)
    assert answer.status_code == direct.status_code == 405
    assert answer.raw.headers.get("transfer-encoding") == "chunked"
    assert list(answer.json()) == list(reversed(list(direct.json())))
    assert answer.json()["code"] == direct.json()["code"] and answer.json()["detail"] != direct.json()["detail"]
    assert answer.headers["allow"] == ", ".join(reversed(direct.headers["allow"].split(", ")))
    assert all(name == name.lower() for name in answer.raw.headers)
