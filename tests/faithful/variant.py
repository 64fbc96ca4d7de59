"""Another deployment of the contract: the server the suite must pass against without being the sandbox.

It is the sandbox's implementation behind a front that makes it another deployment, differing wherever
the contract leaves a choice, the way another framework, a gateway or a shared staging server would:

- **its own demo dataset and secrets**: the API keys and passcodes differ from the sandbox's (contract
  §4: secrets differ per environment), and so do the accounts', sites', events' and people's ids, the
  emails and the domains, as where a deployment's demo dataset was loaded with other values than §4's
  (what a named environment can say, ``environment_file``). The front translates them on the way in
  and out, keeping the letter case a value was typed in; a value only the sandbox has (a sandbox id,
  email, domain, key or passcode) is unknown here, so a scenario that wrote one down fails;
- **settings**: the dev API's 15-minute lockout, an upload limit of its own (``MAX_UPLOAD_BYTES``), a
  signing key the suite does not know;
- **other people's data**: exhibits, leads and files a colleague made in both accounts before the run
  (``Colleagues``), which the run must neither trip over nor delete;
- **JSON**: members in reverse order at every depth, non-ASCII written as ``\\u`` escapes, other
  whitespace; an error's detail in other words;
- **headers**: names in lower case, headers of its own (``vary``, ``x-request-id``), its own ``server``,
  the ``allow`` methods in another order; an upstream that fails answers 502, as a gateway does;
- **framing**: every body the contract does not give a length (JSON, exports) sent chunked, and every
  fifth connection closed after its answer, as gateways end keep-alive.

``FaithfulVariant(upstream).start()`` serves it on a loopback port (``.url``) in front of ``upstream``, a
sandbox started with ``SANDBOX_ARGS``; ``suite_env(folder)`` is what a suite run against it is given.
"""
from __future__ import annotations

import http.client
import itertools
import json
import re
import secrets
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

import requests

from aether_suite.auth.as_typed import capitalised
from aether_suite.client.config import variable

MAX_UPLOAD_BYTES = 8 * 2**20  # the contract leaves the limit to each deployment; the sandbox's is 10 MiB
LOCKOUT_SECONDS = 900  # the dev API's window (contract §3, passcode login)
SANDBOX_ARGS = ("--lockout-seconds", str(LOCKOUT_SECONDS), "--max-upload-bytes", str(MAX_UPLOAD_BYTES))
CLOSE_EVERY = 5  # every fifth connection is closed after its first answer
UPSTREAM_TIMEOUT = 60
ENVIRONMENT = "faithful-variant"  # the named environment's file: <folder>/faithful-variant.toml

# ---------------------------------------------------------------------------- its dataset and secrets

# field -> (the sandbox's value, this deployment's), as a named environment's tables name them.
ACCOUNTS = {
    "One Sky": {"account_id": ("_XY7DXtc9MY", "Sky0Acct_v1"), "site_id": ("92vkYC4fVEl", "Sky0Site_v1"),
                "event_id": ("pjrcghqwert", "Sky0Evnt_v1"),
                "domain": ("demo.localhost:5173", "onesky.events.example:8443")},
    "Northwind": {"account_id": ("Nw7RvLq2ZkP", "Nw0Acct__v1"), "site_id": ("Rv3kTq8LmZa", "Nw0Site__v1"),
                  "event_id": ("Nw0EvtExpo1", "Nw0Evnt__v1"),
                  "domain": ("northwind.localhost:5173", "expo.northwind.example")},
}
PERSONAS = {
    "Osiris": {"person_id": ("QWODAPCNLQU", "Osiris0Var1"),
               "email": ("osiris@demo.example", "osiris.idem@onesky.example")},
    "Cleo": {"person_id": ("HMQRNPIXQMK", "Cleo00Var01"), "email": ("cleo@demo.example", "cleo.idem@onesky.example")},
    "Scott": {"person_id": ("ffkKxiHpOEC", "Scott0Var01"),
              "email": ("scott@demo.example", "scott.idem@onesky.example")},
    "Nadia": {"person_id": ("Nw5NadiaWr3", "Nadia0Var01"),
              "email": ("nadia@northwind.example", "n.wren@northwind-expo.example")},
}
SECRETS = {
    "api_key_onesky": ("sbx-onesky-4f1c9a", "var-onesky-7c1e52d0"),
    "api_key_onesky_revoked": ("sbx-onesky-revoked-77d0", "var-onesky-old-3b9a"),
    "api_key_northwind": ("sbx-northwind-b3e8d2", "var-northwind-e41f06"),
    "passcode_osiris": ("424242", "918273"),
    "passcode_cleo": ("515151", "827364"),
    "passcode_scott": ("636363", "736455"),
    "passcode_nadia": ("737373", "645546"),
}
_IN_ANY_CASE = ("email", "domain")  # matched in any letter case (contract §3)


