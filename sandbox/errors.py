"""The contract's error shape for every 4xx/5xx: {"code", "detail"} (+ "errors" on a 422), never HTML."""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

log = logging.getLogger("sandbox")


class ApiError(Exception):
    def __init__(self, status: int, code: str, detail: str, headers: dict | None = None,
                 errors: list[dict] | None = None):
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail
        self.headers, self.errors = headers or {}, errors


class HtmlErrorPage(Exception):
    """A web framework's default error page (text/html), as a server answers that lets one through."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


def not_found(what: str = "resource") -> ApiError:
    return ApiError(404, "not_found", f"The {what} was not found.")


def permission_denied(action: str) -> ApiError:
    return ApiError(403, "permission_denied", f"Your role does not allow you to {action}.")


def validation_error(errors: list[dict], detail: str = "The request is not valid.") -> ApiError:
    return ApiError(422, "validation_error", detail, errors=errors)


def error_response(error: ApiError) -> JSONResponse:
    body = {"code": error.code, "detail": error.detail}
    if error.errors is not None:
        body["errors"] = error.errors
    return JSONResponse(body, status_code=error.status, headers=error.headers)


_STARLETTE_CODES = {404: ("not_found", "No such path."),
                    405: ("method_not_allowed", "This path does not support that method.")}


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves on the request's path (asked of the router, method by method)."""
    allowed = []
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        scope = {"type": "http", "method": method, "path": request.scope["path"],
                 "root_path": request.scope.get("root_path", ""), "headers": []}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        if exc.code == "permission_denied" and request.app.state.settings.fault("refusal_without_detail"):
            return JSONResponse({"code": exc.code}, status_code=exc.status)
        return error_response(exc)

    @app.exception_handler(HtmlErrorPage)
    async def _html_page(request: Request, exc: HtmlErrorPage):
        return HTMLResponse(f"<html><body><h1>{exc.status} Bad Request</h1></body></html>", status_code=exc.status)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404 and request.app.state.settings.fault("unknown_path_framework_answer"):
            return JSONResponse({"detail": "Not Found"}, status_code=404)
        code, detail = _STARLETTE_CODES.get(exc.status_code, ("http_error", "The request failed."))
        headers = dict(exc.headers or {})
        if exc.status_code == 405 and request.app.state.settings.fault("method_not_allowed_without_allow"):
            headers.pop("Allow", None)
        elif exc.status_code == 405:  # Starlette names only the first matching route's methods
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return error_response(ApiError(exc.status_code, code, detail, headers=headers))

    @app.exception_handler(RequestValidationError)
    async def _request_invalid(request: Request, exc: RequestValidationError):
        errors = [{"field": ".".join(str(p) for p in e.get("loc", ())[1:]) or "request",
                   "message": e.get("msg", "invalid")} for e in exc.errors()]
        return error_response(validation_error(errors))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(ApiError(500, "internal_error", "The sandbox failed unexpectedly."))
