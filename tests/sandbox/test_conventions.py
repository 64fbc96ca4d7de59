"""Contract §0 conventions: error shape, unknown paths, unsupported methods, never HTML, ID Vision."""
from __future__ import annotations

import re

import pytest

ONESKY, NORTHWIND = "_XY7DXtc9MY", "Nw7RvLq2ZkP"
ONESKY_KEY = "sbx-onesky-4f1c9a"
EVENT = "pjrcghqwert"
ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{10}")
SNAKE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
IDENTIFIER_KEYS = {"site_id", "account_id", "person_id", "event_id", "exhibit_id", "tracking_id", "file_id",
                   "uploaded_by"}  # not badge_id: a lead's badge number as scanned is text, not an Aether ID


def error_shape_problems(response) -> list[str]:
    """Why a 4xx/5xx response is not the contract's error: JSON {"code", "detail"} (+ "errors" on 422)."""
    problems = []
    if not response.headers.get("content-type", "").startswith("application/json"):
        return [f"content type {response.headers.get('content-type')!r}"]
    body = response.json()
    allowed = {"code", "detail", "errors"} if response.status_code == 422 else {"code", "detail"}
    if not isinstance(body, dict) or not {"code", "detail"} <= body.keys() <= allowed:
        return [f"body {body!r}"]
    if not isinstance(body["code"], str) or not SNAKE.fullmatch(body["code"]):
        problems.append(f"code {body['code']!r} is not snake_case")
    if not isinstance(body["detail"], str) or not body["detail"].strip():
        problems.append(f"detail {body['detail']!r} is not a sentence")
    for item in body.get("errors", []):
        if not (isinstance(item, dict) and item.keys() == {"field", "message"}):
            problems.append(f"errors item {item!r}")
    return problems


def assert_error(response, status: int, code: str) -> None:
    assert (response.status_code, response.json().get("code")) == (status, code), response.text
    assert error_shape_problems(response) == []


def id_vision_problems(value, where: str = "body") -> list[str]:
    """Identifiers that are not 11 opaque characters, and numbers under `id`/`*_id` keys, at any depth."""
    problems = []
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{where}.{key}"
            is_id_key = key == "id" or key.endswith("_id")
            if is_id_key and isinstance(item, (int, float)) and not isinstance(item, bool):
                problems.append(f"{here} is the number {item}")
            elif key in IDENTIFIER_KEYS and not (isinstance(item, str) and ID.fullmatch(item)):
                problems.append(f"{here} = {item!r} is not an 11-character ID")
            problems += id_vision_problems(item, here)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            problems += id_vision_problems(item, f"{where}[{index}]")
    return problems


def timestamp_problems(value, where: str = "body") -> list[str]:
    problems = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("_at") and not (isinstance(item, str) and TIMESTAMP.fullmatch(item)):
                problems.append(f"{where}.{key} = {item!r}")
            problems += timestamp_problems(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            problems += timestamp_problems(item, f"{where}[{index}]")
    return problems


def test_id_vision_check_itself_spots_numbers_and_malformed_ids():
    assert id_vision_problems({"items": [{"id": 7, "exhibit_id": "short", "badge_id": "B-1"}]}) == [
        "body.items[0].id is the number 7", "body.items[0].exhibit_id = 'short' is not an 11-character ID"]


# --- 404 for paths that do not exist -------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/v3", "/v3/", "/v3/nope", "/v2/health", "/health", "/v3/crud/event",
                                  "/v3/crud/event_exhibit/abcdefghijk/tracking/abcdefghijk/more",
                                  "/v3//health", "/v3/HEALTH"])
def test_a_path_that_does_not_exist_answers_not_found(api, path):
    assert_error(api.client.get(path), 404, "not_found")


@pytest.mark.parametrize("path", ["/v3/health/", "/v3/auth/me/", "/v3/site/bootstrap/", "/v3/auth/passcode/",
                                  f"/v3/crud/event/{EVENT}/", "/v3/crud/event_exhibit/",
                                  "/v3/crud/event_exhibit/abcdefghijk/tracking/"])
def test_a_trailing_slash_names_a_path_that_does_not_exist(api, path):
    response = api.client.get(path, follow_redirects=False)
    assert_error(response, 404, "not_found")


def test_an_unknown_path_answers_not_found_even_with_full_credentials(api):
    assert_error(api.get("osiris", "/v3/crud/nothing_here"), 404, "not_found")


# --- 405 with Allow ------------------------------------------------------------------------------------

