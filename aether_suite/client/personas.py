"""The demo accounts and personas of contract §4, defined once.

Secrets are not here: each account and persona names the config secret that holds its API key or
passcode (see aether_suite.client.config), because secrets differ per environment.

Where a named environment's demo dataset differs from contract §4 (ids, emails, domains; never the
names, which are how the features call accounts and personas), its file says so and the values here
follow it: ``[accounts."One Sky"]`` or ``[personas.Scott]`` tables in
environments/<AETHER_ENV>.toml (see deployed). A file that cannot be used leaves the contract's values;
SuiteConfig.load then ends the run with one line about it.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

from aether_suite.client.config import DATASET_FIELDS, ConfigError, named_environment


@dataclass(frozen=True)
class Account:
    name: str  # as the business says it: "One Sky IT Demo"
    short_name: str  # "One Sky"
    account_id: str
    site_id: str
    domain: str
    event_id: str
    event_name: str
    api_key_secret: str  # config secret holding the account's API key
    manager: str  # the persona who arranges and cleans up for this account


@dataclass(frozen=True)
class Persona:
    name: str  # first name, as features say it: "Osiris"
    full_name: str
    person_id: str
    email: str
    role: str  # "manager" or "staff"
    leads_api_access: bool
    account: Account
    passcode_secret: str  # config secret holding the persona's passcode


def deployed(item, table: str, key: str, environment: dict):
    """``item`` with the values environments/<AETHER_ENV>.toml gives for it in ``[table.key]``."""
    given = environment.get(table, {}).get(key, {})
    return dataclasses.replace(item, **{k: str(v) for k, v in given.items() if k in DATASET_FIELDS[table]})


try:
    _ENVIRONMENT = named_environment(os.environ)
except ConfigError:
    _ENVIRONMENT = {}

ONE_SKY = Account(
    name="One Sky IT Demo", short_name="One Sky", account_id="_XY7DXtc9MY",
    site_id="92vkYC4fVEl", domain="demo.localhost:5173",
    event_id="pjrcghqwert", event_name="Demo One Sky IT Conference",
    api_key_secret="api_key_onesky", manager="Osiris",
)
ONE_SKY = deployed(ONE_SKY, "accounts", ONE_SKY.short_name, _ENVIRONMENT)
NORTHWIND = Account(
    name="Northwind Expo", short_name="Northwind", account_id="Nw7RvLq2ZkP",
    site_id="Rv3kTq8LmZa", domain="northwind.localhost:5173",
    event_id="Nw0EvtExpo1", event_name="Northwind Spring Expo",
    api_key_secret="api_key_northwind", manager="Nadia",
)
NORTHWIND = deployed(NORTHWIND, "accounts", NORTHWIND.short_name, _ENVIRONMENT)
ACCOUNTS = (ONE_SKY, NORTHWIND)

# The revoked key belongs to One Sky IT Demo; only key scenarios use it.
REVOKED_API_KEY_SECRET = "api_key_onesky_revoked"

PERSONAS = (
    Persona("Osiris", "Osiris Idem", "QWODAPCNLQU", "osiris@demo.example", "manager", False,
            ONE_SKY, "passcode_osiris"),
    Persona("Cleo", "Cleo Idem", "HMQRNPIXQMK", "cleo@demo.example", "staff", True,
            ONE_SKY, "passcode_cleo"),
    Persona("Scott", "Scott Idem", "ffkKxiHpOEC", "scott@demo.example", "staff", False,
            ONE_SKY, "passcode_scott"),
    Persona("Nadia", "Nadia Wren", "Nw5NadiaWr3", "nadia@northwind.example", "manager", True,
            NORTHWIND, "passcode_nadia"),
)
PERSONAS = tuple(deployed(p, "personas", p.name, _ENVIRONMENT) for p in PERSONAS)


def persona(name: str | Persona) -> Persona:
    """The persona called ``name`` (first or full name, any letter case)."""
    if isinstance(name, Persona):
        return name
    wanted = name.strip().casefold()
    for candidate in PERSONAS:
        if wanted in (candidate.name.casefold(), candidate.full_name.casefold()):
            return candidate
    raise LookupError(f"no demo persona is called {name!r}; "
                      f"the personas are {', '.join(p.name for p in PERSONAS)}")


def account(name: str | Account) -> Account:
    """The account called ``name`` (full or short name, or its account id)."""
    if isinstance(name, Account):
        return name
    by_id = account_with_id(name)
    if by_id is not None:
        return by_id
    wanted = name.strip().casefold()
    for candidate in ACCOUNTS:
        if wanted in (candidate.name.casefold(), candidate.short_name.casefold()):
            return candidate
    raise LookupError(f"no demo account is called {name!r}; "
                      f"the accounts are {', '.join(a.name for a in ACCOUNTS)}")


def account_with_id(account_id: object) -> Account | None:
    """The demo account whose id is ``account_id``; None for any other value (another id, a number, None)."""
    return next((candidate for candidate in ACCOUNTS if candidate.account_id == account_id), None)


def manager_of(acct: str | Account) -> Persona:
    return persona(account(acct).manager)
