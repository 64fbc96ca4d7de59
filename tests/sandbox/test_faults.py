"""The fault catalogue: every fault is real (named in the code) and, for auth and tenancy, each one
breaks exactly the rule it names: its check passes on an honest sandbox and fails with the fault on.

File and export faults (the files and export routers) are proven by their own engineers' tests, the races
(area concurrency) by test_concurrency.py.
"""
from __future__ import annotations

import base64
import json
import re
import time
from pathlib import Path

import jwt
import pytest

from sandbox.faults import AREAS, CATALOGUE
from sandbox.settings import Settings, SettingsError

SANDBOX = Path(__file__).resolve().parents[2] / "sandbox"
MODULES_IN_SCOPE = ["routers/health.py", "routers/site.py", "routers/auth.py", "routers/events.py",
                    "routers/exhibits.py", "routers/leads.py", "deps.py", "lookup.py", "validation.py", "errors.py"]

ONESKY, NORTHWIND = "_XY7DXtc9MY", "Nw7RvLq2ZkP"
ONESKY_KEY, NORTHWIND_KEY, REVOKED_KEY = "sbx-onesky-4f1c9a", "sbx-northwind-b3e8d2", "sbx-onesky-revoked-77d0"
ONESKY_SITE, EVENTS = "92vkYC4fVEl", {ONESKY: "pjrcghqwert", NORTHWIND: "Nw0EvtExpo1"}
OSIRIS_ID, SCOTT_ID = "QWODAPCNLQU", "ffkKxiHpOEC"
EXHIBIT_FIELDS = {"exhibit_id", "event_id", "account_id", "name", "booth", "created_at"}


def source_files() -> dict[str, str]:
    return {str(path.relative_to(SANDBOX)): path.read_text(encoding="utf-8") for path in SANDBOX.rglob("*.py")}


def modules_naming(fault: str) -> set[str]:
    return {name for name, text in source_files().items() if name != "faults.py" and f'"{fault}"' in text}


# --- the catalogue -------------------------------------------------------------------------------------

def test_the_catalogue_holds_at_least_25_faults():
    assert len(CATALOGUE) >= 25


@pytest.mark.parametrize("fault", CATALOGUE)
def test_every_fault_has_a_known_area_and_a_one_line_description(fault):
    area, description = CATALOGUE[fault]
    assert area in AREAS and description.strip() and "\n" not in description


def test_every_fault_the_code_asks_for_is_catalogued():
    asked = {name for module, text in source_files().items() if module != "faults.py"  # its docstring shows the idiom
             for name in re.findall(r"""fault\(\s*["']([^"']+)["']""", text)}
    assert asked and asked - CATALOGUE.keys() == set()


@pytest.mark.parametrize("fault", CATALOGUE)
def test_every_catalogued_fault_is_named_in_the_code(fault):
    assert modules_naming(fault), f"{fault} is in the catalogue but no sandbox module uses it: a silent no-op"


def test_an_unknown_fault_is_refused_by_the_settings():
    with pytest.raises(SettingsError, match="nope"):
        Settings(faults=frozenset({"nope"}))


# --- helpers for the checks ----------------------------------------------------------------------------

def sign_in(api, email="osiris@demo.example", passcode="424242", site=ONESKY_SITE, key=ONESKY_KEY, **extra):
    return api.client.post("/v3/auth/passcode", headers={"x-aether-api-key": key},
                           json={"site_id": site, "email": email, "passcode": passcode, **extra})


def fail_sign_ins(api, times: int) -> None:
    for _ in range(times):
        sign_in(api, passcode="000000")


def me_with_token(api, token: str):
    return api.client.get("/v3/auth/me", headers={"x-aether-api-key": ONESKY_KEY, "x-aether-account-id": ONESKY,
                                                  "authorization": f"Bearer {token}"})


