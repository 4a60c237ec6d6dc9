"""The browser-session cookie: HttpOnly, SameSite=Lax, Secure when the server says so."""

from __future__ import annotations

from datetime import datetime

from fastapi import Response

from aicoach.api.deps import SESSION_COOKIE
from aicoach.settings import Settings


def set_session_cookie(
    response: Response, settings: Settings, token: str, expires_at: datetime
) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        expires=expires_at,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, samesite="lax", secure=settings.secure_cookies, path="/"
    )
