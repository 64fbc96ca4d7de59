"""Bearer tokens the API must refuse, made the way an attacker or a broken client would make them.

A forged token is signed with a key the suite made up, or not signed at all; never with the key of
the server under test (the suite does not know it). To give a well-signed token a wrong issuer, a
@sandbox scenario makes the embedded sandbox sign and check with a key the suite made up
(``trust_key_on_sandbox``), and puts the sandbox's own key back when the scenario ends.

``FORGERIES`` names each kind as the features say it; each makes the token ``holder`` would show
(None: no token at all). "their manager" is the manager of the holder's account: the person a
staff member would pretend to be.
"""
from __future__ import annotations

import base64
import json
import secrets
import time
from typing import Callable

import jwt

from aether_suite.client.api import AetherApi
from aether_suite.client.personas import ONE_SKY, Persona, manager_of
from aether_suite.errors import ArrangementFailed

ISSUER = "aether"
ALGORITHM = "HS256"
# How long an expired token may still pass (clock granularity, a server's leeway) before the suite
# gives up waiting for it to be refused.
EXPIRY_DEADLINE_SECONDS = 5.0


def made_up_key() -> str:
    """A signing key nobody else knows (a fresh one per call)."""
    return secrets.token_hex(32)


def claims_for(person: Persona, *, issuer: str = ISSUER, lifetime: int = 3600) -> dict:
    """The claims the contract (§1) puts in a token of ``person``, valid for ``lifetime`` seconds."""
    now = int(time.time())
    return {"iss": issuer, "sub": person.person_id, "acc": person.account.account_id,
            "sid": person.account.site_id, "iat": now, "exp": now + lifetime}


def signed(claims: dict, key: str) -> str:
    return jwt.encode(claims, key, algorithm=ALGORITHM)


def unsigned(claims: dict) -> str:
    """A JWT whose header says ``alg: none`` and whose signature is empty."""
    return jwt.encode(claims, None, algorithm="none")


def with_payload_changed(token: str, **changes) -> str:
    """``token`` with claims changed in its payload, keeping its original header and signature."""
    header, payload, signature = token.split(".")
    claims = json.loads(_b64decode(payload))
    claims.update(changes)
    return ".".join((header, _b64encode(json.dumps(claims, separators=(",", ":")).encode()), signature))


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def trust_key_on_sandbox(api: AetherApi, sandbox) -> str:
    """Make the embedded sandbox sign and check tokens with a made-up key until the scenario ends.

    Returns the key, once a proper token signed with it has been accepted: otherwise a token refused
    for another reason would prove nothing. The sandbox's own key is put back by the scenario's cleanup
    (before anything the scenario created is deleted: deleting needs the run's tokens, signed with it).
    """
    if sandbox is None:
        raise ArrangementFailed("only the embedded sandbox can be made to trust a key (tag the scenario @sandbox)")
    own_key, key = sandbox.settings.jwt_secret, made_up_key()
    api.run.redactor.learn(key)
    sandbox.settings.jwt_secret = key
    api.on_cleanup("the sandbox's token signing key",
                   lambda: setattr(sandbox.settings, "jwt_secret", own_key))
    probe = manager_of(ONE_SKY)
    if api.me(probe, token=signed(claims_for(probe), key)).status_code != 200:
        raise ArrangementFailed(f"the sandbox did not accept a proper token signed with the key it was given: "
                                f"{api.last_exchange.answer}")
    return key


Forgery = Callable[[AetherApi, Persona, "str | None"], "str | None"]

FORGERIES: dict[str, Forgery] = {
    "no token": lambda api, holder, key: None,
    "a scrap of text instead of a token": lambda api, holder, key: "this-is-not-a-token",
    "their own token rewritten to name their manager":
        lambda api, holder, key: with_payload_changed(api.token(holder), sub=manager_of(holder.account).person_id),
    "an unsigned token naming their manager":
        lambda api, holder, key: unsigned(claims_for(manager_of(holder.account))),
    "a token naming their manager signed with a made-up key":
        lambda api, holder, key: signed(claims_for(manager_of(holder.account)), made_up_key()),
    "a well-signed token from another issuer":
        lambda api, holder, key: signed(claims_for(holder, issuer="someone-else"), _needed(key)),
}


def forge(api: AetherApi, holder: Persona, kind: str, trusted_key: str | None = None) -> str | None:
    """The token of that kind ``holder`` shows; ``trusted_key``: the key trust_key_on_sandbox returned."""
    if kind not in FORGERIES:
        raise LookupError(f"no kind of token {kind!r}; the kinds are: {', '.join(FORGERIES)}")
    return FORGERIES[kind](api, holder, trusted_key)


def _needed(key: str | None) -> str:
    if key is None:
        raise LookupError("no signing key is trusted in this scenario: a Given step must make the sandbox trust one")
    return key
