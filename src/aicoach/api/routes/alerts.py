"""Health early-warning alerts: the list, and acknowledging one."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from aicoach.api.deps import AthleteInReach, DbSession
from aicoach.api.remembered_json import remembered_json
from aicoach.api.schemas.alerts import AlertPublic
from aicoach.services.data_freshness import refresh_alerts_if_changed
from aicoach.services.health_alerts import acknowledge, list_alert_views

router = APIRouter(tags=["alerts"])


@router.get("/athletes/{athlete_id}/alerts", response_model=list[AlertPublic])
def list_alerts(
    athlete: AthleteInReach,
    session: DbSession,
    open_only: Annotated[bool, Query(alias="open")] = False,
    since: date | None = None,
) -> Response:
    """Newest day first; ``open=true`` hides acknowledged ones. The rules run again only
    when the athlete's data changed since they last ran."""
    refresh_alerts_if_changed(session, athlete)

    def build() -> list[AlertPublic]:
        views = list_alert_views(
            session, athlete.name, since=since, include_acknowledged=not open_only, refresh=False
        )
        return [AlertPublic.model_validate(view.as_json()) for view in views]

    return remembered_json(session, athlete, ("alerts", open_only, since), build, with_alerts=True)


@router.post("/athletes/{athlete_id}/alerts/{alert_id}/acknowledge")
def acknowledge_alert(
    athlete: AthleteInReach,
    session: DbSession,
    alert_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
) -> AlertPublic:
    return AlertPublic.model_validate(acknowledge(session, athlete.name, alert_id).as_json())
