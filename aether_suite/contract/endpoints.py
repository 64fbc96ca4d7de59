"""Every endpoint of the Aether V3 contract and the credentials each one requires, read from the one list
of them: the OpenAPI document contract/aether-v3.openapi.json (its ``paths`` and each operation's
``security``).

The names below (``EXHIBIT``, ``FILE_UPLOAD``, ...) are the client's handles on the document's paths; a
name whose path the document lacks stops the import, saying which. ``EXHIBIT.path(exhibit_id="abc")``
fills a template; ``match("/v3/...")`` finds the endpoint a path belongs to, which is how the API object
knows which credentials to send by default, how Location headers are checked and how the shape check
(aether_suite/contract/schema.py) finds an answer's operation. tests/sandbox/test_routes.py holds the
sandbox's routes to this list.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlsplit

DOCUMENT_PATH = Path(__file__).resolve().parents[2] / "contract" / "aether-v3.openapi.json"
HTTP_METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")


class Credentials(Enum):
    NONE = "none"  # health
    KEY = "key"  # the application's API key only: site bootstrap, passcode login
    PERSON = "person"  # key, account context and a person's bearer token (P in the contract)


# The document's security requirement (the schemes of components.securitySchemes) -> what it means here.
_SECURITY = {frozenset(): Credentials.NONE, frozenset({"ApiKey"}): Credentials.KEY,
             frozenset({"ApiKey", "AccountContext", "Bearer"}): Credentials.PERSON}


@dataclass(frozen=True)
class Endpoint:
    template: str  # "/v3/crud/event_exhibit/{exhibit_id}"
    credentials: Credentials
    methods: tuple[str, ...]  # "GET", "PATCH", ... in document order
    _pattern: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.template))
        object.__setattr__(self, "_pattern", re.compile(regex + r"\Z"))

    def path(self, **values: str) -> str:
        """The template with each ``{name}`` replaced by its value, percent-encoded."""
        return re.sub(r"\{(\w+)\}", lambda m: quote(str(values[m.group(1)]), safe=""), self.template)

    def parameters(self, path: str) -> dict[str, str] | None:
        """The values of the template's placeholders in ``path``, or None if it is not this endpoint."""
        found = self._pattern.match(path)
        return None if found is None else found.groupdict()


@cache
def document() -> dict:
    """The OpenAPI document as loaded from DOCUMENT_PATH."""
    return json.loads(DOCUMENT_PATH.read_text(encoding="utf-8"))


def _endpoint(template: str, item: dict) -> Endpoint:
    methods = [method for method in item if method in HTTP_METHODS]
    needs = {_credentials(template, method, item[method].get("security")) for method in methods}
    if len(needs) != 1:
        raise ValueError(f"{DOCUMENT_PATH.name}: the operations of {template} need different credentials; "
                         f"the suite sends credentials by path")
    return Endpoint(template, needs.pop(), tuple(method.upper() for method in methods))


def _credentials(template: str, method: str, security: list[dict] | None) -> Credentials:
    schemes = frozenset().union(*security) if security is not None else None
    if schemes is None or schemes not in _SECURITY or len(security) > 1:
        raise ValueError(f"{DOCUMENT_PATH.name}: {method.upper()} {template} has security {security!r}; "
                         f"the suite knows none, the API key, or key, account context and bearer together")
    return _SECURITY[schemes]


ALL: tuple[Endpoint, ...] = tuple(_endpoint(template, item) for template, item in document()["paths"].items())
# Every (METHOD, path template) of the contract, in document order.
OPERATIONS: tuple[tuple[str, str], ...] = tuple((method, e.template) for e in ALL for method in e.methods)
# Literal segments win over placeholders: /v3/action/file/limits is the limits, not a file id.
_MOST_SPECIFIC_FIRST = sorted(ALL, key=lambda e: e.template.count("{"))


def match(path: str) -> tuple[Endpoint, dict[str, str]] | None:
    """The endpoint ``path`` (a URL's path; its query is ignored) belongs to and its placeholder values,
    or None."""
    path = urlsplit(path).path
    for endpoint in _MOST_SPECIFIC_FIRST:
        values = endpoint.parameters(path)
        if values is not None:
            return endpoint, values
    return None


def _named(template: str) -> Endpoint:
    found = next((endpoint for endpoint in ALL if endpoint.template == template), None)
    if found is None:
        raise LookupError(f"{DOCUMENT_PATH.name} has no path {template}, which the suite's client calls")
    return found


HEALTH = _named("/v3/health")
SITE_BOOTSTRAP = _named("/v3/site/bootstrap")
PASSCODE_LOGIN = _named("/v3/auth/passcode")
ME = _named("/v3/auth/me")
EVENT = _named("/v3/crud/event/{event_id}")
EXHIBITS = _named("/v3/crud/event_exhibit")
EXHIBIT = _named("/v3/crud/event_exhibit/{exhibit_id}")
LEADS = _named("/v3/crud/event_exhibit/{exhibit_id}/tracking")
LEAD = _named("/v3/crud/event_exhibit/{exhibit_id}/tracking/{tracking_id}")
LEADS_EXPORT = _named("/v3/action/event_exhibit/{exhibit_id}/tracking_export")
FILES = _named("/v3/action/file")
FILE_LIMITS = _named("/v3/action/file/limits")
FILE_UPLOAD = _named("/v3/action/file/upload")
FILE = _named("/v3/action/file/{file_id}")
FILE_DOWNLOAD = _named("/v3/action/file/{file_id}/download")
FILE_BY_HASH_DOWNLOAD = _named("/v3/action/file/by_hash/{sha256}/download")

# A path no endpoint has, under an exhibit: what a scenario asks for to meet "a path that does not exist".
NOT_IN_THE_CONTRACT = "/v3/crud/event_exhibit/{exhibit_id}/photos"


def created_path(created: Mapping) -> str:
    """The URL path of the object a create answered with (contract §0: a create's Location names it)."""
    if "tracking_id" in created:
        return LEAD.path(exhibit_id=created["exhibit_id"], tracking_id=created["tracking_id"])
    if "file_id" in created:
        return FILE.path(file_id=created["file_id"])
    return EXHIBIT.path(exhibit_id=created["exhibit_id"])


LOCKING_FAILURES = 5  # consecutive failed sign-ins that lock a (site, email) pair (contract §3, passcode login)
