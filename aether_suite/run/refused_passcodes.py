"""Passcodes a server refused, remembered so that the suite never sends a wrong one twice.

Each start-up check signs every persona in, and a shared server locks a persona for everyone after a
few failed sign-ins (contract: lockout). So when a server refuses a configured passcode (401
login_failed), the start-up checks remember it here, and refuse to send that same passcode to that
server again until it changes; a sign-in that succeeds forgets the refusal.

The file (``SuiteConfig.refused_passcodes``, git-ignored) holds, per server and email, a salted
PBKDF2 fingerprint of the refused passcode and when it was refused: never the passcode itself.
"""
from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

ITERATIONS = 200_000  # a fingerprint costs ~0.1 s to make: slow to guess a passcode from


class RefusedPasscodes:
    """The refusals of one server, kept in ``path``."""

    def __init__(self, path: Path, server: str):
        self.path, self.server = path, server

    def refused_at(self, email: str, passcode: str) -> str | None:
        """When the server refused this very passcode for ``email`` (UTC, to the minute); None: it did not."""
        record = self._read().get(self._key(email))
        if not isinstance(record, dict) or not {"salt", "fingerprint", "refused_at"} <= record.keys():
            return None
        fingerprint = _fingerprint(passcode, bytes.fromhex(record["salt"]))
        return record["refused_at"] if hmac.compare_digest(fingerprint, record["fingerprint"]) else None

    def remember(self, email: str, passcode: str) -> None:
        salt = secrets.token_bytes(16)
        records = self._read()
        records[self._key(email)] = {
            "salt": salt.hex(), "fingerprint": _fingerprint(passcode, salt),
            "refused_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
        self._write(records)

    def forget(self, email: str) -> None:
        records = self._read()
        if records.pop(self._key(email), None) is not None:
            self._write(records)

    def _key(self, email: str) -> str:
        return f"{self.server} {email.lower()}"

    def _read(self) -> dict:
        try:
            records = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}  # none kept yet, or unreadable: nothing is known to be refused
        return records if isinstance(records, dict) else {}

    def _write(self, records: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        draft = self.path.with_name(f"{self.path.name}.{os.getpid()}")
        draft.write_text(json.dumps(records, indent=1, sort_keys=True))
        os.replace(draft, self.path)


def _fingerprint(passcode: str, salt: bytes) -> str:
    return hashlib.pbkdf2_hmac("sha256", passcode.encode(), salt, ITERATIONS).hex()
