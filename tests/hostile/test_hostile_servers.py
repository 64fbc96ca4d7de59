"""The suite pointed at servers that misbehave (the kit: tests/hostile/conftest.py).

Against each: no secret, token or token made from one reaches another origin or any output; the run
ends non-zero within AETHER_TIMEOUT plus a few seconds (a run that stops after three unanswered
requests in a row: three timeouts) with one clear line and no traceback; its memory stays under
300 MB; the start-up checks name the server's fault, not a secret; a wrong passcode is sent once.
"""
import re

import pytest

from aether_suite.client.config import SANDBOX_SECRETS
from tests.hostile.kit import (
    MEMORY_LIMIT_MB,
    TIMEOUT,
    cut_short,
    die,
    drip,
    drip_headers,
    echo,
    gzip_bomb,
    gzip_bomb_bytes,
    huge,
    plain,
    redirect,
    silence,
    stall,
)

STARTUP = 30  # seconds a run may take besides waiting on the server, on a loaded machine (< kit.HOLD_SECONDS)
SMOKE = "--tags=@smoke"


def _safe(outcome, server, *, waits: int = 1) -> None:
    """What must hold after any run: ended non-zero, in time, within memory, no traceback, no secret."""
    assert outcome.returncode != 0
    assert outcome.seconds < waits * TIMEOUT + STARTUP, outcome.seconds
    assert outcome.max_rss_mb < MEMORY_LIMIT_MB, outcome.max_rss_mb
    assert "Traceback" not in outcome.stdout + outcome.stderr  # the console; the HTML report embeds them
    for secret in _secrets(server):
        assert secret not in outcome.outputs, f"{secret[:12]}... shows in the run's outputs"


def _secrets(server) -> list[str]:
    """The sandbox's secrets, every token it issued, each one's signature, and every token sent that was
    made from one of them (its signature kept)."""
    signatures = {token.rsplit(".", 1)[1] for token in server.issued_tokens}
    derived = [request.headers["Authorization"].removeprefix("Bearer ") for request in server.requests
               if request.headers.get("Authorization", "").rsplit(".", 1)[-1] in signatures]
    return [*SANDBOX_SECRETS.values(), *server.issued_tokens, *signatures, *derived]


def _aborted(outcome) -> str:
    [line] = outcome.lines
    assert line.startswith("ABORTED: ")
    return line.removeprefix("ABORTED: ")


# ---------------------------------------------------------------------------- redirects

@pytest.mark.parametrize("status", [302, 308])
def test_a_redirect_at_start_up_is_reported_and_not_followed(hostile, origin, run, status):
    hostile.rule = lambda request: redirect(status, origin.url) if request.path.startswith("/v3/site") else None
    outcome = run(hostile.url, SMOKE)
    _safe(outcome, hostile)
    reason = "Found" if status == 302 else "Permanent Redirect"
    assert _aborted(outcome).startswith(
        f"site lookup of demo.localhost:5173 (One Sky IT Demo): GET /v3/site/bootstrap answered {status} {reason}, "
        f"a redirect to 127.0.0.1:{origin.server_port}; the suite follows no redirect, so nothing was sent there; "
        f"AETHER_API_KEY_ONESKY was not judged")
    assert origin.requests == []


def test_a_redirect_in_a_scenario_fails_it_in_one_line(hostile, origin, run):
    hostile.rule = lambda request: redirect(302, origin.url) if request.path == "/v3/auth/me" else None
    outcome = run(hostile.url, SMOKE)
    _safe(outcome, hostile)
    redirected = f"GET /v3/auth/me answered 302 Found, a redirect to 127.0.0.1:{origin.server_port}"
    assert outcome.stdout.count(redirected) >= 4
    assert origin.requests == []


def test_a_redirect_on_lead_creation_at_volume_sends_nothing_to_the_other_origin(hostile, origin, run):
    hostile.rule = lambda request: (redirect(308, origin.url) if request.method == "POST"
                                    and request.path.endswith("/tracking") else None)
    outcome = run(hostile.url, "features/export/volume.feature")
    _safe(outcome, hostile)
    assert re.search(r"POST /v3/crud/event_exhibit/\S+/tracking answered 308 Permanent Redirect, "
                     rf"a redirect to 127\.0\.0\.1:{origin.server_port}", outcome.stdout)
    assert origin.requests == []
    lead_posts = [r for r in hostile.requests if r.method == "POST" and r.path.endswith("/tracking")]
    assert len(lead_posts) < 500  # the arrangement stops at the first refusal: those in flight, not 5,000


