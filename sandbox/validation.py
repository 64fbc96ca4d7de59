"""Check 7: request bodies and list queries parsed inside the endpoint, strictly, with unknown fields refused."""
from __future__ import annotations

import json
from typing import TypeVar

from fastapi import Request
from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import HtmlErrorPage, validation_error
from .settings import Settings

M = TypeVar("M", bound=BaseModel)


class Body(BaseModel):
    """Base of every request body: strict types, and a field the endpoint does not define is an error."""
    model_config = ConfigDict(extra="forbid", strict=True)


def parse_body(model: type[M], raw: bytes, settings: Settings) -> M:
    try:
        data = json.loads(raw or b"null")
        json.dumps(data, ensure_ascii=False).encode()  # a lone surrogate ("\ud800") is not text
    except (ValueError, RecursionError):  # bad JSON or UTF-8, a 4300+ digit number, deep nesting
        data = None
    if not isinstance(data, dict):
        if settings.fault("malformed_body_html_page"):
            raise HtmlErrorPage(400)
        raise validation_error([{"field": "body", "message": "must be a JSON object"}])
    if settings.fault("unknown_fields_ignored"):
        data = {k: v for k, v in data.items() if k in model.model_fields}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(field_errors(exc)) from None


def field_errors(exc: ValidationError) -> list[dict]:
    return [{"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]}
            for e in exc.errors(include_url=False)]


def list_query(request: Request, allowed: tuple[str, ...], settings: Settings, lenient_fault: str) -> dict[str, str]:
    """The query of a list endpoint: each of ``allowed`` at most once, nothing else (else 422)."""
    errors = [{"field": name, "message": "is not a parameter of this list"}
              for name in dict.fromkeys(request.query_params) if name not in allowed]
    errors += [{"field": name, "message": "may be given once"}
               for name in allowed if len(request.query_params.getlist(name)) > 1]
    if errors and not settings.fault(lenient_fault):
        raise validation_error(errors)
    return {name: request.query_params[name] for name in allowed if name in request.query_params}
