"""Failed sign-ins and the lockout (contract §3, passcode login), without leaking into other scenarios.

- A *visitor* signs in with an email nobody has, unique per scenario (``visitor_email``): locking it
  touches no real person, on any server.
- A demo persona who mistypes their passcode (``mistype``) is signed in again with the right one when
  the scenario ends, which resets their count of failures. If they are locked by then (only where a
  scenario locks them on purpose, on the embedded sandbox, or when the API is broken), the sandbox's
  lockout window is shrunk until the lock is over, then put back.
- A scenario that makes a persona's sign-ins fail holds that persona's failures to itself from its first
  sign-in of the count to its clean-up (``hold_failures``): a lock file per server and email that every
  run on this machine takes, behavex's workers included, so two such scenarios never add up to a
  lockout. A right sign-in elsewhere meanwhile only resets the count, which no scenario minds: the
  scenarios that need five failures in a row on a persona are ``@sandbox``, and an embedded sandbox
  serves one process, one scenario at a time.
- ``shorten_lockout`` changes the embedded sandbox's window for one scenario and puts it back.
- ``guess_together`` sends a visitor's wrong passcodes all at once: the lockout must still judge no more
  than five of them.
"""
from __future__ import annotations

import functools
import hashlib
import secrets
import tempfile
import weakref
from pathlib import Path
from typing import Any

import requests
from filelock import FileLock, Timeout

from aether_suite.checks.waiting import poll
from aether_suite.client.api import AetherApi
from aether_suite.client.personas import Account, Persona
from aether_suite.client.personas import persona as find_persona
from aether_suite.client.together import together
from aether_suite.contract import endpoints
from aether_suite.errors import ArrangementFailed

LOCKOUT_AFTER = 5  # failed sign-ins in a row for one (site, email) pair (contract §3, passcode login)
# While the scenario's cleanup waits out a lock, the window is this short: the lock has lifted by the
# next request, however fast the machine sends it, so the cleanup's first sign-in is never refused.
CLEANUP_WINDOW_SECONDS = 1e-6
LOCK_LIFT_DEADLINE_SECONDS = 3.0  # beyond the window itself
# Retry-After counts whole seconds: it goes down about a second after the last failure, unless
# refused attempts extend the lock.
NOT_EXTENDED_DEADLINE_SECONDS = 3.0
# Another scenario holds a persona's failures for a few sign-ins; much longer means a run is stuck.
HOLD_DEADLINE_SECONDS = 120.0
HOLDS = Path(tempfile.gettempdir()) / "aether-suite-holds"
_held: weakref.WeakKeyDictionary[AetherApi, set[str]] = weakref.WeakKeyDictionary()  # scenario -> emails held


def visitor_email() -> str:
    """An email no person has, different in every scenario and every run."""
    return f"visitor-{secrets.token_hex(6)}@unknown-visitor.example"


def wrong_passcode(right: str) -> str:
    """A passcode of the same shape as ``right`` that is certainly not it (each digit moved on by one)."""
    wrong = "".join(str((int(c) + 1) % 10) if c.isdigit() else c for c in right)
    return wrong if wrong != right else right + "0"


def visitor_sign_in(api: AetherApi, acct: Account, email: str, passcode: str = "123456", *,
                    through: Account | None = None) -> requests.Response:
    """An anonymous sign-in on the account's site, through its application key (or ``through``'s)."""
    body = {"site_id": acct.site_id, "email": email, "passcode": passcode}
    return api.send("POST", endpoints.PASSCODE_LOGIN.path(), api_key=api.api_key(through or acct), json=body)


def guess_together(api: AetherApi, acct: Account, email: str, count: int) -> list[requests.Response]:
    """``count`` wrong passcodes for one email on the account's site, all sent at the same moment."""
    return together(*[functools.partial(visitor_sign_in, api, acct, email)] * count)


def judged_beyond_the_lockout(api: AetherApi, answers: list[requests.Response]) -> list[str]:
    """How answers to guesses sent together give more guesses than the lockout allows: more than
    ``LOCKOUT_AFTER`` judged wrong, or an answer that is neither judged wrong nor locked out."""
    exchanges = [api.exchange_of(response) for response in answers]
    judged = sum((e.status, e.error_code) == (401, "login_failed") for e in exchanges)
    problems = [f"{judged} of the {len(answers)} guesses were judged wrong passcodes; the lockout allows "
                f"{LOCKOUT_AFTER} in a row"] if judged > LOCKOUT_AFTER else []
    return problems + [f"{e.request} answered {e.answer}: neither judged a wrong passcode nor locked out"
                       for e in exchanges if (e.status, e.error_code) not in ((401, "login_failed"),
                                                                              (429, "login_locked"))]


def retry_after(response: requests.Response) -> str | None:
    return response.headers.get("Retry-After")


def whole_seconds(value: str | None) -> int | None:
    """A Retry-After value as whole seconds, or None when it is missing or not whole seconds."""
    return int(value) if value is not None and value.isascii() and value.isdigit() else None


def _expect_failed(api: AetherApi, response: requests.Response, who: str, attempt: int) -> None:
    code = (api.last_json or {}).get("code") if isinstance(api.last_json, dict) else None
    if response.status_code != 401 or code != "login_failed":
        raise ArrangementFailed(f"{who}'s failed sign-in number {attempt} should have been refused as a "
                                f"wrong passcode, but the API answered {api.last_exchange.answer}")


