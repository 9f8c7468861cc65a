"""Every refusal as a clear message with a proper status: JSON under /api, a page elsewhere."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from everyrun.domain.accounts.people import NotAllowed, SignInRefused, TooManyAttempts
from everyrun.domain.errors import ConfigurationError, EveryrunError, NotFoundError
from everyrun.web.context import CsrfRefused, SignInRequired
from everyrun.web.templating import page

_STATUS_TITLES = {
    400: "Bad request",
    401: "Please sign in",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    422: "Not valid",
    429: "Too many attempts",
}


def status_for(error: EveryrunError) -> int:
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, SignInRequired | SignInRefused):
        return 401
    if isinstance(error, NotAllowed | CsrfRefused):
        return 403
    if isinstance(error, TooManyAttempts):
        return 429
    if isinstance(error, ConfigurationError):
        return 500
    return 400


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


def error_response(request: Request, status: int, message: str, hint: str | None) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message, "hint": hint}, status_code=status)
    title = _STATUS_TITLES.get(status, "Something went wrong")
    return page(request, "error.html", title=title, status_code=status, message=message, hint=hint)


def _validation_message(errors: list[Any]) -> str:
    parts = []
    for problem in errors:
        where = ".".join(str(p) for p in problem.get("loc", ()) if p not in ("body", "query"))
        parts.append(f"{where}: {problem.get('msg', 'not valid')}" if where else problem["msg"])
    return "; ".join(parts) or "the request is not valid"


def install(app: FastAPI) -> None:
    @app.exception_handler(EveryrunError)
    async def _everyrun_error(request: Request, error: EveryrunError) -> Response:
        if isinstance(error, SignInRequired) and not wants_json(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/signin?next={quote(target, safe='')}", status_code=303)
        return error_response(request, status_for(error), error.message, error.hint)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        return error_response(
            request, 422, _validation_message(list(error.errors())), "check the values and retry"
        )

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> Response:
        hint = "check the address" if error.status_code == 404 else None
        detail = error.detail if isinstance(error.detail, str) else "not allowed"
        message = "there is no such page" if error.status_code == 404 else detail
        return error_response(request, error.status_code, message, hint)
