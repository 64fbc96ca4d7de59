"""What a persona can try to do to an account's objects, named as the business says it.

The role matrix (@auth) and the tenant wall (@tenancy) are tables of these names: covering a new
endpoint is one entry here and one row in a feature. Each action acts on the objects the scenario
arranged last (its exhibit, lead, file) and on the event of the account that owns them.
"""
from __future__ import annotations

from typing import Any, Callable

import requests

from aether_suite.client.api import AetherApi
from aether_suite.client.personas import Account, Persona

# (the API, the actor, the account whose objects are acted on, request overrides such as token=None)
Action = Callable[..., requests.Response]


def _exhibit_id(api: AetherApi) -> str:
    return api.exhibit()["exhibit_id"]


def _file_id(api: AetherApi) -> str:
    return api.file()["file_id"]


def _own_exhibit_id(api: AetherApi, who: Persona) -> str:
    """The latest exhibit the scenario arranged in the acting persona's own account."""
    own = [e for e in api.exhibits if api.owner_of(e) == who.account]
    if not own:
        raise LookupError(f"this scenario has arranged no exhibit of {who.account.name} for {who.name} to use")
    return own[-1]["exhibit_id"]


def _lead_id(api: AetherApi) -> str:
    if not api.leads:
        raise LookupError("this scenario has arranged no lead: add one with 'the exhibit has these leads:'")
    return api.leads[-1]["tracking_id"]


ACTIONS: dict[str, Action] = {
    "look up the site": lambda api, who, owner, **o: api.bootstrap(who, domain=owner.domain, **o),
    "sign in on the site": lambda api, who, owner, **o: api.sign_in(who, site_id=owner.site_id, **o),
    "read the event": lambda api, who, owner, **o: api.get_event(who, event_id=owner.event_id, **o),
    "create an exhibit": lambda api, who, owner, **o: api.create_exhibit(who, "Pop-up stand",
                                                                        event_id=owner.event_id, **o),
    "list the event's exhibits": lambda api, who, owner, **o: api.list_exhibits(who, event_id=owner.event_id, **o),
    "read the exhibit": lambda api, who, owner, **o: api.get_exhibit(who, _exhibit_id(api), **o),
    "rename the exhibit": lambda api, who, owner, **o: api.update_exhibit(who, _exhibit_id(api),
                                                                         {"name": "Renamed stand"}, **o),
    "delete the exhibit": lambda api, who, owner, **o: api.delete_exhibit(who, _exhibit_id(api), **o),
    "add a lead": lambda api, who, owner, **o: api.add_lead(who, _exhibit_id(api),
                                                            {"first_name": "Grace", "last_name": "Hopper"}, **o),
    "list the leads": lambda api, who, owner, **o: api.list_leads(who, _exhibit_id(api), **o),
    "read the lead": lambda api, who, owner, **o: api.get_lead(who, _exhibit_id(api), _lead_id(api), **o),
    "read the lead through their own exhibit": lambda api, who, owner, **o: api.get_lead(
        who, _own_exhibit_id(api, who), _lead_id(api), **o),
    "export the leads": lambda api, who, owner, **o: api.export_leads(who, _exhibit_id(api), **o),
    "upload a file": lambda api, who, owner, **o: api.upload_file(who, "visit-notes.txt", b"Met at the booth.\n",
                                                                  "text/plain", **o),
    "look up the upload limit": lambda api, who, owner, **o: api.file_limits(who, **o),
    "list the files": lambda api, who, owner, **o: api.list_files(who, **o),
    "find the files by their content": lambda api, who, owner, **o: api.list_files(who, sha256=api.file()["sha256"],
                                                                                   **o),
    "read the file's details": lambda api, who, owner, **o: api.file_metadata(who, _file_id(api), **o),
    "download the file": lambda api, who, owner, **o: api.download_file(who, _file_id(api), **o),
    "download part of the file": lambda api, who, owner, **o: api.download_file(who, _file_id(api),
                                                                                byte_range="bytes=0-9", **o),
    "download the file by its content": lambda api, who, owner, **o: api.download_by_hash(who,
                                                                                           api.file()["sha256"], **o),
    "delete the file": lambda api, who, owner, **o: api.delete_file(who, _file_id(api), **o),
}


def owner_account(api: AetherApi, actor: Persona) -> Account:
    """The account whose objects the scenario arranged (its latest exhibit or file), else the actor's."""
    for items in (api.exhibits, api.files):
        if items:
            return api.owner_of(items[-1])
    return actor.account


def attempt(api: AetherApi, actor: Persona, action: str, **overrides: Any) -> requests.Response:
    """``overrides`` change the request's credentials as ``AetherApi.send`` takes them (token=None: no sign-in)."""
    if action not in ACTIONS:
        raise LookupError(f"no action {action!r}; the actions are: {', '.join(ACTIONS)}")
    return ACTIONS[action](api, actor, owner_account(api, actor), **overrides)
