"""Comparing two answers, for the rules that say the API must not let a caller tell two cases apart.

A wrong passcode and an unknown email, another account's object and an object nobody has: the contract
wants the same status and the same body for both, so that nobody can probe which emails, accounts or
objects exist. ``expect_answered_as_twin`` is the one comparison: the *twin* (the same request for
something nobody has) must be answered as the contract says, and the attempt exactly as the twin. Each
area builds its own twin (aether_suite/tenancy/wall.py, aether_suite/export/exports.py); the answers
compared are the recorder's redacted exchanges (``api.exchanges``), so neither needs storing apart.
"""
from __future__ import annotations

import hashlib
import secrets
import string
from collections.abc import Mapping
from typing import Any

from hamcrest import equal_to

from aether_suite.checks.expectations import expect_answer, expect_that
from aether_suite.client.api import AetherApi
from aether_suite.client.recorder import Exchange
from aether_suite.contract import idvision

_ID_ALPHABET = string.ascii_letters + string.digits + "_-"


def last_answers(api: AetherApi, count: int = 2) -> list[Exchange]:
    """The last ``count`` exchanges of the scenario's When steps, oldest first."""
    acts = [exchange for exchange in api.exchanges if exchange.phase == "act"]
    if len(acts) < count:
        raise AssertionError(f"this scenario made {len(acts)} request(s); comparing needs {count}: "
                             f"the When steps should act {count} times")
    return acts[-count:]


def expect_answered_as_twin(api: AetherApi, attempt: Exchange, twin: Exchange, *, status: int,
                            code: str | None = None, back: Mapping[str, str] | None = None,
                            twin_is: str, to: str) -> None:
    """``twin`` was answered ``status`` ``code``, and ``attempt`` exactly as ``twin``: the same status and the
    same body, once the twin's made-up values are put back (``back``: made-up value -> real one).

    ``twin_is`` names what the twin asked about ("a made-up id"); ``to`` completes "expected <persona> ..."
    about the attempt.
    """
    expect_answer(api, status, code, to=f"to be answered as the contract says for {twin_is}", about=twin)
    expect_that(api, compared(attempt), equal_to(compared(twin, back)), to=to, about=attempt)


def expect_identical_refusals(api: AetherApi, status: int, code: str, *, to: str) -> None:
    """The last two answers are both ``status`` ``code``, with the very same body.

    ``to`` completes "expected <persona> ..." about the first attempt.
    """
    first, second = last_answers(api)
    expect_answered_as_twin(api, first, second, status=status, code=code, twin_is="the second attempt",
                            to=f"{to}, answered exactly as the second attempt, so nobody can tell the cases apart")


def compared(exchange: Exchange, back: Mapping[str, str] | None = None) -> str:
    """An answer as two answers are compared: its status and its redacted body (a description of bytes
    that are not text), each made-up value in ``back`` replaced by the real one."""
    body = exchange.response_body or "(no body)"
    for fake, real in (back or {}).items():
        body = body.replace(fake, real)  # also inside a sentence: "Exhibit X was not found."
    return f"{exchange.status} {body}"


# ---------------------------------------------------------------------------- the made-up twin

def made_up_like(real: str) -> str:
    """A value nobody has, of the same shape: an 11-character id, a sha256, a domain."""
    if idvision.is_identifier(real):
        return secrets.choice(string.ascii_letters) + "".join(secrets.choice(_ID_ALPHABET) for _ in range(10))
    if len(real) == 64 and all(c in "0123456789abcdef" for c in real):
        return hashlib.sha256(secrets.token_bytes(16)).hexdigest()
    return f"nowhere-{secrets.token_hex(4)}.example"  # a site's domain


def substituted(data: Any, swap: Mapping[str, str]) -> Any:
    """A JSON value with every occurrence of each key of ``swap`` in its strings replaced by its value."""
    if isinstance(data, dict):
        return {key: substituted(value, swap) for key, value in data.items()}
    if isinstance(data, list):
        return [substituted(item, swap) for item in data]
    if isinstance(data, str):
        for old, new in swap.items():
            data = data.replace(old, new)  # also inside a sentence: "Exhibit X was not found."
    return data
