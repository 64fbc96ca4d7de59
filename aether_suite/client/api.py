"""The API context object: ``context.api``, one per scenario, and the SuiteRun it shares with the run.

Steps act through the endpoint methods (one per contract endpoint) or ``send`` (any request, with
credentials overridden or left out). Given steps use the ``arrange_*`` helpers, which set up data as
the account's manager and leave ``last`` alone. Whatever a scenario creates is deleted by
``cleanup()`` when it ends, pass or fail, and each create is journalled before it is sent
(aether_suite/client/journal.py), so that what a killed run leaves is swept by the next one.

Every endpoint method takes the persona who acts (a name like "Scott" or a Persona) and, after its
own arguments, optional credential overrides handed to ``send``:
``api_key=``, ``account_id=``, ``token=`` (a value to send instead, or None to leave the header out)
and ``headers=`` (extra headers; they win).
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import requests

from aether_suite.client.config import SuiteConfig
from aether_suite.client.journal import EXHIBIT, FILE, SIGN_IN_FAILURES, Entry, Journal, matches, object_id
from aether_suite.client.meter import HttpMeter
from aether_suite.client.personas import PERSONAS, Account, Persona, account, account_with_id, manager_of
from aether_suite.client.personas import persona as find_persona
from aether_suite.client.recorder import Exchange, Recorder, Redactor
from aether_suite.client.server_time import RealTime, ServerTime
from aether_suite.client.transport import Transport
from aether_suite.contract import endpoints, idvision
from aether_suite.contract import schema as contract_schema
from aether_suite.contract.endpoints import Credentials
from aether_suite.errors import (
    ArrangementFailed,
    CleanupFailed,
    ContractViolation,
    NotAether,
    ServerUnreachable,
    one_line,
)

HEALTH_TIMEOUT = 3.0  # seconds for the whole health answer: an unfit server is reported within 5 s
STOP_AFTER_UNREACHABLE = 3  # requests in a row without an answer after which the run stops
TOKEN_RENEWAL_MARGIN = 60  # seconds before expiry at which a cached token is renewed


class _Marker:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


DEFAULT = _Marker("DEFAULT")  # what the acting persona sends normally
OMIT = _Marker("OMIT")  # leave this body field or query parameter out


class SuiteRun:
    """What the whole run shares: the config, the transport, the redactor, signed-in tokens.

    It stops the run when the server stops answering: after ``STOP_AFTER_UNREACHABLE`` requests in a row
    get no complete answer, ``stopped`` says why, and every later request fails at once with that reason
    (environment.py then ends the run, naming what is left to clean).
    """

    def __init__(self, config: SuiteConfig, journal: Journal | None = None, clock: ServerTime | None = None):
        if config.base_url is None:
            raise ValueError("the run needs a server: start the embedded sandbox and use config.targeting()")
        self.config = config
        # What the run is about to create; by default kept in memory only (for the scenarios' clean-up).
        self.journal = journal or Journal(None, config.base_url)
        self.redactor = Redactor(config.secrets.values())
        self.clock = clock or RealTime()  # how time passes on the server (client/server_time.py)
        self.tokens: dict[str, tuple[str, float]] = {}  # persona name -> (token, monotonic expiry)
        self.http_meter = HttpMeter()  # every request's wall time, for the run's statistics (run_stats.py)
        self.transport = Transport(config.base_url, timeout=config.timeout, meter=self.http_meter,
                                   connect_timeout=config.connect_timeout)
        self.stopped: str | None = None  # why the run stopped: the server stopped answering
        self.left_behind: list[str] = []  # what scenarios' clean-ups could not delete (environment.py)
        self._unreachable_in_a_row = 0
        self._lock = threading.Lock()

    def transmit(self, method: str, path: str, *, timeout: float | None = None, **request: Any) -> requests.Response:
        """One HTTP request through the transport (client/transport.py): raises ServerUnreachable or
        UnusableAnswer with a one-line message when there is no usable answer."""
        if self.stopped:
            raise ServerUnreachable(f"{method} {path} was not sent: the server had stopped answering")
        try:
            response = self.transport.request(method, path, timeout=timeout, **request)
        except ServerUnreachable as error:
            with self._lock:
                self._unreachable_in_a_row += 1
                if self._unreachable_in_a_row >= STOP_AFTER_UNREACHABLE and not self.stopped:
                    self.stopped = (f"the Aether server at {self.transport.shown_url} stopped answering: "
                                    f"{self._unreachable_in_a_row} requests in a row got no answer "
                                    f"(the last: {str(error).split(': ', 1)[-1]})")
            raise
        with self._lock:
            self._unreachable_in_a_row = 0
        return response

    def stop_line(self) -> str:
        """The one line that ends a stopped run: why, and what the scenarios' clean-ups could not delete."""
        return f"{self.stopped}; the run stops, and {'; '.join(self.left_behind) or 'nothing is left to clean'}"

    def check_health(self) -> None:
        """Raise unless the server answers GET /v3/health with 200 {"status": "ok"}, within 5 s."""
        response = self.transmit("GET", endpoints.HEALTH.path(),
                                 timeout=min(self.config.timeout, HEALTH_TIMEOUT))
        try:
            healthy = response.status_code == 200 and response.json() == {"status": "ok"}
        except ValueError:
            healthy = False
        if not healthy:
            content_type = response.headers.get("Content-Type", "no content type")
            raise NotAether(
                f"{self.transport.shown_url} is not an Aether V3 server: its health check answered "
                f"{response.status_code} ({content_type}), not 200 {{\"status\": \"ok\"}}; "
                f"AETHER_BASE_URL must be the server root")

    def keep_token(self, person_name: str, sign_in_body: Mapping) -> str:
        """Cache a successful sign-in's token for the run, to be renewed shortly before it expires."""
        lifetime = sign_in_body.get("expires_in", 3600)
        token = sign_in_body["access_token"]
        self.redactor.learn(token)  # redacted wherever it shows, however it came in
        self.tokens[person_name] = (token, time.monotonic() + lifetime - TOKEN_RENEWAL_MARGIN)
        return token

    def close(self) -> None:
        self.transport.close()


