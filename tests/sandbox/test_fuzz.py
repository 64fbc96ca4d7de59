"""Fuzzing every endpoint of the contract: whatever arrives, the sandbox never answers 5xx, and every 4xx is
the contract's JSON error, never HTML.

Hypothesis runs derandomized (the same examples every run) with a fixed budget, so CI stays fast and a
failure reproduces; it prints the falsifying request.
"""
from __future__ import annotations

import base64
import json
import string
import time
from datetime import timedelta, timezone
from urllib.parse import quote

import jwt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aether_suite.contract import endpoints

ONESKY, NORTHWIND = "_XY7DXtc9MY", "Nw7RvLq2ZkP"
KEYS = ["sbx-onesky-4f1c9a", "sbx-northwind-b3e8d2", "sbx-onesky-revoked-77d0"]
ENDPOINTS = endpoints.OPERATIONS  # every operation of the contract, from its OpenAPI document
TEMPLATES = sorted({template for _, template in ENDPOINTS})
METHODS = ["GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS"]
BODY_FIELDS = ["event_id", "name", "booth", "first_name", "last_name", "email", "company", "title", "phone",
               "badge_id", "scanned_at", "exhibitor_notes", "responses_json", "hidden", "enabled", "site_id",
               "passcode", "expires_in", "account_id", "question", "answer"]
QUERY_NAMES = sorted({parameter["name"] for parameter in endpoints.document()["components"]["parameters"].values()
                      if parameter["in"] == "query"} | {"page", "id"})  # the contract's, and two it lacks
HOSTILE_BODIES = [
    b"[" * 100_000,                                    # deeper than the JSON parser's recursion
    b"1" * 5_000,                                      # more digits than int() converts
    b'{"first_name": "\\ud800", "last_name": "x", "name": "\\udfff", "email": "\\ud800"}',  # lone surrogates
    b'{"scanned_at": "0001-01-01T00:00:00+14:00", "first_name": "a", "last_name": "b"}',   # before year 1 in UTC
    b'{"scanned_at": "9999-12-31T23:59:59-14:00", "first_name": "a", "last_name": "b"}',   # after year 9999
    b'{"name": NaN, "expires_in": Infinity}', b"\xff\xfe\x00", b"null", b'"just a string"', b"{}" * 3,
    b'{"expires_in": 1e999, "site_id": "92vkYC4fVEl", "email": "a", "passcode": "b"}',
]

printable = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)
id_like = st.text(alphabet=string.ascii_letters + string.digits + "_-", min_size=11, max_size=11)
hexes = st.text(alphabet="0123456789abcdefABCDEF", min_size=63, max_size=65)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12)


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.fixture
def world(api) -> dict:
    """Real objects of both accounts, so fuzzed paths also reach existing ones; and every kind of token."""
    def made(persona, path, **kw):
        response = api.post(persona, path, **kw)
        assert response.status_code == 201, response.text
        return response.json()

    exhibit = made("osiris", "/v3/crud/event_exhibit", json={"event_id": "pjrcghqwert", "name": "Fuzz"})
    theirs = made("nadia", "/v3/crud/event_exhibit", json={"event_id": "Nw0EvtExpo1", "name": "Fuzz"})
    lead = made("cleo", f"/v3/crud/event_exhibit/{exhibit['exhibit_id']}/tracking",
                json={"first_name": "F", "last_name": "Z", "exhibitor_notes": "<b>=1+1</b>",
                      "responses_json": [{"question": "Q", "answer": ["a", "b"]}]})
    file = made("scott", "/v3/action/file/upload", files={"file": ("f.txt", b"0123456789", "text/plain")})
    now = int(time.time())
    claims = {"iss": "aether", "sub": "QWODAPCNLQU", "acc": ONESKY, "sid": "92vkYC4fVEl", "iat": now, "exp": now + 600}
    secret = api.app.state.settings.jwt_secret
    personas = [(ONESKY, api.token("osiris")), (ONESKY, api.token("cleo")), (ONESKY, api.token("scott")),
                (NORTHWIND, api.token("nadia"))]
    tokens = [token for _, token in personas] + [
        f"{b64({'alg': 'none'})}.{b64(claims)}.", jwt.encode({**claims, "exp": now - 5}, secret, algorithm="HS256"),
        jwt.encode({**claims, "iss": "x"}, secret, algorithm="HS256"), "a.b.c", ""]
    ids = {"event_id": ["pjrcghqwert", "Nw0EvtExpo1"], "exhibit_id": [exhibit["exhibit_id"], theirs["exhibit_id"]],
           "tracking_id": [lead["tracking_id"]], "file_id": [file["file_id"], "limits", "by_hash"],
           "sha256": [file["sha256"]]}
    return {"personas": personas, "tokens": tokens, "ids": ids}


