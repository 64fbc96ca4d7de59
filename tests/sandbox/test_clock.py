"""The sandbox's clock (Settings.now, EmbeddedSandbox.let_time_pass): tokens, locks and stamps all follow it,
so moving it forward is time passing, as the suite lets it pass instead of waiting (client/server_time.py)."""
from __future__ import annotations

import time

import pytest
import requests
from conftest import EVENTS, KEYS, ONESKY
from test_auth import assert_error, fail_sign_ins, sign_in

from sandbox.server import EmbeddedSandbox
from sandbox.settings import Settings

DAY = 86_400


def move_ahead(api, seconds: float) -> None:
    api.app.state.settings.clock_ahead_seconds += seconds


def me(api, token: str):
    return api.client.get("/v3/auth/me", headers={"x-aether-api-key": KEYS[ONESKY], "x-aether-account-id": ONESKY,
                                                  "authorization": f"Bearer {token}"})


def test_a_token_expires_when_its_lifetime_has_passed_on_the_clock(api):
    token = sign_in(api, expires_in=2).json()["access_token"]
    move_ahead(api, 1)
    assert me(api, token).status_code == 200
    move_ahead(api, 1)
    assert_error(me(api, token), 401, "token_expired")


def test_a_token_issued_after_the_clock_moved_is_valid_at_once(api):
    move_ahead(api, DAY)  # issued a day ahead of the system's clock: not "issued in the future" to the sandbox
    assert me(api, sign_in(api).json()["access_token"]).status_code == 200


def test_a_token_issued_ahead_of_the_sandbox_clock_is_not_valid_yet(api):
    token = sign_in(api).json()["access_token"]
    api.app.state.settings.clock_ahead_seconds = -60  # as if the clock had gone back, which let_time_pass never does
    assert_error(me(api, token), 401, "token_invalid")


def test_a_lock_lifts_when_its_window_has_passed_on_the_clock(make_api):
    api = make_api(lockout_seconds=900)
    fail_sign_ins(api, 5)
    locked = sign_in(api)
    assert_error(locked, 429, "login_locked")
    assert locked.headers["Retry-After"] == "900"
    move_ahead(api, 300)
    assert sign_in(api).headers["Retry-After"] == "600"
    move_ahead(api, 600)
    assert sign_in(api).status_code == 200


def test_what_the_sandbox_stamps_is_stamped_by_its_clock(api):
    move_ahead(api, DAY)
    tomorrow = time.strftime("%Y-%m-%d", time.gmtime(time.time() + DAY))
    exhibit = api.post("osiris", "/v3/crud/event_exhibit", json={"event_id": EVENTS[ONESKY], "name": "Tomorrow"}).json()
    lead = api.post("osiris", f"/v3/crud/event_exhibit/{exhibit['exhibit_id']}/tracking",
                    json={"first_name": "Ada", "last_name": "Lovelace"}).json()
    file = api.post("osiris", "/v3/action/file/upload", files={"file": ("a.txt", b"a", "text/plain")}).json()
    export = api.get("osiris", f"/v3/action/event_exhibit/{exhibit['exhibit_id']}/tracking_export",
                     params={"format": "csv", "return_file": "true"})
    stamps = [exhibit["created_at"], lead["scanned_at"], file["created_at"]]
    assert all(stamp.startswith(tomorrow) for stamp in stamps), stamps
    assert tomorrow.replace("-", "") in export.headers["Content-Disposition"]


def test_the_embedded_sandbox_lets_time_pass_forward_only():
    with EmbeddedSandbox(Settings()) as sandbox:
        before = sandbox.settings.now()
        sandbox.let_time_pass(30)
        assert sandbox.settings.now() - before >= 30
        with pytest.raises(ValueError, match="only moves forward"):
            sandbox.let_time_pass(-1)
        assert requests.get(f"{sandbox.base_url}/v3/health", timeout=5).status_code == 200
