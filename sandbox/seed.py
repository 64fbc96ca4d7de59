"""The demo dataset of the contract's section 4, with the sandbox's public secrets."""
from __future__ import annotations

import sqlite3

from .security import digest

ACCOUNTS = [("_XY7DXtc9MY", "One Sky IT Demo"), ("Nw7RvLq2ZkP", "Northwind Expo")]
API_KEYS = [  # (key, account, revoked)
    ("sbx-onesky-4f1c9a", "_XY7DXtc9MY", False),
    ("sbx-onesky-revoked-77d0", "_XY7DXtc9MY", True),
    ("sbx-northwind-b3e8d2", "Nw7RvLq2ZkP", False),
]
SITES = [  # (site_id, account, domain); a site is named after its account
    ("92vkYC4fVEl", "_XY7DXtc9MY", "demo.localhost:5173"),
    ("Rv3kTq8LmZa", "Nw7RvLq2ZkP", "northwind.localhost:5173"),
]
EVENTS = [
    ("pjrcghqwert", "_XY7DXtc9MY", "Demo One Sky IT Conference", "2026-03-10", "2026-03-12"),
    ("Nw0EvtExpo1", "Nw7RvLq2ZkP", "Northwind Spring Expo", "2026-04-02", "2026-04-03"),
]
PEOPLE = [  # (person_id, account, name, email, role, leads_api_access, passcode)
    ("QWODAPCNLQU", "_XY7DXtc9MY", "Osiris Idem", "osiris@demo.example", "manager", False, "424242"),
    ("HMQRNPIXQMK", "_XY7DXtc9MY", "Cleo Idem", "cleo@demo.example", "staff", True, "515151"),
    ("ffkKxiHpOEC", "_XY7DXtc9MY", "Scott Idem", "scott@demo.example", "staff", False, "636363"),
    ("Nw5NadiaWr3", "Nw7RvLq2ZkP", "Nadia Wren", "nadia@northwind.example", "manager", True, "737373"),
]


def seed(conn: sqlite3.Connection) -> None:
    account_pk = {}
    for public_id, name in ACCOUNTS:
        cur = conn.execute("INSERT INTO accounts (public_id, name) VALUES (?, ?)", (public_id, name))
        account_pk[public_id] = (cur.lastrowid, name)
    for key, account, revoked in API_KEYS:
        conn.execute("INSERT INTO api_keys (key_sha256, account_pk, revoked) VALUES (?, ?, ?)",
                     (digest(key), account_pk[account][0], revoked))
    for site_id, account, domain in SITES:
        pk, name = account_pk[account]
        conn.execute("INSERT INTO sites (public_id, account_pk, name, domain) VALUES (?, ?, ?, ?)",
                     (site_id, pk, name, domain))
    for event_id, account, name, starts_on, ends_on in EVENTS:
        conn.execute("INSERT INTO events (public_id, account_pk, name, starts_on, ends_on) VALUES (?, ?, ?, ?, ?)",
                     (event_id, account_pk[account][0], name, starts_on, ends_on))
    for person_id, account, name, email, role, leads, passcode in PEOPLE:
        conn.execute(
            "INSERT INTO people (public_id, account_pk, name, email, role, leads_api_access, passcode_sha256)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (person_id, account_pk[account][0], name, email, role, leads, digest(passcode)))
