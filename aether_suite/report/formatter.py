"""The living-documentation report: behave-html-pretty-formatter, thinly extended for the Aether suite.

The library renders features, scenarios, steps, statuses, durations and embeds into one self-contained
HTML file. This subclass adds what it lacks:

- features grouped by area (@auth, @tenancy, @files, @export, then the rest), each area headed;
- ``Rule:`` headings with their descriptions (the library ignores rules), and each scenario's steps
  with the background steps behave runs for it (the feature's and its rule's; the library knew only
  the feature's, which put results on the wrong steps under a rule with a background);
- totals per area and per tag, a navigation line, and the sections after_all hands over
  (contract coverage, step glossary).

It hooks into the library at ``feature``/``rule`` (behave's formatter API) and at two rendering points
of PrettyHTMLFormatter.close(): ``_generate_global_summary`` (top) and ``_generate_return_button``
(bottom), so a new version of the library must be checked against them (requirements.txt pins it).
"""
from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from behave.model_core import Status
from behave_html_pretty_formatter.html_pretty import Embed, Feature, PrettyHTMLFormatter, Scenario
from dominate.tags import div, h2, h3, pre
from dominate.util import raw

AREAS = {  # area tag -> heading, in the order the report shows them
    "auth": "Signing in and credentials",
    "tenancy": "The wall between accounts",
    "files": "The file lifecycle",
    "export": "The leads export",
}
OTHER_AREA = "Other features"
STATUSES = ("passed", "failed", "skipped", "undefined")

CSS = """
.aether-nav, .aether-section { margin: 8px 16px; }
.feature-summary-commentary, .step-capsule.description { font-family: inherit; white-space: pre-wrap; }
.aether-nav a { margin-right: 12px; }
.area-heading { margin: 24px 16px 4px; padding-bottom: 4px; border-bottom: 3px solid #6a7fa8; }
.rule-heading { margin: 14px 0 4px; padding: 6px 10px; border-left: 5px solid #6a7fa8; background: #eef1f7; }
.rule-heading h3 { margin: 0; font-size: 1.05em; }
.rule-heading pre { margin: 4px 0 0; white-space: pre-wrap; font-family: inherit; }
.aether-table { border-collapse: collapse; margin: 6px 0 14px; font-size: 0.92em; }
.aether-table th, .aether-table td { border: 1px solid #c8cdd8; padding: 3px 8px; text-align: left;
  vertical-align: top; }
.aether-table tr.gap td, .aether-table td.gap { background: #fbe3e3; }
.aether-table td.num { text-align: right; }
.aether-table details ul { margin: 2px 0; padding-left: 18px; }
span.seen, span.unseen { display: inline-block; margin: 1px 2px; padding: 0 6px; border-radius: 8px;
  white-space: nowrap; }
span.seen { background: #dcefdc; }
span.unseen { background: #fbe3e3; }
.evidence pre { white-space: pre-wrap; margin: 2px 0 8px 12px; }
.evidence details { margin: 2px 0; white-space: normal; }
.evidence summary { cursor: pointer; }
"""


def area_of(tags) -> str | None:
    return next((tag for tag in AREAS if tag in tags), None)


