"""A step that matches no phrase stops the run before anything runs, with the values its slot takes or the
closest phrases; never a Python snippet unless an engineer asks for one with --snippets."""
from aether_suite.run import vocabulary

WRONG = """@files
Feature: A writer's first try
  Scenario: Phrases a little off
    Given Cleo has uploaded the price lst
    When Scott tries to erase the exhibit
    And Cleo registers for the conference
    Then Osiris exports the leads
"""


def test_a_run_with_wrong_phrases_stops_at_once_with_help_per_step(behave_on):
    code, out, err = behave_on(WRONG)
    assert code != 0
    assert "4 step(s) of the selected scenarios match no phrase of the vocabulary; nothing was run." in err
    assert '"price lst" is not a file sample' in err and '"price list"' in err
    assert '"erase the exhibit" is not an action' in err and '"delete the exhibit"' in err
    assert "no phrase matches; the closest are:" in err
    assert 'this phrase exists as a When step: write "When Osiris exports the leads"' in err
    assert "Traceback" not in out + err
    assert "You can implement step definitions" not in out + err  # no snippet
    assert "Captured" not in out  # no failing steps with empty output blocks


def test_with_snippets_an_engineer_gets_behave_s_snippet(behave_on):
    code, out, err = behave_on(WRONG, "--snippets", "-f", "plain")
    assert code != 0
    assert "You can implement step definitions for undefined steps with these snippets" in out + err


def test_a_step_under_a_scenario_left_out_by_tags_is_not_checked(behave_on):
    code, out, err = behave_on(WRONG.replace("  Scenario:", "  @wip\n  Scenario:"), "-f", "plain")
    assert "match no phrase" not in err
    assert code == 0, out + err


def test_closest_phrases_and_wrong_values(steps):
    assert vocabulary.advice(steps, "when", "Cleo signs in with her passcod")[1].strip().startswith(
        "Given/When/Then {name:Persona} signs in with her passcode")
    assert vocabulary.advice(steps, "when", "Cleo downloads the price list by its colour") == [
        '"price list by its colour" is not a file sample this phrase takes (' \
        "{name:Persona} downloads the {description:FileSample}); description is " + vocabulary.accepted("FileSample")]
