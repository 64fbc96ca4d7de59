"""Before the first scenario: each configured API key and passcode works on the server under test.

A wrong secret would otherwise surface as dozens of failing scenarios that look like API bugs; here it
is one line naming the variable to fix, and the run ends (environment.py: before_all). One cheap
request per secret: site bootstrap of the account's own domain with its key, a sign-in per persona
(whose token the run then keeps, so the check costs no extra sign-in).

Only the contract's own refusals blame a secret (``api_key_invalid``, ``login_failed``, ...). A 5xx, a
redirect, an HTML page, an answer that is no API error or a code the contract does not give there is
the server's fault, reported as what it is, and the secret is not judged. A passcode the server
refused is remembered (run/refused_passcodes.py) and not sent again until it changes: a shared persona
is locked for everyone after a few failed sign-ins.

The revoked key is not checked: only the server can tell a revoked key from an unknown one, and a
server that wrongly accepts it, or calls it unknown, is what the key scenarios are there to catch.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from aether_suite.client.config import ConfigError, variable
from aether_suite.client.personas import ACCOUNTS, PERSONAS, Account, Persona
from aether_suite.contract import endpoints
from aether_suite.errors import SuiteError, UnusableAnswer
from aether_suite.run.refused_passcodes import RefusedPasscodes

if TYPE_CHECKING:
    import requests

    from aether_suite.client.api import SuiteRun

# The answers the contract gives each check, by status; None: any body (judged by the check itself).
KEY_ANSWERS: Mapping[int, frozenset | None] = {
    200: None, 400: frozenset({"account_context_missing"}),
    401: frozenset({"api_key_missing", "api_key_invalid", "api_key_revoked"}), 404: frozenset({"not_found"})}
SIGN_IN_ANSWERS: Mapping[int, frozenset | None] = {
    200: None, 400: frozenset({"account_context_missing"}), 401: frozenset({"login_failed"}),
    429: frozenset({"login_locked"})}


def check_server(run: "SuiteRun") -> None:
    """Raise a one-line SuiteError unless the server is an Aether server that takes every key and passcode."""
    run.check_health()
    check_secrets(run)


def check_secrets(run: "SuiteRun") -> None:
    """Raise a one-line SuiteError for the first key or passcode the server does not accept (ConfigError:
    the secret is wrong), or for the first answer that says nothing about a secret (the server's fault)."""
    for acct in ACCOUNTS:
        _check_key(run, acct)
    for person in PERSONAS:
        _check_passcode(run, person)


def _check_key(run: "SuiteRun", acct: Account) -> None:
    name = variable(acct.api_key_secret)
    what = f"site lookup of {acct.domain} ({acct.name})"
    response = _ask(run, what, name, "GET", endpoints.SITE_BOOTSTRAP.path(), params={"domain": acct.domain},
                    headers={"x-aether-api-key": run.config.secret(acct.api_key_secret)})
    body = _server_judged(run, response, what, name, KEY_ANSWERS)
    if response.status_code == 200 and body.get("account_id") == acct.account_id:
        return
    if response.status_code == 400:
        return  # past check 1, so the key is known; why the lookup is refused is for the scenarios to say
    if response.status_code == 401:
        problem = f"the server refuses it ({body['code']})"
    else:
        problem = (f"it is not {acct.name}'s key: with it the server finds no site {acct.domain} "
                   f"of account {acct.account_id}")
    raise ConfigError(f"{name} is wrong for {run.transport.shown_url}: {problem}")


def _check_passcode(run: "SuiteRun", person: Persona) -> None:
    name, passcode = variable(person.passcode_secret), run.config.secret(person.passcode_secret)
    who, server = f"{person.full_name} ({person.email})", run.transport.shown_url
    refusals = None if run.config.own_sandbox else RefusedPasscodes(run.config.refused_passcodes, server)
    refused_at = refusals and refusals.refused_at(person.email, passcode)
    if refused_at:
        raise ConfigError(f"{name} was refused by {server} on {refused_at} and has not changed since: not sent "
                          f"again, so as not to lock {who} out for everyone on that server; set the right passcode")
    what = f"signing {person.name} in"
    response = _ask(run, what, name, "POST", endpoints.PASSCODE_LOGIN.path(),
                    headers={"x-aether-api-key": run.config.secret(person.account.api_key_secret)},
                    json={"site_id": person.account.site_id, "email": person.email, "passcode": passcode})
    body = _server_judged(run, response, what, name, SIGN_IN_ANSWERS)
    if response.status_code == 200 and "access_token" in body:
        if refusals:
            refusals.forget(person.email)
        run.keep_token(person.name, body)  # the scenarios' first need of this persona
        return
    if response.status_code == 429:
        raise ConfigError(f"{who} cannot sign in on {server}: too many failed sign-ins, locked for "
                          f"{response.headers.get('Retry-After', '?')} s more; check {name} and wait, "
                          f"or restart the server")
    if response.status_code == 400:
        raise SuiteError(f"{server} refuses a sign-in with the application key alone (400 {body['code']}), "
                         f"which contract section 1 says is all it needs; {name} was not judged")
    if response.status_code == 401:
        if refusals:
            refusals.remember(person.email, passcode)
        again = "; it will not be sent again until it changes" if refusals else ""
        raise ConfigError(f"{name} is wrong for {server}: the server refuses it "
                          f"({person.full_name}, {person.email}){again}")
    raise SuiteError(f"{what} on {server} answered 200 without a token; {name} was not judged")


def _ask(run: "SuiteRun", what: str, name: str, method: str, path: str, **request: Any) -> "requests.Response":
    try:
        return run.transmit(method, path, **request)
    except UnusableAnswer as error:  # a redirect, an answer too big
        raise SuiteError(f"{what}: {error}; {name} was not judged") from None


def _server_judged(run: "SuiteRun", response: "requests.Response", what: str, name: str,
                   answers: Mapping[int, frozenset | None]) -> dict:
    """The answer's JSON body, if it is one the contract gives here; else raise SuiteError saying how
    the server answered instead, and that the secret ``name`` was not judged."""
    status = response.status_code
    shown = f"{what} answered {status} {response.reason}".rstrip()
    content_type = response.headers.get("Content-Type", "")
    body = _json(response)
    if status >= 500:
        fault = f"{shown} from the server at {run.transport.shown_url}"
    elif "html" in content_type.lower():
        fault = f"{shown} with an HTML page, not the API's JSON (a gateway or another site?)"
    elif body is None:
        fault = f"{shown} with {content_type or 'no content type'}, not the API's JSON"
    elif status not in answers:
        fault = f"{shown}{_code(body)}, which the contract does not give for it"
    elif answers[status] is not None and body.get("code") not in answers[status]:
        fault = f"{shown}{_code(body) or ' without an error code'}, a code the contract does not give for it"
    else:
        return body
    raise SuiteError(f"{fault}; {name} was not judged")


def _code(body: dict | None) -> str:
    code = (body or {}).get("code")
    return f" {code}" if isinstance(code, str) and code.isidentifier() and len(code) < 60 else ""


def _json(response: "requests.Response") -> dict | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None
