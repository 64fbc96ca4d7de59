"""A behave run's model, read after its last scenario, as ``RunResults`` (results.py).

It is read in after_all, when every scenario's status is final: a failed after_scenario hook or
clean-up has changed it by then (hook_error, cleanup_error), which no per-step event would show.
Every message and traceback goes through the run's redactor.
"""
from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from behave.model_core import Status

from aether_suite.client.recorder import Redactor

from .coverage import ContractCoverage
from .evidence import expectation, traceback_text
from .results import FAILED, SKIPPED, RunInfo, RunResults, ScenarioResult, scenario_key, status_of

CONTRACT = Path(__file__).resolve().parents[2] / "contract" / "aether-v3.openapi.json"
SANDBOX = "embedded sandbox"


def run_results(features, info: RunInfo, exchanges: Mapping[str, str], coverage: ContractCoverage,
                redactor: Redactor) -> RunResults:
    """The scenarios of behave's ``features`` the run selected (ran, or skipped by a hook with a reason)."""
    found = {}
    for feature in features:
        for scenario in feature.walk_scenarios():
            key = scenario_key(Path(scenario.filename).as_posix(), scenario.name)
            result = _scenario_result(scenario, redactor)
            if result is not None:
                result.exchanges = exchanges.get(key)
                found[key] = result
    return RunResults(info, found, coverage)


def _scenario_result(scenario, redactor: Redactor) -> ScenarioResult | None:
    status = scenario.status
    if status in (Status.untested, Status.skipped) and not scenario.skip_reason:
        return None  # not selected (tags, names, locations), or the run ended before it
    result = ScenarioResult(status=status_of(status.name), seconds=round(scenario.duration, 3),
                            steps=[(step.status.name, round(step.duration, 3)) for step in scenario.all_steps],
                            skip_reason=redactor.text(scenario.skip_reason) if status == Status.skipped else None)
    if result.status == SKIPPED:
        return result
    failed = next((step for step in scenario.all_steps if step.status.has_failed()), None)
    if failed is not None and failed.status == Status.undefined:
        message = f"The step “{failed.keyword} {failed.name}” has no step definition yet."
    elif failed is not None and failed.exception is not None:
        error = failed.exception
        message = str(error) if result.status == FAILED else f"The step could not be carried out: {_one_line(error)}"
        result.traceback = traceback_text(error, redactor)
    else:  # a hook or a clean-up failed: behave keeps its message on the scenario
        message = scenario.error_message or "A hook or a clean-up failed; the console says more."
        if scenario.exception is not None:
            result.traceback = traceback_text(scenario.exception, redactor)
    result.expectation, result.details = expectation(redactor.text(message))
    return result


def run_info(started: datetime, seconds: float, base_url: str | None, tags: str, aborted: str | None) -> RunInfo:
    return RunInfo(started=started.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                   seconds=round(seconds, 3), target=target(base_url), contract=contract_version(),
                   commit=suite_commit(), tags=tags, aborted=aborted)


def target(base_url: str | None) -> str:
    """The server as the report may name it: no user, password, query or fragment."""
    if base_url is None:
        return SANDBOX
    parts = urlsplit(base_url)
    host = parts.hostname or "?"
    return f"{parts.scheme}://{host}{f':{parts.port}' if parts.port else ''}{parts.path}".rstrip("/")


def contract_version() -> str:
    """The first 12 hex digits of the machine-readable contract's SHA-256."""
    return hashlib.sha256(CONTRACT.read_bytes()).hexdigest()[:12]


def suite_commit() -> str:
    """The checkout's commit, "+ changes" when its files differ from it; "unknown" outside git."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=CONTRACT.parents[1], capture_output=True, text=True,
                              timeout=10, check=True).stdout.strip()

    try:
        commit = git("rev-parse", "--short=12", "HEAD")
        return commit + (" + changes" if git("status", "--porcelain", "--untracked-files=no") else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
