"""One behave run of the suite (all but @slow) and of probe scenarios that fail, err and wait on purpose,
for tests/report.

The run targets a sandbox in this process whose token issuing is wrapped, so the tests know every
token issued during the run. It embeds the evidence of every scenario (-D evidence=all) and writes its
results too (-D results=reports/results/), so the secret scan covers every output there is.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from behave.model import Rule
from behave.parser import parse_file

from aether_suite.client.config import SANDBOX_SECRETS
from sandbox import security
from sandbox.server import EmbeddedSandbox
from sandbox.settings import Settings

REPO = Path(__file__).resolve().parents[2]
TAGS = "not @wip and not @slow"  # the scenarios the run selects
LEFT_OUT = {"wip", "slow"}

PROBE_FEATURE = '''@auth
Feature: Deliberate failures, so the report carries evidence
  These scenarios fail on purpose, around requests full of secrets.

  Background:
    Given One Sky IT Demo has an exhibit "Probe booth" at its conference

  Rule: a failed expectation shows the exchanges, every secret redacted
    A background of the rule's own comes before each scenario's steps.

    Background:
      Given Northwind Expo has an exhibit "Probe stand" at its conference

    Scenario: Osiris is wrongly expected to be refused his sign-in
      When Osiris signs in with their passcode
      Then the probe expects Osiris to be refused

    Scenario: Cleo's token is expected to be another one
      When Cleo signs in with their passcode
      Then the probe expects Cleo's token to be another one

    Scenario: Nadia's secrets travel where no secret belongs
      When Nadia signs in with their passcode
      And the probe sends Nadia's token and passcode where no secret belongs
      Then the probe expects Nadia to be refused

  Rule: a step that breaks is an error of the suite, not a failure of the API

    Scenario: Scott's step breaks with an exception
      When Scott signs in with their passcode
      Then the probe breaks with an exception

    @wip
    Scenario: Osiris does what nobody has written a step for yet
      When Osiris signs in with their passcode
      Then the probe finds a step nobody has defined yet
'''

PROBE_STEPS = '''"""Probe steps that fail on purpose (tests/report)."""
from behave import then, when
from hamcrest import has_entries

from aether_suite.contract import endpoints
from aether_suite.checks.expectations import expect_answer, expect_body


@when("the probe sends {name}'s token and passcode where no secret belongs")
def probe_sends_secrets(context, name):
    """The persona's token and passcode go into a query string, an exhibit's name and a lead's notes.

    Example: When the probe sends Nadia's token and passcode where no secret belongs
    """
    api = context.api
    api.send("GET", endpoints.ME.path(), persona=name, params={"probe": api.token(name), "code": api.passcode(name)})
    exhibit = api.create_exhibit(name, f"Stand {api.passcode(name)}").json()
    api.add_lead(name, exhibit["exhibit_id"], {"first_name": "Pat", "last_name": "Probe",
                                               "exhibitor_notes": f"token {api.token(name)}"})


@then("the probe expects {name} to be refused")
def probe_expects_refusal(context, name):
    """A deliberate failure: the last request was allowed.

    Example: Then the probe expects Osiris to be refused
    """
    expect_answer(context.api, 403, "permission_denied", to="to be refused (a deliberate failure)")


@then("the probe expects {name}'s token to be another one")
def probe_expects_other_token(context, name):
    """A deliberate failure whose message describes the real token.

    Example: Then the probe expects Cleo's token to be another one
    """
    expect_body(context.api, has_entries(access_token="another-token"), to="to get another token (deliberately)")


@then("the probe breaks with an exception")
def probe_breaks(context):
    """A deliberate error: the step itself raises, which says nothing about the API.

    Example: Then the probe breaks with an exception
    """
    raise LookupError("the probe looked for a lead that is not there")
'''


@dataclass
class SuiteRunResult:
    returncode: int
    console: str = field(repr=False)
    reports: Path  # the run's reports directory: aether-report.html, history.jsonl, results/, junit/
    features: Path
    project: Path  # the copy of the project the run ran in (more runs may follow there)
    env: dict = field(repr=False)
    # Kept out of repr, so that a failing test does not print them.
    secrets: list[str] = field(default_factory=list, repr=False)  # the API keys and the sandbox's signing key
    passcodes: list[str] = field(default_factory=list, repr=False)
    tokens: list[str] = field(default_factory=list, repr=False)  # every token the sandbox issued during the run

    @property
    def page(self) -> Path:
        """The run's report, as it wrote it (later runs in the project write over reports/)."""
        return self.project / "report-of-the-run.html"

    @property
    def html(self) -> str:
        return self.page.read_text(encoding="utf-8")

    def behave(self, *args: str, **env: str | None) -> subprocess.CompletedProcess:
        """Another behave run in the same project, its report and history in the same reports/ (not its
        JUnit files); ``env`` changes the environment of the first run (None: leave the variable out)."""
        changed = {**self.env, **env}
        return subprocess.run([sys.executable, "-m", "behave", "--no-color", "--no-junit", *args], cwd=self.project,
                              env={k: v for k, v in changed.items() if v is not None}, capture_output=True,
                              text=True, timeout=300)

    def scenarios(self) -> list[tuple[str, str | None, str, bool]]:
        """(feature, rule or None, scenario, selected by the run's tags) for every scenario of the features."""
        found = []
        for path in sorted(glob.glob(f"{self.features}/**/*.feature", recursive=True)):
            feature = parse_file(path)
            for scenario in feature.walk_scenarios():
                # A scenario's parent is its Rule or Feature, or the outline it was generated from.
                container = scenario.parent if isinstance(scenario.parent, Rule) else scenario.parent.parent
                found.append((feature.name, container.name if isinstance(container, Rule) else None, scenario.name,
                              not LEFT_OUT & set(scenario.effective_tags)))
        return found


