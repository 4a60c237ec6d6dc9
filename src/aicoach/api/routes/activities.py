"""Activities: pages of summaries, one activity's detail and streams, deletion."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status

from aicoach.api.deps import AthleteInReach, CurrentPrincipal, DbSession
from aicoach.api.remembered_json import remembered_json
from aicoach.api.routes.exports import require_own_data
from aicoach.api.schemas.activities import (
    ActivityDetailPublic,
    ActivityStreamsPublic,
    ActivitySummaryPublic,
)
from aicoach.services.activity_pages import (
    activity_page,
    activity_streams,
    delete_activity,
    mean_max,
)
from aicoach.services.activity_views import activity_detail
from aicoach.storage.activities import get_activity

router = APIRouter(tags=["activities"])
ObjectId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/athletes/{athlete_id}/activities", response_model=list[ActivitySummaryPublic])
def list_activities(
    athlete: AthleteInReach,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    since: date | None = None,
    before: date | None = None,
) -> Response:
    """Newest first; ``since``/``before`` are local days (``before`` excluded), for paging."""

    def build() -> list[ActivitySummaryPublic]:
        page = activity_page(session, athlete, limit=limit, since=since, before=before)
        return [ActivitySummaryPublic.model_validate(item) for item in page]

    return remembered_json(session, athlete, ("activities", limit, since, before), build)


@router.get("/athletes/{athlete_id}/activities/{activity_id}")
def get_activity_detail(
    athlete: AthleteInReach, session: DbSession, activity_id: ObjectId
) -> ActivityDetailPublic:
    detail: dict[str, Any] = activity_detail(session, athlete.name, activity_id)
    row = get_activity(session, athlete.id, activity_id)
    zones = row.metrics.get("hr_zone_time_s")
    detail.update(
        duration_s=row.timer_s if row.timer_s is not None else row.elapsed_s,
        local_start=detail["local_start"].replace(tzinfo=None),
        hr_zone_time_s=zones if isinstance(zones, dict) else None,
        mean_max=mean_max(row),
    )
    return ActivityDetailPublic.model_validate(detail)


@router.get("/athletes/{athlete_id}/activities/{activity_id}/streams")
def get_streams(
    athlete: AthleteInReach,
    principal: CurrentPrincipal,
    session: DbSession,
    activity_id: ObjectId,
    resolution_s: Annotated[float | None, Query(gt=0, le=3600)] = None,
) -> ActivityStreamsPublic:
    """Sample arrays; ``resolution_s`` averages buckets of that many seconds (a one-hour
    activity at ``resolution_s=2`` gives 1,800 points). Anyone but the athlete (a coach)
    gets positions inside the athlete's privacy zones as null."""
    shared = principal.user.athlete_id != athlete.id
    streams = activity_streams(session, athlete, activity_id, resolution_s, shared=shared)
    return ActivityStreamsPublic.model_validate(streams)


@router.delete(
    "/athletes/{athlete_id}/activities/{activity_id}", status_code=status.HTTP_204_NO_CONTENT
)
def remove_activity(
    athlete: AthleteInReach, principal: CurrentPrincipal, session: DbSession, activity_id: ObjectId
) -> None:
    """Only the athlete themself may delete (a coach gets 403)."""
    require_own_data(principal, athlete)
    delete_activity(session, athlete, activity_id)
