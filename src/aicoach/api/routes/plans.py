"""Plans: create, read, check, adapt, export, and the planned-versus-done calendar.

An athlete and their coaches (accepted link) may all create and adapt plans.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, status
from fastapi.responses import Response

from aicoach.api.deps import AthleteInReach, DbSession
from aicoach.api.schemas.plans import (
    AdaptationPublic,
    CalendarPublic,
    PlanCheckPublic,
    PlanCreate,
)
from aicoach.domain.activity import Sport
from aicoach.domain.athlete import Weekday
from aicoach.domain.plan import PlanGoal
from aicoach.errors import UserError
from aicoach.io.fit_workout_writer import plan_to_fit_workouts
from aicoach.io.plan_ics import plan_to_ics
from aicoach.io.plan_text import plan_to_html, plan_to_markdown
from aicoach.planning.request import PlanRequest
from aicoach.services.data_export import plan_document
from aicoach.services.data_freshness import local_today
from aicoach.services.plan_adaptation import adapt_current_plan
from aicoach.services.plan_calendar import plan_calendar, require_plan
from aicoach.services.plans import StartingPoint, check_current_plan, create_plan

router = APIRouter(tags=["plans"])
PlanFormat = Literal["ics", "md", "html", "fit"]
MEDIA_TYPES: dict[str, str] = {
    "ics": "text/calendar; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "fit": "application/zip",
}


@router.post("/athletes/{athlete_id}/plans", status_code=status.HTTP_201_CREATED)
def new_plan(body: PlanCreate, athlete: AthleteInReach, session: DbSession) -> dict[str, Any]:
    """Generate a plan from the athlete's history and week, checked against the safety rules;
    it becomes the active plan. The answer is the plan JSON document."""
    today = local_today(athlete)
    request = PlanRequest(
        goal=PlanGoal(body.goal),
        start=body.start or today + timedelta(days=1),
        weeks=body.weeks,
        event_date=body.event_date,
        target_time_s=body.target_time_s,
        days_per_week=body.days_per_week,
        available_min=_availability(body),
        long_day=Weekday(body.long_day) if body.long_day else None,
        equipment=tuple(item.strip() for item in body.equipment if item.strip()),
        current_pain_0_10=body.pain_0_10,
        aerobic_sport=Sport(body.sport) if body.sport else None,
    )
    starting_point = StartingPoint(body.weekly_minutes, body.longest_min)
    plan = create_plan(session, athlete.name, request, today, starting_point)
    return plan_document(plan)


@router.get("/athletes/{athlete_id}/plans/current")
def get_current_plan(athlete: AthleteInReach, session: DbSession) -> dict[str, Any]:
    """The active plan's JSON document (docs/plan-format); 404 when there is none."""
    return plan_document(require_plan(session, athlete)[1])


@router.get("/athletes/{athlete_id}/plans/current/check")
def check_plan(athlete: AthleteInReach, session: DbSession) -> PlanCheckPublic:
    require_plan(session, athlete)
    report = check_current_plan(session, athlete.name)
    return PlanCheckPublic.model_validate(
        {
            "ok": report.ok,
            "violations": [
                {"rule": v.rule.value, "week": v.week_index, "date": v.day, "message": v.message}
                for v in report.violations
            ],
        }
    )


@router.post("/athletes/{athlete_id}/plans/current/adapt")
def adapt_plan(athlete: AthleteInReach, session: DbSession) -> AdaptationPublic:
    """Compare planned and done, read alerts and readiness, and re-plan the coming days."""
    require_plan(session, athlete)
    return AdaptationPublic.model_validate(adapt_current_plan(session, athlete.name).as_json())


@router.get(
    "/athletes/{athlete_id}/plans/current/export",
    response_class=Response,
    responses={200: {"content": {media: {} for media in MEDIA_TYPES.values()}}},
)
def export_plan(
    athlete: AthleteInReach,
    session: DbSession,
    format: Annotated[PlanFormat, Query()] = "ics",
) -> Response:
    """iCalendar, Markdown, HTML, or a zip of FIT workout files (one per session)."""
    plan = require_plan(session, athlete)[1]
    stem = f"plan-{plan.start.isoformat()}"
    if format == "ics":
        body = plan_to_ics(plan, athlete.name, athlete.timezone)
    elif format == "md":
        body = plan_to_markdown(plan, athlete.name).encode()
    elif format == "html":
        body = plan_to_html(plan, athlete.name).encode()
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for file_name, payload in plan_to_fit_workouts(plan):
                archive.writestr(file_name, payload)
        body = buffer.getvalue()
    extension = "zip" if format == "fit" else format
    return Response(
        body,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{stem}.{extension}"'},
    )


@router.get("/athletes/{athlete_id}/plans/current/calendar")
def calendar(
    athlete: AthleteInReach,
    session: DbSession,
    from_day: Annotated[date | None, Query(alias="from")] = None,
    to_day: Annotated[date | None, Query(alias="to")] = None,
) -> CalendarPublic:
    """Planned sessions and done activities (and logged sessions) per local day; without
    dates the active plan's span, or the last four weeks without a plan (at most 400 days)."""
    days = plan_calendar(session, athlete, from_day, to_day)
    return CalendarPublic.model_validate({**days, "from_": days["from"]})


def _availability(body: PlanCreate) -> dict[Weekday, float]:
    if body.available_min is not None:
        if any(not 0 <= minutes <= 24 * 60 for minutes in body.available_min.values()):
            raise UserError("available_min: minutes per day go from 0 to 1440")
        return {Weekday(day): float(minutes) for day, minutes in body.available_min.items()}
    if body.minutes_per_day is not None:
        return {day: float(body.minutes_per_day) for day in Weekday}
    return {}
