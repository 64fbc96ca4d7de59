"""Run after run: the history beside the report, slices shown beside the last full run, and runs that
select nothing or cannot start never erase the picture. More behave runs follow the suite's run in its
project (tests/report/conftest.py); a run of the whole suite is too slow here, so the full run in
the history is the suite's run marked full (``history.record`` decides "full" by the suite's shape, tested
below on a small suite)."""
from __future__ import annotations

import html
import json
import re
import textwrap

import pytest
from behave.step_registry import StepRegistry

from aether_suite.report import history, page
from aether_suite.report import suite as suite_shape
from aether_suite.report.results import RunInfo, RunResults, ScenarioResult


@pytest.fixture(scope="module")
def later_runs(suite_run_with_failures):
    """The suite's run recorded as a full one, then a @smoke slice, a misspelt tag, an aborted start."""
    run = suite_run_with_failures
    history_file = run.reports / "history.jsonl"
    [first] = history.read(history_file)
    history_file.write_text(json.dumps({**first, "full": True}) + "\n")
    smoke = run.behave("--tags=@smoke", AETHER_BASE_URL=None, AETHER_SANDBOX_SECRETS=None)
    smoke_page = (run.reports / "aether-report.html").read_text()
    misspelt = run.behave("--tags=@smok", AETHER_BASE_URL=None, AETHER_SANDBOX_SECRETS=None)
    after_misspelt = (run.reports / "aether-report.html").read_text()
    aborted = run.behave("--tags=@smoke", AETHER_BASE_URL="http://127.0.0.1:9")  # nothing listens there
    return {"smoke": smoke, "smoke_page": smoke_page, "misspelt": misspelt, "after_misspelt": after_misspelt,
            "aborted": aborted, "aborted_page": (run.reports / "aether-report.html").read_text(),
            "records": history.read(history_file)}


def row_of(report: str, rule: str) -> str:
    return next(row for row in re.findall(r"<tr class='rule-row.*?</tr>", report, re.DOTALL)
                if f">{html.escape(rule, quote=True)}</a>" in row)


def test_a_slice_says_so_and_shows_the_last_full_run_beside_each_rule(later_runs):
    assert later_runs["smoke"].returncode == 0, later_runs["smoke"].stdout[-2000:]
    report = later_runs["smoke_page"]
    assert "<b>This is a slice</b>: 4 of" in report and "(tags: @smoke)" in report
    assert "<th>Last full run</th>" in report
    failing = row_of(report, "a failed expectation shows the exchanges, every secret redacted")
    assert "<span class='badge st-not-run'>not run</span>" in failing  # not in the slice ...
    assert "<td><span class='badge st-failed'>failed</span></td>" in failing  # ... but failed in the full run
    assert "id=problems" in report and "Osiris is wrongly expected" not in html.unescape(report.split("id=overview")[0])


def test_each_rule_shows_its_last_runs(later_runs):
    report = later_runs["smoke_page"]
    smoke_rule = row_of(report, "The demo personas can sign in")  # a feature without rules: its own row
    squares = re.findall(r"<span class=st-(\w+) title='[^']*'></span>", smoke_rule)
    assert squares == ["passed", "passed"]  # the full run, then the slice
    assert "(slice)" in smoke_rule


def test_a_run_that_selects_no_scenario_leaves_the_report_and_the_history_as_they_were(later_runs):
    assert later_runs["misspelt"].returncode == 1
    assert later_runs["misspelt"].stderr.startswith("STOPPED: no scenario carries @smok (did you mean @smoke?)")
    assert later_runs["after_misspelt"] == later_runs["smoke_page"]
    assert [r["tags"] for r in later_runs["records"]] == ["not @wip and not @slow", "@smoke", "@smoke"]


def test_an_aborted_run_says_why_and_keeps_the_full_picture(later_runs):
    assert later_runs["aborted"].returncode != 0
    report = html.unescape(later_runs["aborted_page"])
    assert re.search(r"<b>This run was aborted:</b> [^<]*127\.0\.0\.1:9", report)
    assert "<th>Last full run</th>" in report
    failing = row_of(later_runs["aborted_page"], "a failed expectation shows the exchanges, every secret redacted")
    assert "<td><span class='badge st-failed'>failed</span></td>" in failing
    assert later_runs["records"][-1]["aborted"] and later_runs["records"][-1]["rules"] == {}


SMALL = """\
    @files
    Feature: Files
      Scenario: a file is listed
        When Osiris lists the files

      Rule: a file can be deleted
        Scenario: Osiris deletes a file
          When Osiris deletes the file
        @wip
        Scenario: Scott may not delete it
          When Scott deletes the file
"""


def small_suite(tmp_path):
    (tmp_path / "files.feature").write_text(textwrap.dedent(SMALL))
    return suite_shape.load(StepRegistry(), tmp_path)


def results_of(**statuses) -> RunResults:
    info = RunInfo("2026-12-01T10:00:00Z", 1.0, "embedded sandbox", "c0ffee", "abc", "not @wip")
    return RunResults(info, {key: ScenarioResult(status) for key, status in statuses.items()})


def test_a_run_is_full_when_it_selected_every_scenario_but_work_in_progress(tmp_path):
    suite = small_suite(tmp_path)
    keys = {s.title: key for key, (_, _, s) in suite.scenarios().items()}
    [(_, own), (_, deleting)] = suite.rules()
    full = history.record(results_of(**{keys["Osiris deletes a file"]: "passed", keys["a file is listed"]: "failed"}),
                          suite)
    assert full["full"] and full["rules"] == {deleting.key: "passed", own.key: "failed"}
    assert not history.record(results_of(**{keys["Osiris deletes a file"]: "passed"}), suite)["full"]


def test_the_rule_status_and_since_when(tmp_path):
    suite = small_suite(tmp_path)
    [(_, own), (_, deleting)] = suite.rules()
    assert own.name is None and deleting.name == "a file can be deleted"
    key = deleting.key
    records = [{"started": f"2026-12-0{day}T10:00:00Z", "rules": {key: status}}
               for day, status in ((1, "passed"), (2, "failed"), (3, "failed"))]
    first, count = history.since(records, key)
    assert (first["started"], count) == ("2026-12-02T10:00:00Z", 2)
    deletes = next(s for s in deleting.scenarios if not s.wip)
    wip_only = page._Page(suite, results_of(**{deletes.key: "failed"}), records, {})
    assert wip_only.rule_status(deleting) == "failed" and wip_only.rule_status(own) == "not run"