def claims(**overrides) -> dict:
    now = int(time.time())
    return {"iss": "aether", "sub": OSIRIS_ID, "acc": ONESKY, "sid": ONESKY_SITE, "iat": now, "exp": now + 600,
            **overrides}


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def mint(api, **overrides) -> str:
    return jwt.encode(claims(**overrides), api.app.state.settings.jwt_secret, algorithm="HS256")


def code_of(response) -> tuple[int, str | None]:
    """(status, error code); the code is None where the body is not a JSON object (a CSV, bytes, nothing)."""
    is_json = response.headers.get("content-type", "").startswith("application/json")
    body = response.json() if is_json else None
    return response.status_code, body.get("code") if isinstance(body, dict) else None


def create_exhibit(api, persona="osiris", account=ONESKY, **fields):
    return api.post(persona, "/v3/crud/event_exhibit", json={"event_id": EVENTS[account], "name": "F", **fields})


def exhibit(api, persona="osiris", account=ONESKY) -> str:
    return create_exhibit(api, persona, account).json()["exhibit_id"]


def add_lead(api, exhibit_id, persona="osiris", **fields):
    return api.post(persona, f"/v3/crud/event_exhibit/{exhibit_id}/tracking",
                    json={"first_name": "A", "last_name": "B", **fields})


def lead(api, exhibit_id, persona="osiris", **fields) -> str:
    return add_lead(api, exhibit_id, persona, **fields).json()["tracking_id"]


def upload(api, persona) -> dict:
    return api.post(persona, "/v3/action/file/upload", files={"file": ("f.txt", b"fault check", "text/plain")}).json()


def export(api, persona, exhibit_id):
    return api.get(persona, f"/v3/action/event_exhibit/{exhibit_id}/tracking_export")


# --- the checks: fault -> (the rule it breaks, as a check on an Api; extra settings) -------------------

CHECKS: dict[str, tuple] = {}


def breaks(fault: str, **settings):
    def register(check):
        CHECKS[fault] = (check, settings)
        return check
    return register


@breaks("revoked_key_accepted")
def revoked_key_is_refused(api):
    r = api.client.get("/v3/site/bootstrap?domain=demo.localhost:5173", headers={"x-aether-api-key": REVOKED_KEY})
    assert code_of(r) == (401, "api_key_revoked")


@breaks("revoked_key_accepted_when_signed_in")
def revoked_key_is_refused_to_a_signed_in_person(api):
    headers = {**api.headers("osiris"), "x-aether-api-key": REVOKED_KEY}
    assert code_of(api.client.get("/v3/auth/me", headers=headers)) == (401, "api_key_revoked")


@breaks("key_errors_merged")
def missing_key_is_called_missing(api):
    assert code_of(api.client.get("/v3/site/bootstrap?domain=demo.localhost:5173")) == (401, "api_key_missing")


@breaks("health_requires_key")
def health_needs_no_credentials(api):
    assert api.client.get("/v3/health").status_code == 200


@breaks("bootstrap_requires_account_context")
def bootstrap_needs_the_key_alone(api):
    r = api.client.get("/v3/site/bootstrap?domain=demo.localhost:5173", headers={"x-aether-api-key": ONESKY_KEY})
    assert r.status_code == 200 and r.json()["site_id"] == ONESKY_SITE


@breaks("login_requires_account_context")
def sign_in_needs_the_key_alone(api):
    r = sign_in(api)  # the key and the body, no account context, no token
    assert r.status_code == 200 and "access_token" in r.json()


@breaks("missing_context_forbidden")
def missing_context_is_a_bad_request(api):
    headers = {k: v for k, v in api.headers("osiris").items() if k != "x-aether-account-id"}
    assert code_of(api.client.get("/v3/auth/me", headers=headers)) == (400, "account_context_missing")


@breaks("create_location_collection")
def an_exhibit_create_names_the_new_exhibit(api):
    r = api.post("osiris", "/v3/crud/event_exhibit", json={"event_id": EVENTS[ONESKY], "name": "Orbit"})
    assert r.headers["Location"] == f"/v3/crud/event_exhibit/{r.json()['exhibit_id']}"


