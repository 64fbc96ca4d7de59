"""Every feature passes the lint (tests/features/feature_lint.py), and the lint catches each kind of finding."""
from pathlib import Path

import pytest
from feature_lint import REPO, findings, known_tags

TAGS = {"auth", "files", "wip", "slow"}


def test_every_feature_passes_the_lint():
    assert findings(sorted((REPO / "features").rglob("*.feature"))) == []


def test_the_known_tags_are_the_readme_s():
    assert {"auth", "tenancy", "files", "export", "smoke", "security", "slow", "sandbox", "wip"} <= known_tags()


def lint(tmp_path, text, folder="files"):
    path = tmp_path / "features" / folder / "writer.feature"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return "\n".join(findings([path], TAGS))


GOOD = """@files
Feature: Files
  Scenario: Cleo keeps a file
    Given Cleo has uploaded the price list
    Then the price list is still there
"""


def test_a_good_feature_has_no_finding(tmp_path):
    assert lint(tmp_path, GOOD) == ""


@pytest.mark.parametrize(("step", "label"), [
    ("When Cleo calls https://api.example/v3/health", "a URL"),
    ("When Cleo sends a POST for the file", "an HTTP verb"),
    ("Then Cleo is answered 403", "a status code"),
    ("Then the Content-Disposition names the file", "a header name"),
    ("When Cleo sends x-aether-account-id of Northwind", "a header name"),
])
def test_technical_words_are_found(tmp_path, step, label):
    found = lint(tmp_path, GOOD.replace("Then the price list is still there", step))
    assert f"the step names {label}" in found and "say it in business terms" in found


def test_sizes_counts_and_quoted_data_are_not_technical_words(tmp_path):
    assert lint(tmp_path, GOOD.replace("the price list is still there",
                                       "Cleo receives bytes 0 to 99 of the floor plan of 500 bytes")) == ""
    assert lint(tmp_path, GOOD.replace("the price list is still there",
                                       'the lead\'s notes read "see https://example.com"')) == ""


def test_an_unknown_tag_is_found(tmp_path):
    assert "unknown tag @urgent" in lint(tmp_path, GOOD.replace("  Scenario:", "  @urgent\n  Scenario:"))


def test_a_feature_without_its_area_tag_is_found(tmp_path):
    assert "is tagged @files (its area)" in lint(tmp_path, GOOD.replace("@files\n", "@auth\n"))
    assert "has no area tag" in lint(tmp_path, GOOD.replace("@files\n", ""), folder="elsewhere")


def test_a_scenario_name_used_twice_is_found(tmp_path):
    twice = GOOD + GOOD.split("\n", 2)[2]
    assert "the scenario name 'Cleo keeps a file' is used already" in lint(tmp_path, twice)


OUTLINE = """@files
Feature: Files
  Scenario Outline: <who> keeps a file
    Given <who> has uploaded the <kind>
    Then the price list is still there

    Examples:
      | who  | kind       |
      | Cleo | price list |
"""


def test_an_incomplete_examples_table_is_found(tmp_path):
    assert lint(tmp_path, OUTLINE) == ""
    assert "has no column 'kind'" in lint(tmp_path, OUTLINE.replace("| kind       |", "| sort       |"))
    assert "an empty cell under 'kind'" in lint(tmp_path, OUTLINE.replace("| price list |", "|            |"))


def test_the_lint_of_a_path_outside_the_repository_names_the_path(tmp_path):
    assert str(Path(tmp_path)) in lint(tmp_path, GOOD.replace("  Scenario:", "  @urgent\n  Scenario:"))
