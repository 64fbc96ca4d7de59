"""The tenant wall (contract §1 check 8): what the @tenancy steps call.

- ``expect_answered_as_missing``: the last act is sent again as its *made-up twin* (every value that
  names another account's object, in the path, the query or the body, replaced by a made-up one of the
  same shape) and both answers must be the same: status and body, the made-up values mapped back.
  No endpoint-specific code: a new action in aether_suite/client/actions.py is covered as it is.
- ``changes_seen_by_owner``: the account's manager reads everything the scenario arranged in it and
  reports what differs from the API's answer at the time it was arranged.
- ``expect_listed_apart``: a list of the actor's own account holds its objects and none of another's.
- mass assignment (``attempt_with_field``), crossed credentials, identical bytes in two accounts.
"""
from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import requests

from aether_suite.checks.answers import expect_answered_as_twin, made_up_like, substituted
from aether_suite.checks.expectations import expect_none, last_exchange
from aether_suite.checks.headers import attachment_name
from aether_suite.checks.listings import expect_listed
from aether_suite.client.api import AetherApi
from aether_suite.client.personas import (
    ACCOUNTS,
    PERSONAS,
    Account,
    Persona,
    account,
    account_with_id,
    manager_of,
    persona,
)
from aether_suite.contract import endpoints, idvision
from aether_suite.contract.endpoints import document

# Request headers that shape the answer besides the credentials; the twin sends them as well.
_SHAPING_HEADERS = ("Content-Type", "Range", "If-None-Match", "If-Match")


# ---------------------------------------------------------------------------- made-up values

def foreign_values(api: AetherApi, actor: Persona) -> set[str]:
    """Every value naming something of an account other than the actor's: its site, domain and
    conference, and the exhibits, leads and files the scenario arranged or created there."""
    values: set[str] = set()
    for acct in ACCOUNTS:
        if acct != actor.account:
            values |= {acct.site_id, acct.domain, acct.event_id}
    for item, acct in _with_accounts([*api.arranged, *api.exhibits, *api.leads, *api.files]):
        if acct != actor.account:
            values |= {item[key] for key in ("exhibit_id", "tracking_id", "file_id", "sha256")
                       if isinstance(item.get(key), str) and _names_this_object(item, key)}
    return values


def _names_this_object(item: Mapping, key: str) -> bool:
    # A lead's exhibit_id is its exhibit's, which has its own entry; a lead is named by tracking_id.
    return not (key == "exhibit_id" and "tracking_id" in item)


def _with_accounts(objects: Iterable[dict]) -> list[tuple[dict, Account]]:
    """Exhibits, leads and files as the API described them, each with the account it belongs to."""
    items = list({id(item): item for item in objects}.values())
    exhibit_accounts = {item["exhibit_id"]: account_with_id(item.get("account_id"))
                        for item in items if "exhibit_id" in item and "account_id" in item}
    found = []
    for item in items:
        owner = account_with_id(item["account_id"]) if "account_id" in item else exhibit_accounts.get(
            item.get("exhibit_id"))  # a lead belongs to its exhibit's account
        if owner is not None:
            found.append((item, owner))
    return found


# ---------------------------------------------------------------------------- the made-up twin

