"""Typed dependencies: the contract's checks 1-5 in order (key, account context, token, token's account).

They are ``async def``: each is a few microseconds of work (a header, a hash, one indexed SQLite read),
which FastAPI then runs on the event loop instead of handing it to a worker thread and back, the larger
cost (bench/sandbox_floor.py). Only endpoints that just read are ``async def`` too: a write on the event
loop could wait for SQLite's write lock held by a request in a thread whose commit (``get_db``'s end)
needs the event loop, and the two would wait for each other until the busy timeout.

Routers declare what they need: ``KeyAccount`` (key only), ``Account`` (key + account context) or
``Person`` (all of it, for endpoints marked P). Checks 6-8 (permission, validation, existence) run
inside the endpoint, in that order, so an invalid body never hides a missing permission.
"""
from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from . import security
from .errors import ApiError
from .settings import Settings


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_db(request: Request) -> AsyncIterator[sqlite3.Connection]:
    with request.app.state.storage.transaction() as conn:
        yield conn


async def read_body(request: Request) -> bytes:
    return await request.body()


SettingsDep = Annotated[Settings, Depends(get_settings)]
# scope="function": commit before the response is sent, so a read right after a write sees it.
Db = Annotated[sqlite3.Connection, Depends(get_db, scope="function")]
RawBody = Annotated[bytes, Depends(read_body)]


@dataclass(frozen=True)
class KeyAccount:
    """The account the calling application's API key belongs to."""
    pk: int
    public_id: str


@dataclass(frozen=True)
class Account:
    """The account context the request acts in (already proven to be the key's account)."""
    pk: int
    public_id: str


@dataclass(frozen=True)
class Person:
    pk: int
    public_id: str
    account_pk: int
    account_id: str
    name: str
    email: str
    role: str
    leads_api_access: bool

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"


async def api_key(request: Request, db: Db, settings: SettingsDep) -> KeyAccount:
    """Check 1: the key is present, known and not revoked."""
    if (settings.fault("context_checked_before_key") and request.headers.get("authorization")
            and not request.headers.get("x-aether-account-id")):
        raise ApiError(400, "account_context_missing", "The x-aether-account-id header is required.")
    key = request.headers.get("x-aether-api-key")
    merged = settings.fault("key_errors_merged")
    if not key:
        raise ApiError(401, "api_key_invalid" if merged else "api_key_missing", "An API key is required.")
    row = db.execute(
        "SELECT k.revoked, a.pk, a.public_id FROM api_keys k JOIN accounts a ON a.pk = k.account_pk"
        " WHERE k.key_sha256 = ?", (security.digest(key),)).fetchone()
    if row is None:
        raise ApiError(401, "api_key_invalid", "The API key is not valid.")
    signed_in = bool(request.headers.get("authorization"))
    if row["revoked"] and not (settings.fault("revoked_key_accepted")
                               or (signed_in and settings.fault("revoked_key_accepted_when_signed_in"))):
        raise ApiError(401, "api_key_invalid" if merged else "api_key_revoked", "The API key has been revoked.")
    return KeyAccount(row["pk"], row["public_id"])


KeyDep = Annotated[KeyAccount, Depends(api_key)]


def check_account_context(request: Request, key: KeyAccount, db: sqlite3.Connection, settings: Settings) -> Account:
    """Checks 2 and 3: an account context is given and it is the key's account."""
    account_id = request.headers.get("x-aether-account-id")
    if not account_id:
        if settings.fault("missing_context_forbidden"):
            raise ApiError(403, "account_forbidden", "The API key may not act in that account.")
        raise ApiError(400, "account_context_missing", "The x-aether-account-id header is required.")
    if account_id != key.public_id:
        row = db.execute("SELECT pk, public_id FROM accounts WHERE public_id = ?", (account_id,)).fetchone()
        if row is None and settings.fault("unknown_account_not_found"):
            raise ApiError(404, "not_found", "No such account.")
        if row is None or not settings.fault("account_context_unchecked"):
            raise ApiError(403, "account_forbidden", "The API key may not act in that account.")
        return Account(row["pk"], row["public_id"])
    return Account(key.pk, key.public_id)


async def account_context(request: Request, key: KeyDep, db: Db, settings: SettingsDep) -> Account:
    given = request.headers.get("x-aether-account-id")
    if not request.headers.get("authorization") and (
            (settings.fault("token_checked_before_context") and not given)
            or (settings.fault("token_checked_before_foreign_context") and given and given != key.public_id)):
        raise _token_error("token_missing", "A bearer token is required.", settings)
    return check_account_context(request, key, db, settings)


AccountDep = Annotated[Account, Depends(account_context)]


def _token_error(code: str, detail: str, settings: Settings) -> ApiError:
    headers = {} if settings.fault("token_challenge_missing") else {"WWW-Authenticate": "Bearer"}
    return ApiError(401, code, detail, headers=headers)


async def person(request: Request, account: AccountDep, db: Db, settings: SettingsDep) -> Person:
    """Checks 4 and 5: a valid bearer token whose account is the account context."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        if settings.fault("limits_need_no_token") and request.url.path == "/v3/action/file/limits":
            return None  # the limits endpoint reads no person
        raise _token_error("token_missing", "A bearer token is required.", settings)
    try:
        claims = security.read_token(
            token.strip(), settings.jwt_secret, settings.now(),
            check_signature=not settings.fault("token_signature_unchecked"),
            check_issuer=not settings.fault("token_issuer_unchecked"),
            check_expiry=not settings.fault("token_expiry_unchecked"),
            allow_alg_none=settings.fault("alg_none_accepted"))
    except security.TokenExpired:
        raise _token_error("token_expired", "The bearer token has expired.", settings) from None
    except security.TokenInvalid:
        raise _token_error("token_invalid", "The bearer token is not valid.", settings) from None
    row = db.execute(
        "SELECT p.*, a.public_id AS account_id FROM people p JOIN accounts a ON a.pk = p.account_pk"
        " WHERE p.public_id = ?", (str(claims["sub"]),)).fetchone()
    if row is None or row["account_id"] != claims["acc"]:
        raise _token_error("token_invalid", "The bearer token is not valid.", settings)
    if claims["acc"] != account.public_id and not settings.fault("token_account_unchecked"):
        raise ApiError(403, "account_forbidden", "The token belongs to another account.")
    return Person(row["pk"], row["public_id"], row["account_pk"], row["account_id"], row["name"], row["email"],
                  row["role"],
                  bool(row["leads_api_access"]))


PersonDep = Annotated[Person, Depends(person)]
