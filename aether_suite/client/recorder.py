"""Every request a scenario makes, kept for the report with each secret redacted.

Redaction is one mechanism, the Redactor: a field-name rule (access_token, passcode, Authorization,
x-aether-api-key) plus the set of known secrets (the config's, and every access_token seen during the
run), which are replaced wherever they appear: headers, bodies, paths, assertion messages.

A token is a secret in its signature too: a token made from a real one (its header and signature kept,
its claims changed, as forged-token scenarios make them) and any text holding a real token's
signature are redacted whole, so no output holds the parts to rebuild a working token.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import requests

REDACTED = "«redacted»"
SECRET_FIELDS = frozenset({"access_token", "passcode", "authorization", "x-aether-api-key"})
# Fields whose values become known secrets. Not a passcode field: a scenario may send a wrong
# passcode like "1", and the real ones are config secrets already.
ISSUED_TOKEN_FIELDS = frozenset({"access_token"})
BODY_LIMIT = 2048  # characters of a body kept in a record
# Headers every request or answer carries, left out of the record to keep it readable.
_ROUTINE_HEADERS = frozenset({"user-agent", "accept", "accept-encoding", "connection", "content-length",
                              "date", "server"})
_TEXT_TYPES = re.compile(r"^(text/|application/(json|problem\+json|x-www-form-urlencoded)|.*\+json)")
_PART_HEADERS = re.compile(rb"Content-Disposition:[^\r\n]*(?:\r\nContent-Type:[^\r\n]*)?", re.IGNORECASE)
_BOUNDARY = re.compile(r'boundary="?([^";]+)"?', re.IGNORECASE)
_PART_HEAD_LIMIT = 16384  # bytes after a boundary searched for the part's headers
_BEGINNING = 8  # characters of a secret that Redactor.text looks for first
_JWT = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.([A-Za-z0-9_-]{16,})$")  # header.payload.signature
_TOKEN_CHARACTERS = "[A-Za-z0-9_.-]*"  # what may surround a signature in a token made from it


class Redactor:
    """Removes secrets from text, headers and JSON; learns the tokens the run is issued."""

    def __init__(self, secrets: Iterable[str] = ()):
        self._secrets: list[str] = []  # longest first: a longer secret may contain a shorter one
        # The secrets' distinct beginnings. Every issued token begins like every other (its JWT header),
        # so a text is searched for a handful of beginnings rather than for each of the run's many
        # secrets: most texts contain none, and those are then left at once.
        self._beginnings: set[str] = set()
        self._signatures: dict[str, re.Pattern] = {}  # a known token's signature -> it, within token characters
        for secret in secrets:
            self.learn(secret)

    def learn(self, secret: object) -> None:
        """Redact ``secret`` from now on; a signed token (a JWT) also by its signature, with whatever
        token characters surround it."""
        if isinstance(secret, str) and secret and secret not in self._secrets:
            self._secrets.append(secret)
            self._secrets.sort(key=len, reverse=True)
            self._beginnings.add(secret[:_BEGINNING])
            signed = _JWT.match(secret.strip())
            if signed and signed.group(1) not in self._signatures:
                signature = signed.group(1)
                self._signatures[signature] = re.compile(
                    f"{_TOKEN_CHARACTERS}{re.escape(signature)}{_TOKEN_CHARACTERS}")
                self._beginnings.add(signature[:_BEGINNING])

    def text(self, text: str) -> str:
        present = {beginning for beginning in self._beginnings if beginning in text}
        if present:
            for signature, surrounded in self._signatures.items():
                if signature[:_BEGINNING] in present and signature in text:
                    text = surrounded.sub(REDACTED, text)
            for secret in self._secrets:
                if secret[:_BEGINNING] in present:
                    text = text.replace(secret, REDACTED)
        return text

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        return {name: REDACTED if name.lower() in SECRET_FIELDS else self.text(str(value))
                for name, value in headers.items()}

    def json(self, data: object) -> object:
        """``data`` with secret fields blanked and known secrets removed from every string.

        Issued tokens are learned first, so they vanish everywhere else too.
        """
        self.learn_tokens(data)
        return self._redact(data)

    def learn_tokens(self, data: object) -> None:
        """Learn every token issued in a JSON value (an access_token field, at any depth)."""
        if isinstance(data, dict):
            for key, value in data.items():
                if key.lower() in ISSUED_TOKEN_FIELDS:
                    self.learn(value)
                else:
                    self.learn_tokens(value)
        elif isinstance(data, list):
            for item in data:
                self.learn_tokens(item)

    def _redact(self, data: object) -> object:
        if isinstance(data, dict):
            return {key: REDACTED if key.lower() in SECRET_FIELDS else self._redact(value)
                    for key, value in data.items()}
        if isinstance(data, list):
            return [self._redact(item) for item in data]
        return self.text(data) if isinstance(data, str) else data

    def body(self, raw: bytes | str, content_type: str) -> str:
        """A body as redacted text: JSON re-serialised without secret fields, other text as is."""
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
        if "json" in content_type:
            try:
                return json.dumps(self.json(json.loads(text)), ensure_ascii=False)
            except ValueError:
                pass  # not JSON after all: the known-secret rule still applies
        return self.text(text)


@dataclass(frozen=True)
class Details:
    """An exchange's headers and bodies, redacted."""

    request_headers: dict[str, str]
    request_body: str
    response_headers: dict[str, str]
    response_body: str