def send_made_up_twin(api: AetherApi, actor: Persona) -> tuple[requests.Response, dict[str, str]]:
    """Send the last act again with every foreign value made up; same credentials, same shaping headers.

    Returns the twin's answer and the substitutions made (real value -> made-up value).
    """
    sent = api.last.request
    swap = {real: made_up_like(real) for real in foreign_values(api, actor)}
    url = urlsplit(sent.url)
    server_prefix = urlsplit(api.run.config.base_url).path.rstrip("/")  # a server under a path
    api_path = url.path[len(server_prefix):] if server_prefix and url.path.startswith(server_prefix) else url.path
    path = "/".join(quote(swap.get(unquote(segment), unquote(segment)), safe="") for segment in api_path.split("/"))
    params = [(name, swap.get(value, value)) for name, value in parse_qsl(url.query, keep_blank_values=True)]
    headers = {name: sent.headers[name] for name in _SHAPING_HEADERS if name in sent.headers}
    body = sent.body
    if isinstance(body, str):
        body = body.encode()
    if body and "json" in headers.get("Content-Type", ""):
        body = json.dumps(substituted(json.loads(body), swap)).encode()
    elif body:
        for real, fake in swap.items():
            body = body.replace(real.encode(), fake.encode())
    bearer = sent.headers.get("Authorization")
    response = api.send(sent.method, path, persona=actor, params=params or None, data=body, headers=headers,
                        api_key=sent.headers.get("x-aether-api-key"),
                        account_id=sent.headers.get("x-aether-account-id"),
                        token=bearer.removeprefix("Bearer ") if bearer else None)
    return response, swap


def expect_answered_as_missing(api: AetherApi, name: str) -> None:
    """The last act was answered exactly as its made-up twin: 404 not_found, the same body."""
    actor = persona(name)
    attempt = last_exchange(api)
    _, swap = send_made_up_twin(api, actor)
    expect_answered_as_twin(api, attempt, api.last_exchange, status=404, code="not_found",
                            back={fake: real for real, fake in swap.items()}, twin_is="a made-up id",
                            to="to be answered exactly as for a made-up id, as if the object of another "
                               "account did not exist")


# ---------------------------------------------------------------------------- the owner's view

def changes_seen_by_owner(api: AetherApi, acct: Account, viewer: Persona | None = None) -> list[str]:
    """What differs, read by ``viewer`` (the account's manager), from what the scenario arranged in ``acct``:
    each exhibit, its leads (one by one, and the visible list) and each file (details and bytes). Empty
    when all is as arranged. (The conference is not read: no endpoint of the contract changes events.)"""
    viewer = viewer or manager_of(acct)
    problems: list[str] = []

    def read(response: requests.Response, what: str, raw: bool = False) -> Any:
        if response.status_code != 200:
            problems.append(f"{what} answered {api.last_exchange.answer}")
            return None
        return response.content if raw else response.json()

    def same(found: Any, arranged: Mapping, what: str) -> None:
        if found is not None and found != arranged:
            changed = sorted(k for k in {*found, *arranged} if found.get(k) != arranged.get(k))
            problems.append(f"{what} changed: " + ", ".join(
                f"{k} {arranged.get(k)!r} is now {found.get(k)!r}" for k in changed))

    mine = [item for item, owner in _with_accounts(api.arranged) if owner == acct]
    exhibits = [item for item in mine if "exhibit_id" in item and "tracking_id" not in item]
    for exhibit in exhibits:
        what = f"the exhibit {exhibit['name']!r}"
        same(read(api.get_exhibit(viewer, exhibit["exhibit_id"]), what), exhibit, what)
        leads = [item for item in mine if item.get("exhibit_id") == exhibit["exhibit_id"] and "tracking_id" in item]
        for lead in leads:
            lead_what = f"the lead {lead['first_name']} {lead['last_name']} of {what}"
            same(read(api.get_lead(viewer, exhibit["exhibit_id"], lead["tracking_id"]), lead_what), lead, lead_what)
        listed = read(api.list_leads(viewer, exhibit["exhibit_id"]), f"the visible leads of {what}")
        if listed is not None:
            expected = sorted(lead["tracking_id"] for lead in leads if lead["enabled"] and not lead["hidden"])
            found = sorted(item["tracking_id"] for item in listed["items"])
            if found != expected:
                problems.append(f"the visible leads of {what} are {found}, not the arranged {expected}")
    for file in (item for item in mine if "file_id" in item):
        what = f"the file {file['filename']!r}"
        same(read(api.file_metadata(viewer, file["file_id"]), f"the details of {what}"), file, what)
        content = read(api.download_file(viewer, file["file_id"]), f"the download of {what}", raw=True)
        if content is not None and hashlib.sha256(content).hexdigest() != file["sha256"]:
            problems.append(f"the bytes of {what} changed: sha256 {hashlib.sha256(content).hexdigest()}")
    return problems


