"""`python -m sandbox`: serves until Ctrl-C, refuses unknown faults in one line, lists the catalogue."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from sandbox.faults import CATALOGUE

REPO = Path(__file__).resolve().parents[2]
BASE_URL = re.compile(r"http://[0-9A-Za-z.\-\[\]:]+:[0-9]+")


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AETHER_SANDBOX_")}
    return {**env, "PYTHONUNBUFFERED": "1", **extra}


def run_cli(*args, timeout=20, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sandbox", *args], cwd=REPO, env=clean_env(**env),
                          capture_output=True, text=True, timeout=timeout)


def first_line(stream, timeout: float) -> str:
    line = []
    reader = threading.Thread(target=lambda: line.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return line[0] if line else ""


class Served:
    def __init__(self, *args):
        self.process = subprocess.Popen([sys.executable, "-m", "sandbox", "--port", "0", *args], cwd=REPO,
                                        env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.banner = first_line(self.process.stdout, timeout=15)
        match = BASE_URL.search(self.banner)
        self.base_url = match.group(0) if match else None

    def health(self, deadline_seconds: float = 10):
        deadline = time.monotonic() + deadline_seconds
        while True:
            try:
                return httpx.get(f"{self.base_url}/v3/health", timeout=2)
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def served():
    """One running CLI sandbox shared by the tests that only read from it."""
    sandbox = Served()
    yield sandbox
    sandbox.stop()


@pytest.fixture
def stoppable():
    """A CLI sandbox of the test's own, to interrupt."""
    sandbox = Served()
    yield sandbox
    sandbox.stop()


def test_the_cli_prints_its_base_url(served):
    assert served.base_url and re.fullmatch(r"http://127\.0\.0\.1:[0-9]+", served.base_url), served.banner


def test_the_cli_picks_a_real_port_for_port_zero(served):
    assert not served.base_url.endswith(":0")


def test_the_cli_serves_health(served):
    response = served.health()
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_the_cli_serves_the_api(served):
    served.health()
    response = httpx.get(f"{served.base_url}/v3/site/bootstrap", params={"domain": "demo.localhost:5173"},
                         headers={"x-aether-api-key": "sbx-onesky-4f1c9a"}, timeout=5)
    assert response.json()["site_id"] == "92vkYC4fVEl"


def test_ctrl_c_stops_the_cli_cleanly_within_seconds(stoppable):
    stoppable.health()
    stoppable.process.send_signal(signal.SIGINT)
    assert stoppable.process.wait(timeout=5) == 0


def test_ctrl_c_leaves_no_traceback(stoppable):
    stoppable.health()
    stoppable.process.send_signal(signal.SIGINT)
    stoppable.process.wait(timeout=5)
    assert "Traceback" not in stoppable.process.stderr.read()


def test_ctrl_c_removes_the_temporary_data_directory(stoppable):
    data_dir = Path(re.search(r"data: ([^;]+);", stoppable.banner).group(1))
    stoppable.health()
    stoppable.process.send_signal(signal.SIGINT)
    stoppable.process.wait(timeout=5)
    assert not data_dir.exists()


def test_the_banner_names_the_faults_switched_on():
    sandbox = Served("--fault", "lockout_disabled")
    try:
        assert "lockout_disabled" in sandbox.banner
    finally:
        sandbox.stop()


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_an_unknown_fault_is_a_one_line_error(how):
    result = run_cli("--fault", "nope") if how == "flag" else run_cli(AETHER_SANDBOX_FAULTS="nope")
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1 and "nope" in result.stderr, result.stderr


def test_an_unknown_fault_among_known_ones_is_refused():
    result = run_cli(AETHER_SANDBOX_FAULTS="lockout_disabled, nope")
    assert result.returncode != 0 and "nope" in result.stderr


def test_list_faults_prints_every_catalogued_fault():
    result = run_cli("--list-faults")
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.strip()}
    assert (result.returncode, listed) == (0, set(CATALOGUE))
