"""Unit conversions: the one module where units change.

Names carry units everywhere else (``speed_m_s``, ``mass_kg``); values cross units only
through these functions.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import numpy.typing as npt

FloatLike = TypeVar("FloatLike", float, npt.NDArray[np.float64])

SEMICIRCLES_PER_DEGREE = 2**31 / 180.0
"""FIT stores latitude and longitude as signed 32-bit 'semicircles' (Garmin FIT SDK profile)."""

SECONDS_PER_HOUR = 3600.0
SECONDS_PER_MINUTE = 60.0
METRES_PER_KM = 1000.0
METRES_PER_MILE = 1609.344
POUNDS_PER_KG = 2.2046226218


def semicircles_to_degrees(semicircles: float) -> float:
    """Convert a FIT semicircle coordinate to decimal degrees."""
    return semicircles / SEMICIRCLES_PER_DEGREE


def degrees_to_semicircles(degrees: float) -> int:
    """Convert decimal degrees to a FIT semicircle coordinate."""
    return round(degrees * SEMICIRCLES_PER_DEGREE)


def hours_to_seconds(hours: float) -> float:
    return hours * SECONDS_PER_HOUR


def seconds_to_hours(seconds: float) -> float:
    return seconds / SECONDS_PER_HOUR


def minutes_to_seconds(minutes: float) -> float:
    return minutes * SECONDS_PER_MINUTE


def seconds_to_minutes(seconds: float) -> float:
    return seconds / SECONDS_PER_MINUTE


def km_to_m(km: float) -> float:
    return km * METRES_PER_KM


def m_to_km(metres: float) -> float:
    return metres / METRES_PER_KM


def km_h_to_m_s(speed_km_h: float) -> float:
    return speed_km_h / 3.6


def m_s_to_km_h(speed_m_s: float) -> float:
    return speed_m_s * 3.6


def pace_s_per_km_to_speed_m_s(pace_s_per_km: float) -> float:
    return METRES_PER_KM / pace_s_per_km


def speed_m_s_to_pace_s_per_km(speed_m_s: FloatLike) -> FloatLike:
    """Seconds per km at ``speed_m_s`` (a number or a numpy array; speed must be positive)."""
    return METRES_PER_KM / speed_m_s


def pounds_to_kg(pounds: float) -> float:
    return pounds / POUNDS_PER_KG


def fraction_to_percent(fraction: float) -> float:
    return fraction * 100.0


def format_duration_hms(duration_s: float) -> str:
    """Render a duration as ``H:MM:SS`` for people."""
    total_s = round(duration_s)
    hours, rest = divmod(total_s, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


def format_pace_min_per_km(pace_s_per_km: float) -> str:
    """Render a pace as ``M:SS /km`` for people."""
    minutes, seconds = divmod(round(pace_s_per_km), 60)
    return f"{minutes}:{seconds:02d} /km"
