"""The current plan's calendar: each day's planned sessions beside what was done."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from aicoach.analytics.session_load import tss_equivalent_from_rpe
from aicoach.domain.plan import Plan
from aicoach.errors import NotFoundError, UserError
from aicoach.planning.plan_json import plan_from_json
from aicoach.services.data_freshness import NOT_FOUND, local_midnight, local_today
from aicoach.storage import activities as activity_store
from aicoach.storage.plans import active_plan
from aicoach.storage.sessions import list_manual_sessions
from aicoach.storage.tables import (
    AthleteRow,
    PlanRow,
)
from aicoach.units import seconds_to_minutes


def require_plan(session: Session, athlete: AthleteRow) -> tuple[PlanRow, Plan]:
    """The active plan; 404 when there is none."""
    row = active_plan(session, athlete.id)
    if row is None:
        raise NotFoundError(NOT_FOUND, kind="plan", identifier="current")
    return row, plan_from_json(row.document, source=f"plan {row.id}")


def plan_calendar(
    session: Session, athlete: AthleteRow, first: date | None, last: date | None
) -> dict[str, Any]:
    """Planned and done per local day; without dates, the active plan's span (or 4 weeks)."""
    row = active_plan(session, athlete.id)
    plan = plan_from_json(row.document, source=f"plan {row.id}") if row else None
    today = local_today(athlete)
    first = first or (plan.start if plan else today - timedelta(days=27))
    last = last or (plan.end if plan else today)
    if last < first:
        raise UserError("from must not be after to")
    if (last - first).days > 400:
        raise UserError("a calendar covers at most 400 days")
    days: dict[date, dict[str, Any]] = {
        first + timedelta(days=i): {"date": first + timedelta(days=i), "planned": [], "done": []}
        for i in range((last - first).days + 1)
    }
    for planned in plan.sessions if plan else []:
        if planned.day in days:
            days[planned.day]["planned"].append(
                {
                    "sport": planned.sport.value,
                    "session_type": planned.session_type.value,
                    "title": planned.title,
                    "intensity": planned.intensity.value,
                    "duration_min": planned.duration_min,
                    "load": planned.load,
                    "status": planned.status.value,
                }
            )
    zone = ZoneInfo(athlete.timezone)
    for activity in activity_store.list_activities(
        session,
        athlete.id,
        since=local_midnight(athlete, first),
        until=local_midnight(athlete, last + timedelta(days=1)),
    ):
        day = activity.start_time.astimezone(zone).date()
        duration_s = activity.timer_s if activity.timer_s is not None else activity.elapsed_s
        days[day]["done"].insert(
            0,
            {
                "activity_id": activity.id,
                "sport": activity.sport,
                "name": activity.name,
                "duration_min": None if duration_s is None else seconds_to_minutes(duration_s),
                "distance_m": activity.distance_m,
                "load": activity.load,
            },
        )
    for manual in list_manual_sessions(session, athlete.id, since=first):
        if manual.day in days:
            days[manual.day]["done"].append(
                {
                    "activity_id": None,
                    "sport": manual.sport.value,
                    "name": manual.notes,
                    "duration_min": seconds_to_minutes(manual.duration_s),
                    "distance_m": manual.distance_m,
                    "load": round(tss_equivalent_from_rpe(manual.duration_s, manual.rpe_0_10), 1),
                }
            )
    return {
        "from": first,
        "to": last,
        "plan_id": row.id if row else None,
        "days": list(days.values()),
    }


# --- preferences -----------------------------------------------------------------------------
