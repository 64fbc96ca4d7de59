"""One report and one JUnit file from many runs (behavex workers, CI shards): ``python -m aether_suite.report
merge``. Two slices run in the suite's project (tests/report/conftest.py), each writing its results."""
from __future__ import annotations

import html
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

SLICES = ("@smoke", "@files and not @slow")


def merge(run, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in run.env.items() if k not in ("AETHER_BASE_URL", "AETHER_SANDBOX_SECRETS")}
    return subprocess.run([sys.executable, "-m", "aether_suite.report", "merge", *args], cwd=run.project, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def slices(suite_run_with_failures, tmp_path_factory):
    folder = tmp_path_factory.mktemp("slices")
    for tags in SLICES:
        done = suite_run_with_failures.behave(f"--tags={tags}", "-D", "report=", "-D", f"results={folder}/",
                                              AETHER_BASE_URL=None, AETHER_SANDBOX_SECRETS=None)
        assert done.returncode == 0, done.stdout[-2000:]
    return folder


def test_the_results_of_two_runs_make_one_report_and_one_junit(suite_run_with_failures, slices, tmp_path):
    merged = merge(suite_run_with_failures, str(slices), "-o", str(tmp_path))
    assert merged.returncode == 0, merged.stderr
    cases = ET.parse(tmp_path / "junit.xml").getroot()
    tests = int(cases.get("tests"))
    assert tests > 4 and cases.get("failures") == "0" and cases.get("errors") == "0"
    assert len({case.get("name") for case in cases.iter("testcase")}) == tests  # each scenario once
    report = html.unescape((tmp_path / "aether-report.html").read_text())
    assert "<dt>Merged from</dt><dd>2 runs</dd>" in report
    assert "<dt>Tags</dt><dd>@smoke + @files and not @slow</dd>" in report
    assert report.count("<details class='scenario st-passed'") == tests
    assert f"{tests} scenarios from 2 runs" in merged.stdout
    assert len((tmp_path / "history.jsonl").read_text().splitlines()) == 1


def test_a_merge_with_a_failing_run_fails_and_lists_its_failures(suite_run_with_failures, slices, tmp_path):
    merged = merge(suite_run_with_failures, str(slices), str(suite_run_with_failures.reports / "results"),
                   "-o", str(tmp_path))
    assert merged.returncode == 1
    cases = ET.parse(tmp_path / "junit.xml").getroot()
    assert (cases.get("failures"), cases.get("errors")) == ("3", "1")
    assert "Osiris is wrongly expected to be refused his sign-in" in (tmp_path / "aether-report.html").read_text()


def test_bad_input_gets_one_line(suite_run_with_failures, tmp_path):
    missing = merge(suite_run_with_failures, str(tmp_path / "nowhere"))
    assert (missing.returncode, missing.stderr.strip()) == (2, f"aether report: no such file or folder: "
                                                               f"{tmp_path / 'nowhere'}")
    (tmp_path / "not-results.json").write_text("{}")
    wrong = merge(suite_run_with_failures, str(tmp_path / "not-results.json"))
    assert wrong.returncode == 2 and wrong.stderr.startswith("aether report: not a results file")
    assert "Traceback" not in wrong.stderr
