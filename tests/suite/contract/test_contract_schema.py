"""The machine-readable contract: sound, in step with the markdown contract, and strict about bodies."""
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from aether_suite.contract import endpoints
from aether_suite.contract import schema as cs

REPO = Path(__file__).resolve().parents[3]

MARKDOWN = REPO.parent / "shared" / "contract" / "aether-v3.md"
ID, ID2 = "AbCdEfGhIjK", "_XY7DXtc9MY"
NOW = "2026-11-21T10:00:00Z"
SHA = "a" * 64
JSON = "application/json"


# (a) the document is sound -------------------------------------------------------------------

def _walk(node, where="#"):
    """Every (json-pointer, dict) in node."""
    if isinstance(node, dict):
        yield where, node
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for key, value in items:
        yield from _walk(value, f"{where}/{key}")


def _operations():
    return [(method, template, spec) for template, item in cs.document()["paths"].items()
            for method, spec in item.items() if method in cs.HTTP_METHODS]


def _resolves(ref):
    try:
        return cs.resolve_ref(cs.document(), ref) is not None
    except KeyError:
        return False


def test_every_ref_resolves_and_stands_alone():
    refs = [(where, node) for where, node in _walk(cs.document()) if "$ref" in node]
    assert [f"{where}: {node['$ref']}" for where, node in refs if not _resolves(node["$ref"])] == []
    assert [where for where, node in refs if set(node) != {"$ref"}] == [], "keywords beside $ref are not inlined"


def test_every_schema_is_valid_2020_12():
    doc = cs.document()
    schemas = [node["schema"] for _, node in _walk(doc) if isinstance(node.get("schema"), dict)]
    for schema in schemas + list(doc["components"]["schemas"].values()):
        Draft202012Validator.check_schema(schema)


def test_every_operation_is_complete():
    doc = cs.document()
    for method, template, spec in _operations():
        assert spec["responses"], f"{method} {template} has no responses"
        for status, response in spec["responses"].items():
            response = cs.resolve_ref(doc, response["$ref"]) if "$ref" in response else response
            assert response["description"], f"{method} {template} {status} has no description"
        declared = {cs.resolve_ref(doc, p["$ref"])["name"] for p in spec.get("parameters", [])}
        assert set(re.findall(r"{(\w+)}", template)) <= declared, f"{method} {template}: undeclared path parameter"
        assert "security" in spec, f"{method} {template} does not say which credentials it needs"
    ids = [spec["operationId"] for _, _, spec in _operations()]
    assert len(ids) == len(set(ids)), "operationIds must be unique"
    assert list(endpoints.OPERATIONS) == [(method.upper(), template) for method, template, _ in _operations()]


def _codes(response):
    """The error codes a response (or a $ref to one) enumerates."""
    if "$ref" in response:
        response = cs.resolve_ref(cs.document(), response["$ref"])
    schema = response.get("content", {}).get(JSON, {}).get("schema", {})
    return schema.get("properties", {}).get("code", {}).get("enum", [])


def test_error_codes_are_listed_with_their_status_and_all_used():
    listed = {(entry["code"], entry["status"]) for entry in cs.document()["x-error-codes"]}
    response_sets = [spec["responses"] for _, _, spec in _operations()]
    response_sets.append(cs.document()["x-unsupported-method-responses"]["responses"])
    used = {(code, int(status)) for responses in response_sets
            for status, response in responses.items() for code in _codes(response)}
    assert used == listed


# (b) in step with the markdown contract ---------------------------------------------------------

@pytest.fixture(scope="module")
def markdown():
    if not MARKDOWN.is_file():
        pytest.skip(f"markdown contract not found at {MARKDOWN} (expected beside the repo in shared/contract/)")
    return MARKDOWN.read_text(encoding="utf-8")


