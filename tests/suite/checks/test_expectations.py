"""Failed expectations say who did what, what the business expected and what the API answered."""
import pytest
from hamcrest import equal_to, has_entries

from aether_suite.checks.expectations import expect_answer, expect_body, expect_none, expect_that


def test_a_wrong_answer_names_persona_expectation_and_request(suite_api):
    suite_api.get_event("Scott", "Nw0EvtExpo1")  # Northwind's event, from One Sky
    expect_answer(suite_api, 404, "not_found", to="not to find another account's event")
    with pytest.raises(AssertionError) as failure:
        expect_answer(suite_api, 200, to="to read the event")
    assert str(failure.value).splitlines() == [
        "expected Scott to read the event",
        "Expected: 200",
        f"     but: the API answered {suite_api.last_exchange.answer} to Scott's GET /v3/crud/event/Nw0EvtExpo1",
    ]
    assert suite_api.last_exchange.answer.startswith("404 not_found (")


def test_a_body_mismatch_names_the_request(suite_api):
    suite_api.me("Cleo")
    expect_body(suite_api, has_entries(role="staff", leads_api_access=True), to="to be staff with leads access")
    expected = r"^expected Cleo to be a manager \(the answer to Cleo's GET /v3/auth/me\)"
    with pytest.raises(AssertionError, match=expected):
        expect_body(suite_api, has_entries(role="manager"), to="to be a manager")


def test_expecting_before_acting_is_a_step_mistake(suite_api):
    with pytest.raises(AssertionError, match="a When step should act first"):
        expect_answer(suite_api, 200, to="to do something")


def test_a_list_of_problems_fails_with_a_line_for_each(suite_api):
    suite_api.me("Cleo")
    expect_none(suite_api, [], to="to be told who she is")
    with pytest.raises(AssertionError) as failure:
        expect_none(suite_api, ["one thing", "another"], to="to be told who she is")
    answer = suite_api.last_exchange.answer
    assert str(failure.value).splitlines() == [
        f"expected Cleo to be told who she is (the answer to Cleo's GET /v3/auth/me, {answer}):",
        "  - one thing",
        "  - another",
    ]


def test_a_failure_never_shows_a_secret(suite_api):
    suite_api.me("Cleo")
    token = suite_api.token("Cleo")
    with pytest.raises(AssertionError) as failure:
        expect_that(suite_api, token, equal_to("something else"), to="to hold another token")
    assert token not in str(failure.value) and "«redacted»" in str(failure.value)
    with pytest.raises(AssertionError) as failure:
        expect_none(suite_api, [f"the token {token} leaked"], to="to hold no token")
    assert token not in str(failure.value)
