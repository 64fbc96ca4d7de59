"""Reading the headers that label an answer: Content-Disposition, strictly (RFC 6266 with RFC 5987),
and Cache-Control. Nothing else in the suite parses either header.

``disposition(header)`` parses a value and names, in words, whatever is malformed in it;
``attachment_name(response)`` is the name a browser would save a download under (``filename*`` first);
``cache_problems(headers)`` says how an answer departs from "never stored" (``no-store``).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

import requests

# --- Content-Disposition (RFC 6266, with RFC 5987 ext-values) --------------------------------------------------

_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_PARAMETER = re.compile(rf"\s*;\s*({_TOKEN})\s*=\s*({_TOKEN}|{_QUOTED})\s*")
_EXT_VALUE = re.compile(r"([A-Za-z0-9!#$&+^_`{}~-]+)'([A-Za-z0-9-]*)'((?:%[0-9A-Fa-f]{2}|[A-Za-z0-9!#$&+.^_`|~-])*)")


@dataclass(frozen=True)
class Disposition:
    kind: str  # "attachment", "inline", ... lowercased
    filename: str | None  # the plain parameter: the fallback for clients without RFC 5987
    filename_star: str | None  # filename* decoded; None when absent
    problems: tuple[str, ...]  # why the header is not well formed, in words


def disposition(header: str | None) -> Disposition:
    """Parse a Content-Disposition value; anything malformed is named in ``problems``."""
    if not header:
        return Disposition("", None, None, ("there is no disposition",))
    kind_match = re.match(rf"\s*({_TOKEN})", header)
    if not kind_match:
        return Disposition("", None, None, (f"{header!r} does not begin with a disposition type",))
    problems: list[str] = []
    params: dict[str, str] = {}
    position = kind_match.end()
    while position < len(header.rstrip()):
        found = _PARAMETER.match(header, position)
        if not found:
            problems.append(f"cannot read the parameters from {header[position:]!r}")
            break
        name, value = found[1].lower(), found[2]
        if name in params:
            problems.append(f"the parameter {name} is given twice")
        if value.startswith('"'):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        params.setdefault(name, value)
        position = found.end()
    star = None
    if "filename*" in params:
        star, problem = _ext_value(params["filename*"])
        if problem:
            problems.append(problem)
    return Disposition(kind_match[1].lower(), params.get("filename"), star, tuple(problems))


def _ext_value(value: str) -> tuple[str | None, str | None]:
    """RFC 5987 ext-value ``charset'language'pct-encoded`` decoded, or (None, why not)."""
    found = _EXT_VALUE.fullmatch(value)
    if not found:
        return None, f"filename* {value!r} is not an RFC 5987 value (charset'language'percent-encoded)"
    charset = found[1].lower()
    if charset not in ("utf-8", "iso-8859-1"):
        return None, f"filename* uses the charset {found[1]!r}; RFC 5987 allows UTF-8 and ISO-8859-1"
    try:
        return unquote_to_bytes(found[3]).decode(charset), None
    except UnicodeDecodeError:
        return None, f"filename* {value!r} is not valid {found[1]}"


def attachment_name(response: requests.Response) -> str | None:
    """The name a download is saved under: ``filename*`` where it is given, else ``filename``."""
    header = response.headers.get("Content-Disposition")
    if header is None:
        return None
    parsed = disposition(header)
    return parsed.filename_star if parsed.filename_star is not None else parsed.filename



# --- Cache-Control (RFC 9111) -----------------------------------------------------------------------------------

def cache_directives(headers: Mapping[str, str]) -> set[str]:
    """The Cache-Control directives, lowercased, without their arguments ("max-age=0" is "max-age")."""
    return {part.split("=", 1)[0].strip().lower() for part in headers.get("Cache-Control", "").split(",")
            if part.strip()}


def cache_problems(headers: Mapping[str, str]) -> list[str]:
    """How an answer departs from "never stored by browsers or proxies" (empty when it carries no-store)."""
    if "no-store" in cache_directives(headers):
        return []
    return [f"expected Cache-Control 'no-store', got {headers.get('Cache-Control')!r}"]
