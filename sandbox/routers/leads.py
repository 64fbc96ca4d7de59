"""Leads (tracking records) of an exhibit: anyone in the account adds and reads them."""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import StringConstraints, field_validator

from ..deps import AccountDep, Db, PersonDep, RawBody, SettingsDep
from ..errors import not_found, permission_denied, validation_error
from ..ids import new_id
from ..settings import Settings
from ..timefmt import iso_z, parse_with_offset, utc_second
from ..validation import Body, parse_body
from .exhibits import owned_exhibit
from .route import Route

router = APIRouter(tags=["leads"], route_class=Route)

Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(max_length=200)]
Notes = Annotated[str, StringConstraints(max_length=10_000)]
Question = Annotated[str, StringConstraints(min_length=1)]

_WHOLE_HOUR_ZONES = {timedelta(hours=hours): f"UTC{hours:+03}" for hours in range(-23, 24)}  # the fault's
LEAD_FIELDS = ("first_name", "last_name", "email", "company", "title", "phone", "badge_id", "scanned_at",
               "exhibitor_notes", "responses_json", "hidden", "enabled")


class Answer(Body):
    question: Question
    answer: str | list[str]


class NewLead(Body):
    first_name: Name
    last_name: Name
    email: Text | None = None
    company: Text | None = None
    title: Text | None = None
    phone: Text | None = None
    badge_id: Text | None = None
    scanned_at: str | None = None
    exhibitor_notes: Notes | None = None
    responses_json: list[Answer] | None = None
    hidden: bool = False
    enabled: bool = True

    @field_validator("scanned_at")
    @classmethod
    def _with_offset(cls, value: str | None) -> str | None:
        return None if value is None else iso_z(parse_with_offset(value))


class ScanTimeAsUtcLead(NewLead):
    """The model of the fault scan_time_without_offset_as_utc: a scan time without an offset is taken as UTC."""
    @field_validator("scanned_at")
    @classmethod
    def _with_offset(cls, value: str | None) -> str | None:
        return None if value is None else iso_z(datetime.fromisoformat(value).replace(tzinfo=timezone.utc))


class AnyQuestionAnswer(Answer):
    question: str


class EmptyQuestionLead(NewLead):
    """The model of the fault answer_question_may_be_empty: an answer's question may be empty."""
    responses_json: list[AnyQuestionAnswer] | None = None


def lead_json(row: sqlite3.Row, exhibit_id: str) -> dict:
    body = {"tracking_id": row["public_id"], "exhibit_id": exhibit_id}
    for field in LEAD_FIELDS:
        body[field] = row[field]
    body["responses_json"] = None if row["responses_json"] is None else json.loads(row["responses_json"])
    body["hidden"], body["enabled"] = bool(row["hidden"]), bool(row["enabled"])
    return body


def exhibit_for_leads(db: sqlite3.Connection, settings: Settings, exhibit_id: str, account) -> sqlite3.Row:
    return owned_exhibit(db, settings, exhibit_id, account, "leads_cross_account")


def store_leads(db: sqlite3.Connection, exhibit_pk: int, leads: Iterable[NewLead], now: float) -> list[str]:
    """Store validated leads in the exhibit, as given (scanned ``now`` when no time is given); their tracking ids."""
    scanned_now = iso_z(utc_second(now))

    def row(lead: NewLead) -> tuple:
        values = lead.model_dump()
        values["scanned_at"] = values["scanned_at"] or scanned_now
        if values["responses_json"] is not None:
            values["responses_json"] = json.dumps(values["responses_json"], ensure_ascii=False)
        return (new_id(), exhibit_pk, *(values[f] for f in LEAD_FIELDS))

    rows = [row(lead) for lead in leads]
    db.executemany(f"INSERT INTO leads (public_id, exhibit_pk, {', '.join(LEAD_FIELDS)})"
                   f" VALUES (?, ?, {', '.join('?' * len(LEAD_FIELDS))})", rows)
    return [public_id for public_id, *_ in rows]


@router.post("/crud/event_exhibit/{exhibit_id}/tracking", status_code=201)
def add_lead(exhibit_id: str, raw: RawBody, person: PersonDep, account: AccountDep, db: Db,
             settings: SettingsDep, response: Response) -> dict:
    model = (ScanTimeAsUtcLead if settings.fault("scan_time_without_offset_as_utc") else
             EmptyQuestionLead if settings.fault("answer_question_may_be_empty") else NewLead)
    lead = parse_body(model, raw, settings)
    if settings.fault("lead_notes_limited_like_text") and len(lead.exhibitor_notes or "") > 200:
        raise validation_error([{"field": "exhibitor_notes", "message": "at most 200 characters"}])
    if settings.fault("staff_add_lead_refused") and not person.is_manager and not person.leads_api_access:
        raise permission_denied("add leads")
    exhibit = exhibit_for_leads(db, settings, exhibit_id, account)
    if settings.fault("lead_disabled_by_default") and "enabled" not in lead.model_fields_set:
        lead = lead.model_copy(update={"enabled": False})
    if settings.fault("scan_offset_minutes_crash") and lead.scanned_at:
        given = datetime.fromisoformat(json.loads(raw)["scanned_at"]).utcoffset()
        _WHOLE_HOUR_ZONES[given]  # a zone named by whole hours: +05:45 is a KeyError, answered 500
    if settings.fault("notes_html_stripped") and lead.exhibitor_notes:
        lead = lead.model_copy(update={"exhibitor_notes": re.sub(r"<[^>]*>", "", lead.exhibitor_notes)})
    [public_id] = store_leads(db, exhibit["pk"], [lead], settings.now())
    response.headers["Location"] = (f"/v3/crud/event_exhibit/{exhibit['public_id']}/tracking"
                                    if settings.fault("lead_location_collection") else
                                    f"/v3/crud/event_exhibit/{exhibit['public_id']}/tracking/{public_id}")
    return lead_json(db.execute("SELECT * FROM leads WHERE public_id = ?", (public_id,)).fetchone(),
                     exhibit["public_id"])


@router.get("/crud/event_exhibit/{exhibit_id}/tracking/{tracking_id}")
async def get_lead(exhibit_id: str, tracking_id: str, person: PersonDep, account: AccountDep, db: Db,
             settings: SettingsDep) -> dict:
    exhibit = exhibit_for_leads(db, settings, exhibit_id, account)
    if settings.fault("lead_other_exhibit"):
        row = db.execute("SELECT * FROM leads WHERE public_id = ?", (tracking_id,)).fetchone()
    else:
        row = db.execute("SELECT * FROM leads WHERE public_id = ? AND exhibit_pk = ?",
                         (tracking_id, exhibit["pk"])).fetchone()
    if row is None:
        raise not_found("lead")
    return lead_json(row, exhibit["public_id"])


@router.get("/crud/event_exhibit/{exhibit_id}/tracking")
async def visible_leads(exhibit_id: str, person: PersonDep, account: AccountDep, db: Db, settings: SettingsDep) -> dict:
    exhibit = exhibit_for_leads(db, settings, exhibit_id, account)
    visible = "" if settings.fault("visible_list_shows_hidden") else " AND hidden = 0 AND enabled = 1"
    order = "pk" if settings.fault("visible_leads_in_entry_order") else "scanned_at, public_id"
    rows = db.execute(f"SELECT * FROM leads WHERE exhibit_pk = ?{visible} ORDER BY {order}",
                      (exhibit["pk"],)).fetchall()
    items = [lead_json(row, exhibit["public_id"]) for row in rows]
    return {"items": items, "count": len(items)}
