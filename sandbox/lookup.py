"""Check 8: an object is found only when it exists AND belongs to the account context.

Another account's object is answered exactly like a missing one, so callers learn nothing.
"""
from __future__ import annotations

import sqlite3

from .deps import Account
from .errors import ApiError, not_found
from .settings import Settings


def owned_row(db: sqlite3.Connection, settings: Settings, table: str, public_id: str, account: Account,
              what: str, cross_account_fault: str) -> sqlite3.Row:
    """The row of ``table`` with ``public_id`` in the account context; else the not-found error."""
    row = db.execute(f"SELECT * FROM {table} WHERE public_id = ?", (public_id,)).fetchone()
    if row is None:
        raise not_found(what)
    if row["account_pk"] != account.pk and not settings.fault(cross_account_fault):
        if settings.fault("cross_account_forbidden"):
            raise ApiError(403, "permission_denied", f"The {what} belongs to another account.")
        raise not_found(what)
    return row


def public_id_of(db: sqlite3.Connection, table: str, pk: int) -> str:
    return db.execute(f"SELECT public_id FROM {table} WHERE pk = ?", (pk,)).fetchone()[0]
