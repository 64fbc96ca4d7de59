"""What a scenario creates is deleted when it ends, pass or fail, and already-deleted is fine."""
import hashlib
import json

import pytest
import requests

from aether_suite.client.api import AetherApi, SuiteRun
from aether_suite.client.config import SuiteConfig
from aether_suite.client.journal import SIGN_IN_FAILURES, Journal
from aether_suite.errors import CleanupFailed, ServerUnreachable
from aether_suite.files.sample_files import sample_bytes

PROBE_STEPS = '''
import json
from behave import then

@then("the test notes what the scenario created")
def note_created(context):
    created = {"exhibits": [e["exhibit_id"] for e in context.api.exhibits],
               "files": [f["file_id"] for f in context.api.files]}
    with open(context.config.userdata["created_file"], "w") as out:
        json.dump(created, out)

@then("the scenario fails")
def fail(context):
    assert False, "failing on purpose"
'''

FAILING_FEATURE = '''Feature: cleanup probe
  Scenario: a scenario that fails after creating things
    Given One Sky IT Demo has an exhibit "Cleanup probe" at its conference
    And the exhibit has these leads:
      | first_name | last_name |
      | Ann        | Lee       |
    And Northwind Expo has an exhibit "Cleanup probe too" at its conference
    And Scott has uploaded "cleanup-probe.txt"
    Then the test notes what the scenario created
    And the scenario fails
'''


def _gone(api: AetherApi, path: str, persona: str) -> bool:
    return api.send("GET", path, persona=persona).status_code == 404


def test_a_failing_scenario_still_deletes_what_it_created(tmp_path, behave_project, suite_sandbox, suite_api):
    created_file = tmp_path / "created.json"
    result = behave_project({"probe.feature": FAILING_FEATURE}, PROBE_STEPS,
                            env={"AETHER_BASE_URL": suite_sandbox.base_url, "AETHER_SANDBOX_SECRETS": "1"},
                            args=["-D", f"created_file={created_file}"])

    assert result.returncode == 1, result.stdout + result.stderr
    assert "failing on purpose" in result.stdout and "API exchanges of this scenario" in result.stdout
    created = json.loads(created_file.read_text())
    assert len(created["exhibits"]) == 2 and len(created["files"]) == 1
    onesky_exhibit, northwind_exhibit = created["exhibits"]
    assert _gone(suite_api, f"/v3/crud/event_exhibit/{onesky_exhibit}", "Osiris")
    assert _gone(suite_api, f"/v3/crud/event_exhibit/{northwind_exhibit}", "Nadia")
    assert _gone(suite_api, f"/v3/action/file/{created['files'][0]}", "Osiris")


def test_cleanup_deletes_as_each_accounts_manager_and_forgets_what_it_deleted(suite_run):
    api = AetherApi(suite_run)
    exhibit = api.arrange_exhibit("Northwind", "Cleanup direct")
    api.arrange_leads(exhibit, [{"first_name": "Bo", "last_name": "Ek"}])
    uploaded = api.arrange_file("Cleo", "direct.txt", sample_bytes("direct.txt"))
    api.cleanup()

    assert [e.persona for e in api.exchanges if e.phase == "cleanup"] == ["Osiris", "Nadia"]
    assert (api.exhibits, api.leads, api.files) == ([], [], [])
    checker = AetherApi(suite_run)
    assert _gone(checker, f"/v3/crud/event_exhibit/{exhibit['exhibit_id']}", "Nadia")
    assert _gone(checker, f"/v3/action/file/{uploaded['file_id']}", "Cleo")
    api.cleanup()  # nothing left: nothing sent
    assert len([e for e in api.exchanges if e.phase == "cleanup"]) == 2


def test_what_is_already_deleted_is_no_cleanup_failure(suite_run):
    api = AetherApi(suite_run)
    exhibit = api.arrange_exhibit("One Sky", "Deleted elsewhere")
    AetherApi(suite_run).delete_exhibit("Osiris", exhibit["exhibit_id"])  # another object: api still remembers
    api.cleanup()
    assert api.exchanges[-1].status == 404


def test_what_a_scenario_deletes_itself_is_not_deleted_again(suite_run):
    api = AetherApi(suite_run)
    exhibit_id = api.create_exhibit("Osiris", "Deleted by the scenario").json()["exhibit_id"]
    api.delete_exhibit("Osiris", exhibit_id)
    assert api.exhibits == []
    api.cleanup()
    assert not [e for e in api.exchanges if e.phase == "cleanup"]


SABOTAGE_STEPS = '''
from behave import then

@then("the living report breaks when the scenario ends")
def break_report(context):
    def broken(*args):
        raise RuntimeError("the report broke")
    context.report.scenario_finished = broken
'''

HOOK_FAILS_FEATURE = '''Feature: cleanup probe
  Scenario: a scenario whose after_scenario hook raises
    Given One Sky IT Demo has an exhibit "Hook probe" at its conference
    And Scott has uploaded "hook-probe.txt"
    Then the living report breaks when the scenario ends
'''


def test_clean_up_runs_even_when_the_after_scenario_hook_raises(tmp_path, behave_project, suite_sandbox, suite_api):
    before = _listed(suite_api)
    result = behave_project({"probe.feature": HOOK_FAILS_FEATURE}, SABOTAGE_STEPS,
                            env={"AETHER_BASE_URL": suite_sandbox.base_url, "AETHER_SANDBOX_SECRETS": "1",
                                 "AETHER_JOURNAL": str(tmp_path / "journal.jsonl")})
    assert result.returncode == 1 and "HOOK-ERROR in after_scenario" in result.stdout, result.stdout
    assert _listed(suite_api) == before


