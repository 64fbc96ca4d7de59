"""Requests generated from the machine-readable contract (Schemathesis), sent as a persona, every answer
held to the contract.

``run(api, ids, budget)`` loads contract/aether-v3.openapi.json into Schemathesis and sends, through the
scenario's API object (so every request is recorded, redacted, journalled and cleaned up like any other):

1. **Generated requests** (``generated_requests``): for each operation, ``budget.examples`` requests valid
   by the document and as many invalid ones (a body, query or header the document forbids), with the path's
   ids those of real objects (``ids``: an arranged exhibit, lead and file), deletes last so the other
   operations meet them. They depend on nothing the server answers, so a run makes them in a process of
   its own while other scenarios run (aether_suite/fuzz/pregeneration.py), with stand-ins for the ids;
2. **Linked sequences**: Schemathesis' state machine follows the document's OpenAPI ``links``: create an
   exhibit at the event, read it, add a lead, export, delete, read again; upload a file, read, download,
   delete, read again.

Every answer is judged (``judge``): no 5xx; the status, the media type and the body as the document says
for that operation (aether_suite/contract/schema.py, which also holds errors to the contract's JSON shape);
ID Vision; and a request valid by the document is not refused as invalid (422), which is how a document
that says less than the contract shows. Each finding keeps a reproducible request (a curl command) with
every secret redacted.

Credentials are the persona's, never generated: the request's own credential headers are dropped and the
API object sends the contract's. A generated sign-in always carries a made-up email, whatever was
generated or linked, so no demo persona's failures are counted (on a shared server five would lock them
out for everyone).

The run is bounded: a fixed seed (the same requests on every run against the same objects), a number of
examples per operation, a number of linked sequences and steps, and ``budget.seconds`` for all of it (what
is not sent by then is not sent; ``Outcome.out_of_time`` says so).
"""
from __future__ import annotations

import re
import secrets
import shlex
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.transport import Response as GeneratedResponse

from aether_suite.client.api import AetherApi
from aether_suite.client.personas import Persona
from aether_suite.client.recorder import REDACTED, Exchange, Redactor
from aether_suite.contract import endpoints
from aether_suite.contract.endpoints import Credentials
from aether_suite.errors import ContractViolation, ServerUnreachable, UnusableAnswer
from aether_suite.fuzz.pregeneration import Pregeneration

# What the document's "format" names where JSON Schema cannot say the rule (contract §3, leads): a real
# moment with an offset, within the years 0001 to 9999 once in UTC.
OFFSET_DATE_TIME = "offset-date-time"
CREDENTIAL_HEADERS = frozenset({"x-aether-api-key", "x-aether-account-id", "authorization"})
# Headers Schemathesis adds to every request; the transport sends its own.
_ITS_OWN_HEADERS = frozenset({"user-agent", "accept", "accept-encoding", "connection", "x-schemathesis-testcaseid"})
_BASE = "http://generated.invalid"  # the URL a case is serialised against; only its path and query are sent
SHOWN_FINDINGS = 12  # findings written out in full in the evidence; the rest are counted
CURL_BODY_LIMIT = 4096  # bytes of a request body written into a finding's curl command


@dataclass(frozen=True)
class Budget:
    examples: int = 6  # generated requests per operation and mode (valid, invalid)
    sequences: int = 8  # linked sequences (the state machine's runs)
    steps: int = 6  # requests per linked sequence at most
    seconds: float = 30.0  # for everything; what is not sent by then is not sent
    seed: int = 20


@dataclass(frozen=True)
class GeneratedRequest:
    """A generated request as the sender sends it: plain data (it crosses processes), no Schemathesis object."""

    label: str  # the operation: "GET /v3/crud/event_exhibit/{exhibit_id}"
    method: str
    path: str  # the path and query, as generated
    params: Any
    headers: dict[str, str]  # the generated headers, without credentials or the ones the transport sets
    body: dict[str, Any]  # json, data or files, as requests takes them
    valid: bool  # valid by the document (Schemathesis' positive mode)

    @classmethod
    def of(cls, case) -> "GeneratedRequest":
        request = case.as_transport_kwargs(base_url=_BASE)
        url = urlsplit(request["url"])
        return cls(label=f"{case.method.upper()} {case.operation.path}", method=case.method.upper(),
                   path=url.path + (f"?{url.query}" if url.query else ""), params=request.get("params"),
                   headers={name: str(value) for name, value in (request.get("headers") or {}).items()
                            if name.lower() not in CREDENTIAL_HEADERS | _ITS_OWN_HEADERS},
                   body={key: request[key] for key in ("json", "data", "files") if key in request},
                   valid=case.meta is not None and case.meta.generation.mode is GenerationMode.POSITIVE)

    def with_ids(self, stand_ins: dict[str, str], ids: dict[str, str]) -> "GeneratedRequest":
        """The request with each stand-in id (``stand_ins[name]``) replaced by the real one (``ids[name]``)."""
        swaps = [(stand_ins[name], ids[name]) for name in stand_ins]
        return replace(self, **{part: _swapped(getattr(self, part), swaps)
                                for part in ("path", "params", "headers", "body")})


