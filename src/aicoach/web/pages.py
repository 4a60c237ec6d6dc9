"""The dashboard's pages: each route gathers its view and renders one template."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from aicoach.api.deps import DbSession, Principal, State, optional_principal
from aicoach.errors import NotFoundError
from aicoach.services.accounts import Role
from aicoach.services.coaching import coached_athlete_ids
from aicoach.services.health_alerts import list_alert_views
from aicoach.services.metrics_view import metrics_report
from aicoach.storage.athletes import read_profile
from aicoach.storage.tables import AthleteRow
from aicoach.web import views
from aicoach.web.context import CurrentPage, LoggedIn, Page, PageNotFoundError
from aicoach.web.i18n import page_language
from aicoach.web.templating import render

router = APIRouter(include_in_schema=False)
Anonymous = Annotated[Principal | None, Depends(optional_principal)]


def _safe_next(next_url: str | None) -> str:
    """Only a path on this site (``/...`` but not ``//host``) is followed after login."""
    if next_url and next_url.startswith("/") and not next_url.startswith("//"):
        return next_url
    return "/"


def _page(request: Request, name: str, page: Page, active: str, **values: Any) -> Response:
    return render(
        request,
        name,
        page.language,
        page=page,
        user=page.principal.user,
        athlete=page.athlete,
        active=active,
        synthetic=views.is_synthetic(page.athlete),
        **values,
    )


@router.get("/login")
def login_page(
    request: Request,
    principal: Anonymous,
    next: Annotated[str | None, Query(max_length=500)] = None,
    lang: Annotated[str | None, Query(max_length=5)] = None,
) -> Response:
    if principal is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", page_language(lang), next_url=_safe_next(next))


@router.get("/register")
def register_page(
    request: Request,
    principal: Anonymous,
    lang: Annotated[str | None, Query(max_length=5)] = None,
) -> Response:
    if principal is not None:
        return RedirectResponse("/", status_code=303)
    return render(request, "register.html", page_language(lang))


@router.get("/")
def today_page(request: Request, page: CurrentPage, state: State) -> Response:
    view = views.today_view(page.session, page.athlete, state.settings, may_decide=page.own)
    return _page(request, "today.html", page, "today", **view)


@router.get("/training")
def training_page(request: Request, page: CurrentPage) -> Response:
    return _page(
        request,
        "training.html",
        page,
        "training",
        **views.training_view(page.session, page.athlete),
    )


@router.get("/activities/{activity_id}")
def activity_page(
    request: Request, page: CurrentPage, activity_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> Response:
    try:
        view = views.activity_view(page.session, page.athlete, activity_id)
    except NotFoundError as exc:
        raise PageNotFoundError(page.language) from exc
    return _page(request, "activity.html", page, "training", **view)


@router.get("/health")
def health_page(request: Request, page: CurrentPage) -> Response:
    return _page(
        request, "health.html", page, "health", **views.health_view(page.session, page.athlete)
    )


@router.get("/plan")
def plan_page(request: Request, page: CurrentPage) -> Response:
    return _page(request, "plan.html", page, "plan", **views.plan_view(page.session, page.athlete))


@router.get("/chat")
def chat_page(request: Request, page: CurrentPage) -> Response:
    return _page(request, "chat.html", page, "chat")


@router.get("/upload")
def upload_page(request: Request, page: CurrentPage) -> Response:
    return _page(request, "upload.html", page, "upload")


@router.get("/settings")
def settings_page(request: Request, page: CurrentPage, state: State) -> Response:
    view = views.settings_view(page.session, page.athlete, state.settings)
    profile = read_profile(page.athlete)
    return _page(request, "settings.html", page, "settings", profile=profile, **view)


@router.get("/coach")
def coach_page(request: Request, principal: LoggedIn, session: DbSession) -> Response:
    """The coach's roster: each coached athlete's open alerts and load at a glance."""
    language = page_language(principal.user.language)
    if principal.role is not Role.COACH:
        raise PageNotFoundError(language)
    roster = []
    for athlete_id in coached_athlete_ids(session, principal.user):
        athlete = session.get_one(AthleteRow, athlete_id)
        current = metrics_report(session, athlete.name)["current"]
        alerts = list_alert_views(session, athlete.name, include_acknowledged=False)
        roster.append({"athlete": athlete, "current": current, "alerts": alerts})
    own = session.get_one(AthleteRow, principal.user.athlete_id)
    page = Page(principal, own, session)
    return _page(request, "coach.html", page, "coach", roster=roster)


@router.get("/teams")
def teams_page(request: Request, page: CurrentPage) -> Response:
    return _page(request, "teams.html", page, "teams", team_id=None)


@router.get("/teams/{team_id}")
def team_page(
    request: Request, page: CurrentPage, team_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> Response:
    return _page(request, "team.html", page, "teams", team_id=team_id)
