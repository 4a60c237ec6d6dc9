"""Plan use cases shared by the CLI and the API: create, show, check, store."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from aicoach.domain.activity import Sport
from aicoach.domain.plan import Plan
from aicoach.errors import UserError
from aicoach.planning.baseline import TrainingBaseline
from aicoach.planning.check import CheckReport, check_plan
from aicoach.planning.generator import generate_plan
from aicoach.planning.plan_json import plan_from_json, plan_to_json, read_plan_file
from aicoach.planning.request import PlanRequest
from aicoach.services.plan_baseline import HISTORY_WEEKS, history_baseline
from aicoach.services.screening import screening_status
from aicoach.storage.athletes import read_profile, resolve_athlete
from aicoach.storage.plans import active_plan, replace_document, save_plan
from aicoach.storage.tables import AthleteRow, PlanRow


@dataclass(frozen=True, slots=True)
class StartingPoint:
    """The short questionnaire used when there is no history: what the athlete does now."""

    weekly_minutes: float | None = None
    longest_session_min: float | None = None


@dataclass(frozen=True, slots=True)
class StoredPlan:
    athlete: AthleteRow
    row: PlanRow
    plan: Plan


def create_plan(
    session: Session,
    athlete_name: str | None,
    request: PlanRequest,
    today: date,
    starting_point: StartingPoint | None = None,
) -> Plan:
    """Generate, check and store a plan; it becomes the athlete's active plan."""
    athlete = resolve_athlete(session, athlete_name)
    profile = read_profile(athlete)
    baseline = _with_starting_point(
        history_baseline(session, athlete, request.start, today), request, starting_point
    )
    screening = screening_status(session, athlete, today)
    plan = generate_plan(request, profile, baseline, screening)
    save_plan(session, athlete.id, plan.goal.value, plan_to_json(plan))
    return plan


def current_plan(session: Session, athlete_name: str | None) -> StoredPlan:
    athlete = resolve_athlete(session, athlete_name)
    row = active_plan(session, athlete.id)
    if row is None:
        raise UserError(f"{athlete.name} has no plan yet: create one with `aicoach plan create`")
    return StoredPlan(athlete, row, plan_from_json(row.document, source=f"plan {row.id}"))


def store_plan_update(stored: StoredPlan, plan: Plan) -> None:
    replace_document(stored.row, plan_to_json(plan))


def check_current_plan(session: Session, athlete_name: str | None) -> CheckReport:
    stored = current_plan(session, athlete_name)
    return check_plan(stored.plan, history_baseline(session, stored.athlete, stored.plan.start))


def check_plan_file(session: Session | None, athlete_name: str | None, path: Path) -> CheckReport:
    """Check a plan file; with an athlete in the database, against their recent training too."""
    plan = read_plan_file(path)
    if session is None:
        return check_plan(plan)
    athlete = resolve_athlete(session, athlete_name)
    return check_plan(plan, history_baseline(session, athlete, plan.start))


def _with_starting_point(
    baseline: TrainingBaseline, request: PlanRequest, starting_point: StartingPoint | None
) -> TrainingBaseline:
    """Questionnaire answers stand in for history the database does not have."""
    if starting_point is None:
        return baseline
    sport = Sport.CYCLING if request.goal.value in {"cycling-event", "ftp"} else Sport.RUNNING
    weekly = dict(baseline.weekly_minutes)
    longest = dict(baseline.longest_session_min)
    if starting_point.weekly_minutes is not None and not any(weekly.get(sport, ())):
        weekly[sport] = (starting_point.weekly_minutes,) * HISTORY_WEEKS
    if starting_point.longest_session_min is not None and sport not in longest:
        longest[sport] = starting_point.longest_session_min
    return replace(baseline, weekly_minutes=weekly, longest_session_min=longest)
