"""Great-circle distance between points on the Earth, for privacy zones and maps.

The haversine formula (Sinnott 1984, "Virtues of the Haversine", Sky and Telescope 68:159) on
a sphere of the mean Earth radius R = 6,371,008.8 m (IUGG, Moritz 2000):

    a = sin^2(dphi / 2) + cos(phi1) cos(phi2) sin^2(dlambda / 2)
    d = 2 R asin(sqrt(a))

with latitudes phi and longitudes lambda in radians. On the ellipsoid the true distance
differs by at most about 0.5 %, far below a privacy zone's radius.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from aicoach.domain.activity import FloatArray

EARTH_MEAN_RADIUS_M = 6_371_008.8
"""IUGG mean Earth radius (R1 = (2a + b) / 3)."""

ArrayLike = npt.ArrayLike


def haversine_distance_m(
    latitude_deg: ArrayLike,
    longitude_deg: ArrayLike,
    to_latitude_deg: float,
    to_longitude_deg: float,
) -> FloatArray:
    """Distance in metres from each point to one fixed point; NaN where a point is missing."""
    phi = np.radians(np.asarray(latitude_deg, dtype=np.float64))
    lam = np.radians(np.asarray(longitude_deg, dtype=np.float64))
    phi0 = np.radians(to_latitude_deg)
    lam0 = np.radians(to_longitude_deg)
    half_chord = (
        np.sin((phi - phi0) / 2) ** 2 + np.cos(phi) * np.cos(phi0) * np.sin((lam - lam0) / 2) ** 2
    )
    distance = 2 * EARTH_MEAN_RADIUS_M * np.arcsin(np.sqrt(np.clip(half_chord, 0.0, 1.0)))
    return np.asarray(distance, dtype=np.float64)