def fail_as_visitor(api: AetherApi, acct: Account, email: str, times: int) -> None:
    """The visitor fails to sign in ``times`` times in a row; each must be refused as a failed sign-in."""
    for attempt in range(1, times + 1):
        _expect_failed(api, visitor_sign_in(api, acct, email), "the visitor", attempt)


def mistype(api: AetherApi, who: str | Persona, times: int, sandbox: Any = None, *, in_a_row: bool = True) -> None:
    """The persona signs in ``times`` times with a wrong passcode; each must be refused as a failed sign-in.

    ``in_a_row``: first sign in with the right passcode, so the count starts at nothing even if an
    interrupted run left failures behind. The persona is signed in again with the right passcode when
    the scenario ends (see module docstring).
    """
    hold_failures(api, find_persona(who), sandbox)
    if in_a_row and api.sign_in(who).status_code != 200:
        raise ArrangementFailed(f"{find_persona(who).name} could not sign in before mistyping their passcode: "
                                f"{api.last_exchange.answer}")
    for attempt in range(1, times + 1):
        _expect_failed(api, sign_in_wrongly(api, who, sandbox), find_persona(who).name, attempt)


def sign_in_wrongly(api: AetherApi, who: str | Persona, sandbox: Any = None) -> requests.Response:
    """The persona signs in once with a wrong passcode; they sign in rightly when the scenario ends."""
    person = find_persona(who)
    hold_failures(api, person, sandbox)
    return api.sign_in(person, wrong_passcode(api.passcode(person)))


def hold_failures(api: AetherApi, person: Persona, sandbox: Any = None) -> None:
    """From now until the scenario ends, no other scenario on this machine makes the persona's sign-ins fail;
    when it ends, the persona signs in rightly (``clear_failures``), then the hold is let go."""
    held = _held.setdefault(api, set())
    if person.email in held:
        return
    server = api.run.config.base_url
    HOLDS.mkdir(exist_ok=True)
    lock = FileLock(HOLDS / f"{hashlib.sha256(f'{server} {person.email}'.encode()).hexdigest()[:16]}.lock")
    try:
        lock.acquire(timeout=HOLD_DEADLINE_SECONDS)
    except Timeout:
        raise ArrangementFailed(f"another scenario has held {person.name}'s failed sign-ins for "
                                f"{HOLD_DEADLINE_SECONDS:g} s (lock file {lock.lock_file}); is a run stuck?") from None
    held.add(person.email)

    def clear_then_let_go() -> None:
        try:
            clear_failures(api, person, sandbox)
        finally:
            held.discard(person.email)
            lock.release()

    api.on_cleanup(f"{person.name}'s count of failed sign-ins", clear_then_let_go)


def clear_failures(api: AetherApi, person: Persona, sandbox: Any = None) -> None:
    """Sign the persona in with the right passcode, which resets their failures; wait out a lock on the sandbox."""
    response = api.sign_in(person)
    if response.status_code == 429 and sandbox is not None:
        window = sandbox.settings.lockout_seconds
        sandbox.settings.lockout_seconds = CLEANUP_WINDOW_SECONDS
        try:
            response = poll(lambda: api.sign_in(person), lambda r: r.status_code != 429,
                            deadline=LOCK_LIFT_DEADLINE_SECONDS, clock=api.run.clock)
        finally:
            sandbox.settings.lockout_seconds = window
    if response.status_code != 200:
        raise AssertionError(f"{person.name} could not sign in again after the scenario "
                             f"({api.last_exchange.answer}); their sign-in may stay locked")


def shorten_lockout(api: AetherApi, sandbox: Any, seconds: float) -> None:
    """The embedded sandbox locks sign-ins for ``seconds`` until the scenario ends."""
    if sandbox is None:
        raise ArrangementFailed("only the embedded sandbox's lockout window can be changed (tag the scenario @sandbox)")
    window = sandbox.settings.lockout_seconds
    sandbox.settings.lockout_seconds = seconds
    api.on_cleanup("the sandbox's lockout window", lambda: setattr(sandbox.settings, "lockout_seconds", window))


def keep_trying_while_locked(api: AetherApi, acct: Account, email: str,
                             deadline: float = NOT_EXTENDED_DEADLINE_SECONDS) -> list[str | None]:
    """Sign-ins, refused while locked, until the time to wait told goes down (or ``deadline`` passes).

    Returns every Retry-After value told, in order (None where there was none).
    """
    told: list[str | None] = []

    def attempt() -> requests.Response:
        response = visitor_sign_in(api, acct, email)
        told.append(retry_after(response))
        return response

    poll(attempt, lambda response: response.status_code != 429 or wait_went_down(told) or None in told,
         deadline=deadline, clock=api.run.clock)
    return told


def wait_went_down(told: list[str | None]) -> bool:
    """The last Retry-After told is fewer whole seconds than the first."""
    first, last = whole_seconds(told[0]), whole_seconds(told[-1])
    return first is not None and last is not None and last < first


def sign_in_once_lock_lifts(api: AetherApi, who: str | Persona, sandbox: Any) -> requests.Response:
    """The persona signs in with the right passcode again and again until no longer locked.

    Gives up a few seconds after the sandbox's lockout window (refused attempts do not extend it).
    """
    deadline = sandbox.settings.lockout_seconds + LOCK_LIFT_DEADLINE_SECONDS
    return poll(lambda: api.sign_in(who), lambda r: r.status_code != 429, deadline=deadline, clock=api.run.clock)
