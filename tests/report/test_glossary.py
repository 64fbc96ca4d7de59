"""Every step explains itself: a docstring whose first line is its meaning and an Example line it matches."""
from __future__ import annotations

from pathlib import Path

from behave.runner_util import load_step_modules
from behave.step_registry import StepRegistry, registry

from aether_suite.report import glossary

STEPS = Path(__file__).resolve().parents[2] / "steps"


def test_every_step_has_a_meaning_and_an_example_that_it_matches():
    load_step_modules([str(STEPS)])  # into behave's registry, as a run does (loading twice is harmless)
    assert glossary.entries(registry), "no step was loaded"
    assert glossary.problems(registry) == []


def test_a_step_without_meaning_or_with_a_wrong_example_is_reported():
    def no_docstring(context):
        pass

    def only_meaning(context):
        """Cleo signs in."""

    def wrong_example(context, name):
        """A persona signs in.

        Example: When Cleo signs out
        """

    steps = StepRegistry()
    for phrase, func in (("nothing explained", no_docstring), ("no example", only_meaning),
                         ("{name} signs in", wrong_example)):
        steps.add_step_definition("when", phrase, func)
    found = "\n".join(glossary.problems(steps))
    assert "'nothing explained': the docstring has no first line" in found
    assert "'no example': the docstring has no 'Example:" in found
    assert "the example 'When Cleo signs out' is not a step this function matches" in found


def test_the_glossary_page_shows_phrase_meaning_and_example():
    def signs_in(context, name):
        """A persona signs in with their own passcode.

        Example: When Cleo signs in with their passcode
        """

    steps = StepRegistry()
    steps.add_step_definition("when", "{name} signs in with their passcode", signs_in)
    page = glossary.to_html(glossary.entries(steps))
    assert "<b>When</b> <var>name</var> signs in with their passcode" in page
    assert "A persona signs in with their own passcode." in page
    assert "<code>When Cleo signs in with their passcode</code>" in page


def test_a_step_under_several_phrases_is_one_row_with_each_phrase_and_the_values_of_its_slots():
    load_step_modules([str(STEPS)])  # registers the suite's slot types, FileSample among them

    def uploaded(context, name, kind):
        """A persona uploaded a file.

        Example: Given Cleo uploaded the price list
        """

    steps = StepRegistry()
    steps.add_step_definition("given", "{name} has uploaded the {kind:FileSample}", uploaded)
    steps.add_step_definition("given", "{name} uploaded the {kind:FileSample}", uploaded)
    assert glossary.problems(steps) == []  # the example matches one of the two phrases
    page = glossary.to_html(glossary.entries(steps))
    assert page.count("<tr><td>") == 1
    assert "<var>name</var> has uploaded the <var>kind</var><br><b>Given</b> <var>name</var> uploaded" in page
    assert "kind: one of: &quot;booth brochure&quot;, &quot;floor plan&quot;, &quot;price list&quot;" in page
