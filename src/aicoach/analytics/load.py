"""Fitness, fatigue and form from daily training load (the Performance Management Chart).

Banister's fitness-fatigue model as TrainingPeaks' Performance Manager (Coggan) and
GoldenCheetah's PMC implement it: chronic training load (CTL, "fitness") and acute training
load (ATL, "fatigue") are exponentially weighted averages of the daily load,

    x_t = x_{t-1} + k (load_t - x_{t-1}),    x_{-1} = the initial value (default 0),

with ``k = 1/tau`` (``LoadSmoothing.ONE_OVER_TAU``) or ``k = 1 - exp(-1/tau)``
(``LoadSmoothing.EXPONENTIAL_DECAY``), tau = 42 days for CTL and 7 for ATL. Form (training
stress balance, TSB) is fitness minus fatigue.

Arrays hold one value per consecutive day (index 0 = the first day) along the last axis, so a
2-D array (athletes x days) is computed for every athlete at once. Load is in the unit of the
load metric per day (e.g. TSS/day); CTL, ATL, TSB and ramp rate are in the same unit.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import assert_never

import numpy as np

from aicoach.analytics.conventions import AnalyticsSettings, LoadSmoothing
from aicoach.analytics.daily import require_window_days, shift_later
from aicoach.domain.activity import FloatArray
from aicoach.errors import DataError, UserError

RAMP_RATE_DAYS = 7
"""Ramp rate is the change of CTL over this many days (TrainingPeaks: CTL change per week)."""

_MAX_BLOCK_SCALE = 2.0**20
"""Largest ``(1 - k)**-i`` inside one block of the vectorised recurrence (see below)."""
_MAX_BLOCK_SCALE_NONNEGATIVE = 2.0**400
"""The same for inputs that are all >= 0 (loads): a sum of positive terms keeps its relative
precision however the terms are scaled, so blocks can be long (2**400 leaves room for
values up to 1e180 below the float64 limit)."""


class FormTiming(StrEnum):
    """Which day's fitness and fatigue make a day's form (TSB)."""

    PREVIOUS_DAY = "previous_day"
    """TSB_t = CTL_{t-1} - ATL_{t-1}: the form you start day t with, before its training
    (TrainingPeaks' Performance Manager shows it this way)."""
    SAME_DAY = "same_day"
    """TSB_t = CTL_t - ATL_t: the form after day t's training (some tools, e.g. intervals.icu)."""


def smoothing_weight(time_constant_days: int, smoothing: LoadSmoothing) -> float:
    """Weight ``k`` of one day's load in a fitness/fatigue average with time constant tau.

    ``ONE_OVER_TAU``: k = 1/tau (Coggan, TrainingPeaks Performance Manager).
    ``EXPONENTIAL_DECAY``: k = 1 - exp(-1/tau), the exact daily step of Banister's
    continuous impulse response ``exp(-t/tau)`` (Banister et al. 1975; GoldenCheetah PMC).
    """
    require_window_days(time_constant_days, "the time constant")
    match smoothing:
        case LoadSmoothing.ONE_OVER_TAU:
            return 1.0 / time_constant_days
        case LoadSmoothing.EXPONENTIAL_DECAY:
            return -math.expm1(-1.0 / time_constant_days)
        case _:
            assert_never(smoothing)


def exponentially_weighted_average(
    values: FloatArray, weight: float, initial: float | FloatArray = 0.0
) -> FloatArray:
    """``x_t = x_{t-1} + weight (v_t - x_{t-1})`` along the last axis, ``x_{-1} = initial``.

    The recurrence behind CTL/ATL (Banister et al. 1975; Coggan's Performance Manager) and
    Williams et al. 2017's EWMA (``weight = 2/(N+1)``). ``initial`` is a number or one value
    per row of a 2-D array.

    Vectorised without a loop over days: inside a block of ``m`` days starting with the
    carried value ``c``, ``x_{s+j} = a^(j+1) c + k a^j sum_{i<=j} a^(-i) v_{s+i}`` with
    ``a = 1 - k``. For inputs >= 0 (loads) the sum has only positive terms, so ``a^(-i)`` may
    grow to 2**400 and a block spans thousands of days with a relative error near 1e-13;
    with negative inputs blocks stay below ``a^(-i)`` = 2**20 to limit cancellation.
    """
    if not 0.0 < weight <= 1.0:
        raise UserError(f"a smoothing weight must be in (0, 1], not {weight}")
    series = np.asarray(values, dtype=np.float64)
    _require_finite(series)
    start = np.asarray(initial, dtype=np.float64)
    if not np.all(np.isfinite(start)):
        raise UserError("the initial value of a training-load average must be a number")
    carry = np.broadcast_to(start, series.shape[:-1])[..., np.newaxis]
    decay = 1.0 - weight
    if decay == 0.0:
        return series.copy()
    day_count = series.shape[-1]
    nonnegative = bool(np.all(series >= 0.0)) and bool(np.all(start >= 0.0))
    scale = _MAX_BLOCK_SCALE_NONNEGATIVE if nonnegative else _MAX_BLOCK_SCALE
    block = max(1, min(day_count, int(math.log(scale) / -math.log(decay))))
    steps = np.arange(block, dtype=np.float64)
    growth = decay**-steps
    decay_to_step = decay**steps
    decay_after_step = decay_to_step * decay
    result = np.empty(series.shape, dtype=np.float64)
    for first in range(0, day_count, block):
        length = min(block, day_count - first)
        scaled = np.cumsum(series[..., first : first + length] * growth[:length], axis=-1)
        result[..., first : first + length] = (
            decay_after_step[:length] * carry + weight * decay_to_step[:length] * scaled
        )
        carry = result[..., first + length - 1 : first + length]
    return result


def training_load_average(
    load: FloatArray,
    time_constant_days: int,
    smoothing: LoadSmoothing,
    initial: float | FloatArray = 0.0,
) -> FloatArray:
    """One component of Banister's fitness-fatigue model: the daily load's exponentially
    weighted average with time constant tau (Banister et al. 1975; Coggan's PMC)."""
    weight = smoothing_weight(time_constant_days, smoothing)
    return exponentially_weighted_average(load, weight, initial)


def chronic_training_load(
    load: FloatArray, settings: AnalyticsSettings, initial: float | FloatArray = 0.0
) -> FloatArray:
    """CTL ("fitness"): the load's average with tau = ``settings.ctl_days`` (42), smoothed as
    ``settings.load_smoothing`` says (Coggan's Performance Manager; GoldenCheetah PMC)."""
    return training_load_average(load, settings.ctl_days, settings.load_smoothing, initial)


def acute_training_load(
    load: FloatArray, settings: AnalyticsSettings, initial: float | FloatArray = 0.0
) -> FloatArray:
    """ATL ("fatigue"): the load's average with tau = ``settings.atl_days`` (7), smoothed as
    ``settings.load_smoothing`` says (Coggan's Performance Manager; GoldenCheetah PMC)."""
    return training_load_average(load, settings.atl_days, settings.load_smoothing, initial)


def training_stress_balance(
    ctl: FloatArray,
    atl: FloatArray,
    *,
    ctl_initial: float | FloatArray = 0.0,
    atl_initial: float | FloatArray = 0.0,
    timing: FormTiming = FormTiming.PREVIOUS_DAY,
) -> FloatArray:
    """TSB ("form") = fitness - fatigue (Coggan's Performance Manager).

    With ``FormTiming.PREVIOUS_DAY`` (default, as TrainingPeaks shows it)
    ``TSB_t = CTL_{t-1} - ATL_{t-1}`` and day 0 uses the initial values
    ``ctl_initial - atl_initial``; with ``SAME_DAY`` ``TSB_t = CTL_t - ATL_t``.
    """
    same_day = np.asarray(ctl, dtype=np.float64) - np.asarray(atl, dtype=np.float64)
    match timing:
        case FormTiming.SAME_DAY:
            return same_day
        case FormTiming.PREVIOUS_DAY:
            form = shift_later(same_day, 1)
            if form.shape[-1] > 0:
                before = np.asarray(ctl_initial, dtype=np.float64) - np.asarray(atl_initial)
                form[..., 0] = before
            return form
        case _:
            assert_never(timing)


def ctl_ramp_rate_per_week(ctl: FloatArray) -> FloatArray:
    """Ramp rate: the change of CTL over the last 7 days, ``CTL_t - CTL_{t-7}`` (in load per
    day, per week; TrainingPeaks' ramp rate). NaN for the first 7 days, which have no value a
    week earlier."""
    series = np.asarray(ctl, dtype=np.float64)
    return series - shift_later(series, RAMP_RATE_DAYS)


def _require_finite(load: FloatArray) -> None:
    """Load is a number on every day: a day without training is 0, not missing."""
    bad = ~np.isfinite(load)
    if np.any(bad):
        first = np.argwhere(bad)[0]
        raise DataError(
            f"training load must be a number on every day (0 on a rest day); "
            f"day index {int(first[-1])} is {float(load[tuple(first)])}",
            field="load",
        )
