"""A wrong key or passcode is named in one line before any scenario runs (aether_suite/run/preflight.py)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aether_suite.client.api import SuiteRun
from aether_suite.client.config import SANDBOX_SECRETS, ConfigError, SuiteConfig
from aether_suite.run.preflight import check_secrets
from sandbox.server import EmbeddedSandbox
from sandbox.settings import Settings

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def sandbox():
    """A sandbox of this module's own: the wrong passcodes tried here count towards a lockout."""
    with EmbeddedSandbox(Settings()) as sandbox:
        yield sandbox


def preflight(sandbox, **secrets):
    environ = {"AETHER_BASE_URL": sandbox.base_url, "AETHER_SANDBOX_SECRETS": "1", **secrets}
    run = SuiteRun(SuiteConfig.load(environ))
    try:
        check_secrets(run)
    finally:
        run.close()


def test_the_sandbox_secrets_pass(sandbox):
    preflight(sandbox)


def test_an_unknown_key_is_named(sandbox):
    with pytest.raises(ConfigError) as error:
        preflight(sandbox, AETHER_API_KEY_NORTHWIND="sbx-northwind-typo")
    assert str(error.value) == (f"AETHER_API_KEY_NORTHWIND is wrong for {sandbox.base_url}: "
                                f"the server refuses it (api_key_invalid)")


def test_a_key_of_the_other_account_is_named(sandbox):
    with pytest.raises(ConfigError) as error:
        preflight(sandbox, AETHER_API_KEY_ONESKY=SANDBOX_SECRETS["api_key_northwind"])
    assert str(error.value) == (f"AETHER_API_KEY_ONESKY is wrong for {sandbox.base_url}: it is not One Sky IT "
                                f"Demo's key: with it the server finds no site demo.localhost:5173 of account _XY7DXtc9MY")


def test_a_wrong_passcode_is_named(sandbox):
    with pytest.raises(ConfigError) as error:
        preflight(sandbox, AETHER_PASSCODE_CLEO="000000")
    assert str(error.value) == (f"AETHER_PASSCODE_CLEO is wrong for {sandbox.base_url}: the server refuses it "
                                f"(Cleo Idem, cleo@demo.example)")


@pytest.mark.parametrize("fault", ["bootstrap_requires_account_context", "login_requires_account_context"])
def test_a_server_demanding_more_than_the_key_does_not_blame_a_secret(fault):
    with EmbeddedSandbox(Settings(faults=frozenset({fault}))) as faulty:
        if fault == "bootstrap_requires_account_context":
            preflight(faulty)  # the key is known: the site lookup scenarios say what is wrong
        else:
            with pytest.raises(ConfigError) as error:
                preflight(faulty)
            assert str(error.value) == (f"{faulty.base_url} refuses a sign-in with the application key alone (400 "
                                        f"account_context_missing), which contract section 1 says is all it needs")


def test_a_locked_persona_is_reported_as_locked(sandbox):
    for _ in range(5):
        with pytest.raises(ConfigError):
            preflight(sandbox, AETHER_PASSCODE_NADIA="000000")
    with pytest.raises(ConfigError, match=r"^Nadia Wren \(nadia@northwind.example\) cannot sign in on .*: too many "
                                          r"failed sign-ins, locked for \d+ s more; check AETHER_PASSCODE_NADIA"):
        preflight(sandbox)


@pytest.mark.parametrize("variable, wrong", [("AETHER_API_KEY_ONESKY", "sbx-onesky-wrong-1f2e"),
                                             ("AETHER_PASSCODE_SCOTT", "999111")])
def test_a_behave_run_with_a_wrong_secret_ends_in_one_line_naming_it(variable, wrong):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AETHER_")}
    result = subprocess.run([sys.executable, "-m", "behave", "--no-junit", "-D", "report=", "--tags=@smoke"],
                            cwd=REPO, env={**env, variable: wrong}, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    [line] = result.stderr.splitlines()
    assert line.startswith(f"ABORTED: {variable} is wrong for http://127.0.0.1:")
    assert wrong not in result.stdout + result.stderr
    assert "0 scenarios passed, 0 failed" in result.stdout
