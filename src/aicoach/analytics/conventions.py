"""Conventions that change results, as explicit settings (never silent string options).

Each choice is an Enum so that a misspelt option is an error, not a silently different number
(the lesson of a smoothing option spelt "emwa" that quietly turned smoothing off).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class LoadSmoothing(StrEnum):
    """How CTL/ATL respond to one day's load (both are exponentially weighted averages).

    - ``EXPONENTIAL_DECAY``: weight ``1 - exp(-1/tau)`` for today's load (GoldenCheetah's PMC).
    - ``ONE_OVER_TAU``: weight ``1/tau`` (TrainingPeaks' Performance Manager, Coggan).
    With tau = 42 days the two differ by about 1.2 %.
    """

    EXPONENTIAL_DECAY = "exponential_decay"
    ONE_OVER_TAU = "one_over_tau"


class AcwrMethod(StrEnum):
    """Acute:chronic workload ratio variants (Hulin 2014; Lolli 2019; Williams 2017).

    - ``ROLLING_COUPLED``: 7-day mean over 28-day mean, the acute week inside the chronic window.
    - ``ROLLING_UNCOUPLED``: 7-day mean over the mean of the 21 days before that week.
    - ``EWMA``: exponentially weighted acute (7 d) over chronic (28 d), lambda = 2/(N+1).
    """

    ROLLING_COUPLED = "rolling_coupled"
    ROLLING_UNCOUPLED = "rolling_uncoupled"
    EWMA = "ewma"


class StandardDeviation(StrEnum):
    """Sample (n-1) or population (n) standard deviation, e.g. in training monotony."""

    SAMPLE = "sample"
    POPULATION = "population"


class HeartRateZoneModel(StrEnum):
    """Heart-rate zones from heart-rate reserve (Karvonen) or from lactate-threshold HR."""

    HEART_RATE_RESERVE = "heart_rate_reserve"
    LTHR_PERCENT = "lthr_percent"


@dataclass(frozen=True, slots=True)
class AnalyticsSettings:
    """Every result-changing convention in one place, with the field's usual defaults."""

    load_smoothing: LoadSmoothing = LoadSmoothing.EXPONENTIAL_DECAY
    ctl_days: int = 42
    atl_days: int = 7
    acwr_method: AcwrMethod = AcwrMethod.EWMA
    acute_days: int = 7
    chronic_days: int = 28
    monotony_sd: StandardDeviation = StandardDeviation.POPULATION
    heart_rate_zones: HeartRateZoneModel = HeartRateZoneModel.HEART_RATE_RESERVE
    hrv_short_days: int = 7
    hrv_baseline_days: int = 60
    hrv_band_sd_factor: float = 1.0
    """Half-width of the HRV normal band in SDs of the daily lnRMSSD. aicoach uses 1.0 so that
    an alert means a real suppression: with a realistic day-to-day SD the 7-day mean leaves a
    0.5-SD band (Plews' smallest worthwhile change) on ordinary weeks too. Set 0.5 to follow
    Plews et al. 2012/2013 exactly."""
