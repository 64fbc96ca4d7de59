"""Comparing two answers, for the rules that say the API must not let a caller tell two cases apart.

A wrong passcode and an unknown email, another account and no account at all: the contract wants the
same status and the same body for both, so that nobody can probe which emails or accounts exist. The
answers compared are the last two that the scenario's When steps received; the recorder keeps them
(``api.exchanges``, phase "act"), so the first answer needs no storing of its own.
"""
from __future__ import annotations

from hamcrest import assert_that, equal_to

from .api import AetherApi
from .expectations import answered
from .recorder import Exchange


def last_answers(api: AetherApi, count: int = 2) -> list[Exchange]:
    acts = [exchange for exchange in api.exchanges if exchange.phase == "act"]
    if len(acts) < count:
        raise AssertionError(f"this scenario made {len(acts)} request(s); comparing needs {count}: "
                             f"the When steps should act {count} times")
    return acts[-count:]


def expect_identical_refusals(api: AetherApi, status: int, code: str, *, to: str) -> None:
    """The last two answers are both ``status`` ``code``, with the very same body.

    ``to`` completes "expected the two attempts ..." in the failure message.
    """
    first, second = last_answers(api)
    for exchange in (first, second):
        assert_that(exchange, answered(status, code), f"expected {exchange.caller} {to}")
    assert_that(second.response_body, equal_to(first.response_body),
                f"expected the two attempts {to}, with the same body, so nobody can tell the cases apart; "
                f"the first ({first.request}) was answered {first.answer}, "
                f"the second ({second.request}) {second.answer}")
