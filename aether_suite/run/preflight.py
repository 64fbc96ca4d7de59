"""Before the first scenario: each configured API key and passcode works on the server under test.

A wrong secret would otherwise surface as dozens of failing scenarios that look like API bugs; here it
is one line naming the variable to fix, and the run ends (environment.py: before_all). One cheap
request per secret: site bootstrap of the account's own domain with its key, a sign-in per persona
(whose token the run then keeps, so the check costs no extra sign-in).

The revoked key is not checked: only the server can tell a revoked key from an unknown one, and a
server that wrongly accepts it, or calls it unknown, is what the key scenarios are there to catch.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from aether_suite.client.config import ConfigError, variable
from aether_suite.client.personas import ACCOUNTS, PERSONAS, Account, Persona
from aether_suite.contract import endpoints

if TYPE_CHECKING:
    from aether_suite.client.api import SuiteRun


def check_server(run: "SuiteRun") -> None:
    """Raise a one-line SuiteError unless the server is an Aether server that takes every key and passcode."""
    run.check_health()
    check_secrets(run)


def check_secrets(run: "SuiteRun") -> None:
    """Raise ConfigError (one line) for the first key or passcode the server does not accept."""
    for acct in ACCOUNTS:
        _check_key(run, acct)
    for person in PERSONAS:
        _check_passcode(run, person)


def _check_key(run: "SuiteRun", acct: Account) -> None:
    name = variable(acct.api_key_secret)
    response = run.transmit("GET", endpoints.SITE_BOOTSTRAP.path(), params={"domain": acct.domain},
                            headers={"x-aether-api-key": run.config.secret(acct.api_key_secret)})
    body = _json(response)
    if response.status_code == 200 and body.get("account_id") == acct.account_id:
        return
    if response.status_code == 400:
        return  # past check 1, so the key is known; why the lookup is refused is for the scenarios to say
    if response.status_code == 401:
        problem = f"the server refuses it ({body.get('code', 401)})"
    elif response.status_code in (200, 404):
        problem = (f"it is not {acct.name}'s key: with it the server finds no site {acct.domain} "
                   f"of account {acct.account_id}")
    else:
        problem = f"checking it, site bootstrap answered {response.status_code} {body.get('code', '')}".rstrip()
    raise ConfigError(f"{name} is wrong for {run.config.base_url}: {problem}")


def _check_passcode(run: "SuiteRun", person: Persona) -> None:
    name = variable(person.passcode_secret)
    response = run.transmit(
        "POST", endpoints.PASSCODE_LOGIN.path(),
        headers={"x-aether-api-key": run.config.secret(person.account.api_key_secret)},
        json={"site_id": person.account.site_id, "email": person.email,
              "passcode": run.config.secret(person.passcode_secret)})
    if response.status_code == 200 and "access_token" in _json(response):
        run.keep_token(person.name, _json(response))  # the scenarios' first need of this persona
        return
    code = _json(response).get("code", "")
    if response.status_code == 429:
        raise ConfigError(f"{person.full_name} ({person.email}) cannot sign in on {run.config.base_url}: too many "
                          f"failed sign-ins, locked for {response.headers.get('Retry-After', '?')} s more; "
                          f"check {name} and wait, or restart the server")
    if response.status_code == 400:
        raise ConfigError(f"{run.config.base_url} refuses a sign-in with the application key alone "
                          f"({response.status_code} {code or 'without a code'}), "
                          f"which contract section 1 says is all it needs")
    problem = ("the server refuses it" if code == "login_failed"
               else f"signing in with it answered {response.status_code} {code}".rstrip())
    raise ConfigError(f"{name} is wrong for {run.config.base_url}: {problem} "
                      f"({person.full_name}, {person.email})")


def _json(response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
