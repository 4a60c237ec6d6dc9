"""Heart-rate metrics against worked examples and hand-computed known answers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aicoach.analytics.heart_rate import (
    FrielSport,
    aerobic_decoupling_pct,
    banister_trimp,
    banister_trimp_from_average,
    banister_trimp_hour_at_lthr,
    edwards_trimp,
    friel_lthr_zones,
    heart_rate_reserve_fraction,
    hr_training_stress_score,
    karvonen_target_bpm,
    karvonen_zones,
)
from aicoach.analytics.resample import time_in_zones_s
from aicoach.domain.athlete import Sex
from aicoach.errors import DataError


def minutes(bpm: float, count: float) -> np.ndarray:
    return np.full(round(count * 60), bpm)


def test_banister_worked_example_from_average() -> None:
    # 30 min at 160 bpm, rest 60, max 200, male: dHR = 100/140 = 0.714286,
    # e^(1.92 x 0.714286) = e^1.371429 = 3.940977,
    # TRIMP = 30 x 0.714286 x 0.64 x 3.940977 = 54.05.
    trimp = banister_trimp_from_average(30.0, 160.0, 60.0, 200.0, Sex.MALE)
    assert trimp == pytest.approx(54.05, abs=0.005)


def test_banister_female_factor() -> None:
    # Same session, b = 1.67: 30 x 0.714286 x 0.64 x e^(1.67 x 0.714286) = 30 x 0.714286 x
    # 0.64 x 3.296 = 45.21.
    trimp = banister_trimp_from_average(30.0, 160.0, 60.0, 200.0, Sex.FEMALE)
    assert trimp == pytest.approx(45.21, abs=0.005)


def test_banister_per_second_weights_hard_minutes_more() -> None:
    # 15 min at 140 bpm: dHR = 80/140 = 0.571429, e^(1.92 x 0.571429) = 2.995595,
    #   15 x 0.571429 x 0.64 x 2.995595 = 16.433;
    # 15 min at 180 bpm: dHR = 120/140 = 0.857143, e^(1.92 x 0.857143) = 5.184712,
    #   15 x 0.857143 x 0.64 x 5.184712 = 42.663;
    # total 59.096, more than the 54.05 of the same 30 min at their average (160 bpm).
    hr = np.concatenate([minutes(140, 15), minutes(180, 15)])
    assert banister_trimp(hr, 60.0, 200.0, Sex.MALE) == pytest.approx(59.096, abs=0.001)


def test_banister_skips_missing_seconds_and_clamps_below_rest() -> None:
    hr = np.concatenate([minutes(140, 15), np.full(600, np.nan), minutes(50, 5)])
    # Only the 15 min at 140 bpm count (16.433); below resting HR weighs 0, missing counts nowhere.
    assert banister_trimp(hr, 60.0, 200.0, Sex.MALE) == pytest.approx(16.433, abs=0.001)
    assert heart_rate_reserve_fraction(np.array([50.0, 130.0]), 60.0, 200.0).tolist() == [
        0.0,
        0.5,
    ]


def test_edwards_zones_weights_one_to_five() -> None:
    # HRmax 200: 10 min each at 55 % (x1), 75 % (x3), 95 % (x5), 65 % (x2), 85 % (x4) and
    # 5 min at 45 % (x0): TRIMP = 10 x (1 + 3 + 5 + 2 + 4) = 150.
    hr = np.concatenate(
        [
            minutes(110, 10),
            minutes(150, 10),
            minutes(190, 10),
            minutes(90, 5),
            minutes(130, 10),
            minutes(170, 10),
        ]
    )
    assert edwards_trimp(hr, 200.0) == pytest.approx(150.0)


def test_edwards_zone_boundaries_belong_to_the_upper_zone() -> None:
    # Exactly 60 % of HRmax is zone 2; above HRmax still weighs 5. 1 min each: 2 + 5 = 7.
    assert edwards_trimp(np.concatenate([minutes(120, 1), minutes(210, 1)]), 200.0) == 7.0


def test_hr_tss_one_hour_at_lthr_is_100() -> None:
    hour = banister_trimp_hour_at_lthr(170.0, 60.0, 200.0, Sex.MALE)
    # dHR = 110/140 = 0.785714, 60 x 0.785714 x 0.64 x e^(1.92 x 0.785714) = 136.383.
    assert hour == pytest.approx(136.383, abs=0.001)
    assert hr_training_stress_score(hour, hour) == pytest.approx(100.0)


def test_hr_tss_of_a_two_level_session() -> None:
    # The 15 + 15 min session above: 100 x 59.096 / 136.383 = 43.33.
    hr = np.concatenate([minutes(140, 15), minutes(180, 15)])
    trimp = banister_trimp(hr, 60.0, 200.0, Sex.MALE)
    hour = banister_trimp_hour_at_lthr(170.0, 60.0, 200.0, Sex.MALE)
    assert hr_training_stress_score(trimp, hour) == pytest.approx(43.33, abs=0.005)


def test_hr_tss_refuses_lthr_at_rest() -> None:
    with pytest.raises(DataError, match="LTHR"):
        hr_training_stress_score(50.0, 0.0)


def test_karvonen_zones() -> None:
    # Rest 60, max 200: reserve 140; 50 % -> 130, 60 % -> 144, 70 % -> 158, 80 % -> 172,
    # 90 % -> 186 bpm.
    assert karvonen_target_bpm(60.0, 200.0, 0.7) == pytest.approx(158.0)
    zones = karvonen_zones(60.0, 200.0)
    assert [z.name for z in zones] == ["Z0", "Z1", "Z2", "Z3", "Z4", "Z5"]
    assert [z.low for z in zones] == pytest.approx([-math.inf, 130.0, 144.0, 158.0, 172.0, 186.0])
    assert [z.high for z in zones] == pytest.approx([130.0, 144.0, 158.0, 172.0, 186.0, math.inf])
    hr = np.array([120.0, 135.0, 150.0, 150.0, 160.0, 175.0, 190.0, np.nan, 205.0])
    assert time_in_zones_s(hr, zones) == {
        "Z0": 1.0, "Z1": 1.0, "Z2": 2.0, "Z3": 1.0, "Z4": 1.0, "Z5": 2.0,
    }  # fmt: skip


def test_karvonen_refuses_max_below_rest() -> None:
    with pytest.raises(DataError, match="hr_max_bpm"):
        karvonen_zones(70.0, 60.0)


def test_friel_lthr_zones_bike_and_run_differ() -> None:
    # LTHR 160. Bike: 81 % = 129.6, 90 % = 144, 94 % = 150.4, 100 % = 160, 103 % = 164.8,
    # 107 % = 171.2. Run: 85 % = 136, 90 % = 144, 95 % = 152, then as bike.
    bike = {z.name: (z.low, z.high) for z in friel_lthr_zones(160.0, FrielSport.BIKE)}
    run = {z.name: (z.low, z.high) for z in friel_lthr_zones(160.0, FrielSport.RUN)}
    assert list(bike["Z2"]) == pytest.approx([129.6, 144.0])
    assert list(bike["Z4"]) == pytest.approx([150.4, 160.0])
    assert list(bike["Z5c"]) == pytest.approx([171.2, math.inf])
    assert list(run["Z2"]) == pytest.approx([136.0, 144.0])
    assert list(run["Z3"]) == pytest.approx([144.0, 152.0])
    hr = np.array([130.0, 140.0, 150.0, 155.0, 161.0, 165.0, 180.0])
    assert time_in_zones_s(hr, friel_lthr_zones(160.0, FrielSport.RUN)) == {
        "Z1": 1.0, "Z2": 1.0, "Z3": 1.0, "Z4": 1.0, "Z5a": 1.0, "Z5b": 1.0, "Z5c": 1.0,
    }  # fmt: skip


def square_wave(low: float, high: float, seconds: int) -> np.ndarray:
    """Alternating 30 s at ``low`` and 30 s at ``high``."""
    return np.tile(np.concatenate([np.full(30, low), np.full(30, high)]), seconds // 60)


def test_decoupling_known_answer() -> None:
    # Same power pattern in both halves (same NP); HR averages 140 then 147 bpm.
    # EF1 = NP/140, EF2 = NP/147: decoupling = (1 - 140/147) x 100 = 4.762 %.
    power = np.concatenate([square_wave(150, 250, 1800), square_wave(150, 250, 1800)])
    hr = np.concatenate([square_wave(138, 142, 1800), square_wave(145, 149, 1800)])
    assert aerobic_decoupling_pct(power, hr) == pytest.approx(4.7619, abs=1e-4)


def test_decoupling_ignores_unpaired_seconds() -> None:
    power = np.concatenate([square_wave(150, 250, 1800), square_wave(150, 250, 1800)])
    hr = np.concatenate([square_wave(138, 142, 1800), square_wave(145, 149, 1800)])
    power_gap = np.concatenate([power[:1800], np.full(300, 200.0), power[1800:]])
    hr_gap = np.concatenate([hr[:1800], np.full(300, np.nan), hr[1800:]])
    assert aerobic_decoupling_pct(power_gap, hr_gap) == pytest.approx(4.7619, abs=1e-4)


def test_decoupling_negative_when_hr_falls() -> None:
    # Speed (Pa:HR) same in both halves, HR 150 then 145: (1 - 150/145) x 100 = -3.448 %.
    speed = np.concatenate([square_wave(3.0, 3.4, 1200), square_wave(3.0, 3.4, 1200)])
    hr = np.concatenate([square_wave(148, 152, 1200), square_wave(143, 147, 1200)])
    assert aerobic_decoupling_pct(speed, hr) == pytest.approx(-3.4483, abs=1e-4)


def test_decoupling_needs_thirty_seconds_per_half() -> None:
    assert aerobic_decoupling_pct(np.arange(50.0), np.full(50, 140.0)) is None