UNSUPPORTED = [  # (method, path, the methods the path does support)
    ("POST", "/v3/health", {"GET"}),
    ("DELETE", "/v3/health", {"GET"}),
    ("POST", "/v3/site/bootstrap", {"GET"}),
    ("GET", "/v3/auth/passcode", {"POST"}),
    ("PUT", "/v3/auth/passcode", {"POST"}),
    ("POST", "/v3/auth/me", {"GET"}),
    ("DELETE", f"/v3/crud/event/{EVENT}", {"GET"}),
    ("PUT", "/v3/crud/event_exhibit", {"GET", "POST"}),
    ("PUT", "/v3/crud/event_exhibit/abcdefghijk", {"GET", "PATCH", "DELETE"}),
    ("POST", "/v3/crud/event_exhibit/abcdefghijk", {"GET", "PATCH", "DELETE"}),
    ("DELETE", "/v3/crud/event_exhibit/abcdefghijk/tracking", {"GET", "POST"}),
    ("PATCH", "/v3/crud/event_exhibit/abcdefghijk/tracking/abcdefghijk", {"GET"}),
    ("POST", "/v3/action/event_exhibit/abcdefghijk/tracking_export", {"GET"}),
    ("POST", "/v3/action/file/limits", {"GET"}),
    ("DELETE", "/v3/action/file/limits", {"GET"}),  # a literal segment wins over {file_id}
    ("GET", "/v3/action/file/upload", {"POST"}),
    ("POST", "/v3/action/file", {"GET"}),
    ("PUT", "/v3/action/file/abcdefghijk", {"GET", "DELETE"}),
    ("DELETE", "/v3/action/file/abcdefghijk/download", {"GET"}),
    ("POST", f"/v3/action/file/by_hash/{'0' * 64}/download", {"GET"}),
]


def allow_of(response) -> set[str]:
    return {method.strip() for method in response.headers.get("allow", "").split(",") if method.strip()}


@pytest.mark.parametrize(("method", "path", "supported"), UNSUPPORTED)
def test_an_unsupported_method_answers_405(api, method, path, supported):
    assert_error(api.client.request(method, path), 405, "method_not_allowed")


@pytest.mark.parametrize(("method", "path", "supported"), UNSUPPORTED)
def test_the_allow_header_names_every_method_the_path_supports(api, method, path, supported):
    assert allow_of(api.client.request(method, path)) == supported


def test_an_unsupported_method_answers_405_even_with_full_credentials(api):
    assert_error(api.request("PUT", "osiris", "/v3/auth/me"), 405, "method_not_allowed")


# --- never HTML, never a stack trace -------------------------------------------------------------------

HTML_ASKING = {"accept": "text/html,application/xhtml+xml", "user-agent": "Mozilla/5.0"}


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/v3/nope", 404), ("POST", "/v3/health", 405), ("GET", "/v3/auth/me", 401),
    ("GET", "/v3/site/bootstrap", 401)])
def test_errors_are_json_even_for_a_browser(api, method, path, status):
    response = api.client.request(method, path, headers=HTML_ASKING)
    assert response.status_code == status
    assert error_shape_problems(response) == []


def test_a_validation_error_is_json_even_for_a_browser(api):
    response = api.post("osiris", "/v3/crud/event_exhibit", content=b"<html>", headers=HTML_ASKING)
    assert_error(response, 422, "validation_error")


def test_an_unexpected_failure_answers_json_without_a_stack_trace(api):
    def explode():
        raise RuntimeError("secret internals /work/main/sandbox")

    api.app.add_api_route("/v3/test_only_explodes", explode)
    response = api.client.get("/v3/test_only_explodes")
    assert response.status_code == 500
    assert error_shape_problems(response) == []
    assert "secret internals" not in response.text and "Traceback" not in response.text


def test_a_422_lists_each_bad_field_with_a_message(api):
    response = api.post("osiris", "/v3/crud/event_exhibit", json={"event_id": EVENT, "name": ""})
    assert_error(response, 422, "validation_error")
    assert [item["field"] for item in response.json()["errors"]] == ["name"]


# --- unknown body fields (mass assignment) -------------------------------------------------------------

def test_an_unknown_body_field_is_refused_on_exhibit_create(api):
    body = {"event_id": EVENT, "name": "Booth", "account_id": NORTHWIND}
    assert_error(api.post("osiris", "/v3/crud/event_exhibit", json=body), 422, "validation_error")


def test_an_unknown_body_field_is_refused_on_exhibit_patch(api):
    exhibit = api.post("osiris", "/v3/crud/event_exhibit", json={"event_id": EVENT, "name": "Booth"}).json()
    body = {"name": "Renamed", "event_id": "Nw0EvtExpo1"}
    response = api.patch("osiris", f"/v3/crud/event_exhibit/{exhibit['exhibit_id']}", json=body)
    assert_error(response, 422, "validation_error")


