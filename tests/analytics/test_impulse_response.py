"""Banister impulse-response model: known parameters are recovered from a varied load series."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aicoach.analytics.impulse_response import (
    BanisterBounds,
    BanisterParameters,
    banister_performance,
    fit_banister,
    forecast_performance,
    impulse_response,
)
from aicoach.errors import DataError

TRUE = BanisterParameters(
    p0=100.0, k_fitness=0.12, k_fatigue=0.30, tau_fitness_days=37.6, tau_fatigue_days=8.3
)


def varied_load(days: int = 240, seed: int = 7) -> np.ndarray:
    """Build/recovery weeks (40, 60, 80, 30 a day), a slow wave, random day-to-day variation
    and a rest day each week: loads that tell the two time constants apart."""
    rng = np.random.default_rng(seed)
    load = np.zeros(days)
    for day in range(days):
        base = [40.0, 60.0, 80.0, 30.0][(day // 7) % 4] * (1.0 + 0.3 * math.sin(day / 30.0))
        load[day] = 0.0 if day % 7 == 6 else base * rng.uniform(0.3, 1.8)
    return load


def test_impulse_response_known_values() -> None:
    # One load of 10 on day 0 with tau = 10 days: g(1) = 10 e^-0.1, g(2) = 10 e^-0.2.
    response = impulse_response([10.0, 0.0, 0.0], 10.0)
    assert response.tolist() == pytest.approx([0.0, 10 * math.exp(-0.1), 10 * math.exp(-0.2)])


def test_performance_reflects_only_earlier_days() -> None:
    load = np.array([0.0, 0.0, 100.0, 0.0])
    performance = banister_performance(load, TRUE)
    assert performance[:3].tolist() == [100.0, 100.0, 100.0]
    # Day 3: fitness 100 e^(-1/37.6), fatigue 100 e^(-1/8.3); fatigue dominates at first.
    expected = 100 + 0.12 * 100 * math.exp(-1 / 37.6) - 0.30 * 100 * math.exp(-1 / 8.3)
    assert performance[3] == pytest.approx(expected)
    assert performance[3] < 100.0


def test_fit_recovers_known_parameters() -> None:
    load = varied_load()
    rng = np.random.default_rng(3)
    days = np.arange(10, load.size, 5)
    performance = banister_performance(load, TRUE)[days] + rng.normal(0.0, 0.3, days.size)
    fit = fit_banister(load, days, performance)
    p = fit.parameters
    assert p.tau_fitness_days == pytest.approx(TRUE.tau_fitness_days, abs=1.5)
    assert p.tau_fatigue_days == pytest.approx(TRUE.tau_fatigue_days, abs=0.5)
    assert p.k_fitness == pytest.approx(TRUE.k_fitness, rel=0.05)
    assert p.k_fatigue == pytest.approx(TRUE.k_fatigue, rel=0.05)
    assert p.p0 == pytest.approx(TRUE.p0, abs=2.0)
    assert fit.performance_count == days.size
    assert fit.r_squared is not None and fit.r_squared > 0.999
    assert fit.rmse == pytest.approx(0.3, abs=0.1)  # the noise we added
    assert fit.loo_rmse is not None and fit.rmse <= fit.loo_rmse < 0.5
    assert not fit.insufficient
    assert fit.reasons == ()


def test_three_performances_are_flagged_insufficient() -> None:
    load = varied_load()
    days = np.array([30, 90, 150])
    fit = fit_banister(load, days, banister_performance(load, TRUE)[days])
    assert fit.insufficient
    assert any("only 3 performances" in reason for reason in fit.reasons)
    assert fit.loo_rmse is None


def test_time_constant_on_its_bound_is_flagged() -> None:
    load = varied_load()
    slow = BanisterParameters(100.0, 0.12, 0.30, tau_fitness_days=90.0, tau_fatigue_days=8.3)
    days = np.arange(10, load.size, 5)
    fit = fit_banister(load, days, banister_performance(load, slow)[days])
    assert fit.parameters.tau_fitness_days == 60.0
    assert fit.insufficient
    assert any("tau_fitness_days" in reason for reason in fit.reasons)


def test_bounds_are_settings() -> None:
    load = varied_load()
    days = np.arange(10, load.size, 5)
    bounds = BanisterBounds(tau_fitness_days=(30.0, 45.0), tau_fatigue_days=(5.0, 12.0))
    fit = fit_banister(load, days, banister_performance(load, TRUE)[days], bounds)
    assert fit.parameters.tau_fitness_days == pytest.approx(37.6, abs=0.05)
    assert fit.parameters.tau_fatigue_days == pytest.approx(8.3, abs=0.05)


def test_forecast_continues_the_history() -> None:
    load = varied_load()
    taper = np.array([60.0, 40.0, 40.0, 20.0, 20.0, 10.0, 0.0])
    forecast = forecast_performance(TRUE, load, taper)
    whole = banister_performance(np.concatenate([load, taper]), TRUE)
    assert forecast.tolist() == pytest.approx(whole[load.size :].tolist())
    # A taper sheds fatigue faster than fitness: performance rises over the last days.
    assert forecast[-1] > forecast[0]


def test_invalid_inputs_are_refused() -> None:
    load = varied_load(60)
    with pytest.raises(DataError, match="at least 3"):
        fit_banister(load, [10, 20], [100.0, 101.0])
    with pytest.raises(DataError, match="beyond"):
        fit_banister(load, [10, 20, 60], [100.0, 101.0, 102.0])
    gappy = load.copy()
    gappy[5] = np.nan
    with pytest.raises(DataError, match="rest days"):
        fit_banister(gappy, [10, 20, 30], [100.0, 101.0, 102.0])