class AetherApi:
    """One scenario's way to the API. See the module docstring for the conventions."""

    def __init__(self, run: SuiteRun):
        self.run = run
        self.recorder = Recorder(run.redactor)
        self.last: requests.Response | None = None  # the answer to the last act (not arrange, not cleanup)
        self.last_exchange: Exchange | None = None
        # What this scenario created and has not deleted, as the API described it, oldest first.
        self.exhibits: list[dict] = []
        self.leads: list[dict] = []
        self.files: list[dict] = []
        # Every object the Given steps arranged, as the API answered then, oldest first; unlike the lists
        # above it is never trimmed, so a scenario can check its objects are still as arranged.
        self.arranged: list[dict] = []
        self._owners: dict[str, Account | None] = {}  # created object's id -> account to clean it up in
        self._signed_in: dict[str, str] = {}  # tokens from this scenario's own sign-ins
        self._cleanup_hooks: list[tuple[str, Callable[[], None]]] = []  # see on_cleanup
        # Journal entries (aether_suite/client/journal.py) of what this scenario set out to create: by id once
        # the API answered, else awaiting a look-up at clean-up; and the personas it sent wrong passcodes for.
        self._entries: dict[str, Entry] = {}
        self._unanswered: list[Entry] = []
        self._failures: dict[str, Entry] = {}
        self._keeping = threading.Lock()  # requests sent together (client/together.py) keep track one at a time

    # ------------------------------------------------------------------ who acts

    @staticmethod
    def persona(name: str | Persona) -> Persona:
        return find_persona(name)

    def api_key(self, who: str | Persona | Account) -> str:
        """The API key of a persona's account, or of an account."""
        acct = who.account if isinstance(who, Persona) else account(who)
        return self.run.config.secret(acct.api_key_secret)

    def passcode(self, who: str | Persona) -> str:
        return self.run.config.secret(find_persona(who).passcode_secret)

    def token(self, who: str | Persona) -> str:
        """The bearer token the persona acts with: from this scenario's sign-in, else the run's."""
        person = find_persona(who)
        return self._signed_in.get(person.name) or self._run_token(person)

    def _run_token(self, person: Persona) -> str:
        """A token shared by the whole run; signs the persona in when first needed or near expiry."""
        cached = self.run.tokens.get(person.name)
        if cached and cached[1] > time.monotonic():
            return cached[0]
        response = self._exchange("POST", endpoints.PASSCODE_LOGIN.path(), persona=person, phase="arrange",
                                  json=self._sign_in_body(person, {}))
        body = _json_or_none(response) or {}
        if response.status_code != 200 or "access_token" not in body:
            raise ArrangementFailed(
                f"could not sign {person.name} in: {self.recorder.exchanges[-1].answer} "
                f"(is config secret {person.passcode_secret} right for this server?)")
        return self.run.keep_token(person.name, body)

    # ------------------------------------------------------------------ any request

    def send(self, method: str, path: str, *, persona: str | Persona | None = None,
             api_key: Any = DEFAULT, account_id: Any = DEFAULT, token: Any = DEFAULT,
             params: Mapping | None = None, json: Any = None, data: Any = None, files: Any = None,
             headers: Mapping[str, str] | None = None, stream: bool = False) -> requests.Response:
        """Any request, acting as ``persona``; the answer becomes ``last``.

        By default the persona sends the credentials the contract requires for ``path`` (a path of no
        endpoint gets all three). ``api_key``/``account_id``/``token``: a value to send instead, or
        None to leave that header out. ``headers`` are added last and win.
        """
        return self._exchange(method, path, persona=persona, phase="act", api_key=api_key,
                              account_id=account_id, token=token, params=params, json=json, data=data,
                              files=files, headers=headers, stream=stream)

    def _exchange(self, method: str, path: str, *, persona: str | Persona | None, phase: str,
                  api_key: Any = DEFAULT, account_id: Any = DEFAULT, token: Any = DEFAULT,
                  headers: Mapping[str, str] | None = None, stream: bool = False,
                  **request: Any) -> requests.Response:
        person = None if persona is None else find_persona(persona)
        sent = self._credentials(person, path, phase, api_key, account_id, token)
        sent.update(headers or {})
        intent = self._intend(person, method, path, sent, request)
        try:
            response = self.run.transmit(method, path, headers=sent, stream=stream, **request)
        except BaseException:  # no answer (or Ctrl-C): the object may exist all the same
            if intent is not None:
                self._unanswered.append(intent)
            raise
        # A JSON answer is read even when streaming: it is small and ID Vision must see it.
        is_json = "json" in response.headers.get("Content-Type", "")
        body = _json_or_none(response) if is_json else None
        exchange = self.recorder.record(response, phase=phase, persona=person and person.name,
                                        body_read=is_json or not stream, body_json=body,
                                        error=body if response.status_code >= 400 and isinstance(body, dict) else None)
        if phase == "act":
            self.last, self.last_exchange = response, exchange
        self._remember(person, method, path, response.status_code, body, intent)
        if is_json:
            idvision.check_response(exchange.request, body, response.headers.get("Location"))
        problems = contract_schema.check_response(method, path, response.status_code,
                                                  response.headers.get("Content-Type"), body)
        if problems:
            raise ContractViolation(self.run.redactor.text(
                "the answer breaks the contract's shapes:\n  " + "\n  ".join(problems)))
        return response

    def _credentials(self, person: Persona | None, path: str, phase: str,
                     api_key: Any, account_id: Any, token: Any) -> dict[str, str]:
        matched = endpoints.match(path)
        required = matched[0].credentials if matched else Credentials.PERSON

        def value(given: Any, needed: bool, normal) -> str | None:
            if given is not DEFAULT:
                return given
            return normal() if person is not None and needed else None

        person_level = required is Credentials.PERSON
        bearer = self.token if phase == "act" else self._run_token
        sent = {
            "x-aether-api-key": value(api_key, required is not Credentials.NONE, lambda: self.api_key(person)),
            "x-aether-account-id": value(account_id, person_level, lambda: person.account.account_id),
            "Authorization": value(token, person_level, lambda: bearer(person)),
        }
        if sent["Authorization"] is not None:
            sent["Authorization"] = f"Bearer {sent['Authorization']}"
        return {name: header for name, header in sent.items() if header is not None}

    def _intend(self, person: Persona | None, method: str, path: str, sent: Mapping[str, str],
                request: Mapping) -> Entry | None:
        """Journal what this request may create, before it is sent; a wrong passcode of a demo persona too."""
        matched = endpoints.match(path)
        if method != "POST" or matched is None:
            return None
        endpoint = matched[0]
        acct = account_with_id(sent.get("x-aether-account-id")) or (person and person.account)
        account_id = acct.account_id if acct else None
        if endpoint is endpoints.EXHIBITS:
            body = request.get("json") if isinstance(request.get("json"), dict) else {}
            name, booth = body.get("name"), body.get("booth")
            return self.run.journal.intend(EXHIBIT, account_id, name if isinstance(name, str) else None,
                                           booth=booth if isinstance(booth, str) else None)
        if endpoint is endpoints.FILE_UPLOAD:
            filename, content = _file_part(request.get("files"))
            if content is None:  # a multipart body built by the caller
                filename, content = _multipart_file(request.get("data"), sent.get("Content-Type", ""))
            sha256 = (hashlib.sha256(content).hexdigest() if isinstance(content, bytes)
                      else getattr(request.get("data"), "file_sha256", None))  # a streamed body that knows it
            return self.run.journal.intend(FILE, account_id, filename, sha256=sha256)
        if endpoint is endpoints.PASSCODE_LOGIN:
            failing = self._failing_persona(request.get("json"))
            if failing is not None and failing.name not in self._failures:
                self._failures[failing.name] = self.run.journal.intend(
                    SIGN_IN_FAILURES, failing.account.account_id, failing.name)
        return None

    def _failing_persona(self, body: Any) -> Persona | None:
        """The demo persona whose count of failures this sign-in body adds to: their email on their own
        site with another passcode than theirs. (Made-up emails and other sites touch no persona's count
        that a right sign-in could reset.)"""
        if not isinstance(body, dict) or not isinstance(body.get("email"), str):
            return None
        email = body["email"].strip().casefold()
        for person in PERSONAS:
            if (person.email == email and body.get("site_id") == person.account.site_id
                    and body.get("passcode") != self.passcode(person)):
                return person
        return None

    def _remember(self, person: Persona | None, method: str, path: str, status: int, body: Any,
                  intent: Entry | None = None) -> None:
        """Keep track of what exists because of this scenario, whichever way it was created."""
        with self._keeping:
            self._keep_track(person, method, path, status, body, intent)

    def _keep_track(self, person: Persona | None, method: str, path: str, status: int, body: Any,
                    intent: Entry | None) -> None:
        matched = endpoints.match(path)
        if intent is not None and 400 <= status < 500:
            self.run.journal.done(intent)  # refused: nothing was created
        elif intent is not None and not (200 <= status < 300 and isinstance(body, dict)):
            self._unanswered.append(intent)  # a server error or an unreadable answer: looked for at clean-up
        if matched is None or not 200 <= status < 300:
            return
        endpoint, ids = matched
        if endpoint is endpoints.PASSCODE_LOGIN and isinstance(body, dict):
            signed_in = next((p for p in PERSONAS if p.person_id == body.get("person_id")), None)
            if signed_in is not None and signed_in.name in self._failures:
                self.run.journal.done(self._failures.pop(signed_in.name))  # a success resets the count
        created = isinstance(body, dict) and method == "POST"
        if created and endpoint is endpoints.LEADS and "tracking_id" in body:
            self.leads.append(body)  # no cleanup of its own: a lead goes with its exhibit
        elif created and endpoint in (endpoints.EXHIBITS, endpoints.FILE_UPLOAD):
            items, key = (self.exhibits, "exhibit_id") if endpoint is endpoints.EXHIBITS else (self.files, "file_id")
            if key in body:
                items.append(body)
                # Cleanup deletes as the manager of the account the API put it in, else the creator's.
                self._owners[body[key]] = account_with_id(body.get("account_id")) or (person and person.account)
                if intent is not None:
                    self.run.journal.created(intent, body[key])
                    self._entries[body[key]] = intent
            elif intent is not None:
                self._unanswered.append(intent)
        elif method == "DELETE" and endpoint is endpoints.EXHIBIT:
            self.exhibits = [e for e in self.exhibits if e["exhibit_id"] != ids["exhibit_id"]]
            self.leads = [lead for lead in self.leads if lead.get("exhibit_id") != ids["exhibit_id"]]
            self._settled(ids["exhibit_id"])
        elif method == "DELETE" and endpoint is endpoints.FILE:
            self.files = [f for f in self.files if f["file_id"] != ids["file_id"]]
            self._settled(ids["file_id"])

    def _settled(self, object_id: str) -> None:
        entry = self._entries.pop(object_id, None)
        if entry is not None:
            self.run.journal.done(entry)

    # ------------------------------------------------------------------ the answer

    @property
    def last_json(self) -> Any:
        """The last act's JSON body, or None when it had none."""
        return None if self.last is None else _json_or_none(self.last)

    @property
    def exchanges(self) -> list[Exchange]:
        return self.recorder.exchanges

    def exchange_of(self, response: requests.Response) -> Exchange:
        """The redacted record of that answer (``last_exchange`` is the latest, whichever thread sent it)."""
        return self.recorder.exchange_of(response)

    def exhibit(self, name: str | None = None) -> dict:
        """An exhibit this scenario created (as the API answered then): the one called ``name``, else the latest."""
        return _latest(self.exhibits, "name", name, "exhibit")

    def owner_of(self, item: Mapping) -> Account:
        """The account an exhibit or file this scenario created belongs to."""
        return self._owners[item.get("exhibit_id") if "exhibit_id" in item and "file_id" not in item
                            else item["file_id"]]

    def file(self, filename: str | None = None) -> dict:
        """A file this scenario uploaded: the one stored as ``filename``, else the latest."""
        return _latest(self.files, "filename", filename, "file")

    # ------------------------------------------------------------------ endpoints (contract §3)

    def health(self, **overrides: Any) -> requests.Response:
        return self.send("GET", endpoints.HEALTH.path(), **overrides)

    def bootstrap(self, persona: str | Persona, domain: Any = DEFAULT, **overrides: Any) -> requests.Response:
        """Site bootstrap with the persona's application key; the domain defaults to their site's
        (OMIT sends none)."""
        domain = find_persona(persona).account.domain if domain is DEFAULT else domain
        return self.send("GET", endpoints.SITE_BOOTSTRAP.path(), persona=persona,
                         params=_without_omitted({"domain": domain}), **overrides)

    def sign_in(self, persona: str | Persona, passcode: Any = DEFAULT, *, email: Any = DEFAULT,
                site_id: Any = DEFAULT, expires_in: Any = OMIT, extra_fields: Mapping | None = None,
                **overrides: Any) -> requests.Response:
        """Passcode login. A success gives the persona that token for the rest of the scenario."""
        person = find_persona(persona)
        body = self._sign_in_body(person, {"passcode": passcode, "email": email, "site_id": site_id,
                                           "expires_in": expires_in, **(extra_fields or {})})
        response = self.send("POST", endpoints.PASSCODE_LOGIN.path(), persona=person, json=body, **overrides)
        token = (self.last_json or {}).get("access_token") if response.status_code == 200 else None
        if token:
            self._signed_in[person.name] = token
        return response

    def _sign_in_body(self, person: Persona, given: Mapping) -> dict:
        normal = {"site_id": person.account.site_id, "email": person.email, "passcode": self.passcode(person)}
        body = {**normal, **{k: v for k, v in given.items() if v is not DEFAULT}}
        return _without_omitted(body)

    def me(self, persona: str | Persona, **overrides: Any) -> requests.Response:
        return self.send("GET", endpoints.ME.path(), persona=persona, **overrides)

    def get_event(self, persona: str | Persona, event_id: Any = DEFAULT, **overrides: Any) -> requests.Response:
        """An event; by default the conference of the persona's account."""
        event_id = find_persona(persona).account.event_id if event_id is DEFAULT else event_id
        return self.send("GET", endpoints.EVENT.path(event_id=event_id), persona=persona, **overrides)

    def create_exhibit(self, persona: str | Persona, name: Any, booth: Any = OMIT, *, event_id: Any = DEFAULT,
                       extra_fields: Mapping | None = None, **overrides: Any) -> requests.Response:
        """A new exhibit, by default at the persona's account's conference."""
        event_id = find_persona(persona).account.event_id if event_id is DEFAULT else event_id
        body = _without_omitted({"event_id": event_id, "name": name, "booth": booth, **(extra_fields or {})})
        return self.send("POST", endpoints.EXHIBITS.path(), persona=persona, json=body, **overrides)

    def list_exhibits(self, persona: str | Persona, event_id: Any = DEFAULT, *, query: Mapping | None = None,
                      **overrides: Any) -> requests.Response:
        """The exhibits of an event, by default the persona's account's conference; ``query`` adds parameters."""
        event_id = find_persona(persona).account.event_id if event_id is DEFAULT else event_id
        params = _without_omitted({"event_id": event_id, **(query or {})})
        return self.send("GET", endpoints.EXHIBITS.path(), persona=persona, params=params, **overrides)

    def get_exhibit(self, persona: str | Persona, exhibit_id: str, **overrides: Any) -> requests.Response:
        return self.send("GET", endpoints.EXHIBIT.path(exhibit_id=exhibit_id), persona=persona, **overrides)

    def update_exhibit(self, persona: str | Persona, exhibit_id: str, fields: Mapping,
                       **overrides: Any) -> requests.Response:
        """Rename an exhibit or move its booth: ``fields`` is the body as sent, e.g. {"name": "New"}."""
        return self.send("PATCH", endpoints.EXHIBIT.path(exhibit_id=exhibit_id), persona=persona,
                         json=dict(fields), **overrides)

    def delete_exhibit(self, persona: str | Persona, exhibit_id: str, **overrides: Any) -> requests.Response:
        return self.send("DELETE", endpoints.EXHIBIT.path(exhibit_id=exhibit_id), persona=persona, **overrides)

    def add_lead(self, persona: str | Persona, exhibit_id: str, fields: Mapping,
                 **overrides: Any) -> requests.Response:
        """A new lead; ``fields`` is the body as sent (first_name, last_name, ...)."""
        return self.send("POST", endpoints.LEADS.path(exhibit_id=exhibit_id), persona=persona,
                         json=dict(fields), **overrides)

    def get_lead(self, persona: str | Persona, exhibit_id: str, tracking_id: str,
                 **overrides: Any) -> requests.Response:
        return self.send("GET", endpoints.LEAD.path(exhibit_id=exhibit_id, tracking_id=tracking_id),
                         persona=persona, **overrides)

    def list_leads(self, persona: str | Persona, exhibit_id: str, **overrides: Any) -> requests.Response:
        """The exhibit's visible leads (neither hidden nor disabled)."""
        return self.send("GET", endpoints.LEADS.path(exhibit_id=exhibit_id), persona=persona, **overrides)

    def export_leads(self, persona: str | Persona, exhibit_id: str, *, format: Any = OMIT,
                     return_file: Any = OMIT, stream: bool = False, **overrides: Any) -> requests.Response:
        """The leads export. ``format``/``return_file`` are sent as given (a bool as true/false)."""
        params = _without_omitted({"format": format, "return_file": return_file})
        params = {k: str(v).lower() if isinstance(v, bool) else v for k, v in params.items()}
        return self.send("GET", endpoints.LEADS_EXPORT.path(exhibit_id=exhibit_id), persona=persona,
                         params=params, stream=stream, **overrides)

    def file_limits(self, persona: str | Persona, **overrides: Any) -> requests.Response:
        return self.send("GET", endpoints.FILE_LIMITS.path(), persona=persona, **overrides)

    def upload_file(self, persona: str | Persona, filename: str | None = "upload.bin",
                    content: bytes | os.PathLike | BinaryIO = b"", content_type: str | None = None, *,
                    part_name: str | None = "file", fields: Mapping[str, str] | None = None,
                    **overrides: Any) -> requests.Response:
        """Upload as multipart/form-data.

        ``content``: bytes, a path or an open binary file. ``content_type`` None leaves the part's
        type out. ``part_name`` None sends no file part (only ``fields``, as extra form parts).
        """
        if isinstance(content, str):
            raise TypeError("content must be bytes, a pathlib.Path or an open binary file, not str")
        if isinstance(content, os.PathLike):
            content = Path(content).read_bytes()
        parts = [(name, (None, value)) for name, value in (fields or {}).items()]
        if part_name is not None:
            parts.append((part_name, (filename, content, content_type)))
        return self.send("POST", endpoints.FILE_UPLOAD.path(), persona=persona, files=parts, **overrides)

    def list_files(self, persona: str | Persona, sha256: Any = OMIT, *, query: Mapping | None = None,
                   **overrides: Any) -> requests.Response:
        """The metadata of the account's files, only those with these bytes when ``sha256`` is given."""
        params = _without_omitted({"sha256": sha256, **(query or {})})
        return self.send("GET", endpoints.FILES.path(), persona=persona, params=params, **overrides)

    def file_metadata(self, persona: str | Persona, file_id: str, **overrides: Any) -> requests.Response:
        return self.send("GET", endpoints.FILE.path(file_id=file_id), persona=persona, **overrides)

    def download_file(self, persona: str | Persona, file_id: str, *, byte_range: str | None = None,
                      if_none_match: str | None = None, stream: bool = False,
                      **overrides: Any) -> requests.Response:
        """A file's bytes. ``byte_range`` is the Range header as sent, e.g. "bytes=0-9"."""
        return self._download(persona, endpoints.FILE_DOWNLOAD.path(file_id=file_id), byte_range,
                              if_none_match, stream, overrides)

    def download_by_hash(self, persona: str | Persona, sha256: str, *, byte_range: str | None = None,
                         if_none_match: str | None = None, stream: bool = False,
                         **overrides: Any) -> requests.Response:
        """The newest file of the account context with these bytes."""
        return self._download(persona, endpoints.FILE_BY_HASH_DOWNLOAD.path(sha256=sha256), byte_range,
                              if_none_match, stream, overrides)

    def _download(self, persona, path, byte_range, if_none_match, stream, overrides) -> requests.Response:
        conditions = {"Range": byte_range, "If-None-Match": if_none_match}
        headers = {**{k: v for k, v in conditions.items() if v is not None}, **overrides.pop("headers", {})}
        return self.send("GET", path, persona=persona, headers=headers, stream=stream, **overrides)

    def delete_file(self, persona: str | Persona, file_id: str, **overrides: Any) -> requests.Response:
        return self.send("DELETE", endpoints.FILE.path(file_id=file_id), persona=persona, **overrides)

    # ------------------------------------------------------------------ arranging (Given steps)

    def arrange_exhibit(self, acct: str | Account, name: str, booth: str | None = None) -> dict:
        """An exhibit at the account's conference, created by its manager; returns it as the API did.

        Without a ``booth`` its booth is the run's marker: the sweep recognises it on any machine.
        """
        acct = account(acct)
        body = {"event_id": acct.event_id, "name": name, "booth": booth or self.run.journal.marker}
        return self._arrange(f"exhibit {name!r}", manager_of(acct), "POST", endpoints.EXHIBITS.path(), json=body)

    def arrange_leads(self, exhibit: Mapping, leads: Iterable[Mapping]) -> list[dict]:
        """Leads added to an exhibit by its account's manager, in order; returns them as stored."""
        manager = manager_of(exhibit["account_id"])
        path = endpoints.LEADS.path(exhibit_id=exhibit["exhibit_id"])
        return [self._arrange(f"a lead of {exhibit['name']!r}", manager, "POST", path, json=dict(lead))
                for lead in leads]

    def arrange_many_leads(self, exhibit: Mapping, leads: Iterable[Mapping], *,
                           workers: int | None = None) -> list[str]:
        """Thousands of leads added to an exhibit by its account's manager, ``workers`` requests at a time
        (default: the config's ``arrange_workers``; the API has no bulk endpoint); returns their tracking
        ids in the order given.

        For volume scenarios: the requests are not recorded one by one (the first refusal is reported)
        and the leads are not kept in ``leads``/``arranged``; they go with their exhibit at cleanup. They
        go through the run's transport like every request (no redirect followed, each answer bounded).
        """
        from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415 - only volume scenarios need it

        manager = manager_of(exhibit["account_id"])
        path = endpoints.LEADS.path(exhibit_id=exhibit["exhibit_id"])
        headers = self._credentials(manager, path, "arrange", DEFAULT, DEFAULT, DEFAULT)

        refused = threading.Event()  # set by the first lead not added: the leads not yet sent never are

        def add(lead: Mapping) -> str | None:
            if refused.is_set():
                return None  # map() raises the earlier lead's failure before it reaches this result
            try:
                response = self.run.transmit("POST", path, json=dict(lead), headers=headers, metered=False)
                body = _json_or_none(response)
                if response.status_code != 201 or not isinstance(body, dict) or "tracking_id" not in body:
                    raise ArrangementFailed(self.run.redactor.text(
                        f"could not arrange a lead of {exhibit['name']!r}: {manager.name}'s POST {path} answered "
                        f"{response.status_code} {response.text[:300]}"))
            except BaseException:
                refused.set()
                raise
            return body["tracking_id"]

        started, tracking_ids = time.perf_counter(), []
        pool = ThreadPoolExecutor(workers or self.run.config.arrange_workers, thread_name_prefix="arrange-leads")
        try:
            tracking_ids = list(pool.map(add, leads))
            return tracking_ids
        finally:
            refused.set()  # after a Ctrl-C too
            pool.shutdown(cancel_futures=True)
            self.run.http_meter.add(time.perf_counter() - started, len(tracking_ids))  # the pool's wall time

    def arrange_file(self, persona: str | Persona, filename: str, content: bytes,
                     content_type: str | None = None) -> dict:
        """A file uploaded by the persona (uploader matters for deleting); returns its metadata."""
        part = ("file", (filename, content, content_type))
        return self._arrange(f"file {filename!r}", find_persona(persona), "POST",
                             endpoints.FILE_UPLOAD.path(), files=[part])

    def _arrange(self, what: str, person: Persona, method: str, path: str, **request: Any) -> dict:
        response = self._exchange(method, path, persona=person, phase="arrange", **request)
        if response.status_code != 201:
            raise ArrangementFailed(f"could not arrange {what}: {self.exchanges[-1].request} "
                                    f"answered {self.exchanges[-1].answer}")
        self.arranged.append(response.json())
        return response.json()

    # ------------------------------------------------------------------ cleanup

    def on_cleanup(self, what: str, hook: Callable[[], None]) -> None:
        """Call ``hook()`` when the scenario ends, pass or fail, before its objects are deleted.

        For what a scenario changes besides objects (a sandbox setting, a sign-in count). A hook for a
        ``what`` already registered is not added again: the first one puts things back as they were.
        Hooks run latest first; one that raises is reported as ``what`` left behind, the others still run.
        """
        if all(registered != what for registered, _ in self._cleanup_hooks):
            self._cleanup_hooks.append((what, hook))

    def cleanup(self) -> None:
        """Run the on_cleanup hooks, then delete what the scenario created, as each account's manager
        (already gone is fine), then what it set out to create but got no answer for, found through the lists.

        Every step is tried whatever the others raise. Raises CleanupFailed naming what is left behind;
        a Ctrl-C stops it at once, and CleanupFailed then names everything not yet done.
        """
        steps: list[tuple[str, Callable[[], None]]] = list(reversed(self._cleanup_hooks))
        for kind, key, items in ((FILE, "file_id", self.files), (EXHIBIT, "exhibit_id", self.exhibits)):
            steps += [(f"{kind} {item[key]}", functools.partial(self._delete_created, kind, item[key]))
                      for item in reversed(items)]
        steps += [(f"{entry.kind} {entry.name!r} (its create had no answer)",
                   functools.partial(self._delete_unanswered, entry)) for entry in self._unanswered]
        self._cleanup_hooks, self._unanswered = [], []
        self.files.clear()
        self.exhibits.clear()
        self.leads.clear()
        left_behind = []
        for done, (what, step) in enumerate(steps):
            try:
                step()
            except KeyboardInterrupt:
                left_behind += [what for what, _ in steps[done:]]
                raise CleanupFailed(self.run.redactor.text(
                    f"the clean-up was interrupted; the scenario left behind: {', '.join(left_behind)} "
                    f"(the next run against this server sweeps them)")) from None
            except Exception as error:  # noqa: BLE001 - every step runs; each failure is reported
                left_behind.append(f"{what} ({one_line(error)})")
        if left_behind:
            raise CleanupFailed(self.run.redactor.text(f"the scenario left behind: {', '.join(left_behind)}"))

    def _delete_created(self, kind: str, object_id: str) -> None:
        owner = self._owners.get(object_id)
        if owner is None:
            raise LookupError("in no known account")
        self.delete_left(kind, owner, object_id)
        self._settled(object_id)

    def _delete_unanswered(self, entry: Entry) -> None:
        for item in self.find_left(entry):
            self.delete_left(entry.kind, account(entry.account_id), object_id(item))
        self.run.journal.done(entry)

    # ------------------------------------------------------------------ what is left (cleanup and the sweep)

    def delete_left(self, kind: str, acct: Account, object_id: str) -> bool:
        """Delete an exhibit (with its leads) or a file as its account's manager; False if it was already gone.

        Raises AssertionError naming the answer when the API refuses.
        """
        endpoint, key = (endpoints.EXHIBIT, "exhibit_id") if kind == EXHIBIT else (endpoints.FILE, "file_id")
        response = self._exchange("DELETE", endpoint.path(**{key: object_id}), persona=manager_of(acct),
                                  phase="cleanup")
        if response.status_code == 404:
            return False
        if not 200 <= response.status_code < 300:
            raise AssertionError(f"deleting it answered {self.exchanges[-1].answer}")
        return True

    def listed(self, kind: str, acct: Account, *, sha256: str | None = None) -> list[dict]:
        """The account's exhibits at its conference, or its files (with those bytes), as its manager sees them."""
        if kind == EXHIBIT:
            path, params = endpoints.EXHIBITS.path(), {"event_id": acct.event_id}
        else:
            path, params = endpoints.FILES.path(), ({"sha256": sha256} if sha256 else {})
        response = self._exchange("GET", path, persona=manager_of(acct), phase="cleanup", params=params)
        items = (_json_or_none(response) or {}).get("items") if response.status_code == 200 else None
        if not isinstance(items, list):
            raise AssertionError(f"listing the {kind}s answered {self.exchanges[-1].answer}")
        return items

    def find_left(self, entry: Entry) -> list[dict]:
        """What a journal entry created although its answer never came: at most the one listed object it
        matches (aether_suite/client/journal.py: matches), newest first."""
        acct = account_with_id(entry.account_id)
        if acct is None or entry.kind not in (EXHIBIT, FILE):
            raise LookupError("in no known account")
        found = [item for item in self.listed(entry.kind, acct, sha256=entry.sha256) if matches(entry, item)]
        return found[-1:]


