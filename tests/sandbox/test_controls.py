"""The sandbox's controls (sandbox/controls.py): leads added straight into the store read exactly as leads
added through the API."""
from __future__ import annotations

import pytest
from conftest import EVENTS, ONESKY
from pydantic import ValidationError

from sandbox.controls import add_leads

LEADS = [
    {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org",
     "scanned_at": "2026-03-10T09:00:00+01:00", "exhibitor_notes": "wants a demo",
     "responses_json": [{"question": "Budget", "answer": ["50k", "100k"]}], "hidden": True},
    {"first_name": "Grace", "last_name": "Hopper", "enabled": False},
]


@pytest.fixture
def exhibit_id(api):
    created = api.post("osiris", "/v3/crud/event_exhibit", json={"event_id": EVENTS[ONESKY], "name": "Orbit"})
    assert created.status_code == 201, created.text
    return created.json()["exhibit_id"]


def lead(api, exhibit_id: str, tracking_id: str) -> dict:
    read = api.get("osiris", f"/v3/crud/event_exhibit/{exhibit_id}/tracking/{tracking_id}")
    assert read.status_code == 200, read.text
    return {field: value for field, value in read.json().items() if field not in ("tracking_id", "scanned_at")}


def test_leads_added_straight_into_the_store_read_as_leads_added_through_the_api(api, exhibit_id):
    through_api = [api.post("osiris", f"/v3/crud/event_exhibit/{exhibit_id}/tracking", json=body).json()
                   for body in LEADS]
    added = add_leads(api.app.state.storage, exhibit_id, LEADS, api.app.state.settings.now())
    assert len(set(added)) == 2 and not set(added) & {body["tracking_id"] for body in through_api}
    for via_api, via_control in zip(through_api, added, strict=True):
        assert lead(api, exhibit_id, via_control) == lead(api, exhibit_id, via_api["tracking_id"])
    assert api.get("osiris", f"/v3/crud/event_exhibit/{exhibit_id}/tracking/{added[0]}").json()["scanned_at"] == (
        "2026-03-10T08:00:00Z")


def test_a_lead_the_api_would_refuse_is_refused_and_none_is_stored(api, exhibit_id):
    with pytest.raises(ValidationError):
        add_leads(api.app.state.storage, exhibit_id, [{"first_name": "Grace", "last_name": "Hopper"},
                                                      {"first_name": "", "last_name": "Nobody"}], 0.0)
    listed = api.get("osiris", f"/v3/crud/event_exhibit/{exhibit_id}/tracking").json()
    assert listed["count"] == 0  # Grace, visible, would be listed had she been stored


def test_an_exhibit_the_sandbox_does_not_have_is_refused(api):
    with pytest.raises(LookupError, match="the sandbox has no exhibit nope"):
        add_leads(api.app.state.storage, "nope", LEADS, 0.0)