@dataclass(frozen=True)
class Finding:
    problem: str
    request: str  # a curl command that sends the request again, secrets redacted
    exchange: Exchange | None  # the recorded exchange (None: the request got no usable answer)


@dataclass
class Outcome:
    sent: Counter = field(default_factory=Counter)  # operation label ("GET /v3/auth/me") -> requests sent
    findings: list[Finding] = field(default_factory=list)
    sequences: int = 0  # linked sequences started
    out_of_time: bool = False

    @property
    def requests(self) -> int:
        return sum(self.sent.values())

    def summary(self) -> str:
        timing = "; the time limit ended it" if self.out_of_time else ""
        return (f"{self.requests} generated requests over {len(self.sent)} operations, "
                f"{self.sequences} linked sequences{timing}")

    def evidence(self) -> str:
        """The findings, each with its reproducible request: what the failed step says."""
        lines = [f"{len(self.findings)} answers broke the contract ({self.summary()}):"]
        for number, finding in enumerate(self.findings[:SHOWN_FINDINGS], 1):
            lines += [f"{number}. {finding.problem}", f"   reproduce: {finding.request}"]
        if len(self.findings) > SHOWN_FINDINGS:
            lines.append(f"... and {len(self.findings) - SHOWN_FINDINGS} more")
        return "\n".join(lines)


class _OutOfTime(Exception):
    """The budget's seconds are spent."""


def real_ids(exhibit: dict, lead: dict, file: dict) -> dict[str, str]:
    """The path parameters of every operation, as real objects of the persona's account have them."""
    return {"event_id": exhibit["event_id"], "exhibit_id": exhibit["exhibit_id"], "tracking_id": lead["tracking_id"],
            "file_id": file["file_id"], "sha256": file["sha256"]}


def run(api: AetherApi, persona: Persona, ids: dict[str, str], budget: Budget = Budget(),
        pregeneration: Pregeneration | None = None) -> Outcome:
    """Generated requests and linked sequences as ``persona``, judged; see the module docstring.

    ``pregeneration``: the generated requests being made in a process of their own (pregeneration.py), for
    its budget; without it they are made here."""
    budget = pregeneration.budget if pregeneration is not None else budget
    sender = _Sender(api, persona, time.monotonic() + budget.seconds)
    recorded = len(api.exchanges)
    schema = _schema(ids)
    try:
        made = pregeneration.requests(ids) if pregeneration is not None else generated_requests(ids, budget, schema)
        for request in made:
            sender.send(request)
        _linked(schema, sender, ids, budget)
    except _OutOfTime:
        sender.outcome.out_of_time = True
    finally:  # the scenario's evidence keeps the findings' exchanges, not the hundreds that were as the contract says
        findings = [finding.exchange for finding in sender.outcome.findings if finding.exchange is not None]
        api.recorder.exchanges[recorded:] = findings
    return sender.outcome


