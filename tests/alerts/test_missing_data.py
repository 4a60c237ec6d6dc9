"""Missing data (NaN) never fires a rule."""

from __future__ import annotations

import numpy as np
import pytest

from aicoach.alerts import AthleteTimeline, evaluate_all, get_rule
from aicoach.alerts.timeline import SeriesInput
from tests.alerts.support import FIRST_DAY

N_DAYS = 40

# For each rule: series under which it fires on the last day, and the series it needs.
FIRING_CASES: dict[str, tuple[dict[str, SeriesInput], list[str]]] = {
    "hrv_below_band": (
        {"hrv_ln_7d": np.linspace(4.0, 3.7, N_DAYS), "hrv_band_low": 3.95},
        ["hrv_ln_7d", "hrv_band_low"],
    ),
    "resting_hr_elevated": (
        {"resting_hr_bpm": np.linspace(50, 60, N_DAYS), "rhr_baseline_bpm": 50.0},
        ["resting_hr_bpm", "rhr_baseline_bpm"],
    ),
    "illness_pattern": (
        {
            "resting_hr_bpm": np.linspace(50, 60, N_DAYS),
            "rhr_baseline_bpm": 50.0,
            "hrv_ln_rmssd": np.linspace(4.2, 3.6, N_DAYS),
            "hrv_band_low": 4.0,
        },
        ["resting_hr_bpm", "rhr_baseline_bpm", "hrv_ln_rmssd", "hrv_band_low"],
    ),
    "acwr_out_of_range": ({"acwr": np.linspace(1.0, 1.7, N_DAYS)}, ["acwr"]),
    "monotony_strain": (
        {"monotony": np.linspace(1.5, 2.5, N_DAYS), "strain": np.linspace(1000, 3000, N_DAYS)},
        ["monotony", "strain"],
    ),
    "ctl_ramp": ({"ctl_ramp_per_week": np.linspace(2, 12, N_DAYS)}, ["ctl_ramp_per_week"]),
    "sleep_debt": ({"sleep_h": np.linspace(8.0, 5.5, N_DAYS)}, ["sleep_h"]),
    "blood_pressure": (
        {"systolic_mmhg": np.linspace(120, 190, N_DAYS), "diastolic_mmhg": 85.0},
        ["systolic_mmhg", "diastolic_mmhg"],
    ),
    "spo2_low": ({"spo2_pct": np.linspace(98, 85, N_DAYS)}, ["spo2_pct"]),
    "exercise_hr_above_max": (
        {"activity_max_hr_bpm": np.linspace(170, 200, N_DAYS)},
        ["activity_max_hr_bpm"],
    ),
}


def _timeline(series: dict[str, SeriesInput]) -> AthleteTimeline:
    return AthleteTimeline.build(
        FIRST_DAY,
        N_DAYS,
        notes=None,
        hr_max_bpm=185,
        sleep_target_h=7.0,
        bp_clearance=False,
        **series,
    )


def test_an_all_missing_timeline_is_quiet() -> None:
    timeline = AthleteTimeline.build(FIRST_DAY, N_DAYS, hr_max_bpm=185, notes=[None] * N_DAYS)
    assert evaluate_all(timeline) == []


@pytest.mark.parametrize("name", sorted(FIRING_CASES))
def test_each_rule_fires_with_data_and_never_without(name: str) -> None:
    series, needed = FIRING_CASES[name]
    rule = get_rule(name)
    timeline = _timeline(series)
    fired = rule.evaluate(timeline)
    assert fired and fired[-1].day == timeline.last_day
    for missing in needed:
        partial = {key: value for key, value in series.items() if key != missing}
        assert rule.evaluate(_timeline(partial)) == [], missing


@pytest.mark.parametrize("name", sorted(FIRING_CASES))
def test_a_missing_day_does_not_fire(name: str) -> None:
    series, needed = FIRING_CASES[name]
    gappy = dict(series)
    values = np.broadcast_to(np.asarray(series[needed[0]], dtype=float), (N_DAYS,)).copy()
    values[-1] = np.nan
    gappy[needed[0]] = values
    timeline = _timeline(gappy)
    fired_days = {alert.day for alert in get_rule(name).evaluate(timeline)}
    assert timeline.last_day not in fired_days


def test_evidence_never_holds_nan() -> None:
    for series, _ in FIRING_CASES.values():
        for alert in evaluate_all(_timeline(series)):
            for value in alert.evidence.values():
                assert not (isinstance(value, float) and np.isnan(value))
