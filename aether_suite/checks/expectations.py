"""Assertions that speak the business: who, doing what, expected which answer, got which.

    expect_answer(context.api, 403, "permission_denied", to="to be refused the export")

fails with::

    expected Scott to be refused the export
    Expected: 403 permission_denied
         but: the API answered 200 to Scott's GET /v3/action/event_exhibit/.../tracking_export

Everything shown comes from the redacted record of the exchange, so no secret reaches the output.
"""
from __future__ import annotations

from typing import Any

from hamcrest import assert_that
from hamcrest.core.base_matcher import BaseMatcher
from hamcrest.core.description import Description
from hamcrest.core.matcher import Matcher

from aether_suite.client.api import AetherApi
from aether_suite.client.recorder import Exchange


class _Answered(BaseMatcher[Exchange]):
    def __init__(self, status: int, code: str | None):
        self.status, self.code = status, code

    def _matches(self, exchange: Exchange) -> bool:
        return exchange.status == self.status and (self.code is None or exchange.error_code == self.code)

    def describe_to(self, description: Description) -> None:
        description.append_text(f"{self.status} {self.code}" if self.code else str(self.status))

    def describe_mismatch(self, exchange: Exchange, description: Description) -> None:
        description.append_text(f"the API answered {exchange.answer} to {exchange.request}")


def answered(status: int, code: str | None = None) -> Matcher[Exchange]:
    """Matches an Exchange answered with ``status`` (and the error ``code``, when given)."""
    return _Answered(status, code)


def expect_answer(api: AetherApi, status: int, code: str | None = None, *, to: str) -> None:
    """The last act was answered ``status`` (``code``). ``to`` completes "expected <persona> ..."."""
    exchange = _last_exchange(api)
    assert_that(exchange, answered(status, code), f"expected {exchange.caller} {to}")


def expect_body(api: AetherApi, matcher: Matcher[Any], *, to: str) -> None:
    """The last act's JSON body satisfies ``matcher``; a failure shows the body with secrets redacted."""
    exchange = _last_exchange(api)
    try:
        assert_that(api.last_json, matcher, f"expected {exchange.caller} {to} (the answer to {exchange.request})")
    except AssertionError as failure:
        raise AssertionError(api.run.redactor.text(str(failure))) from None


def expect_none(api, problems: list[str], *, to: str) -> None:
    """Fail, in words, when ``problems`` is not empty: "expected Cleo <to> (the answer to ...): - ..."."""
    if problems:
        exchange = api.last_exchange
        message = (f"expected {exchange.caller} {to} (the answer to {exchange.request}, {exchange.answer}):\n  - "
                   + "\n  - ".join(problems))
        raise AssertionError(api.run.redactor.text(message))


def _last_exchange(api: AetherApi) -> Exchange:
    if api.last_exchange is None:
        raise AssertionError("no request has been made in this scenario yet: a When step should act first")
    return api.last_exchange
