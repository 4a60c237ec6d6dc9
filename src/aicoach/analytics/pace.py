"""Running pace metrics of one activity: grade-adjusted and normalized graded pace, rTSS,
pace zones and the mean-maximal pace curve.

Inputs are 1 Hz series (see ``aicoach.analytics.resample``) with ``NaN`` for missing seconds.
Pace (s/km) is the reciprocal of speed; the arithmetic is done on speed (m/s), where means
and ratios make sense, and turned into pace at the end.

Sources:

- Energy cost of running on a grade: Minetti, Moia, Roi, Susta & Ferretti (2002), "Energy
  cost of walking and running at extreme uphill and downhill slopes", J Appl Physiol
  93:1039-1046: C(i) = 155.4 i^5 - 30.4 i^4 - 43.3 i^3 + 46.3 i^2 + 19.5 i + 3.6 J/kg/m for
  grade i (a fraction) from -0.45 to +0.45. Grade-adjusted speed is the flat speed with the
  same energy cost per second: v x C(i) / C(0).
- Normalized graded pace (NGP) and running TSS: TrainingPeaks (Coggan's TSS applied to
  running): IF = NGP / threshold pace, taken as speeds, and rTSS = hours x IF^2 x 100, so one
  hour at threshold pace scores 100. TrainingPeaks does not publish how NGP averages; here it
  is Normalized Power's averaging (30 s rolling mean, 4th-power mean) applied to
  grade-adjusted speed, which TrainingPeaks describes NGP as being analogous to.
- Pace zones: Friel ("Quick guide to setting zones", 2009) as % of functional threshold pace:
  Z1 slower than 129 %, Z2 114-129 %, Z3 106-113 %, Z4 99-105 %, Z5a 97-100 %, Z5b 90-96 %,
  Z5c faster than 90 %; here each band starts where the next faster one ends, with the Z4/Z5a
  boundary at threshold pace (100 %).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from aicoach.analytics.power import (
    DEFAULT_MEAN_MAX_DURATIONS_S,
    NP_WINDOW_S,
    fourth_power_mean,
    mean_maximal,
    rolling_mean,
)
from aicoach.analytics.resample import Zone, as_float_array, present
from aicoach.domain.activity import FloatArray
from aicoach.errors import DataError
from aicoach.units import SECONDS_PER_HOUR, speed_m_s_to_pace_s_per_km

MINETTI_COEFFICIENTS: tuple[float, ...] = (155.4, -30.4, -43.3, 46.3, 19.5, 3.6)
"""Minetti 2002 polynomial coefficients, highest power (i^5) first, in J/kg/m."""

MINETTI_GRADE_LIMIT = 0.45
"""Grades beyond +/-45 % are outside Minetti's measurements and are clipped to it."""

GRADE_HALF_WINDOW_S = 5
"""Grade at a second is rise over run from 5 s before to 5 s after it (an 11 s window), which
smooths GPS and barometer noise over ~30 m at running speed."""

MIN_GRADE_RUN_M = 2.0
"""Below this horizontal distance in the grade window the grade is unknown (standing still)."""

FRIEL_PACE_ZONES_THRESHOLD: tuple[tuple[str, float, float], ...] = (
    ("Z1", 1.29, math.inf),
    ("Z2", 1.14, 1.29),
    ("Z3", 1.06, 1.14),
    ("Z4", 1.00, 1.06),
    ("Z5a", 0.97, 1.00),
    ("Z5b", 0.90, 0.97),
    ("Z5c", 0.0, 0.90),
)
"""Friel's pace zones as multiples of threshold pace (s/km): low <= pace / threshold < high."""


def minetti_cost_j_kg_m(grade: npt.ArrayLike) -> FloatArray:
    """Minetti 2002 energy cost of running, J per kg per metre, at a grade (fraction, e.g.
    0.1 for +10 %), clipped to +/-45 %. C(0) = 3.6, C(+0.1) = 5.97, C(-0.1) = 2.15."""
    clipped = np.clip(
        np.asarray(grade, dtype=np.float64), -MINETTI_GRADE_LIMIT, MINETTI_GRADE_LIMIT
    )
    cost = np.zeros_like(clipped)
    for coefficient in MINETTI_COEFFICIENTS:  # Horner's rule, highest power first
        cost = cost * clipped + coefficient
    return cost


