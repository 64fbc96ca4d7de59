"""Passcode sign-in (with the per site-and-email lockout) and who-am-I."""
from __future__ import annotations

import math
import sqlite3
import time

from fastapi import APIRouter, Request
from pydantic import Field

from .. import security
from ..db import lock_for_writing
from ..deps import Db, KeyDep, PersonDep, RawBody, SettingsDep, check_account_context
from ..errors import ApiError, not_found, validation_error
from ..faults import RACE_WINDOW_SECONDS
from ..settings import Settings
from ..validation import Body, parse_body
from .route import Route

router = APIRouter(tags=["auth"], route_class=Route)

MAX_FAILURES = 5
DEFAULT_LIFETIME = 3600
MAX_LIFETIME = 86_400


class PasscodeLogin(Body):
    site_id: str
    email: str
    passcode: str
    # Whole seconds: a JSON number with no fraction, 105 and 105.0 alike (contract §3, passcode login).
    expires_in: int | float | None = Field(default=None)


def _login_failed() -> ApiError:
    return ApiError(401, "login_failed", "The email or passcode is not right.")


@router.post("/auth/passcode")
def passcode_login(request: Request, raw: RawBody, key: KeyDep, db: Db, settings: SettingsDep) -> dict:
    if settings.fault("login_requires_account_context"):
        check_account_context(request, key, db, settings)  # as if the route asked for AccountDep
    body = parse_body(PasscodeLogin, raw, settings)
    default = 900 if settings.fault("default_lifetime_15_minutes") else DEFAULT_LIFETIME
    lifetime = default if body.expires_in is None else body.expires_in
    whole = isinstance(lifetime, int) or lifetime.is_integer()
    if not whole or (not 1 <= lifetime <= min(MAX_LIFETIME, settings.max_token_seconds)
                     and not settings.fault("expires_in_unbounded")):
        raise validation_error([{"field": "expires_in",
                                 "message": "must be whole seconds from 1 to "
                                            f"{min(MAX_LIFETIME, settings.max_token_seconds)}"}])
    lifetime = int(lifetime)
    site = db.execute("SELECT pk, public_id, account_pk FROM sites WHERE public_id = ?", (body.site_id,)).fetchone()
    if site is None or (site["account_pk"] != key.pk and not settings.fault("login_on_any_accounts_site")):
        raise not_found("site")
    email = body.email if settings.fault("login_email_not_normalised") else body.email.strip().lower()

    racy = settings.fault("lockout_checked_then_counted")
    if not racy:
        lock_for_writing(db)  # the check and this attempt's count in one step: attempts sent together queue here
    locked_for = _locked_for(db, settings, site["pk"], email)
    if racy:
        time.sleep(RACE_WINDOW_SECONDS)
    person = _person(db, settings, email, site["account_pk"])
    right = person is not None and security.matches(body.passcode, person["passcode_sha256"])
    if locked_for and not (right and settings.fault("lockout_right_passcode_passes")):
        if settings.fault("lockout_extended_by_refusals"):
            _record_failure(db, settings, site["pk"], email, count=False)
        headers = {} if settings.fault("lockout_no_retry_after") else {"Retry-After": str(locked_for)}
        raise ApiError(429, "login_locked", "Too many failed sign-ins; try again later.", headers=headers)
    if not right:
        _record_failure(db, settings, site["pk"], email)
        if person is None and settings.fault("login_reveals_unknown_email"):
            raise ApiError(401, "login_failed", "No person has that email.")
        raise _login_failed()
    if not settings.fault("lockout_not_reset_on_success"):
        db.execute("DELETE FROM login_failures WHERE site_pk = ? AND email = ?", (site["pk"], email))
    token = security.issue_token(settings.jwt_secret, settings.now(), person_id=person["public_id"],
                                 account_id=person["account_id"], site_id=site["public_id"], lifetime=lifetime)
    return {"access_token": token, "token_type": "bearer", "expires_in": lifetime,
            "person_id": person["public_id"], "account_id": person["account_id"]}


def _person(db: sqlite3.Connection, settings: Settings, email: str, account_pk: int) -> sqlite3.Row | None:
    scope = "" if settings.fault("login_any_account") else " AND p.account_pk = ?"
    params = (email,) if settings.fault("login_any_account") else (email, account_pk)
    match = "p.email = ?" if settings.fault("login_email_not_normalised") else "lower(p.email) = ?"
    return db.execute(
        f"SELECT p.*, a.public_id AS account_id FROM people p JOIN accounts a ON a.pk = p.account_pk"
        f" WHERE {match}{scope}", params).fetchone()


def _locked_for(db: sqlite3.Connection, settings: Settings, site_pk: int, email: str) -> int:
    """Whole seconds the (site, email) pair stays locked; 0 when it is not locked."""
    if settings.fault("lockout_disabled"):
        return 0
    row = db.execute("SELECT failures, last_failure_at FROM login_failures WHERE site_pk = ? AND email = ?",
                     (site_pk, email)).fetchone()
    if row is None or row["failures"] < MAX_FAILURES:
        return 0
    remaining = row["last_failure_at"] + settings.lockout_seconds - settings.now()
    if settings.fault("lockout_never_lifts"):
        remaining = max(remaining, 1)
    return max(1, math.ceil(remaining)) if remaining > 0 else 0


def _record_failure(db: sqlite3.Connection, settings: Settings, site_pk: int, email: str, count: bool = True) -> None:
    # Committed at once: the request then fails, and a failed request rolls its transaction back.
    db.execute(
        "INSERT INTO login_failures (site_pk, email, failures, last_failure_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (site_pk, email)"
        " DO UPDATE SET failures = failures + ?, last_failure_at = excluded.last_failure_at",
        (site_pk, email, int(count), settings.now(), int(count)))
    db.commit()


@router.get("/auth/me")
async def me(person: PersonDep, settings: SettingsDep) -> dict:
    leads_access = person.is_manager if settings.fault("me_leads_access_from_role") else person.leads_api_access
    return {"person_id": person.public_id, "account_id": person.account_id, "name": person.name,
            "email": person.email, "role": person.role, "leads_api_access": leads_access}
