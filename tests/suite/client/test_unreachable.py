"""A server the suite cannot use is reported in one line, fast, and ends a behave run non-zero."""
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from aether_suite.client.api import SuiteRun
from aether_suite.client.config import SuiteConfig
from aether_suite.errors import NotAether, ServerUnreachable

REPO = Path(__file__).resolve().parents[3]
# The tests give every request a long AETHER_TIMEOUT, so a missing bound costs at least this long ...
LONG_TIMEOUT = 60
STALL_SECONDS = 60  # ... and a stalled answer is held this long;
# the bounds under test (HEALTH_TIMEOUT, a 1 s AETHER_TIMEOUT, no retries) end far sooner, process start
# included, even on a loaded machine: a run taking longer than this has lost its bound.
BOUNDED = 30


def _run_against(url: str) -> SuiteRun:
    return SuiteRun(SuiteConfig.load({"AETHER_BASE_URL": url, "AETHER_SANDBOX_SECRETS": "1",
                                      "AETHER_TIMEOUT": str(LONG_TIMEOUT)}))


@pytest.fixture
def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def silent_server_url():
    """Accepts connections (the kernel's backlog) but never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.fixture
def other_server_url():
    """A web server that is not Aether: every path is an HTML 404."""
    class NotFound(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<h1>Not Found</h1>")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _behave(url: str, *args: str, timeout: int = LONG_TIMEOUT) -> tuple[subprocess.CompletedProcess, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AETHER_")}
    env.update(AETHER_BASE_URL=url, AETHER_SANDBOX_SECRETS="1", AETHER_TIMEOUT=str(timeout))
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "behave", "--no-junit", "-D", "report=", *args],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    return result, time.monotonic() - started


def _health_failure(url: str) -> tuple[Exception, float]:
    started = time.monotonic()
    with pytest.raises((ServerUnreachable, NotAether)) as failure:
        _run_against(url).check_health()
    return failure.value, time.monotonic() - started


def test_a_refused_connection_is_one_line(closed_port_url):
    error, seconds = _health_failure(closed_port_url)
    assert isinstance(error, ServerUnreachable)
    assert str(error) == f"cannot reach the Aether server at {closed_port_url}: " \
                         f"Failed to establish a new connection: [Errno 111] Connection refused"
    assert error.__cause__ is None and error.__suppress_context__  # no chained traceback wall
    assert seconds < BOUNDED


def test_a_server_that_never_answers_is_reported_within_the_health_bound(silent_server_url):
    error, seconds = _health_failure(silent_server_url)
    assert isinstance(error, ServerUnreachable) and "\n" not in str(error)
    assert "no answer to GET /v3/health within 3 s" in str(error)
    assert seconds < BOUNDED


def test_a_server_that_is_not_aether_says_so(other_server_url):
    error, seconds = _health_failure(other_server_url)
    assert isinstance(error, NotAether) and "\n" not in str(error)
    assert "health check answered 404 (text/html)" in str(error) and seconds < BOUNDED


def test_a_behave_run_against_an_unreachable_server_ends_in_one_line(closed_port_url):
    result, seconds = _behave(closed_port_url, "--tags=@smoke")
    assert result.returncode != 0 and seconds < BOUNDED
    assert result.stderr.splitlines() == [f"ABORTED: cannot reach the Aether server at {closed_port_url}: "
                                          f"Failed to establish a new connection: [Errno 111] Connection refused"]
    assert "Traceback" not in result.stdout


def test_a_configuration_error_ends_a_behave_run_in_one_line():
    env = {**os.environ, "AETHER_BASE_URL": "http://aether.test", "AETHER_SANDBOX_SECRETS": ""}
    env = {k: v for k, v in env.items() if not k.startswith("AETHER_API_KEY") and not k.startswith("AETHER_PASSCODE")}
    result = subprocess.run([sys.executable, "-m", "behave", "--no-junit", "--tags=@smoke"],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert result.stderr.splitlines() == [
        "ABORTED: AETHER_API_KEY_ONESKY is not set: against AETHER_BASE_URL every secret is needed "
        "(or set AETHER_SANDBOX_SECRETS=1 when that server is the sandbox)"]


# --- a server that is not Aether, and one that stalls mid-answer (issue 9) ---------------------------



def test_a_behave_run_against_a_server_that_is_not_aether_ends_in_one_line(other_server_url):
    result, seconds = _behave(other_server_url, "--tags=@smoke")
    assert result.returncode != 0 and seconds < BOUNDED
    assert result.stderr.splitlines() == [
        f"ABORTED: {other_server_url} is not an Aether V3 server: its health check answered 404 (text/html), "
        f"not 200 {{\"status\": \"ok\"}}; AETHER_BASE_URL must be the server root"]


@pytest.fixture
def stalling_proxy(suite_sandbox):
    """Passes requests on to the sandbox, but answers the paths in ``proxy.stall`` with headers and half a
    body, then nothing until the test ends."""
    release = threading.Event()

    class Proxy(BaseHTTPRequestHandler):
        def _pass_on(self):
            if any(self.path.startswith(path) for path in proxy.stall):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "200")
                self.end_headers()
                self.wfile.write(b'{"status": "o')
                self.wfile.flush()
                release.wait(STALL_SECONDS)
                return
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
            answer = requests.request(self.command, suite_sandbox.base_url + self.path, headers=headers, data=body)
            self.send_response(answer.status_code)
            for name, value in answer.headers.items():
                if name.lower() not in ("content-length", "transfer-encoding", "connection", "date", "server"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_POST = do_PATCH = do_DELETE = _pass_on

        def log_message(self, *args):
            pass

    proxy = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    proxy.daemon_threads = True
    proxy.stall = ()
    proxy.url = f"http://127.0.0.1:{proxy.server_port}"
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    yield proxy
    release.set()
    proxy.shutdown()


def test_a_health_check_that_stalls_mid_answer_names_the_request(stalling_proxy):
    stalling_proxy.stall = ("/v3/health",)
    result, seconds = _behave(stalling_proxy.url, "--tags=@smoke", timeout=1)
    assert result.returncode != 0 and seconds < BOUNDED
    assert result.stderr.splitlines() == [
        f"ABORTED: cannot reach the Aether server at {stalling_proxy.url}: "
        f"the answer to GET /v3/health was not complete within 1 s (AETHER_TIMEOUT)"]


def test_a_server_that_stalls_after_its_health_check_is_reported_before_any_scenario(stalling_proxy):
    stalling_proxy.stall = ("/v3/site", "/v3/auth", "/v3/crud", "/v3/action")
    result, seconds = _behave(stalling_proxy.url, "--tags=@smoke", timeout=1)
    assert result.returncode != 0 and seconds < BOUNDED
    assert result.stderr.splitlines() == [
        f"ABORTED: cannot reach the Aether server at {stalling_proxy.url}: "
        f"the answer to GET /v3/site/bootstrap was not complete within 1 s (AETHER_TIMEOUT)"]


def test_a_request_that_stalls_in_a_scenario_fails_that_scenario_naming_the_request(stalling_proxy):
    stalling_proxy.stall = ("/v3/auth/me",)
    result, seconds = _behave(stalling_proxy.url, "--tags=@smoke", "-f", "plain", timeout=1)
    # Four scenarios, one stalled second each; each scenario's sign-in is answered, so the run goes on.
    assert result.returncode != 0 and seconds < BOUNDED
    assert "0 scenarios passed, 4 failed" in result.stdout and "Traceback" not in result.stdout
    assert result.stdout.count("the answer to GET /v3/auth/me was not complete within 1 s (AETHER_TIMEOUT)") >= 4
