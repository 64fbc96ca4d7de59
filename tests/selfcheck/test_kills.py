"""The suite can fail: with any fault of the sandbox's catalogue on, a scenario of the fault's area fails.

Each fault's area (``--tags=@<area>``, without the volume feature) runs in its own behave process against an embedded
sandbox with that fault on (AETHER_SANDBOX_FAULTS); WORKERS of them side by side. A kill counts only
scenarios that pass in the baseline run with no fault. Which scenarios catch which fault is kept in
tools/fault_proof.json (the report's proof per rule); a stale file is rewritten here, to be committed.
Full-size, with options:
``python -m tools.suite_checks kills``.
"""
import time

import pytest

from sandbox.faults import CATALOGUE
from tools import suite_runs as runs

WORKERS = 3  # measured on 2 cores: see tools/suite_runs.py fault_runs


@pytest.fixture(scope="module")
def kills():
    started = time.monotonic()
    baseline, fault_runs = runs.fault_runs(CATALOGUE, workers=WORKERS)
    return baseline, {run.fault: run for run in fault_runs}, time.monotonic() - started


def test_the_kill_table(kills, capsys):
    baseline, fault_runs, seconds = kills
    with capsys.disabled():
        print(f"\n\nself-check: baseline (no fault): {baseline.summary()}")
        print(runs.kill_table(list(fault_runs.values())))
        print(f"{len(fault_runs) + 1} runs, {WORKERS} at a time: {seconds:.0f} s\n")


def test_the_suite_passes_without_a_fault(kills):
    baseline = kills[0]
    assert not baseline.aborted, baseline.aborted
    assert not baseline.failed, "scenarios fail with no fault on:\n" + "\n".join(map(str, baseline.failed))


@pytest.mark.parametrize("fault", CATALOGUE)
def test_the_fault_is_killed(kills, fault):
    run = kills[1][fault]
    assert run.killed, (f"fault {fault} survives: no {run.area} scenario fails when {run.description} "
                        f"({run.result.summary()}); the specification has a hole there: add the scenario")


def test_the_proof_table_is_current(kills):
    table = runs.proof_table(list(kills[1].values()), CATALOGUE)
    assert not runs.write_proof(table, exact=False), ("tools/fault_proof.json was stale and has been rewritten: "
                                                      "commit it")
