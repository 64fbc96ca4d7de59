"""tools/shard.py: n shares of the suite are disjoint, cover it exactly, are balanced, and behave runs them."""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tools import shard

SELECTIONS = ([], ["--tags=not @slow"], ["--tags=@export"], ["--tags=@auth or @files"])


@pytest.fixture(scope="module")
def suites():
    return {tuple(args): shard.scenarios(args) for args in SELECTIONS}


@pytest.mark.parametrize("args", SELECTIONS, ids=lambda a: " ".join(a) or "default")
@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_the_shares_are_disjoint_and_cover_every_scenario(suites, args, n):
    everything = suites[tuple(args)]
    assert everything, "the suite has scenarios"
    for durations in ({}, shard.load_durations(shard.DURATIONS)):
        shares = shard.deal(everything, n, durations)
        assert len(shares) == n
        dealt = [s.location for share in shares for s in share]
        assert len(dealt) == len(set(dealt)), "a scenario is in two shares"
        assert sorted(dealt) == sorted(s.location for s in everything), "the shares do not add up to the suite"


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_without_recorded_times_the_shares_differ_by_the_holding_scenarios_at_most(suites, n):
    holding = sum(s.holds for s in suites[()])
    sizes = [len(share) for share in shard.deal(suites[()], n)]
    assert max(sizes) - min(sizes) <= holding, sizes


@pytest.mark.parametrize("args", SELECTIONS, ids=lambda a: " ".join(a) or "default")
@pytest.mark.parametrize("n", [2, 3, 5])
def test_the_scenarios_that_hold_sign_ins_are_dealt_to_one_share(suites, args, n):
    for durations in ({}, shard.load_durations(shard.DURATIONS)):
        holding = [{s.location for s in share if s.holds} for share in shard.deal(suites[tuple(args)], n, durations)]
        assert sum(bool(share) for share in holding) <= 1, holding


def test_every_scenario_that_makes_a_personas_sign_in_fail_holds_sign_ins():
    """The steps that sign a demo persona in wrongly (aether_suite/auth/sign_ins.py hold_failures) and the tag agree."""
    from behave.runner_util import parse_features  # noqa: PLC0415

    wrong = re.compile(r"mistyped their passcode|signs in with a wrong passcode")
    features = parse_features(sorted(str(p) for p in (shard.ROOT / "features").rglob("*.feature")))
    mistyping, tagged = set(), set()
    for feature in features:
        for scenario in feature.walk_scenarios():
            if any(wrong.search(step.name) for step in scenario.all_steps):
                mistyping.add(scenario.name)
            if shard.HOLDS_TAG in scenario.effective_tags:
                tagged.add(scenario.name)
    assert mistyping, "the suite has scenarios in which a persona mistypes their passcode"
    assert mistyping == tagged


def test_holding_scenarios_count_together_when_dealt():
    items = [shard.Scenario(f"f.feature:{line}", f"f.feature::s{line}", holds=line in (2, 5, 7))
             for line in range(1, 11)]
    shares = shard.deal(items, 3)
    assert [s.location for s in shares[0] if s.holds] == ["f.feature:2", "f.feature:5", "f.feature:7"]
    assert [len(share) for share in shares] == [4, 3, 3]  # the three count as 3 s, dealt first


def test_with_recorded_times_the_shares_take_about_as_long():
    items = [shard.Scenario(f"f.feature:{line}", f"f.feature::s{line}") for line in range(1, 41)]
    durations = {item.key: (line % 7) + 0.5 for line, item in enumerate(items)}
    durations[items[3].key] = 9.0  # one slow scenario gets a share nearly to itself
    for n in (2, 3, 4, 5):
        totals = [sum(durations[s.key] for s in share) for share in shard.deal(items, n, durations)]
        assert max(totals) - min(totals) <= max(durations.values()), totals


def test_a_scenario_without_a_recorded_time_counts_as_the_median():
    items = [shard.Scenario(f"f.feature:{line}", f"f.feature::s{line}") for line in range(1, 7)]
    durations = {items[0].key: 1.0, items[1].key: 3.0, items[2].key: 5.0}  # median 3.0 for the other three
    totals = [sum(durations.get(s.key, 3.0) for s in share) for share in shard.deal(items, 2, durations)]
    assert sorted(totals) == [9.0, 9.0]


