"""ID Vision: opaque 11-character public identifiers; internal integer keys never leave the server."""
import re
import secrets

ID_PATTERN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{10}")


def new_id() -> str:
    while True:
        candidate = secrets.token_urlsafe(8)  # 8 bytes -> 11 url-safe characters
        if not candidate.startswith("-"):
            return candidate


def is_id(value: str) -> bool:
    return bool(ID_PATTERN.fullmatch(value))
