"""The committed VS Code settings know every placeholder of the steps, so the Cucumber extension finds them."""
import json
from pathlib import Path

from aether_suite.run.vocabulary import editor_settings

REPO = Path(__file__).resolve().parents[2]

REGENERATE = "python -m aether_suite.run.vocabulary > .vscode/settings.json"


def test_the_editor_settings_match_the_steps(steps):
    committed = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert committed == editor_settings(steps), f"the steps changed: regenerate with `{REGENERATE}`"


def test_every_placeholder_of_a_phrase_is_a_parameter_type_with_a_pattern(steps):
    types = {t["name"]: t["regexp"] for t in editor_settings(steps)["cucumber.parameterTypes"]}
    assert "price list" in types["description:FileSample"].split("|")
    assert types["name:Persona"] and types["name"] == ".*" and types["times:d"] == r"-?\d+"


def test_the_cucumber_extension_is_recommended():
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert extensions["recommendations"] == ["CucumberOpen.cucumber-official"]