def test_an_unknown_body_field_is_refused_on_lead_create(api):
    exhibit = api.post("osiris", "/v3/crud/event_exhibit", json={"event_id": EVENT, "name": "Booth"}).json()
    body = {"first_name": "Ada", "last_name": "Lovelace", "exhibit_id": "abcdefghijk"}
    response = api.post("osiris", f"/v3/crud/event_exhibit/{exhibit['exhibit_id']}/tracking", json=body)
    assert_error(response, 422, "validation_error")


def test_an_unknown_body_field_is_refused_on_sign_in(api):
    body = {"site_id": "92vkYC4fVEl", "email": "osiris@demo.example", "passcode": "424242", "role": "manager"}
    response = api.client.post("/v3/auth/passcode", headers={"x-aether-api-key": ONESKY_KEY}, json=body)
    assert_error(response, 422, "validation_error")


# --- ID Vision and timestamps on every body ------------------------------------------------------------

@pytest.fixture
def tour(api) -> list:
    """One response of every JSON kind the sandbox serves, successes and errors."""
    key_only = {"x-aether-api-key": ONESKY_KEY}
    responses = [
        api.client.get("/v3/health"),
        api.client.get("/v3/site/bootstrap", params={"domain": "demo.localhost:5173"}, headers=key_only),
        api.client.post("/v3/auth/passcode", headers=key_only,
                        json={"site_id": "92vkYC4fVEl", "email": "cleo@demo.example", "passcode": "515151"}),
        api.get("osiris", "/v3/auth/me"),
        api.get("nadia", "/v3/auth/me"),
        api.get("osiris", f"/v3/crud/event/{EVENT}"),
    ]
    created = api.post("osiris", "/v3/crud/event_exhibit", json={"event_id": EVENT, "name": "Tour", "booth": "A1"})
    exhibit = created.json()["exhibit_id"]
    lead = api.post("cleo", f"/v3/crud/event_exhibit/{exhibit}/tracking",
                    json={"first_name": "Ada", "last_name": "Lovelace", "badge_id": "12345",
                          "scanned_at": "2026-03-10T09:30:00+01:00",
                          "responses_json": [{"question": "Budget?", "answer": ["Q3", "Q4"]}]})
    tracking = lead.json()["tracking_id"]
    uploaded = api.post("scott", "/v3/action/file/upload", files={"file": ("a.txt", b"abc", "text/plain")})
    responses += [
        uploaded,
        api.get("cleo", "/v3/action/file/limits"),
        api.get("cleo", f"/v3/action/file/{uploaded.json()['file_id']}"),
        api.get("nadia", f"/v3/action/file/{uploaded.json()['file_id']}"),
        api.get("cleo", f"/v3/action/event_exhibit/{exhibit}/tracking_export", params={"return_file": "false"}),
        api.get("scott", f"/v3/action/event_exhibit/{exhibit}/tracking_export"),
        created, lead,
        api.get("scott", f"/v3/crud/event_exhibit/{exhibit}"),
        api.patch("osiris", f"/v3/crud/event_exhibit/{exhibit}", json={"booth": None}),
        api.get("scott", f"/v3/crud/event_exhibit/{exhibit}/tracking"),
        api.get("scott", f"/v3/crud/event_exhibit/{exhibit}/tracking/{tracking}"),
        api.get("nadia", f"/v3/crud/event_exhibit/{exhibit}"),
        api.post("osiris", "/v3/crud/event_exhibit", json={"event_id": 12, "name": "x"}),
        api.get("scott", "/v3/crud/event/12345678901"),
        api.client.get("/v3/auth/me"),
    ]
    assert all(r.status_code < 500 for r in responses)
    return responses


def json_bodies(responses) -> list:
    return [(f"{r.request.method} {r.url.path}", r.json()) for r in responses
            if r.headers.get("content-type", "").startswith("application/json")]


def test_every_body_keeps_id_vision(tour):
    problems = [f"{where}: {p}" for where, body in json_bodies(tour) for p in id_vision_problems(body)]
    assert problems == []


def test_every_timestamp_is_utc_whole_seconds_with_z(tour):
    problems = [f"{where}: {p}" for where, body in json_bodies(tour) for p in timestamp_problems(body)]
    assert problems == []


def test_every_error_in_the_tour_has_the_error_shape(tour):
    errors = [r for r in tour if r.status_code >= 400]
    assert errors and [p for r in errors for p in error_shape_problems(r)] == []


def test_every_location_names_an_id_vision_path(tour):
    locations = [r.headers["location"] for r in tour if r.status_code == 201]
    assert locations and all(ID.fullmatch(segment) for loc in locations for segment in loc.split("/")[4::2])
