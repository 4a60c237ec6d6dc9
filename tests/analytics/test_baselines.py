"""Known-answer tests for HRV (Plews), resting-HR and sleep baselines."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aicoach.analytics.baselines import (
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
from aicoach.errors import DataError, UserError

SETTINGS = AnalyticsSettings()
NAN = math.nan


def test_ln_rmssd_keeps_missing_days_missing() -> None:
    values = ln_rmssd(np.array([60.0, NAN, 90.0]))
    assert values[0] == pytest.approx(math.log(60.0))
    assert np.isnan(values[1])
    assert values[2] == pytest.approx(math.log(90.0))
    with pytest.raises(DataError):
        ln_rmssd(np.array([50.0, 0.0]))


def test_seven_day_mean_uses_measured_days_and_needs_three() -> None:
    ln = np.array([4.0, NAN, 4.2, 4.4, NAN, NAN, NAN, NAN, NAN, 4.6])
    mean = hrv_rolling_mean_ln(ln, SETTINGS)
    assert np.isnan(mean[0])  # one value
    assert np.isnan(mean[2])  # two values
    assert mean[3] == pytest.approx(4.2)  # (4.0 + 4.2 + 4.4) / 3, not (... + 0) / 4
    assert mean[6] == pytest.approx(4.2)  # days 0..6
    assert np.isnan(mean[7])  # days 1..7: 4.2 and 4.4 only
    assert np.isnan(mean[9])  # days 3..9: 4.4 and 4.6 only


def test_band_hand_computed_excludes_the_current_window() -> None:
    # short window 2, baseline 4: day t's band uses days t-5 .. t-2.
    # day 5: days 0..3 = 0, 1, 3, 2 -> mean 1.5, sample SD sqrt((2.25+0.25+2.25+0.25)/3)
    settings = AnalyticsSettings(hrv_short_days=2, hrv_baseline_days=4)
    ln = np.array([0.0, 1.0, 3.0, 2.0, 5.0, 4.0, 6.0])
    band = hrv_normal_band(ln, settings, min_values=4)
    sd = math.sqrt(5.0 / 3.0)
    assert np.all(np.isnan(band.low[:5]))
    assert band.mean[5] == pytest.approx(1.5)
    assert band.sd[5] == pytest.approx(sd)
    assert band.low[5] == pytest.approx(1.5 - 0.5 * sd)
    assert band.high[5] == pytest.approx(1.5 + 0.5 * sd)
    # day 6: days 1..4 = 1, 3, 2, 5 -> mean 2.75
    assert band.mean[6] == pytest.approx(2.75)


def _plews_series() -> np.ndarray:
    """100 mornings of lnRMSSD around 4.0 (a 7-day pattern, SD 0.13), 5 days suppressed
    by 0.6 on days 70..74."""
    pattern = np.array([0.13, -0.13, 0.065, -0.065, 0.195, -0.195, 0.0])
    ln = 4.0 + np.tile(pattern, 15)[:100]
    ln[70:75] -= 0.6
    return ln


def test_five_day_suppression_is_below_band_exactly_on_the_expected_days() -> None:
    # Before day 70 every 7-day mean is exactly 4.0, inside the band (~4.0 +- 0.065).
    # Days 70..79 have 1..5 suppressed days in their week: mean 4 - 0.6 n / 7 <= 3.914,
    # below the band edge (~3.93, lowered to 3.88 by day 79 as suppressed days enter
    # the baseline). Day 80 (one suppressed day, mean 3.914) is back inside: its band,
    # days 14..73, holds 4 suppressed days, which lowered the edge to ~3.86.
    ln = _plews_series()
    mean = hrv_rolling_mean_ln(ln, SETTINGS)
    band = hrv_normal_band(ln, SETTINGS)
    below = below_band(mean, band.low)
    assert np.flatnonzero(below).tolist() == list(range(70, 80))
    np.testing.assert_allclose(mean[6:70], 4.0, rtol=1e-12)
    # the band needs 30 measured days ending a week before: defined from day 36
    assert np.all(np.isnan(band.low[:36]))
    assert np.all(np.isfinite(band.low[36:]))


def test_missing_mornings_do_not_count_as_zero() -> None:
    ln = _plews_series()
    gappy = ln.copy()
    gappy[[50, 52, 54]] = NAN
    mean = hrv_rolling_mean_ln(gappy, SETTINGS)
    assert mean[55] == pytest.approx(np.mean(ln[[49, 51, 53, 55]]))
    assert below_band(mean, hrv_normal_band(gappy, SETTINGS).low)[55] == np.False_


def test_below_band_is_false_where_unknown() -> None:
    result = below_band(np.array([NAN, 3.0, 3.0]), np.array([4.0, NAN, 4.0]))
    assert result.tolist() == [False, False, True]


def test_resting_hr_baseline_excludes_today() -> None:
    rhr = np.array([50.0, 52.0, 54.0, 60.0, NAN, 51.0])
    baseline = resting_hr_baseline(rhr, window_days=3, min_values=3)
    assert np.all(np.isnan(baseline.mean_bpm[:3]))
    assert baseline.mean_bpm[3] == pytest.approx(52.0)  # days 0..2
    assert baseline.sd_bpm[3] == pytest.approx(2.0)  # sample SD of 50, 52, 54
    assert baseline.mean_bpm[4] == pytest.approx((52.0 + 54.0 + 60.0) / 3.0)
    assert np.isnan(baseline.mean_bpm[5])  # days 2..4 hold only two measurements
    deviation = resting_hr_deviation_bpm(rhr, baseline.mean_bpm)
    z = resting_hr_deviation_sd(rhr, baseline)
    assert deviation[3] == pytest.approx(8.0)
    assert z[3] == pytest.approx(4.0)
    assert np.isnan(deviation[4])  # no measurement today: no deviation, not -baseline
    assert np.isnan(z[4])


def test_resting_hr_default_window_is_thirty_previous_days() -> None:
    rhr = 50.0 + np.tile([-2.0, 0.0, 2.0, 1.0, -1.0], 8)
    baseline = resting_hr_baseline(rhr)
    assert np.all(np.isnan(baseline.mean_bpm[:15]))
    assert baseline.mean_bpm[15] == pytest.approx(rhr[:15].mean())
    assert baseline.mean_bpm[35] == pytest.approx(rhr[5:35].mean())
    assert baseline.sd_bpm[35] == pytest.approx(rhr[5:35].std(ddof=1))


def test_resting_hr_z_score_undefined_when_sd_is_zero() -> None:
    rhr = np.array([50.0, 50.0, 50.0, 55.0])
    baseline = resting_hr_baseline(rhr, window_days=3, min_values=3)
    assert baseline.sd_bpm[3] == 0.0
    assert np.isnan(resting_hr_deviation_sd(rhr, baseline)[3])


def test_sleep_debt_skips_missing_nights() -> None:
    # shortfalls from 8 h: 1, -, 2, -1, 0, 3, 0.5, 2
    sleep = np.array([7.0, NAN, 6.0, 9.0, 8.0, 5.0, 7.5, 6.0])
    debt = sleep_debt_h(sleep, 8.0)
    assert debt[0] == pytest.approx(1.0)
    assert debt[1] == pytest.approx(1.0)  # a missing night adds nothing
    assert debt[6] == pytest.approx(5.5)
    assert debt[7] == pytest.approx(6.5)  # days 1..7
    strict = sleep_debt_h(sleep, 8.0, min_nights=7)
    assert np.isnan(strict[6])  # only 6 measured nights


def test_sleep_debt_without_any_night_is_unknown() -> None:
    debt = sleep_debt_h(np.full(5, NAN), 8.0)
    assert np.all(np.isnan(debt))
    with pytest.raises(UserError):
        sleep_debt_h(np.zeros(3), 0.0)