@breaks("method_not_allowed_without_allow")
def an_unsupported_method_names_the_supported_ones(api):
    r = api.request("PUT", "osiris", "/v3/crud/event_exhibit/abcdefghijk", json={"name": "X"})
    assert r.status_code == 405 and r.headers.get("Allow") == "GET, PATCH, DELETE"


@breaks("token_checked_before_context")
def context_is_checked_before_the_token(api):
    headers = {k: v for k, v in api.headers("osiris").items() if k not in ("x-aether-account-id", "authorization")}
    assert code_of(api.client.get("/v3/auth/me", headers=headers)) == (400, "account_context_missing")


@breaks("bootstrap_case_sensitive")
def bootstrap_ignores_domain_case(api):
    r = api.client.get("/v3/site/bootstrap?domain=DEMO.LOCALHOST:5173", headers={"x-aether-api-key": ONESKY_KEY})
    assert r.status_code == 200


@breaks("login_reveals_unknown_email")
def failed_sign_ins_look_alike(api):
    assert sign_in(api, passcode="000000").content == sign_in(api, email="nobody@demo.example").content


@breaks("login_email_not_normalised")
def sign_in_email_is_trimmed_and_case_insensitive(api):
    assert sign_in(api, email="  OSIRIS@Demo.Example ").status_code == 200


@breaks("expires_in_unbounded")
def lifetime_beyond_a_day_is_refused(api):
    assert code_of(sign_in(api, expires_in=86401)) == (422, "validation_error")


@breaks("alg_none_accepted")
def unsigned_token_is_invalid(api):
    assert code_of(me_with_token(api, f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims())}.")) == (
        401, "token_invalid")


@breaks("token_signature_unchecked")
def tampered_token_is_invalid(api):
    header, _, signature = api.token("osiris").split(".")
    assert code_of(me_with_token(api, f"{header}.{b64(claims(sub=SCOTT_ID))}.{signature}")) == (401, "token_invalid")


@breaks("token_issuer_unchecked")
def foreign_issuer_is_invalid(api):
    assert code_of(me_with_token(api, mint(api, iss="someone-else"))) == (401, "token_invalid")


@breaks("token_expiry_unchecked")
def expired_token_is_refused(api):
    past = int(time.time()) - 60
    assert code_of(me_with_token(api, mint(api, iat=past - 60, exp=past))) == (401, "token_expired")


@breaks("token_challenge_missing")
def token_error_carries_bearer_challenge(api):
    assert me_with_token(api, "garbage").headers.get("www-authenticate", "").startswith("Bearer")


@breaks("lockout_disabled")
def five_failures_lock(api):
    fail_sign_ins(api, 5)
    assert code_of(sign_in(api, passcode="000000")) == (429, "login_locked")


@breaks("lockout_right_passcode_passes")
def right_passcode_is_refused_while_locked(api):
    fail_sign_ins(api, 5)
    assert code_of(sign_in(api)) == (429, "login_locked")


@breaks("lockout_extended_by_refusals", lockout_seconds=1)
def refused_attempts_do_not_extend_the_lock(api):
    fail_sign_ins(api, 5)
    deadline = time.monotonic() + 2.5
    while sign_in(api).status_code == 429 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sign_in(api).status_code == 200


@breaks("lockout_never_lifts", lockout_seconds=1)
def the_lock_lifts_once_the_window_has_passed(api):
    fail_sign_ins(api, 5)
    deadline = time.monotonic() + 2.5
    while sign_in(api).status_code == 429 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sign_in(api).status_code == 200


@breaks("default_lifetime_15_minutes")
def a_sign_in_lasts_an_hour_by_default(api):
    assert sign_in(api).json()["expires_in"] == 3600


@breaks("bootstrap_blank_domain_not_found")
def bootstrap_without_a_domain_is_invalid(api):
    r = api.client.get("/v3/site/bootstrap", headers={"x-aether-api-key": ONESKY_KEY})
    assert code_of(r) == (422, "validation_error")


