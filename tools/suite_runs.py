"""Running the acceptance suite in a subprocess and reading what happened, for the suite's self-checks.

Shared by the pytest self-check (tests/selfcheck/, CI-sized) and ``python -m tools.suite_checks``
(full-sized). Results come from behave's JSON formatter, never from the console.

- ``run_suite(*behave_args, env=...)``: one behave run; a ``SuiteResult`` (scenario outcomes, in run order).
- ``fault_runs(faults)``: the suite's area of each fault run against a sandbox with that fault on, in parallel;
  ``proof_table`` / ``write_proof``: which scenarios catch each fault, kept in tools/fault_proof.json for the
  report's proof per rule (aether_suite/report/proof.py); ``proof_fingerprint`` tells when it is stale.
- ``scenario_locations`` / ``shuffle`` / ``order_from``: the suite in a seeded random order.
- ``ServedSandbox``: ``python -m sandbox --port 0 --data-dir D`` in a subprocess, for runs sharing one server;
  ``storage_state`` / ``created_objects`` / ``api_residue`` look for what runs left in it.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from aether_suite.client.api import AetherApi, SuiteRun
from aether_suite.client.config import SuiteConfig
from aether_suite.client.personas import PERSONAS, account, manager_of

REPO = Path(__file__).resolve().parents[1]
PROOF = REPO / "tools" / "fault_proof.json"
NOT_SLOW = "not @slow"  # the fast suite; tools/ runs may include @slow
# Fault runs leave out only the volume feature: its 5,000 leads take half a minute a run and prove scale,
# not a rule a fault breaks. The other @slow scenarios wait out a lockout window or a token's lifetime,
# and they alone catch the faults that extend the lockout or accept an expired token.
WITHOUT_VOLUME = ("--exclude", "features/export/volume.feature")
FAILED = frozenset({"failed", "error", "hook_error", "cleanup_error", "undefined", "pending"})
NOT_RUN = frozenset({"skipped", "untested"})


# ----------------------------------------------------------------------------- one run

@dataclass(frozen=True)
class Scenario:
    location: str  # "features/auth/lockout.feature:8"; an outline's example row has its own line
    name: str
    status: str  # behave's: passed, failed, error, hook_error, skipped, untested, ...

    @property
    def file(self) -> str:
        return self.location.rsplit(":", 1)[0]

    @property
    def line(self) -> int:
        return int(self.location.rsplit(":", 1)[1])

    def __str__(self) -> str:
        return f"{self.location.removeprefix('features/')} {self.name}"


@dataclass
class SuiteResult:
    args: tuple[str, ...]
    returncode: int
    scenarios: list[Scenario] = field(repr=False)  # each scenario once; those that ran first, in run order
    stderr: str = field(repr=False)
    seconds: float

    @property
    def aborted(self) -> str | None:
        """behave's one-line reason when before_all stopped the run (``ABORTED: <reason>``)."""
        lines = [line for line in self.stderr.splitlines() if line.startswith("ABORTED: ")]
        return lines[0].removeprefix("ABORTED: ") if lines else None

    @property
    def outcomes(self) -> dict[str, str]:
        """Location -> status; what to compare between runs."""
        return {s.location: s.status for s in sorted(self.scenarios, key=lambda s: (s.file, s.line))}

    @property
    def ran(self) -> list[Scenario]:
        return [s for s in self.scenarios if s.status not in NOT_RUN]

    @property
    def failed(self) -> list[Scenario]:
        return [s for s in self.scenarios if s.status in FAILED]

    def summary(self) -> str:
        counts = Counter(s.status for s in self.scenarios)
        text = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no scenarios"
        return f"{text} in {self.seconds:.1f} s" + (f" (ABORTED: {self.aborted})" if self.aborted else "")


def suite_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without AETHER_* settings (a run is told everything it uses) but the
    journal's path (tests keep theirs out of the repository), plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AETHER_") or k == "AETHER_JOURNAL"}
    return {**env, **(extra or {})}


