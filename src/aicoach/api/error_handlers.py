"""aicoach's exception tree translated into HTTP answers, one place for every route."""

from __future__ import annotations

import sqlalchemy.exc
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from aicoach.errors import (
    AicoachError,
    AthleteNotFoundError,
    AuthenticationError,
    ConflictError,
    DataError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
)

_STATUS: tuple[tuple[type[AicoachError], int], ...] = (
    (NotFoundError, 404),
    (AthleteNotFoundError, 404),
    (AuthenticationError, 401),
    (PermissionDeniedError, 403),
    (RateLimitedError, 429),
    (ConflictError, 409),
    (DataError, 422),
)


def status_for(error: AicoachError) -> int:
    for kind, status in _STATUS:
        if isinstance(error, kind):
            return status
    return 400


def error_body(error: AicoachError) -> dict[str, object]:
    body: dict[str, object] = {"detail": str(error), "error": type(error).__name__}
    if isinstance(error, DataError) and error.location():
        body["location"] = error.location()
    return body


def install_error_handlers(app: FastAPI) -> None:
    async def handle(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, AicoachError)
        headers: dict[str, str] = {}
        if isinstance(exc, AuthenticationError):
            headers["WWW-Authenticate"] = "Bearer"
        if isinstance(exc, RateLimitedError):
            headers["Retry-After"] = str(exc.retry_after_s)
        return JSONResponse(error_body(exc), status_code=status_for(exc), headers=headers)

    async def handle_database_refusal(request: Request, exc: Exception) -> JSONResponse:
        """A value the database cannot hold (e.g. an id past its integer range): the request
        was wrong, not the server."""
        return JSONResponse(
            {"detail": "a value in the request is out of range", "error": "DataError"},
            status_code=422,
        )

    app.add_exception_handler(AicoachError, handle)
    app.add_exception_handler(sqlalchemy.exc.DataError, handle_database_refusal)
