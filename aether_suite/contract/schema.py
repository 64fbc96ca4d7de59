"""The shapes of the Aether V3 contract's answers, and a check of any response against them.

The document is contract/aether-v3.openapi.json (OpenAPI 3.1, loaded by aether_suite/contract/endpoints.py,
whose matcher finds an answer's operation); tests/suite/contract/test_contract_schema.py keeps it in step
with the markdown contract. Its schemas are compiled once, when this module is imported: before the run
starts, and under behavex before the worker processes are forked from it.

    check_response("GET", "/v3/auth/me", 200, "application/json", body)
    -> ["GET /v3/auth/me 200: missing field 'role'"]          (empty list = as the contract says)
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator

from aether_suite.contract import endpoints
from aether_suite.contract.endpoints import HTTP_METHODS, document

JSON_TYPES = {dict: "object", list: "array", str: "string", int: "integer", float: "number",
              bool: "boolean", type(None): "null"}


# A response: media type -> the validator of its body's schema (None: not JSON, bytes unchecked). {} = no body.
Media = dict[str, Draft202012Validator | None]


@dataclass(frozen=True)
class Operation:
    method: str                  # "GET"
    template: str                # "/v3/crud/event_exhibit/{exhibit_id}"
    responses: dict[str, Media]  # "200" -> media


def error_codes() -> set[str]:
    """Every error code the contract names."""
    return {entry["code"] for entry in document()["x-error-codes"]}


def longest_allowed(schema: str, field: str) -> int:
    """The most characters the contract allows in a text field of a request body: ("LeadCreate", "title") -> 200."""
    return document()["components"]["schemas"][schema]["properties"][field]["maxLength"]


def operation_for(method: str, path: str) -> Operation | None:
    """The contract operation serving `method` on a concrete path (query ignored), or None.

    Literal segments win over path parameters: GET /v3/action/file/limits is the limits, not a file, and
    DELETE there is a method the limits do not support (405), not the delete of a file.
    """
    matched = endpoints.match(path)
    return None if matched is None else _contract().operations.get((method.upper(), matched[0].template))


def check_response(method: str, path: str, status: int, content_type: str | None, body_json: Any) -> list[str]:
    """Human-readable differences between a response and the contract; [] when it conforms.

    body_json is the parsed JSON body (None when there is none or it is not JSON). Paths the contract
    does not know are not checked; a known path with a method it does not define must answer 405.
    """
    operation = operation_for(method, path)
    if operation is None:
        if endpoints.match(path) is None:
            return []
        responses = _contract().unsupported_method
    else:
        responses = operation.responses
    problems = []
    media = responses.get(str(status))
    if media is None:
        problems.append(f"status {status} is not in the contract here (expected {', '.join(responses)})")
        media = _contract().generic_error if status >= 400 else None
    if media is not None:
        problems += _body_problems(media, content_type, body_json)
    where = f"{method.upper()} {urlsplit(path).path} {status}"
    return [f"{where}: {problem}" for problem in problems]


class _Contract:
    def __init__(self, doc: dict):
        self.doc = doc
        self.operations = {
            (method.upper(), template): Operation(method.upper(), template, self._responses(spec["responses"]))
            for template, item in doc["paths"].items()
            for method, spec in item.items() if method in HTTP_METHODS}
        self.unsupported_method = self._responses(doc["x-unsupported-method-responses"]["responses"])
        self.generic_error = {"application/json": self._body_schema({"$ref": "#/components/schemas/Error"})}

    def _responses(self, responses: dict) -> dict[str, Media]:
        return {status: {media_type: self._body_schema(media["schema"]) if "schema" in media else None
                         for media_type, media in self._inline(response).get("content", {}).items()}
                for status, response in responses.items()}

    def _body_schema(self, schema: dict) -> Draft202012Validator:
        return Draft202012Validator(self._inline(schema))

    def _inline(self, node: Any) -> Any:
        """node with every local $ref replaced by its target (the contract has no recursive schemas)."""
        if isinstance(node, list):
            return [self._inline(item) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            return self._inline(resolve_ref(self.doc, node["$ref"]))
        return {key: self._inline(value) for key, value in node.items()}


def resolve_ref(doc: dict, ref: str) -> Any:
    """The target of a local reference "#/a/b"; KeyError when it points nowhere."""
    if not ref.startswith("#/"):
        raise KeyError(f"not a local reference: {ref}")
    node = doc
    for token in ref[2:].split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


@cache
def _contract() -> _Contract:
    return _Contract(document())


def _body_problems(media: Media, content_type: str | None, body: Any) -> list[str]:
    if not media:
        return [] if body is None else ["expected no body"]
    if not content_type:
        return ["missing Content-Type"]
    declared = next((m for m in media if _media_matches(m, content_type)), None)
    if declared is None:
        return [f"Content-Type {content_type!r} is not {' or '.join(media)}"]
    validator = media[declared]
    if validator is None:
        return []
    if body is None:
        return ["expected a JSON body"]
    problems = [problem for error in validator.iter_errors(body) for problem in _describe(error)]
    return list(dict.fromkeys(problems))


def _media_matches(declared: str, actual: str) -> bool:
    """"text/csv; charset=utf-8" must match with its parameters; "application/json" ignores them."""
    declared, actual = declared.replace(" ", "").lower(), actual.replace(" ", "").lower()
    return declared == "*/*" or declared == (actual if ";" in declared else actual.split(";")[0])


def _describe(error) -> list[str]:
    field = _field(error.absolute_path)
    subject = f"field '{field}'" if field else "body"
    keyword, value, instance = error.validator, error.validator_value, error.instance
    if keyword == "required":
        return [f"missing field '{_field([*error.absolute_path, name])}'" for name in value if name not in instance]
    if keyword == "additionalProperties":
        known = error.schema.get("properties", {})
        return [f"unexpected field '{_field([*error.absolute_path, name])}'" for name in instance if name not in known]
    if keyword == "type":
        expected = " or ".join([value] if isinstance(value, str) else value)
        return [f"{subject} should be {expected}, got {JSON_TYPES.get(type(instance), type(instance).__name__)}"]
    if keyword == "enum":
        return [f"{subject} should be one of {', '.join(map(_short, value))}, got {_short(instance)}"]
    if keyword == "const":
        return [f"{subject} should be {_short(value)}, got {_short(instance)}"]
    if keyword == "pattern":
        return [f"{subject} should match {value}, got {_short(instance)}"]
    return [f"{subject}: {error.message[:200]}"]


def _field(path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


_contract()  # compiled at import: see the module docstring
