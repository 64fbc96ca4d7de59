"""tools/fault_proof.json, the report's proof per rule, is current: written from the kill runs of this fault
catalogue (sandbox/faults.py) and these features. When it is stale, tests/selfcheck/test_kills.py (or
``python -m tools.suite_checks kills``) rewrites it: commit the new file."""
import json

from behave.parser import parse_file

from sandbox.faults import CATALOGUE
from tools import suite_runs as runs


def test_the_proof_table_was_written_for_this_catalogue_and_these_features():
    table = json.loads(runs.PROOF.read_text(encoding="utf-8"))
    assert table["fingerprint"] == runs.proof_fingerprint(CATALOGUE), (
        "tools/fault_proof.json is stale (the fault catalogue or the features changed since it was written): "
        "run python -m pytest tests/selfcheck/test_kills.py, which rewrites it, and commit it")
    assert set(table["faults"]) == set(CATALOGUE)


def test_every_fault_is_proved_by_scenarios_of_the_suite():
    table = json.loads(runs.PROOF.read_text(encoding="utf-8"))
    keys = {f"{path.relative_to(runs.REPO).as_posix()}::{scenario.name}"
            for path in (runs.REPO / "features").rglob("*.feature")
            for scenario in parse_file(str(path)).walk_scenarios()}
    for fault, entry in table["faults"].items():
        assert entry["caught_by"] or entry["stops_the_run"], f"{fault}: nothing catches it"
        assert set(entry["caught_by"]) <= keys, f"{fault}: names scenarios the features do not have"


def test_the_fingerprint_changes_with_the_catalogue():
    changed = {**CATALOGUE, "a_new_fault": ("export", "a new way to break the export")}
    assert runs.proof_fingerprint(changed) != runs.proof_fingerprint(CATALOGUE)
