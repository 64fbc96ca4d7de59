"""What a scenario creates is deleted when it ends, pass or fail, and already-deleted is fine."""
import json

from aether_suite.client.api import AetherApi
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
