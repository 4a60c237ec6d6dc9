"""Small form posts from the pages (HTMX): feedback, acknowledging an alert, a new plan,
the language. Each answers an HTML fragment or tells HTMX where to go next.

They sit under ``/web/`` and use the API's dependencies, so the CSRF header and the
ownership check (``AthleteInReach``, 404 when out of reach) are the API's own.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import Response

from aicoach.api.deps import AthleteInReach, CurrentPrincipal, DbSession, Principal
from aicoach.domain.athlete import Language
from aicoach.domain.plan import PlanGoal
from aicoach.errors import PermissionDeniedError
from aicoach.planning.request import PlanRequest
from aicoach.recommend.reward import Feedback
from aicoach.services.feedback import record_feedback
from aicoach.services.health_alerts import acknowledge
from aicoach.services.plans import create_plan
from aicoach.storage import recommendations
from aicoach.storage.tables import AthleteRow
from aicoach.web import views
from aicoach.web.i18n import page_language
from aicoach.web.templating import render

router = APIRouter(prefix="/web", include_in_schema=False)
ObjectId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _own(principal: Principal, athlete: AthleteRow) -> None:
    """Feedback and plans are the athlete's own to give; a coach reads them only."""
    if principal.user.athlete_id != athlete.id:
        raise PermissionDeniedError("only the athlete can do this for themselves")


@router.post("/athletes/{athlete_id}/feedback")
def feedback(
    request: Request,
    athlete: AthleteInReach,
    principal: CurrentPrincipal,
    session: DbSession,
    done: Annotated[bool, Form()],
    rating: Annotated[int | None, Form(ge=1, le=5)] = None,
    rpe: Annotated[float | None, Form(ge=0, le=10)] = None,
    note: Annotated[str | None, Form(max_length=1000)] = None,
) -> Response:
    """Store how today's recommendation went; answers the updated feedback box."""
    _own(principal, athlete)
    entry = Feedback(done, rating, rpe if done else None, (note or "").strip() or None)
    record_feedback(session, athlete.name, entry, views.local_today(athlete))
    row = recommendations.latest_on(session, athlete.id, views.local_today(athlete))
    language = page_language(principal.user.language)
    return render(
        request, "_feedback.html", language, rec=views.recommendation_view(row), athlete=athlete
    )


@router.post("/athletes/{athlete_id}/alerts/{alert_id}/acknowledge")
def acknowledge_alert(
    request: Request,
    athlete: AthleteInReach,
    principal: CurrentPrincipal,
    session: DbSession,
    alert_id: ObjectId,
) -> Response:
    """Mark an alert as seen (the athlete or their coach); answers the alert's new row."""
    view = acknowledge(session, athlete.name, alert_id)
    language = page_language(principal.user.language)
    return render(request, "_alert.html", language, alert=view, athlete=athlete)


@router.post("/athletes/{athlete_id}/plan")
def new_plan(
    athlete: AthleteInReach,
    principal: CurrentPrincipal,
    session: DbSession,
    goal: Annotated[PlanGoal, Form()],
    weeks: Annotated[int | None, Form(ge=1, le=52)] = None,
    days_per_week: Annotated[int | None, Form(ge=1, le=7)] = None,
) -> Response:
    """Create a plan from the form and send the browser back to the plan page."""
    _own(principal, athlete)
    today = views.local_today(athlete)
    start = today + timedelta(days=(7 - today.weekday()) % 7)
    request = PlanRequest(goal=goal, start=start, weeks=weeks, days_per_week=days_per_week)
    create_plan(session, athlete.name, request, today)
    return Response(status_code=204, headers={"HX-Redirect": "/plan"})


@router.post("/language")
def set_language(
    principal: CurrentPrincipal,
    session: DbSession,
    language: Annotated[Literal["en", "zh"], Form()],
) -> Response:
    """Switch the pages (and the coach) to English or Chinese; the page reloads."""
    principal.user.language = language
    athlete = session.get_one(AthleteRow, principal.user.athlete_id)
    athlete.language = Language(language).value
    return Response(status_code=204, headers={"HX-Refresh": "true"})
