"""Registration, login and logout, the current user, bearer tokens, erasure."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from sqlalchemy.orm import Session

from aicoach.api.audit import AuditAction, add_event
from aicoach.api.cookies import clear_session_cookie, set_session_cookie
from aicoach.api.deps import (
    SESSION_COOKIE,
    CurrentPrincipal,
    DbSession,
    Principal,
    State,
    optional_principal,
)
from aicoach.api.schemas.accounts import (
    LanguageUpdate,
    LoginPublic,
    LoginRequest,
    NewTokenPublic,
    PasswordChange,
    TokenCreate,
    TokenPublic,
    UserCreate,
    UserPublic,
)
from aicoach.domain.athlete import Language
from aicoach.errors import AuthenticationError, PermissionDeniedError
from aicoach.services import accounts
from aicoach.storage.server_tables import UserRow
from aicoach.storage.tables import AthleteRow

router = APIRouter(tags=["accounts"])


def user_public(session: Session, user: UserRow) -> UserPublic:
    athlete = session.get_one(AthleteRow, user.athlete_id)
    return UserPublic(
        id=user.id,
        email=user.email,
        role=user.role,
        athlete_id=user.athlete_id,
        athlete_name=athlete.name,
        language=user.language,
        created_at=user.created_at,
    )


@router.post("/auth/register", status_code=status.HTTP_201_CREATED)
def register(body: UserCreate, session: DbSession, state: State) -> UserPublic:
    """Create an account (athlete or coach) with its athlete profile."""
    if not state.settings.open_registration:
        raise PermissionDeniedError("registration is closed on this server")
    user = accounts.register_user(
        session,
        email=body.email,
        password=body.password,
        display_name=body.display_name,
        role=accounts.Role(body.role),
        language=Language(body.language),
    )
    return user_public(session, user)


@router.post("/auth/login")
def login(
    body: LoginRequest, request: Request, response: Response, session: DbSession, state: State
) -> LoginPublic:
    """Start a browser session (cookie); send the returned CSRF token with every change."""
    limiter_key = f"{request.client.host if request.client else '?'}|{body.email.lower()}"
    state.login_limiter.check(limiter_key)
    try:
        user = accounts.authenticate(session, body.email, body.password)
    except AuthenticationError:
        state.login_limiter.record_failure(limiter_key)
        raise
    state.login_limiter.reset(limiter_key)
    started = accounts.start_web_session(
        session, user, timedelta(hours=state.settings.session_ttl_h)
    )
    set_session_cookie(response, state.settings, started.cookie_token, started.expires_at)
    return LoginPublic(
        user=user_public(session, user),
        csrf_token=started.csrf_token,
        expires_at=started.expires_at,
    )


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(
    request: Request,
    session: DbSession,
    state: State,
    _principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Response:
    """End the browser session (its CSRF token is needed, like any change)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        accounts.end_web_session(session, cookie)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    clear_session_cookie(response, state.settings)
    return response


@router.get("/me")
def me(principal: CurrentPrincipal, session: DbSession) -> UserPublic:
    return user_public(session, principal.user)


@router.patch("/me")
def update_me(body: LanguageUpdate, principal: CurrentPrincipal, session: DbSession) -> UserPublic:
    """Change the language of the pages and the coach (English or Chinese)."""
    principal.user.language = body.language
    athlete = session.get_one(AthleteRow, principal.user.athlete_id)
    athlete.language = body.language
    return user_public(session, principal.user)


@router.post("/me/password", status_code=status.HTTP_204_NO_CONTENT)
def change_password(body: PasswordChange, principal: CurrentPrincipal, session: DbSession) -> None:
    """New password; every browser session ends (log in again)."""
    accounts.change_password(session, principal.user, body.current_password, body.new_password)


@router.post("/me/erase", status_code=status.HTTP_204_NO_CONTENT)
def erase_me(
    body: LoginRequest, principal: CurrentPrincipal, session: DbSession, state: State
) -> Response:
    """Delete the account and every piece of its data, for good. Needs the password again."""
    user = principal.user
    if body.email.strip().lower() != user.email:
        raise AuthenticationError("confirm with your own e-mail and password")
    accounts.authenticate(session, body.email, body.password)
    athlete_id = user.athlete_id
    accounts.erase_account(session, user, state.settings.uploads_dir)
    add_event(
        session,
        actor_user_id=None,
        subject_athlete_id=athlete_id,
        action=AuditAction.ERASE,
        resource="POST /api/v1/me/erase",
    )
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    clear_session_cookie(response, state.settings)
    return response


@router.post("/auth/tokens", status_code=status.HTTP_201_CREATED)
def create_token(
    body: TokenCreate, principal: CurrentPrincipal, session: DbSession
) -> NewTokenPublic:
    """A bearer token for scripts (``Authorization: Bearer ...``); the value is shown once."""
    row, plain = accounts.create_api_token(session, principal.user, body.name, body.valid_days)
    return NewTokenPublic(
        id=row.id, name=row.name, created_at=row.created_at, expires_at=row.expires_at, token=plain
    )


@router.get("/auth/tokens")
def list_tokens(principal: CurrentPrincipal, session: DbSession) -> list[TokenPublic]:
    return [
        TokenPublic(id=row.id, name=row.name, created_at=row.created_at, expires_at=row.expires_at)
        for row in accounts.list_api_tokens(session, principal.user)
    ]


@router.delete("/auth/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: int, principal: CurrentPrincipal, session: DbSession) -> None:
    accounts.revoke_api_token(session, principal.user, token_id)