@breaks("unknown_account_not_found")
def an_unknown_account_is_refused_like_another(api):
    headers = {**api.headers("osiris"), "x-aether-account-id": "AAAAAAAAAAA"}
    assert code_of(api.client.get("/v3/auth/me", headers=headers)) == (403, "account_forbidden")


@breaks("lead_location_collection")
def a_lead_create_names_the_new_lead(api):
    exhibit = api.post("osiris", "/v3/crud/event_exhibit", json={"event_id": EVENTS[ONESKY], "name": "O"}).json()
    r = api.post("osiris", f"/v3/crud/event_exhibit/{exhibit['exhibit_id']}/tracking",
                 json={"first_name": "Ada", "last_name": "Lovelace"})
    assert r.headers["Location"].endswith(f"/tracking/{r.json()['tracking_id']}")


@breaks("notes_html_stripped")
def notes_are_stored_as_given(api):
    exhibit = api.post("osiris", "/v3/crud/event_exhibit", json={"event_id": EVENTS[ONESKY], "name": "O"}).json()
    r = api.post("osiris", f"/v3/crud/event_exhibit/{exhibit['exhibit_id']}/tracking",
                 json={"first_name": "Ada", "last_name": "Lovelace", "exhibitor_notes": "<b>hot</b> lead"})
    assert r.json()["exhibitor_notes"] == "<b>hot</b> lead"


@breaks("token_checked_before_foreign_context")
def another_accounts_context_is_checked_before_the_token(api):
    headers = {**api.headers("osiris"), "x-aether-account-id": NORTHWIND}
    del headers["authorization"]
    assert code_of(api.client.get("/v3/auth/me", headers=headers)) == (403, "account_forbidden")


@breaks("context_checked_before_key")
def the_key_is_checked_before_the_context(api):
    headers = {**api.headers("osiris"), "x-aether-api-key": "unissued-key"}
    del headers["x-aether-account-id"]
    assert code_of(api.client.get("/v3/auth/me", headers=headers)) == (401, "api_key_invalid")


@breaks("staff_add_lead_refused")
def staff_add_leads(api):
    exhibit = api.post("osiris", "/v3/crud/event_exhibit", json={"event_id": EVENTS[ONESKY], "name": "O"}).json()
    r = api.post("scott", f"/v3/crud/event_exhibit/{exhibit['exhibit_id']}/tracking",
                 json={"first_name": "Ada", "last_name": "Lovelace"})
    assert r.status_code == 201


@breaks("staff_list_exhibits_refused")
def staff_list_the_events_exhibits(api):
    assert api.get("scott", "/v3/crud/event_exhibit", params={"event_id": EVENTS[ONESKY]}).status_code == 200


@breaks("visible_leads_in_entry_order")
def visible_leads_follow_the_scan_time(api):
    exhibit = api.post("osiris", "/v3/crud/event_exhibit", json={"event_id": EVENTS[ONESKY], "name": "O"}).json()
    leads = f"/v3/crud/event_exhibit/{exhibit['exhibit_id']}/tracking"
    for name, at in (("Barbara", "2026-03-10T09:20:00Z"), ("Ada", "2026-03-10T09:00:00Z")):
        api.post("osiris", leads, json={"first_name": name, "last_name": "L", "scanned_at": at})
    assert [lead["first_name"] for lead in api.get("osiris", leads).json()["items"]] == ["Ada", "Barbara"]


@breaks("lead_disabled_by_default")
def a_lead_is_visible_and_enabled_by_default(api):
    exhibit = api.post("osiris", "/v3/crud/event_exhibit", json={"event_id": EVENTS[ONESKY], "name": "O"}).json()
    r = api.post("osiris", f"/v3/crud/event_exhibit/{exhibit['exhibit_id']}/tracking",
                 json={"first_name": "Ada", "last_name": "Lovelace"})
    assert (r.json()["hidden"], r.json()["enabled"]) == (False, True)