def environment_file(folder: Path, url: str) -> Path:
    """The named environment of this deployment (what is not secret), written into ``folder``."""
    lines = [f'base_url = "{url}"', "timeout = 30"]
    for table, entries in (("accounts", ACCOUNTS), ("personas", PERSONAS)):
        for key, fields in entries.items():
            lines += ["", f'[{table}."{key}"]', *(f'{name} = "{ours}"' for name, (_, ours) in fields.items())]
    path = folder / f"{ENVIRONMENT}.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def suite_env(folder: Path) -> dict[str, str]:
    """A suite run's settings for this deployment: its named environment and its secrets, given as the
    environment variables a CI job would set."""
    return {"AETHER_ENV": ENVIRONMENT, "AETHER_ENV_DIR": str(folder),
            **{variable(name): ours for name, (_, ours) in SECRETS.items()}}


def _pairs() -> list[tuple[str, str, str]]:
    """(field, the sandbox's value, this deployment's) of every value the two differ in."""
    return [(name, theirs, ours) for entries in (ACCOUNTS, PERSONAS) for fields in entries.values()
            for name, (theirs, ours) in fields.items()] + [(name, *values) for name, values in SECRETS.items()]


def _dud(number: int, field: str) -> str:
    """A value of the same kind that this deployment does not know."""
    if field == "email":
        return f"nobody{number}@unknown.example"
    if field == "domain":
        return f"unknown{number}.example"
    if field.endswith("_id"):
        return f"Unknown{number:04d}"
    return f"unknown-{number}"


class _Translator:
    """Requests: this deployment's values become the sandbox's, the sandbox's own become unknown ones.
    Answers: the sandbox's values become this deployment's."""

    def __init__(self):
        inward, outward = [], []
        for number, (field, theirs, ours) in enumerate(_pairs()):
            any_case = field in _IN_ANY_CASE
            inward += [(ours, theirs, any_case), (theirs, _dud(number, field), any_case)]
            outward.append((theirs, ours, False))
        self._inward, self._outward = self._compile(inward), self._compile(outward)

    @staticmethod
    def _compile(pairs: list[tuple[str, str, bool]]) -> tuple[re.Pattern, dict[str, str]]:
        """One pattern for every value, plain and URL-quoted, matched whole: not inside a longer word, hex
        digest or number (``_ALONE``)."""
        table, parts = {}, []
        for source, target, any_case in pairs:
            for form, replacement in {(source, target), (quote(source, safe=""), quote(target, safe=""))}:
                table[form.lower() if any_case else form] = replacement
                parts.append((len(form), f"(?i:{re.escape(form)})" if any_case else re.escape(form)))
        alternatives = "|".join(part for _, part in sorted(parts, reverse=True))
        return re.compile(_ALONE.format(alternatives)), table

    @staticmethod
    def _apply(compiled: tuple[re.Pattern, dict[str, str]], text: str) -> str:
        pattern, table = compiled

        def replacement(match: re.Match) -> str:
            found = match[0]
            if found in table:
                return table[found]
            target = table[found.lower()]  # typed in another letter case: the same case, translated
            return target.upper() if found.isupper() else capitalised(target) if found == capitalised(
                found.lower()) else target

        return pattern.sub(replacement, text)

    def inward(self, text: str) -> str:
        return self._apply(self._inward, text)

    def outward(self, text: str) -> str:
        return self._apply(self._outward, text)