def expect_unchanged(api: AetherApi, acct: Account, viewer: Persona | None = None) -> None:
    problems = changes_seen_by_owner(api, acct, viewer)
    viewer = viewer or manager_of(acct)
    assert not problems, (f"expected everything of {acct.name} to be as arranged, as {viewer.name} sees it, "
                          f"but " + "; ".join(problems))


def created_by_acts(api: AetherApi) -> list[str]:
    """Objects the API said it created in this scenario outside the Given steps."""
    arranged = {id(item) for item in api.arranged}
    arranged_ids = {item.get(key) for item in api.arranged for key in ("exhibit_id", "tracking_id", "file_id")}
    created = []
    for kind, key, items in (("exhibit", "exhibit_id", api.exhibits), ("lead", "tracking_id", api.leads),
                             ("file", "file_id", api.files)):
        created += [f"{kind} {item[key]}" for item in items
                    if id(item) not in arranged and item.get(key) not in arranged_ids]
    return created


# ---------------------------------------------------------------------------- lists

# What a list names its objects by, as features call them.
LISTED_KEYS = {"file": "file_id", "files": "file_id", "exhibit": "exhibit_id", "exhibits": "exhibit_id"}


def expect_listed_apart(api: AetherApi, kind: str, other: Account, own: Account | None = None) -> None:
    """The last act's list of ``kind`` holds every one of them the scenario made in ``own`` (none when it
    is None) and not one of those it made in ``other``."""
    key = LISTED_KEYS[kind]
    existing = [item for item in [*api.exhibits, *api.files] if key in item and _names_this_object(item, key)]
    made = {item[key]: (item, acct) for item, acct in _with_accounts([*api.arranged, *existing])
            if key in item and _names_this_object(item, key)}
    present = [item for item, acct in made.values() if acct == own and item in existing]
    absent = [item for item, acct in made.values() if acct == other]
    mine = f"{own.name}'s {kind} and " if own else ""
    expect_listed(api, key, present, absent, to=f"to be shown {mine}nothing of {other.name}'s",
                  describe=lambda item: f"{api.owner_of(item).name}'s {kind.rstrip('s')} "
                                        f"{item.get('name') or item.get('filename')!r}")


# ---------------------------------------------------------------------------- mass assignment

@dataclass(frozen=True)
class FieldAttempt:
    """A request carrying a field it does not define; ``sha256`` is the upload's, if it was one."""
    action: str
    field: str
    value: str
    sha256: str | None = None


# What a request can carry a field in (attempt_with_field), and what the field can name (field_value).
FIELD_ACTIONS = ("create an exhibit", "rename their exhibit", "add a lead", "upload a file")
FIELD_TARGETS = (*(f"{name}'s {thing}" for acct in ACCOUNTS for name in (acct.name, acct.short_name)
                   for thing in ("account", "exhibit", "conference")),
                 *(name for person in PERSONAS for name in (person.name, person.full_name)))


def field_value(api: AetherApi, target: str) -> str:
    """The identifier a feature names: "One Sky's account", "One Sky's exhibit", "One Sky's conference",
    or a persona ("Osiris")."""
    if target.endswith("'s account") or target.endswith("'s exhibit") or target.endswith("'s conference"):
        owner_name, thing = target.rsplit("'s ", 1)
        acct = account(owner_name)
        if thing == "account":
            return acct.account_id
        if thing == "conference":
            return acct.event_id
        return exhibit_of(api, acct)["exhibit_id"]
    return persona(target).person_id


def exhibit_of(api: AetherApi, acct: Account) -> dict:
    """The latest exhibit the scenario has in ``acct``."""
    theirs = [e for e in api.exhibits if api.owner_of(e) == acct]
    if not theirs:
        raise LookupError(f"this scenario has arranged no exhibit of {acct.name}")
    return theirs[-1]


