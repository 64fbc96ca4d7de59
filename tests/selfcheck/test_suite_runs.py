"""tools/suite_runs.py: its reading of behave's JSON report, the order behave runs locations in, and when the
fault proof table stands."""
from tools import suite_runs as runs


def scenario(line, status, name="s"):
    return {"type": "scenario", "location": f"features/a.feature:{line}", "name": f"{name}{line}", "status": status}


def test_a_rules_last_status_is_taken_back_from_the_next_rules_background():
    # behave 1.3.3 writes the status of a Rule's last scenario onto the next Rule's Background
    report = [{"elements": [
        {"type": "background", "location": "features/a.feature:3"},
        scenario(6, "passed"), scenario(8, None),
        {"type": "background", "location": "features/a.feature:11", "status": "failed"},
        scenario(13, "passed")]}]
    assert [(s.line, s.status) for s in runs.scenarios_in(report)] == [(6, "passed"), (8, "failed"), (13, "passed")]


def test_a_rules_last_status_is_taken_back_past_the_backgrounds_of_rules_left_out():
    # with only some scenarios named, the Rules after the one that ran add their Backgrounds before
    # behave writes the status, onto the last of them
    report = [{"elements": [
        {"type": "background", "location": "features/a.feature:3"},
        {"type": "background", "location": "features/a.feature:5"}, scenario(8, None),
        {"type": "background", "location": "features/a.feature:11"},
        {"type": "background", "location": "features/a.feature:20", "status": "failed"}]}]
    assert [(s.line, s.status) for s in runs.scenarios_in(report)] == [(8, "failed")]


def test_a_scenario_counts_where_it_ran_and_in_the_order_it_ran():
    # one location per feature run: the file appears twice, each time with the other scenario skipped
    report = [{"elements": [scenario(6, "skipped"), scenario(8, "passed")]},
              {"elements": [scenario(6, "failed"), scenario(8, "skipped")]},
              {"elements": [scenario(10, "skipped")]}]
    result = runs.scenarios_in(report)
    assert [(s.line, s.status) for s in result] == [(8, "passed"), (6, "failed"), (10, "skipped")]


def test_consecutive_locations_of_one_file_run_in_file_order():
    requested = ["b.feature:9", "a.feature:20", "a.feature:5", "b.feature:3", "a.feature:12"]
    assert runs.order_from(requested) == ["b.feature:9", "a.feature:5", "a.feature:20", "b.feature:3", "a.feature:12"]


def test_disorder_counts_pairs_run_the_other_way_round():
    default = ["a.feature:1", "a.feature:2", "b.feature:1"]
    assert runs.disorder(default, default) == (0, 3, 0, 1)
    assert runs.disorder(["b.feature:1", "a.feature:2", "a.feature:1"], default) == (3, 3, 1, 1)
    assert runs.disorder(["a.feature:1", "b.feature:1", "a.feature:2"], default) == (1, 3, 0, 1)


def _proof(**caught_by) -> dict:
    return {"about": "a", "fingerprint": "f", "faults": {
        name: {"area": "files", "description": "d", "caught_by": sorted(scenarios), "stops_the_run": None}
        for name, scenarios in caught_by.items()}}


def test_the_proof_stands_while_each_scenario_it_names_catches_its_fault_again(tmp_path):
    path = tmp_path / "fault_proof.json"
    runs.write_proof(_proof(a=["f::one"]), path)
    kept = path.read_text()
    assert not runs.write_proof(_proof(a=["f::one", "f::lucky"]), path, exact=False)
    assert path.read_text() == kept
    assert runs.write_proof(_proof(a=["f::other"]), path, exact=False)  # a claim no longer holds
    assert runs.write_proof(_proof(a=["f::other"], b=["f::one"]), path, exact=False)  # a new fault
    assert runs.write_proof(_proof(a=["f::other", "f::lucky"], b=["f::one"]), path)  # exact: any difference
