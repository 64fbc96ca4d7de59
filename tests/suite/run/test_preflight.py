"""Start-up checks (aether_suite/run/preflight.py): a wrong key or passcode is named in one line before any
scenario runs; a server at fault is reported as what it is; a refused passcode is never sent twice."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aether_suite.client.api import SuiteRun
from aether_suite.client.config import SANDBOX_SECRETS, ConfigError, SuiteConfig
from aether_suite.client.personas import persona
from aether_suite.contract import endpoints
from aether_suite.errors import SuiteError
from aether_suite.run.preflight import check_secrets
from aether_suite.run.refused_passcodes import RefusedPasscodes
from sandbox.server import EmbeddedSandbox
from sandbox.settings import Settings

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def sandbox():
    """A sandbox of this module's own: the wrong passcodes tried here count towards a lockout."""
    with EmbeddedSandbox(Settings()) as sandbox:
        yield sandbox


@pytest.fixture
def refusals_file(tmp_path):
    return tmp_path / "refused-passcodes.json"


def preflight(sandbox, refusals_file, **secrets):
    environ = {"AETHER_BASE_URL": sandbox.base_url, "AETHER_SANDBOX_SECRETS": "1",
               "AETHER_REFUSED_PASSCODES": str(refusals_file), **secrets}
    run = SuiteRun(SuiteConfig.load(environ))
    try:
        check_secrets(run)
    finally:
        run.close()


def test_the_sandbox_secrets_pass(sandbox, refusals_file):
    preflight(sandbox, refusals_file)


def test_an_unknown_key_is_named(sandbox, refusals_file):
    with pytest.raises(ConfigError) as error:
        preflight(sandbox, refusals_file, AETHER_API_KEY_NORTHWIND="sbx-northwind-typo")
    assert str(error.value) == (f"AETHER_API_KEY_NORTHWIND is wrong for {sandbox.base_url}: "
                                f"the server refuses it (api_key_invalid)")


def test_a_key_of_the_other_account_is_named(sandbox, refusals_file):
    with pytest.raises(ConfigError) as error:
        preflight(sandbox, refusals_file, AETHER_API_KEY_ONESKY=SANDBOX_SECRETS["api_key_northwind"])
    assert str(error.value) == (f"AETHER_API_KEY_ONESKY is wrong for {sandbox.base_url}: it is not One Sky IT "
                                f"Demo's key: with it the server finds no site demo.localhost:5173 "
                                f"of account _XY7DXtc9MY")


def test_a_wrong_passcode_is_named_and_never_sent_again(sandbox, refusals_file, monkeypatch):
    sent = []
    real = SuiteRun.transmit

    def counting(run, method, path, **request):
        sent.append((request.get("json") or {}).get("passcode"))
        return real(run, method, path, **request)

    monkeypatch.setattr(SuiteRun, "transmit", counting)
    with pytest.raises(ConfigError) as error:
        preflight(sandbox, refusals_file, AETHER_PASSCODE_CLEO="000001")
    assert str(error.value) == (f"AETHER_PASSCODE_CLEO is wrong for {sandbox.base_url}: the server refuses it "
                                f"(Cleo Idem, cleo@demo.example); it will not be sent again until it changes")
    assert "000001" not in refusals_file.read_text()  # a salted fingerprint, never the passcode
    with pytest.raises(ConfigError) as error:
        preflight(sandbox, refusals_file, AETHER_PASSCODE_CLEO="000001")
    assert str(error.value).startswith(f"AETHER_PASSCODE_CLEO was refused by {sandbox.base_url} on ")
    assert "not sent again, so as not to lock Cleo Idem (cleo@demo.example) out" in str(error.value)
    assert sent.count("000001") == 1  # the server saw it once
    preflight(sandbox, refusals_file)  # the right passcode is sent, and the refusal forgotten
    assert RefusedPasscodes(refusals_file, sandbox.base_url).refused_at("cleo@demo.example", "000001") is None


@pytest.mark.parametrize("fault", ["bootstrap_requires_account_context", "login_requires_account_context"])
def test_a_server_demanding_more_than_the_key_does_not_blame_a_secret(fault, refusals_file):
    with EmbeddedSandbox(Settings(faults=frozenset({fault}))) as faulty:
        if fault == "bootstrap_requires_account_context":
            preflight(faulty, refusals_file)  # the key is known: the site lookup scenarios say what is wrong
        else:
            with pytest.raises(SuiteError) as error:
                preflight(faulty, refusals_file)
            assert str(error.value) == (f"{faulty.base_url} refuses a sign-in with the application key alone (400 "
                                        f"account_context_missing), which contract section 1 says is all it needs; "
                                        f"AETHER_PASSCODE_OSIRIS was not judged")


def test_a_locked_persona_is_reported_as_locked(sandbox, refusals_file):
    run = SuiteRun(SuiteConfig.load({"AETHER_BASE_URL": sandbox.base_url, "AETHER_SANDBOX_SECRETS": "1"}))
    nadia = persona("Nadia")
    wrong = {"site_id": nadia.account.site_id, "email": nadia.email, "passcode": "000000"}
    answers = [run.transmit("POST", endpoints.PASSCODE_LOGIN.path(), json=wrong,
                            headers={"x-aether-api-key": SANDBOX_SECRETS["api_key_northwind"]}).status_code
               for _ in range(5)]
    run.close()
    assert answers == [401] * 5
    with pytest.raises(ConfigError, match=r"^Nadia Wren \(nadia@northwind.example\) cannot sign in on .*: too many "
                                          r"failed sign-ins, locked for \d+ s more; check AETHER_PASSCODE_NADIA"):
        preflight(sandbox, refusals_file)


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
    assert result.stdout.splitlines() == ["USING RUNNER: aether_suite.run.runner:SuiteRunner"]  # no totals


def test_an_answer_that_is_no_api_error_blames_the_server_not_the_secret(suite_sandbox, monkeypatch, refusals_file):
    run = SuiteRun(SuiteConfig.load({"AETHER_BASE_URL": suite_sandbox.base_url, "AETHER_SANDBOX_SECRETS": "1",
                                     "AETHER_REFUSED_PASSCODES": str(refusals_file)}))
    real = run.transmit

    def gateway(method, path, **request):
        answer = real(method, path, **request)
        if path == endpoints.SITE_BOOTSTRAP.path():
            answer.status_code, answer.reason = 502, "Bad Gateway"
        return answer

    monkeypatch.setattr(run, "transmit", gateway)
    with pytest.raises(SuiteError) as error:
        check_secrets(run)
    assert not isinstance(error.value, ConfigError)
    assert str(error.value) == (f"site lookup of demo.localhost:5173 (One Sky IT Demo) answered 502 Bad Gateway "
                                f"from the server at {suite_sandbox.base_url}; AETHER_API_KEY_ONESKY was not judged")
