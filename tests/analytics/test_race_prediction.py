"""Race prediction: Riegel's worked example and Daniels' published VDOT tables.

Table values are from the VDOT tables of *Daniels' Running Formula* (3rd ed., Human Kinetics
2013): race times by VDOT, and training paces by VDOT (E, M, T per km; I and R per 400 m), as
transcribed in github.com/tlgs/vdot (notebooks/2-analysis.ipynb). The Daniels-Gilbert
equations reproduce the tables to within seconds; the tolerances below (0.3 % for race times,
2-3 s/km for paces) allow for the book's rounding.
"""

from __future__ import annotations

from itertools import pairwise

import pytest

from aicoach.analytics.race_prediction import (
    MARATHON_M,
    TrainingIntensity,
    daniels_fraction_of_vo2max,
    daniels_speed_m_per_min,
    daniels_vo2_cost_ml_kg_min,
    equivalent_race_time_s,
    race_time_for_vdot_s,
    riegel_time_s,
    training_pace,
    training_paces,
    vdot_from_race,
    vo2max_estimate,
)
from aicoach.errors import DataError

HALF_MARATHON_M = 21097.5


def hms(text: str) -> float:
    seconds = 0.0
    for part in text.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def test_riegel_worked_example() -> None:
    # 10K in 40:00 -> half marathon: 40 x (21.0975 / 10) ** 1.06
    # ln(2.10975) = 0.746569, x 1.06 = 0.791364, e^0.791364 = 2.206403 -> 88.256 min (1:28:15).
    predicted = riegel_time_s(hms("40:00"), 10_000.0, HALF_MARATHON_M)
    assert predicted / 60 == pytest.approx(88.256, abs=0.001)


def test_riegel_exponent_is_a_parameter() -> None:
    # With exponent 1 the prediction is the same pace: double the distance, double the time.
    assert riegel_time_s(1200.0, 5000.0, 10_000.0, exponent=1.0) == pytest.approx(2400.0)
    assert riegel_time_s(1200.0, 5000.0, 10_000.0, exponent=1.15) > riegel_time_s(
        1200.0, 5000.0, 10_000.0
    )


def test_daniels_component_equations() -> None:
    # 5K in 20:00: v = 250 m/min, cost = -4.60 + 45.5645 + 6.5 = 47.4645 ml/kg/min.
    assert daniels_vo2_cost_ml_kg_min(250.0) == pytest.approx(47.4645)
    # 20 min: 0.8 + 0.1894393 x e^-0.25556 (0.774483) + 0.2989558 x e^-3.86521 (0.020959)
    # = 0.8 + 0.146717 + 0.006266 = 0.952983.
    assert daniels_fraction_of_vo2max(20.0) == pytest.approx(0.952983, abs=1e-6)
    assert daniels_speed_m_per_min(daniels_vo2_cost_ml_kg_min(250.0)) == pytest.approx(250.0)


@pytest.mark.parametrize(
    ("distance_m", "time", "vdot"),
    [
        (5000.0, "20:00", 49.8),  # 5K 20:00 -> 47.4645 / 0.952983 = 49.806
        (10_000.0, "40:00", 51.9),  # table: VDOT 51 -> 40:39, VDOT 52 -> 39:59
        (MARATHON_M, "3:00:00", 53.5),  # table: VDOT 53 -> 3:01:39, VDOT 54 -> 2:58:47
    ],
)
def test_vdot_from_race_matches_tables(distance_m: float, time: str, vdot: float) -> None:
    assert vdot_from_race(distance_m, hms(time)) == pytest.approx(vdot, abs=0.05)


@pytest.mark.parametrize(
    ("vdot", "table"),
    [
        (
            40,
            {5000.0: "24:08", 10_000.0: "50:03", HALF_MARATHON_M: "1:50:59", MARATHON_M: "3:49:45"},
        ),
        (
            50,
            {5000.0: "19:57", 10_000.0: "41:21", HALF_MARATHON_M: "1:31:35", MARATHON_M: "3:10:49"},
        ),
        (
            60,
            {5000.0: "17:03", 10_000.0: "35:22", HALF_MARATHON_M: "1:18:09", MARATHON_M: "2:43:25"},
        ),
    ],
)
def test_race_times_for_vdot_match_daniels_table(vdot: float, table: dict[float, str]) -> None:
    for distance_m, time in table.items():
        assert race_time_for_vdot_s(vdot, distance_m) == pytest.approx(hms(time), rel=0.003)


