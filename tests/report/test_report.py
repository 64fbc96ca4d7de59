"""What the living-documentation report of a run holds (the run: tests/report/conftest.py)."""
from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

import pytest
from behave.runner_util import load_step_modules
from behave.step_registry import registry

from aether_suite.contract import endpoints
from aether_suite.contract import schema as contract_schema
from aether_suite.report import glossary

REPO = Path(__file__).resolve().parents[2]


def section(report: str, anchor: str) -> str:
    found = re.search(rf"<section id='?{anchor}'?>(.*?)</section>(?=<section id|</main>)", report, re.DOTALL)
    assert found, f"the report has no section {anchor!r}"
    return found.group(1)


def scenario_element(report: str, title: str) -> str:
    """The <details> of the scenario with this title (as the page names it)."""
    for block in re.findall(r"<details class='scenario .*?</div></details>", report, re.DOTALL):
        summary = html.unescape(re.search(r"<summary>(.*?)</summary>", block, re.DOTALL).group(1))
        if f"</span> {title}" in summary:
            return block
    raise AssertionError(f"no scenario {title!r} in the report")


@pytest.fixture(scope="module")
def report(suite_run_with_failures) -> str:
    return suite_run_with_failures.html


def test_the_overview_lists_every_rule_of_the_suite_with_its_status(suite_run_with_failures, report):
    rows = re.findall(r"<tr class='rule-row st-([\w-]+)'.*?</tr>", report, re.DOTALL)
    groups = {(feature, rule) for feature, rule, _, _ in suite_run_with_failures.scenarios()}
    assert len(rows) == len(groups)
    overview = html.unescape(section(report, "overview"))
    for feature, rule in groups:
        assert (rule or feature) in overview, (feature, rule)
    assert set(rows) <= {"passed", "failed", "error", "skipped", "wip", "not-run"}
    assert "failed" in rows and "error" in rows  # the probe's rules


def test_every_scenario_is_shown_with_its_status_and_outline_rows_by_their_values(suite_run_with_failures, report):
    statuses = re.findall(r"<details class='scenario st-([\w-]+)' id=s-\w+( open)? data-status", report)
    assert len(statuses) == len(suite_run_with_failures.scenarios())  # those the tags leave out too
    opened = {status for status, is_open in statuses if is_open}
    assert opened == {"failed", "error", "wip"}  # passing scenarios are folded
    summaries = html.unescape(" ".join(re.findall(r"<summary>(.*?)</summary>", report)))
    assert " -- @" not in summaries
    assert "Scott shows a scrap of text instead of a token" in summaries  # the outline's <kind>, filled in


def test_failures_and_errors_are_listed_first_apart_and_linked(report):
    problems = section(report, "problems")
    listed = re.findall(r"<li><span class='badge st-(failed|error)'>.*?<a href='#(s-\w+)'>(.*?)</a>", problems)
    assert [kind for kind, *_ in listed] == ["failed"] * 3 + ["error"]  # failures first
    assert "Scott&#x27;s step breaks with an exception" in listed[-1][2]
    for _, anchor, _ in listed:
        assert f"id={anchor} open" in report
    assert report.index("id=problems") < report.index("id=overview") < report.index("id=scenarios")


def test_a_failure_shows_the_expectation_then_the_exchanges_then_the_folded_traceback(report):
    block = html.unescape(scenario_element(report, "Nadia's secrets travel where no secret belongs"))
    expectation = block.index("<p class=expectation>Expected Nadia to be refused (a deliberate failure).</p>")
    exchanges = block.index("What the API did")
    traceback = block.index("<details class=traceback><summary>")
    assert expectation < exchanges < traceback
    assert "[act] Nadia's GET /v3/auth/me?probe=«redacted»&code=«redacted» → 200" in block
    assert '"exhibitor_notes": "token «redacted»"' in block
    token = html.unescape(scenario_element(report, "Cleo's token is expected to be another one"))
    assert "was '«redacted»'" in token  # hamcrest described the real token: redacted


def test_an_exception_in_a_step_is_an_error_not_a_failure(report):
    block = html.unescape(scenario_element(report, "Scott's step breaks with an exception"))
    assert "data-status='error'" in block
    assert "The step could not be carried out: LookupError: the probe looked for a lead" in block
    assert "<details class=traceback>" in block and "in probe_breaks" in block


def test_work_in_progress_is_listed_with_its_undefined_step(report):
    wip = html.unescape(section(report, "wip"))
    assert "Osiris does what nobody has written a step for yet" in wip
    assert "no step definition yet for: <q>Then the probe finds a step nobody has defined yet</q>" in wip
    block = scenario_element(report, "Osiris does what nobody has written a step for yet")
    assert "data-status='wip'" in block and "(no step definition yet)" in block


