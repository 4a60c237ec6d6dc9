"""Wellness entries: the recent list, a manual entry, deletion."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from aicoach.api.deps import AthleteInReach, CurrentPrincipal, DbSession
from aicoach.api.remembered_json import remembered_json
from aicoach.api.routes.exports import require_own_data
from aicoach.api.schemas.wellness import WellnessCreate, WellnessPublic, WellnessSaved
from aicoach.services.wellness_entries import (
    WellnessInput,
    add_wellness,
    delete_wellness,
    list_wellness_rows,
    wellness_json,
)

router = APIRouter(tags=["wellness"])
ObjectId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/athletes/{athlete_id}/wellness", response_model=list[WellnessPublic])
def list_wellness(
    athlete: AthleteInReach,
    session: DbSession,
    days: Annotated[int, Query(ge=1, le=3660)] = 30,
) -> Response:
    """The last ``days`` local days, oldest first, one entry per day and source."""

    def build() -> list[WellnessPublic]:
        rows = list_wellness_rows(session, athlete, days)
        return [WellnessPublic.model_validate(wellness_json(row)) for row in rows]

    return remembered_json(session, athlete, ("wellness", days), build)


@router.post("/athletes/{athlete_id}/wellness", status_code=status.HTTP_201_CREATED)
def add_entry(body: WellnessCreate, athlete: AthleteInReach, session: DbSession) -> WellnessSaved:
    """Record a day's manual values, checked as ``aicoach wellness add`` checks them."""
    row, outcome = add_wellness(session, athlete, WellnessInput(**body.model_dump()))
    return WellnessSaved(outcome=outcome, entry=WellnessPublic.model_validate(wellness_json(row)))


@router.delete("/athletes/{athlete_id}/wellness/{entry_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_entry(
    athlete: AthleteInReach, principal: CurrentPrincipal, session: DbSession, entry_id: ObjectId
) -> None:
    """Only the athlete themself may delete (a coach gets 403)."""
    require_own_data(principal, athlete)
    delete_wellness(session, athlete, entry_id)