def test_equivalent_time_round_trip() -> None:
    half = equivalent_race_time_s(10_000.0, hms("40:00"), HALF_MARATHON_M)
    back = equivalent_race_time_s(HALF_MARATHON_M, half, 10_000.0)
    assert back == pytest.approx(hms("40:00"), abs=0.01)
    # VDOT 51.9 sits between the table's 1:30:02 (VDOT 51) and 1:28:31 (VDOT 52).
    assert hms("1:28:31") < half < hms("1:30:02")
    assert vdot_from_race(HALF_MARATHON_M, half) == pytest.approx(
        vdot_from_race(10_000.0, hms("40:00")), abs=1e-4
    )


@pytest.mark.parametrize(
    ("vdot", "threshold_pace", "marathon_pace"),
    [(40, "5:06", "5:29"), (50, "4:15", "4:31"), (60, "3:40", "3:52")],
)
def test_threshold_and_marathon_paces_match_daniels_table(
    vdot: float, threshold_pace: str, marathon_pace: str
) -> None:
    # Pace table, per-km T and M. M is computed as marathon race pace; at VDOT 40 the
    # race table's 3:49:45 gives 5:26.5 /km while the pace table prints 5:29, hence 3 s.
    threshold = training_pace(vdot, TrainingIntensity.THRESHOLD)
    marathon = training_pace(vdot, TrainingIntensity.MARATHON)
    assert threshold.fast_s_per_km == pytest.approx(hms(threshold_pace), abs=2.0)
    assert marathon.fast_s_per_km == pytest.approx(hms(marathon_pace), abs=3.0)


@pytest.mark.parametrize(
    ("vdot", "easy_pace", "interval_400m_s", "repetition_400m_s"),
    [
        (40, ("5:56", "6:38"), 112.0, 104.0),
        (50, ("4:56", "5:34"), 93.0, 87.0),
        (60, ("4:15", "4:49"), 81.0, 75.0),
    ],
)
def test_published_e_i_r_paces_lie_in_the_bands(
    vdot: float, easy_pace: tuple[str, str], interval_400m_s: float, repetition_400m_s: float
) -> None:
    # Pace table: E range per km, I and R per 400 m (x 2.5 for per km).
    easy = training_pace(vdot, TrainingIntensity.EASY)
    interval = training_pace(vdot, TrainingIntensity.INTERVAL)
    repetition = training_pace(vdot, TrainingIntensity.REPETITION)
    for pace in easy_pace:
        assert easy.fast_s_per_km <= hms(pace) <= easy.slow_s_per_km
    assert interval.fast_s_per_km <= interval_400m_s * 2.5 <= interval.slow_s_per_km
    assert repetition.fast_s_per_km <= repetition_400m_s * 2.5 <= repetition.slow_s_per_km


def test_training_paces_are_ordered_easiest_first() -> None:
    paces = list(training_paces(50).values())
    assert [p.intensity for p in paces] == list(TrainingIntensity)
    for slower, faster in pairwise(paces):
        assert faster.fast_s_per_km < slower.fast_s_per_km
    for pace in paces:
        assert pace.fast_s_per_km <= pace.slow_s_per_km
    # Interval pace at 100 % of VDOT is vVO2max: cost(v) = 50 -> v = 260.8 m/min, 3:50 /km.
    assert paces[3].fast_s_per_km == pytest.approx(230.1, abs=0.1)


def test_vo2max_estimate_takes_best_effort_and_skips_unusable_ones() -> None:
    estimate = vo2max_estimate(
        [(5000.0, hms("21:00")), (10_000.0, hms("40:00")), (400.0, 60.0), (42195.0, -1.0)]
    )
    assert estimate is not None
    assert estimate.distance_m == 10_000.0
    assert estimate.vdot == pytest.approx(51.94, abs=0.01)
    assert vo2max_estimate([(400.0, 60.0)]) is None


def test_invalid_inputs_are_refused() -> None:
    with pytest.raises(DataError):
        vdot_from_race(400.0, 60.0)  # 1 min: outside the equations' range
    with pytest.raises(DataError):
        riegel_time_s(0.0, 5000.0, 10_000.0)
    with pytest.raises(DataError):
        race_time_for_vdot_s(30.0, 100_000.0)  # far beyond 300 min