# ---------------------------------------------------------------------------- slow, stalled, short

@pytest.mark.parametrize("behaviour", [drip, drip_headers, stall, silence], ids=lambda b: b.__name__)
def test_a_health_check_that_does_not_complete_ends_the_run_within_the_timeout(hostile, run, behaviour):
    hostile.rule = lambda request: behaviour if request.path == "/v3/health" else None
    outcome = run(hostile.url, SMOKE)
    _safe(outcome, hostile)
    assert re.fullmatch(rf"cannot reach the Aether server at {hostile.url}: (no answer to GET /v3/health within "
                        rf"{TIMEOUT} s|the answer to GET /v3/health was not complete within {TIMEOUT} s) "
                        rf"\(AETHER_TIMEOUT\)", _aborted(outcome))


def test_a_health_check_cut_short_is_one_line(hostile, run):
    hostile.rule = lambda request: cut_short if request.path == "/v3/health" else None
    outcome = run(hostile.url, SMOKE)
    _safe(outcome, hostile)
    assert _aborted(outcome) == (f"cannot reach the Aether server at {hostile.url}: the answer to GET /v3/health "
                                 f"was cut short: 100 of its 5000 bytes came before the connection closed")


def test_a_server_that_stalls_after_start_up_stops_the_run(hostile, run):
    started = {"checked": False}

    def rule(request):
        if request.path == "/v3/auth/me":
            started["checked"] = True
        return silence if started["checked"] else None

    hostile.rule = rule
    outcome = run(hostile.url, SMOKE)
    _safe(outcome, hostile, waits=3)
    assert re.fullmatch(rf"the Aether server at {hostile.url} stopped answering: 3 requests in a row got no "
                        r"answer \(the last: .*\); the run stops, and nothing is left to clean", _aborted(outcome))


@pytest.mark.parametrize("behaviour", [cut_short, stall], ids=lambda b: b.__name__)
def test_a_streamed_download_that_breaks_fails_its_scenario_in_one_line(hostile, run, behaviour):
    hostile.rule = lambda request: behaviour if request.path.endswith("/download") else None
    outcome = run(hostile.url, "features/files/downloading.feature", "-n", "Cleo downloads the price list")
    _safe(outcome, hostile, waits=2)
    expected = ("was cut short: 100 of its 5000 bytes came" if behaviour is cut_short
                else f"was not complete within {TIMEOUT} s (AETHER_TIMEOUT)")
    assert outcome.stdout.count(expected) >= 2
    assert "0 scenarios passed, 2 failed" in outcome.stdout


# ---------------------------------------------------------------------------- too big

@pytest.mark.parametrize("behaviour", [gzip_bomb, huge(declared=True), huge(declared=False)],
                         ids=["gzip bomb", "500 MB declared", "500 MB until the close"])
def test_an_answer_too_big_costs_no_memory(hostile, run, behaviour):
    gzip_bomb_bytes()  # made before the run, so that it comes at once
    hostile.rule = lambda request: behaviour if request.path == "/v3/health" else None
    outcome = run(hostile.url, SMOKE)
    _safe(outcome, hostile)
    assert re.fullmatch(r"the answer to GET /v3/health is larger than the 32 MB the suite reads of an answer "
                        r"\(.*\); it was not read further", _aborted(outcome))


# ---------------------------------------------------------------------------- echoed secrets

def test_credentials_and_forged_tokens_echoed_by_the_server_never_show(hostile, run):
    hostile.rule = lambda request: echo if request.path == "/v3/auth/me" else None
    outcome = run(hostile.url, "features/auth/tokens.feature", "-n", "Scott shows")
    _safe(outcome, hostile)
    assert "token «redacted» is not valid here (key «redacted»)" in outcome.outputs
    rewritten = [r for r in hostile.requests if r.path == "/v3/auth/me"
                 and r.headers.get("Authorization", "").rsplit(".", 1)[-1]
                 in {t.rsplit(".", 1)[1] for t in hostile.issued_tokens}]
    assert rewritten  # the forged token made from Scott's own was sent, and echoed back
    assert all(r.headers["Authorization"].removeprefix("Bearer ") not in hostile.issued_tokens for r in rewritten)


