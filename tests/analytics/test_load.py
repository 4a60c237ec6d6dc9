"""Known-answer tests for CTL / ATL / TSB / ramp rate (Banister; Coggan's PMC)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aicoach.analytics.conventions import AnalyticsSettings, LoadSmoothing
from aicoach.analytics.load import (
    FormTiming,
    acute_training_load,
    chronic_training_load,
    ctl_ramp_rate_per_week,
    exponentially_weighted_average,
    smoothing_weight,
    training_stress_balance,
)
from aicoach.errors import DataError, UserError

ONE_OVER_TAU = AnalyticsSettings(load_smoothing=LoadSmoothing.ONE_OVER_TAU)
EXPONENTIAL = AnalyticsSettings(load_smoothing=LoadSmoothing.EXPONENTIAL_DECAY)


def _reference_loop(load: np.ndarray, weight: float, initial: float = 0.0) -> np.ndarray:
    out = np.empty_like(load)
    value = initial
    for day, today in enumerate(load):
        value = value + weight * (today - value)
        out[day] = value
    return out


def _impulse(days: int = 60) -> np.ndarray:
    load = np.zeros(days)
    load[0] = 100.0
    return load


def test_impulse_one_over_tau_is_100_over_42_then_decays_by_41_over_42() -> None:
    ctl = chronic_training_load(_impulse(), ONE_OVER_TAU)
    assert ctl[0] == pytest.approx(100.0 / 42.0, rel=1e-14)
    expected = 100.0 / 42.0 * (41.0 / 42.0) ** np.arange(60)
    np.testing.assert_allclose(ctl, expected, rtol=1e-12)


def test_impulse_exponential_decay_is_100_times_one_minus_e_to_minus_1_over_42() -> None:
    ctl = chronic_training_load(_impulse(), EXPONENTIAL)
    k = 1.0 - math.exp(-1.0 / 42.0)
    assert ctl[0] == pytest.approx(100.0 * k, rel=1e-14)
    expected = 100.0 * k * np.exp(-np.arange(60) / 42.0)
    np.testing.assert_allclose(ctl, expected, rtol=1e-12)


def test_the_two_smoothings_differ_by_about_one_percent() -> None:
    one_over_tau = chronic_training_load(_impulse(), ONE_OVER_TAU)[0]
    exponential = chronic_training_load(_impulse(), EXPONENTIAL)[0]
    assert one_over_tau == pytest.approx(2.380952380952381, rel=1e-14)
    assert exponential == pytest.approx(2.3528313347756735, rel=1e-12)
    assert one_over_tau / exponential == pytest.approx(1.012, abs=0.001)


def test_atl_impulse_uses_seven_days() -> None:
    atl = acute_training_load(_impulse(), ONE_OVER_TAU)
    assert atl[0] == pytest.approx(100.0 / 7.0)
    assert atl[1] == pytest.approx(100.0 / 7.0 * 6.0 / 7.0)


def test_step_load_reaches_63_percent_after_one_time_constant() -> None:
    # 10 rest days, then 100 every day: after 42 days of load, CTL = 100 (1 - 1/e) for
    # exponential decay (time constant 42) and 100 (1 - (41/42)**42) for 1/tau.
    load = np.concatenate([np.zeros(10), np.full(400, 100.0)])
    exponential = chronic_training_load(load, EXPONENTIAL)
    one_over_tau = chronic_training_load(load, ONE_OVER_TAU)
    assert np.all(exponential[:10] == 0.0)
    assert exponential[10 + 41] == pytest.approx(100.0 * (1.0 - math.exp(-1.0)), rel=1e-12)
    assert one_over_tau[10 + 41] == pytest.approx(100.0 * (1.0 - (41.0 / 42.0) ** 42), rel=1e-12)
    assert exponential[10 + 83] == pytest.approx(100.0 * (1.0 - math.exp(-2.0)), rel=1e-12)
    assert exponential[-1] == pytest.approx(100.0, rel=1e-3)
    assert np.all(np.diff(exponential[10:]) > 0.0)


def test_hand_computed_tsb_is_yesterdays_fitness_minus_fatigue() -> None:
    # tau 4 and 2 with 1/tau: k = 0.25 and 0.5; loads 100, 50, 0.
    # CTL: 25; 25 + 0.25 (50 - 25) = 31.25; 31.25 - 0.25 * 31.25 = 23.4375
    # ATL: 50; 50 + 0.5 (50 - 50) = 50; 50 - 0.5 * 50 = 25
    settings = AnalyticsSettings(load_smoothing=LoadSmoothing.ONE_OVER_TAU, ctl_days=4, atl_days=2)
    load = np.array([100.0, 50.0, 0.0])
    ctl = chronic_training_load(load, settings)
    atl = acute_training_load(load, settings)
    np.testing.assert_allclose(ctl, [25.0, 31.25, 23.4375], rtol=1e-14)
    np.testing.assert_allclose(atl, [50.0, 50.0, 25.0], rtol=1e-14)
    np.testing.assert_allclose(training_stress_balance(ctl, atl), [0.0, -25.0, -18.75])
    same_day = training_stress_balance(ctl, atl, timing=FormTiming.SAME_DAY)
    np.testing.assert_allclose(same_day, [-25.0, -18.75, -1.5625])


def test_initial_values_carry_into_ctl_and_day_zero_form() -> None:
    settings = AnalyticsSettings(load_smoothing=LoadSmoothing.ONE_OVER_TAU, ctl_days=4, atl_days=2)
    load = np.array([100.0, 0.0])
    ctl = chronic_training_load(load, settings, initial=40.0)  # 40 + 0.25 * 60 = 55
    atl = acute_training_load(load, settings, initial=30.0)  # 30 + 0.5 * 70 = 65
    np.testing.assert_allclose(ctl, [55.0, 41.25])
    np.testing.assert_allclose(atl, [65.0, 32.5])
    tsb = training_stress_balance(ctl, atl, ctl_initial=40.0, atl_initial=30.0)
    np.testing.assert_allclose(tsb, [10.0, -10.0])


def test_default_taus_hand_computed_tsb_on_day_one() -> None:
    load = np.array([100.0, 0.0])
    ctl = chronic_training_load(load, ONE_OVER_TAU)
    atl = acute_training_load(load, ONE_OVER_TAU)
    tsb = training_stress_balance(ctl, atl)
    assert tsb[1] == pytest.approx(100.0 / 42.0 - 100.0 / 7.0)


def test_ramp_rate_is_ctl_change_over_seven_days() -> None:
    ctl = np.arange(10.0) ** 2
    ramp = ctl_ramp_rate_per_week(ctl)
    assert np.all(np.isnan(ramp[:7]))
    np.testing.assert_allclose(ramp[7:], [49.0 - 0.0, 64.0 - 1.0, 81.0 - 4.0])


@pytest.mark.parametrize("weight", [1.0 / 42.0, 1.0 - math.exp(-1.0 / 7.0), 0.25, 2.0 / 29.0, 0.9])
def test_vectorised_recurrence_equals_the_day_by_day_loop(weight: float) -> None:
    rng = np.random.default_rng(7)
    load = rng.uniform(0.0, 250.0, 3650) * (rng.uniform(size=3650) > 0.3)
    ours = exponentially_weighted_average(load, weight, initial=12.5)
    np.testing.assert_allclose(ours, _reference_loop(load, weight, 12.5), rtol=1e-12, atol=1e-12)


def test_negative_values_use_short_blocks_and_stay_accurate() -> None:
    values = np.random.default_rng(8).normal(0.0, 100.0, 2000)
    for weight in (1.0 / 42.0, 0.25):
        ours = exponentially_weighted_average(values, weight, initial=-5.0)
        reference = _reference_loop(values, weight, -5.0)
        np.testing.assert_allclose(ours, reference, rtol=1e-9, atol=1e-9)


def test_two_dimensional_rows_are_athletes_with_their_own_initial_values() -> None:
    rng = np.random.default_rng(3)
    loads = rng.uniform(0.0, 200.0, (4, 500))
    initial = np.array([0.0, 10.0, 50.0, 80.0])
    together = chronic_training_load(loads, EXPONENTIAL, initial=initial)
    for row in range(4):
        alone = chronic_training_load(loads[row], EXPONENTIAL, initial=float(initial[row]))
        np.testing.assert_allclose(together[row], alone, rtol=1e-14)


def test_weight_one_copies_the_load() -> None:
    load = np.array([3.0, 1.0, 4.0])
    settings = AnalyticsSettings(load_smoothing=LoadSmoothing.ONE_OVER_TAU, atl_days=1)
    np.testing.assert_array_equal(acute_training_load(load, settings), load)


def test_empty_series_gives_empty_results() -> None:
    empty = np.zeros(0)
    assert chronic_training_load(empty, EXPONENTIAL).shape == (0,)
    assert training_stress_balance(empty, empty).shape == (0,)


def test_smoothing_weights() -> None:
    assert smoothing_weight(42, LoadSmoothing.ONE_OVER_TAU) == 1.0 / 42.0
    assert smoothing_weight(42, LoadSmoothing.EXPONENTIAL_DECAY) == pytest.approx(
        1.0 - math.exp(-1.0 / 42.0), rel=1e-15
    )
    with pytest.raises(UserError):
        smoothing_weight(0, LoadSmoothing.ONE_OVER_TAU)


def test_missing_load_is_an_error_not_a_silent_nan_forever() -> None:
    load = np.array([10.0, np.nan, 5.0])
    with pytest.raises(DataError, match="day index 1"):
        chronic_training_load(load, EXPONENTIAL)


def test_bad_weight_is_rejected() -> None:
    with pytest.raises(UserError):
        exponentially_weighted_average(np.zeros(3), 0.0)
