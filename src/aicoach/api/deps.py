"""Shared dependencies: the request's database session, who is asking, and whose data.

``AthleteInReach`` is the one ownership check: every route under
``/athletes/{athlete_id}/`` takes it, and an athlete the user may not reach answers 404,
exactly like one that does not exist. Cookie logins must send the CSRF token in the
``X-CSRF-Token`` header for anything but GET/HEAD/OPTIONS; bearer tokens need none.

Thread hops: FastAPI runs every plain ``def`` dependency in its thread pool, one hop each
(about 0.2 ms here). Dependencies that only read request state are ``async``; the login and
the ownership check are one hop each and share the request's principal
(``principal_for`` keeps it on ``request.state``), so an athlete route costs two hops with
its own body.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from aicoach.api.audit import AuditAction, record_event
from aicoach.api.state import ServerState
from aicoach.errors import AuthenticationError, NotFoundError, PermissionDeniedError
from aicoach.services.accounts import Role, user_for_api_token, web_session_for
from aicoach.services.coaching import may_reach_athlete
from aicoach.storage.server_tables import UserRow, WebSessionRow
from aicoach.storage.tables import AthleteRow

SESSION_COOKIE = "aicoach_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
NOT_FOUND = "not found"


async def server_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.server
    return state


State = Annotated[ServerState, Depends(server_state)]


async def db_session(state: State) -> AsyncIterator[Session]:
    """One transaction per request: committed when the route returns, rolled back on error.

    Opening a session touches no connection (the first query does, in the route's thread);
    the commit at the end runs on the event loop, which for a read is a no-op.
    """
    with state.database.sessions.begin() as session:
        yield session


DbSession = Annotated[Session, Depends(db_session)]


@dataclass(frozen=True, slots=True)
class Principal:
    """The logged-in user and, for a browser login, its session (None for bearer tokens)."""

    user: UserRow
    web_session: WebSessionRow | None

    @property
    def role(self) -> Role:
        return Role(self.user.role)


_PRINCIPAL_KEY = "aicoach_principal"


def principal_for(request: Request, session: Session) -> Principal | None:
    """Who is asking, or None when the request carries no login; resolved once per request."""
    if hasattr(request.state, _PRINCIPAL_KEY):
        cached: Principal | None = getattr(request.state, _PRINCIPAL_KEY)
        return cached
    principal = _resolve_principal(request, session)
    setattr(request.state, _PRINCIPAL_KEY, principal)
    return principal


def require_principal(request: Request, session: Session) -> Principal:
    principal = principal_for(request, session)
    if principal is None:
        raise AuthenticationError("log in first (a session cookie or a bearer token)")
    return principal


def _resolve_principal(request: Request, session: Session) -> Principal | None:
    authorization = request.headers.get("authorization")
    if authorization:
        scheme, _, token = authorization.partition(" ")
        user = user_for_api_token(session, token.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            raise AuthenticationError("the bearer token is not valid (unknown or expired)")
        return Principal(user, None)
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    web_session = web_session_for(session, cookie)
    if web_session is None:
        return None
    if request.method not in SAFE_METHODS:
        _require_csrf(request, web_session)
    user = session.get(UserRow, web_session.user_id)
    return None if user is None else Principal(user, web_session)


def optional_principal(request: Request, session: DbSession) -> Principal | None:
    return principal_for(request, session)


def current_principal(request: Request, session: DbSession) -> Principal:
    return require_principal(request, session)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_role(*roles: Role) -> object:
    """A dependency that lets only these roles through (403 otherwise)."""

    async def check(principal: CurrentPrincipal) -> Principal:
        if principal.role not in roles:
            allowed = " or ".join(role.value for role in roles)
            raise PermissionDeniedError(f"this needs a {allowed} account")
        return principal

    return Depends(check)


def athlete_in_reach(
    athlete_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    request: Request,
    session: DbSession,
    state: State,
) -> AthleteRow:
    """The athlete in the path if the user may reach them; 404 otherwise, and audited."""
    resource = f"{request.method} {request.url.path}"
    user = require_principal(request, session).user
    athlete = session.get(AthleteRow, athlete_id)
    if athlete is None or not may_reach_athlete(session, user, athlete_id):
        record_event(
            state.database,
            actor_user_id=user.id,
            subject_athlete_id=athlete_id,
            action=AuditAction.DENIED,
            resource=resource,
        )
        raise NotFoundError(NOT_FOUND, kind="athlete", identifier=str(athlete_id))
    changing = request.method not in SAFE_METHODS
    if changing or user.athlete_id != athlete_id:
        record_event(
            state.database,
            actor_user_id=user.id,
            subject_athlete_id=athlete_id,
            action=AuditAction.CHANGE if changing else AuditAction.READ,
            resource=resource,
        )
    return athlete


AthleteInReach = Annotated[AthleteRow, Depends(athlete_in_reach)]


def _require_csrf(request: Request, web_session: WebSessionRow) -> None:
    sent = request.headers.get(CSRF_HEADER, "")
    if not secrets.compare_digest(sent.encode(), web_session.csrf_token.encode()):
        raise PermissionDeniedError(
            f"missing or wrong {CSRF_HEADER} header (needed with a session cookie)"
        )
