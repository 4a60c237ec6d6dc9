"""Known-answer tests for the acute:chronic workload ratio (Hulin; Lolli; Williams 2017)."""

from __future__ import annotations

import numpy as np
import pytest

from aicoach.analytics.acwr import (
    acute_chronic_workload_ratio,
    acute_load_ewma,
    acwr_ewma,
    acwr_rolling_coupled,
    acwr_rolling_uncoupled,
    chronic_load_ewma,
    ewma_weight,
    workload_ratio,
)
from aicoach.analytics.conventions import AcwrMethod, AnalyticsSettings
from aicoach.errors import UserError

SETTINGS = AnalyticsSettings()


def test_williams_lambda_is_two_over_n_plus_one() -> None:
    assert ewma_weight(7) == 0.25
    assert ewma_weight(28) == 2.0 / 29.0


def test_williams_ewma_hand_computed() -> None:
    # acute, lambda = 0.25: 0.25*400 = 100; 0.75*100 = 75; 0.25*200 + 0.75*75 = 106.25
    # chronic, lambda = 2/29: 800/29; (27/29)(800/29) = 21600/841;
    #   400/29 + (27/29)(21600/841) = (336400 + 583200)/24389 = 919600/24389
    load = np.array([400.0, 0.0, 200.0])
    np.testing.assert_allclose(acute_load_ewma(load, SETTINGS), [100.0, 75.0, 106.25])
    np.testing.assert_allclose(
        chronic_load_ewma(load, SETTINGS), [800.0 / 29.0, 21600.0 / 841.0, 919600.0 / 24389.0]
    )


def _spike() -> np.ndarray:
    """Three weeks of 100 with a little variation, then a week of 300."""
    base = np.tile([90.0, 110.0, 100.0, 80.0, 120.0, 100.0, 100.0], 3)
    return np.concatenate([base, np.full(7, 300.0)])


def test_coupled_ratio_dampens_a_spike_that_uncoupled_shows_in_full() -> None:
    # day 27: acute = 300; coupled chronic = (2100 + 2100)/28 = 150 -> 2.0;
    # uncoupled chronic = mean of days 0..20 = 100 -> 3.0
    load = _spike()
    coupled = acwr_rolling_coupled(load, SETTINGS)
    uncoupled = acwr_rolling_uncoupled(load, SETTINGS)
    assert coupled[27] == pytest.approx(2.0)
    assert uncoupled[27] == pytest.approx(3.0)
    assert uncoupled[27] > coupled[27]


def test_coupled_ratio_also_dampens_a_drop() -> None:
    # 21 days of 300, then 7 of 100: coupled 100/250 = 0.4; uncoupled 100/300
    load = np.concatenate([np.tile([280.0, 320.0, 300.0], 7), np.full(7, 100.0)])
    assert acwr_rolling_coupled(load, SETTINGS)[27] == pytest.approx(0.4)
    assert acwr_rolling_uncoupled(load, SETTINGS)[27] == pytest.approx(1.0 / 3.0)


def test_rolling_ratios_need_a_full_chronic_window() -> None:
    load = np.random.default_rng(1).uniform(50.0, 150.0, 40)
    for ratio in (acwr_rolling_coupled(load, SETTINGS), acwr_rolling_uncoupled(load, SETTINGS)):
        assert np.all(np.isnan(ratio[:27]))
        assert np.all(np.isfinite(ratio[27:]))


def test_rolling_ratios_match_a_plain_loop() -> None:
    load = np.random.default_rng(5).uniform(0.0, 300.0, 120)
    coupled = acwr_rolling_coupled(load, SETTINGS)
    uncoupled = acwr_rolling_uncoupled(load, SETTINGS)
    for day in range(27, 120):
        acute = load[day - 6 : day + 1].mean()
        assert coupled[day] == pytest.approx(acute / load[day - 27 : day + 1].mean(), rel=1e-12)
        assert uncoupled[day] == pytest.approx(acute / load[day - 27 : day - 6].mean(), rel=1e-12)


def test_ewma_ratio_warm_up_is_the_chronic_window() -> None:
    load = np.random.default_rng(2).uniform(50.0, 150.0, 60)
    ratio = acwr_ewma(load, SETTINGS)
    assert np.all(np.isnan(ratio[:27]))
    assert np.all(np.isfinite(ratio[27:]))
    expected = acute_load_ewma(load, SETTINGS)[27:] / chronic_load_ewma(load, SETTINGS)[27:]
    np.testing.assert_allclose(ratio[27:], expected, rtol=1e-14)
    longer = acwr_ewma(load, SETTINGS, warmup_days=42)
    assert np.all(np.isnan(longer[:41]))
    assert np.isfinite(longer[41])


def test_ratio_undefined_where_chronic_load_is_zero() -> None:
    load = np.concatenate([np.zeros(35), [100.0, 0.0]])
    for method in (AcwrMethod.ROLLING_COUPLED, AcwrMethod.EWMA):
        ratio = acute_chronic_workload_ratio(load, AnalyticsSettings(acwr_method=method))
        assert np.all(np.isnan(ratio[:35]))
        assert np.all(np.isfinite(ratio[35:]))
    # uncoupled: the chronic window (days t-27..t-7) is still all rest on days 35 and 36
    uncoupled = acwr_rolling_uncoupled(load, SETTINGS)
    assert np.all(np.isnan(uncoupled))


def test_method_dispatch() -> None:
    load = _spike()
    for method, function in [
        (AcwrMethod.ROLLING_COUPLED, acwr_rolling_coupled),
        (AcwrMethod.ROLLING_UNCOUPLED, acwr_rolling_uncoupled),
        (AcwrMethod.EWMA, acwr_ewma),
    ]:
        settings = AnalyticsSettings(acwr_method=method)
        np.testing.assert_array_equal(
            acute_chronic_workload_ratio(load, settings), function(load, settings)
        )


def test_two_dimensional_rows() -> None:
    loads = np.random.default_rng(9).uniform(0.0, 200.0, (3, 80))
    for method in AcwrMethod:
        settings = AnalyticsSettings(acwr_method=method)
        together = acute_chronic_workload_ratio(loads, settings)
        for row in range(3):
            alone = acute_chronic_workload_ratio(loads[row], settings)
            np.testing.assert_allclose(together[row], alone, rtol=1e-14)


def test_workload_ratio_nan_handling() -> None:
    ratio = workload_ratio(np.array([1.0, 1.0, np.nan]), np.array([0.0, 2.0, 2.0]))
    assert np.isnan(ratio[0])
    assert ratio[1] == 0.5
    assert np.isnan(ratio[2])


def test_chronic_window_must_be_longer_than_acute() -> None:
    with pytest.raises(UserError):
        acwr_rolling_coupled(np.zeros(30), AnalyticsSettings(acute_days=28, chronic_days=28))
