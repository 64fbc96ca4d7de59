"""The lint of the features, on behave's own parser: business language, known tags, an area per feature,
unique scenario names, complete Examples tables. ``findings(paths)`` gives one clear line per finding.

Business language is checked in the prose: names, descriptions, and steps outside their quoted values
(a quoted value or a table cell is data, such as a file name or an attack string).
"""
from __future__ import annotations

import re
from pathlib import Path

from behave.model import ScenarioOutline
from behave.parser import parse_file

from aether_suite.contract import rules

REPO = Path(__file__).resolve().parents[2]
AREAS = ("auth", "tenancy", "files", "export", "fuzz", "concurrency")
_QUOTED = re.compile(r'"[^"]*"')  # a value a step quotes is data (a file name, an attack), not the scenario's language
_TECHNICAL = (
    ("a URL", re.compile(r"https?://|(?<![\w.])/v3\b", re.I)),
    ("an HTTP verb", re.compile(r"\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b")),
    ("a status code", re.compile(r"\b(?:HTTP\s*)?(?:200|201|204|206|304|400|401|403|404|405|413|416|422|429|500|503)"
                                 r"\b(?!\s*(?:bytes?|seconds?|leads?|times|characters|rows?|kB|MB))")),
    ("a header name", re.compile(r"\b(?:x-aether-[a-z-]+|authorization|www-authenticate|content-(?:type|disposition|"
                                 r"range|length)|cache-control|etag|if-none-match|accept-ranges|retry-after|"
                                 r"x-content-type-options)\b", re.I)),
)


def known_tags(readme: Path = REPO / "README.md") -> set[str]:
    """The tags of the README's tag table (its "## Tags" section)."""
    section = readme.read_text(encoding="utf-8").split("\n## Tags\n", 1)[1].split("\n## ", 1)[0]
    return {tag for line in section.splitlines() if line.startswith("| `@")
            for tag in re.findall(r"`@([\w-]+)`", line.split("|")[1])}


def findings(paths: list[Path], tags: set[str] | None = None) -> list[str]:
    tags = known_tags() if tags is None else tags
    rule_ids = rules.load().by_id()
    found = []
    for path in paths:
        feature = parse_file(str(path))
        where = _relative(path)
        found += _feature_findings(feature, where, tags)
        for rule in (feature, *feature.rules):  # a name is unique where it is shown: in its rule
            names = {}
            for scenario in rule.scenarios:
                at = f"{where}:{scenario.line}"
                if scenario.name in names:
                    found.append(f"{at}: the scenario name {scenario.name!r} is used already, "
                                 f"at {names[scenario.name]}")
                names.setdefault(scenario.name, at)
        for scenario in feature.walk_scenarios(with_outlines=True):
            if getattr(scenario, "_row", None) is not None:  # made from an outline's row: checked as the outline
                continue
            at = f"{where}:{scenario.line}"
            found += [f"{at}: unknown tag @{tag}: use one of the README's tag table"
                      for tag in scenario.tags if tag not in tags and not tag.startswith(rules.TAG)]
            found += [f"{at}: @{rules.TAG}{rule} names no rule of contract/rules.toml"
                      for rule in rules.rule_ids(scenario.tags) if rule not in rule_ids]
            found += _text_findings(at, [scenario.name, *scenario.description], "the scenario")
            for step in scenario.steps:
                found += _text_findings(f"{where}:{step.line}", [_QUOTED.sub('""', step.name)], "the step")
            if isinstance(scenario, ScenarioOutline):
                found += _examples_findings(scenario, where)
    return found


def _feature_findings(feature, where: str, tags: set[str]) -> list[str]:
    found = [f"{where}: unknown tag @{tag}: use one of the README's tag table" for tag in feature.tags
             if tag not in tags]
    areas = [tag for tag in feature.tags if tag in AREAS]
    folder = Path(where).parent.name
    if folder in AREAS and areas != [folder]:
        found.append(f"{where}: a feature in features/{folder}/ is tagged @{folder} (its area), and only that area")
    elif folder not in AREAS and not areas and "smoke" not in feature.tags:
        found.append(f"{where}: the feature has no area tag: add one of {', '.join('@' + a for a in AREAS)}")
    found += _text_findings(where, [feature.name, *feature.description], "the feature")
    for rule in feature.rules:
        found += _text_findings(f"{where}:{rule.line}", [rule.name, *rule.description], "the rule")
    return found


def _examples_findings(outline, where: str) -> list[str]:
    used = set(re.findall(r"<([^<>]+)>", " ".join(
        [outline.name, *(f"{s.name} {s.text or ''} {' '.join(_table_text(s.table))}" for s in outline.steps)])))
    found = []
    if not outline.examples:
        found.append(f"{where}:{outline.line}: the outline {outline.name!r} has no Examples table")
    for examples in outline.examples:
        at = f"{where}:{examples.line}"
        columns = set(examples.table.headings) if examples.table else set()
        if not examples.table or not examples.table.rows:
            found.append(f"{at}: the Examples table has no rows")
            continue
        found += [f"{at}: the outline uses <{name}> but the Examples table has no column {name!r}"
                  for name in sorted(used - columns)]
        found += [f"{where}:{row.line}: an empty cell under {heading!r} in the Examples table"
                  for row in examples.table.rows
                  for heading, cell in zip(examples.table.headings, row.cells, strict=False) if not cell.strip()]
    return found


def _text_findings(where: str, texts: list[str], what: str) -> list[str]:
    return [f"{where}: {what} names {label} ({match.group(0)!r}); say it in business terms: who, and what happens"
            for text in texts for label, pattern in _TECHNICAL for match in [pattern.search(text)] if match]


def _table_text(table) -> list[str]:
    return [] if table is None else [*table.headings, *(cell for row in table.rows for cell in row.cells)]


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO).as_posix()
    except ValueError:
        return path.as_posix()
