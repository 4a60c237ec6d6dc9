"""Critical power fits: known parameters recovered from synthetic mean-maximal curves."""

from __future__ import annotations

import numpy as np
import pytest

from aicoach.analytics.critical_power import (
    CP_2P_WINDOW_S,
    cp_2p_power_w,
    cp_3p_power_w,
    eftp_from_20_min_power_w,
    eftp_from_model_w,
    fit_cp_2_parameter,
    fit_cp_3_parameter,
)
from aicoach.errors import DataError

CP_W = 250.0
W_PRIME_J = 20_000.0
P_MAX_W = 1000.0
DURATIONS_S = np.array([5, 10, 20, 30, 60, 120, 180, 300, 480, 600, 720, 900, 1200], float)


def noisy_curve(power_w: np.ndarray, seed: int = 1, relative_sd: float = 0.005) -> np.ndarray:
    """Add ~0.5 % noise and keep the curve non-increasing, as a real mean-max curve is."""
    rng = np.random.default_rng(seed)
    return np.minimum.accumulate(power_w * (1.0 + rng.normal(0.0, relative_sd, power_w.size)))


def two_parameter_curve() -> np.ndarray:
    return np.array([cp_2p_power_w(t, CP_W, W_PRIME_J) for t in DURATIONS_S])


def three_parameter_curve() -> np.ndarray:
    return np.array([cp_3p_power_w(t, CP_W, W_PRIME_J, P_MAX_W) for t in DURATIONS_S])


def test_two_parameter_fit_recovers_cp_and_w_prime_from_noisy_curve() -> None:
    fit = fit_cp_2_parameter(DURATIONS_S, noisy_curve(two_parameter_curve()))
    assert fit.cp_w == pytest.approx(CP_W, abs=3.0)
    assert fit.w_prime_j == pytest.approx(W_PRIME_J, rel=0.03)
    assert fit.r_squared > 0.99
    assert 0 < fit.cp_see_w < 3.0
    assert 0 < fit.w_prime_see_j < 600.0
    lo, hi = CP_2P_WINDOW_S
    assert fit.durations_s == tuple(float(t) for t in DURATIONS_S if lo <= t <= hi)


def test_two_parameter_fit_is_exact_on_model_data() -> None:
    fit = fit_cp_2_parameter(DURATIONS_S, two_parameter_curve())
    assert fit.cp_w == pytest.approx(CP_W, rel=1e-9)
    assert fit.w_prime_j == pytest.approx(W_PRIME_J, rel=1e-9)
    assert fit.rmse_w == pytest.approx(0.0, abs=1e-9)
    assert fit.cp_see_w == pytest.approx(0.0, abs=1e-6)


def test_three_parameter_fit_recovers_cp_w_prime_and_p_max() -> None:
    fit = fit_cp_3_parameter(DURATIONS_S, noisy_curve(three_parameter_curve()))
    assert fit.cp_w == pytest.approx(CP_W, abs=5.0)
    assert fit.w_prime_j == pytest.approx(W_PRIME_J, rel=0.05)
    assert fit.p_max_w == pytest.approx(P_MAX_W, rel=0.05)
    assert fit.r_squared > 0.99
    assert fit.p_max_see_w > 0
    assert fit.durations_s[0] == 10.0  # 5 s lies outside the default 10-1200 s window


def test_three_parameter_fit_is_exact_on_model_data() -> None:
    fit = fit_cp_3_parameter(DURATIONS_S, three_parameter_curve())
    assert fit.cp_w == pytest.approx(CP_W, rel=1e-6)
    assert fit.w_prime_j == pytest.approx(W_PRIME_J, rel=1e-6)
    assert fit.p_max_w == pytest.approx(P_MAX_W, rel=1e-6)


def test_three_and_two_parameter_models_differ_on_short_efforts() -> None:
    # Morton's model has a finite power at t -> 0; the hyperbola does not.
    assert cp_3p_power_w(1.0, CP_W, W_PRIME_J, P_MAX_W) < P_MAX_W
    assert cp_2p_power_w(1.0, CP_W, W_PRIME_J) == CP_W + W_PRIME_J


def test_eftp_both_ways() -> None:
    fit = fit_cp_2_parameter(DURATIONS_S, two_parameter_curve())
    # Model power for 60 min: 250 + 20000 / 3600 = 255.56 W.
    assert eftp_from_model_w(fit) == pytest.approx(250.0 + 20_000.0 / 3600.0)
    # 95 % of a 20-min best of 300 W (Allen & Coggan) = 285 W.
    assert eftp_from_20_min_power_w(300.0) == pytest.approx(285.0)


def test_missing_points_are_ignored() -> None:
    power = two_parameter_curve()
    power[DURATIONS_S == 300] = np.nan
    fit = fit_cp_2_parameter(DURATIONS_S, power)
    assert 300.0 not in fit.durations_s
    assert fit.cp_w == pytest.approx(CP_W)


@pytest.mark.parametrize(
    ("durations_s", "power_w", "fragment"),
    [
        ([180.0, 600.0], [360.0, 283.0], "at least 3"),
        ([120.0, 300.0, 600.0, 1200.0], [300.0, 310.0, 280.0, 260.0], "rises"),
        ([120.0, 300.0, 600.0], [280.0, 280.0, 280.0], "does not fall"),
        ([120.0, 300.0, 300.0, 600.0], [400.0, 320.0, 318.0, 280.0], "repeats"),
        ([120.0, 300.0, 600.0], [400.0, 320.0], "has 3 values"),
    ],
)
def test_two_parameter_fit_refuses_unsupported_data(
    durations_s: list[float], power_w: list[float], fragment: str
) -> None:
    with pytest.raises(DataError, match=fragment):
        fit_cp_2_parameter(durations_s, power_w)


def test_three_parameter_fit_refuses_when_p_max_is_not_identifiable() -> None:
    # Hyperbolic data between 2 and 20 min carry no information about a finite Pmax.
    window = (DURATIONS_S >= 120) & (DURATIONS_S <= 1200)
    with pytest.raises(DataError, match="Pmax"):
        fit_cp_3_parameter(DURATIONS_S[window], two_parameter_curve()[window])


def test_three_parameter_fit_needs_four_durations() -> None:
    with pytest.raises(DataError, match="at least 4"):
        fit_cp_3_parameter([30.0, 180.0, 600.0], [600.0, 360.0, 283.0])