@breaks("limits_need_no_token")
def the_upload_limit_needs_a_token(api):
    headers = {k: v for k, v in api.headers("osiris").items() if k != "authorization"}
    assert code_of(api.client.get("/v3/action/file/limits", headers=headers)) == (401, "token_missing")


@breaks("login_on_any_accounts_site")
def an_application_signs_in_only_on_its_own_accounts_sites(api):
    assert code_of(sign_in(api, site="Rv3kTq8LmZa")) == (404, "not_found")


@breaks("refusal_without_detail")
def a_permission_refusal_says_why_in_a_sentence(api):
    r = api.delete("scott", f"/v3/crud/event_exhibit/{exhibit(api)}")
    assert r.status_code == 403 and set(r.json()) == {"code", "detail"}


@breaks("unknown_path_framework_answer")
def a_path_that_does_not_exist_is_not_found(api):
    assert code_of(api.get("osiris", "/v3/crud/event_exhibit/Nope0000000/photos")) == (404, "not_found")


@breaks("exhibit_validated_before_role")
def a_staff_members_invalid_exhibit_is_refused_for_permission(api):
    assert code_of(create_exhibit(api, "scott", name="")) == (403, "permission_denied")


@breaks("exhibit_found_before_validation")
def an_empty_change_to_a_missing_exhibit_is_invalid(api):
    assert code_of(api.patch("osiris", "/v3/crud/event_exhibit/Nope0000000", json={})) == (422, "validation_error")


@breaks("exhibit_name_unbounded")
def an_exhibit_name_holds_at_most_200_characters(api):
    assert code_of(create_exhibit(api, name="n" * 201)) == (422, "validation_error")


@breaks("booth_defaults_to_empty")
def an_exhibit_without_a_booth_has_none(api):
    assert create_exhibit(api).json()["booth"] is None


@breaks("exhibit_time_with_offset")
def an_exhibit_is_created_at_a_utc_whole_second(api):
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", create_exhibit(api).json()["created_at"])


@breaks("lead_notes_limited_like_text")
def notes_hold_10000_characters(api):
    assert add_lead(api, exhibit(api), exhibitor_notes="n" * 10_000).status_code == 201


@breaks("scan_time_without_offset_as_utc")
def a_scan_time_needs_an_offset(api):
    assert code_of(add_lead(api, exhibit(api), scanned_at="2026-03-10T09:30:00")) == (422, "validation_error")


@breaks("answer_question_may_be_empty")
def an_answer_names_its_question(api):
    assert code_of(add_lead(api, exhibit(api), responses_json=[{"question": "", "answer": "Yes"}])) == (
        422, "validation_error")


@breaks("lockout_no_retry_after")
def locked_answer_says_when_to_retry(api):
    fail_sign_ins(api, 5)
    assert int(sign_in(api).headers.get("retry-after", "0")) > 0


@breaks("lockout_not_reset_on_success")
def success_resets_the_count(api):
    fail_sign_ins(api, 4)
    sign_in(api)
    fail_sign_ins(api, 4)
    assert sign_in(api).status_code == 200


@breaks("me_leads_access_from_role")
def who_am_i_reports_the_persons_own_flag(api):
    assert api.get("osiris", "/v3/auth/me").json()["leads_api_access"] is False


@breaks("staff_manage_exhibits")
def staff_may_not_create_exhibits(api):
    r = api.post("cleo", "/v3/crud/event_exhibit", json={"event_id": EVENTS[ONESKY], "name": "x"})
    assert code_of(r) == (403, "permission_denied")


@breaks("export_ignores_leads_flag")
def staff_without_leads_access_may_not_export(api):
    assert code_of(export(api, "scott", exhibit(api))) == (403, "permission_denied")


@breaks("export_requires_flag_for_managers")
def a_manager_without_the_flag_may_export(api):
    assert export(api, "osiris", exhibit(api)).status_code == 200


@breaks("staff_delete_any_file")
def staff_may_not_delete_a_colleagues_file(api):
    file_id = upload(api, "cleo")["file_id"]
    assert code_of(api.delete("scott", f"/v3/action/file/{file_id}")) == (403, "permission_denied")


