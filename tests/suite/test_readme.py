"""The README stays true: CI runs its test command verbatim, and its fault table is the catalogue."""
import re
from pathlib import Path

from sandbox.faults import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def run_it_commands() -> list[str]:
    section = README.split("## Run it\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_the_readme_starts_with_the_two_commands():
    setup_and_run, test = run_it_commands()
    assert setup_and_run.endswith(".venv/bin/behave")
    assert "python -m pytest" in test


def test_ci_runs_the_readme_test_command_verbatim():
    test_command = run_it_commands()[1]
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines


def test_the_readme_lists_every_fault_of_the_catalogue():
    listed = dict(re.findall(r"^\| `([a-z0-9_]+)` \| (.+?) \|$", README, flags=re.MULTILINE))
    assert listed == {name: description for name, (_, description) in CATALOGUE.items()}


def test_each_fault_is_listed_in_the_table_of_its_area():
    area, listed_in = None, {}
    for line in README.splitlines():
        header = re.match(r"^\| `([a-z]+)` fault \|", line)
        row = re.match(r"^\| `([a-z0-9_]+)` \|", line)
        if header:
            area = header.group(1)
        elif row:
            listed_in[row.group(1)] = area
    misplaced = {name: listed_in.get(name) for name, (where, _) in CATALOGUE.items() if listed_in.get(name) != where}
    assert not misplaced, f"faults in another area's table of the README (fault: table): {misplaced}"
