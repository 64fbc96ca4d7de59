"""The route class of every router: an endpoint's answer is what it returns, sent as JSON as it is.

FastAPI would otherwise validate the answer against the endpoint's return annotation, and for an endpoint
that runs in a worker thread (the writes: deps.py) it does so in a second worker thread, after the endpoint
has returned and while the request's transaction, committed when the request's ``Db`` ends, still holds
SQLite's write lock. With every worker thread (anyio's 40) taken by requests waiting for that lock, the
holder waited for a thread and the others for the lock, until the busy timeout failed them (10 s, 500s;
tests/sandbox/test_concurrency.py). The answers are the same dicts either way.
"""
from __future__ import annotations

from typing import Any

from fastapi.datastructures import DefaultPlaceholder
from fastapi.routing import APIRoute


class Route(APIRoute):
    def __init__(self, path: str, endpoint: Any, *, response_model: Any = None, **kwargs: Any) -> None:
        if isinstance(response_model, DefaultPlaceholder):  # not named by the route: none, not the annotation
            response_model = None
        super().__init__(path, endpoint, response_model=response_model, **kwargs)