def run_suite(*behave_args: str, env: Mapping[str, str] | None = None, timeout: float = 900) -> SuiteResult:
    """One behave run from the repository root (behave.ini applies); no HTML report, JUnit or run statistics
    (runs side by side would overwrite each other's)."""
    with tempfile.TemporaryDirectory(prefix="suite-run-") as tmp:
        report = Path(tmp) / "run.json"
        command = [sys.executable, "-m", "behave", "--no-junit", "--no-color", "-D", "report=", "-D", "run_stats=",
                   "-f", "json", "-o", str(report), *behave_args]
        started = time.monotonic()
        process = subprocess.run(command, cwd=REPO, env=suite_env(env), capture_output=True, text=True,
                                 timeout=timeout)
        seconds = time.monotonic() - started
        scenarios = scenarios_in(json.loads(report.read_text() or "[]")) if report.exists() else []
    return SuiteResult(tuple(behave_args), process.returncode, scenarios, process.stderr, seconds)


def scenarios_in(report: list[dict]) -> list[Scenario]:
    """Every scenario of a behave JSON report once, those that ran first and in the order they ran.

    The report lists features in the order they ran, each with all its scenarios in file order; a
    scenario not selected is "skipped". A file named by several locations appears once per run of
    it (see ``shuffle``), so a scenario may appear several times: the entry where it ran counts.
    behave 1.3.3's JSON formatter writes a Rule's last scenario's status onto a later Rule's Background
    element instead (it updates whatever element came last, and the Rules after it whose scenarios are
    left out add their Backgrounds first): it is taken back from the last Background before the next
    scenario.
    """
    entries = []
    for feature in report:
        elements = feature.get("elements", [])
        for index, element in enumerate(elements):
            if element["type"] != "scenario":
                continue
            status = element.get("status")
            if status is None:
                following = itertools.takewhile(lambda e: e["type"] == "background", elements[index + 1:])
                status = next((e.get("status") for e in reversed(list(following)) if e.get("status")), None)
            entries.append(Scenario(element["location"], element["name"], status or "untested"))
    ran, seen = [], set()
    for entry in entries:
        if entry.status not in NOT_RUN and entry.location not in seen:
            ran.append(entry)
            seen.add(entry.location)
    rest = {e.location: e for e in entries if e.location not in seen}
    return ran + list(rest.values())


# ----------------------------------------------------------------------------- faults

@dataclass
class FaultRun:
    fault: str
    area: str
    description: str
    result: SuiteResult
    baseline: SuiteResult = field(repr=False)

    @property
    def killers(self) -> list[Scenario]:
        """Scenarios that fail with the fault on and pass without it."""
        passing = {s.location for s in self.baseline.scenarios if s.status == "passed"}
        return [s for s in self.result.failed if s.location in passing]

    @property
    def killed(self) -> bool:
        # A run the suite refuses to start against the faulty server (one line, non-zero exit) catches it too.
        return bool(self.killers) or bool(self.result.aborted and not self.baseline.aborted)


def area_args(area: str, slow: bool = False) -> list[str]:
    return [f"--tags=@{area}", *([] if slow else WITHOUT_VOLUME)]


def baseline_run(areas: Iterable[str], slow: bool = False) -> SuiteResult:
    """The areas' scenarios with no fault: every kill is measured against it."""
    tags = " or ".join(f"@{area}" for area in areas)
    return run_suite(f"--tags={tags}", *([] if slow else WITHOUT_VOLUME))


