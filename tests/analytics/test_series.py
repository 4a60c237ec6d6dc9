"""The all-in-one athlete series, the batch entry and DailySeries."""

from __future__ import annotations

import math
from dataclasses import fields
from datetime import date, timedelta

import numpy as np
import pytest

from aicoach.analytics.acwr import acute_chronic_workload_ratio
from aicoach.analytics.baselines import (
    hrv_normal_band,
    hrv_rolling_mean_ln,
    resting_hr_baseline,
    sleep_debt_h,
)
from aicoach.analytics.conventions import (
    AcwrMethod,
    AnalyticsSettings,
    LoadSmoothing,
    StandardDeviation,
)
from aicoach.analytics.daily import (
    DailySeries,
    DayCombine,
    EmptyDay,
    shift_later,
    trailing_count,
    trailing_mean,
    trailing_std,
    trailing_sum,
)
from aicoach.analytics.load import chronic_training_load
from aicoach.analytics.monotony import training_monotony
from aicoach.analytics.series import (
    AthleteSeries,
    compute_athlete_series,
    compute_load_series_batch,
)
from aicoach.errors import DataError, UserError

START = date(2024, 1, 1)
DAYS = 200
SETTINGS = AnalyticsSettings()


def _inputs() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(11)
    load = rng.uniform(20.0, 150.0, DAYS) * (rng.uniform(size=DAYS) > 0.25)
    rmssd = np.exp(4.0 + rng.normal(0.0, 0.12, DAYS))
    rhr = 48.0 + rng.normal(0.0, 2.0, DAYS)
    sleep = 7.5 + rng.normal(0.0, 0.8, DAYS)
    for values, gaps in ((rmssd, [3, 90, 91, 150]), (rhr, [10, 120]), (sleep, [5, 6, 160])):
        values[gaps] = math.nan
    return {"load": load, "hrv_rmssd_ms": rmssd, "resting_hr_bpm": rhr, "sleep_h": sleep}


def _series(settings: AnalyticsSettings = SETTINGS) -> AthleteSeries:
    data = _inputs()
    return compute_athlete_series(
        START,
        data["load"],
        settings,
        hrv_rmssd_ms=data["hrv_rmssd_ms"],
        resting_hr_bpm=data["resting_hr_bpm"],
        sleep_h=data["sleep_h"],
    )


def test_every_series_has_one_value_per_day_and_is_read_only() -> None:
    series = _series()
    arrays = [getattr(series, item.name) for item in fields(series)]
    arrays = [value for value in arrays if isinstance(value, np.ndarray)]
    assert len(arrays) == 20
    for values in arrays:
        assert values.shape == (DAYS,)
        assert not values.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        series.ctl[0] = 1.0


def test_fields_equal_the_single_formulas() -> None:
    data = _inputs()
    series = _series()
    np.testing.assert_array_equal(series.ctl, chronic_training_load(data["load"], SETTINGS))
    np.testing.assert_array_equal(series.acwr, acute_chronic_workload_ratio(data["load"], SETTINGS))
    np.testing.assert_array_equal(series.monotony, training_monotony(data["load"], SETTINGS))
    ln = np.log(data["hrv_rmssd_ms"])
    np.testing.assert_array_equal(series.hrv_ln_7d, hrv_rolling_mean_ln(ln, SETTINGS))
    np.testing.assert_array_equal(
        series.hrv_band_low,
        hrv_normal_band(ln, SETTINGS, swc_factor=SETTINGS.hrv_band_sd_factor).low,
    )
    baseline = resting_hr_baseline(data["resting_hr_bpm"])
    np.testing.assert_array_equal(series.rhr_baseline, baseline.mean_bpm)
    np.testing.assert_array_equal(series.rhr_sd, baseline.sd_bpm)
    np.testing.assert_array_equal(series.sleep_debt_h, sleep_debt_h(data["sleep_h"], 8.0))
    np.testing.assert_allclose(series.tsb[1:], series.ctl[:-1] - series.atl[:-1])
    np.testing.assert_allclose(series.ramp[7:], series.ctl[7:] - series.ctl[:-7])


