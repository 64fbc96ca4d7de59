"""The living documentation of a run: one self-contained HTML page (page.py) and its history.

environment.py calls the hooks of ``LivingReport``:

    before_all      context.report = LivingReport.start(context)
                    context.report.run_aborted(reason)                       when the run cannot start
    after_scenario  context.report.scenario_finished(scenario, context.api) coverage, exchanges as evidence
    after_all       context.report.finish()                                 results, history, page

Settings (``-D name=value``, or the environment variable):

    report    AETHER_REPORT    the page (default reports/aether-report.html; empty: none). Its history,
                               reports/history.jsonl, sits beside it.
    results   AETHER_RESULTS   also write this run's results (results.py) as JSON: a file, or a folder
                               (ending in /) that gets a file of its own per run. Under behavex the
                               default is reports/results/ (none if report is empty) and no page is
                               written: behavex runs behave once per feature or scenario in each
                               worker, and one command merges them (``python -m aether_suite.report
                               merge``, __main__.py).
    evidence  AETHER_EVIDENCE  "all": embed the exchanges of passing scenarios too (default: failures only).

A run that selects no scenario (a misspelt tag) leaves the page and the history as they were, and says
so in one line; an aborted run writes a page that says why, with the last full run beside every rule.
"""
from __future__ import annotations

import os
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from aether_suite.client.recorder import Redactor
from aether_suite.run.parallel import under_behavex

from . import collect, glossary, history, page, proof
from . import suite as suite_shape
from .coverage import ContractCoverage
from .evidence import exchanges_html
from .results import RunResults, scenario_key

DEFAULT_REPORT = "reports/aether-report.html"
WORKER_RESULTS = "reports/results/"


class LivingReport:
    def __init__(self, context, report: Path | None, results: Path | None, evidence_all: bool):
        self.context = context
        self.report = report  # None: no page
        self.results = results  # None: no results file
        self.evidence_all = evidence_all
        self.started, self.clock = datetime.now(timezone.utc), time.monotonic()
        self.coverage = ContractCoverage()
        self.exchanges: dict[str, str] = {}  # scenario key -> its exchanges as HTML
        self.aborted: str | None = None

    @classmethod
    def start(cls, context) -> "LivingReport":
        userdata = context.config.userdata
        parallel = under_behavex(userdata)

        def setting(name: str, default: str) -> str:
            return userdata.get(name, os.environ.get(f"AETHER_{name.upper()}", default)).strip()

        report = setting("report", DEFAULT_REPORT)
        # Under behavex the results replace the page, unless the report is turned off.
        results = setting("results", WORKER_RESULTS if parallel and report else "")
        report = None if parallel else report
        if results and (results.endswith("/") or Path(results).is_dir()):
            results = str(Path(results) / f"run-{uuid.uuid4().hex[:12]}.json")
        return cls(context, Path(report) if report else None, Path(results) if results else None,
                   setting("evidence", "failures") == "all")

    def run_aborted(self, reason: str) -> None:
        self.aborted = reason

    def scenario_finished(self, scenario, api) -> None:
        key = scenario_key(Path(scenario.filename).as_posix(), scenario.name)
        self.coverage.add(key, api.exchanges)
        if self.evidence_all or scenario.status.has_failed():
            self.exchanges[key] = exchanges_html(api.exchanges, api.run.redactor)

    def finish(self) -> None:
        if self.report is None and self.results is None:
            return
        context = self.context
        suite = getattr(context, "suite", None)  # none if the run was aborted before it chose a server
        if getattr(context, "sandbox", None) is not None:
            base_url = None
        elif suite is not None:
            base_url = suite.config.base_url
        else:
            base_url = context.config.userdata.get("base_url", os.environ.get("AETHER_BASE_URL")) or None
        info = collect.run_info(self.started, time.monotonic() - self.clock, base_url,
                                " and ".join(context.config.tags), self.aborted)
        results = collect.run_results(context._runner.features, info, self.exchanges, self.coverage,
                                      suite.redactor if suite else Redactor())
        if self.results is not None:
            results.write(self.results)
        if self.report is not None:
            said = publish(results, context._runner.step_registry, self.report)
            if said:  # behave captures a hook's output and shows it only when the hook fails
                print(said, file=sys.__stderr__)


def publish(results: RunResults, step_registry, report: Path) -> str | None:
    """Write the page (and add the run to the history beside it); or say in one line why not."""
    if not results.scenarios and not results.info.aborted:
        return (f"aether report: no scenario was selected (tags: {results.info.tags or 'none'}); "
                f"{report} and its history are left as they were")
    suite = suite_shape.load(step_registry)
    records = history.append(report.parent / "history.jsonl", history.record(results, suite))
    refs = page.scenario_refs(suite)
    sections = [("rules", "Contract rules", page.contract_rules_html(proof.contract_rules(suite), refs)),
                ("coverage", "Contract coverage", results.coverage.to_html(refs)),
                ("glossary", "Step glossary", glossary.to_html(glossary.entries(step_registry)))]
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(page.render(suite, results, records, proof.faults_by_rule(suite), sections), encoding="utf-8")
    return None