def fault_runs(catalogue: Mapping[str, tuple[str, str]], workers: int = 3,
               slow: bool = False) -> tuple[SuiteResult, list[FaultRun]]:
    """The baseline and, for each fault, its area's scenarios against a sandbox with the fault on.

    Each run is its own behave process with its own embedded sandbox (AETHER_SANDBOX_FAULTS), so they
    run side by side; ``workers`` at a time.
    """
    def run(fault: str | None) -> SuiteResult:
        if fault is None:
            return baseline_run(sorted({area for area, _ in catalogue.values()}), slow)
        return run_suite(*area_args(catalogue[fault][0], slow), env={"AETHER_SANDBOX_FAULTS": fault})

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(run, [None, *catalogue]))
    baseline = results[0]
    runs = [FaultRun(name, area, description, result, baseline)
            for (name, (area, description)), result in zip(catalogue.items(), results[1:])]
    return baseline, runs


def kill_table(runs: list[FaultRun], shown: int = 3) -> str:
    """fault -> the scenarios that caught it (the first ``shown`` of them), then the kill rate."""
    width = max(len(r.fault) for r in runs)
    lines = []
    for run in runs:
        if run.killers:
            names = [str(s) for s in run.killers[:shown]]
            more = len(run.killers) - shown
            caught = "; ".join(names) + (f"; +{more} more" if more > 0 else "")
            verdict = f"killed by {len(run.killers)}: {caught}"
        elif run.result.aborted:
            verdict = f"killed: the run stops before any scenario: {run.result.aborted}"
        else:
            verdict = f"SURVIVES: no {run.area} scenario fails ({run.result.summary()})"
        lines.append(f"{run.fault:<{width}}  {run.area:<7}  {verdict}")
    killed = sum(r.killed for r in runs)
    survivors = [r.fault for r in runs if not r.killed]
    lines.append(f"kill rate: {killed}/{len(runs)} faults killed ({100 * killed / len(runs):.1f} %)"
                 + (f"; surviving: {', '.join(survivors)}" if survivors else ""))
    return "\n".join(lines)


def proof_fingerprint(catalogue: Mapping[str, tuple[str, str]]) -> str:
    """What the proof table depends on: the fault catalogue, and every scenario's name, tags and steps."""
    from behave.parser import parse_file  # noqa: PLC0415 - behave is needed here only

    digest = hashlib.sha256(json.dumps(sorted(catalogue.items())).encode())
    for path in sorted((REPO / "features").rglob("*.feature")):
        for scenario in parse_file(str(path)).walk_scenarios():
            steps = [(s.keyword, s.name, s.table and [list(r.cells) for r in s.table.rows], s.text)
                     for s in (*scenario.background_steps, *scenario.steps)]
            part = [path.relative_to(REPO).as_posix(), scenario.name, sorted(scenario.effective_tags), steps]
            digest.update(json.dumps(part, default=str).encode())
    return digest.hexdigest()[:16]


def proof_table(runs: list[FaultRun], catalogue: Mapping[str, tuple[str, str]]) -> dict:
    """Each fault with the scenarios that catch it (their keys: ``file::name``), as tools/fault_proof.json."""
    return {
        "about": "Written by the self-check (tools/suite_runs.py write_proof, tests/selfcheck/test_kills.py): "
                 "the scenarios each fault of sandbox/faults.py fails. The report shows it per rule.",
        "fingerprint": proof_fingerprint(catalogue),
        "faults": {run.fault: {"area": run.area, "description": run.description,
                               "caught_by": sorted(f"{s.file}::{s.name}" for s in run.killers),
                               "stops_the_run": _without_port(run.result.aborted)
                               if run.killed and not run.killers else None}
                   for run in sorted(runs, key=lambda r: r.fault)},
    }


def _without_port(reason: str | None) -> str | None:
    """A run's stop reason as the table keeps it: each fault run's sandbox listens on a port of its own."""
    return reason and re.sub(r"http://127\.0\.0\.1:\d+", "the sandbox", reason)