def test_the_deal_is_deterministic_and_keeps_behaves_order(suites):
    everything = suites[("--tags=not @slow",)]
    first = shard.deal(everything, 3, shard.load_durations(shard.DURATIONS))
    again = shard.deal(list(everything), 3, shard.load_durations(shard.DURATIONS))
    assert first == again
    position = {s: i for i, s in enumerate(everything)}
    for share in first:
        assert [position[s] for s in share] == sorted(position[s] for s in share)


def test_more_shares_than_scenarios_leave_some_empty():
    items = [shard.Scenario("f.feature:3", "f.feature::a"), shard.Scenario("f.feature:9", "f.feature::b")]
    assert [len(share) for share in shard.deal(items, 5)] == [1, 1, 0, 0, 0]


def test_behave_runs_exactly_the_scenarios_of_a_share(suites):
    """The file:line locations select what was dealt, outline examples and scenarios under rules included."""
    share = shard.deal(suites[("--tags=not @slow",)], 3)[1]
    listed = subprocess.run([sys.executable, "tools/shard.py", "2/3", "--list", "--tags=not @slow",
                             "--durations", "none"],
                            cwd=shard.ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert listed == [s.location for s in share]
    dry = subprocess.run([sys.executable, "-m", "behave", "--dry-run", "-f", "pretty", "--no-color", "--no-skipped",
                          "--no-junit", "-D", "report=", "-D", "run_stats=", "--tags=not @slow", *listed],
                         cwd=shard.ROOT, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stdout[-2000:] + dry.stderr[-2000:]
    ran = re.findall(r"^\s*Scenario.*# (features/\S+:\d+)", dry.stdout, flags=re.MULTILINE)
    assert sorted(ran) == sorted(listed)


def test_each_share_writes_its_outputs_apart():
    assert shard.share_args(2, 3, []) == [
        "--no-skipped",
        "--junit-directory", "reports/junit/shard-2-of-3",
        "-D", "report=reports/aether-report-shard-2-of-3.html",
        "-D", "results=reports/results/shard-2-of-3.json",
        "-D", "run_stats=reports/run-stats-shard-2-of-3.json"]
    assert shard.share_args(1, 2, ["--show-skipped", "--junit-directory", "x", "-D", "report=", "-Drun_stats=y",
                                   "-D", "results="]) == []


def test_the_shares_junit_files_merge_into_one_suite_per_feature(tmp_path):
    def share(i, cases):
        folder = tmp_path / f"shard-{i}-of-2"
        folder.mkdir()
        body = "".join(f'<testcase classname="auth.tokens" name="{name}" time="0.5">{inner}</testcase>'
                       for name, inner in cases)
        (folder / "TESTS-auth.tokens.xml").write_text(f'<testsuite name="auth.tokens">{body}</testsuite>')

    # Share 1 ran a and b; share 2 ran c (failing) and, run without --no-skipped, lists a and b as skipped.
    share(1, [("a", ""), ("b", "")])
    share(2, [("a", "<skipped/>"), ("b", "<skipped/>"), ("c", '<failure message="no"/>')])
    out = tmp_path / "merged.xml"
    assert shard.merge_junit(sorted(tmp_path.glob("shard-*")), out) == 1  # a failure: non-zero, as CI wants
    root = ET.parse(out).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("skipped"), root.get("time")) == ("3", "1", "0", "1.500")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["auth.tokens"]
    assert [c.get("name") for c in suites[0].findall("testcase")] == ["a", "b", "c"]


def test_a_share_runs_and_writes_only_its_own_scenarios_to_junit(tmp_path):
    junit = tmp_path / "junit"
    done = subprocess.run([sys.executable, "tools/shard.py", "1/2", "--tags=@smoke", "-f", "null",
                           "--junit-directory", str(junit), "-D", "report=", "-D", "run_stats="],
                          cwd=shard.ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "share 1/2: 2 scenarios" in done.stdout
    cases = [case for path in junit.glob("*.xml") for case in ET.parse(path).getroot().iter("testcase")]
    assert len(cases) == 2 and not any(case.find("skipped") is not None for case in cases)
