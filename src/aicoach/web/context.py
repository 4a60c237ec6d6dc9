"""Who is looking at a page and whose data it shows; logged-out users go to the login page.

A page shows the user's own athlete, or with ``?athlete=ID`` an athlete the user coaches
(checked by ``may_reach_athlete``); any other athlete answers the 404 page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session

from aicoach.api.audit import AuditAction, record_event
from aicoach.api.deps import DbSession, Principal, State, optional_principal
from aicoach.services.coaching import may_reach_athlete
from aicoach.storage.tables import AthleteRow
from aicoach.web.i18n import page_language, translator


class LoginRequiredError(Exception):
    """The page needs a login; the handler redirects to ``/login?next=...``."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


class PageNotFoundError(Exception):
    """The handler answers the 404 page in the user's language."""

    def __init__(self, language: str = "en") -> None:
        super().__init__("not found")
        self.language = language


@dataclass(frozen=True, slots=True)
class Page:
    """Everything a template needs about the viewer and the athlete shown."""

    principal: Principal
    athlete: AthleteRow
    session: Session

    @property
    def language(self) -> str:
        return page_language(self.principal.user.language)

    @property
    def t(self) -> Callable[[str], str]:
        return translator(self.language)

    @property
    def own(self) -> bool:
        return self.athlete.id == self.principal.user.athlete_id

    @property
    def csrf_token(self) -> str:
        web_session = self.principal.web_session
        return web_session.csrf_token if web_session else ""

    @property
    def athlete_query(self) -> str:
        """``?athlete=ID`` to keep in links while a coach looks at someone else."""
        return "" if self.own else f"?athlete={self.athlete.id}"


def login_redirect_target(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?next=" + quote(target, safe="")


async def logged_in(
    request: Request,
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise LoginRequiredError(login_redirect_target(request))
    return principal


LoggedIn = Annotated[Principal, Depends(logged_in)]


def page(
    request: Request,
    principal: LoggedIn,
    session: DbSession,
    state: State,
    athlete: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Page:
    """The viewer and the athlete shown (their own unless ``?athlete=`` names one in reach)."""
    user = principal.user
    athlete_id = athlete or user.athlete_id
    row = session.get(AthleteRow, athlete_id)
    if row is None or not may_reach_athlete(session, user, athlete_id):
        record_event(
            state.database,
            actor_user_id=user.id,
            subject_athlete_id=athlete_id,
            action=AuditAction.DENIED,
            resource=f"GET {request.url.path}",
        )
        raise PageNotFoundError(page_language(user.language))
    if athlete_id != user.athlete_id:
        record_event(
            state.database,
            actor_user_id=user.id,
            subject_athlete_id=athlete_id,
            action=AuditAction.READ,
            resource=f"GET {request.url.path}",
        )
    return Page(principal, row, session)


CurrentPage = Annotated[Page, Depends(page)]
