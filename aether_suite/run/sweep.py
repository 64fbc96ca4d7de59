"""What earlier runs left on the server, deleted: ``python -m aether_suite.run.sweep``, and at each run's start.

In this order, each thing it does named in one line:

1. Every demo persona an earlier run sent wrong passcodes for (journalled before they were sent, and
   never followed by a right sign-in) signs in with the right one, which resets their count of
   failures: before anything else signs in.
2. Every exhibit and file in the journal (aether_suite/client/journal.py) that an earlier run created
   and did not delete: by its id, or, where the create's answer never came, found through the lists
   (an exhibit by its name and the run's marker booth, a file by its bytes' sha256, near the time).
   Each is deleted as its account's manager; an exhibit's leads go with it.
3. What runs on other machines left, whose journals are not here (every CI job is a fresh clone):
   every exhibit at a demo conference whose booth is a run marker, and every file whose bytes begin
   with the suite's sample mark (aether_suite/files/sample_files.py: SUITE_MARK), that no live run on
   this machine owns and that was created more than ``older_than`` seconds ago (a run elsewhere may
   still be using a newer one).

Nothing else is touched: not the demo dataset (contract §4 has no exhibits or files), not an exhibit
without a marker booth, not a file without the mark, unless this machine's journal names it.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

from aether_suite.client.api import AetherApi, SuiteRun
from aether_suite.client.config import ConfigError, SuiteConfig
from aether_suite.client.journal import (
    EXHIBIT,
    FILE,
    MARK_PREFIX,
    SIGN_IN_FAILURES,
    Entry,
    Journal,
    created_at,
    journal_path,
    object_id,
)
from aether_suite.client.personas import ACCOUNTS, Account, account, manager_of
from aether_suite.client.personas import persona as find_persona
from aether_suite.errors import SuiteError, one_line
from aether_suite.files.sample_files import is_suite_sample

# What another machine's run left is swept once it is this old: no run takes that long.
FOREIGN_AFTER_SECONDS = 3600
PEEK = "bytes=0-63"  # enough of a file to see the suite's sample mark


class Sweep:
    """One sweep of the server a SuiteRun targets, in two parts: ``journalled()`` (1 and 2 above) and
    ``marked()`` (3). ``lines`` says what it did and ``left`` what it could not; ``say`` is told each line
    as it comes. A SuiteError (the server cannot be used) ends it."""

    def __init__(self, run: SuiteRun, older_than: float = FOREIGN_AFTER_SECONDS, say=lambda line: None):
        self.run = run
        self.journal = run.journal
        self.older_than = older_than
        self.api = AetherApi(run)
        self.lines: list[str] = []
        self.left: list[str] = []
        self._say = say

    def journalled(self) -> "Sweep":
        entries = self.journal.left_open()
        for entry in (e for e in entries if e.kind == SIGN_IN_FAILURES):
            self._restore_sign_in(entry)
        for entry in (e for e in entries if e.kind in (EXHIBIT, FILE)):
            self._settle(entry)
        self.journal.compact()
        return self

    def marked(self) -> "Sweep":
        self._sweep_marked()
        return self

    def _did(self, line: str) -> None:
        self.lines.append(line)
        self._say(line)

    def _could_not(self, line: str) -> None:
        self.left.append(line)
        self._say(f"left: {line}")

    def _restore_sign_in(self, entry: Entry) -> None:
        person = find_persona(entry.name)
        response = self.api.sign_in(person)
        if response.status_code == 200:
            self.journal.done(entry)
            self._did(f"swept: {person.name}'s count of failed sign-ins, reset by a right sign-in "
                              f"(left by run {entry.run})")
        else:
            self._could_not(f"{person.name}'s count of failed sign-ins (a right sign-in answered "
                             f"{self.api.last_exchange.answer}; the next run tries again)")

    def _settle(self, entry: Entry) -> None:
        def delete() -> None:
            acct = account(entry.account_id)
            found = [entry.id] if entry.id else [object_id(item) for item in self.api.find_left(entry)]
            for found_id in found:
                if self.api.delete_left(entry.kind, acct, found_id):
                    self._did(f"swept: {entry.kind} {found_id} {entry.name!r} of {acct.name}, left by {entry.origin()}")
            self.journal.done(entry)

        self._trying(entry.describe(), delete)

    def _sweep_marked(self) -> None:
        live = self.journal.live_runs()
        in_use = {e.id for e in self.journal.live_entries()}  # files carry no run marker; the journal knows
        cutoff = time.time() - self.older_than
        for acct in ACCOUNTS:
            exhibits = self._trying(f"the exhibits of {acct.name}", lambda a=acct: self.api.listed(EXHIBIT, a)) or []
            for exhibit in exhibits:
                booth = exhibit.get("booth") or ""
                if booth.startswith(MARK_PREFIX) and booth not in live and _older(exhibit, cutoff):
                    self._trying(f"exhibit {exhibit['exhibit_id']}", lambda a=acct, e=exhibit: self._delete_marked(
                        EXHIBIT, a, e, f"{e.get('name')!r}, run {e.get('booth')}"))
            files = self._trying(f"the files of {acct.name}", lambda a=acct: self.api.listed(FILE, a)) or []
            for item in files:
                if _older(item, cutoff) and item.get("file_id") not in in_use:
                    self._trying(f"file {item['file_id']}", lambda a=acct, f=item: self._is_sample(a, f)
                                 and self._delete_marked(FILE, a, f, repr(f.get("filename"))))

    def _trying(self, what: str, step):
        """``step()``, or None with one line saying what could not be done; a SuiteError ends the sweep."""
        try:
            return step()
        except SuiteError:
            raise
        except Exception as error:  # noqa: BLE001 - every object is tried; each failure is reported
            self._could_not(f"{what}: {one_line(error)}")
            return None

    def _is_sample(self, acct: Account, item: dict) -> bool:
        response = self.api.download_file(manager_of(acct), item["file_id"], byte_range=PEEK)
        return response.status_code in (200, 206) and is_suite_sample(response.content)

    def _delete_marked(self, kind: str, acct: Account, item: dict, what: str) -> None:
        if self.api.delete_left(kind, acct, object_id(item)):
            self._did(f"swept: {kind} {object_id(item)} {what} of {acct.name}, left by a run on another "
                              f"machine ({item.get('created_at')})")


def _older(item: dict, cutoff: float) -> bool:
    created = created_at(item)
    return created is not None and created <= cutoff


def sweep(run: SuiteRun, older_than: float = FOREIGN_AFTER_SECONDS, say=lambda line: None) -> Sweep:
    """Sweep the server ``run`` targets (see the module docstring); health-checked first."""
    run.check_health()
    return Sweep(run, older_than, say).journalled().marked()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m aether_suite.run.sweep",
        description="Delete what earlier suite runs left on the server AETHER_BASE_URL (or AETHER_ENV) names.")
    parser.add_argument("--older-than", type=float, default=FOREIGN_AFTER_SECONDS, metavar="SECONDS",
                        help="sweep marked objects of other machines' runs once this old "
                             f"(default {FOREIGN_AFTER_SECONDS}; 0 when no other run is going)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        config = SuiteConfig.load(os.environ)
        if config.embedded:
            raise ConfigError("nothing to sweep: no AETHER_BASE_URL (or AETHER_ENV) is set, and the embedded "
                              "sandbox starts empty each run")
        journal = Journal(journal_path(os.environ), config.base_url).start()
        run = SuiteRun(config, journal)
        try:
            done = sweep(run, args.older_than, say=print)
        finally:
            run.close()
            journal.close()
    except SuiteError as error:
        print(f"sweep: {error}", file=sys.stderr)
        return 2
    if not done.lines and not done.left:
        print(f"sweep: nothing left behind on {config.base_url}")
    return 1 if done.left else 0


if __name__ == "__main__":
    sys.exit(main())