def credentials(world: dict):
    """The proper key, account context and token of one persona, as headers."""
    return st.sampled_from([{"x-aether-api-key": KEYS[account == NORTHWIND], "x-aether-account-id": account,
                             "authorization": f"Bearer {token}"} for account, token in world["personas"]])


def wild_credentials(world: dict):
    """Each credential header absent, right, of the other account, or junk."""
    key = st.one_of(st.none(), st.sampled_from(KEYS), printable)
    context = st.one_of(st.none(), st.sampled_from([ONESKY, NORTHWIND]), id_like, printable)
    authorization = st.one_of(st.none(), st.sampled_from([f"Bearer {t}" for t in world["tokens"]]), printable,
                              st.just("Basic b3NpcmlzOjQyNDI0Mg=="))
    return st.tuples(key, context, authorization).map(lambda t: {
        name: value for name, value in zip(("x-aether-api-key", "x-aether-account-id", "authorization"), t)
        if value is not None})


EXTRA_HEADERS = st.fixed_dictionaries({}, optional={
    "range": st.one_of(st.from_regex(r"bytes=[0-9]{0,3}-[0-9]{0,3}(,[0-9]{0,2}-)?", fullmatch=True), printable),
    "if-none-match": printable,
    "content-type": st.one_of(st.sampled_from(["application/json", "multipart/form-data",
                                               "multipart/form-data; boundary=xyz", "text/html"]), printable),
})
QUERIES = st.dictionaries(st.one_of(st.sampled_from(QUERY_NAMES), st.text(max_size=8)),
                          st.one_of(st.sampled_from(["csv", "xlsx", "true", "false", "demo.localhost:5173"]),
                                    st.text(max_size=20)), max_size=3)
short_text = st.text(max_size=30)
offset_times = st.builds(  # any moment with any UTC offset, years 1 to 9999 included
    lambda moment, minutes: moment.replace(tzinfo=timezone(timedelta(minutes=minutes))).isoformat(),
    st.datetimes(), st.integers(-(24 * 60 - 1), 24 * 60 - 1))
answers = st.fixed_dictionaries({"question": st.text(min_size=1, max_size=20),
                                 "answer": st.one_of(short_text, st.lists(short_text, max_size=3))})
PLAUSIBLE_BODIES = {  # operation -> bodies nearly valid for it, so the handlers' success paths run too
    ("POST", "/v3/crud/event_exhibit/{exhibit_id}/tracking"): st.fixed_dictionaries(
        {"first_name": st.text(min_size=1, max_size=20), "last_name": st.text(min_size=1, max_size=20)},
        optional={"email": short_text, "company": short_text, "badge_id": short_text,
                  "scanned_at": st.one_of(offset_times, short_text), "exhibitor_notes": short_text,
                  "responses_json": st.lists(answers, max_size=3), "hidden": st.booleans(), "enabled": st.booleans()}),
    ("POST", "/v3/crud/event_exhibit"): st.fixed_dictionaries(
        {"event_id": st.sampled_from(["pjrcghqwert", "Nw0EvtExpo1"]), "name": short_text},
        optional={"booth": st.one_of(st.none(), short_text)}),
    ("PATCH", "/v3/crud/event_exhibit/{exhibit_id}"): st.fixed_dictionaries(
        {}, optional={"name": short_text, "booth": st.one_of(st.none(), short_text)}),
    ("POST", "/v3/auth/passcode"): st.fixed_dictionaries(
        {"site_id": st.sampled_from(["92vkYC4fVEl", "Rv3kTq8LmZa"]),
         "email": st.sampled_from(["osiris@demo.example", " Cleo@Demo.Example", "x@y"]),
         "passcode": st.sampled_from(["424242", "515151", "000000"])},
        optional={"expires_in": st.integers(-5, 100_000)}),
}
BODIES = st.one_of(
    st.none(),
    json_values.map(lambda v: {"content": json.dumps(v).encode()}),
    st.dictionaries(st.sampled_from(BODY_FIELDS), json_values, max_size=6).map(
        lambda v: {"content": json.dumps(v).encode()}),
    st.dictionaries(st.sampled_from(BODY_FIELDS), st.text(max_size=12), min_size=2, max_size=6).map(
        lambda v: {"content": json.dumps(v).encode()}),
    st.binary(max_size=200).map(lambda b: {"content": b}),
    st.sampled_from(HOSTILE_BODIES).map(lambda b: {"content": b}),
    st.tuples(st.sampled_from(["file", "files", "other", ""]), st.text(max_size=30), st.binary(max_size=64),
              printable).map(lambda t: {"files": {t[0]: (t[1], t[2], t[3])}}),
    st.binary(max_size=120).map(lambda b: {"content": b"--xyz\r\n" + b, "multipart": True}),
)


