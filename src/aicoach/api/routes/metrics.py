"""Training-load and wellness series by day, weekly totals, and predictions.

These back dashboard charts: results are computed once per change of the athlete's data
(``data_freshness.remembered``), not on every request.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from aicoach.api.deps import AthleteInReach, DbSession
from aicoach.api.remembered_json import remembered_json
from aicoach.api.schemas.metrics import MetricsPublic, PredictionsPublic, WeekPublic
from aicoach.errors import UserError
from aicoach.services.metrics_view import metrics_report
from aicoach.services.predictions import predict
from aicoach.services.weekly_totals import weekly_totals

router = APIRouter(tags=["metrics"])


@router.get("/athletes/{athlete_id}/metrics", response_model=MetricsPublic)
def get_metrics(
    athlete: AthleteInReach,
    session: DbSession,
    from_day: Annotated[date | None, Query(alias="from")] = None,
    to_day: Annotated[date | None, Query(alias="to")] = None,
) -> Response:
    """``aicoach metrics --json``: daily load, CTL/ATL/TSB, ACWR, monotony, HRV and resting-HR
    bands from ``from`` (default: the first day of data) to ``to`` (default: today)."""
    if from_day and to_day and from_day > to_day:
        raise UserError("from must not be after to")

    def build() -> MetricsPublic:
        report = metrics_report(session, athlete.name, first_day=from_day, last_day=to_day)
        return MetricsPublic.model_validate({**report, "current": report["current"] or None})

    return remembered_json(session, athlete, ("metrics", from_day, to_day), build)


@router.get("/athletes/{athlete_id}/metrics/weekly", response_model=list[WeekPublic])
def get_weekly(
    athlete: AthleteInReach,
    session: DbSession,
    weeks: Annotated[int, Query(ge=1, le=156)] = 12,
) -> Response:
    """Load, minutes, distance and count per week (Monday-Sunday) and sport, oldest first."""

    def build() -> list[WeekPublic]:
        return [WeekPublic.model_validate(week) for week in weekly_totals(session, athlete, weeks)]

    return remembered_json(session, athlete, ("weekly", weeks), build)


@router.get("/athletes/{athlete_id}/predictions", response_model=PredictionsPublic)
def get_predictions(athlete: AthleteInReach, session: DbSession) -> Response:
    """``aicoach predict --json``: race predictions, training paces, thresholds."""
    return remembered_json(
        session,
        athlete,
        ("predictions",),
        lambda: PredictionsPublic.model_validate(predict(session, athlete.name).as_json()),
    )
