"""Proof per rule: the catalogued sandbox faults that its scenarios catch, so a green rule is known to
turn red when the API breaks it.

tools/fault_proof.json is written by the self-check (tools/suite_runs.py ``write_proof``, run by
tests/selfcheck/test_kills.py), which runs the suite against the sandbox with each fault of
sandbox/faults.py on; tests/selfcheck/test_proof.py fails when it is stale.
"""
from __future__ import annotations

import json
from pathlib import Path

from .suite import Suite

PROOF = Path(__file__).resolve().parents[2] / "tools" / "fault_proof.json"


def faults_by_rule(suite: Suite, path: Path = PROOF) -> dict[str, list[tuple[str, str]]]:
    """Rule key -> (fault name, what goes wrong) of every fault a scenario of the rule catches."""
    if not path.exists():
        return {}
    rule_of = {key: rule.key for key, (_, rule, _) in suite.scenarios().items()}
    found: dict[str, list[tuple[str, str]]] = {}
    for name, fault in json.loads(path.read_text(encoding="utf-8"))["faults"].items():
        for rule in dict.fromkeys(rule_of[key] for key in fault["caught_by"] if key in rule_of):
            found.setdefault(rule, []).append((name, fault["description"]))
    return found
