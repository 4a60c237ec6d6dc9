"""Privacy zones: circles whose GPS points are hidden in anything shared.

The athlete's coach may read them; only the athlete may add or remove one, so nobody else
can weaken the athlete's privacy.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from aicoach.api.deps import AthleteInReach, CurrentPrincipal, DbSession
from aicoach.api.schemas.privacy import PrivacyZoneCreate, PrivacyZonePublic
from aicoach.errors import PermissionDeniedError
from aicoach.services import privacy_zones
from aicoach.storage.server_tables import PrivacyZoneRow

router = APIRouter(tags=["privacy"])

ZoneId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def zone_public(row: PrivacyZoneRow) -> PrivacyZonePublic:
    return PrivacyZonePublic(
        id=row.id,
        athlete_id=row.athlete_id,
        name=row.name,
        latitude_deg=row.latitude_deg,
        longitude_deg=row.longitude_deg,
        radius_m=row.radius_m,
    )


@router.get("/athletes/{athlete_id}/privacy-zones")
def list_zones(athlete: AthleteInReach, session: DbSession) -> list[PrivacyZonePublic]:
    return [zone_public(row) for row in privacy_zones.list_zones(session, athlete.id)]


@router.post("/athletes/{athlete_id}/privacy-zones", status_code=status.HTTP_201_CREATED)
def add_zone(
    body: PrivacyZoneCreate,
    athlete: AthleteInReach,
    principal: CurrentPrincipal,
    session: DbSession,
) -> PrivacyZonePublic:
    _require_own(principal.user.athlete_id, athlete.id)
    row = privacy_zones.add_zone(session, athlete.id, **body.model_dump())
    return zone_public(row)


@router.delete(
    "/athletes/{athlete_id}/privacy-zones/{zone_id}", status_code=status.HTTP_204_NO_CONTENT
)
def delete_zone(
    zone_id: ZoneId, athlete: AthleteInReach, principal: CurrentPrincipal, session: DbSession
) -> None:
    _require_own(principal.user.athlete_id, athlete.id)
    privacy_zones.delete_zone(session, athlete.id, zone_id)


def _require_own(own_athlete_id: int, athlete_id: int) -> None:
    if own_athlete_id != athlete_id:
        raise PermissionDeniedError("only the athlete can change their privacy zones")
