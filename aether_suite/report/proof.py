"""Proof per rule: the catalogued sandbox faults that its scenarios catch, so a green rule is known to
turn red when the API breaks it; and per contract rule (contract/rules.toml), its scenarios and the faults
they catch, with what is missing shown as a gap.

tools/fault_proof.json is written by the self-check (tools/suite_runs.py ``write_proof``, run by
tests/selfcheck/test_kills.py), which runs the suite against the sandbox with each fault of
sandbox/faults.py on; tests/selfcheck/test_proof.py fails when it is stale.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from aether_suite.contract import rules as inventory

from .suite import Suite

PROOF = Path(__file__).resolve().parents[2] / "tools" / "fault_proof.json"


def _caught_by(path: Path) -> dict[str, tuple[str, list[str], bool]]:
    """Fault -> (what goes wrong, the scenario keys that catch it, whether it stops the run before any
    scenario), as the last kill runs found."""
    if not path.exists():
        return {}
    return {name: (fault["description"], fault["caught_by"], bool(fault.get("stops_the_run")))
            for name, fault in json.loads(path.read_text(encoding="utf-8"))["faults"].items()}


def faults_by_rule(suite: Suite, path: Path = PROOF) -> dict[str, list[tuple[str, str]]]:
    """Rule key -> (fault name, what goes wrong) of every fault a scenario of the rule catches, and of every
    fault the start-up checks catch before any scenario runs, under the rules that hold it (_holding)."""
    rule_of = {key: rule.key for key, (_, rule, _) in suite.scenarios().items()}
    found: dict[str, list[tuple[str, str]]] = {}
    for name, (description, caught_by, stops_the_run) in _caught_by(path).items():
        if stops_the_run:
            keys, description = _holding(suite, name), f"{description} (the start-up checks stop the run)"
        else:
            keys = [rule_of[key] for key in caught_by if key in rule_of]
        for rule in dict.fromkeys(keys):
            found.setdefault(rule, []).append((name, description))
    return found


def _holding(suite: Suite, fault: str) -> list[str]:
    """The keys of the rules whose scenarios hold the most specific contract rule listing ``fault`` (the one
    listing the fewest faults: §3.health rather than §1.context.exempt)."""
    listing = [rule for rule in inventory.load().rules if fault in rule.faults]
    fewest = min((len(rule.faults) for rule in listing), default=0)
    specific = {rule.id for rule in listing if len(rule.faults) == fewest}
    return [rule.key for _, rule, scenario in suite.scenarios().values()
            if specific & set(inventory.rule_ids(scenario.tags))]


@dataclass(frozen=True)
class RuleProof:
    """One contract rule as the suite holds it."""
    rule: inventory.ContractRule
    scenarios: tuple[str, ...]  # keys of the scenarios tagged @rule:<id>
    caught: dict[str, tuple[str, ...]]  # fault of the rule -> those of its scenarios that catch it
    stopping: frozenset[str]  # faults of the rule that the start-up checks catch, before any scenario runs
    proven: bool  # the kill runs' table knows every fault of the rule

    @property
    def gaps(self) -> list[str]:
        """What the rule lacks, in words; none when it holds."""
        found = []
        if not self.scenarios and not self.rule.suite:
            found.append("no scenario")
        if not self.rule.faults and not self.rule.reason:
            found.append("no fault, and no reason why none can break it")
        if self.proven:
            found += [f"no scenario of it catches {fault}" for fault, keys in self.caught.items()
                      if not keys and fault not in self.stopping]
        return found


def contract_rules(suite: Suite, path: Path = PROOF, rules: inventory.Inventory | None = None) -> list[RuleProof]:
    """Every rule of the inventory, in its order, with its scenarios and the faults they catch."""
    rules = inventory.load() if rules is None else rules
    tagged: dict[str, list[str]] = {}
    for key, (_, _, scenario) in suite.scenarios().items():
        for rule_id in inventory.rule_ids(scenario.tags):
            tagged.setdefault(rule_id, []).append(key)
    caught_by = _caught_by(path)
    proofs = []
    for rule in rules.rules:
        scenarios = tuple(tagged.get(rule.id, ()))
        caught = {fault: tuple(key for key in caught_by.get(fault, ("", [], False))[1] if key in scenarios)
                  for fault in rule.faults}
        stopping = frozenset(fault for fault in rule.faults if caught_by.get(fault, ("", [], False))[2])
        proofs.append(RuleProof(rule, scenarios, caught, stopping, all(fault in caught_by for fault in rule.faults)))
    return proofs