def test_endpoints_match_the_markdown(markdown):
    named = set(re.findall(r"`(GET|POST|PUT|PATCH|DELETE) (/v3/[^`?\s]*)", markdown))
    assert named, "no endpoints found in the markdown: has its style changed?"
    in_doc = set(endpoints.OPERATIONS)
    assert named - in_doc == set(), "endpoints of the markdown missing from the OpenAPI document"
    assert in_doc - named == set(), "endpoints of the OpenAPI document the markdown does not name"


def test_error_codes_match_the_markdown(markdown):
    runs = re.findall(r"\b([1-5]\d\d)\s+((?:`[a-z][a-z0-9]*(?:_[a-z0-9]+)+`(?:\s*/\s*)?)+)", markdown)
    named = {(code, int(status)) for status, run in runs for code in re.findall(r"`(\w+)`", run)}
    assert named, "no error codes found in the markdown: has its style changed?"
    in_doc = {(entry["code"], entry["status"]) for entry in cs.document()["x-error-codes"]}
    assert named - in_doc == set(), "error codes of the markdown missing from x-error-codes"
    assert in_doc - named == set(), "x-error-codes the markdown does not name"
    assert cs.error_codes() == {code for code, _ in named}


def test_body_fields_match_the_markdown(markdown):
    spans = re.findall(r"`([^`]*)`", markdown)
    in_bodies = {key for span in spans if '{"' in span for key in re.findall(r'(?:^|[{,])\s*"([a-z0-9_]+)"', span)}
    in_prose = {span for span in spans if re.fullmatch(r"[a-z][a-z0-9_]*", span)}  # e.g. "with `tracking_id`"
    in_doc = {key for _, node in _walk(cs.document()) if node.get("type") == "object"
              for key in node.get("properties", {})}
    assert in_bodies - in_doc == set(), "body fields of the markdown missing from the OpenAPI document"
    assert in_doc - in_bodies - in_prose == set(), "body fields of the OpenAPI document the markdown does not name"


# (c) bodies accepted and rejected ----------------------------------------------------------------

LEAD = {"tracking_id": ID, "exhibit_id": ID2, "first_name": "Ada", "last_name": "Byron", "email": None,
        "company": "One Sky", "title": None, "phone": None, "badge_id": "B-1", "scanned_at": NOW,
        "exhibitor_notes": "<p>Hot&nbsp;lead</p>", "responses_json": [{"question": "Size?", "answer": ["M", "L"]}],
        "hidden": False, "enabled": True}
EXHIBIT = {"exhibit_id": ID, "event_id": "pjrcghqwert", "account_id": ID2, "name": "Booth A", "booth": None,
           "created_at": NOW}
FILE = {"file_id": ID, "filename": "résumé.pdf", "content_type": "application/pdf", "size": 12, "sha256": SHA,
        "uploaded_by": "QWODAPCNLQU", "account_id": ID2, "created_at": NOW}
EXPORT = {"exhibit_id": ID, "count": 1,
          "columns": ["tracking_id", "scanned_at", "first_name", "last_name", "email", "company", "title",
                      "phone", "badge_id", "exhibitor_notes", "hidden", "enabled", "Size?"],
          "rows": [[ID, NOW, "Ada", "Byron", "", "", "", "", "", "Hot lead", False, True, "M; L"]]}
ME = {"person_id": "QWODAPCNLQU", "account_id": ID2, "name": "Osiris Idem", "email": "osiris@demo.example",
      "role": "manager", "leads_api_access": False}
TOKEN = {"access_token": "eyJh.eyJz.c2ln", "token_type": "bearer", "expires_in": 3600,
         "person_id": "QWODAPCNLQU", "account_id": ID2}
SITE = {"site_id": "92vkYC4fVEl", "account_id": ID2, "name": "One Sky", "domain": "demo.localhost:5173",
        "passcode_login": True}
EVENT = {"event_id": "pjrcghqwert", "account_id": ID2, "name": "Demo", "starts_on": "2026-03-10",
         "ends_on": "2026-03-12"}


def error(code, **extra):
    return {"code": code, "detail": "A human sentence.", **extra}


