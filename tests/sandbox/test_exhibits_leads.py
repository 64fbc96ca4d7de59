"""Contract §3 events, exhibits and leads: create/read/patch/delete, validation limits, the visible list."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

ONESKY, NORTHWIND = "_XY7DXtc9MY", "Nw7RvLq2ZkP"
EVENT, NORTHWIND_EVENT = "pjrcghqwert", "Nw0EvtExpo1"
MISSING = "Zz9MissingX"
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
EXHIBIT_FIELDS = {"exhibit_id", "event_id", "account_id", "name", "booth", "created_at"}
LEAD_FIELDS = {"tracking_id", "exhibit_id", "first_name", "last_name", "email", "company", "title", "phone",
               "badge_id", "scanned_at", "exhibitor_notes", "responses_json", "hidden", "enabled"}
FULL_LEAD = {
    "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org", "company": "Analytical Engines",
    "title": "Countess", "phone": "+44 20 7946 0000", "badge_id": "B-1815", "scanned_at": "2026-03-10T09:30:00Z",
    "exhibitor_notes": "<p>Hot&nbsp;lead</p><script>x()</script>",
    "responses_json": [{"question": "Budget?", "answer": "Q3"}, {"question": "Topics", "answer": ["AI", "Ops"]}],
    "hidden": True, "enabled": False,
}


def assert_error(response, status: int, code: str) -> None:
    assert (response.status_code, response.json().get("code")) == (status, code), response.text


def create_exhibit(api, persona="osiris", **fields):
    return api.post(persona, "/v3/crud/event_exhibit", json={"event_id": EVENT, "name": "Booth test", **fields})


def exhibit_id(api, persona="osiris", event=EVENT) -> str:
    response = create_exhibit(api, persona, event_id=event)
    assert response.status_code == 201, response.text
    return response.json()["exhibit_id"]


def exhibit_path(exhibit: str) -> str:
    return f"/v3/crud/event_exhibit/{exhibit}"


def add_lead(api, exhibit, persona="cleo", **fields):
    body = {"first_name": "Ada", "last_name": "L", **fields}
    return api.post(persona, f"{exhibit_path(exhibit)}/tracking", json=body)


def lead_id(api, exhibit, **fields) -> str:
    response = add_lead(api, exhibit, **fields)
    assert response.status_code == 201, response.text
    return response.json()["tracking_id"]


def visible(api, exhibit, persona="scott") -> list[str]:
    return [item["tracking_id"] for item in api.get(persona, f"{exhibit_path(exhibit)}/tracking").json()["items"]]


def seconds_from_now(stamp: str) -> float:
    moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return abs((datetime.now(timezone.utc) - moment).total_seconds())


# --- events --------------------------------------------------------------------------------------------

def test_an_event_reads_as_the_demo_dataset_says(api):
    response = api.get("scott", f"/v3/crud/event/{EVENT}")
    assert response.json() == {"event_id": EVENT, "account_id": ONESKY, "name": "Demo One Sky IT Conference",
                               "starts_on": "2026-03-10", "ends_on": "2026-03-12"}


@pytest.mark.parametrize("event", [NORTHWIND_EVENT, MISSING])
def test_another_accounts_event_reads_like_a_missing_one(api, event):
    assert_error(api.get("osiris", f"/v3/crud/event/{event}"), 404, "not_found")


# --- exhibit create ------------------------------------------------------------------------------------

def test_an_exhibit_create_answers_201_with_exactly_the_exhibit(api):
    response = create_exhibit(api, name="Hall A", booth="A12")
    body = response.json()
    assert response.status_code == 201
    assert body.keys() == EXHIBIT_FIELDS
    assert (body["event_id"], body["account_id"], body["name"], body["booth"]) == (EVENT, ONESKY, "Hall A", "A12")


def test_an_exhibit_create_names_the_new_exhibit_in_location(api):
    response = create_exhibit(api)
    assert response.headers["location"] == exhibit_path(response.json()["exhibit_id"])


def test_an_exhibit_is_created_now_in_utc_whole_seconds(api):
    created_at = create_exhibit(api).json()["created_at"]
    assert TIMESTAMP.fullmatch(created_at) and seconds_from_now(created_at) < 60


def test_booth_defaults_to_null(api):
    assert create_exhibit(api).json()["booth"] is None


def test_booth_may_be_given_as_null(api):
    assert create_exhibit(api, booth=None).json()["booth"] is None


@pytest.mark.parametrize(("fields", "status"), [
    ({"name": "n" * 1}, 201), ({"name": "n" * 200}, 201), ({"name": "é" * 200}, 201),
    ({"name": ""}, 422), ({"name": "n" * 201}, 422), ({"name": None}, 422), ({"name": 5}, 422),
    ({"booth": "b" * 50}, 201), ({"booth": "b" * 51}, 422), ({"booth": 12}, 422),
])
def test_exhibit_create_limits(api, fields, status):
    assert create_exhibit(api, **fields).status_code == status


@pytest.mark.parametrize("body", [{"name": "x"}, {"event_id": EVENT}, {"event_id": None, "name": "x"}, [], "x"])
def test_an_exhibit_create_without_its_required_fields_is_refused(api, body):
    assert_error(api.post("osiris", "/v3/crud/event_exhibit", json=body), 422, "validation_error")


@pytest.mark.parametrize("event", [NORTHWIND_EVENT, MISSING])
def test_an_exhibit_for_another_accounts_or_no_event_is_not_found(api, event):
    assert_error(create_exhibit(api, event_id=event), 404, "not_found")


# --- exhibit read --------------------------------------------------------------------------------------

def exhibits_of(api, persona="scott", event=EVENT, **query):
    return api.get(persona, "/v3/crud/event_exhibit", params={"event_id": event, **query})


def test_an_events_exhibits_are_listed_by_creation_then_id(api):
    made = [create_exhibit(api, name=f"Booth {n}").json() for n in range(4)]
    r = exhibits_of(api)
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == len(body["items"]) == 4
    assert body["items"] == sorted(made, key=lambda e: (e["created_at"], e["exhibit_id"]))


def test_an_event_without_exhibits_lists_none(api):
    assert exhibits_of(api).json() == {"items": [], "count": 0}


def test_the_exhibits_list_holds_only_that_events_exhibits_of_the_account(api):
    create_exhibit(api, "nadia", event_id=NORTHWIND_EVENT)
    mine = exhibit_id(api)
    assert [e["exhibit_id"] for e in exhibits_of(api).json()["items"]] == [mine]


@pytest.mark.parametrize("event", [NORTHWIND_EVENT, MISSING])
def test_the_exhibits_of_another_accounts_or_no_event_are_not_found(api, event):
    create_exhibit(api, "nadia", event_id=NORTHWIND_EVENT)
    r = exhibits_of(api, event=event)
    assert_error(r, 404, "not_found")
    assert r.content == exhibits_of(api, event=MISSING).content


@pytest.mark.parametrize("query", [{}, {"event_id": EVENT, "name": "x"}, {"event_id": [EVENT, EVENT]}])
def test_the_exhibits_list_wants_its_event_and_nothing_else(api, query):
    assert_error(api.get("scott", "/v3/crud/event_exhibit", params=query), 422, "validation_error")


def test_an_exhibit_reads_as_it_was_created(api):
    created = create_exhibit(api, booth="C3").json()
    assert api.get("scott", exhibit_path(created["exhibit_id"])).json() == created


def test_another_accounts_exhibit_reads_exactly_like_a_missing_one(api):
    theirs = exhibit_id(api, "nadia", NORTHWIND_EVENT)
    other, missing = api.get("osiris", exhibit_path(theirs)), api.get("osiris", exhibit_path(MISSING))
    assert (other.status_code, other.json()) == (missing.status_code, missing.json())
    assert_error(other, 404, "not_found")


# --- exhibit patch -------------------------------------------------------------------------------------

@pytest.mark.parametrize("changes", [{"name": "Renamed"}, {"booth": "Z9"}, {"name": "Both", "booth": "B2"},
                                     {"booth": None}])
def test_a_patch_changes_exactly_the_given_fields(api, changes):
    created = create_exhibit(api, booth="A1").json()
    patched = api.patch("osiris", exhibit_path(created["exhibit_id"]), json=changes)
    assert (patched.status_code, patched.json()) == (200, {**created, **changes})


def test_a_patch_is_kept(api):
    exhibit = exhibit_id(api)
    api.patch("osiris", exhibit_path(exhibit), json={"name": "Kept"})
    assert api.get("scott", exhibit_path(exhibit)).json()["name"] == "Kept"


@pytest.mark.parametrize("changes", [{}, {"name": ""}, {"name": None}, {"name": "n" * 201}, {"booth": "b" * 51},
                                     {"event_id": NORTHWIND_EVENT}, {"created_at": "2020-01-01T00:00:00Z"}])
def test_an_empty_or_invalid_patch_is_refused(api, changes):
    assert_error(api.patch("osiris", exhibit_path(exhibit_id(api)), json=changes), 422, "validation_error")


def test_another_accounts_exhibit_cannot_be_patched(api):
    theirs = exhibit_id(api, "nadia", NORTHWIND_EVENT)
    assert_error(api.patch("osiris", exhibit_path(theirs), json={"name": "Mine"}), 404, "not_found")
    assert api.get("nadia", exhibit_path(theirs)).json()["name"] == "Booth test"


# --- exhibit delete ------------------------------------------------------------------------------------

def test_a_delete_answers_204_without_a_body(api):
    response = api.delete("osiris", exhibit_path(exhibit_id(api)))
    assert (response.status_code, response.content) == (204, b"")


def test_a_deleted_exhibit_is_gone(api):
    exhibit = exhibit_id(api)
    api.delete("osiris", exhibit_path(exhibit))
    assert_error(api.get("osiris", exhibit_path(exhibit)), 404, "not_found")


def test_a_second_delete_is_not_found(api):
    exhibit = exhibit_id(api)
    api.delete("osiris", exhibit_path(exhibit))
    assert_error(api.delete("osiris", exhibit_path(exhibit)), 404, "not_found")


def test_deleting_an_exhibit_deletes_its_leads(api):
    exhibit = exhibit_id(api)
    for _ in range(3):
        lead_id(api, exhibit)
    api.delete("osiris", exhibit_path(exhibit))
    with api.app.state.storage.connect() as db:  # the sandbox's own store: no orphan rows left behind
        assert db.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == 0


def test_another_accounts_exhibit_cannot_be_deleted(api):
    theirs = exhibit_id(api, "nadia", NORTHWIND_EVENT)
    assert_error(api.delete("osiris", exhibit_path(theirs)), 404, "not_found")
    assert api.get("nadia", exhibit_path(theirs)).status_code == 200


# --- lead create ---------------------------------------------------------------------------------------

def test_a_lead_stores_and_returns_every_field(api):
    exhibit = exhibit_id(api)
    response = api.post("cleo", f"{exhibit_path(exhibit)}/tracking", json=FULL_LEAD)
    body = response.json()
    assert response.status_code == 201
    assert body == {**FULL_LEAD, "tracking_id": body["tracking_id"], "exhibit_id": exhibit}


def test_a_lead_reads_as_it_was_created(api):
    exhibit = exhibit_id(api)
    created = api.post("cleo", f"{exhibit_path(exhibit)}/tracking", json=FULL_LEAD).json()
    assert api.get("scott", f"{exhibit_path(exhibit)}/tracking/{created['tracking_id']}").json() == created


def test_a_lead_create_names_the_leads_own_path_in_location(api):
    exhibit = exhibit_id(api)
    response = add_lead(api, exhibit)
    assert response.headers["location"] == f"{exhibit_path(exhibit)}/tracking/{response.json()['tracking_id']}"


def test_optional_lead_fields_not_given_are_null_and_flags_default(api):
    body = add_lead(api, exhibit_id(api)).json()
    assert body.keys() == LEAD_FIELDS
    nulls = {"email", "company", "title", "phone", "badge_id", "exhibitor_notes", "responses_json"}
    assert {field: body[field] for field in nulls} == dict.fromkeys(nulls)
    assert (body["hidden"], body["enabled"]) == (False, True)


def test_scanned_at_defaults_to_now(api):
    scanned_at = add_lead(api, exhibit_id(api)).json()["scanned_at"]
    assert TIMESTAMP.fullmatch(scanned_at) and seconds_from_now(scanned_at) < 60


@pytest.mark.parametrize(("given", "stored"), [
    ("2026-03-10T09:30:00Z", "2026-03-10T09:30:00Z"),
    ("2026-03-10T09:30:00+00:00", "2026-03-10T09:30:00Z"),
    ("2026-03-10T11:30:00+02:00", "2026-03-10T09:30:00Z"),
    ("2026-03-10T04:00:00-05:30", "2026-03-10T09:30:00Z"),
    ("2026-03-10T23:30:00-01:00", "2026-03-11T00:30:00Z"),
    ("2026-03-10T09:30:00.999+00:00", "2026-03-10T09:30:00Z"),
])
def test_scanned_at_is_stored_in_utc_whole_seconds(api, given, stored):
    assert add_lead(api, exhibit_id(api), scanned_at=given).json()["scanned_at"] == stored


@pytest.mark.parametrize("scanned_at", ["2026-03-10T09:30:00", "2026-03-10", "yesterday", "", 1773135000])
def test_a_scanned_at_without_an_offset_or_not_iso_is_refused(api, scanned_at):
    assert_error(add_lead(api, exhibit_id(api), scanned_at=scanned_at), 422, "validation_error")


def test_a_scanned_at_before_year_1_in_utc_is_refused(api):
    assert_error(add_lead(api, exhibit_id(api), scanned_at="0001-01-01T00:30:00+01:00"), 422, "validation_error")


@pytest.mark.parametrize(("fields", "status"), [
    ({"first_name": ""}, 422), ({"first_name": "f" * 200}, 201), ({"first_name": "f" * 201}, 422),
    ({"last_name": ""}, 422), ({"last_name": "l" * 200}, 201), ({"last_name": "l" * 201}, 422),
    ({"email": "e" * 200}, 201), ({"email": "e" * 201}, 422), ({"company": "c" * 201}, 422),
    ({"title": "t" * 201}, 422), ({"phone": "p" * 201}, 422), ({"badge_id": "b" * 201}, 422),
    ({"exhibitor_notes": "n" * 10_000}, 201), ({"exhibitor_notes": "n" * 10_001}, 422),
    ({"first_name": None}, 422), ({"email": 5}, 422),
])
def test_lead_text_limits(api, fields, status):
    assert add_lead(api, exhibit_id(api), **fields).status_code == status


def test_exhibitor_notes_keep_html_as_given(api):
    notes = "<p onclick='x()'>Hot&nbsp;lead</p><!-- c --><script>alert(1)</script>"
    assert add_lead(api, exhibit_id(api), exhibitor_notes=notes).json()["exhibitor_notes"] == notes


@pytest.mark.parametrize("responses", [[], [{"question": "Q", "answer": "A"}], [{"question": "Q", "answer": []}],
                                       [{"question": "Q", "answer": ["a", "b"]}, {"question": "Q", "answer": "c"}]])
def test_responses_json_round_trips(api, responses):
    assert add_lead(api, exhibit_id(api), responses_json=responses).json()["responses_json"] == responses


@pytest.mark.parametrize("responses", [
    {"question": "Q", "answer": "A"}, ["Q"], [{"question": "", "answer": "A"}], [{"answer": "A"}],
    [{"question": "Q"}], [{"question": "Q", "answer": 3}], [{"question": "Q", "answer": ["a", 2]}],
    [{"question": 1, "answer": "A"}], [{"question": "Q", "answer": "A", "score": 1}], "[]",
])
def test_responses_json_of_another_shape_is_refused(api, responses):
    assert_error(add_lead(api, exhibit_id(api), responses_json=responses), 422, "validation_error")


@pytest.mark.parametrize("fields", [{"hidden": "true"}, {"enabled": 1}, {"hidden": None}])
def test_hidden_and_enabled_are_booleans(api, fields):
    assert_error(add_lead(api, exhibit_id(api), **fields), 422, "validation_error")


@pytest.mark.parametrize("exhibit", ["theirs", MISSING])
def test_a_lead_for_another_accounts_or_no_exhibit_is_not_found(api, exhibit):
    target = exhibit_id(api, "nadia", NORTHWIND_EVENT) if exhibit == "theirs" else exhibit
    assert_error(add_lead(api, target), 404, "not_found")


# --- lead read -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("flags", [{"hidden": True}, {"enabled": False}, {"hidden": True, "enabled": False}])
def test_hidden_and_disabled_leads_read_by_id(api, flags):
    exhibit = exhibit_id(api)
    lead = lead_id(api, exhibit, **flags)
    assert api.get("scott", f"{exhibit_path(exhibit)}/tracking/{lead}").status_code == 200


def test_a_lead_of_another_exhibit_is_not_found(api):
    first, second = exhibit_id(api), exhibit_id(api)
    lead = lead_id(api, first)
    assert_error(api.get("osiris", f"{exhibit_path(second)}/tracking/{lead}"), 404, "not_found")


def test_a_lead_of_another_account_is_not_found(api):
    theirs = exhibit_id(api, "nadia", NORTHWIND_EVENT)
    lead = api.post("nadia", f"{exhibit_path(theirs)}/tracking", json={"first_name": "N", "last_name": "W"})
    response = api.get("osiris", f"{exhibit_path(theirs)}/tracking/{lead.json()['tracking_id']}")
    assert_error(response, 404, "not_found")


def test_an_unknown_lead_is_not_found(api):
    assert_error(api.get("osiris", f"{exhibit_path(exhibit_id(api))}/tracking/{MISSING}"), 404, "not_found")


# --- the visible list ----------------------------------------------------------------------------------

def test_the_visible_list_holds_items_and_their_count(api):
    exhibit = exhibit_id(api)
    lead_id(api, exhibit)
    body = api.get("scott", f"{exhibit_path(exhibit)}/tracking").json()
    assert body.keys() == {"items", "count"} and body["count"] == len(body["items"]) == 1


def test_the_visible_list_of_an_exhibit_without_leads_is_empty(api):
    assert api.get("scott", f"{exhibit_path(exhibit_id(api))}/tracking").json() == {"items": [], "count": 0}


def test_the_visible_list_items_are_whole_leads(api):
    exhibit = exhibit_id(api)
    created = api.post("cleo", f"{exhibit_path(exhibit)}/tracking", json={**FULL_LEAD, "hidden": False,
                                                                          "enabled": True}).json()
    assert api.get("scott", f"{exhibit_path(exhibit)}/tracking").json()["items"] == [created]


def test_the_visible_list_leaves_out_hidden_and_disabled_leads(api):
    exhibit = exhibit_id(api)
    shown = lead_id(api, exhibit)
    for flags in ({"hidden": True}, {"enabled": False}, {"hidden": True, "enabled": False}):
        lead_id(api, exhibit, **flags)
    assert visible(api, exhibit) == [shown]


def test_the_visible_list_is_ordered_by_scan_time(api):
    exhibit = exhibit_id(api)
    late = lead_id(api, exhibit, scanned_at="2026-03-11T08:00:00Z")
    early = lead_id(api, exhibit, scanned_at="2026-03-11T10:00:00+05:00")  # 05:00Z
    middle = lead_id(api, exhibit, scanned_at="2026-03-11T07:59:59Z")
    assert visible(api, exhibit) == [early, middle, late]


def test_leads_scanned_at_the_same_time_are_ordered_by_tracking_id_code_point(api):
    exhibit, ids = exhibit_id(api), []
    while len(ids) < 60 and sorted(ids) == sorted(ids, key=str.lower):  # until case matters to the order
        ids.append(lead_id(api, exhibit, scanned_at="2026-03-10T09:00:00Z"))
    assert sorted(ids) != sorted(ids, key=str.lower), "no tracking ids where letter case changes the order"
    assert visible(api, exhibit) == sorted(ids)


def test_the_visible_list_of_another_accounts_exhibit_is_not_found(api):
    theirs = exhibit_id(api, "nadia", NORTHWIND_EVENT)
    assert_error(api.get("osiris", f"{exhibit_path(theirs)}/tracking"), 404, "not_found")


def test_scan_order_is_by_instant_not_by_text_as_given(api):
    exhibit = exhibit_id(api)
    later = lead_id(api, exhibit, scanned_at="2026-03-10T09:00:00-03:00")  # 12:00Z
    earlier = lead_id(api, exhibit, scanned_at="2026-03-10T11:00:00+00:00")
    assert visible(api, exhibit) == [earlier, later]


def test_a_scan_time_before_year_1000_is_zero_padded(api):
    assert add_lead(api, exhibit_id(api), scanned_at="0005-06-07T08:09:10Z").json()["scanned_at"] == \
        "0005-06-07T08:09:10Z"