@breaks("manager_delete_only_own")
def a_manager_may_delete_any_file_of_the_account(api):
    file_id = upload(api, "cleo")["file_id"]
    assert api.delete("osiris", f"/v3/action/file/{file_id}").status_code == 204


@breaks("account_context_unchecked")
def account_context_must_be_the_keys_account(api):
    headers = {**api.headers("nadia"), "x-aether-api-key": ONESKY_KEY}  # One Sky's key, Northwind's context
    assert code_of(api.client.get("/v3/auth/me", headers=headers)) == (403, "account_forbidden")


@breaks("token_account_unchecked")
def token_must_be_of_the_account_context(api):
    headers = {**api.headers("osiris"), "authorization": api.headers("nadia")["authorization"]}
    assert code_of(api.client.get("/v3/auth/me", headers=headers)) == (403, "account_forbidden")


@breaks("login_any_account")
def another_accounts_person_cannot_sign_in_here(api):
    assert code_of(sign_in(api, email="nadia@northwind.example", passcode="737373")) == (401, "login_failed")


@breaks("bootstrap_any_account")
def bootstrap_does_not_find_another_accounts_site(api):
    r = api.client.get("/v3/site/bootstrap?domain=northwind.localhost:5173", headers={"x-aether-api-key": ONESKY_KEY})
    assert code_of(r) == (404, "not_found")


@breaks("event_cross_account")
def another_accounts_event_is_not_found(api):
    assert code_of(api.get("osiris", f"/v3/crud/event/{EVENTS[NORTHWIND]}")) == (404, "not_found")


@breaks("exhibit_cross_account")
def another_accounts_exhibit_is_not_found(api):
    theirs = exhibit(api, "nadia", NORTHWIND)
    assert code_of(api.get("osiris", f"/v3/crud/event_exhibit/{theirs}")) == (404, "not_found")


@breaks("leads_cross_account")
def another_accounts_leads_are_not_found(api):
    theirs = exhibit(api, "nadia", NORTHWIND)
    assert code_of(api.get("osiris", f"/v3/crud/event_exhibit/{theirs}/tracking")) == (404, "not_found")


@breaks("lead_other_exhibit")
def a_lead_is_found_only_through_its_own_exhibit(api):
    first, second = exhibit(api), exhibit(api)
    tracking_id = lead(api, first)
    assert code_of(api.get("osiris", f"/v3/crud/event_exhibit/{second}/tracking/{tracking_id}")) == (404, "not_found")


@breaks("export_cross_account")
def another_accounts_exhibit_cannot_be_exported(api):
    assert code_of(export(api, "osiris", exhibit(api, "nadia", NORTHWIND))) == (404, "not_found")


@breaks("file_cross_account")
def another_accounts_file_is_not_found(api):
    file_id = upload(api, "nadia")["file_id"]
    assert code_of(api.get("osiris", f"/v3/action/file/{file_id}")) == (404, "not_found")


@breaks("hash_cross_account")
def another_accounts_bytes_are_not_found_by_hash(api):
    sha256 = upload(api, "nadia")["sha256"]
    assert code_of(api.get("osiris", f"/v3/action/file/by_hash/{sha256}/download")) == (404, "not_found")


@breaks("cross_account_forbidden")
def another_accounts_object_answers_like_a_missing_one(api):
    theirs = api.get("osiris", f"/v3/crud/event_exhibit/{exhibit(api, 'nadia', NORTHWIND)}")
    missing = api.get("osiris", "/v3/crud/event_exhibit/Zz9MissingX")
    assert (theirs.status_code, theirs.content) == (missing.status_code, missing.content)


@breaks("exhibit_list_cross_account")
def another_accounts_event_lists_nothing(api):
    exhibit(api, "nadia", NORTHWIND)
    theirs = api.get("osiris", "/v3/crud/event_exhibit", params={"event_id": EVENTS[NORTHWIND]})
    assert code_of(theirs) == (404, "not_found")