_ALONE = r"(?<![A-Za-z0-9_.@+-])(?:{})(?!\.?[A-Za-z0-9_-])"  # a value not inside a longer one
_TRANSLATE = _Translator()
_TRANSLATED_HEADERS = frozenset({"x-aether-api-key", "x-aether-account-id"})
_RECOMPUTED = frozenset({"host", "connection", "transfer-encoding", "content-length"})  # by http.client
# The upstream's headers the front sets itself: its own framing, date and server name.
_SET_BY_THE_FRONT = frozenset({"content-length", "transfer-encoding", "connection", "keep-alive", "date", "server"})


# ---------------------------------------------------------------------------- the front

class FaithfulVariant(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str):
        super().__init__(("127.0.0.1", 0), _Front)
        self.url = f"http://localhost:{self.server_port}"  # a host name, not the sandbox's address
        self.upstream = urlsplit(upstream)
        self._connections = itertools.count(1)

    def start(self) -> "FaithfulVariant":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def closes_after_first_answer(self) -> bool:
        return next(self._connections) % CLOSE_EVERY == 0

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up mid-answer (a scenario's own time bound) needs no report; anything else
        is the front's own fault and is shown."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class _Front(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FaithfulVariant

    def setup(self) -> None:
        super().setup()
        self._closes = self.server.closes_after_first_answer()

    def _any(self) -> None:
        body = self._request_body()
        if body and self.headers.get("Content-Type", "").startswith("application/json"):
            body = _TRANSLATE.inward(body.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")
        headers = {k: _TRANSLATE.inward(v) if k.lower() in _TRANSLATED_HEADERS else v
                   for k, v in self.headers.items() if k.lower() not in _RECOMPUTED}
        upstream = self.server.upstream
        connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=UPSTREAM_TIMEOUT)
        try:
            connection.request(self.command, _TRANSLATE.inward(self.path), body=body, headers=headers)
            answer = connection.getresponse()
            status, answer_headers, content = answer.status, answer.getheaders(), answer.read()
        except (OSError, http.client.HTTPException) as error:
            print(f"faithful variant: the sandbox gave no answer to {self.command} {self.path}: {error!r}",
                  file=sys.stderr)
            status, answer_headers = 502, [("content-type", "application/json")]
            content = b'{"code": "bad_gateway", "detail": "The server behind the gateway did not answer."}'
        finally:
            connection.close()
        self._answer(status, answer_headers, content)

    def send_response(self, code: int, message: str | None = None) -> None:
        """The status line, then this server's own name and the date, in lower case like every header."""
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("server", "aether-variant/3")
        self.send_header("date", self.date_time_string())

    do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = do_HEAD = do_OPTIONS = _any

    def _request_body(self) -> bytes | None:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts = []
            while size := int(self.rfile.readline().split(b";")[0], 16):
                parts.append(self.rfile.read(size))
                self.rfile.readline()
            self.rfile.readline()
            return b"".join(parts)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else None

    def _answer(self, status: int, headers: list[tuple[str, str]], content: bytes) -> None:
        length = dict((name.lower(), value) for name, value in headers).get("content-length")
        kept = [(name.lower(), value) for name, value in headers if name.lower() not in _SET_BY_THE_FRONT]
        if dict(kept).get("content-type", "").startswith("application/json") and content:
            content = _varied_json(json.loads(_TRANSLATE.outward(content.decode("utf-8"))), error=status >= 400)
        kept = [(name, _reordered(value) if name == "allow" else value) for name, value in kept]
        kept += [("vary", "accept-encoding"), ("x-request-id", secrets.token_hex(8))]
        has_body = self.command != "HEAD" and status not in (204, 304)
        chunked = has_body and "content-range" not in dict(kept) and not self.path.split("?")[0].endswith("/download")
        self.send_response(status)
        for name, value in kept:
            self.send_header(name, value)
        if self._closes:
            self.send_header("connection", "close")
            self.close_connection = True
        if chunked:
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()
            middle = len(content) // 2
            for piece in (content[:middle], content[middle:]):
                if piece:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        else:
            if has_body:
                self.send_header("content-length", str(len(content)))
            elif self.command == "HEAD" and length is not None:  # what a GET would carry
                self.send_header("content-length", length)
            self.end_headers()
            if has_body:
                self.wfile.write(content)

    def log_message(self, *args) -> None:
        pass


def _varied_json(value, error: bool) -> bytes:
    if error and isinstance(value, dict) and "detail" in value:
        value = {**value, "detail": f"This deployment turned the request down ({value['code'].replace('_', ' ')})."}
    return json.dumps(_reversed_members(value), ensure_ascii=True, indent=1).encode("ascii")


def _reversed_members(value):
    if isinstance(value, dict):
        return {key: _reversed_members(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_reversed_members(item) for item in value]
    return value


def _reordered(allow: str) -> str:
    return ", ".join(reversed([method.strip() for method in allow.split(",")]))


# ---------------------------------------------------------------------------- other people's data

class Colleagues:
    """What people made on the shared server before the run: exhibits with leads, and files, in both
    accounts, made through the API as a colleague would (no run marker, no journal)."""

    MADE = [  # (person, what: ("exhibit", name, booth) or ("file", filename, bytes))
        ("Osiris", ("exhibit", "Product launch stand", "B12")),
        ("Osiris", ("file", "floor-plan.pdf", b"%PDF-1.4 the hall's floor plan")),
        ("Cleo", ("file", "visitor-notes.txt", "Besucher am Stand: Müller, Åberg\n".encode())),
        ("Nadia", ("exhibit", "Northwind welcome desk", None)),
        ("Nadia", ("file", "welcome-pack.txt", b"Welcome to the Northwind Spring Expo\n")),
    ]
    MANAGERS = {"One Sky": "Osiris", "Northwind": "Nadia"}

    def __init__(self, url: str):
        self.url = url
        self.made: dict[str, dict[str, list[str]]] = {acct: {"exhibits": [], "files": []} for acct in ACCOUNTS}

    def make(self) -> "Colleagues":
        for person, (kind, name, extra) in self.MADE:
            acct, session = self._account_of(person), self._signed_in(person)
            if kind == "exhibit":
                exhibit = _ok(session.post(f"{self.url}/v3/crud/event_exhibit", timeout=10, json={
                    "event_id": ACCOUNTS[acct]["event_id"][1], "name": name, "booth": extra}))
                for first, last in (("Ines", "Ortega"), ("Tomás", "Ng")):
                    _ok(session.post(f"{self.url}/v3/crud/event_exhibit/{exhibit['exhibit_id']}/tracking",
                                     json={"first_name": first, "last_name": last}, timeout=10))
                self.made[acct]["exhibits"].append(exhibit["exhibit_id"])
            else:
                made = _ok(session.post(f"{self.url}/v3/action/file/upload", timeout=10,
                                        files={"file": (name, extra, "application/octet-stream")}))
                self.made[acct]["files"].append(made["file_id"])
        return self

    def what_is_there(self) -> dict[str, dict[str, list[str]]]:
        """Per account, the ids of the exhibits at its event and of its files, as the lists show them."""
        there = {}
        for acct, manager in self.MANAGERS.items():
            session = self._signed_in(manager)
            exhibits = _ok(session.get(f"{self.url}/v3/crud/event_exhibit", timeout=10,
                                       params={"event_id": ACCOUNTS[acct]["event_id"][1]}))
            files = _ok(session.get(f"{self.url}/v3/action/file", timeout=10))
            there[acct] = {"exhibits": [item["exhibit_id"] for item in exhibits["items"]],
                           "files": [item["file_id"] for item in files["items"]]}
        return there

    def _account_of(self, person: str) -> str:
        return "Northwind" if person == "Nadia" else "One Sky"

    def _signed_in(self, person: str) -> requests.Session:
        acct = self._account_of(person)
        session = requests.Session()
        session.headers.update({"x-aether-api-key": SECRETS[f"api_key_{acct.replace(' ', '').lower()}"][1],
                                "x-aether-account-id": ACCOUNTS[acct]["account_id"][1]})
        token = _ok(session.post(f"{self.url}/v3/auth/passcode", timeout=10, json={
            "site_id": ACCOUNTS[acct]["site_id"][1], "email": PERSONAS[person]["email"][1],
            "passcode": SECRETS[f"passcode_{person.lower()}"][1]}))["access_token"]
        session.headers["Authorization"] = f"Bearer {token}"
        return session


def _ok(response: requests.Response) -> dict:
    response.raise_for_status()
    return response.json()