VALID = [
    ("GET", "/v3/health", 200, JSON, {"status": "ok"}),
    ("GET", "/v3/site/bootstrap?domain=demo.localhost:5173", 200, JSON, SITE),
    ("POST", "/v3/auth/passcode", 200, JSON, TOKEN),
    ("POST", "/v3/auth/passcode", 401, JSON, error("login_failed")),
    ("POST", "/v3/auth/passcode", 429, JSON, error("login_locked")),
    ("GET", "/v3/auth/me", 200, JSON, ME),
    ("GET", "/v3/auth/me", 401, "application/json; charset=utf-8", error("token_expired")),
    ("GET", "/v3/auth/me", 400, JSON, error("account_context_missing")),
    ("GET", "/v3/crud/event/pjrcghqwert", 200, JSON, EVENT),
    ("POST", "/v3/crud/event_exhibit", 201, JSON, EXHIBIT),
    ("POST", "/v3/crud/event_exhibit", 403, JSON, error("permission_denied")),
    ("POST", "/v3/crud/event_exhibit", 422, JSON, error("validation_error", errors=[{"field": "id", "message": "x"}])),
    ("PATCH", f"/v3/crud/event_exhibit/{ID}", 200, JSON, {**EXHIBIT, "booth": "B12"}),
    ("DELETE", f"/v3/crud/event_exhibit/{ID}", 204, None, None),
    ("POST", f"/v3/crud/event_exhibit/{ID}/tracking", 201, JSON, LEAD),
    ("GET", f"/v3/crud/event_exhibit/{ID}/tracking/{ID2}", 200, JSON, {**LEAD, "responses_json": None}),
    ("GET", f"/v3/crud/event_exhibit/{ID}/tracking", 200, JSON, {"items": [LEAD], "count": 1}),
    ("GET", f"/v3/action/event_exhibit/{ID}/tracking_export", 200, "text/csv; charset=utf-8", None),
    ("GET", f"/v3/action/event_exhibit/{ID}/tracking_export?format=xlsx", 200,
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", None),
    ("GET", f"/v3/action/event_exhibit/{ID}/tracking_export?return_file=false", 200, JSON, EXPORT),
    ("GET", "/v3/action/file/limits", 200, JSON, {"max_upload_bytes": 10485760}),
    ("POST", "/v3/action/file/upload", 201, JSON, FILE),
    ("POST", "/v3/action/file/upload", 422, JSON, error("empty_file")),
    ("POST", "/v3/action/file/upload", 413, JSON, error("file_too_large")),
    ("GET", f"/v3/action/file/{ID}", 200, JSON, FILE),
    ("GET", f"/v3/action/file/{ID}/download", 200, "image/png", None),
    ("GET", f"/v3/action/file/{ID}/download", 206, "application/json", {"partial": "bytes are not checked"}),
    ("GET", f"/v3/action/file/{ID}/download", 304, None, None),
    ("GET", f"/v3/action/file/by_hash/{SHA}/download", 416, JSON, error("range_not_satisfiable")),
    ("DELETE", f"/v3/action/file/{ID}", 204, None, None),
    ("DELETE", f"/v3/action/file/{ID}", 404, JSON, error("not_found")),
    ("PUT", f"/v3/crud/event_exhibit/{ID}", 405, JSON, error("method_not_allowed")),
]


@pytest.mark.parametrize("method, path, status, content_type, body", VALID,
                         ids=[f"{m} {p} {s}" for m, p, s, *_ in VALID])
def test_conforming_responses_pass(method, path, status, content_type, body):
    assert cs.check_response(method, path, status, content_type, body) == []


INVALID = [
    ("GET", f"/v3/action/file/{ID}", 200, JSON, {**FILE, "size": "12"},
     [f"GET /v3/action/file/{ID} 200: field 'size' should be integer, got string"]),
    ("GET", f"/v3/crud/event_exhibit/{ID}/tracking", 200, JSON,
     {"items": [{k: v for k, v in LEAD.items() if k != "hidden"}], "count": 1},
     [f"GET /v3/crud/event_exhibit/{ID}/tracking 200: missing field 'items[0].hidden'"]),
    ("GET", f"/v3/crud/event_exhibit/{ID}", 200, JSON, {**EXHIBIT, "id": 7},
     [f"GET /v3/crud/event_exhibit/{ID} 200: unexpected field 'id'"]),
    ("GET", "/v3/auth/me", 500, "text/html; charset=utf-8", None,
     ["GET /v3/auth/me 500: status 500 is not in the contract here (expected 200, 400, 401, 403, 404, 422)",
      "GET /v3/auth/me 500: Content-Type 'text/html; charset=utf-8' is not application/json"]),
    ("GET", "/v3/auth/me", 404, JSON, {"code": "not_found", "detail": "<html><body>Not Found</body></html>"},
     ["GET /v3/auth/me 404: field 'detail' should match ^(?![\\s\\S]*<[A-Za-z!/][^>]*>)[^\\r\\n]+$, "
      "got \"<html><body>Not Found</body></html>\""]),
    ("GET", "/v3/auth/me", 404, JSON, None, ["GET /v3/auth/me 404: expected a JSON body"]),
    ("GET", "/v3/auth/me", 200, JSON, {k: v for k, v in ME.items() if k != "role"},
     ["GET /v3/auth/me 200: missing field 'role'"]),
    ("GET", "/v3/auth/me", 403, JSON, error("permission_denied"),
     ['GET /v3/auth/me 403: field \'code\' should be one of "account_forbidden", got "permission_denied"']),
    ("GET", "/v3/site/bootstrap", 401, JSON, error("token_missing"),
     ['GET /v3/site/bootstrap 401: field \'code\' should be one of "api_key_missing", "api_key_invalid", '
      '"api_key_revoked", got "token_missing"']),
    ("GET", "/v3/auth/me", 401, JSON, error("token_invalid", errors=[]),
     ["GET /v3/auth/me 401: unexpected field 'errors'"]),
    ("POST", "/v3/auth/passcode", 200, JSON, {**TOKEN, "token_type": "Bearer", "person_id": 17},
     ["POST /v3/auth/passcode 200: field 'token_type' should be \"bearer\", got \"Bearer\"",
      "POST /v3/auth/passcode 200: field 'person_id' should be string, got integer"]),
    ("POST", "/v3/crud/event_exhibit", 201, JSON, {**EXHIBIT, "exhibit_id": "-bad-id"},
     ["POST /v3/crud/event_exhibit 201: field 'exhibit_id' should match ^[A-Za-z0-9_][A-Za-z0-9_-]{10}$, "
      "got \"-bad-id\""]),
    ("POST", "/v3/crud/event_exhibit", 200, JSON, EXHIBIT,
     ["POST /v3/crud/event_exhibit 200: status 200 is not in the contract here "
      "(expected 201, 400, 401, 403, 404, 422)"]),
    ("DELETE", f"/v3/action/file/{ID}", 204, JSON, {"deleted": True},
     [f"DELETE /v3/action/file/{ID} 204: expected no body"]),
    ("GET", f"/v3/action/event_exhibit/{ID}/tracking_export", 200, JSON,
     {**EXPORT, "rows": [EXPORT["rows"][0][:10] + ["false", True, "M; L"]]},
     [f"GET /v3/action/event_exhibit/{ID}/tracking_export 200: field 'rows[0][10]' should be boolean, got string"]),
    ("PATCH", "/v3/health", 200, JSON, {"status": "ok"},
     ["PATCH /v3/health 200: status 200 is not in the contract here (expected 400, 401, 403, 405)"]),
]


@pytest.mark.parametrize("method, path, status, content_type, body, expected", INVALID,
                         ids=[f"{m} {p} {s}" for m, p, s, *_ in INVALID])
def test_deviating_responses_are_named(method, path, status, content_type, body, expected):
    assert cs.check_response(method, path, status, content_type, body) == expected


def test_paths_outside_the_contract_are_not_checked():
    assert cs.check_response("GET", "/v3/made/up/path", 500, "text/html", None) == []
    assert cs.check_response("POST", f"/v3/crud/event_exhibit/{ID}/surprise", 200, JSON, {"id": 1}) == []


def test_operation_for_matches_whole_segments_and_prefers_literals():
    assert cs.operation_for("get", f"/v3/crud/event_exhibit/{ID}/tracking?x=1").template == \
        "/v3/crud/event_exhibit/{exhibit_id}/tracking"
    assert cs.operation_for("GET", "/v3/action/file/limits").template == "/v3/action/file/limits"
    assert cs.operation_for("GET", f"/v3/action/file/{ID}").template == "/v3/action/file/{file_id}"
    assert cs.operation_for("DELETE", "/v3/action/file/limits") is None  # the limits' path: 405, as the sandbox answers
    assert cs.check_response("DELETE", "/v3/action/file/limits", 405, JSON,
                             {"code": "method_not_allowed", "detail": "Use GET."}) == []
    assert cs.operation_for("GET", f"http://127.0.0.1:8000/v3/action/file/by_hash/{SHA}/download").template == \
        "/v3/action/file/by_hash/{sha256}/download"
    for unknown in ("/v3/auth/me/", "/v3/crud/event_exhibit//tracking", "/v3/auth", "/v3/made/up"):
        assert cs.operation_for("GET", unknown) is None
    assert cs.operation_for("PUT", "/v3/auth/me") is None


# (d) links: the sequences a generator follows (aether_suite/fuzz/generated.py) -------------------------------

def _links():
    """(source operationId, status, link name, link) for every link of the document."""
    doc = cs.document()
    return [(spec["operationId"], status, name, link) for _, _, spec in _operations()
            for status, response in spec["responses"].items()
            for name, link in (cs.resolve_ref(doc, response["$ref"]) if "$ref" in response else response)
            .get("links", {}).items()]


def test_every_link_leads_to_an_operation_and_fills_its_parameters_from_fields_that_exist():
    by_id = {spec["operationId"]: (method, template, spec) for method, template, spec in _operations()}
    wrong = []
    for source, status, name, link in _links():
        _, source_template, source_spec = by_id[source]
        if link["operationId"] not in by_id:
            wrong.append(f"{source} {status} {name}: no operation {link['operationId']}")
            continue
        _, _, target = by_id[link["operationId"]]
        parameters = [cs.resolve_ref(cs.document(), ref["$ref"]) for ref in target.get("parameters", [])]
        declared = {(parameter["in"], parameter["name"]) for parameter in parameters}
        body = source_spec["responses"][status].get("content", {}).get(JSON, {}).get("schema")
        fields = set(cs.resolve_ref(cs.document(), body["$ref"])["properties"]) if body else set()
        for parameter, expression in {**link.get("parameters", {}), **link.get("requestBody", {})}.items():
            where = tuple(parameter.split(".", 1))
            if parameter in link.get("parameters", {}) and where not in declared:
                wrong.append(f"{source} {status} {name}: {link['operationId']} has no {parameter}")
            if expression.startswith("$response.body#/") and expression.split("/", 1)[1] not in fields:
                wrong.append(f"{source} {status} {name}: the answer has no field {expression}")
            if expression.startswith("$request.path.") and f"{{{expression.rsplit('.', 1)[1]}}}" not in source_template:
                wrong.append(f"{source} {status} {name}: the request has no {expression}")
    assert _links() and wrong == []


def test_the_links_lead_from_a_create_to_read_export_delete_and_read_again():
    follows = {(source, link["operationId"]) for source, _, _, link in _links()}
    exhibit = [("getEvent", "createExhibit"), ("createExhibit", "getExhibit"), ("createExhibit", "createLead"),
               ("createLead", "getLead"), ("createLead", "exportLeads"), ("createExhibit", "deleteExhibit"),
               ("deleteExhibit", "getExhibit")]
    file = [("uploadFile", "getFile"), ("uploadFile", "downloadFile"), ("uploadFile", "deleteFile"),
            ("deleteFile", "getFile")]
    assert set(exhibit + file) <= follows
