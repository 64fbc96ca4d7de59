"""The one "answered exactly as its twin" comparison (aether_suite/checks/answers.py)."""
import secrets

import pytest

from aether_suite.checks.answers import compared, expect_answered_as_twin, expect_identical_refusals, last_answers


def test_an_answer_and_its_twin_compare_with_the_made_up_values_put_back(suite_api):
    suite_api.get_event("Nadia", "pjrcghqwert")  # One Sky's conference, from Northwind
    attempt = suite_api.last_exchange
    suite_api.get_event("Nadia", "ZZmadeUp001")
    twin = suite_api.last_exchange
    assert "ZZmadeUp001" not in compared(twin, {"ZZmadeUp001": "pjrcghqwert"})
    expect_answered_as_twin(suite_api, attempt, twin, status=404, code="not_found",
                            back={"ZZmadeUp001": "pjrcghqwert"}, twin_is="a made-up id", to="to find nothing")


@pytest.mark.parametrize(("twin", "failure"), [
    ("own", r"(?s)^expected Nadia to be answered as the contract says for the twin\nExpected: 404 not_found\n"
            r"     but: the API answered 200"),  # the twin itself is answered otherwise: that is said first
    ("made-up", r"(?s)^expected Nadia to be told nothing \(the answer to Nadia's GET /v3/crud/event/Nw0EvtExpo1\)\n"
                r"Expected: '404 .*but: was '200 "),  # the attempt differs from its twin: both answers shown
])
def test_a_failed_comparison_says_which_answer_differs(suite_api, twin, failure):
    suite_api.get_event("Nadia")
    own = suite_api.last_exchange
    suite_api.get_event("Nadia", "ZZmadeUp001")
    attempt, twin = (suite_api.last_exchange, own) if twin == "own" else (own, suite_api.last_exchange)
    with pytest.raises(AssertionError, match=failure):
        expect_answered_as_twin(suite_api, attempt, twin, status=404, code="not_found", twin_is="the twin",
                                to="to be told nothing")


def test_identical_refusals_compare_the_last_two_acts(suite_api):
    for _ in range(2):  # two emails nobody has: no persona's failure count grows
        suite_api.sign_in("Cleo", email=f"nobody-{secrets.token_hex(6)}@demo.example")
    expect_identical_refusals(suite_api, 401, "login_failed", to="to be refused")
    assert [exchange.status for exchange in last_answers(suite_api)] == [401, 401]
    suite_api.me("Cleo")
    with pytest.raises(AssertionError, match="answered exactly as the second attempt"):
        expect_identical_refusals(suite_api, 200, None, to="to be told who she is")
