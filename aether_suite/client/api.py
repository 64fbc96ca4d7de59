"""The API context object: ``context.api``, one per scenario, and the SuiteRun it shares with the run.

Steps act through the endpoint methods (one per contract endpoint) or ``send`` (any request, with
credentials overridden or left out). Given steps use the ``arrange_*`` helpers, which set up data as
the account's manager and leave ``last`` alone. Whatever a scenario creates is deleted by
``cleanup()`` when it ends, pass or fail.

Every endpoint method takes the persona who acts (a name like "Scott" or a Persona) and, after its
own arguments, optional credential overrides handed to ``send``:
``api_key=``, ``account_id=``, ``token=`` (a value to send instead, or None to leave the header out)
and ``headers=`` (extra headers; they win).
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import requests
import urllib3

from aether_suite.client.config import SuiteConfig
from aether_suite.client.meter import HttpMeter
from aether_suite.client.personas import Account, Persona, account, manager_of
from aether_suite.client.personas import persona as find_persona
from aether_suite.client.recorder import Exchange, Recorder, Redactor
from aether_suite.contract import endpoints, idvision
from aether_suite.contract import schema as contract_schema
from aether_suite.contract.endpoints import Credentials
from aether_suite.errors import (
    ArrangementFailed,
    CleanupFailed,
    ContractViolation,
    NotAether,
    ServerUnreachable,
    SuiteError,
)

HEALTH_READ_TIMEOUT = 2.5  # with the connect timeout, an unfit server is reported within 5 s
TOKEN_RENEWAL_MARGIN = 60  # seconds before expiry at which a cached token is renewed


class _Marker:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


DEFAULT = _Marker("DEFAULT")  # what the acting persona sends normally
OMIT = _Marker("OMIT")  # leave this body field or query parameter out


class SuiteRun:
    """What the whole run shares: the config, one HTTP session, the redactor, signed-in tokens."""

    def __init__(self, config: SuiteConfig):
        if config.base_url is None:
            raise ValueError("the run needs a server: start the embedded sandbox and use config.targeting()")
        self.config = config
        self.http = requests.Session()
        self.redactor = Redactor(config.secrets.values())
        self.tokens: dict[str, tuple[str, float]] = {}  # persona name -> (token, monotonic expiry)
        self.http_meter = HttpMeter()  # every request's wall time, for the run's statistics (run_stats.py)

    def transmit(self, method: str, path: str, *, timeout: tuple[float, float] | None = None,
                 **kwargs: Any) -> requests.Response:
        """One HTTP request; no answer raises ServerUnreachable with a one-line message."""
        url = self.config.base_url + path
        timeout = timeout or self.config.timeouts
        sent = time.perf_counter()
        try:
            response = self.http.request(method, url, timeout=timeout, allow_redirects=False, **kwargs)
            if kwargs.get("stream"):
                self.http_meter.time_body(response)
            return response
        except requests.ConnectTimeout:
            problem = f"no connection within {timeout[0]:g} s"
        except requests.ConnectionError as error:
            problem = _connection_problem(error)
            if error.args and isinstance(error.args[0], urllib3.exceptions.ReadTimeoutError):
                # requests reports an answer that starts, then stalls, as a connection error
                problem = f"the answer to {method} {path} stalled for {timeout[1]:g} s (AETHER_TIMEOUT)"
        except requests.Timeout:
            problem = f"no answer to {method} {path} within {timeout[1]:g} s (AETHER_TIMEOUT)"
        finally:
            self.http_meter.add(time.perf_counter() - sent)
        raise ServerUnreachable(f"cannot reach the Aether server at {self.config.base_url}: {problem}")

    def check_health(self) -> None:
        """Raise unless the server answers GET /v3/health with 200 {"status": "ok"}, within 5 s."""
        timeout = (self.config.timeouts[0], min(self.config.timeout, HEALTH_READ_TIMEOUT))
        response = self.transmit("GET", endpoints.HEALTH.path(), timeout=timeout)
        try:
            healthy = response.status_code == 200 and response.json() == {"status": "ok"}
        except ValueError:
            healthy = False
        if not healthy:
            content_type = response.headers.get("Content-Type", "no content type")
            raise NotAether(
                f"{self.config.base_url} is not an Aether V3 server: its health check answered "
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
        self.http.close()


def _connection_problem(error: requests.ConnectionError) -> str:
    # requests wraps urllib3's reason, e.g. "HTTPConnection(host=..., port=9): Failed to establish a
    # new connection: [Errno 111] Connection refused"; the part after the connection is the readable one.
    reason = str(getattr(error.args[0], "reason", error) if error.args else error)
    return reason.split("): ", 1)[-1] or type(error).__name__


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
        response = self.run.transmit(method, path, headers=sent, stream=stream, **request)
        # A JSON answer is read even when streaming: it is small and ID Vision must see it.
        is_json = "json" in response.headers.get("Content-Type", "")
        body = _json_or_none(response) if is_json else None
        exchange = self.recorder.record(response, phase=phase, persona=person and person.name,
                                        body_read=is_json or not stream, body_json=body,
                                        error=body if response.status_code >= 400 and isinstance(body, dict) else None)
        if phase == "act":
            self.last, self.last_exchange = response, exchange
        self._remember(person, method, path, response.status_code, body)
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

    def _remember(self, person: Persona | None, method: str, path: str, status: int, body: Any) -> None:
        """Keep track of what exists because of this scenario, whichever way it was created."""
        matched = endpoints.match(path)
        if matched is None or not 200 <= status < 300:
            return
        endpoint, ids = matched
        created = isinstance(body, dict) and method == "POST"
        if created and endpoint is endpoints.LEADS and "tracking_id" in body:
            self.leads.append(body)  # no cleanup of its own: a lead goes with its exhibit
        elif created and endpoint in (endpoints.EXHIBITS, endpoints.FILE_UPLOAD):
            items, key = (self.exhibits, "exhibit_id") if endpoint is endpoints.EXHIBITS else (self.files, "file_id")
            if key in body:
                items.append(body)
                # Cleanup deletes as the manager of the account the API put it in, else the creator's.
                self._owners[body[key]] = _demo_account(body.get("account_id")) or (person and person.account)
        elif method == "DELETE" and endpoint is endpoints.EXHIBIT:
            self.exhibits = [e for e in self.exhibits if e["exhibit_id"] != ids["exhibit_id"]]
            self.leads = [lead for lead in self.leads if lead.get("exhibit_id") != ids["exhibit_id"]]
        elif method == "DELETE" and endpoint is endpoints.FILE:
            self.files = [f for f in self.files if f["file_id"] != ids["file_id"]]

    # ------------------------------------------------------------------ the answer

    @property
    def last_json(self) -> Any:
        """The last act's JSON body, or None when it had none."""
        return None if self.last is None else _json_or_none(self.last)

    @property
    def exchanges(self) -> list[Exchange]:
        return self.recorder.exchanges

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
        """An exhibit at the account's conference, created by its manager; returns it as the API did."""
        acct = account(acct)
        body = {"event_id": acct.event_id, "name": name, "booth": booth}
        return self._arrange(f"exhibit {name!r}", manager_of(acct), "POST", endpoints.EXHIBITS.path(), json=body)

    def arrange_leads(self, exhibit: Mapping, leads: Iterable[Mapping]) -> list[dict]:
        """Leads added to an exhibit by its account's manager, in order; returns them as stored."""
        manager = manager_of(exhibit["account_id"])
        path = endpoints.LEADS.path(exhibit_id=exhibit["exhibit_id"])
        return [self._arrange(f"a lead of {exhibit['name']!r}", manager, "POST", path, json=dict(lead))
                for lead in leads]

    def arrange_many_leads(self, exhibit: Mapping, leads: Iterable[Mapping], *, workers: int = 4) -> list[str]:
        """Thousands of leads added to an exhibit by its account's manager, ``workers`` requests at a time
        (the API has no bulk endpoint); returns their tracking ids in the order given.

        For volume scenarios: the requests are not recorded one by one (the first refusal is reported)
        and the leads are not kept in ``leads``/``arranged``; they go with their exhibit at cleanup.
        """
        import threading  # noqa: PLC0415 - only volume scenarios need these
        from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

        manager = manager_of(exhibit["account_id"])
        path = endpoints.LEADS.path(exhibit_id=exhibit["exhibit_id"])
        headers = self._credentials(manager, path, "arrange", DEFAULT, DEFAULT, DEFAULT)
        url, local, sessions = self.run.config.base_url + path, threading.local(), []

        def add(lead: Mapping) -> str:
            if not hasattr(local, "session"):
                local.session = requests.Session()
                sessions.append(local.session)
            try:
                response = local.session.post(url, json=dict(lead), headers=headers, timeout=self.run.config.timeouts)
            except requests.RequestException as error:
                raise ArrangementFailed(f"could not arrange a lead of {exhibit['name']!r}: {error}") from None
            if response.status_code != 201:
                raise ArrangementFailed(self.run.redactor.text(
                    f"could not arrange a lead of {exhibit['name']!r}: {manager.name}'s POST {path} answered "
                    f"{response.status_code} {response.text[:300]}"))
            return response.json()["tracking_id"]

        started, tracking_ids = time.perf_counter(), []
        try:
            with ThreadPoolExecutor(workers, thread_name_prefix="arrange-leads") as pool:
                tracking_ids = list(pool.map(add, leads))
                return tracking_ids
        finally:
            for session in sessions:
                session.close()
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
        """Run the on_cleanup hooks, then delete what the scenario created, as each account's manager;
        already gone is fine.

        Raises CleanupFailed naming what is left behind, after trying everything.
        """
        left_behind = []
        while self._cleanup_hooks:
            what, hook = self._cleanup_hooks.pop()
            try:
                hook()
            except Exception as error:  # noqa: BLE001 - every hook runs; each failure is reported
                left_behind.append(f"{what} ({error})")
        for kind, endpoint, key, items in (("file", endpoints.FILE, "file_id", self.files),
                                           ("exhibit", endpoints.EXHIBIT, "exhibit_id", self.exhibits)):
            for item in reversed(items):
                owner = self._owners.get(item[key])
                if owner is None:
                    left_behind.append(f"{kind} {item[key]} (in no known account)")
                    continue
                try:
                    response = self._exchange("DELETE", endpoint.path(**{key: item[key]}),
                                              persona=manager_of(owner), phase="cleanup")
                    if not (200 <= response.status_code < 300 or response.status_code == 404):
                        left_behind.append(f"{kind} {item[key]} ({self.exchanges[-1].answer})")
                except (AssertionError, SuiteError) as error:
                    left_behind.append(f"{kind} {item[key]} ({error})")
            items.clear()
        self.leads.clear()
        if left_behind:
            raise CleanupFailed(f"the scenario left behind: {', '.join(left_behind)}")


def _json_or_none(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _demo_account(account_id: Any) -> Account | None:
    try:
        return account(account_id) if isinstance(account_id, str) else None
    except LookupError:
        return None


def _without_omitted(values: Mapping) -> dict:
    return {key: value for key, value in values.items() if value is not OMIT}


def _latest(items: list[dict], key: str, value: str | None, kind: str) -> dict:
    matching = [item for item in items if value is None or item.get(key) == value]
    if not matching:
        raise LookupError(f"this scenario has no {kind}" + (f" {value!r}" if value else ""))
    return matching[-1]