def attempt_with_field(api: AetherApi, who: Persona, action: str, field: str, value: str) -> FieldAttempt:
    """``who`` does ``action`` on their own account's objects, the request also carrying ``field``."""
    extra = {field: value}
    if action == "create an exhibit":
        api.create_exhibit(who, "Spring Launch Stand", extra_fields=extra)
    elif action == "rename their exhibit":
        api.update_exhibit(who, exhibit_of(api, who.account)["exhibit_id"], {"name": "Spring Launch Stand", **extra})
    elif action == "add a lead":
        api.add_lead(who, exhibit_of(api, who.account)["exhibit_id"],
                     {"first_name": "Grace", "last_name": "Hopper", **extra})
    elif action == "upload a file":
        content = f"Visit notes {secrets.token_hex(8)}: met Grace Hopper at the booth.\n".encode()
        api.upload_file(who, "visit-notes.txt", content, "text/plain", fields=extra)
        return FieldAttempt(action, field, value, hashlib.sha256(content).hexdigest())
    else:
        raise LookupError(f"no way to {action!r} with an extra field; the actions are: {', '.join(FIELD_ACTIONS)}")
    return FieldAttempt(action, field, value)


def stored_by(api: AetherApi, attempt: FieldAttempt | None) -> list[str]:
    """What the attempt stored: objects the API answered as created, and an upload's bytes found by
    their content in any account."""
    stored = created_by_acts(api)
    if attempt is not None and attempt.sha256:
        for acct in ACCOUNTS:
            if api.download_by_hash(manager_of(acct), attempt.sha256).status_code != 404:
                stored.append(f"the uploaded bytes, found in {acct.name} ({api.last_exchange.answer})")
    return stored


# ---------------------------------------------------------------------------- crossed credentials

def read_conference_through(api: AetherApi, who: Persona, conference_of: Account, application_of: Account) -> None:
    """``who`` (with their own sign-in) reads ``conference_of``'s conference in that account's context,
    through the application (API key) of ``application_of``."""
    api.get_event(who, event_id=conference_of.event_id, api_key=api.api_key(application_of),
                  account_id=conference_of.account_id)


def sign_in_through(api: AetherApi, who: Persona, site_of: Account, email: str | None = None) -> None:
    """``who`` signs in on ``site_of``'s site, through that account's application, with their own
    passcode (and their own email unless ``email`` is given)."""
    overrides = {} if email is None else {"email": email}
    api.sign_in(who, site_id=site_of.site_id, api_key=api.api_key(site_of), **overrides)


def expect_refused_as_unknown_email(api: AetherApi, who: Persona, site_of: Account) -> None:
    """The last sign-in was answered exactly as a sign-in with an email nobody has, in the same state.

    Every such attempt adds a failure to the pair (that site, ``who``'s email), and no sign-in can reset
    it: on a server that keeps its data, earlier runs may have locked the pair. Then the answer must be
    that of an email nobody has, locked the same way (failed until locked, then tried once more); else
    that of a fresh email's first failure, 401 login_failed."""
    attempt = last_exchange(api)
    locked = attempt.status == 429
    unknown = f"nobody-{secrets.token_hex(6)}@{who.email.split('@')[1]}"  # a fresh pair, touching no person
    for _ in range(endpoints.LOCKING_FAILURES + 1 if locked else 1):
        sign_in_through(api, who, site_of, email=unknown)
    state = f"locked after {endpoints.LOCKING_FAILURES} failures" if locked else "tried once"
    expect_answered_as_twin(api, attempt, api.last_exchange, status=429 if locked else 401,
                            code="login_locked" if locked else "login_failed",
                            twin_is=f"an email nobody has, {state}", to="to be refused exactly as an email nobody has")


# ---------------------------------------------------------------------------- identical bytes