@breaks("exhibit_list_reversed")
def an_events_exhibits_are_listed_oldest_first(api):
    made = [exhibit(api) for _ in range(3)]
    items = api.get("scott", "/v3/crud/event_exhibit", params={"event_id": EVENTS[ONESKY]}).json()["items"]
    assert [e["exhibit_id"] for e in items] == [e["exhibit_id"] for e in
                                                 sorted(items, key=lambda e: (e["created_at"], e["exhibit_id"]))]
    assert sorted(made) == sorted(e["exhibit_id"] for e in items)


@breaks("exhibit_list_extra_query_ignored")
def the_exhibits_list_refuses_a_parameter_it_does_not_define(api):
    r = api.get("scott", "/v3/crud/event_exhibit", params={"event_id": EVENTS[ONESKY], "limit": "1"})
    assert code_of(r) == (422, "validation_error")


@breaks("file_list_any_account")
def the_files_list_holds_no_other_accounts_files(api):
    upload(api, "nadia")
    assert api.get("osiris", "/v3/action/file").json()["count"] == 0


@breaks("unknown_fields_ignored")
def an_unknown_body_field_is_refused(api):
    r = api.post("osiris", "/v3/crud/event_exhibit", json={"event_id": EVENTS[ONESKY], "name": "x",
                                                            "account_id": NORTHWIND})
    assert code_of(r) == (422, "validation_error")


@breaks("scan_offset_minutes_crash")
def a_scan_time_at_a_quarter_hour_offset_is_stored_in_utc(api):
    r = api.post("osiris", f"/v3/crud/event_exhibit/{exhibit(api)}/tracking",
                 json={"first_name": "A", "last_name": "B", "scanned_at": "2026-03-10T09:30:00+05:45"})
    assert r.status_code == 201, r.text
    assert r.json()["scanned_at"] == "2026-03-10T03:45:00Z"


@breaks("malformed_body_html_page")
def a_body_that_is_not_a_json_object_is_refused_with_the_json_error(api):
    for body in (b"[1, 2]", b"{not json"):
        r = api.patch("osiris", f"/v3/crud/event_exhibit/{exhibit(api)}", content=body,
                      headers={"Content-Type": "application/json"})
        assert code_of(r) == (422, "validation_error")


@breaks("integer_ids_leak")
def an_exhibit_holds_only_its_contract_fields(api):
    body = api.post("osiris", "/v3/crud/event_exhibit", json={"event_id": EVENTS[ONESKY], "name": "x"}).json()
    assert body.keys() == EXHIBIT_FIELDS


@breaks("visible_list_shows_hidden")
def the_visible_list_leaves_out_hidden_and_disabled_leads(api):
    exhibit_id = exhibit(api)
    lead(api, exhibit_id, hidden=True)
    lead(api, exhibit_id, enabled=False)
    assert api.get("osiris", f"/v3/crud/event_exhibit/{exhibit_id}/tracking").json()["count"] == 0


# --- every fault in scope breaks its rule --------------------------------------------------------------

def in_scope(fault: str) -> bool:
    """An auth or tenancy fault, or one in a module in scope; the races are test_concurrency.py's."""
    area, _ = CATALOGUE[fault]
    in_module_in_scope = bool(modules_naming(fault) & set(MODULES_IN_SCOPE))
    return area in ("auth", "tenancy") or (area != "concurrency" and in_module_in_scope)


def test_every_auth_and_tenancy_fault_has_a_check():
    assert {fault for fault in CATALOGUE if in_scope(fault)} == CHECKS.keys()


@pytest.mark.parametrize("fault", CHECKS)
def test_the_rule_holds_without_the_fault(make_api, fault):
    check, settings = CHECKS[fault]
    check(make_api(**settings))


@pytest.mark.parametrize("fault", CHECKS)
def test_the_fault_breaks_its_rule(make_api, fault):
    check, settings = CHECKS[fault]
    with pytest.raises(AssertionError):
        check(make_api(faults=frozenset({fault}), **settings))