def write_proof(table: dict, path: Path = PROOF, *, exact: bool = True) -> bool:
    """Write the table where it differs from the file; True when it did. With ``exact=False`` the file
    stands while it still holds: the same faults, and each scenario it names caught its fault again in
    this run. A race fault may also be caught, in some runs, by a scenario whose requests happen to land
    in its window; such a catch is no proof, and does not make the file stale."""
    text = json.dumps(table, indent=1, ensure_ascii=False) + "\n"
    if path.exists() and (path.read_text(encoding="utf-8") == text
                          or not exact and _still_holds(json.loads(path.read_text(encoding="utf-8")), table)):
        return False
    path.write_text(text, encoding="utf-8")
    return True


def _still_holds(kept: dict, table: dict) -> bool:
    def without_catchers(t: dict) -> dict:
        return {**t, "faults": {name: {k: v for k, v in entry.items() if k != "caught_by"}
                                for name, entry in t.get("faults", {}).items()}}
    return without_catchers(kept) == without_catchers(table) and all(
        set(entry["caught_by"]) <= set(table["faults"][name]["caught_by"]) for name, entry in kept["faults"].items())


# ----------------------------------------------------------------------------- order

def scenario_locations(*behave_args: str) -> list[str]:
    """The locations of the scenarios a run with these arguments would run, in behave's order (a dry run)."""
    result = run_suite("--dry-run", *behave_args, timeout=120)
    return [s.location for s in result.scenarios if s.status != "skipped"]


def shuffle(locations: list[str], seed: int) -> list[str]:
    order = list(locations)
    random.Random(seed).shuffle(order)
    return order


def order_from(requested: list[str]) -> list[str]:
    """The order behave runs a list of locations in.

    Features run in the order given, and a file named again after another file is parsed and run
    again with only the scenarios named there. Consecutive locations of one file are merged into one
    run of that file, in file order: those few are put in file order here.
    """
    def file_of(location: str) -> str:
        return location.rsplit(":", 1)[0]

    def line_of(location: str) -> int:
        return int(location.rsplit(":", 1)[1])

    return [loc for _, group in itertools.groupby(requested, key=file_of) for loc in sorted(group, key=line_of)]


def run_in_order(locations: list[str], *behave_args: str, env: Mapping[str, str] | None = None) -> SuiteResult:
    """Run exactly these scenarios, in this order (see ``order_from``)."""
    return run_suite(*behave_args, *locations, env=env)


def disorder(order: list[str], default: list[str]) -> tuple[int, int, int, int]:
    """How far ``order`` is from ``default``: (pairs of scenarios run the other way round, all pairs,
    the same two counts for pairs within one feature file). A random order swaps about half."""
    position = {loc: i for i, loc in enumerate(default)}
    swapped = pairs = swapped_in_file = pairs_in_file = 0
    for first, second in itertools.combinations(order, 2):
        other_way = position[first] > position[second]
        in_file = first.rsplit(":", 1)[0] == second.rsplit(":", 1)[0]
        swapped, pairs = swapped + other_way, pairs + 1
        swapped_in_file, pairs_in_file = swapped_in_file + (other_way and in_file), pairs_in_file + in_file
    return swapped, pairs, swapped_in_file, pairs_in_file


# ----------------------------------------------------------------------------- one long-lived sandbox