def generated_requests(ids: dict[str, str], budget: Budget, schema=None) -> list[GeneratedRequest]:
    """For each operation, deletes last, ``budget.examples`` requests valid by the document and as many invalid,
    about the objects ``ids`` names; the same ones every time for the same budget and ids. ``schema``: the
    document as Schemathesis loaded it for these ids, if it has been."""
    made: list[GeneratedRequest] = []
    operations = [result.ok() for result in (schema or _schema(ids)).get_all_operations()]
    for operation in sorted(operations, key=lambda op: op.method.upper() == "DELETE"):
        fixed = {name: ids[name] for name in _placeholders(operation.path)}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed or None)

            @seed(budget.seed)
            @settings(max_examples=budget.examples, database=None, deadline=None,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
            @given(strategy)
            def keep_each(case) -> None:
                made.append(GeneratedRequest.of(case))

            # Nothing is judged here: nothing fails, so nothing for Hypothesis to shrink or replay.
            try:
                keep_each()
            except Unsatisfiable:  # no invalid request exists (the health check takes nothing)
                pass
    return made


def _schema(ids: dict[str, str]):
    _register_formats()
    return schemathesis.openapi.from_dict(endpoints.document(), config=schemathesis.Config.from_dict({
        "parameters": {"event_id": ids["event_id"]},  # the real event: the root of the exhibits' sequences
        # Only the document's links: links inferred between operations lead from site bootstrap to
        # sign-ins, and end each sequence's first step there.
        "phases": {"stateful": {"inference": {"algorithms": []}}}}))


def _linked(schema, sender: _Sender, ids: dict[str, str], budget: Budget) -> None:
    """The state machine over the document's links, each call sent and judged by the sender.

    A sequence starts at an operation no link leads to with real ids (the config's event_id) or at a create;
    an exhibit is created at the real event, so that the rest of its sequence meets a real exhibit.
    """
    base = schema.as_state_machine()

    class Sequences(base):
        rule_order_seed = budget.seed  # the first step of each sequence varies, in the same order every run

        def setup(self) -> None:
            sender.outcome.sequences += 1

        def before_call(self, case) -> None:
            if case.operation.label == f"POST {endpoints.EXHIBITS.template}" and isinstance(case.body, dict) \
                    and "event_id" in case.body:
                case.body["event_id"] = ids["event_id"]

        def call(self, case, **kwargs: Any) -> GeneratedResponse:
            response = sender.send(GeneratedRequest.of(case))
            if response is None:  # not sendable: an answer that links nowhere
                return GeneratedResponse(status_code=599, headers={}, content=b"", request=requests.Request(
                    case.method, _BASE + case.formatted_path).prepare(), elapsed=0.0, verify=True)
            return GeneratedResponse(
                status_code=response.status_code,
                headers={name.lower(): [value] for name, value in response.headers.items()},
                content=response.content, request=response.request, elapsed=response.elapsed.total_seconds(),
                verify=True, message=response.reason or "", encoding=response.encoding)

        def validate_response(self, response, case, additional_checks=None, **kwargs: Any) -> None:
            """Judged by the sender as it answered."""

    seed(budget.seed)(Sequences).run(settings=settings(
        max_examples=budget.sequences, stateful_step_count=budget.steps, database=None, deadline=None,
        phases=[Phase.generate], suppress_health_check=list(HealthCheck)))


class _Sender:
    """Sends a generated case as the persona through the scenario's API object and judges the answer."""

    def __init__(self, api: AetherApi, persona: Persona, deadline: float):
        self.api, self.persona, self.deadline = api, persona, deadline
        self.outcome = Outcome()

    def send(self, request: GeneratedRequest) -> requests.Response | None:
        if time.monotonic() > self.deadline:
            raise _OutOfTime
        path, headers, body, label = request.path, request.headers, request.body, request.label
        url = urlsplit(path)
        if endpoints.match(url.path) == (endpoints.PASSCODE_LOGIN, {}):
            body = _made_up_emails(body)
        recorded = len(self.api.exchanges)
        try:
            response = self.api.send(request.method, path, persona=self.persona, params=request.params,
                                     headers=headers, **body)
        except ServerUnreachable as unanswered:
            if self.api.run.stopped:
                raise  # the server stopped answering: so does the run, and the clean-up names what is left
            self.outcome.sent[label] += 1
            unsent = requests.Request(request.method, self.api.run.config.base_url + path, headers={
                **headers, **dict.fromkeys(_credentials(url.path), REDACTED)}, params=request.params,
                **body).prepare()
            self._found(f"{label}: {unanswered}", None, unsent)
            return None
        except (ContractViolation, UnusableAnswer, AssertionError) as broken:
            self.outcome.sent[label] += 1
            self._found(_without_where(str(broken).split("\n", 1)[-1]), *self._last(recorded))
            return self.api.last if len(self.api.exchanges) > recorded else None
        except (ValueError, UnicodeError, requests.RequestException):
            return None  # a generated header or URL that HTTP cannot carry: nothing was sent
        self.outcome.sent[label] += 1
        for problem in judge(request, response):
            self._found(problem, *self._last(recorded))
        return response

    def _last(self, recorded: int) -> tuple[Exchange | None, requests.PreparedRequest | None]:
        """The exchange made since ``recorded`` exchanges, and its request."""
        if len(self.api.exchanges) == recorded:
            return None, None
        return self.api.exchanges[-1], self.api.last.request

    def _found(self, problem: str, exchange: Exchange | None, request: requests.PreparedRequest | None) -> None:
        said = f"{exchange.request} answered {exchange.status}: {problem}" if exchange else problem
        self.outcome.findings.append(Finding(
            problem=self.api.run.redactor.text(said),
            request=curl(self.api.run.redactor, request) if request is not None else "(not sent)",
            exchange=exchange))


def judge(request: GeneratedRequest, response: requests.Response) -> list[str]:
    """What the API object's own checks (shapes, ID Vision) leave: a 5xx, and a valid request refused."""
    problems = []
    if response.status_code >= 500:
        problems.append("a server error, whatever was sent")
    if request.valid and response.status_code == 422:
        body = _json(response)
        code = body.get("code") if isinstance(body, dict) else None
        problems.append(f"{code}, to a request the document allows: the document "
                        f"(contract/aether-v3.openapi.json) and the server disagree")
    return problems


def curl(redactor: Redactor, request: requests.PreparedRequest) -> str:
    """A shell command that sends ``request`` again, each secret shown as «redacted»."""
    parts = ["curl", "-X", request.method, request.url]
    for name, value in redactor.headers(dict(request.headers)).items():
        if name.lower() not in ("content-length", "connection", "accept-encoding", "user-agent", "accept"):
            parts += ["-H", f"{name}: {value}"]
    command = " ".join(shlex.quote(part) for part in parts)
    body = request.body.encode() if isinstance(request.body, str) else request.body
    if isinstance(body, bytes) and body:
        shown = redactor.body(body[:CURL_BODY_LIMIT].decode("utf-8", "surrogateescape"),
                              request.headers.get("Content-Type", "").lower())
        cut = f" (the first {CURL_BODY_LIMIT} of {len(body)} bytes)" if len(body) > CURL_BODY_LIMIT else ""
        command += f" --data-binary {_ansi_c(shown.encode('utf-8', 'surrogateescape'))}{cut}"
    return redactor.text(command)


def _ansi_c(data: bytes) -> str:
    """``data`` as a bash $'...' string: printable ASCII as it is, every other byte escaped."""
    return "$'" + "".join(chr(b) if 0x20 <= b < 0x7F and chr(b) not in "\\'" else f"\\x{b:02x}"
                          for b in data) + "'"


def _credentials(path: str) -> list[str]:
    """The credential headers the contract asks of a path (each shown redacted)."""
    matched = endpoints.match(path)
    needs = matched[0].credentials if matched else Credentials.PERSON
    return {Credentials.NONE: [], Credentials.KEY: ["x-aether-api-key"]}.get(
        needs, ["x-aether-api-key", "x-aether-account-id", "Authorization"])


def _without_where(problems: str) -> str:
    """The shape check's problems without the request and status each begins with (the finding names them)."""
    return "; ".join(re.sub(r"^[A-Z]+ \S+ \d{3}: ", "", line.strip()) for line in problems.strip().splitlines())


def _made_up_emails(body: dict) -> dict:
    """The sign-in body with a made-up email, different every time, in place of a generated or linked one."""
    data = body.get("json")
    if isinstance(data, dict) and isinstance(data.get("email"), str):
        body = {**body, "json": {**data, "email": f"generated-{secrets.token_hex(6)}@unknown-visitor.example"}}
    return body


def _swapped(value: Any, swaps: list[tuple[str, str]]) -> Any:
    """``value`` (strings, bytes and the lists, tuples and dicts of them) with each ``(old, new)`` swapped."""
    if isinstance(value, str):
        for old, new in swaps:
            value = value.replace(old, new)
        return value
    if isinstance(value, bytes):
        for old, new in swaps:
            value = value.replace(old.encode(), new.encode())
        return value
    if isinstance(value, dict):
        return {_swapped(key, swaps): _swapped(item, swaps) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_swapped(item, swaps) for item in value)
    return value


def _placeholders(template: str) -> list[str]:
    return [part[1:-1] for part in template.split("/") if part.startswith("{") and part.endswith("}")]


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _offset_date_times() -> st.SearchStrategy[str]:
    """Moments the contract takes for ``scanned_at``: ISO 8601 with an offset, in the years 0001 to 9999
    in UTC, with or without seconds and a fraction."""
    moments = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30))
    offsets = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59)

    def written(moment: datetime, minutes: int, seconds: str) -> str:
        local = moment + timedelta(minutes=minutes)  # the moment's clock time at that offset
        text = f"{local.year:04}-{local.month:02}-{local.day:02}T{local.hour:02}:{local.minute:02}"
        if seconds != "none":
            text += f":{local.second:02}" + (f".{local.microsecond:06}" if seconds == "fraction" else "")
        sign = "+" if minutes > 0 else "-"
        return text + ("Z" if minutes == 0 else f"{sign}{abs(minutes) // 60:02}:{abs(minutes) % 60:02}")

    return st.builds(written, moments, offsets, st.sampled_from(["none", "whole", "fraction"]))


def _register_formats() -> None:
    schemathesis.openapi.format(OFFSET_DATE_TIME, _offset_date_times())

