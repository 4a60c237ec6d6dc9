"""Privacy zones: circles (home, work) whose GPS points are hidden in anything shared.

``hide_points_in_zones`` is the one place that applies them: an activity's positions shown
to anyone but the athlete (a coach reading its streams, ``activity_pages.activity_streams``)
pass through it. The team feed carries no GPS at all, and exports are the athlete's own.
A point is hidden when its haversine distance to a zone's centre
(``analytics.geo.haversine_distance_m``) is at most the zone's radius.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session

from aicoach.analytics.geo import haversine_distance_m
from aicoach.domain.activity import FloatArray
from aicoach.errors import ConflictError, DataError, NotFoundError
from aicoach.storage.server_tables import PrivacyZoneRow

MIN_RADIUS_M = 50.0
MAX_RADIUS_M = 5_000.0
MAX_ZONES_PER_ATHLETE = 20


@dataclass(frozen=True, slots=True)
class PrivacyZone:
    latitude_deg: float
    longitude_deg: float
    radius_m: float


Coordinates = npt.ArrayLike | Sequence[float | None]
"""A numpy array or a list of degrees; ``None`` or NaN is a missing point."""


def hide_points_in_zones(
    latitude_deg: Coordinates,
    longitude_deg: Coordinates,
    zones: Sequence[PrivacyZone],
) -> tuple[FloatArray, FloatArray]:
    """Copies of the two arrays with every point inside any zone set to NaN.

    Inputs are degrees, of equal length; ``None`` or NaN marks a missing point and stays
    missing. The inputs are never changed.
    """
    latitude = np.array(latitude_deg, dtype=np.float64)
    longitude = np.array(longitude_deg, dtype=np.float64)
    if latitude.shape != longitude.shape:
        raise DataError(
            f"latitude has {latitude.size} points but longitude has {longitude.size}",
            field="longitude_deg",
        )
    hidden = np.zeros(latitude.shape, dtype=np.bool_)
    for zone in zones:
        distance = haversine_distance_m(latitude, longitude, zone.latitude_deg, zone.longitude_deg)
        hidden |= distance <= zone.radius_m
    latitude[hidden] = np.nan
    longitude[hidden] = np.nan
    return latitude, longitude


def list_zones(session: Session, athlete_id: int) -> list[PrivacyZoneRow]:
    statement = (
        select(PrivacyZoneRow)
        .where(PrivacyZoneRow.athlete_id == athlete_id)
        .order_by(PrivacyZoneRow.id)
    )
    return list(session.scalars(statement))


def zones_of(session: Session, athlete_id: int) -> list[PrivacyZone]:
    """The athlete's zones as ``hide_points_in_zones`` takes them."""
    return [
        PrivacyZone(row.latitude_deg, row.longitude_deg, row.radius_m)
        for row in list_zones(session, athlete_id)
    ]


def add_zone(
    session: Session,
    athlete_id: int,
    *,
    name: str,
    latitude_deg: float,
    longitude_deg: float,
    radius_m: float,
) -> PrivacyZoneRow:
    """Store a zone after checking its centre and radius (50 m to 5 km)."""
    _require_between(latitude_deg, -90.0, 90.0, "latitude_deg")
    _require_between(longitude_deg, -180.0, 180.0, "longitude_deg")
    _require_between(radius_m, MIN_RADIUS_M, MAX_RADIUS_M, "radius_m")
    if len(list_zones(session, athlete_id)) >= MAX_ZONES_PER_ATHLETE:
        raise ConflictError(f"at most {MAX_ZONES_PER_ATHLETE} privacy zones per athlete")
    row = PrivacyZoneRow(
        athlete_id=athlete_id,
        name=name,
        latitude_deg=latitude_deg,
        longitude_deg=longitude_deg,
        radius_m=radius_m,
    )
    session.add(row)
    session.flush()
    return row


def delete_zone(session: Session, athlete_id: int, zone_id: int) -> None:
    """Remove the athlete's zone; another athlete's zone is "not found", like a missing one."""
    row = session.get(PrivacyZoneRow, zone_id)
    if row is None or row.athlete_id != athlete_id:
        raise NotFoundError("not found", kind="privacy_zone", identifier=str(zone_id))
    session.delete(row)
    session.flush()


def _require_between(value: float, low: float, high: float, name: str) -> None:
    if not (np.isfinite(value) and low <= value <= high):
        raise DataError(f"{name} must be between {low:g} and {high:g}, not {value:g}", field=name)