def test_the_report_says_what_was_tested(suite_run_with_failures, report):
    tested = html.unescape(re.search(r"<dl class=tested id=tested>(.*?)</dl>", report).group(1))
    contract = hashlib.sha256((REPO / "contract" / "aether-v3.openapi.json").read_bytes()).hexdigest()[:12]
    assert re.search(r"<dt>Target</dt><dd>http://127\.0\.0\.1:\d+</dd>", tested)
    assert f"<dt>Contract</dt><dd>{contract}</dd>" in tested
    assert re.search(r"<dt>Suite commit</dt><dd>[0-9a-f]{12}( \+ changes)?</dd>", tested)
    assert "<dt>Tags</dt><dd>not @wip and not @slow</dd>" in tested
    assert re.search(r"<dt>Started</dt><dd>\d{4}-\d\d-\d\d \d\d:\d\d UTC</dd><.*<dt>Duration</dt><dd>[\d.]+ s", tested)
    # @slow left out: a slice, and no full run recorded before it
    assert "This is a slice" in report and "No full run has been recorded yet." in report


def test_a_scenario_skipped_before_its_first_step_says_why(report):
    assert re.search(r"<p class=skip-reason>Skipped because it needs the embedded sandbox; "
                     r"this run tests http://127\.0\.0\.1:\d+</p>", report)


def test_the_backgrounds_of_the_feature_and_the_rule_are_shown_before_each_scenario(report):
    block = scenario_element(report, "Osiris is wrongly expected to be refused his sign-in")
    steps = re.findall(r"<span class=kw>(\w+)</span> (.*?) <", html.unescape(block))
    assert [text for _, text in steps[:3]] == ['One Sky IT Demo has an exhibit "Probe booth" at its conference',
                                               'Northwind Expo has an exhibit "Probe stand" at its conference',
                                               "Osiris signs in with their passcode"]


def test_each_rule_shows_the_faults_that_prove_it(report):
    rows = {html.unescape(re.search(r"<td class=rule-name><a [^>]*>(.*?)</a>", row).group(1)): row
            for row in re.findall(r"<tr class='rule-row.*?</tr>", report, re.DOTALL)}
    proof = json.loads((REPO / "tools" / "fault_proof.json").read_text())
    assert proof["faults"]["lockout_disabled"]["caught_by"]
    lockout = rows["Repeated failed sign-ins lock the email for a while"]
    assert "This rule fails if failed sign-ins never lock the email" in lockout
    assert "No catalogued fault proves this rule yet." in rows[
        "a failed expectation shows the exchanges, every secret redacted"]
    assert proof["faults"]["health_requires_key"]["stops_the_run"]
    assert ("This rule fails if the health check demands an API key (the start-up checks stop the run)"
            in rows["The health check is open to everyone"])
    assert "(the start-up checks stop the run)" not in rows["A site is found by its domain in any letter case"]


def test_evidence_of_passing_scenarios_on_request(report):
    block = html.unescape(scenario_element(report, "Cleo signs in and the token is hers"))
    assert "data-status='passed'" in block and "What the API did" in block and "[act] Cleo's" in block


def test_contract_coverage_lists_every_endpoint_and_error_code(report):
    coverage = html.unescape(section(report, "coverage"))
    for method, template in endpoints.OPERATIONS:
        assert f"<code>{method} {template}</code>" in coverage
    for code in contract_schema.error_codes():
        assert f"<code>{code}</code>" in coverage
    links = set(re.findall(r"href='#(s-\w+)'", coverage))
    assert links and all(f"id={anchor}" in report for anchor in links)  # each links to its scenario


def test_the_glossary_lists_every_step_of_the_suite(report):
    load_step_modules([str(REPO / "steps")])
    steps = glossary.entries(registry)
    assert steps
    glossary_html = section(report, "glossary")
    for entry in steps:
        assert glossary.phrase_html(entry.phrase) in glossary_html, entry.phrase


def test_junit_results_history_and_a_readable_console(suite_run_with_failures):
    run = suite_run_with_failures
    assert run.returncode != 0  # the probe scenarios failed
    [junit_file] = (run.reports / "junit").glob("TESTS-*deliberate_failures.xml")
    junit = junit_file.read_text(encoding="utf-8")
    assert junit.count("<failure") == 3 and junit.count("<error") == 1
    assert "Failing scenarios:" in run.console
    assert "Then the probe expects Osiris to be refused" in run.console  # the pretty format, one line a step
    [results] = (run.reports / "results").glob("*.json")
    assert json.loads(results.read_text())["info"]["tags"] == "not @wip and not @slow"
    [record] = [json.loads(line) for line in (run.reports / "history.jsonl").read_text().splitlines()[:1]]
    assert record["tags"] == "not @wip and not @slow" and record["rules"] and record["scenarios"]