def test_missing_wellness_stays_missing_through_the_pipeline() -> None:
    series = _series()
    rmssd = _inputs()["hrv_rmssd_ms"]
    assert np.isnan(series.hrv_ln[90])
    # the 7-day mean on day 92 averages the 5 measured mornings of days 86..92
    measured = np.log(rmssd[[86, 87, 88, 89, 92]])
    assert series.hrv_ln_7d[92] == pytest.approx(measured.mean(), rel=1e-12)
    assert np.isnan(series.resting_hr_bpm[120])
    assert np.isnan(series.rhr_deviation_bpm[120])
    assert np.isnan(series.rhr_deviation_sd[120])
    assert np.isfinite(series.rhr_baseline[121])
    assert np.isnan(series.sleep_h[160])


def test_without_wellness_every_wellness_series_is_missing() -> None:
    series = compute_athlete_series(START, _inputs()["load"], SETTINGS)
    for name in ("hrv_ln_7d", "hrv_band_low", "rhr_baseline", "rhr_sd", "sleep_debt_h"):
        assert np.all(np.isnan(getattr(series, name))), name
    assert not series.hrv_below_band.any()
    assert np.all(np.isfinite(series.ctl))


def test_dates() -> None:
    series = _series()
    assert series.day_count == DAYS
    assert series.end == START + timedelta(days=DAYS - 1)
    assert series.index_of(date(2024, 1, 31)) == 30
    assert series.date_at(30) == date(2024, 1, 31)
    with pytest.raises(UserError):
        series.index_of(date(2023, 12, 31))


def test_wellness_length_must_match_the_load() -> None:
    with pytest.raises(DataError, match="sleep_h"):
        compute_athlete_series(START, np.zeros(10), SETTINGS, sleep_h=np.zeros(9))


def test_settings_change_the_results() -> None:
    other = AnalyticsSettings(
        load_smoothing=LoadSmoothing.ONE_OVER_TAU,
        acwr_method=AcwrMethod.ROLLING_UNCOUPLED,
        monotony_sd=StandardDeviation.SAMPLE,
    )
    first, second = _series(), _series(other)
    assert second.settings is other
    for name in ("ctl", "acwr", "monotony"):
        assert not np.allclose(getattr(first, name), getattr(second, name), equal_nan=True)


@pytest.mark.parametrize(
    "settings",
    [
        SETTINGS,
        AnalyticsSettings(
            load_smoothing=LoadSmoothing.ONE_OVER_TAU, acwr_method=AcwrMethod.ROLLING_COUPLED
        ),
    ],
)
def test_batch_rows_equal_single_athletes(settings: AnalyticsSettings) -> None:
    rng = np.random.default_rng(4)
    loads = rng.uniform(0.0, 200.0, (5, 120)) * (rng.uniform(size=(5, 120)) > 0.3)
    batch = compute_load_series_batch(loads, settings)
    for row in range(5):
        single = compute_athlete_series(START, loads[row], settings)
        for name in ("load", "ctl", "atl", "tsb", "ramp", "acwr", "monotony", "strain"):
            np.testing.assert_allclose(
                getattr(batch, name)[row], getattr(single, name), rtol=1e-12, equal_nan=True
            )
    with pytest.raises(DataError):
        compute_load_series_batch(loads[0], settings)


def test_daily_loads_add_up_and_rest_days_are_zero() -> None:
    pairs = [
        (date(2024, 3, 1), 50.0),
        (date(2024, 3, 1), 30.0),
        (date(2024, 3, 3), 40.0),
        (date(2024, 3, 4), None),
    ]
    series = DailySeries.of_loads(pairs)
    assert series.start == date(2024, 3, 1)
    assert series.end == date(2024, 3, 3)
    assert series.values.tolist() == [80.0, 0.0, 40.0]
    assert not series.values.flags.writeable


