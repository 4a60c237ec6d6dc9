"""The self-contained HTML report (``aicoach report``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from aicoach.api.deps import AthleteInReach, DbSession
from aicoach.services.report import build_report_html

router = APIRouter(tags=["reports"])


@router.get("/athletes/{athlete_id}/report", response_class=HTMLResponse)
def report(
    athlete: AthleteInReach,
    session: DbSession,
    from_day: Annotated[date | None, Query(alias="from")] = None,
    to_day: Annotated[date | None, Query(alias="to")] = None,
) -> HTMLResponse:
    """Fitness, fatigue, form, load, HRV, resting HR and mean-max charts with a summary;
    default the last 90 days."""
    page = build_report_html(session, athlete.name, first_day=from_day, last_day=to_day)
    return HTMLResponse(page)
