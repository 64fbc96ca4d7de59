"""The ways features say a person types an email or a domain, each made from the registered value."""
import pytest

from aether_suite.auth.as_typed import AN_EMAIL, IN_ANY_CASE, capitalised, typed
from aether_suite.errors import ArrangementFailed


def test_each_way_of_typing_changes_only_case_and_surrounding_spaces():
    email = "cleo.idem@onesky.example"
    ways = {way: typed(way, email) for way in AN_EMAIL}
    assert ways == {"as registered": email, "in capitals": "CLEO.IDEM@ONESKY.EXAMPLE",
                    "with each word capitalised": "Cleo.Idem@Onesky.Example",
                    "with spaces around it": f"  {email}  ",
                    "with each word capitalised and a space either side": " Cleo.Idem@Onesky.Example "}
    assert all(value.strip().lower() == email for value in ways.values())
    assert set(IN_ANY_CASE) < set(AN_EMAIL)


def test_capitalised_keeps_digits_and_punctuation():
    assert capitalised("demo.localhost:5173") == "Demo.Localhost:5173"


def test_a_way_that_changes_nothing_fails_the_arrangement():
    with pytest.raises(ArrangementFailed, match="'10.0.0.7:8443' typed in capitals is '10.0.0.7:8443' again"):
        typed("in capitals", "10.0.0.7:8443")
