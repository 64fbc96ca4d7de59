"""The behave hooks: @sandbox scenarios are skipped with a reason when the run targets another server."""

SANDBOX_ONLY = '''Feature: sandbox-only probe
  @sandbox
  Scenario: needs the sandbox's controls
    When Osiris signs in with their passcode

  Scenario: runs anywhere
    When Osiris signs in with their passcode
    Then Osiris is signed in to One Sky IT Demo
'''


def test_sandbox_scenarios_are_skipped_with_a_reason_against_another_server(behave_project, suite_sandbox):
    result = behave_project({"probe.feature": SANDBOX_ONLY},
                            env={"AETHER_BASE_URL": suite_sandbox.base_url, "AETHER_SANDBOX_SECRETS": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 scenario passed, 0 failed, 1 skipped" in result.stdout
    assert (f"SKIP Scenario needs the sandbox's controls: it needs the embedded sandbox; "
            f"this run tests {suite_sandbox.base_url}") in result.stderr


def test_sandbox_scenarios_run_on_the_embedded_sandbox(behave_project):
    result = behave_project({"probe.feature": SANDBOX_ONLY}, env={"AETHER_BASE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 scenarios passed, 0 failed, 0 skipped" in result.stdout
