"""The runs so far: one JSON line per run in reports/history.jsonl, beside the report (git-ignored).

A record holds what was tested (time, target, tags, commit, contract, the abort reason) and every rule's
and scenario's status in that run; rules and scenarios the run did not select are left out. "full": the
run selected every scenario of the suite that is not work in progress, so a slice (``--tags=@smoke``,
one shard) can show the last full run beside its own. Statuses and names only: nothing secret.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from .results import NOT_RUN, RunResults, group_status
from .suite import Suite

KEPT = 200  # records; older ones are dropped when a run is added
SHOWN = 10  # runs shown beside each rule


def record(results: RunResults, suite: Suite) -> dict:
    scenarios = {key: results.scenarios[key].status for key in suite.scenarios() if key in results.scenarios}
    rules = {rule.key: group_status(scenarios[s.key] for s in rule.scenarios if s.key in scenarios)
             for _, rule in suite.rules() if any(s.key in scenarios for s in rule.scenarios)}
    wanted = [s.key for _, _, s in suite.scenarios().values() if not s.wip]
    full = bool(wanted) and all(key in scenarios for key in wanted)
    return {**asdict(results.info), "full": full, "rules": rules, "scenarios": scenarios}


def read(path: Path) -> list[dict]:
    """The records, oldest first; a line that is not a record (a cut-off write) is passed over."""
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records


def append(path: Path, new: dict) -> list[dict]:
    """Add a run's record, keeping the last KEPT; returns them all, oldest first."""
    records = [*read(path), new][-KEPT:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, separators=(",", ":")) + "\n" for r in records), encoding="utf-8")
    return records


def last_full(records: list[dict], before: dict | None = None) -> dict | None:
    """The latest full run other than ``before``."""
    return next((r for r in reversed(records) if r.get("full") and r is not before), None)


def rule_runs(records: list[dict], rule_key: str) -> list[tuple[dict, str]]:
    """(record, status) of the last SHOWN runs that ran the rule, oldest first."""
    return [(r, r["rules"][rule_key]) for r in records if rule_key in r.get("rules", {})][-SHOWN:]


def since(records: list[dict], rule_key: str) -> tuple[dict, int] | None:
    """The first of the latest unbroken series of runs with the rule's latest status, and its length."""
    runs = [(r, r["rules"][rule_key]) for r in records if rule_key in r.get("rules", {})]
    if not runs:
        return None
    status, count = runs[-1][1], 0
    for run, seen in reversed(runs):
        if seen != status:
            break
        first, count = run, count + 1
    return first, count


def status_in(record_: dict | None, rule_key: str) -> str:
    return (record_ or {}).get("rules", {}).get(rule_key, NOT_RUN)