@dataclass(frozen=True)
class Exchange:
    """One request and its answer, redacted."""

    phase: str  # "act" (a When/Then step), "arrange" (behind a Given, or a sign-in), "cleanup"
    persona: str | None
    method: str
    path: str
    status: int
    error_code: str | None  # the "code" of an error body
    detail: str | None  # the "detail" of an error body
    elapsed_ms: int
    # Makes the headers and bodies when first read: most exchanges are never shown, and redacting them
    # all as they happened cost a tenth of the suite's own time.
    make_details: Callable[[], Details] = field(repr=False, compare=False)

    @functools.cached_property
    def details(self) -> Details:
        return self.make_details()

    request_headers = property(lambda self: self.details.request_headers)
    request_body = property(lambda self: self.details.request_body)
    response_headers = property(lambda self: self.details.response_headers)
    response_body = property(lambda self: self.details.response_body)

    @property
    def caller(self) -> str:
        return self.persona or "an anonymous caller"

    @property
    def request(self) -> str:
        """``Scott's GET /v3/...``"""
        return f"{self.persona}'s {self.method} {self.path}" if self.persona else f"{self.method} {self.path}"

    @property
    def answer(self) -> str:
        """``403 permission_denied (Only managers ...)``"""
        text = str(self.status)
        if self.error_code:
            text += f" {self.error_code}"
        if self.detail:
            text += f" ({self.detail})"
        return text

    def render(self) -> str:
        lines = [f"[{self.phase}] {self.request} -> {self.status} in {self.elapsed_ms} ms"]
        lines += [f"  > {name}: {value}" for name, value in self.request_headers.items()
                  if name.lower() not in _ROUTINE_HEADERS]
        if self.request_body:
            lines.append(f"  > {self.request_body}")
        lines += [f"  < {name}: {value}" for name, value in self.response_headers.items()
                  if name.lower() not in _ROUTINE_HEADERS]
        if self.response_body:
            lines.append(f"  < {self.response_body}")
        return "\n".join(lines)


class Recorder:
    """The exchanges of one scenario, in order."""

    def __init__(self, redactor: Redactor):
        self.redactor = redactor
        self.exchanges: list[Exchange] = []
        self._of_response: weakref.WeakKeyDictionary[requests.Response, Exchange] = weakref.WeakKeyDictionary()

    def record(self, response: requests.Response, *, phase: str, persona: str | None,
               body_read: bool, error: Mapping | None, body_json: object = None) -> Exchange:
        """The exchange, kept; ``body_json``: the answer's parsed JSON body, whose issued tokens the
        redactor learns at once (the rest is redacted when first shown, by then knowing every secret)."""
        request, redact = response.request, self.redactor
        redact.learn_tokens(body_json)
        response_type = response.headers.get("Content-Type", "")

        def details() -> Details:
            return Details(
                request_headers=redact.headers(request.headers),
                request_body=_request_body(redact, request),
                response_headers=redact.headers(response.headers),
                response_body=(_body_text(redact, response.content, response_type) if body_read
                               else "(streamed: not recorded)"))

        exchange = Exchange(
            phase=phase,
            persona=persona,
            method=request.method,
            path=redact.text(request.path_url),
            status=response.status_code,
            error_code=_text_or_none(redact, error, "code"),
            detail=_text_or_none(redact, error, "detail"),
            elapsed_ms=round(response.elapsed.total_seconds() * 1000),
            make_details=details,
        )
        self.exchanges.append(exchange)
        self._of_response[response] = exchange
        return exchange

    def exchange_of(self, response: requests.Response) -> Exchange:
        """The record of that answer; unlike the latest exchange, right for requests sent side by side too."""
        return self._of_response[response]

    def render(self) -> str:
        return "\n".join(exchange.render() for exchange in self.exchanges)


def _text_or_none(redactor: Redactor, error: Mapping | None, key: str) -> str | None:
    value = (error or {}).get(key)
    return None if value is None else redactor.text(str(value))


def _request_body(redactor: Redactor, request: requests.PreparedRequest) -> str:
    body, content_type = request.body, request.headers.get("Content-Type", "")
    if body is None:
        return ""
    if not isinstance(body, (bytes, str)):
        return "(streamed: not recorded)"
    if content_type.startswith("multipart/"):
        raw = body.encode() if isinstance(body, str) else body
        parts = "; ".join(h.decode("utf-8", "replace").replace("\r\n", ", ") for h in _part_headers(raw, content_type))
        return redactor.text(f"(multipart, {len(raw)} bytes: {parts})")
    return _body_text(redactor, body, content_type)


def _part_headers(raw: bytes, content_type: str) -> list[bytes]:
    """Each part's Content-Disposition (and Content-Type) header, looked for only in the head of each part
    (right after its boundary): the file's bytes are skipped by a plain search for the next boundary, never
    scanned by a pattern, and header-like text inside a file is never taken for a header."""
    boundary = _BOUNDARY.search(content_type)
    if boundary is None:
        return _PART_HEADERS.findall(raw)
    delimiter = b"--" + boundary.group(1).encode("latin-1")
    found, at = [], raw.find(delimiter)
    while at >= 0:
        start = at + len(delimiter)
        end = raw.find(b"\r\n\r\n", start, start + _PART_HEAD_LIMIT)
        end = start + _PART_HEAD_LIMIT if end < 0 else end
        found += _PART_HEADERS.findall(raw, start, end)
        at = raw.find(delimiter, end)
    return found


def _body_text(redactor: Redactor, raw: bytes | str, content_type: str) -> str:
    if not raw:
        return ""
    if isinstance(raw, bytes) and not _TEXT_TYPES.match(content_type.lower()):
        return f"({len(raw)} bytes of {content_type or 'unknown type'}, sha256 {hashlib.sha256(raw).hexdigest()})"
    text = redactor.body(raw, content_type.lower())
    if len(text) > BODY_LIMIT:
        text = f"{text[:BODY_LIMIT]}… ({len(text)} characters in all)"
    return text