def file_of(api: AetherApi, acct: Account) -> dict:
    """The latest file the scenario uploaded in ``acct``."""
    theirs = [f for f in api.files if api.owner_of(f) == acct]
    if not theirs:
        raise LookupError(f"this scenario has no file of {acct.name}")
    return theirs[-1]


def expect_own_copy(api: AetherApi, who: Persona) -> None:
    """The last act downloaded the file ``who``'s account holds: its bytes, under its name."""
    own = file_of(api, who.account)
    twins = [f"{f['filename']!r} of {api.owner_of(f).name}" for f in api.files
             if f["sha256"] == own["sha256"] and api.owner_of(f) != who.account]
    expect_none(api, download_problems(api.last, own["filename"], own["sha256"]),
                to=f"to receive their own copy {own['filename']!r}, not {' or '.join(twins) or 'another'}")


def download_problems(response: requests.Response, filename: str, sha256: str) -> list[str]:
    """Why a download is not the whole file ``filename`` with those bytes (empty when it is)."""
    if response.status_code != 200:
        return [f"the download answered {response.status_code}"]
    problems = []
    if hashlib.sha256(response.content).hexdigest() != sha256:
        problems.append(f"the bytes are not the uploaded ones ({len(response.content)} bytes)")
    if attachment_name(response) != filename:
        problems.append(f"it is named {attachment_name(response)!r}, not {filename!r}")
    return problems


# ---------------------------------------------------------------------------- ID Vision, for readers

def identifiers_in(bodies: Iterable[Any]) -> dict[str, list[Any]]:
    """Every value under a key that holds an identifier (id, *_id, uploaded_by; not the client's badge_id)."""
    found: dict[str, list[Any]] = {}
    for _, key, value in idvision.identifier_fields(list(bodies)):
        if key not in idvision.CLIENT_SUPPLIED_KEYS:
            found.setdefault(key, []).append(value)
    return found


# The identifiers the answers of read_everything hold: one of each kind of object.
IDENTIFIER_KEYS = ("account_id", "event_id", "exhibit_id", "tracking_id", "file_id", "uploaded_by")


def read_everything(api: AetherApi, who: Persona) -> list[Any]:
    """``who`` reads their conference, the latest exhibit and lead, the visible leads and the latest
    file's details; the JSON answers, in that order."""
    exhibit, lead, file = api.exhibit(), api.leads[-1], api.file()
    responses = (api.get_event(who), api.get_exhibit(who, exhibit["exhibit_id"]),
                 api.get_lead(who, exhibit["exhibit_id"], lead["tracking_id"]),
                 api.list_leads(who, exhibit["exhibit_id"]), api.file_metadata(who, file["file_id"]))
    return [response.json() for response in responses]


def time_problems(bodies: list[Any]) -> list[str]:
    """Every time of the answers (a field ending in _at) not written as the contract's Timestamp
    (2026-03-10T09:30:00Z); none found is one."""
    form = re.compile(document()["components"]["schemas"]["Timestamp"]["pattern"])
    times = list(_times(bodies))
    return ([] if times else ["no time in the answers"]) + [
        f"{place} is {value!r}" for place, value in times if not (isinstance(value, str) and form.search(value))]


def _times(body: Any, where: str = "answers") -> Iterable[tuple[str, Any]]:
    if isinstance(body, dict):
        for key, value in body.items():
            yield from [(f"{where}.{key}", value)] if key.endswith("_at") else _times(value, f"{where}.{key}")
    elif isinstance(body, list):
        for index, item in enumerate(body):
            yield from _times(item, f"{where}[{index}]")


def identifier_problems(bodies: list[Any]) -> list[str]:
    """Kinds of identifier the answers lack, and every identifier that is not an opaque 11-character code."""
    found = identifiers_in(bodies)
    missing = [f"no {key} in the answers" for key in IDENTIFIER_KEYS if not found.get(key)]
    return missing + idvision.body_violations(bodies, "answers")