def test_a_base_url_with_credentials_is_refused_before_anything_is_sent(hostile, run):
    with_credentials = hostile.url.replace("http://", "http://gw-user:gw-pass-9f1@")
    outcome = run(with_credentials, SMOKE)
    _safe(outcome, hostile, waits=0)
    assert _aborted(outcome).startswith(f"AETHER_BASE_URL holds a user name or password: give the URL without "
                                        f"them ({hostile.url});")
    assert "gw-pass-9f1" not in outcome.outputs and "gw-user" not in outcome.outputs
    assert hostile.requests == []


# ---------------------------------------------------------------------------- a server that dies

def test_a_server_that_dies_mid_run_stops_the_run_naming_what_is_left(hostile, run):
    created = {"exhibit": False}

    def rule(request):
        if created["exhibit"]:
            return die
        created["exhibit"] = request.method == "POST" and request.path == "/v3/crud/event_exhibit"
        return None

    hostile.rule = rule
    outcome = run(hostile.url, "features/export/what_is_exported.feature")
    _safe(outcome, hostile)
    assert re.fullmatch(rf"the Aether server at {hostile.url} stopped answering: 3 requests in a row got no "
                        r"answer \(the last: .*\); the run stops, and the scenario left behind: exhibit \S+ .*",
                        _aborted(outcome))


# ---------------------------------------------------------------------------- start-up checks

@pytest.mark.parametrize("path, behaviour, fault", [
    ("/v3/site", plain(502, b"<html>Bad Gateway</html>", "text/html"),
     "site lookup of demo.localhost:5173 (One Sky IT Demo) answered 502 Bad Gateway from the server at {url}; "
     "AETHER_API_KEY_ONESKY was not judged"),
    ("/v3/auth", plain(503, b'{"message": "maintenance"}', "application/json"),
     "signing Osiris in answered 503 Service Unavailable from the server at {url}; "
     "AETHER_PASSCODE_OSIRIS was not judged"),
    ("/v3/site", plain(200, b"<!doctype html><title>Welcome</title>", "text/html; charset=utf-8"),
     "site lookup of demo.localhost:5173 (One Sky IT Demo) answered 200 OK with an HTML page, not the API's JSON "
     "(a gateway or another site?); AETHER_API_KEY_ONESKY was not judged"),
    ("/v3/auth", plain(401, b'{"code": "gateway_denied", "detail": "no"}', "application/json"),
     "signing Osiris in answered 401 Unauthorized gateway_denied, a code the contract does not give for it; "
     "AETHER_PASSCODE_OSIRIS was not judged"),
], ids=["502 page", "503 JSON", "HTML page", "unexpected code"])
def test_start_up_checks_name_the_server_s_fault(hostile, run, path, behaviour, fault):
    hostile.rule = lambda request: behaviour if request.path.startswith(path) else None
    outcome = run(hostile.url, SMOKE)
    _safe(outcome, hostile)
    assert _aborted(outcome) == fault.format(url=hostile.url)


def test_a_wrong_passcode_is_sent_at_most_once(hostile, run):
    wrong = "112358"
    first = run(hostile.url, SMOKE, AETHER_PASSCODE_CLEO=wrong)
    second = run(hostile.url, SMOKE, AETHER_PASSCODE_CLEO=wrong)
    for outcome in (first, second):
        _safe(outcome, hostile)
        assert wrong not in outcome.outputs
    assert _aborted(first).startswith(f"AETHER_PASSCODE_CLEO is wrong for {hostile.url}: the server refuses it")
    assert _aborted(second).startswith(f"AETHER_PASSCODE_CLEO was refused by {hostile.url} on ")
    sent = [r for r in hostile.requests if r.path == "/v3/auth/passcode" and wrong.encode() in r.body]
    assert len(sent) == 1
