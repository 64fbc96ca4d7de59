"""The ways features say a person types an email or a domain, each made from the registered value."""
from aether_suite.auth.as_typed import AN_EMAIL, IN_ANY_CASE, capitalised


def test_each_way_of_typing_changes_only_case_and_surrounding_spaces():
    email = "cleo.idem@onesky.example"
    typed = {way: make(email) for way, make in AN_EMAIL.items()}
    assert typed == {"as registered": email, "in capitals": "CLEO.IDEM@ONESKY.EXAMPLE",
                     "with each word capitalised": "Cleo.Idem@Onesky.Example",
                     "with spaces around it": f"  {email}  ",
                     "capitalised, with a space either side": " Cleo.Idem@Onesky.Example "}
    assert all(value.strip().lower() == email for value in typed.values())
    assert set(IN_ANY_CASE) < set(AN_EMAIL)


def test_capitalised_keeps_digits_and_punctuation():
    assert capitalised("demo.localhost:5173") == "Demo.Localhost:5173"
