"""Exhibits of an event: managers create, rename and delete them; everyone in the account reads them."""
from __future__ import annotations

import sqlite3
import time
from typing import Annotated

from fastapi import APIRouter, Request, Response
from pydantic import StringConstraints

from ..db import lock_for_writing
from ..deps import AccountDep, Db, Person, PersonDep, RawBody, SettingsDep
from ..errors import permission_denied, validation_error
from ..faults import RACE_WINDOW_SECONDS
from ..ids import new_id
from ..lookup import owned_row, public_id_of
from ..settings import Settings
from ..timefmt import iso_z, utc_second
from ..validation import Body, list_query, parse_body
from .route import Route

router = APIRouter(tags=["exhibits"], route_class=Route)

Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Booth = Annotated[str, StringConstraints(max_length=50)]


class NewExhibit(Body):
    event_id: str
    name: Name
    booth: Booth | None = None


class UnboundedNameExhibit(NewExhibit):
    """The model of the fault exhibit_name_unbounded: the name's upper limit is missing."""
    name: Annotated[str, StringConstraints(min_length=1)]


class ExhibitChanges(Body):
    name: Name = None  # an explicit null is refused; only an absent field defaults
    booth: Booth | None = None


def require_manager(person: Person, settings: Settings, action: str) -> None:
    if not person.is_manager and not settings.fault("staff_manage_exhibits"):
        raise permission_denied(action)


def exhibit_json(db: sqlite3.Connection, row: sqlite3.Row, settings: Settings) -> dict:
    body = {"exhibit_id": row["public_id"], "event_id": public_id_of(db, "events", row["event_pk"]),
            "account_id": public_id_of(db, "accounts", row["account_pk"]), "name": row["name"],
            "booth": row["booth"], "created_at": row["created_at"]}
    if settings.fault("integer_ids_leak"):
        body["id"] = row["pk"]
    return body


def owned_exhibit(db: sqlite3.Connection, settings: Settings, exhibit_id: str, account, fault: str) -> sqlite3.Row:
    return owned_row(db, settings, "exhibits", exhibit_id, account, "exhibit", fault)


@router.post("/crud/event_exhibit", status_code=201)
def create_exhibit(raw: RawBody, person: PersonDep, account: AccountDep, db: Db, settings: SettingsDep,
                   response: Response) -> dict:
    model = UnboundedNameExhibit if settings.fault("exhibit_name_unbounded") else NewExhibit
    body = parse_body(model, raw, settings) if settings.fault("exhibit_validated_before_role") else None
    require_manager(person, settings, "create exhibits")
    body = body or parse_body(model, raw, settings)
    event = owned_row(db, settings, "events", body.event_id, account, "event", "event_cross_account")
    booth = "" if "booth" not in body.model_fields_set and settings.fault("booth_defaults_to_empty") else body.booth
    now = utc_second(settings.now())
    created_at = now.isoformat() if settings.fault("exhibit_time_with_offset") else iso_z(now)
    public_id = new_id()
    db.execute("INSERT INTO exhibits (public_id, account_pk, event_pk, name, booth, created_at)"
               " VALUES (?, ?, ?, ?, ?, ?)",
               (public_id, event["account_pk"], event["pk"], body.name, booth, created_at))
    response.headers["Location"] = ("/v3/crud/event_exhibit" if settings.fault("create_location_collection")
                                    else f"/v3/crud/event_exhibit/{public_id}")
    row = db.execute("SELECT * FROM exhibits WHERE public_id = ?", (public_id,)).fetchone()
    return exhibit_json(db, row, settings)


@router.get("/crud/event_exhibit")
async def list_exhibits(request: Request, person: PersonDep, account: AccountDep, db: Db,
                        settings: SettingsDep) -> dict:
    if settings.fault("staff_list_exhibits_refused") and not person.is_manager and not person.leads_api_access:
        raise permission_denied("list exhibits")
    query = list_query(request, ("event_id",), settings, "exhibit_list_extra_query_ignored")
    if "event_id" not in query:
        raise validation_error([{"field": "event_id", "message": "name the event whose exhibits to list"}])
    event = owned_row(db, settings, "events", query["event_id"], account, "event", "exhibit_list_cross_account")
    order = "created_at DESC, public_id DESC" if settings.fault("exhibit_list_reversed") else "created_at, public_id"
    rows = db.execute(f"SELECT * FROM exhibits WHERE event_pk = ? ORDER BY {order}", (event["pk"],)).fetchall()
    items = [exhibit_json(db, row, settings) for row in rows]
    return {"items": items, "count": len(items)}


@router.get("/crud/event_exhibit/{exhibit_id}")
async def get_exhibit(exhibit_id: str, person: PersonDep, account: AccountDep, db: Db, settings: SettingsDep) -> dict:
    return exhibit_json(db, owned_exhibit(db, settings, exhibit_id, account, "exhibit_cross_account"), settings)


@router.patch("/crud/event_exhibit/{exhibit_id}")
def rename_exhibit(exhibit_id: str, raw: RawBody, person: PersonDep, account: AccountDep, db: Db,
                   settings: SettingsDep) -> dict:
    require_manager(person, settings, "change exhibits")
    found_first = settings.fault("exhibit_found_before_validation")
    row = owned_exhibit(db, settings, exhibit_id, account, "exhibit_cross_account") if found_first else None
    changes = parse_body(ExhibitChanges, raw, settings).model_dump(exclude_unset=True)
    if not changes:
        raise validation_error([{"field": "body", "message": "give name, booth or both"}])
    row = row or owned_exhibit(db, settings, exhibit_id, account, "exhibit_cross_account")
    assignments = ", ".join(f"{field} = ?" for field in changes)  # field names come from the model only
    db.execute(f"UPDATE exhibits SET {assignments} WHERE pk = ?", (*changes.values(), row["pk"]))
    return exhibit_json(db, db.execute("SELECT * FROM exhibits WHERE pk = ?", (row["pk"],)).fetchone(), settings)


@router.delete("/crud/event_exhibit/{exhibit_id}", status_code=204)
def delete_exhibit(exhibit_id: str, person: PersonDep, account: AccountDep, db: Db,
                   settings: SettingsDep) -> Response:
    require_manager(person, settings, "delete exhibits")
    racy = settings.fault("exhibit_delete_checked_then_deleted")
    if not racy:
        lock_for_writing(db)  # a delete sent together with this one waits, then finds no exhibit
    row = owned_exhibit(db, settings, exhibit_id, account, "exhibit_cross_account")
    if racy:
        time.sleep(RACE_WINDOW_SECONDS)
    db.execute("DELETE FROM exhibits WHERE pk = ?", (row["pk"],))  # its leads cascade
    return Response(status_code=204)
