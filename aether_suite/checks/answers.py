"""Comparing two answers, for the rules that say the API must not let a caller tell two cases apart.

A wrong passcode and an unknown email, another account and no account at all: the contract wants the
same status and the same body for both, so that nobody can probe which emails or accounts exist. The
answers compared are the last two that the scenario's When steps received; the recorder keeps them
(``api.exchanges``, phase "act"), so the first answer needs no storing of its own.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
from hamcrest import assert_that, equal_to

from aether_suite.checks.expectations import answered
from aether_suite.client.api import AetherApi
from aether_suite.client.recorder import Exchange
from aether_suite.contract import idvision

_ID_ALPHABET = string.ascii_letters + string.digits + "_-"


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


# ---------------------------------------------------------------------------- the made-up twin

def made_up_like(real: str) -> str:
    """A value nobody has, of the same shape: an 11-character id, a sha256, a domain."""
    if idvision.is_identifier(real):
        return secrets.choice(string.ascii_letters) + "".join(secrets.choice(_ID_ALPHABET) for _ in range(10))
    if len(real) == 64 and all(c in "0123456789abcdef" for c in real):
        return hashlib.sha256(secrets.token_bytes(16)).hexdigest()
    return f"nowhere-{secrets.token_hex(4)}.example"  # a site's domain


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any  # the JSON, or a description of other bytes

    def __str__(self) -> str:
        body = json.dumps(self.body, ensure_ascii=False) if not isinstance(self.body, str) else self.body
        return f"{self.status} {body}"


def comparable_answer(api: AetherApi, response: requests.Response, back: Mapping[str, str] | None = None) -> Answer:
    """The status and body of an answer, made-up values mapped ``back`` to real ones, secrets blanked."""
    if "json" in response.headers.get("Content-Type", ""):
        try:
            return Answer(response.status_code, api.run.redactor.json(substituted(response.json(), back or {})))
        except ValueError:
            pass
    content = response.content
    kind = response.headers.get("Content-Type", "no content type")
    body = f"({len(content)} bytes of {kind}, sha256 {hashlib.sha256(content).hexdigest()})" if content else "(no body)"
    return Answer(response.status_code, body)


def substituted(data: Any, swap: Mapping[str, str]) -> Any:
    if isinstance(data, dict):
        return {key: substituted(value, swap) for key, value in data.items()}
    if isinstance(data, list):
        return [substituted(item, swap) for item in data]
    if isinstance(data, str):
        for old, new in swap.items():
            data = data.replace(old, new)  # also inside a sentence: "Exhibit X was not found."
    return data
