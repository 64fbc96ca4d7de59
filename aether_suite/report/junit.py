"""One JUnit XML file from a run's results (merged or not): a <testsuite> per feature, a <testcase> per
scenario the run selected. A failure is a <failure>, an error an <error>, both with the redacted
expectation; skipped scenarios are <skipped> with their reason.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from .results import ERROR, FAILED, SKIPPED, RunResults
from .suite import Suite


def write(results: RunResults, suite: Suite, path: Path) -> dict[str, int]:
    """Write the file; returns the totals (tests, failures, errors, skipped)."""
    root = ET.Element("testsuites", name="Aether V3 acceptance suite", timestamp=results.info.started)
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for feature in suite.features:
        cases = [(rule, scenario, results.scenarios[scenario.key]) for rule in feature.rules
                 for scenario in rule.scenarios if scenario.key in results.scenarios]
        if not cases:
            continue
        suite_element = ET.SubElement(root, "testsuite", name=f"{feature.file}: {feature.name}")
        counts = dict.fromkeys(totals, 0)
        for rule, scenario, result in cases:
            name = f"{rule.name}: {scenario.title}" if rule.name else scenario.title
            case = ET.SubElement(suite_element, "testcase", classname=feature.file.removesuffix(".feature"),
                                 name=name, time=f"{result.seconds:.3f}")
            counts["tests"] += 1
            if result.status in (FAILED, ERROR):
                kind = "failure" if result.status == FAILED else "error"
                counts["failures" if kind == "failure" else "errors"] += 1
                element = ET.SubElement(case, kind, message=result.expectation or "")
                element.text = "\n\n".join(part for part in (result.details, result.traceback) if part)
            elif result.status == SKIPPED:
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=result.skip_reason or "")
        seconds = sum(result.seconds for *_, result in cases)
        for key, value in counts.items():
            suite_element.set(key, str(value))
            totals[key] += value
        suite_element.set("time", f"{seconds:.3f}")
    for key, value in totals.items():
        root.set(key, str(value))
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return totals
