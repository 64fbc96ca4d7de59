"""The living documentation of a run: one self-contained HTML report (see formatter.py).

environment.py calls the four hooks of ``LivingReport``:

    before_all      context.report = LivingReport.start(context)
    before_scenario context.report.scenario_started(context.api)            evidence on a failed step
    after_scenario  context.report.scenario_finished(scenario, context.api) contract coverage
    after_all       context.report.finish()                                 coverage + glossary sections

The evidence is embedded by the formatter as it takes a failed step's result (``evidence_for``): an
after_step hook would cost behave's hook machinery on every step of the run to act on the few that fail.

Where the report goes: ``-D report=PATH`` or ``AETHER_REPORT=PATH`` (default reports/aether-report.html;
empty: no report). Started with ``-f aether-report -o PATH`` instead, behave's formatter is used as is.
Under behavex, which runs behave once per feature in each worker, there is none: each run would
overwrite the last one's (behavex writes its own HTML report).
The report formatter is added to the run here rather than by ``format`` in behave.ini: there a
command-line ``-f progress`` would be added to the configured formats, not replace them, and the
console would print two formats at once.
"""
from __future__ import annotations

import os

from behave.formatter.base import StreamOpener

from aether_suite.run.parallel import under_behavex

from . import glossary
from .coverage import ContractCoverage, ScenarioRef
from .evidence import evidence_html
from .formatter import AetherReportFormatter

DEFAULT_REPORT = "reports/aether-report.html"


class LivingReport:
    def __init__(self, formatter: AetherReportFormatter | None, step_registry):
        self.formatter = formatter  # None: this run writes no report
        self.step_registry = step_registry  # the run's: behave has loaded every step into it
        self.coverage = ContractCoverage()

    @classmethod
    def start(cls, context) -> "LivingReport":
        """Find the report formatter of the run, or add one writing to the configured path."""
        runner = context._runner  # behave's documented way to reach the formatters (see Context.attach)
        formatter = next((f for f in runner.formatters if isinstance(f, AetherReportFormatter)), None)
        userdata = context.config.userdata
        path = userdata.get("report", os.environ.get("AETHER_REPORT", DEFAULT_REPORT)).strip()
        if formatter is None and path and not under_behavex(userdata):
            formatter = AetherReportFormatter(StreamOpener(filename=path), context.config)
            runner.formatters.append(formatter)
        return cls(formatter, runner.step_registry)

    def scenario_started(self, api) -> None:
        """A failed step of this scenario shows the expectation and the exchanges the scenario made so far."""
        if self.formatter is not None:
            self.formatter.evidence_for = lambda step: evidence_html(step.exception, api.exchanges, api.run.redactor)

    def scenario_finished(self, scenario, api) -> None:
        if self.formatter is None or api is None:
            return
        self.formatter.evidence_for = None
        ref = ScenarioRef(scenario.feature.name, scenario.name, self.formatter.scenario_anchor())
        self.coverage.add(ref, api.exchanges)

    def finish(self) -> None:
        if self.formatter is None:
            return
        self.formatter.add_section("coverage", "Contract coverage", self.coverage.to_html())
        self.formatter.add_section("glossary", "Step glossary", glossary.to_html(glossary.entries(self.step_registry)))
