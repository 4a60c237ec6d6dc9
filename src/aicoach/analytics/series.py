"""All daily series of one athlete (or the load series of many) in one call.

This is what services and alert rules use: each array has one value per consecutive day
starting at ``start``; NaN means undefined or missing (see each formula's module for when).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date

import numpy as np

from aicoach.analytics.acwr import acute_chronic_workload_ratio
from aicoach.analytics.baselines import (
    RESTING_HR_BASELINE_DAYS,
    SLEEP_DEBT_DAYS,
    below_band,
    hrv_normal_band,
    hrv_rolling_mean_ln,
    ln_rmssd,
    resting_hr_baseline,
    resting_hr_deviation_bpm,
    resting_hr_deviation_sd,
    sleep_debt_h,
)
from aicoach.analytics.conventions import AnalyticsSettings
from aicoach.analytics.daily import BoolArray, DayAxis
from aicoach.analytics.load import (
    acute_training_load,
    chronic_training_load,
    ctl_ramp_rate_per_week,
    training_stress_balance,
)
from aicoach.analytics.monotony import training_monotony, training_strain
from aicoach.domain.activity import FloatArray
from aicoach.errors import DataError

DEFAULT_SLEEP_TARGET_H = 8.0


@dataclass(frozen=True, slots=True)
class AthleteSeries(DayAxis):
    """Daily series of one athlete from ``start``; every array is read-only, of equal length.

    Load side: ``load`` (per day, 0 on rest days), ``ctl``, ``atl``, ``tsb`` (previous-day
    form), ``ramp`` (CTL change over 7 days), ``acwr`` (by ``settings.acwr_method``),
    ``monotony``, ``strain``. Wellness side (NaN where not measured or not yet defined):
    ``hrv_ln`` (daily lnRMSSD), ``hrv_ln_7d``, ``hrv_band_low``/``hrv_band_high``,
    ``hrv_below_band`` (bool), ``resting_hr_bpm``, ``rhr_baseline``/``rhr_sd`` (bpm, previous
    days), ``rhr_deviation_bpm``, ``rhr_deviation_sd``, ``sleep_h``, ``sleep_debt_h``.
    """

    start: date
    settings: AnalyticsSettings
    load: FloatArray
    ctl: FloatArray
    atl: FloatArray
    tsb: FloatArray
    ramp: FloatArray
    acwr: FloatArray
    monotony: FloatArray
    strain: FloatArray
    hrv_ln: FloatArray
    hrv_ln_7d: FloatArray
    hrv_band_low: FloatArray
    hrv_band_high: FloatArray
    hrv_below_band: BoolArray
    resting_hr_bpm: FloatArray
    rhr_baseline: FloatArray
    rhr_sd: FloatArray
    rhr_deviation_bpm: FloatArray
    rhr_deviation_sd: FloatArray
    sleep_h: FloatArray
    sleep_debt_h: FloatArray

    def __post_init__(self) -> None:
        _freeze_arrays(getattr(self, item.name) for item in fields(self))

    @property
    def day_count(self) -> int:
        return int(self.load.size)


@dataclass(frozen=True, slots=True)
class LoadSeriesBatch:
    """Load series of many athletes: 2-D read-only arrays (athletes x days)."""

    settings: AnalyticsSettings
    load: FloatArray
    ctl: FloatArray
    atl: FloatArray
    tsb: FloatArray
    ramp: FloatArray
    acwr: FloatArray
    monotony: FloatArray
    strain: FloatArray

    def __post_init__(self) -> None:
        _freeze_arrays(getattr(self, item.name) for item in fields(self))


def compute_athlete_series(
    start: date,
    load: FloatArray,
    settings: AnalyticsSettings,
    *,
    hrv_rmssd_ms: FloatArray | None = None,
    resting_hr_bpm: FloatArray | None = None,
    sleep_h: FloatArray | None = None,
    sleep_target_h: float = DEFAULT_SLEEP_TARGET_H,
    sleep_debt_days: int = SLEEP_DEBT_DAYS,
    rhr_baseline_days: int = RESTING_HR_BASELINE_DAYS,
) -> AthleteSeries:
    """Every daily series of one athlete, day 0 being ``start``.

    ``load`` is the daily training load (0 on rest days; a number every day). The wellness
    arrays, when given, have the same length with NaN on unmeasured days; one not given is
    all NaN. CTL and ATL start from 0 (fitness and fatigue before ``start`` unknown: give the
    series enough history).
    """
    daily_load = _as_daily(load, None, "load")
    day_count = daily_load.size
    rmssd = _as_daily(hrv_rmssd_ms, day_count, "hrv_rmssd_ms")
    rhr = _as_daily(resting_hr_bpm, day_count, "resting_hr_bpm")
    sleep = _as_daily(sleep_h, day_count, "sleep_h")
    load_side = _load_series(daily_load, settings)
    hrv_ln = ln_rmssd(rmssd)
    hrv_ln_7d = hrv_rolling_mean_ln(hrv_ln, settings)
    band = hrv_normal_band(hrv_ln, settings, swc_factor=settings.hrv_band_sd_factor)
    rhr_base = resting_hr_baseline(rhr, rhr_baseline_days)
    return AthleteSeries(
        start=start,
        settings=settings,
        **load_side,
        hrv_ln=hrv_ln,
        hrv_ln_7d=hrv_ln_7d,
        hrv_band_low=band.low,
        hrv_band_high=band.high,
        hrv_below_band=below_band(hrv_ln_7d, band.low),
        resting_hr_bpm=rhr,
        rhr_baseline=rhr_base.mean_bpm,
        rhr_sd=rhr_base.sd_bpm,
        rhr_deviation_bpm=resting_hr_deviation_bpm(rhr, rhr_base.mean_bpm),
        rhr_deviation_sd=resting_hr_deviation_sd(rhr, rhr_base),
        sleep_h=sleep,
        sleep_debt_h=sleep_debt_h(sleep, sleep_target_h, sleep_debt_days),
    )


def compute_load_series_batch(load_2d: FloatArray, settings: AnalyticsSettings) -> LoadSeriesBatch:
    """The load series of many athletes at once: ``load_2d`` is athletes x days (same days
    for every athlete), each row computed exactly as ``compute_athlete_series`` would."""
    loads = np.array(load_2d, dtype=np.float64)
    if loads.ndim != 2:
        raise DataError("a batch of loads must be 2-D (athletes x days)", field="load_2d")
    return LoadSeriesBatch(settings=settings, **_load_series(loads, settings))


def _load_series(load: FloatArray, settings: AnalyticsSettings) -> dict[str, FloatArray]:
    ctl = chronic_training_load(load, settings)
    atl = acute_training_load(load, settings)
    monotony = training_monotony(load, settings)
    return {
        "load": load,
        "ctl": ctl,
        "atl": atl,
        "tsb": training_stress_balance(ctl, atl),
        "ramp": ctl_ramp_rate_per_week(ctl),
        "acwr": acute_chronic_workload_ratio(load, settings),
        "monotony": monotony,
        "strain": training_strain(load, settings, monotony),
    }


def _as_daily(values: FloatArray | None, day_count: int | None, name: str) -> FloatArray:
    """A 1-D float64 copy; ``None`` is all-missing; the length must match the load's."""
    if values is None:
        return np.full(day_count or 0, np.nan)
    array = np.array(values, dtype=np.float64)
    if array.ndim != 1:
        raise DataError(f"{name} must be one value per day (1-D)", field=name)
    if day_count is not None and array.size != day_count:
        raise DataError(f"{name} has {array.size} days but the load has {day_count}", field=name)
    return array


def _freeze_arrays(values: Iterable[object]) -> None:
    for value in values:
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