@pytest.fixture(scope="session")
def suite_run_with_failures(tmp_path_factory) -> SuiteRunResult:
    """The suite and the probe scenarios, run by a plain ``behave`` against a sandbox in this process.

    It runs in a copy of the project's root (behave.ini, environment.py, steps, a snapshot of the
    features), so everything it writes with the default settings lands in that copy's reports/.
    """
    project = tmp_path_factory.mktemp("report-run")
    (project / "steps").mkdir()
    for name in ("behave.ini", "environment.py"):
        (project / name).symlink_to(REPO / name)
    for module in (REPO / "steps").glob("*.py"):
        (project / "steps" / module.name).symlink_to(module)
    shutil.copytree(REPO / "features", project / "features")  # a snapshot: what ran is what the tests read
    (project / "steps" / "probe_steps.py").write_text(PROBE_STEPS)
    (project / "features" / "deliberate_failures.feature").write_text(PROBE_FEATURE)
    reports = project / "reports"

    issue_token, issued = security.issue_token, []

    def issue_and_remember(*args, **kwargs):
        token = issue_token(*args, **kwargs)
        issued.append(token)
        return token

    with pytest.MonkeyPatch.context() as patch, EmbeddedSandbox(Settings()) as sandbox:
        patch.setattr(security, "issue_token", issue_and_remember)
        env = {**os.environ, "AETHER_BASE_URL": sandbox.base_url, "AETHER_SANDBOX_SECRETS": "1",
               "PYTHONPATH": str(REPO)}
        env.pop("AETHER_REPORT", None)  # set empty for the other tests' runs (tests/conftest.py): the default here
        result = subprocess.run([sys.executable, "-m", "behave", "--no-color", f"--tags={TAGS}",
                                 "-D", "evidence=all", "-D", "results=reports/results/"],
                                cwd=project, env=env, capture_output=True, text=True, timeout=300)
        signing_key = sandbox.settings.jwt_secret
    shutil.copy(reports / "aether-report.html", project / "report-of-the-run.html")
    keys = [value for name, value in SANDBOX_SECRETS.items() if name.startswith("api_key")]
    passcodes = [value for name, value in SANDBOX_SECRETS.items() if name.startswith("passcode")]
    return SuiteRunResult(result.returncode, result.stdout + result.stderr, reports, project / "features", project,
                          env, secrets=[*keys, signing_key], passcodes=passcodes, tokens=issued)
