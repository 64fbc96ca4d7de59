"""The local journal of what the suite is about to create on a server, so nothing is left there for good.

Before each create (an exhibit, a file) and before a demo persona's wrong passcode is sent, the suite
appends an *intent* line: the kind, the account, the run's marker, what the object will be known by
(its name, booth marker, the bytes' sha256) and when. The answer's id is appended as a *created* line,
and a *done* line when it is deleted (or was never made). A run killed in between leaves open intents;
the next run's sweep (aether_suite/run/sweep.py) settles them.

- The file is JSON lines, ``.aether/journal.jsonl`` under the repository (git-ignored), or
  ``AETHER_JOURNAL``. Every write opens the file, takes an exclusive ``flock``, appends one line and
  closes it, so behavex workers and arrange threads can write at once; compaction rewrites it in place
  under the same lock.
- Each run holds an exclusive lock on ``<journal>.runs/<marker hex>.lock`` while it lives. The sweep leaves
  alone the intents of a run whose lock is still held (a run in progress); a killed process's lock is
  released by the kernel.
- The run's marker (``aether-suite:<8 hex>``) is what marks the exhibits the suite names itself; see
  MARK_PREFIX and README "Nothing left behind".
"""
from __future__ import annotations

import calendar
import dataclasses
import fcntl
import json
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_PATH = REPO / ".aether" / "journal.jsonl"
MARK_PREFIX = "aether-suite:"  # what every run marker begins with; features never show it

EXHIBIT, FILE, SIGN_IN_FAILURES = "exhibit", "file", "sign-in failures"
# An object whose create answer was lost is looked for among those created this close to the intent
# (the server's clock and this machine's may differ by that much).
CLOCK_ALLOWANCE_SECONDS = 300


def new_marker() -> str:
    return f"{MARK_PREFIX}{secrets.token_hex(4)}"


def journal_path(environ: Mapping[str, str]) -> Path:
    given = (environ.get("AETHER_JOURNAL") or "").strip()
    return Path(given) if given else DEFAULT_PATH


@dataclass
class Entry:
    """One thing a run set out to create (or a persona's failures it set out to add), on one server."""

    key: str  # unique: "<marker>/<n>"
    run: str  # the run's marker
    server: str  # base URL
    kind: str  # EXHIBIT, FILE or SIGN_IN_FAILURES
    account_id: str | None
    name: str | None  # exhibit name, filename as sent, or the persona's name
    at: float  # epoch seconds when it was about to be sent
    host: str = ""
    booth: str | None = None  # the marker booth an arranged exhibit carries
    sha256: str | None = None  # a file's bytes
    id: str | None = None  # exhibit_id or file_id once the answer came

    def origin(self) -> str:
        """Which run set out to create it, where and when."""
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(self.at))
        return f"run {self.run} on {self.host or 'this machine'}, {when} UTC"

    def describe(self) -> str:
        return f"{self.kind} {self.id + ' ' if self.id else ''}{self.name!r} ({self.origin()})"


