"""Training monotony and strain (Foster 1998).

Foster C. (1998) Monitoring training in athletes with reference to overtraining syndrome.
Med Sci Sports Exerc 30(7):1164-1168:

- monotony = mean daily load of the week / standard deviation of the daily load that week;
- strain = weekly load (the week's sum) x monotony.

Here the week is the rolling 7 days ending on each day (days ``t-6..t``, rest days counting as
load 0), so Foster's value for a calendar week is the one on its last day. The standard
deviation is the sample (n-1) or population (n) one, as ``AnalyticsSettings.monotony_sd``
says. Both are undefined (NaN) for the first 6 days and where the week's loads are all equal
(SD exactly 0, e.g. a week of rest: see ``trailing_std``).
"""

from __future__ import annotations

from typing import assert_never

import numpy as np

from aicoach.analytics.conventions import AnalyticsSettings, StandardDeviation
from aicoach.analytics.daily import trailing_mean, trailing_std, trailing_sum
from aicoach.domain.activity import FloatArray

MONOTONY_WINDOW_DAYS = 7
"""Foster's week."""


def delta_degrees_of_freedom(convention: StandardDeviation) -> int:
    """The divisor's offset: 1 for the sample SD (n-1), 0 for the population SD (n)."""
    match convention:
        case StandardDeviation.SAMPLE:
            return 1
        case StandardDeviation.POPULATION:
            return 0
        case _:
            assert_never(convention)


def training_monotony(load: FloatArray, settings: AnalyticsSettings) -> FloatArray:
    """Foster 1998 monotony: mean / SD of the daily load over days ``t-6..t``."""
    days = MONOTONY_WINDOW_DAYS
    mean = trailing_mean(load, days, days)
    sd = trailing_std(load, days, days, delta_degrees_of_freedom(settings.monotony_sd))
    defined = np.isfinite(mean) & np.isfinite(sd) & (sd > 0.0)
    monotony = np.divide(mean, sd, out=np.full(np.shape(mean), np.nan), where=defined)
    return np.asarray(monotony, dtype=np.float64)


def training_strain(
    load: FloatArray, settings: AnalyticsSettings, monotony: FloatArray | None = None
) -> FloatArray:
    """Foster 1998 strain: the load of days ``t-6..t`` summed, times that week's monotony
    (``monotony`` when already computed with the same settings, else computed here)."""
    weekly_load = trailing_sum(load, MONOTONY_WINDOW_DAYS, MONOTONY_WINDOW_DAYS)
    week_monotony = training_monotony(load, settings) if monotony is None else monotony
    return np.asarray(weekly_load * week_monotony, dtype=np.float64)
