"""Privacy zones hide the points inside their circle, measured by the haversine formula."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aicoach.analytics.geo import EARTH_MEAN_RADIUS_M, haversine_distance_m
from aicoach.domain.athlete import AthleteProfile
from aicoach.errors import DataError, NotFoundError
from aicoach.services.privacy_zones import (
    PrivacyZone,
    add_zone,
    delete_zone,
    hide_points_in_zones,
    zones_of,
)
from aicoach.storage.athletes import add_athlete
from aicoach.storage.database import Database

HOME = (51.4613, -0.3037)
METRES_PER_DEGREE_LAT = math.pi * EARTH_MEAN_RADIUS_M / 180.0


def north_of(origin: tuple[float, float], metres: float) -> tuple[float, float]:
    """The point ``metres`` due north: along a meridian the arc is R * dphi exactly."""
    return origin[0] + metres / METRES_PER_DEGREE_LAT, origin[1]


def test_haversine_matches_known_distances() -> None:
    # along a meridian: exactly R * dphi
    lat, lon = north_of(HOME, 100.0)
    assert haversine_distance_m([lat], [lon], *HOME)[0] == pytest.approx(100.0, abs=1e-6)
    # one degree of longitude on the equator is R * pi / 180 = 111,195.08 m
    equator = haversine_distance_m([0.0], [1.0], 0.0, 0.0)[0]
    assert equator == pytest.approx(111_195.08, abs=0.01)
    # at latitude 60 a short east-west step shrinks by cos(60) = 0.5
    east = haversine_distance_m([60.0], [0.001], 60.0, 0.0)[0]
    assert east == pytest.approx(0.5 * 0.001 * METRES_PER_DEGREE_LAT, rel=1e-6)
    # London (51.5007, -0.1246) to Paris (48.8584, 2.2945): about 340.6 km on the sphere
    paris = haversine_distance_m([48.8584], [2.2945], 51.5007, -0.1246)[0]
    assert paris == pytest.approx(340_600.0, rel=2e-3)


def test_points_inside_a_zone_are_hidden_and_the_rest_kept() -> None:
    zone = PrivacyZone(HOME[0], HOME[1], radius_m=150.0)
    near = north_of(HOME, 100.0)
    far = north_of(HOME, 200.0)
    latitude = np.array([near[0], far[0], HOME[0]])
    longitude = np.array([near[1], far[1], HOME[1]])
    hidden_lat, hidden_lon = hide_points_in_zones(latitude, longitude, [zone])
    assert np.isnan(hidden_lat[0]) and np.isnan(hidden_lon[0])  # 100 m < 150 m: hidden
    assert hidden_lat[1] == far[0] and hidden_lon[1] == far[1]  # 200 m > 150 m: kept
    assert np.isnan(hidden_lat[2]) and np.isnan(hidden_lon[2])  # the centre itself
    # the inputs are not changed
    assert latitude[0] == near[0] and not np.isnan(longitude).any()


def test_missing_points_stay_missing_and_several_zones_combine() -> None:
    work = north_of(HOME, 3_000.0)
    zones = [PrivacyZone(HOME[0], HOME[1], 150.0), PrivacyZone(work[0], work[1], 500.0)]
    inside_work = north_of(work, 400.0)
    between = north_of(HOME, 1_500.0)
    latitude = [None, inside_work[0], between[0], float("nan")]
    longitude = [None, inside_work[1], between[1], HOME[1]]
    hidden_lat, hidden_lon = hide_points_in_zones(latitude, longitude, zones)
    assert np.isnan(hidden_lat[[0, 1, 3]]).all() and np.isnan(hidden_lon[[0, 1]]).all()
    assert hidden_lat[2] == pytest.approx(between[0]) and hidden_lon[2] == between[1]
    assert hidden_lon[3] == HOME[1]  # only the missing coordinate was missing
    unchanged_lat, _ = hide_points_in_zones(latitude, longitude, [])
    assert unchanged_lat[2] == pytest.approx(between[0]) and np.isnan(unchanged_lat[0])


def test_arrays_of_different_lengths_are_refused() -> None:
    with pytest.raises(DataError, match="longitude"):
        hide_points_in_zones([1.0, 2.0], [1.0], [])


def test_zones_are_stored_checked_and_deleted_per_athlete(database: Database) -> None:
    with database.sessions.begin() as session:
        ada = add_athlete(session, AthleteProfile(name="Ada")).id
        bob = add_athlete(session, AthleteProfile(name="Bob")).id
        zone = add_zone(
            session, ada, name="home", latitude_deg=HOME[0], longitude_deg=HOME[1], radius_m=200.0
        )
        with pytest.raises(DataError, match="radius_m"):
            add_zone(session, ada, name="x", latitude_deg=0.0, longitude_deg=0.0, radius_m=49.0)
        with pytest.raises(DataError, match="latitude_deg"):
            add_zone(session, ada, name="x", latitude_deg=91.0, longitude_deg=0.0, radius_m=100.0)
        assert zones_of(session, ada) == [PrivacyZone(HOME[0], HOME[1], 200.0)]
        assert zones_of(session, bob) == []
        with pytest.raises(NotFoundError):
            delete_zone(session, bob, zone.id)
        delete_zone(session, ada, zone.id)
        assert zones_of(session, ada) == []
