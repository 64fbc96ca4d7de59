"""The form every refusal takes (contract §0, Errors): JSON, a snake_case code and one plain sentence."""
from __future__ import annotations

import re

import requests

_SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def refusal_problems(response: requests.Response) -> list[str]:
    """How an answer falls short of a refusal's form: a 4xx or 5xx status, Content-Type application/json,
    and a body of exactly ``code`` (snake_case) and ``detail`` (one line of text), a 422 also ``errors``."""
    problems = [] if 400 <= response.status_code < 600 else [f"the status {response.status_code} is no refusal"]
    media = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if media != "application/json":
        return [*problems, f"the answer is {media or 'of no type'}, not application/json"]
    try:
        body = response.json()
    except ValueError:
        return [*problems, "the body is not JSON"]
    if not isinstance(body, dict):
        return [*problems, "the body is not a JSON object"]
    allowed = {"code", "detail", "errors"} if response.status_code == 422 else {"code", "detail"}
    problems += [f"the body has {key!r}, which a refusal does not" for key in sorted(set(body) - allowed)]
    if not (isinstance(body.get("code"), str) and _SNAKE_CASE.fullmatch(body["code"])):
        problems.append(f"the code {body.get('code')!r} is not snake_case text")
    detail = body.get("detail")
    if not (isinstance(detail, str) and detail.strip() and "\n" not in detail and "\r" not in detail):
        problems.append(f"the detail {detail!r} is not one sentence on one line")
    return problems
