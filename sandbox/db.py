"""The sandbox's SQLite database: schema, and the connections each request has to itself (storage.py).

Every table keeps an INTEGER ``pk`` for joins and a TEXT ``public_id`` (ID Vision) for the outside.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA = """
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS accounts (
    pk INTEGER PRIMARY KEY, public_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS api_keys (
    pk INTEGER PRIMARY KEY, key_sha256 TEXT NOT NULL UNIQUE,
    account_pk INTEGER NOT NULL REFERENCES accounts(pk), revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS sites (
    pk INTEGER PRIMARY KEY, public_id TEXT NOT NULL UNIQUE,
    account_pk INTEGER NOT NULL REFERENCES accounts(pk), name TEXT NOT NULL, domain TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS people (
    pk INTEGER PRIMARY KEY, public_id TEXT NOT NULL UNIQUE,
    account_pk INTEGER NOT NULL REFERENCES accounts(pk), name TEXT NOT NULL, email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('manager', 'staff')), leads_api_access INTEGER NOT NULL,
    passcode_sha256 TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS login_failures (
    site_pk INTEGER NOT NULL, email TEXT NOT NULL, failures INTEGER NOT NULL,
    last_failure_at REAL NOT NULL, PRIMARY KEY (site_pk, email));
CREATE TABLE IF NOT EXISTS events (
    pk INTEGER PRIMARY KEY, public_id TEXT NOT NULL UNIQUE,
    account_pk INTEGER NOT NULL REFERENCES accounts(pk), name TEXT NOT NULL,
    starts_on TEXT NOT NULL, ends_on TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS exhibits (
    pk INTEGER PRIMARY KEY, public_id TEXT NOT NULL UNIQUE,
    account_pk INTEGER NOT NULL REFERENCES accounts(pk),
    event_pk INTEGER NOT NULL REFERENCES events(pk), name TEXT NOT NULL, booth TEXT,
    created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS leads (
    pk INTEGER PRIMARY KEY, public_id TEXT NOT NULL UNIQUE,
    exhibit_pk INTEGER NOT NULL REFERENCES exhibits(pk) ON DELETE CASCADE,
    first_name TEXT NOT NULL, last_name TEXT NOT NULL, email TEXT, company TEXT, title TEXT,
    phone TEXT, badge_id TEXT, scanned_at TEXT NOT NULL, exhibitor_notes TEXT,
    responses_json TEXT, hidden INTEGER NOT NULL, enabled INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS leads_by_scan ON leads (exhibit_pk, scanned_at, public_id);
CREATE TABLE IF NOT EXISTS files (
    pk INTEGER PRIMARY KEY, public_id TEXT NOT NULL UNIQUE,
    account_pk INTEGER NOT NULL REFERENCES accounts(pk), filename TEXT NOT NULL,
    content_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,
    uploaded_by_pk INTEGER NOT NULL REFERENCES people(pk), created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS files_by_hash ON files (sha256, account_pk);
"""


def connect(path: Path) -> sqlite3.Connection:
    # Each request runs in one worker thread with its own connection; autocommit off, commit at the end.
    conn = sqlite3.connect(path, timeout=10, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    # WAL with NORMAL sync: a commit no longer waits for the disk; a crash may lose the last commits,
    # never corrupt the file. The right trade for a sandbox.
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def lock_for_writing(conn: sqlite3.Connection) -> None:
    """Take the database's write lock now, before the request reads what it will change: a request sent
    together with it that changes the same rows waits here until this one commits, then reads what it left.
    Held until the request's transaction ends (storage.py) or it commits."""
    if not conn.in_transaction:
        conn.execute("BEGIN IMMEDIATE")


def create_schema(path: Path) -> None:
    with connect(path) as conn:
        conn.executescript(SCHEMA)
