"""Pace metrics: Minetti's cost of running, grade-adjusted and normalized graded pace, rTSS."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aicoach.analytics.pace import (
    friel_pace_zones,
    grade_adjusted_speed_m_s,
    grade_fraction,
    mean_maximal_pace_s_per_km,
    minetti_cost_j_kg_m,
    normalized_graded_speed_m_s,
    pace_series_s_per_km,
    running_intensity_factor,
    running_training_stress_score,
    speed_to_pace_s_per_km,
)
from aicoach.analytics.resample import time_in_zones_s
from aicoach.errors import DataError
from aicoach.units import pace_s_per_km_to_speed_m_s


@pytest.mark.parametrize(
    ("grade", "cost"),
    [
        # C(i) = 155.4 i^5 - 30.4 i^4 - 43.3 i^3 + 46.3 i^2 + 19.5 i + 3.6
        (0.0, 3.6),
        # +0.1: 0.001554 - 0.00304 - 0.0433 + 0.463 + 1.95 + 3.6 = 5.968214
        (0.1, 5.968214),
        # -0.1: -0.001554 - 0.00304 + 0.0433 + 0.463 - 1.95 + 3.6 = 2.151706
        (-0.1, 2.151706),
        # -0.2: -0.049728 - 0.04864 + 0.3464 + 1.852 - 3.9 + 3.6 = 1.800032 (near the minimum)
        (-0.2, 1.800032),
        # +0.45 (steepest measured): 2.867567 - 1.246590 - 3.945713 + 9.37575 + 8.775 + 3.6
        (0.45, 19.4260145625),
    ],
)
def test_minetti_polynomial(grade: float, cost: float) -> None:
    assert float(minetti_cost_j_kg_m(grade)) == pytest.approx(cost, abs=1e-9)


def test_minetti_grades_are_clipped_to_the_measured_range() -> None:
    costs = minetti_cost_j_kg_m(np.array([0.6, -0.9]))
    assert costs.tolist() == pytest.approx([19.4260145625, 4.0323054375])


def test_grade_adjusted_speed() -> None:
    # 3 m/s at +10 %: 3 x 5.968214 / 3.6 = 4.97351 m/s (201.07 s/km); at -10 %:
    # 3 x 2.151706 / 3.6 = 1.79309 m/s; unknown grade: unchanged.
    adjusted = grade_adjusted_speed_m_s(np.array([3.0, 3.0, 3.0]), np.array([0.1, -0.1, np.nan]))
    assert adjusted.tolist() == pytest.approx([4.973512, 1.793088, 3.0], abs=1e-6)
    assert speed_to_pace_s_per_km(float(adjusted[0])) == pytest.approx(201.065, abs=1e-3)


def test_grade_from_altitude_and_distance() -> None:
    # 3 m/s for 40 s climbing 0.3 m/s (10 %), then 20 s standing still.
    distance = np.concatenate([np.arange(40) * 3.0, np.full(20, 117.0)])
    altitude = np.concatenate([100.0 + np.arange(40) * 0.3, np.full(20, 111.7)])
    grade = grade_fraction(altitude, distance)
    assert grade[5:35] == pytest.approx(0.1)
    assert np.isnan(grade[46:]).all()  # no horizontal run: grade unknown, not 0


def test_normalized_graded_speed_two_level_known_answer() -> None:
    # 30 s pattern [2.0 m/s x 15, 4.0 x 15] (mean 3.0) for 30 min, then the same + 1 m/s
    # (mean 4.0) for 30 min. Windows: 1771 at 3.0, 29 transition windows at 3 + j/30 (j =
    # 1..29), 1771 at 4.0.
    pattern = np.array([2.0] * 15 + [4.0] * 15)
    speed = np.concatenate([np.tile(pattern, 60), np.tile(pattern + 1.0, 60)])
    total = 1771 * 3.0**4 + sum((3.0 + j / 30) ** 4 for j in range(1, 30)) + 1771 * 4.0**4
    expected = (total / 3571) ** 0.25
    assert normalized_graded_speed_m_s(speed) == pytest.approx(expected, rel=1e-12)
    assert expected > float(speed.mean())  # 3.5 m/s average; NGS weighs the fast half more


def test_rtss_one_hour_at_threshold_is_100() -> None:
    assert running_training_stress_score(3600.0, 1.0) == pytest.approx(100.0)


def test_rtss_known_answer() -> None:
    # NGP 5:00 /km against threshold 4:30 /km: IF = 270/300 = 0.9 (as speeds 3.333/3.704);
    # 90 min: 1.5 h x 0.81 x 100 = 121.5.
    intensity = running_intensity_factor(
        pace_s_per_km_to_speed_m_s(300.0), pace_s_per_km_to_speed_m_s(270.0)
    )
    assert intensity == pytest.approx(0.9)
    assert running_training_stress_score(5400.0, intensity) == pytest.approx(121.5)


def test_threshold_speed_must_be_positive() -> None:
    with pytest.raises(DataError, match="threshold"):
        running_intensity_factor(3.0, 0.0)


def test_friel_pace_zones() -> None:
    # Threshold 300 s/km: 129 % = 387, 114 % = 342, 106 % = 318, 100 % = 300, 97 % = 291,
    # 90 % = 270 s/km.
    zones = {z.name: (z.low, z.high) for z in friel_pace_zones(300.0)}
    assert list(zones["Z1"]) == pytest.approx([387.0, math.inf])
    assert list(zones["Z3"]) == pytest.approx([318.0, 342.0])
    assert list(zones["Z5b"]) == pytest.approx([270.0, 291.0])
    pace = np.array([400.0, 350.0, 330.0, 310.0, 295.0, 280.0, 260.0, 250.0, np.nan])
    assert time_in_zones_s(pace, friel_pace_zones(300.0)) == {
        "Z1": 1.0, "Z2": 1.0, "Z3": 1.0, "Z4": 1.0, "Z5a": 1.0, "Z5b": 1.0, "Z5c": 2.0,
    }  # fmt: skip


def test_pace_series_and_conversion() -> None:
    # 4 m/s is 250 s/km; a standstill has no pace.
    assert pace_series_s_per_km(np.array([4.0, 0.0, np.nan]))[0] == pytest.approx(250.0)
    assert np.isnan(pace_series_s_per_km(np.array([4.0, 0.0, np.nan]))[1:]).all()
    assert speed_to_pace_s_per_km(0.0) is None


def test_mean_maximal_pace() -> None:
    # 5 min at 3 m/s, 1 min at 5 m/s (200 s/km), 5 min at 3 m/s.
    speed = np.concatenate([np.full(300, 3.0), np.full(60, 5.0), np.full(300, 3.0)])
    curve = mean_maximal_pace_s_per_km(speed, [30, 60, 120, 1000])
    assert curve[30] == pytest.approx(200.0)
    assert curve[60] == pytest.approx(200.0)
    # Best 120 s: 60 s at 5 m/s + 60 s at 3 m/s = 4 m/s, 250 s/km.
    assert curve[120] == pytest.approx(250.0)
    assert 1000 not in curve
