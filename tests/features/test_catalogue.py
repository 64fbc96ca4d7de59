"""behave --steps-catalog shows, under each step with a typed slot, the values the slot accepts."""
import os
import subprocess
import sys
from pathlib import Path

from aether_suite.run import vocabulary

REPO = Path(__file__).resolve().parents[2]


def test_the_catalogue_lists_the_values_of_every_typed_slot(steps):
    done = subprocess.run([sys.executable, "-m", "behave", "--steps-catalog"], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    for type_name in vocabulary.slot_types():
        assert f": {vocabulary.accepted(type_name)}" in done.stdout, type_name
    assert 'action: one of: "look up the site"' in done.stdout


def test_the_module_adding_the_values_is_loaded_last():
    modules = sorted(path.name for path in (REPO / "steps").glob("*.py"))
    assert modules[-1] == "values_of_slots.py", "behave loads step modules by name: values_of_slots.py must be last"
