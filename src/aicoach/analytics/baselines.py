"""Personal baselines of wellness measurements: HRV, resting heart rate, sleep.

Inputs are daily arrays with NaN on days without a measurement; a missing day never counts
as 0. Every window needs a minimum number of measured days, else the result is NaN.

HRV after Plews et al. (2012 Eur J Appl Physiol 112:3729; 2013 Sports Med 43:773;
2014 IJSPP 9:783): work with the natural log of RMSSD, judge its 7-day rolling mean, and call
a change meaningful when it leaves the smallest worthwhile change (SWC) band, 0.5 x SD around
the athlete's longer-term mean. The band here uses the 60 days (``hrv_baseline_days``) that
end the day before the judged 7-day window begins, i.e. it excludes the current week: in the
HRV-guided training studies (Kiviniemi et al. 2007; Vesterinen et al. 2016; Javaloyes et al.
2019) the reference band comes from days before the ones it judges, and a suppression inside
the judged week would otherwise pull its own reference down and hide itself.
HRV4Training (Altini) uses the same 60-day span for its "normal range".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aicoach.analytics.conventions import AnalyticsSettings
from aicoach.analytics.daily import (
    BoolArray,
    require_window_days,
    shift_later,
    trailing_mean,
    trailing_std,
    trailing_sum,
)
from aicoach.domain.activity import FloatArray
from aicoach.errors import DataError, UserError

HRV_ROLLING_MIN_VALUES = 3
"""A 7-day lnRMSSD mean needs at least 3 measured mornings (Plews et al. 2014 found 3
recordings a week give a rolling mean close to the one from 7)."""

SWC_FACTOR = 0.5
"""Smallest worthwhile change as a fraction of the between-day SD (Hopkins 2004; Plews 2012)."""

SAMPLE_SD_DDOF = 1
"""Baseline SDs are sample SDs (n-1): the window is a sample of the athlete's normal days."""

RESTING_HR_BASELINE_DAYS = 30
SLEEP_DEBT_DAYS = 7


@dataclass(frozen=True, slots=True)
class NormalBand:
    """A personal normal range per day: ``mean ± swc`` from a reference window; NaN where
    the window holds too few measured days."""

    mean: FloatArray
    sd: FloatArray
    low: FloatArray
    high: FloatArray


@dataclass(frozen=True, slots=True)
class RestingHrBaseline:
    """Resting-HR mean and sample SD over the days before each day (today excluded)."""

    mean_bpm: FloatArray
    sd_bpm: FloatArray


def ln_rmssd(rmssd_ms: FloatArray) -> FloatArray:
    """Natural log of RMSSD in ms (Plews et al. 2012): near-normal, so means and SDs work.

    Missing days stay NaN; a value <= 0 ms is impossible and an error.
    """
    values = np.asarray(rmssd_ms, dtype=np.float64)
    if np.any(values <= 0.0):
        raise DataError("RMSSD must be above 0 ms", field="hrv_rmssd_ms")
    return np.asarray(np.log(values), dtype=np.float64)


def hrv_rolling_mean_ln(
    ln_rmssd_daily: FloatArray,
    settings: AnalyticsSettings,
    min_values: int = HRV_ROLLING_MIN_VALUES,
) -> FloatArray:
    """Mean lnRMSSD of days ``t-6..t`` (``hrv_short_days``), over the measured days only;
    NaN with fewer than ``min_values`` (3) of them (Plews et al. 2013/2014)."""
    require_window_days(settings.hrv_short_days, "hrv_short_days")
    return trailing_mean(ln_rmssd_daily, settings.hrv_short_days, min_values)