def requests(world: dict, wild: bool):
    """A random request: (method, path, headers, query, body).

    Well-formed: a contract operation on real or random IDs with a persona's proper credentials, so the
    request reaches validation and the handler. Wild: any method, odd path endings, any credentials.
    """
    any_id = st.sampled_from([value for values in world["ids"].values() for value in values])
    segments = {name: st.one_of(st.sampled_from(values), any_id, id_like, hexes, st.text(max_size=20))
                for name, values in world["ids"].items()}
    if wild:
        operation = st.tuples(st.sampled_from(METHODS), st.sampled_from(TEMPLATES))
        ending, creds = st.sampled_from(["", "/", "/extra", "//"]), wild_credentials(world)
    else:
        operation, ending, creds = st.sampled_from(ENDPOINTS), st.just(""), credentials(world)
    headers = st.tuples(creds, EXTRA_HEADERS).map(lambda pair: {**pair[0], **pair[1]})

    random_segment = st.one_of(id_like, hexes, st.text(max_size=20))

    @st.composite
    def request(draw):
        method, template = draw(operation)
        # a well-formed DELETE of the world's own objects would leave later examples nothing to find
        segment = (lambda name: random_segment) if method == "DELETE" and not wild else segments.get
        path = "/".join(quote(draw(segment(part.strip("{}"))), safe="") if part.startswith("{") else part
                        for part in template.split("/"))
        body = BODIES
        if not wild and (method, template) in PLAUSIBLE_BODIES:
            body = st.one_of(PLAUSIBLE_BODIES[method, template].map(lambda v: {"content": json.dumps(v).encode()}),
                             BODIES)
        elif not wild and template == "/v3/action/file/upload":
            body = st.one_of(st.tuples(st.text(max_size=30), st.binary(min_size=1, max_size=64), printable).map(
                lambda t: {"files": {"file": t}}), BODIES)
        return method, path + draw(ending), draw(headers), draw(QUERIES), draw(body)

    return request()


def send(api, method, path, headers, query, body):
    body = dict(body or {})
    if body.pop("multipart", False):
        headers = {**headers, "content-type": "multipart/form-data; boundary=xyz"}
    if "files" in body:
        headers = {k: v for k, v in headers.items() if k != "content-type"}
    return api.client.request(method, path, headers=headers, params=query, **body)


def contract_problems(response) -> list[str]:
    """What is wrong with a response whatever the request: a 5xx, or an error that is not JSON {code, detail}."""
    if response.status_code >= 500:
        return [f"server error {response.status_code}: {response.text[:200]}"]
    if response.status_code < 400:
        return []
    problems = []
    if not response.headers.get("content-type", "").startswith("application/json"):
        problems.append(f"error content type {response.headers.get('content-type')!r}")
    if "<html" in response.text.lower():
        problems.append("HTML in an error")
    if response.request.method != "HEAD":
        body = response.json()
        if not (isinstance(body, dict) and isinstance(body.get("code"), str) and isinstance(body.get("detail"), str)):
            problems.append(f"error body {body!r}")
    return problems


@pytest.mark.parametrize("wild", [False, True], ids=["well-formed", "wild"])
def test_random_requests_never_get_a_server_error_or_a_non_json_error(api, world, wild):
    @settings(max_examples=200, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(requests(world, wild))
    def run(request):
        response = send(api, *request)
        assert contract_problems(response) == [], request

    run()


BODY_ENDPOINTS = [(method, template) for method, template in ENDPOINTS  # the operations that take a body
                  if "requestBody" in endpoints.document()["paths"][template][method.lower()]]


@pytest.mark.parametrize(("method", "template"), BODY_ENDPOINTS)
def test_a_hostile_body_is_refused_not_crashed_on(api, world, method, template):
    path = template.format(exhibit_id=world["ids"]["exhibit_id"][0])
    responses = {body[:24]: api.request(method, "osiris", path, content=body) for body in HOSTILE_BODIES}
    wrong = {body: (r.status_code, contract_problems(r)) for body, r in responses.items()
             if not 400 <= r.status_code < 500 or contract_problems(r)}
    assert wrong == {}
