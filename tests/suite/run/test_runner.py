"""The suite's behave runner (aether_suite/run/runner.py): unknown tags stop the run before anything loads,
an aborted start shows only its reason, a closing line tells what ran, in what wall time, and where the
report is; behave started outside the project's root stops with one line."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from behave.configuration import Configuration
from behave.runner_util import parse_features

from aether_suite.run.runner import closing_line, process_seconds, selects, unknown_tags_line

REPO = Path(__file__).resolve().parents[3]

FEATURE = '''@export
Feature: probe
  @slow @rule:§3.export.columns.fixed
  Scenario: a busy one
    Given nothing

  Rule: a rule
    @smoke
    Scenario: under the rule
      Given nothing

  Scenario Outline: an outline
    Given nothing
    @files
    Examples:
      | x |
      | 1 |
'''


@pytest.fixture
def features(tmp_path):
    (tmp_path / "probe.feature").write_text(FEATURE)
    return parse_features([str(tmp_path / "probe.feature")])


def expression(tags: str):
    return Configuration([f"--tags={tags}"], load_config=False).tag_expression


@pytest.mark.parametrize("tags", ["@export", "@slow and not @smoke", "@files", "@rule:§3*",
                                  "not @rule:§3.export.columns.fixed"])
def test_tags_that_scenarios_carry_pass(features, tags):
    assert unknown_tags_line(expression(tags), features) is None


def test_every_tag_named_must_exist_whatever_the_logic(features):
    assert unknown_tags_line(expression("@smoke or @nope"), features).startswith("STOPPED: no scenario carries @nope;")


def test_a_misspelt_tag_is_named_with_the_closest_and_the_tags_there_are(features):
    assert unknown_tags_line(expression("@exprot and not @slow"), features) == (
        "STOPPED: no scenario carries @exprot (did you mean @export?); the tags are @export, @files, @slow, "
        "@smoke and @rule:<id> (contract/rules.toml)")


@pytest.mark.parametrize("tags, tag, selected", [
    ("@export", "smoke", True), ("not @smoke", "smoke", False), ("@files", "files", True),
    ("not @files", "files", False), ("@slow", "smoke", False), ("@smoke or @slow", "slow", True)])
def test_the_run_knows_whether_it_selects_a_tag(features, tags, tag, selected):
    assert selects(features, Configuration([f"--tags={tags}"], load_config=False), tag) is selected


def test_the_default_tags_may_name_no_scenario(features):
    assert unknown_tags_line(expression("not @wip and @export"), features, ["wip"]) is None
    assert unknown_tags_line(expression("@wip or @nope"), features, ["wip"]).startswith(
        "STOPPED: no scenario carries @nope; the tags are @export,")


def test_a_rule_tag_no_scenario_carries_stops_too(features):
    assert unknown_tags_line(expression("@rule:§9.nothing"), features).startswith(
        "STOPPED: no scenario carries @rule:§9.nothing")


def test_the_closing_line_counts_the_selected_scenarios_by_outcome():
    assert closing_line(["passed", "failed", "passed", "skipped"], "the embedded sandbox", 84.26,
                        "reports/aether-report.html") == (
        "Aether suite: 4 scenarios (2 passed, 1 failed, 1 skipped) against the embedded sandbox in 84.3 s "
        "wall time; report: reports/aether-report.html")
    assert closing_line([], "https://dev.example", 0.4, None) == (
        "Aether suite: 0 scenarios against https://dev.example in 0.4 s wall time; no report")


def test_process_seconds_counts_from_the_process_start():
    assert 0 < process_seconds() < 24 * 3600


def behave(*args, cwd=REPO, env=None):
    return subprocess.run([str(Path(sys.executable).parent / "behave"), "--no-color", *args], cwd=cwd,
                          env={**os.environ, "AETHER_BASE_URL": "", **(env or {})}, capture_output=True,
                          text=True, timeout=120)


def test_a_tag_no_scenario_carries_stops_the_run_in_one_line_and_leaves_the_report_alone(tmp_path):
    report = tmp_path / "report.html"
    result = behave("--tags=@exprot", f"-D report={report}")
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["USING RUNNER: aether_suite.run.runner:SuiteRunner"]  # behave's own
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("STOPPED: no scenario carries @exprot (did you mean @export?); the tags are @auth")
    assert not report.exists()


def test_an_aborted_start_shows_its_reason_only(tmp_path):
    result = behave("-D", f"report={tmp_path / 'report.html'}",
                    env={"AETHER_BASE_URL": "http://127.0.0.1:9", "AETHER_API_KEY_ONESKY": ""})
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["USING RUNNER: aether_suite.run.runner:SuiteRunner"]
    assert result.stderr.splitlines() == [
        "ABORTED: AETHER_API_KEY_ONESKY is not set: against AETHER_BASE_URL every secret is needed "
        "(or set AETHER_SANDBOX_SECRETS=1 when that server is the sandbox)"]


def test_a_run_ends_with_the_closing_line(tmp_path):
    result = behave("--tags=@smoke", "-f", "progress", "-D", f"report={tmp_path / 'report.html'}")
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.splitlines()[-1]
    assert last.startswith("Aether suite: 4 scenarios (4 passed) against the embedded sandbox in ")
    assert last.endswith(f" s wall time; report: {tmp_path / 'report.html'}")


@pytest.mark.parametrize("folder", ["features", "steps"])
def test_behave_started_in_a_subfolder_stops_with_one_line(folder):
    result = behave(cwd=REPO / folder)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"STOPPED: run behave from the project's root, {REPO}: behave reads behave.ini only from the folder "
        "it starts in"]