class ServedSandbox:
    """``python -m sandbox --port 0 --data-dir DIR`` in a subprocess; a context manager.

    ``env`` aims a suite run at it (AETHER_BASE_URL + AETHER_SANDBOX_SECRETS=1). The sandbox's own
    output goes to DIR/sandbox.log.
    """

    def __init__(self, data_dir: Path, *sandbox_args: str, start_timeout: float = 30):
        self.data_dir = Path(data_dir)
        self.args = sandbox_args
        self.start_timeout = start_timeout
        self.base_url: str | None = None
        self.process: subprocess.Popen | None = None

    @property
    def db_path(self) -> Path:
        return self.data_dir / "aether.sqlite3"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def env(self) -> dict[str, str]:
        return {"AETHER_BASE_URL": self.base_url, "AETHER_SANDBOX_SECRETS": "1"}

    def __enter__(self) -> "ServedSandbox":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = self.data_dir / "sandbox.log"
        with open(log, "w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "sandbox", "--port", "0", "--data-dir", str(self.data_dir), *self.args],
                cwd=REPO, env=suite_env(), stdout=out, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + self.start_timeout
        while not (found := re.search(r"serving at (http://\S+) ", log.read_text())):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the sandbox did not start: {log.read_text().strip()[-500:]}")
            time.sleep(0.02)  # polling the log, until the deadline
        self.base_url = found.group(1)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # Ctrl-C: uvicorn shuts down cleanly
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __exit__(self, *exc) -> None:
        self.stop()


DEMO_TABLES = ("accounts", "api_keys", "sites", "people", "events")
CREATED_TABLES = ("exhibits", "leads", "files")
AUDIT = """
CREATE TABLE IF NOT EXISTS selfcheck_created (kind TEXT, public_id TEXT, account_id TEXT, sha256 TEXT);
CREATE TRIGGER IF NOT EXISTS selfcheck_exhibit AFTER INSERT ON exhibits BEGIN
  INSERT INTO selfcheck_created
    SELECT 'exhibit', NEW.public_id, public_id, NULL FROM accounts WHERE pk = NEW.account_pk;
END;
CREATE TRIGGER IF NOT EXISTS selfcheck_file AFTER INSERT ON files BEGIN
  INSERT INTO selfcheck_created
    SELECT 'file', NEW.public_id, public_id, NEW.sha256 FROM accounts WHERE pk = NEW.account_pk;
END;
"""


def _query(db_path: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(db_path, timeout=10)) as conn:
        return conn.execute(sql).fetchall()


def record_creations(db_path: Path) -> None:
    """Make the sandbox's database note every exhibit and file created from now on (SQLite triggers),
    so that after the runs each can be looked for through the API."""
    with closing(sqlite3.connect(db_path, timeout=10)) as conn:
        conn.executescript(AUDIT)


def created_objects(db_path: Path) -> list[tuple[str, str, str, str | None]]:
    """(kind, public id, account id, sha256) of every exhibit and file created since ``record_creations``."""
    return _query(db_path, "SELECT kind, public_id, account_id, sha256 FROM selfcheck_created")


def storage_state(sandbox: ServedSandbox) -> dict[str, list]:
    """The sandbox's stored rows of the demo and created tables, the demo personas' failed sign-ins, the blobs."""
    state = {table: sorted(_query(sandbox.db_path, f"SELECT * FROM {table}"), key=repr)
             for table in (*DEMO_TABLES, *CREATED_TABLES)}
    # Of the demo personas on their own account's sites: counts that lock a persona out in a later run. (Nadia's
    # email on One Sky's site counts up for good by design: no one can sign in there, and the scenario checking
    # that is judged alike in any state, features/tenancy/crossed_credentials.feature.)
    state["login_failures"] = _query(
        sandbox.db_path, "SELECT f.email, s.domain, f.failures FROM login_failures f JOIN sites s ON s.pk = f.site_pk "
        "WHERE f.failures > 0 AND lower(f.email) IN (SELECT lower(email) FROM people WHERE account_pk = s.account_pk)")
    state["blobs"] = sorted(p.name for p in sandbox.blob_dir.iterdir())
    return state


def api_residue(base_url: str, created: Iterable[tuple[str, str, str, str | None]]) -> list[str]:
    """Whatever of ``created`` the API still serves: each exhibit and file asked for by its account's
    manager, each file's bytes by content hash by every persona of its account."""
    run = SuiteRun(SuiteConfig.load({"AETHER_BASE_URL": base_url, "AETHER_SANDBOX_SECRETS": "1"}))
    api = AetherApi(run)
    asks = []
    for kind, public_id, account_id, _ in created:
        manager = manager_of(account(account_id))
        if kind == "exhibit":
            asks.append((f"exhibit {public_id}", manager, lambda m=manager, i=public_id: api.get_exhibit(m, i)))
        else:
            asks.append((f"file {public_id}", manager, lambda m=manager, i=public_id: api.file_metadata(m, i)))
    for account_id, sha256 in sorted({(a, h) for kind, _, a, h in created if kind == "file"}):
        for person in (p for p in PERSONAS if p.account.account_id == account_id):
            asks.append((f"bytes {sha256}", person, lambda p=person, h=sha256: api.download_by_hash(p, h)))
    try:
        return [f"{what}: {person.name} gets {status}, not 404"
                for what, person, ask in asks if (status := ask().status_code) != 404]
    finally:
        run.close()


# ----------------------------------------------------------------------------- the checks

@dataclass(repr=False)
class ShuffledRun:
    seed: int
    requested: list[str]
    result: SuiteResult

    @property
    def order(self) -> list[str]:
        return [s.location for s in self.result.ran]


def shuffled_runs(seeds: Iterable[int], *behave_args: str, workers: int = 2) -> tuple[SuiteResult, list[ShuffledRun]]:
    """The suite in file order (the baseline), then once per seed in a shuffled order."""
    locations = scenario_locations(*behave_args)
    orders = {seed: shuffle(locations, seed) for seed in seeds}

    def run(seed: int | None) -> SuiteResult:
        return run_suite(*behave_args) if seed is None else run_in_order(orders[seed], *behave_args)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        baseline, *results = pool.map(run, [None, *orders])
    return baseline, [ShuffledRun(seed, orders[seed], result) for seed, result in zip(orders, results)]


def describe_order(run: ShuffledRun, default: list[str]) -> str:
    swapped, pairs, swapped_in_file, pairs_in_file = disorder(run.order, default)
    moved = sum(a != b for a, b in zip(run.order, default))
    return (f"seed {run.seed}: {moved} of {len(run.order)} scenarios at another position than in file order; "
            f"pairs run the other way round: {swapped} of {pairs}, within one feature file {swapped_in_file} "
            f"of {pairs_in_file}")


def differences(result: SuiteResult, reference: SuiteResult, locations: Iterable[str] | None = None) -> list[str]:
    """Scenarios (all, or those at ``locations``) whose outcome differs from the reference run's."""
    mine, theirs = result.outcomes, reference.outcomes
    wanted = sorted(set(mine) | set(theirs) if locations is None else set(locations))
    return [f"{loc}: {theirs.get(loc, 'absent')} before, {mine.get(loc, 'absent')} now"
            for loc in wanted if mine.get(loc) != theirs.get(loc)]


@dataclass(repr=False)
class RepeatedRuns:
    results: list[SuiteResult]
    before: dict[str, list]  # storage before the first run
    after: dict[str, list]  # and after the last
    created: list[tuple[str, str, str, str | None]]
    still_served: list[str]  # what the API still serves of what the runs created

    def residue(self) -> list[str]:
        found = [f"{table}: {len(self.after[table])} rows left" for table in CREATED_TABLES if self.after[table]]
        if self.after["blobs"]:
            found.append(f"blobs: {len(self.after['blobs'])} files left")
        found += [f"{table}: demo rows changed" for table in DEMO_TABLES if self.after[table] != self.before[table]]
        found += [f"login_failures: {email} has {n} failed sign-ins counted on the site {domain} "
                  f"(they lead to a lockout in a later run)" for email, domain, n in self.after["login_failures"]]
        return found + self.still_served


def repeated_runs(count: int, *behave_args: str, data_dir: Path) -> RepeatedRuns:
    """The suite ``count`` times back to back against one long-lived sandbox, then what it holds."""
    with ServedSandbox(data_dir) as sandbox:
        record_creations(sandbox.db_path)
        before = storage_state(sandbox)
        results = [run_suite(*behave_args, env=sandbox.env) for _ in range(count)]
        after = storage_state(sandbox)
        created = created_objects(sandbox.db_path)
        still_served = api_residue(sandbox.base_url, created)
    return RepeatedRuns(results, before, after, created, still_served)
