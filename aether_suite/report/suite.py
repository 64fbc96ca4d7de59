"""The suite's shape as the report shows it: areas, features, rules, scenarios, steps, parsed by behave.

Every feature under features/ is parsed, whatever a run selected, so that each report lists every rule
of the suite: a slice's report and an aborted run's show the rules they did not run too. Work in
progress (@wip) comes from the same parse, with the steps that have no definition yet named.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from behave.model import Rule as BehaveRule
from behave.model import ScenarioOutline
from behave.parser import parse_file

from .results import scenario_key

AREAS = {  # area tag -> heading, in the order the report shows them
    "auth": "Signing in and credentials",
    "tenancy": "The wall between accounts",
    "files": "The file lifecycle",
    "export": "The leads export",
    "fuzz": "Requests nobody thought of",
    "concurrency": "Requests that arrive together",
}
OTHER_AREA = "other"
AREA_TITLES = {**AREAS, OTHER_AREA: "Other features"}
FEATURES = Path("features")  # behave runs from the repository root (behave.ini)


@dataclass
class Step:
    keyword: str  # "Given", "And", ...
    text: str
    location: str  # "features/auth/tokens.feature:12"
    table: list[list[str]] | None = None  # headings, then rows
    docstring: str | None = None
    undefined: bool = False  # no step definition matches it
    background: bool = False


@dataclass
class Scenario:
    key: str  # results.scenario_key
    title: str  # as the report names it: an outline's row by its example values
    tags: list[str]
    steps: list[Step]
    location: str
    wip: bool

    @property
    def anchor(self) -> str:
        return "s-" + _short_hash(self.key)

    @property
    def undefined_steps(self) -> list[Step]:
        return [step for step in self.steps if step.undefined]


@dataclass
class Rule:
    key: str  # "features/auth/tokens.feature::<rule name>", or the feature's file for its scenarios outside rules
    name: str | None  # None: the feature's own scenarios
    description: str
    scenarios: list[Scenario] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "r-" + _short_hash(self.key)


@dataclass
class Feature:
    file: str
    name: str
    description: str
    area: str
    tags: list[str]
    rules: list[Rule]

    @property
    def anchor(self) -> str:
        return "f-" + _short_hash(self.file)


@dataclass
class Suite:
    features: list[Feature]  # by area, then by file

    def rules(self) -> list[tuple[Feature, Rule]]:
        return [(feature, rule) for feature in self.features for rule in feature.rules]

    def scenarios(self) -> dict[str, tuple[Feature, Rule, Scenario]]:
        return {scenario.key: (feature, rule, scenario)
                for feature, rule in self.rules() for scenario in rule.scenarios}

    def by_area(self) -> dict[str, list[Feature]]:
        grouped: dict[str, list[Feature]] = {}
        for feature in self.features:
            grouped.setdefault(feature.area, []).append(feature)
        return grouped


def area_of(tags) -> str:
    return next((tag for tag in AREAS if tag in tags), OTHER_AREA)


def load(step_registry, features: Path = FEATURES) -> Suite:
    """Every feature under ``features``; ``step_registry`` (behave's, steps loaded) tells undefined steps."""
    parsed = [_feature(parse_file(str(path)), step_registry) for path in sorted(features.rglob("*.feature"))]
    order = [*AREAS, OTHER_AREA]
    return Suite(sorted(parsed, key=lambda f: (order.index(f.area), f.file)))


def prose(lines: list[str]) -> str:
    """A description as paragraphs: the feature file's line breaks dropped, its blank lines kept."""
    paragraphs = "\n".join(line.strip() for line in lines).split("\n\n")
    return "\n\n".join(" ".join(paragraph.split("\n")) for paragraph in paragraphs)


def _feature(feature, registry) -> Feature:
    file = Path(feature.filename).as_posix()
    rules: dict[str, Rule] = {}
    for scenario in feature.walk_scenarios():
        rule = _rule_of(scenario)
        key = f"{file}::{rule.name}" if rule else file
        if key not in rules:
            rules[key] = Rule(key, rule.name if rule else None, prose(rule.description) if rule else "")
        rules[key].scenarios.append(_scenario(scenario, registry))
    ordered = sorted(rules.values(), key=lambda r: r.name is not None)  # the feature's own scenarios first
    return Feature(file, feature.name, prose(feature.description), area_of(feature.tags), list(feature.tags), ordered)


def _rule_of(scenario) -> BehaveRule | None:
    parent = scenario.parent.parent if isinstance(scenario.parent, ScenarioOutline) else scenario.parent
    return parent if isinstance(parent, BehaveRule) else None


def _scenario(scenario, registry) -> Scenario:
    steps = [_step(step, registry, background=True) for step in scenario.background_steps]
    steps += [_step(step, registry) for step in scenario.steps]
    return Scenario(key=scenario_key(Path(scenario.filename).as_posix(), scenario.name), title=_title(scenario),
                    tags=sorted(scenario.effective_tags), steps=steps,
                    location=f"{Path(scenario.filename).as_posix()}:{scenario.line}",
                    wip="wip" in scenario.effective_tags)


def _title(scenario) -> str:
    """A scenario's name; an outline's row named by its example values, not behave's ``-- @1.2`` suffix."""
    row = getattr(scenario, "_row", None)
    if row is None:
        return scenario.name
    template = scenario.parent.name
    if "<" in template:  # behave has put the row's values into the name
        return scenario.name.split(" -- @", 1)[0].strip()
    return f"{template} ({', '.join(f'{h}: {v}' for h, v in zip(row.headings, row.cells, strict=True))})"


def _step(step, registry, background: bool = False) -> Step:
    table = [list(step.table.headings), *(list(row.cells) for row in step.table.rows)] if step.table else None
    return Step(keyword=step.keyword, text=step.name, location=f"{Path(step.filename).as_posix()}:{step.line}",
                table=table, docstring=step.text, undefined=registry.find_match(step) is None,
                background=background)


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