def hrv_normal_band(
    ln_rmssd_daily: FloatArray,
    settings: AnalyticsSettings,
    *,
    min_values: int | None = None,
    swc_factor: float = SWC_FACTOR,
) -> NormalBand:
    """The SWC band around the longer-term lnRMSSD mean (Plews et al. 2012/2013).

    For day t: mean and sample SD of the daily lnRMSSD over the ``hrv_baseline_days`` (60)
    days ending on day ``t - hrv_short_days`` (the current week excluded, see the module's
    note); band = mean ± ``swc_factor`` (0.5) x SD. NaN with fewer than ``min_values``
    measured days in that window (default: half the window, 30).
    """
    baseline_days = settings.hrv_baseline_days
    require_window_days(baseline_days, "hrv_baseline_days")
    lag = settings.hrv_short_days
    needed = baseline_days // 2 if min_values is None else min_values
    mean = shift_later(trailing_mean(ln_rmssd_daily, baseline_days, needed), lag)
    sd = shift_later(trailing_std(ln_rmssd_daily, baseline_days, needed, SAMPLE_SD_DDOF), lag)
    return NormalBand(mean=mean, sd=sd, low=mean - swc_factor * sd, high=mean + swc_factor * sd)


def below_band(value: FloatArray, band_low: FloatArray) -> BoolArray:
    """True on days where ``value`` (e.g. the 7-day lnRMSSD mean) is below the band's lower
    edge (Plews et al. 2013); False where either is missing: no data is no alarm."""
    known = np.isfinite(value) & np.isfinite(band_low)
    return np.asarray(known & (np.where(known, value, 0.0) < np.where(known, band_low, 0.0)))


def resting_hr_baseline(
    resting_hr_bpm: FloatArray,
    window_days: int = RESTING_HR_BASELINE_DAYS,
    min_values: int | None = None,
) -> RestingHrBaseline:
    """Mean and sample SD of resting HR over the ``window_days`` (30; 60 for a steadier
    baseline) days before each day, today excluded, so that today's value is judged against
    its past (Buchheit 2014, Front Physiol 5:73, on monitoring with resting HR). NaN with
    fewer than ``min_values`` measured days (default: half the window)."""
    require_window_days(window_days, "the resting-HR window")
    needed = window_days // 2 if min_values is None else min_values
    mean = shift_later(trailing_mean(resting_hr_bpm, window_days, needed), 1)
    sd = shift_later(trailing_std(resting_hr_bpm, window_days, needed, SAMPLE_SD_DDOF), 1)
    return RestingHrBaseline(mean_bpm=mean, sd_bpm=sd)


def resting_hr_deviation_bpm(resting_hr_bpm: FloatArray, baseline_bpm: FloatArray) -> FloatArray:
    """Today's resting HR minus its baseline, in bpm (positive = elevated)."""
    return np.asarray(np.asarray(resting_hr_bpm, dtype=np.float64) - baseline_bpm, dtype=np.float64)


def resting_hr_deviation_sd(resting_hr_bpm: FloatArray, baseline: RestingHrBaseline) -> FloatArray:
    """Today's resting-HR deviation in baseline SDs (a z-score); NaN where the SD is 0."""
    deviation = resting_hr_deviation_bpm(resting_hr_bpm, baseline.mean_bpm)
    defined = np.isfinite(deviation) & np.isfinite(baseline.sd_bpm) & (baseline.sd_bpm > 0.0)
    z = np.divide(deviation, baseline.sd_bpm, out=np.full(deviation.shape, np.nan), where=defined)
    return np.asarray(z, dtype=np.float64)


def sleep_debt_h(
    sleep_h: FloatArray,
    target_h: float,
    window_days: int = SLEEP_DEBT_DAYS,
    min_nights: int = 1,
) -> FloatArray:
    """Sleep debt in hours: the sum of ``target_h - sleep_h`` over the nights of days
    ``t-w+1..t`` (Van Dongen et al. 2003 on cumulative sleep restriction).

    Missing nights are not counted: they add neither debt nor credit (a night without data
    is not a night without sleep), so with gaps the value is the debt of the measured nights.
    A night longer than the target pays debt back. NaN with fewer than ``min_nights``
    measured nights in the window.
    """
    require_window_days(window_days, "the sleep-debt window")
    if target_h <= 0.0:
        raise UserError(f"the sleep target must be above 0 h, not {target_h}")
    shortfall = target_h - np.asarray(sleep_h, dtype=np.float64)
    return trailing_sum(shortfall, window_days, max(min_nights, 1))
