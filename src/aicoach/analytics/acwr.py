"""Acute:chronic workload ratio (ACWR) from daily training load, three ways.

- Rolling, coupled (Hulin et al. 2014/2016): the mean load of the last 7 days over the mean of
  the last 28 days, the acute week being part of the chronic window.
- Rolling, uncoupled (Lolli et al. 2019; Windt & Gabbett 2019): the 7-day mean over the mean
  of the 21 days before that week, so the acute week is not compared with itself.
- EWMA (Williams et al. 2017): ``EWMA_t = lambda load_t + (1 - lambda) EWMA_{t-1}`` with
  ``lambda = 2/(N+1)``: N = 7 for acute, 28 for chronic; ratio acute/chronic.

Undefined (NaN) until the chronic window has enough days: a rolling ratio needs 28 days of
load (defined from day index 27); the EWMA ratio is given from the same day (a warm-up of
``chronic_days`` days, so that all three methods start together). With initial values 0 the
chronic EWMA still carries ``(1 - 2/29)**28`` ~ 13.5 % weight of the (zero) start on that day,
so early EWMA ratios read high; a longer ``warmup_days`` reduces that. Undefined as well where
the chronic value is 0 (no training in the chronic window).

Window lengths come from ``AnalyticsSettings.acute_days`` and ``chronic_days``.
"""

from __future__ import annotations

from typing import assert_never

import numpy as np

from aicoach.analytics.conventions import AcwrMethod, AnalyticsSettings
from aicoach.analytics.daily import require_window_days, shift_later, trailing_mean
from aicoach.analytics.load import exponentially_weighted_average
from aicoach.domain.activity import FloatArray
from aicoach.errors import UserError


def acute_chronic_workload_ratio(load: FloatArray, settings: AnalyticsSettings) -> FloatArray:
    """ACWR by the method ``settings.acwr_method`` names (see the module's sources)."""
    method = settings.acwr_method
    match method:
        case AcwrMethod.ROLLING_COUPLED:
            return acwr_rolling_coupled(load, settings)
        case AcwrMethod.ROLLING_UNCOUPLED:
            return acwr_rolling_uncoupled(load, settings)
        case AcwrMethod.EWMA:
            return acwr_ewma(load, settings)
        case _:
            assert_never(method)


def acwr_rolling_coupled(load: FloatArray, settings: AnalyticsSettings) -> FloatArray:
    """Mean load of days ``t-6..t`` over mean load of days ``t-27..t`` (Hulin et al. 2014).

    NaN before a full chronic window (day index < 27) and where the chronic mean is 0.
    """
    _require_windows(settings)
    acute = trailing_mean(load, settings.acute_days, settings.acute_days)
    chronic = trailing_mean(load, settings.chronic_days, settings.chronic_days)
    return workload_ratio(acute, chronic)


def acwr_rolling_uncoupled(load: FloatArray, settings: AnalyticsSettings) -> FloatArray:
    """Mean load of days ``t-6..t`` over mean load of days ``t-27..t-7`` (Lolli et al. 2019).

    NaN before a full chronic window (day index < 27) and where the chronic mean is 0.
    """
    _require_windows(settings)
    earlier_days = settings.chronic_days - settings.acute_days
    acute = trailing_mean(load, settings.acute_days, settings.acute_days)
    earlier = trailing_mean(load, earlier_days, earlier_days)
    return workload_ratio(acute, shift_later(earlier, settings.acute_days))


def ewma_weight(window_days: int) -> float:
    """Williams et al. 2017's decay: ``lambda = 2 / (N + 1)`` for an N-day window."""
    require_window_days(window_days, "an EWMA window")
    return 2.0 / (window_days + 1)


def acute_load_ewma(
    load: FloatArray, settings: AnalyticsSettings, initial: float | FloatArray = 0.0
) -> FloatArray:
    """Acute EWMA of daily load, lambda = 2/(acute_days+1) (Williams et al. 2017)."""
    return exponentially_weighted_average(load, ewma_weight(settings.acute_days), initial)


def chronic_load_ewma(
    load: FloatArray, settings: AnalyticsSettings, initial: float | FloatArray = 0.0
) -> FloatArray:
    """Chronic EWMA of daily load, lambda = 2/(chronic_days+1) (Williams et al. 2017)."""
    return exponentially_weighted_average(load, ewma_weight(settings.chronic_days), initial)


def acwr_ewma(
    load: FloatArray,
    settings: AnalyticsSettings,
    *,
    acute_initial: float | FloatArray = 0.0,
    chronic_initial: float | FloatArray = 0.0,
    warmup_days: int | None = None,
) -> FloatArray:
    """Acute EWMA over chronic EWMA (Williams et al. 2017).

    Defined from the ``warmup_days``-th day (default ``settings.chronic_days``: from day
    index 27, as the rolling ratios), NaN before it and where the chronic EWMA is 0.
    """
    _require_windows(settings)
    warmup = settings.chronic_days if warmup_days is None else warmup_days
    if warmup < 1:
        raise UserError(f"the EWMA warm-up must be at least 1 day, not {warmup}")
    acute = acute_load_ewma(load, settings, acute_initial)
    chronic = chronic_load_ewma(load, settings, chronic_initial)
    ratio = workload_ratio(acute, chronic)
    ratio[..., : warmup - 1] = np.nan
    return ratio


def workload_ratio(acute: FloatArray, chronic: FloatArray) -> FloatArray:
    """``acute / chronic``; NaN where either is NaN or the chronic load is 0."""
    defined = np.isfinite(acute) & np.isfinite(chronic) & (chronic != 0.0)
    ratio = np.divide(acute, chronic, out=np.full(np.shape(acute), np.nan), where=defined)
    return np.asarray(ratio, dtype=np.float64)


def _require_windows(settings: AnalyticsSettings) -> None:
    require_window_days(settings.acute_days, "acute_days")
    if settings.chronic_days <= settings.acute_days:
        raise UserError(
            f"chronic_days ({settings.chronic_days}) must be longer than "
            f"acute_days ({settings.acute_days})"
        )