class AetherReportFormatter(PrettyHTMLFormatter):
    """PrettyHTMLFormatter with areas, rules, totals and extra sections (see the module docstring)."""

    name = "aether-report"
    description = "Aether living documentation (one self-contained HTML file)"

    def __init__(self, stream_opener, config):
        super().__init__(stream_opener, config)
        self.sections: list[tuple[str, str, str]] = []  # (element id, title, HTML), in order
        self.evidence_for: Callable[[Any], str] | None = None  # a failed step -> its evidence (HTML)
        self.add_html_head_element(f"<style>{CSS}</style>")

    def add_section(self, anchor: str, title: str, content_html: str) -> None:
        """A section shown after the features and linked from the top (call before close)."""
        self.sections.append((anchor, title, content_html))

    # ------------------------------------------------------------------ behave's formatter API

    def feature(self, feature):
        super().feature(feature)
        self.features[-1] = _AreaFeature(feature, self.feature_counter)

    def rule(self, rule):
        self.current_feature.rule = rule

    def result(self, step):
        super().result(step)
        if self.evidence_for is not None and step.status.has_failed():
            self.embed("text/html", self.evidence_for(step), caption="Evidence", compress=False)

    def scenario(self, scenario):
        # A scenario the run's tags leave out (--tags=@smoke, @wip) is no part of this run's report,
        # and rendering the whole suite for each small run would cost more than running it.
        if scenario.should_run(self.config):
            super().scenario(scenario)

    def close(self):
        # Features with scenarios in this run, grouped by area (in the run's order within an area).
        order = list(AREAS)
        self.features = [feature for feature in self.features if feature.scenarios]
        self.features.sort(key=lambda f: order.index(f.area) if f.area in AREAS else len(order))
        for previous, feature in zip([None, *self.features], self.features):
            feature.starts_area = previous is None or previous.area != feature.area
            for scenario in feature.scenarios:
                if scenario.status == Status.untested:  # skipped by before_scenario: no step told the library
                    scenario.status = scenario._scenario.status
                    reason = getattr(scenario._scenario, "skip_reason", None)
                    if reason and scenario.steps:
                        scenario.steps[0].embed(Embed("text", reason, "Skipped because"))
        super().close()

    def scenario_anchor(self) -> str | None:
        """The element id of the scenario being run, for links from other sections."""
        feature = self.current_feature
        return f"f{feature.counter}-s{feature.scenarios[-1].counter}" if feature and feature.scenarios else None

    # ------------------------------------------------------------------ rendering points of close()

    def _generate_global_summary(self):
        shown = super()._generate_global_summary()
        areas = dict.fromkeys(f.area for f in self.features)
        links = [f"<a href='#area-{area or 'other'}'>{html.escape(AREAS.get(area, OTHER_AREA))}</a>" for area in areas]
        links += ["<a href='#totals'>Totals</a>"]
        links += [f"<a href='#{anchor}'>{html.escape(title)}</a>" for anchor, title, _ in self.sections]
        div(raw("Go to: " + " ".join(links)), cls="aether-nav")
        with div(cls="aether-section", id="totals"):
            h2("Totals")
            raw(self._totals_html())
        return shown

    def _generate_return_button(self):
        for anchor, title, content_html in self.sections:
            with div(cls="aether-section", id=anchor):
                h2(title)
                raw(content_html)
        super()._generate_return_button()

    def _totals_html(self) -> str:
        by_area, by_tag = defaultdict(lambda: defaultdict(float)), defaultdict(lambda: defaultdict(float))
        everything = defaultdict(float)
        for feature in self.features:
            for scenario in feature.scenarios:
                status = _bucket(scenario.status)
                tags = getattr(scenario._scenario, "effective_tags", ())
                for counts in (by_area[AREAS.get(feature.area, OTHER_AREA)], everything,
                               *(by_tag[f"@{tag}"] for tag in tags)):
                    counts[status] += 1
                    counts["seconds"] += scenario.duration
        return _table("Area", {**by_area, "All": everything}) + _table("Tag", dict(sorted(by_tag.items())))


class _AreaFeature(Feature):
    def __init__(self, feature, counter):
        super().__init__(feature, counter)
        self.description = prose(feature.description)
        self.area = area_of(feature.tags)
        self.starts_area = False  # set by close()
        self.rule = None  # the Rule being run: scenarios added now belong to it
        self._adding = None  # the behave scenario being added

    @property
    def background_steps(self):
        # behave's own list for the scenario being added: the feature's background, then its rule's.
        return list(getattr(self._adding, "background_steps", ()))

    def add_scenario(self, scenario, scenario_counter, pseudo_steps=False):
        self._adding = scenario
        added = super().add_scenario(scenario, scenario_counter, pseudo_steps)
        # The library builds its own Scenario; ours only adds the rule heading when rendering.
        added.__class__ = _RuleScenario
        added.rule = self.rule
        return added

    def generate_feature(self, formatter):
        if self.starts_area:
            h2(AREAS.get(self.area, OTHER_AREA), cls="area-heading", id=f"area-{self.area or 'other'}")
        super().generate_feature(formatter)


class _RuleScenario(Scenario):
    rule = None

    def generate_scenario(self, formatter):
        index = self.feature.scenarios.index(self)
        if self.rule is not None and (index == 0 or self.feature.scenarios[index - 1].rule is not self.rule):
            with div(cls="rule-heading"):
                h3(f"Rule: {self.rule.name}")
                if self.rule.description:
                    pre(prose(self.rule.description))
        super().generate_scenario(formatter)


def prose(lines: list[str]) -> str:
    """A description as paragraphs: the feature file's line breaks dropped, its blank lines kept."""
    paragraphs = "\n".join(line.strip() for line in lines).split("\n\n")
    return "\n\n".join(" ".join(paragraph.split("\n")) for paragraph in paragraphs)


def _bucket(status: Status) -> str:
    if status.is_undefined():
        return "undefined"
    if status.has_failed():
        return "failed"
    return "passed" if status == Status.passed else "skipped"


def _table(heading: str, rows: dict) -> str:
    head = "".join(f"<th>{h}</th>" for h in (heading, "Scenarios", *STATUSES, "Time"))
    body = "".join(
        f"<tr><td>{html.escape(name)}</td><td class=num>{sum(int(counts[s]) for s in STATUSES)}</td>"
        + "".join(f"<td class='num{' gap' if s == 'failed' and counts[s] else ''}'>{int(counts[s])}</td>"
                  for s in STATUSES)
        + f"<td class=num>{counts['seconds']:.2f} s</td></tr>"
        for name, counts in rows.items())
    return f"<table class='aether-table'><tr>{head}</tr>{body}</table>"