def _listed(api: AetherApi) -> tuple[list, list]:
    exhibits = api.list_exhibits("Osiris").json()["items"]
    files = api.list_files("Osiris").json()["items"]
    return [e["exhibit_id"] for e in exhibits], [f["file_id"] for f in files]


def _failing(run, should_fail, error):
    """``run.transmit`` that raises ``error`` for the requests ``should_fail(method, path)`` picks, after
    sending them (the server acts; the answer is lost)."""
    real = run.transmit

    def transmit(method, path, **kwargs):
        response = real(method, path, **kwargs)
        if should_fail(method, path):
            raise error
        return response
    return transmit


def test_every_clean_up_step_runs_whatever_the_others_raise(suite_run, monkeypatch):
    api = AetherApi(suite_run)
    exhibit = api.arrange_exhibit("One Sky", "Cut short")
    first = api.arrange_file("Cleo", "first.txt", sample_bytes("first.txt"))
    second = api.arrange_file("Cleo", "second.txt", sample_bytes("second.txt"))
    api.on_cleanup("a setting", lambda: (_ for _ in ()).throw(RuntimeError("the setting stuck")))
    cut = requests.exceptions.ChunkedEncodingError("Connection broken: IncompleteRead(9 bytes read)")
    monkeypatch.setattr(suite_run, "transmit", _failing(suite_run, lambda m, p: p.endswith(second["file_id"]), cut))

    with pytest.raises(CleanupFailed) as failed:
        api.cleanup()
    message = str(failed.value)
    assert "a setting (RuntimeError: the setting stuck)" in message
    assert f"file {second['file_id']} (ChunkedEncodingError" in message and "\n" not in message
    monkeypatch.undo()
    checker = AetherApi(suite_run)
    assert _gone(checker, f"/v3/action/file/{first['file_id']}", "Osiris")
    assert _gone(checker, f"/v3/crud/event_exhibit/{exhibit['exhibit_id']}", "Osiris")


def test_a_create_whose_answer_is_lost_is_found_through_the_lists_and_deleted(suite_run, monkeypatch):
    api = AetherApi(suite_run)
    lost = ServerUnreachable("cannot reach the Aether server: no answer within 10 s")
    creates = ("/v3/crud/event_exhibit", "/v3/action/file/upload")
    monkeypatch.setattr(suite_run, "transmit", _failing(suite_run, lambda m, p: p in creates, lost))
    with pytest.raises(ServerUnreachable):
        api.arrange_exhibit("Northwind", "Lost answer")
    with pytest.raises(ServerUnreachable):
        api.upload_file("Scott", "lost.txt", sample_bytes("lost.txt"))
    monkeypatch.undo()
    assert (api.exhibits, api.files) == ([], [])  # no answer: the scenario never learnt their ids
    assert [e["name"] for e in AetherApi(suite_run).list_exhibits("Nadia").json()["items"]] == ["Lost answer"]

    api.cleanup()
    northwind = AetherApi(suite_run).list_exhibits("Nadia").json()["items"]
    assert not [e for e in northwind if e["name"] == "Lost answer"]
    files = AetherApi(suite_run).list_files("Osiris", sha256=hashlib.sha256(sample_bytes("lost.txt")).hexdigest())
    assert files.json()["items"] == []


def test_ctrl_c_during_clean_up_names_everything_not_yet_deleted(suite_run, monkeypatch):
    api = AetherApi(suite_run)
    exhibit = api.arrange_exhibit("One Sky", "Interrupted")
    uploaded = api.arrange_file("Osiris", "interrupted.txt", sample_bytes("interrupted.txt"))
    monkeypatch.setattr(suite_run, "transmit", _failing(suite_run, lambda m, p: m == "DELETE", KeyboardInterrupt()))
    with pytest.raises(CleanupFailed) as failed:
        api.cleanup()
    monkeypatch.undo()
    assert "the clean-up was interrupted" in str(failed.value)
    message = str(failed.value)
    assert f"file {uploaded['file_id']}" in message and f"exhibit {exhibit['exhibit_id']}" in message
    AetherApi(suite_run).delete_exhibit("Osiris", exhibit["exhibit_id"])


def test_a_demo_personas_wrong_passcodes_are_journalled_until_a_right_sign_in(tmp_path, suite_sandbox):
    journal = Journal(tmp_path / "journal.jsonl", suite_sandbox.base_url)
    run = SuiteRun(SuiteConfig.load({}).targeting(suite_sandbox.base_url), journal)
    try:
        api = AetherApi(run)
        api.sign_in("Scott", "000000")
        api.sign_in("Scott", "000001")
        api.send("POST", "/v3/auth/passcode", api_key=api.api_key(api.persona("Scott")),
                 json={"site_id": "92vkYC4fVEl", "email": "nobody@unknown-visitor.example", "passcode": "1"})
        (entry,) = Journal(journal.path, suite_sandbox.base_url).left_open()
        assert (entry.kind, entry.name) == (SIGN_IN_FAILURES, "Scott")
        assert api.sign_in("Scott").status_code == 200
        assert Journal(journal.path, suite_sandbox.base_url).left_open() == []
    finally:
        run.close()