def _file_part(parts: Any) -> tuple[str | None, Any]:
    """(filename, content) of the multipart part named "file", as given to upload_file or arrange_file."""
    for name, value in parts or ():
        if name == "file" and isinstance(value, tuple) and len(value) >= 2:
            return (value[0] if isinstance(value[0], str) else None), value[1]
    return None, None


def _json_or_none(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _multipart_file(data: Any, content_type: str) -> tuple[str | None, bytes | None]:
    """(filename, content) of the part named "file" of a multipart body given as bytes."""
    boundary = content_type.partition("boundary=")[2].strip('"')
    if not isinstance(data, bytes) or not boundary:
        return None, None
    for part in data.split(b"--" + boundary.encode()):
        head, blank, content = part.partition(b"\r\n\r\n")
        if blank and b'name="file"' in head:
            named = re.search(rb'filename="([^"]*)"', head)
            return (named[1].decode("utf-8", "replace") if named else None), content.removesuffix(b"\r\n")
    return None, None


def _without_omitted(values: Mapping) -> dict:
    return {key: value for key, value in values.items() if value is not OMIT}


def _latest(items: list[dict], key: str, value: str | None, kind: str) -> dict:
    matching = [item for item in items if value is None or item.get(key) == value]
    if not matching:
        raise LookupError(f"this scenario has no {kind}" + (f" {value!r}" if value else ""))
    return matching[-1]
