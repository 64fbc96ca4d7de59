"""What the living-documentation report of a run holds (the run: tests/report/conftest.py)."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from behave.runner_util import load_step_modules
from behave.step_registry import registry

from aether_suite.contract import endpoints
from aether_suite.contract import schema as contract_schema
from aether_suite.report import glossary

REPO = Path(__file__).resolve().parents[2]

SCENARIO_SECTION = re.compile(r'<section class="scenario-filter-container (\w+)"')
EVIDENCE = re.compile(r"<div class=evidence>.*?</div>", re.DOTALL)


def section(report: str, anchor: str) -> str:
    """One of the report's own sections (totals, coverage, glossary), up to what follows it."""
    found = re.search(rf'<div class="aether-section" id="{anchor}">(.*?)'
                      r'(?=<div class="aether-section"|<h2 class="area-heading"|<div class="return-to-the-top)',
                      report, re.DOTALL)
    assert found, f"the report has no section {anchor!r}"
    return found.group(1)


@pytest.fixture(scope="module")
def report(suite_run_with_failures) -> str:
    return suite_run_with_failures.html


def test_every_feature_rule_and_scenario_of_the_run_is_shown_with_its_status_and_duration(
        suite_run_with_failures, report):
    text = html.unescape(report)
    scenarios = suite_run_with_failures.scenarios()
    for feature, rule, scenario, selected in scenarios:
        assert (f"Scenario: {scenario}" in text) == selected, scenario  # those the tags leave out are not
        if selected:
            assert f"Feature: {feature}" in text and (rule is None or f"Rule: {rule}" in text), scenario
    ran = sum(selected for *_, selected in scenarios)
    statuses = SCENARIO_SECTION.findall(report)
    assert len(statuses) == ran and set(statuses) <= {"passed", "failed", "skipped"}
    assert text.count("Scenario duration: ") == ran


def test_a_scenario_skipped_before_its_first_step_says_why(report):
    # The run targets a sandbox it did not start: @sandbox scenarios are skipped by before_scenario.
    assert re.search(r'>Skipped because</div>\s*<pre[^>]*><span mime="text">it needs the embedded sandbox; '
                     r'this run tests http://127\.0\.0\.1:\d+</span>', report)


def test_the_backgrounds_of_the_feature_and_the_rule_are_shown_before_each_scenario(report):
    start = report.index("Feature: Deliberate failures")
    probe = report[start:report.find('<section class="feature-filter-container', start)]
    # one per scenario: the feature's background, then the rule's
    assert probe.count("<span>One Sky IT Demo has an exhibit </span>") == 3
    assert probe.count("<span>Northwind Expo has an exhibit </span>") == 3


def test_features_are_grouped_by_area_in_the_order_of_the_areas(report):
    headings = re.findall(r'<h2 class="area-heading" id="area-(\w+)"', report)
    assert headings == [area for area in ("auth", "tenancy", "files", "export", "other") if area in headings]
    assert headings[0] == "auth" and "other" in headings  # smoke.feature has no area tag


def test_a_failed_step_carries_the_expectation_and_the_exchanges_redacted(report):
    evidence = [html.unescape(block) for block in EVIDENCE.findall(report)]
    refused = next(block for block in evidence if "expected Nadia to be refused (a deliberate failure)" in block)
    assert "[act] Nadia's POST /v3/auth/passcode → 200" in refused
    assert "[act] Nadia's GET /v3/auth/me?probe=«redacted»&code=«redacted» → 200" in refused
    assert "[act] Nadia's POST /v3/crud/event_exhibit → 201" in refused
    assert '"name": "Stand «redacted»"' in refused  # the bodies, as recorded
    assert '"exhibitor_notes": "token «redacted»"' in refused
    token = next(block for block in evidence if "expected Cleo to get another token (deliberately)" in block)
    assert "was '«redacted»'" in token  # hamcrest described the real token: redacted


def test_totals_per_area_and_tag(report):
    totals = html.unescape(section(report, "totals"))
    for row in ("Signing in and credentials", "The wall between accounts", "The file lifecycle", "All",
                "@auth", "@security", "@smoke"):
        assert f"<td>{row}</td>" in totals, row


def test_contract_coverage_lists_every_endpoint_and_error_code(report):
    coverage = html.unescape(section(report, "coverage"))
    for method, template in endpoints.OPERATIONS:
        assert f"<code>{method} {template}</code>" in coverage
    for code in contract_schema.error_codes():
        assert f"<code>{code}</code>" in coverage
    assert "Endpoints exercised: <b>" in coverage
    links = set(re.findall(r"href='#(f\d+-s\d+)'", coverage))
    assert links and all(f'id="{anchor}"' in report for anchor in links)  # each links to its scenario


def test_the_glossary_lists_every_step_of_the_suite(report):
    load_step_modules([str(REPO / "steps")])
    steps = glossary.entries(registry)
    assert steps
    glossary_html = section(report, "glossary")
    for entry in steps:
        assert glossary.phrase_html(entry.phrase) in glossary_html, entry.phrase


def test_junit_and_a_readable_console(suite_run_with_failures):
    run = suite_run_with_failures
    assert run.returncode != 0  # the probe scenarios failed
    [junit_file] = (run.reports / "junit").glob("TESTS-*deliberate_failures.xml")
    junit = junit_file.read_text(encoding="utf-8")
    assert junit.count("<failure") == 3
    assert "Failing scenarios:" in run.console
    assert "Then the probe expects Osiris to be refused" in run.console  # the pretty format, one line a step
