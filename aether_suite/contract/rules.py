"""The rules inventory: every normative sentence of contract §0 to §4 as one rule, in contract/rules.toml.

Each rule has an id (``§3.files.by_hash.newest``), the sentence, the sandbox faults that break it (sandbox/faults.py)
or the reason no fault can, and its scenarios: those tagged ``@rule:<id>``. A rule marked ``suite = true`` binds the
suite, not the server, and is proven by the project's tests instead of a scenario. Each section's sha256 is the
text of ../shared/contract/aether-v3.md the rules were last reviewed against; tests/suite/contract/test_rules.py
fails when the document changes and the inventory has not been reviewed since.

    python -m aether_suite.contract.rules     the current sha256 of each section, to paste once reviewed
"""
from __future__ import annotations

import hashlib
import re
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
INVENTORY = REPO / "contract" / "rules.toml"
MARKDOWN = REPO.parent / "shared" / "contract" / "aether-v3.md"
TAG = "rule:"  # a scenario's tag @rule:<id> names a rule it holds
SECTIONS = ("§0", "§1", "§2", "§3", "§4")


@dataclass(frozen=True)
class ContractRule:
    id: str
    sentence: str
    faults: tuple[str, ...]
    reason: str | None  # why no fault can break it; None: faults must
    suite: bool  # binds the suite itself: proven by the project's tests, not by a scenario

    @property
    def section(self) -> str:
        return self.id.split(".", 1)[0]


@dataclass(frozen=True)
class Inventory:
    reviewed: dict[str, str]  # section -> sha256 of its text when its rules were last reviewed
    rules: tuple[ContractRule, ...]

    def by_id(self) -> dict[str, ContractRule]:
        return {rule.id: rule for rule in self.rules}


def load(path: Path = INVENTORY) -> Inventory:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rules = tuple(ContractRule(entry["id"], entry["sentence"], tuple(entry.get("faults", ())), entry.get("reason"),
                               entry.get("suite", False)) for entry in data["rule"])
    return Inventory(dict(data["reviewed"]), rules)


def section_hashes(markdown: str) -> dict[str, str]:
    """Section (``§0``) -> sha256 of its text, from its ``## N.`` heading to the next heading of that level."""
    found = {}
    for part in re.split(r"^(?=## )", markdown, flags=re.M):
        heading = re.match(r"## (\d+)\.", part)
        if heading:
            text = "\n".join(line.rstrip() for line in part.strip().splitlines())
            found[f"§{heading.group(1)}"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return found


def rule_ids(tags: Iterable[str]) -> list[str]:
    """The rule ids a scenario's tags name."""
    return [tag.removeprefix(TAG) for tag in tags if tag.startswith(TAG)]


def main() -> int:
    hashes = section_hashes(MARKDOWN.read_text(encoding="utf-8"))
    print("[reviewed]")
    for section in SECTIONS:
        print(f'"{section}" = "{hashes[section]}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
