"""aether_suite/run/run_stats.py: every run says where its time went (bench/suite_speed.py reads it)."""
import json
from concurrent.futures import ThreadPoolExecutor

import requests

from aether_suite.checks.waiting import poll
from aether_suite.client.meter import WAITS, HttpMeter
from aether_suite.client.recorder import Redactor, _request_body
from aether_suite.client.server_time import RealTime

PROBE = '''Feature: probe
  Scenario: one
    When Osiris signs in with their passcode
    Then Osiris is signed in to One Sky IT Demo

  Scenario: two
    When Osiris signs in with their passcode
'''


def test_a_run_writes_its_times_requests_and_scenarios(behave_project, tmp_path):
    stats = tmp_path / "stats.json"
    result = behave_project({"probe.feature": PROBE}, env={"AETHER_BASE_URL": ""},
                            args=["-D", f"run_stats={stats}"])
    assert result.returncode == 0, result.stdout + result.stderr
    run = json.loads(stats.read_text())
    assert run["http_requests"] >= 3  # the health check and two sign-ins at least
    assert 0 < run["http_seconds"] < run["run_seconds"]
    assert abs(run["overhead"] - run["run_seconds"] / run["http_seconds"]) < 0.01
    assert run["sandbox_start_seconds"] > 0
    assert [s["name"] for s in run["scenarios"]] == ["one", "two"]
    assert all(s["location"].endswith(("probe.feature:2", "probe.feature:6")) for s in run["scenarios"])
    assert all(s["requests"] >= 1 and s["seconds"] >= s["http_seconds"] > 0 for s in run["scenarios"])


def test_reading_a_streamed_body_counts_as_http_time(suite_run):
    meter = suite_run.http_meter
    response = suite_run.transmit("GET", "/v3/health", stream=True)
    requests, before = meter.requests, meter.seconds
    assert response.json() == {"status": "ok"}  # reads the body through the transport's own reader
    assert meter.seconds > before
    assert meter.requests == requests  # reading the body is the same request


def test_the_meter_adds_up_from_threads():
    meter = HttpMeter()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: meter.add(0.5), range(100)))
    assert (meter.requests, meter.seconds) == (100, 50.0)


def test_polling_pauses_count_as_deliberate_waits():
    before = WAITS.seconds
    answers = iter([1, 2, 3])
    assert poll(lambda: next(answers), lambda answer: answer == 3, deadline=5, clock=RealTime(), interval=0.01) == 3
    assert 0.015 < WAITS.seconds - before < 1  # two pauses of 0.01 s


def test_a_multipart_upload_is_recorded_by_its_part_headers_only():
    request = requests.Request("POST", "http://127.0.0.1/v3/action/file/upload", files=[
        ("note", (None, "hello")),
        ("file", ("notes.txt", b"Content-Disposition: not a header, just text in the file\r\n", "text/plain")),
    ]).prepare()
    recorded = _request_body(Redactor(), request)
    assert recorded.endswith('Content-Disposition: form-data; name="note"; Content-Disposition: form-data; '
                             'name="file"; filename="notes.txt", Content-Type: text/plain)')
    assert "not a header" not in recorded
