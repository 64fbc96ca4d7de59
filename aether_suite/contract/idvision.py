"""ID Vision (contract §0): identifiers are opaque 11-character strings; internal numbers never leak.

The API object runs ``check_response`` on every JSON answer, so any scenario catches a leak.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from aether_suite.contract import endpoints

ID_PATTERN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{10}\Z")

# Keys holding an identifier that is not named *_id: the uploader of a file is a person id.
OTHER_IDENTIFIER_KEYS = frozenset({"uploaded_by"})
# *_id keys whose value the client supplies (a lead's badge number): never a number, free text else.
CLIENT_SUPPLIED_KEYS = frozenset({"badge_id"})
# Path placeholders that are not identifiers.
NOT_IDENTIFIERS = frozenset({"sha256"})


class IdVisionViolation(AssertionError):
    """A response broke ID Vision; the message names the request and every offending value."""


def is_identifier(value: object) -> bool:
    return isinstance(value, str) and ID_PATTERN.match(value) is not None


def identifier_fields(body: object, where: str = "body") -> Iterator[tuple[str, str, object]]:
    """Every field of a JSON body whose key names an identifier (id, *_id, uploaded_by), at any depth,
    as (place, key, value): ``("body.items[0].exhibit_id", "exhibit_id", "a1B2c3D4e5F")``. The walk does
    not descend into such a field's value."""
    if isinstance(body, dict):
        for key, value in body.items():
            place = f"{where}.{key}"
            if key == "id" or key.endswith("_id") or key in OTHER_IDENTIFIER_KEYS:
                yield place, key, value
            else:
                yield from identifier_fields(value, place)
    elif isinstance(body, list):
        for index, item in enumerate(body):
            yield from identifier_fields(item, f"{where}[{index}]")


def body_violations(body: object, where: str = "body") -> list[str]:
    """Each place in a JSON body where ID Vision is broken, as ``where.key=value (why)``."""
    found: list[str] = []
    for place, key, value in identifier_fields(body, where):
        if isinstance(value, (int, float)):  # bool is an int too
            found.append(f"{place}={value!r} (a number)")
        elif key not in CLIENT_SUPPLIED_KEYS and not is_identifier(value):
            found.append(f"{place}={value!r} (not an 11-character opaque id)")
    return found


def path_violations(path: str, where: str = "path") -> list[str]:
    """Identifiers in an Aether path (e.g. a Location header) that are not opaque 11-character ids."""
    url_path = urlsplit(path).path
    url_path = url_path[url_path.find("/v3/"):] if "/v3/" in url_path else url_path  # a server's prefix
    matched = endpoints.match(url_path)
    if matched is None:
        return [f"{where} {path!r} (not a path of the contract)"]
    return [f"{where} {name}={unquote(value)!r} (not an 11-character opaque id)"
            for name, value in matched[1].items()
            if name not in NOT_IDENTIFIERS and not is_identifier(unquote(value))]


def check_response(request_label: str, body: object, location: str | None) -> None:
    """Raise IdVisionViolation naming ``request_label`` when the body or Location breaks ID Vision."""
    found = body_violations(body)
    if location:
        found += path_violations(location, "Location")
    if found:
        raise IdVisionViolation(f"ID Vision broken by the answer to {request_label}: {'; '.join(found)}")
