"""Fixtures of the hostile-server kit (tests/hostile/kit.py)."""
import pytest

from tests.hostile.kit import HostileServer, Outcome, plain, run_suite


@pytest.fixture
def hostile(suite_sandbox):
    server = HostileServer(suite_sandbox.base_url).start()
    yield server
    server.stop()


@pytest.fixture
def origin():
    """Another origin: it records every connection made to it and answers nothing but 200."""
    server = HostileServer(None)
    server.rule = lambda request: plain(200, b"{}", "application/json")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def run(tmp_path):
    """``run(url, *behave_args, **environment)``: the suite against ``url`` (kit.run_suite)."""
    def run(url: str, *args: str, **env: str) -> Outcome:
        return run_suite(tmp_path, url, *args, **env)
    return run
