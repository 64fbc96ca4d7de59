"""What one run found, as data: written by every behave run that keeps results, merged, rendered.

A ``RunResults`` holds what was tested (``RunInfo``), one ``ScenarioResult`` per scenario the run
selected (keyed by ``scenario_key``), and the contract coverage of its requests. The suite's shape
(features, rules, scenarios, steps) is not in it: it is parsed from the features when the report is
rendered (suite.py), so the results of a behave run per scenario stay small.

Statuses of a scenario, as the report shows them:

    passed   every step passed
    failed   an assertion about the API did not hold
    error    anything else went wrong: an exception in a step, a hook, a clean-up, an undefined step
    skipped  selected, but skipped before its first step (with the reason)
    wip      specified but not yet passing: tagged @wip and not run
    not run  not selected by this run (another slice, or the run was aborted)
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from .coverage import ContractCoverage

PASSED, FAILED, ERROR, SKIPPED, WIP, NOT_RUN = "passed", "failed", "error", "skipped", "wip", "not run"
# A group of scenarios (a rule, a feature, an area) takes the first of these that any of them has.
PRECEDENCE = (FAILED, ERROR, PASSED, WIP, SKIPPED, NOT_RUN)
LABELS = {PASSED: "passed", FAILED: "failed", ERROR: "error", SKIPPED: "skipped",
          WIP: "specified, not yet passing", NOT_RUN: "not run"}
BEHAVE_ERRORS = frozenset({"error", "hook_error", "cleanup_error", "undefined", "pending"})


def status_of(behave_status: str) -> str:
    """The report's status for behave's status of a scenario that ran."""
    if behave_status in BEHAVE_ERRORS:
        return ERROR
    return {"passed": PASSED, "failed": FAILED}.get(behave_status, SKIPPED)


def group_status(statuses) -> str:
    present = set(statuses)
    return next((status for status in PRECEDENCE if status in present), NOT_RUN)


def scenario_key(filename: str, name: str) -> str:
    """``features/auth/tokens.feature::An expired token is refused``: what a scenario is known by from run
    to run (an outline's row: behave's name for it). tools/shard.py and the run statistics use the same."""
    return f"{filename}::{name}"


@dataclass
class ScenarioResult:
    status: str
    seconds: float = 0.0
    steps: list[tuple[str, float]] = field(default_factory=list)  # (behave status, seconds) of each step run
    expectation: str | None = None  # a failure's or error's first sentence (redacted)
    details: str | None = None  # the rest of its message (redacted)
    traceback: str | None = None  # where it happened in the suite's code (redacted)
    exchanges: str | None = None  # the scenario's requests as HTML (evidence.py), on a failure or on request
    skip_reason: str | None = None


@dataclass
class RunInfo:
    started: str  # ISO 8601 UTC, whole seconds
    seconds: float
    target: str  # "embedded sandbox" or the server's URL without credentials
    contract: str  # a hash of contract/aether-v3.openapi.json
    commit: str  # the suite's git commit ("+ changes" when the work tree differs)
    tags: str  # the tag expression the run selected with
    aborted: str | None = None  # the one-line reason an aborted run gives
    runs: int = 1  # how many behave runs these results merge


@dataclass
class RunResults:
    info: RunInfo
    scenarios: dict[str, ScenarioResult]
    coverage: ContractCoverage = field(default_factory=ContractCoverage)

    def to_json(self) -> str:
        return json.dumps({"info": asdict(self.info),
                           "scenarios": {key: asdict(result) for key, result in self.scenarios.items()},
                           "coverage": self.coverage.to_data()}, indent=0)

    @classmethod
    def from_json(cls, text: str) -> "RunResults":
        data = json.loads(text)
        scenarios = {key: ScenarioResult(**{**value, "steps": [tuple(s) for s in value["steps"]]})
                     for key, value in data["scenarios"].items()}
        return cls(RunInfo(**data["info"]), scenarios, ContractCoverage.from_data(data["coverage"]))

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json(), encoding="utf-8")


def merge(parts: list[RunResults]) -> RunResults:
    """One run from many (behavex workers, CI shards): every scenario once, from the part that ran it
    (of two that ran it, the later); what was tested, joined where the parts differ."""
    parts = sorted(parts, key=lambda part: part.info.started)
    scenarios: dict[str, ScenarioResult] = {}
    for part in parts:
        for key, result in part.scenarios.items():
            if key not in scenarios or result.status != SKIPPED or scenarios[key].status == SKIPPED:
                scenarios[key] = result
    coverage = ContractCoverage()
    for part in parts:
        coverage.merge(part.coverage)
    aborted = [part.info.aborted for part in parts if part.info.aborted]
    info = RunInfo(
        started=parts[0].info.started,
        seconds=round(max(_ends(part) for part in parts) - _epoch(parts[0].info.started), 3),
        target=_joined(part.info.target for part in parts),
        contract=_joined(part.info.contract for part in parts),
        commit=_joined(part.info.commit for part in parts),
        tags=_joined(part.info.tags for part in parts),
        aborted=(f"{len(aborted)} of {len(parts)} runs aborted: {aborted[0]}" if len(parts) > 1 else aborted[0])
        if aborted else None,
        runs=sum(part.info.runs for part in parts))
    return RunResults(info, scenarios, coverage)


def read_results(paths: list[Path]) -> list[RunResults]:
    """Every results file named, or found (``*.json``) in the folders named."""
    files = [file for path in paths for file in (sorted(path.glob("*.json")) if path.is_dir() else [path])]
    return [RunResults.from_json(file.read_text(encoding="utf-8")) for file in files]


def _joined(values) -> str:
    return " + ".join(dict.fromkeys(values))


def _epoch(started: str) -> float:
    return datetime.fromisoformat(started.replace("Z", "+00:00")).timestamp()


def _ends(part: RunResults) -> float:
    return _epoch(part.info.started) + part.info.seconds