def grade_fraction(altitude_m_1hz: npt.ArrayLike, distance_m_1hz: npt.ArrayLike) -> FloatArray:
    """Grade (rise / horizontal run) at each second over a centred 11 s window; ``NaN`` where
    altitude or distance is missing or the run is under ``MIN_GRADE_RUN_M``."""
    altitude, distance = as_float_array(altitude_m_1hz), as_float_array(distance_m_1hz)
    if altitude.shape != distance.shape:
        raise ValueError(f"altitude has {altitude.size} samples but distance has {distance.size}")
    index = np.arange(altitude.size)
    ahead = np.minimum(index + GRADE_HALF_WINDOW_S, altitude.size - 1)
    behind = np.maximum(index - GRADE_HALF_WINDOW_S, 0)
    run_m = distance[ahead] - distance[behind]
    rise_m = altitude[ahead] - altitude[behind]
    with np.errstate(invalid="ignore", divide="ignore"):
        grade: FloatArray = np.where(run_m >= MIN_GRADE_RUN_M, rise_m / run_m, np.nan)
    return grade


def grade_adjusted_speed_m_s(speed_m_s: npt.ArrayLike, grade: npt.ArrayLike) -> FloatArray:
    """Flat-ground speed with the same energy cost: v x C(i) / C(0) (Minetti 2002).

    Where the grade is unknown (``NaN``) the speed is left as it is (no adjustment).
    """
    speed, slope = as_float_array(speed_m_s), as_float_array(grade)
    if speed.shape != slope.shape:
        raise ValueError(f"speed has {speed.size} samples but grade has {slope.size}")
    flat_cost = float(minetti_cost_j_kg_m(0.0))
    factor = np.where(np.isnan(slope), 1.0, minetti_cost_j_kg_m(np.nan_to_num(slope)) / flat_cost)
    adjusted: FloatArray = speed * factor
    return adjusted


def normalized_graded_speed_m_s(grade_adjusted_speed_1hz: npt.ArrayLike) -> float | None:
    """Normalized graded speed: 30 s rolling mean of grade-adjusted speed, 4th-power mean,
    4th root, over the present seconds (``None`` under 30 s). Its pace is NGP."""
    return fourth_power_mean(rolling_mean(present(grade_adjusted_speed_1hz), NP_WINDOW_S))


def speed_to_pace_s_per_km(speed_m_s: float) -> float | None:
    """Pace in s/km for a speed in m/s; ``None`` for a speed that is not positive."""
    if not (math.isfinite(speed_m_s) and speed_m_s > 0):
        return None
    return speed_m_s_to_pace_s_per_km(speed_m_s)


def pace_series_s_per_km(speed_m_s_1hz: npt.ArrayLike) -> FloatArray:
    """Pace of each second in s/km; ``NaN`` where the speed is missing or not positive."""
    speed = as_float_array(speed_m_s_1hz)
    with np.errstate(divide="ignore", invalid="ignore"):
        pace: FloatArray = np.where(speed > 0, speed_m_s_to_pace_s_per_km(speed), np.nan)
    return pace


def running_intensity_factor(ngp_speed_m_s: float, threshold_speed_m_s: float) -> float:
    """Running IF: normalized graded speed over threshold speed (= threshold pace / NGP)."""
    if not (math.isfinite(threshold_speed_m_s) and threshold_speed_m_s > 0):
        raise DataError(
            f"threshold speed must be positive, got {threshold_speed_m_s}",
            field="threshold_pace_s_per_km",
        )
    return ngp_speed_m_s / threshold_speed_m_s


def running_training_stress_score(duration_s: float, intensity_factor: float) -> float:
    """rTSS = hours x IF^2 x 100 (TrainingPeaks): one hour at threshold pace scores 100."""
    return duration_s / SECONDS_PER_HOUR * intensity_factor**2 * 100.0


def friel_pace_zones(threshold_pace_s_per_km: float) -> list[Zone]:
    """Friel's seven pace zones in s/km (a slower pace is a larger number, a lower zone)."""
    if not (math.isfinite(threshold_pace_s_per_km) and threshold_pace_s_per_km > 0):
        raise DataError(
            f"threshold pace must be positive, got {threshold_pace_s_per_km}",
            field="threshold_pace_s_per_km",
        )
    return [
        Zone(name, low * threshold_pace_s_per_km, high * threshold_pace_s_per_km)
        for name, low, high in FRIEL_PACE_ZONES_THRESHOLD
    ]


def mean_maximal_pace_s_per_km(
    speed_m_s_1hz: npt.ArrayLike, durations_s: Sequence[int] = DEFAULT_MEAN_MAX_DURATIONS_S
) -> dict[int, float]:
    """Mean-maximal pace curve: the fastest average pace (s/km) held for each duration (s),
    from the best mean speed over any gap-free window (see ``power.mean_maximal``)."""
    best_speed = mean_maximal(speed_m_s_1hz, durations_s)
    return {
        duration: pace
        for duration, speed in best_speed.items()
        if (pace := speed_to_pace_s_per_km(speed)) is not None
    }
