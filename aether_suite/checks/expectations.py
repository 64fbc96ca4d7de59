"""Assertions that speak the business: who, doing what, expected which answer, got which.

    expect_answer(context.api, 403, "permission_denied", to="to be refused the export")

fails with::

    expected Scott to be refused the export
    Expected: 403 permission_denied
         but: the API answered 200 to Scott's GET /v3/action/event_exhibit/.../tracking_export

Every failure the support library raises about what the API did goes through this module:
``expect_answer`` (a status and error code), ``expect_that`` (any value against a hamcrest matcher),
``expect_body`` (the last JSON body), ``expect_none`` (a list of problems, in words, that must be
empty). Each message names the caller and the request from the redacted record of the exchange, and
the whole message is redacted again before it is raised, so no secret reaches the output.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NoReturn

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


def expect_answer(api: AetherApi, status: int, code: str | None = None, *, to: str,
                  about: Exchange | None = None) -> None:
    """The last act (or ``about``) was answered ``status`` (``code``). ``to`` completes "expected <persona> ..."."""
    exchange = about or last_exchange(api)
    _assert(api, exchange, answered(status, code), f"expected {exchange.caller} {to}")


def expect_that(api: AetherApi, actual: Any, matcher: Matcher[Any], *, to: str,
                about: Exchange | None = None) -> None:
    """``actual`` satisfies ``matcher``; a failure reads "expected <persona> <to> (the answer to <request>)"
    with hamcrest's Expected/but lines. The exchange named is the last act's, or ``about``."""
    exchange = about or last_exchange(api)
    _assert(api, actual, matcher, f"expected {exchange.caller} {to} (the answer to {exchange.request})")


def expect_body(api: AetherApi, matcher: Matcher[Any], *, to: str) -> None:
    """The last act's JSON body satisfies ``matcher``; a failure shows the body with secrets redacted."""
    expect_that(api, api.last_json, matcher, to=to)


def expect_none(api: AetherApi, problems: Sequence[str], *, to: str, about: Exchange | None = None) -> None:
    """Fail, in words, when ``problems`` is not empty: "expected Cleo <to> (the answer to ..., 200):" and a
    line for each problem."""
    if problems:
        exchange = about or last_exchange(api)
        _fail(api, f"expected {exchange.caller} {to} (the answer to {exchange.request}, {exchange.answer}):\n  - "
              + "\n  - ".join(problems))


def last_exchange(api: AetherApi) -> Exchange:
    """The last act's exchange; a step mistake when no When step has acted yet."""
    if api.last_exchange is None:
        raise AssertionError("no request has been made in this scenario yet: a When step should act first")
    return api.last_exchange


def _assert(api: AetherApi, actual: Any, matcher: Matcher[Any], reason: str) -> None:
    try:
        assert_that(actual, matcher, reason)
    except AssertionError as failure:
        _fail(api, str(failure))


def _fail(api: AetherApi, message: str) -> NoReturn:
    raise AssertionError(api.run.redactor.text(message)) from None