def test_daily_measurements_stay_missing_and_go_back_to_none() -> None:
    pairs = [(date(2024, 3, 2), 50.0), (date(2024, 3, 2), 54.0), (date(2024, 3, 4), 49.0)]
    series = DailySeries.of_measurements(pairs, start=date(2024, 3, 1), end=date(2024, 3, 5))
    assert np.isnan(series.values[0])
    assert series.values[1] == 52.0
    assert series.to_pairs() == [
        (date(2024, 3, 1), None),
        (date(2024, 3, 2), 52.0),
        (date(2024, 3, 3), None),
        (date(2024, 3, 4), 49.0),
        (date(2024, 3, 5), None),
    ]
    last = DailySeries.of_measurements(pairs, combine=DayCombine.LAST)
    assert last.values[0] == 54.0
    assert series.index_of(date(2024, 3, 4)) == 3
    assert series.dates()[0] == date(2024, 3, 1)


def test_daily_series_range_and_errors() -> None:
    pairs = [(date(2024, 3, 1), 5.0), (date(2024, 3, 9), 7.0), (date(2024, 3, 5), math.nan)]
    clipped = DailySeries.from_pairs(
        pairs,
        combine=DayCombine.SUM,
        empty_day=EmptyDay.MISSING,
        start=date(2024, 3, 2),
        end=date(2024, 3, 9),
    )
    assert clipped.day_count == 8
    assert np.isnan(clipped.values[:7]).all()
    assert clipped.values[7] == 7.0
    with pytest.raises(UserError):
        DailySeries.of_loads([])
    with pytest.raises(UserError):
        DailySeries.of_loads([], start=date(2024, 3, 2), end=date(2024, 3, 1))
    empty = DailySeries.of_loads([], start=date(2024, 3, 1), end=date(2024, 3, 2))
    assert empty.values.tolist() == [0.0, 0.0]


def test_trailing_windows_match_a_plain_loop_with_gaps_and_a_trend() -> None:
    rng = np.random.default_rng(21)
    values = 1000.0 + np.arange(400.0) + rng.normal(0.0, 3.0, (2, 400))
    values[rng.uniform(size=values.shape) < 0.2] = math.nan
    window, needed = 30, 10
    count = trailing_count(values, window)
    mean = trailing_mean(values, window, needed)
    total = trailing_sum(values, window, needed)
    sd = trailing_std(values, window, needed, 1)
    for row in range(2):
        for day in range(400):
            inside = values[row, max(0, day - window + 1) : day + 1]
            inside = inside[~np.isnan(inside)]
            assert count[row, day] == inside.size
            if inside.size < needed:
                assert np.isnan(mean[row, day]) and np.isnan(sd[row, day])
                assert np.isnan(total[row, day])
                continue
            assert mean[row, day] == pytest.approx(inside.mean(), rel=1e-13)
            assert total[row, day] == pytest.approx(inside.sum(), rel=1e-13)
            assert sd[row, day] == pytest.approx(inside.std(ddof=1), rel=1e-8)


def test_equal_values_give_an_sd_of_exactly_zero_and_zero_loads_a_sum_of_exactly_zero() -> None:
    values = np.concatenate([[0.3, 1e6, 7.1], np.full(5, 0.1), [math.nan, 0.1], np.zeros(4)])
    sd = trailing_std(values, 4, 2, 0)
    assert sd[6] == 0.0 and sd[7] == 0.0 and sd[9] == 0.0
    assert sd[5] > 0.0
    total = trailing_sum(values, 4, 1)
    assert total[-1] == 0.0


def test_shift_later() -> None:
    shifted = shift_later(np.array([1.0, 2.0, 3.0]), 1)
    assert np.isnan(shifted[0])
    assert shifted[1:].tolist() == [1.0, 2.0]
    assert np.isnan(shift_later(np.array([1.0, 2.0]), 5)).all()
    with pytest.raises(UserError):
        shift_later(np.zeros(2), -1)
