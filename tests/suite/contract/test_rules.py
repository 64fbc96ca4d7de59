"""The rules inventory (contract/rules.toml): reviewed against today's contract, sound, and held by the suite."""
import json

import pytest

from aether_suite.contract import rules
from aether_suite.report import page, proof
from aether_suite.report import suite as suite_shape
from aether_suite.report.coverage import ScenarioRef
from sandbox.faults import CATALOGUE


class _EveryStepDefined:
    @staticmethod
    def find_match(step):
        return True


INVENTORY = rules.load()
SUITE = suite_shape.load(_EveryStepDefined())


def test_each_section_of_the_contract_was_reviewed_as_it_reads_today():
    if not rules.MARKDOWN.exists():
        pytest.skip(f"markdown contract not found at {rules.MARKDOWN} (expected beside the repo in shared/contract/)")
    now = rules.section_hashes(rules.MARKDOWN.read_text(encoding="utf-8"))
    changed = [section for section in rules.SECTIONS if INVENTORY.reviewed.get(section) != now.get(section)]
    assert not changed, (
        f"contract {', '.join(changed)} changed since contract/rules.toml was reviewed: re-read the section, "
        "update its rules (sentences, faults, scenarios), then paste the hashes that "
        "python -m aether_suite.contract.rules prints into [reviewed]")


def test_a_change_of_one_sentence_changes_only_its_section_hash():
    text = rules.MARKDOWN.read_text(encoding="utf-8") if rules.MARKDOWN.exists() else "## 0. A\nx\n## 1. B\ny\n"
    before = rules.section_hashes(text)
    after = rules.section_hashes(text.replace("## 1.", "## 1.", 1).replace("\n## 1.", " changed\n## 1.", 1))
    assert {s for s in before if before[s] != after[s]} == {"§0"}


def test_the_inventory_is_sound():
    ids = [rule.id for rule in INVENTORY.rules]
    assert len(ids) == len(set(ids)), "a rule id is used twice"
    assert set(INVENTORY.reviewed) == set(rules.SECTIONS)
    assert {rule.section for rule in INVENTORY.rules} == set(rules.SECTIONS), "every section has rules"
    unknown = {rule.id: fault for rule in INVENTORY.rules for fault in rule.faults if fault not in CATALOGUE}
    assert not unknown, f"faults not in sandbox/faults.py: {unknown}"
    both = [rule.id for rule in INVENTORY.rules if rule.faults and rule.reason]
    assert not both, f"a rule has faults or a reason why none can exist, not both: {both}"


def test_every_fault_of_the_catalogue_breaks_a_rule_of_the_inventory():
    used = {fault for rule in INVENTORY.rules for fault in rule.faults}
    unused = sorted(set(CATALOGUE) - used)
    assert not unused, f"faults that break no rule of contract/rules.toml: {unused}"


def test_a_rule_shows_what_it_lacks():
    rule = rules.ContractRule("§9.x", "A sentence.", ("a_fault",), None, False)
    nothing = frozenset()
    assert proof.RuleProof(rule, (), {"a_fault": ()}, nothing, True).gaps == [
        "no scenario", "no scenario of it catches a_fault"]
    assert proof.RuleProof(rule, ("f::s",), {"a_fault": ("f::s",)}, nothing, True).gaps == []
    assert proof.RuleProof(rule, ("f::s",), {"a_fault": ()}, frozenset({"a_fault"}), True).gaps == []
    assert proof.RuleProof(rule, (), {"a_fault": ()}, frozenset({"a_fault"}), True).gaps == ["no scenario"]
    bare = rules.ContractRule("§9.y", "A sentence.", (), None, False)
    assert proof.RuleProof(bare, ("f::s",), {}, nothing, True).gaps == ["no fault, and no reason why none can break it"]


def test_the_rules_read_scenarios_by_tag_and_faults_from_the_kill_runs(tmp_path):
    key = next(iter(SUITE.scenarios()))
    _, _, scenario = SUITE.scenarios()[key]
    tagged = rules.rule_ids(scenario.tags)
    assert tagged, f"{key}: the first scenario of the suite holds a rule"
    table = tmp_path / "fault_proof.json"
    fault = next(f for r in INVENTORY.rules if r.id == tagged[0] for f in r.faults) if any(
        r.faults for r in INVENTORY.rules if r.id == tagged[0]) else None
    table.write_text(json.dumps({"faults": {fault: {"description": "d", "caught_by": [key]}} if fault else {}}))
    found = {p.rule.id: p for p in proof.contract_rules(SUITE, table)}[tagged[0]]
    assert key in found.scenarios
    if fault:
        assert found.caught[fault] == (key,)


def test_every_faulted_rule_has_its_faults_caught_by_its_own_scenarios():
    """Where tools/fault_proof.json knows a rule's faults (new faults wait for the lead's regeneration)."""
    wrong = [f"{p.rule.id}: {gap}" for p in proof.contract_rules(SUITE) if p.proven
             for gap in p.gaps if gap.startswith("no scenario of it catches")]
    assert not wrong, "\n".join(wrong)


def test_no_rule_of_the_contract_is_a_gap():
    gaps = [f"{p.rule.id}: {', '.join(p.gaps)}" for p in proof.contract_rules(SUITE) if p.gaps]
    assert not gaps, f"{len(gaps)} rules are gaps:\n" + "\n".join(gaps)


def test_the_report_marks_a_rule_gap_red_and_a_held_rule_not():
    held = rules.ContractRule("§9.held", "Held.", ("a_fault",), None, False)
    bare = rules.ContractRule("§9.bare", "Bare.", (), None, False)
    proofs = [proof.RuleProof(held, ("f::s",), {"a_fault": ("f::s",)}, frozenset(), True),
              proof.RuleProof(bare, (), {}, frozenset(), True)]
    html = page.contract_rules_html(proofs, lambda key: ScenarioRef("Feature", "Scenario s", "s"))
    assert "gaps: <b>1</b>" in html
    assert "<tr><td><code>§9.held</code>" in html and "<tr class=gap><td><code>§9.bare</code>" in html
    assert "no scenario; no fault, and no reason why none can break it" in html
