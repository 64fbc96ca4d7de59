"""Every endpoint path of the Aether V3 contract (§3), with the credentials each one requires (§1).

``EXHIBIT.path(exhibit_id="abc")`` fills a template; ``match("/v3/...")`` finds the endpoint a path
belongs to, which is how the API object knows what to send by default and how Location headers
are checked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from urllib.parse import quote


class Credentials(Enum):
    NONE = "none"  # health
    KEY = "key"  # the application's API key only: site bootstrap, passcode login
    PERSON = "person"  # key, account context and a person's bearer token (P in the contract)


@dataclass(frozen=True)
class Endpoint:
    template: str
    credentials: Credentials = Credentials.PERSON
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


HEALTH = Endpoint("/v3/health", Credentials.NONE)
SITE_BOOTSTRAP = Endpoint("/v3/site/bootstrap", Credentials.KEY)
PASSCODE_LOGIN = Endpoint("/v3/auth/passcode", Credentials.KEY)
ME = Endpoint("/v3/auth/me")
EVENT = Endpoint("/v3/crud/event/{event_id}")
EXHIBITS = Endpoint("/v3/crud/event_exhibit")
EXHIBIT = Endpoint("/v3/crud/event_exhibit/{exhibit_id}")
LEADS = Endpoint("/v3/crud/event_exhibit/{exhibit_id}/tracking")
LEAD = Endpoint("/v3/crud/event_exhibit/{exhibit_id}/tracking/{tracking_id}")
LEADS_EXPORT = Endpoint("/v3/action/event_exhibit/{exhibit_id}/tracking_export")
FILES = Endpoint("/v3/action/file")
FILE_LIMITS = Endpoint("/v3/action/file/limits")
FILE_UPLOAD = Endpoint("/v3/action/file/upload")
FILE = Endpoint("/v3/action/file/{file_id}")
FILE_DOWNLOAD = Endpoint("/v3/action/file/{file_id}/download")
FILE_BY_HASH_DOWNLOAD = Endpoint("/v3/action/file/by_hash/{sha256}/download")

ALL = (HEALTH, SITE_BOOTSTRAP, PASSCODE_LOGIN, ME, EVENT, EXHIBITS, EXHIBIT, LEADS, LEAD,
       LEADS_EXPORT, FILES, FILE_LIMITS, FILE_UPLOAD, FILE, FILE_DOWNLOAD, FILE_BY_HASH_DOWNLOAD)
# Fixed segments win over placeholders: /v3/action/file/limits is the limits, not a file id.
_MOST_SPECIFIC_FIRST = sorted(ALL, key=lambda e: e.template.count("{"))


def match(path: str) -> tuple[Endpoint, dict[str, str]] | None:
    """The endpoint ``path`` belongs to (a query is ignored) and its placeholder values, or None."""
    path = path.split("?", 1)[0]
    for endpoint in _MOST_SPECIFIC_FIRST:
        values = endpoint.parameters(path)
        if values is not None:
            return endpoint, values
    return None