class Journal:
    """Append-only record of intents for one server; see the module docstring.

    ``path`` None keeps nothing (the embedded sandbox, whose data ends with the run); the entries are
    still made, for the scenario's own clean-up.
    """

    def __init__(self, path: Path | None, server: str, marker: str | None = None):
        self.path = None if path is None else Path(path)
        self.server = server
        self.marker = marker or new_marker()
        self._count = 0
        self._lock = threading.Lock()
        self._run_lock: int | None = None

    # -------------------------------------------------------------- this run

    def start(self) -> "Journal":
        """Hold this run's lock: its intents are not swept while it lives."""
        if self.path is None:
            return self
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.runs_dir / f"{_file_safe(self.marker)}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        self._run_lock = fd
        return self

    def close(self) -> None:
        if self._run_lock is not None:
            lock_file = self.runs_dir / f"{_file_safe(self.marker)}.lock"
            lock_file.unlink(missing_ok=True)
            os.close(self._run_lock)
            self._run_lock = None

    @property
    def runs_dir(self) -> Path:
        return self.path.with_name(self.path.name + ".runs")

    def intend(self, kind: str, account_id: str | None, name: str | None, *, booth: str | None = None,
               sha256: str | None = None) -> Entry:
        with self._lock:
            self._count += 1
            key = f"{self.marker}/{os.getpid()}/{self._count}"
        entry = Entry(key, self.marker, self.server, kind, account_id, name, time.time(), socket.gethostname(),
                      booth, sha256)
        self._append({"op": "intent", **dataclasses.asdict(entry)})
        return entry

    def created(self, entry: Entry, object_id: str) -> None:
        entry.id = object_id
        self._append({"op": "created", "key": entry.key, "id": object_id})

    def done(self, entry: Entry) -> None:
        self._append({"op": "done", "key": entry.key})

    # -------------------------------------------------------------- earlier runs

    def left_open(self) -> list[Entry]:
        """The open intents on this server of runs that are no longer alive, oldest first."""
        live = self.live_runs()
        return [e for e in self._entries() if e.server == self.server and e.run not in live]

    def live_entries(self) -> list[Entry]:
        """The open intents on this server of runs still alive (this one included)."""
        live = self.live_runs()
        return [e for e in self._entries() if e.server == self.server and e.run in live]

    def live_runs(self) -> set[str]:
        """The markers of the runs on this machine that still hold their lock (this one included)."""
        live = {self.marker}
        if self.path is None or not self.runs_dir.is_dir():
            return live
        for lock_file in self.runs_dir.glob("*.lock"):
            fd = os.open(lock_file, os.O_RDWR)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                live.add(_marker_of(lock_file))
            else:
                lock_file.unlink(missing_ok=True)  # its run is gone
            finally:
                os.close(fd)
        return live

    def compact(self) -> None:
        """Drop the settled intents' lines, keeping every open one (of any server, any run)."""
        if self.path is None or not self.path.exists():
            return
        with open(self.path, "r+", encoding="utf-8") as journal:
            fcntl.flock(journal, fcntl.LOCK_EX)
            lines = journal.read().splitlines()
            open_keys = {e.key for e in _open_entries(lines)}
            kept = [line for line in lines if _key_of(line) in open_keys]
            journal.seek(0)
            journal.truncate()
            journal.write("".join(f"{line}\n" for line in kept))

    def _entries(self) -> list[Entry]:
        if self.path is None or not self.path.exists():
            return []
        with open(self.path, encoding="utf-8") as journal:
            fcntl.flock(journal, fcntl.LOCK_SH)
            return _open_entries(journal.read().splitlines())

    def _append(self, record: Mapping) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with open(self.path, "a", encoding="utf-8") as journal:
            fcntl.flock(journal, fcntl.LOCK_EX)
            journal.write(line)
            journal.flush()


def matches(entry: Entry, item: Mapping) -> bool:
    """Whether a listed exhibit or file is the one ``entry`` set out to create: an exhibit of that name
    with the run's marker booth (or, unmarked, created near the intent's time); a file of those bytes
    created near that time."""
    if entry.kind == EXHIBIT:
        if (item.get("name"), item.get("booth")) != (entry.name, entry.booth):
            return False
        if (entry.booth or "").startswith(MARK_PREFIX):
            return True
    elif not (entry.kind == FILE and entry.sha256 and item.get("sha256") == entry.sha256):
        return False
    created = created_at(item)
    return created is not None and abs(created - entry.at) <= CLOCK_ALLOWANCE_SECONDS


def object_id(item: Mapping) -> str:
    """The id of a listed exhibit or file."""
    return item["file_id"] if "file_id" in item else item["exhibit_id"]


def created_at(item: Mapping) -> float | None:
    """An object's ``created_at`` (contract §0: ``2026-11-21T10:00:00Z``) as epoch seconds."""
    try:
        return calendar.timegm(time.strptime(str(item.get("created_at")), "%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        return None


def _open_entries(lines: Iterable[str]) -> list[Entry]:
    entries: dict[str, Entry] = {}
    fields = {f.name for f in dataclasses.fields(Entry)}
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue  # a line cut short by a kill mid-write
        op, key = record.get("op"), record.get("key")
        if op == "intent":
            entries[key] = Entry(**{k: v for k, v in record.items() if k in fields})
        elif op == "created" and key in entries:
            entries[key].id = record.get("id")
        elif op == "done":
            entries.pop(key, None)
    return list(entries.values())


def _key_of(line: str) -> str | None:
    try:
        return json.loads(line).get("key")
    except ValueError:
        return None


def _file_safe(marker: str) -> str:
    return marker.removeprefix(MARK_PREFIX)


def _marker_of(lock_file: Path) -> str:
    return MARK_PREFIX + lock_file.stem
